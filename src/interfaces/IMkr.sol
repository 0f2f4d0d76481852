// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @notice The part of the MKR token (DSToken) the syndicate calls. Amounts are wad.
/// @dev MKR's `name()` and `symbol()` return bytes32, so the syndicate never calls them.
interface IMkr {
    function balanceOf(address usr) external view returns (uint256);
    function transfer(address dst, uint256 wad) external returns (bool);
}
