// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @notice Maker's DAI token: ERC20 plus its own (pre-EIP-2612) permit. Amounts are wad.
interface IDai {
    function balanceOf(address usr) external view returns (uint256);
    function transfer(address dst, uint256 wad) external returns (bool);
    function transferFrom(address src, address dst, uint256 wad) external returns (bool);
    function approve(address usr, uint256 wad) external returns (bool);
    function nonces(address holder) external view returns (uint256);

    /// @notice Sets `spender`'s allowance over `holder`'s DAI to max (`allowed`) or 0, by signature.
    /// @param expiry Unix seconds after which the signature is void; 0 never expires.
    function permit(
        address holder,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;
}
