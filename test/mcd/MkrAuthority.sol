// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title MkrAuthority: the DSAuthority of the MKR token (mainnet behaviour)
/// @notice The root may do anything; anyone may call `burn(uint256)` and `burn(address,uint256)`
///         (the token still enforces allowances); wards may call `mint(address,uint256)`.
///         Only the root relies/denies. Failures revert without a reason string, as on mainnet.
contract MkrAuthority {
    /// @notice The root: may call anything on the token, and manages wards
    address public root;
    /// @notice 1 if the address may mint MKR
    mapping(address => uint256) public wards;

    event LogSetRoot(address indexed newRoot);
    event LogRely(address indexed usr);
    event LogDeny(address indexed usr);

    bytes4 internal constant BURN = bytes4(keccak256("burn(uint256)"));
    bytes4 internal constant BURN_FROM = bytes4(keccak256("burn(address,uint256)"));
    bytes4 internal constant MINT = bytes4(keccak256("mint(address,uint256)"));

    modifier sudo() {
        require(msg.sender == root);
        _;
    }

    constructor() {
        root = msg.sender;
    }

    /// @notice Hand the root to `usr` (root only)
    function setRoot(address usr) external sudo {
        root = usr;
        emit LogSetRoot(usr);
    }

    /// @notice Allow `usr` to mint (root only)
    function rely(address usr) external sudo {
        wards[usr] = 1;
        emit LogRely(usr);
    }

    /// @notice Stop `usr` from minting (root only)
    function deny(address usr) external sudo {
        wards[usr] = 0;
        emit LogDeny(usr);
    }

    /// @notice Whether `src` may call `sig` on the token (the token address is not consulted)
    function canCall(address src, address, bytes4 sig) external view returns (bool) {
        if (sig == BURN || sig == BURN_FROM || src == root) return true;
        if (sig == MINT) return wards[src] == 1;
        return false;
    }
}
