// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "./IDaiBackstopSyndicate.sol";

/// @title Dai Backstop Syndicate: the extension's functions
/// @notice Round requests, cancels and claims, and the read-only views for UIs and keepers: the functions of
///         a syndicate whose code is `SyndicateExtension`, run by delegatecall from the syndicate's fallback
///         in the syndicate's storage. Call them on the syndicate, through `ISyndicate`. Types, events,
///         errors and units are `IDaiBackstopSyndicate`'s.
interface ISyndicateExtension {
    // ---------------------------------------------------------------- round requests and claims

    /// @notice While a position is open: takes `daiWad` DAI of the caller now and asks for shares when
    ///         the round closes, priced then at the value after the round (`RoundClosed`). The DAI takes
    ///         no part in the round. A second request in the same round adds to the first; a request of a
    ///         closed round is claimed first. Sets the round's deadline if it is the first request.
    /// @dev Reverts `PoolHalted`, `NoRoundOpen`, `ZeroAmount`, `DepositTooLarge(maxDaiWad)`; and as
    ///      DAI's `transferFrom` does.
    /// @param daiWad DAI to deposit, wad.
    function requestEnlist(uint256 daiWad) external;

    /// @notice While a position is open: locks `shares` of the caller in the pool (they stay in the supply,
    ///         so they carry the round's outcome, MKR included) and asks for their DAI when the round
    ///         closes, at the value after the round. A second request in the same round adds to the first;
    ///         a request of a closed round is claimed first. Sets the round's deadline if it is the first
    ///         request. Never blocked by a halt.
    /// @dev Reverts `NoRoundOpen`, `ZeroAmount`, `InsufficientShares(balance, shares)`.
    /// @param shares Shares to lock.
    function requestDefect(uint256 shares) external;

    /// @notice Withdraws the caller's deposit request before its round closes: the DAI goes back.
    /// @dev Reverts `NoRequest(holder)`, `RequestLocked(round)` (the round closed: `claim` instead).
    /// @return daiWad DAI returned, wad.
    function cancelEnlist() external returns (uint256 daiWad);

    /// @notice Withdraws the caller's exit request before its round closes: the shares come back (with
    ///         the MKR they earned while locked).
    /// @dev Reverts `NoRequest(holder)`, `RequestLocked(round)` (the round closed: `claim` instead).
    /// @return shares Shares returned.
    function cancelDefect() external returns (uint256 shares);

    /// @notice Pays `holder` what their requests of a closed round executed to: the shares of a deposit
    ///         request (DAI back if the round could not price it), the DAI of an exit request, and all the
    ///         MKR they can claim. Anyone may call it for anyone; the payout goes to `holder`. Each holder's
    ///         part is pro rata of the round's totals; the last to claim gets what rounding left.
    /// @dev Reverts `NoRequest(holder)`, `RequestPending(round)`.
    /// @param holder The requester.
    /// @return shares Shares transferred.
    /// @return daiWad DAI paid, wad.
    /// @return mkrWad MKR paid, wad.
    function claim(address holder) external returns (uint256 shares, uint256 daiWad, uint256 mkrWad);

    // ---------------------------------------------------------------- views

    /// @notice The pool's books. DAI of pending requests, DAI set aside for executed exit requests and
    ///         DAI or MKR still being released by `skim` are outside them.
    /// @return daiBookWad Liquid DAI, wad.
    /// @return lockedBookWad DAI in open bids, wad.
    /// @return mkrBookWad Won (and released) MKR not yet paid out, wad.
    function nav() external view returns (uint256 daiBookWad, uint256 lockedBookWad, uint256 mkrBookWad);

    /// @notice Shares `enlist(daiWad)` would mint now (`daiWad * totalSupply / daiBook`, with what `skim`
    ///         has released so far), before its checks: `daiWad` if the shares outstanding would be written
    ///         off (share epochs); 0 if shares exist, the books hold no DAI and the epochs are used up.
    /// @param daiWad DAI to deposit, wad.
    /// @return shares Shares it would mint.
    function previewEnlist(uint256 daiWad) external view returns (uint256 shares);

    /// @notice The DAI `defect(shares)` would pay now (before its checks, with what `skim` has released so
    ///         far); it also pays the caller's `claimableMkr`.
    /// @param shares Shares to burn.
    /// @return daiWad DAI it would pay, wad.
    function previewDefect(uint256 shares) external view returns (uint256 daiWad);

    /// @notice The most shares `holder` can `defect` now: 0 while a round is open, otherwise their
    ///         balance.
    /// @param holder The share holder.
    /// @return shares Shares they can burn now.
    function maxDefect(address holder) external view returns (uint256 shares);

    /// @notice Open position `id` (amounts in wad, times in unix s); all zero if none.
    /// @param id The Flopper auction id.
    /// @return position The position.
    function positions(uint256 id) external view returns (IDaiBackstopSyndicate.Position memory position);

    /// @notice Ids of the open positions, earliest settlement first.
    /// @dev Walks the whole queue: meant for `eth_call`, not for contracts.
    /// @return ids The open positions' auction ids.
    function openPositions() external view returns (uint256[] memory ids);

    /// @notice The id of an open position that can be finalized now (the queue's head, once due), or 0.
    /// @return id The due position's auction id, or 0.
    function settlementDue() external view returns (uint256 id);

    /// @notice The current round (see `Round`).
    /// @return r The round.
    function round() external view returns (IDaiBackstopSyndicate.Round memory r);

    /// @notice `holder`'s requests and what `claim` would pay for them now (see `Pending`).
    /// @param holder The requester.
    /// @return p The requests.
    function pending(address holder) external view returns (IDaiBackstopSyndicate.Pending memory p);

    /// @notice MKR `holder` can collect: credited to their shares, plus, once their round closed, what
    ///         their locked shares earned and what the shares of their deposit request earned since; with
    ///         what `skim` has released so far (what `claimMkr` or `defect` pays now).
    /// @param holder The holder.
    /// @return mkrWad MKR, wad.
    function claimableMkr(address holder) external view returns (uint256 mkrWad);

    /// @notice The MKR credited per share so far, MKR wei per wei of shares, times 1e27.
    /// @return The accumulator, ray.
    function mkrPerShareRay() external view returns (uint256);

    /// @notice DAI and MKR `skim` found that are still being released (see `Release`).
    /// @return r The release.
    function release() external view returns (IDaiBackstopSyndicate.Release memory r);

    /// @notice Whether `enterAuction(id)` would bid now, and if not why.
    /// @param id The Flopper auction id.
    /// @return ok True if `enterAuction(id)` would bid now.
    /// @return refusal Empty if `ok`; otherwise the ABI-encoded custom error `enterAuction(id)` would
    ///         revert with, arguments included (`InsertionHintRequired(settleAt)` when only
    ///         `enterAuctionAfter` would bid); empty with `ok` false if the quote ran out of gas.
    function canEnter(uint256 id) external view returns (bool ok, bytes memory refusal);

    /// @notice The `prevId` for `enterAuctionAfter` of a position settling at `settleAt`.
    /// @dev Walks the queue from its tail: meant for `eth_call`.
    /// @param settleAt The new position's settle time, unix s.
    /// @return prevId The open position to insert after (0: the front).
    function insertionPoint(uint256 settleAt) external view returns (uint256 prevId);

    /// @notice A snapshot of the pool (see `Status`).
    /// @dev Walks the queue to count open positions: meant for `eth_call`, not for contracts.
    /// @return snapshot The snapshot.
    function status() external view returns (IDaiBackstopSyndicate.Status memory snapshot);

    /// @notice True while an inferred refund is booked only beyond the other open bids (see
    ///         `finalize`): set when a win inferred from a deleted record was booked with other
    ///         positions open, cleared when no position is open.
    /// @return True if evidence may be pooled.
    function evidencePooled() external view returns (bool);

    /// @notice What `enterAuction(id)` would bid now, or the error it would revert with (the same checks
    ///         in the same order, except the queue order: see `canEnter`).
    /// @param id The Flopper auction id.
    /// @return q The quote.
    function quote(uint256 id) external view returns (IDaiBackstopSyndicate.Quote memory q);

    /// @notice May halt the pool and hand over ownership; never touches funds (0: renounced).
    /// @return The owner.
    function owner() external view returns (address);

    /// @notice Offered ownership, until they accept it (0: none).
    /// @return The pending owner.
    function pendingOwner() external view returns (address);

    /// @notice The share epoch, from 1. When a deposit needs a price and the shares outstanding own less
    ///         than 1 DAI in all (every other DAI they had went into MKR, credited to them), they are
    ///         written off (`SharesWrittenOff`) and a new epoch starts at one share per DAI; their holders
    ///         keep the MKR they earned (`claimableMkr`, `claimMkr`).
    /// @return The epoch.
    function shareEpoch() external view returns (uint256);
}
