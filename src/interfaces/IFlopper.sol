// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @notice Maker's debt auction (Flopper, dss 1.0), as far as the syndicate uses it.
/// @dev The DAI bid of an auction is fixed (rad); bidders compete by asking for less MKR (lot, wad).
interface IFlopper {
    /// @notice The record of auction `id`: `bid` rad, `lot` wad MKR, the high bidder `guy`,
    ///         the bid expiry `tic` and the auction end `end` (unix seconds). Deleted by `deal`/`yank`.
    function bids(uint256 id)
        external
        view
        returns (uint256 bid, uint256 lot, address guy, uint48 tic, uint48 end);

    /// @notice Minimum lot decrease, wad (1.03e18 = a new lot at most 1/1.03 of the last).
    function beg() external view returns (uint256);

    /// @notice Life of a bid, seconds.
    function ttl() external view returns (uint48);

    /// @notice 1 until `cage` (global settlement).
    function live() external view returns (uint256);

    function vat() external view returns (address);
    function gem() external view returns (address);

    /// @notice Takes the fixed `bid` (rad) for a smaller `lot` (wad); repays the previous bidder in the Vat.
    function dent(uint256 id, uint256 lot, uint256 bid) external;

    /// @notice Mints the lot to the winner once the bid or the auction has expired; deletes the record.
    function deal(uint256 id) external;

    /// @notice After `cage`, repays the high bidder's DAI through `vat.suck`; deletes the record.
    function yank(uint256 id) external;
}
