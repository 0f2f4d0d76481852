// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title The MKR token (DSToken), as far as the syndicate uses it
/// @notice Amounts are wad (1e18).
/// @dev MKR's `name()` and `symbol()` return bytes32, so the syndicate never calls them.
interface IMkr {
    /// @notice MKR held by `usr`.
    /// @param usr The holder.
    /// @return The balance, wad.
    function balanceOf(address usr) external view returns (uint256);

    /// @notice Sends `wad` MKR of the caller to `dst`.
    /// @param dst The recipient.
    /// @param wad The amount, wad.
    /// @return Always true (DSToken reverts on failure, including while stopped).
    function transfer(address dst, uint256 wad) external returns (bool);
}
