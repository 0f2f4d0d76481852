// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Maker's debt auction (Flopper, dss 1.0), as far as the syndicate uses it
/// @notice The DAI bid of an auction is fixed (rad); bidders compete by asking for less MKR (lot, wad).
interface IFlopper {
    /// @notice The record of auction `id`, deleted by `deal` and `yank`.
    /// @param id The auction id (the Flopper counts from 1).
    /// @return bid The fixed bid, rad.
    /// @return lot MKR on offer to the high bidder, wad.
    /// @return guy The high bidder (the Vow until the first dent; 0 once deleted).
    /// @return tic When the high bid expires, unix s (0 before the first dent).
    /// @return end When the auction ends, unix s.
    function bids(uint256 id)
        external
        view
        returns (uint256 bid, uint256 lot, address guy, uint48 tic, uint48 end);

    /// @notice Minimum lot decrease, wad (1.03e18 = a new lot at most 1/1.03 of the last).
    /// @return The factor, wad.
    function beg() external view returns (uint256);

    /// @notice Life of a bid.
    /// @return Seconds.
    function ttl() external view returns (uint48);

    /// @notice Life of an auction: `kick` and `tick` set `end` this far ahead.
    /// @return Seconds.
    function tau() external view returns (uint48);

    /// @notice 1 until `cage` (global settlement).
    /// @return 1 if live, 0 if caged.
    function live() external view returns (uint256);

    /// @notice The Vat the bids are paid in.
    /// @return The Vat's address.
    function vat() external view returns (address);

    /// @notice The token minted to winners (MKR).
    /// @return The token's address.
    function gem() external view returns (address);

    /// @notice Takes the fixed `bid` for a smaller `lot`; repays the previous bidder in the Vat.
    /// @param id The auction id.
    /// @param lot MKR asked, wad: below the current lot by at least `beg`.
    /// @param bid The auction's fixed bid, rad.
    function dent(uint256 id, uint256 lot, uint256 bid) external;

    /// @notice Mints the lot to the winner once the bid or the auction has expired; deletes the record.
    /// @param id The auction id.
    function deal(uint256 id) external;

    /// @notice After `cage`, repays the high bidder's DAI through `vat.suck`; deletes the record.
    /// @param id The auction id.
    function yank(uint256 id) external;
}
