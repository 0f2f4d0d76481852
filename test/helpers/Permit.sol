// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Permit: the EIP-712 digests permits are signed over, built from their parts
/// @notice Two kinds: DAI's own permit (pre-EIP-2612: holder, spender, nonce, expiry, allowed; an
///         unlimited allowance or none) and the EIP-2612 permit of the syndicate's shares (owner,
///         spender, value, nonce, deadline). Sign a digest with `vm.sign(key, digest)`.
library Permit {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// @dev DAI's permit (`Dai.PERMIT_TYPEHASH`)
    bytes32 internal constant DAI_PERMIT_TYPEHASH =
        keccak256("Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)");
    /// @dev The EIP-2612 permit
    bytes32 internal constant EIP2612_PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    /// @notice An EIP-712 domain separator (name, version, chain id, verifying contract)
    function domainSeparator(
        string memory name,
        string memory version,
        uint256 chainId,
        address verifyingContract
    ) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256(bytes(version)), chainId, verifyingContract
            )
        );
    }

    /// @notice The digest of a DAI permit under `domain`
    function daiDigest(
        bytes32 domain,
        address holder,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed
    ) internal pure returns (bytes32) {
        return _digest(
            domain, keccak256(abi.encode(DAI_PERMIT_TYPEHASH, holder, spender, nonce, expiry, allowed))
        );
    }

    /// @notice The digest of an EIP-2612 permit under `domain`
    function eip2612Digest(
        bytes32 domain,
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal pure returns (bytes32) {
        return _digest(
            domain, keccak256(abi.encode(EIP2612_PERMIT_TYPEHASH, owner, spender, value, nonce, deadline))
        );
    }

    function _digest(bytes32 domain, bytes32 structHash) private pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }
}
