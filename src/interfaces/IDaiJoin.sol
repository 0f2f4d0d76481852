// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @notice The part of Maker's DaiJoin the syndicate calls. Amounts are wad (1e18).
interface IDaiJoin {
    function vat() external view returns (address);
    function dai() external view returns (address);

    /// @notice 1 until global settlement cages the join; `exit` then reverts.
    function live() external view returns (uint256);

    /// @notice Burns `wad` ERC20 DAI of the caller and credits `usr` with `wad * 1e27` rad in the Vat.
    function join(address usr, uint256 wad) external;

    /// @notice Debits the caller `wad * 1e27` rad in the Vat and mints `wad` ERC20 DAI to `usr`.
    function exit(address usr, uint256 wad) external;
}
