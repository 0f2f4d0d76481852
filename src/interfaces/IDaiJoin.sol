// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Maker's DaiJoin, as far as the syndicate uses it
/// @notice Converts ERC20 DAI (wad) to and from internal Vat DAI (rad).
interface IDaiJoin {
    /// @notice The Vat this join credits.
    /// @return The Vat's address.
    function vat() external view returns (address);

    /// @notice The DAI token this join burns and mints.
    /// @return The token's address.
    function dai() external view returns (address);

    /// @notice 1 until global settlement cages the join; `exit` then reverts.
    /// @return 1 if live, 0 if caged.
    function live() external view returns (uint256);

    /// @notice Burns `wad` ERC20 DAI of the caller and credits `usr` with `wad * 1e27` rad in the Vat.
    /// @param usr Who is credited in the Vat.
    /// @param wad The amount, wad.
    function join(address usr, uint256 wad) external;

    /// @notice Debits the caller `wad * 1e27` rad in the Vat and mints `wad` ERC20 DAI to `usr`.
    /// @param usr Who receives the ERC20 DAI.
    /// @param wad The amount, wad.
    function exit(address usr, uint256 wad) external;
}
