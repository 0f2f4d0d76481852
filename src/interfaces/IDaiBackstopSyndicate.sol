// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDai} from "./IDai.sol";
import {IDaiJoin} from "./IDaiJoin.sol";
import {IFlopper} from "./IFlopper.sol";
import {IMkr} from "./IMkr.sol";
import {IVat} from "./IVat.sol";

/// @title Dai Backstop Syndicate
/// @notice Pools DAI from anyone and bids it, as one buyer of last resort, in Maker's debt (flop)
///         auctions at no more than a fixed limit price per MKR. MKR won is shared pro rata among the
///         holders of the moment it is won; DAI from lost bids comes back to the pool.
///         Rounds (docs/design/01-fair-rounds.md): a round is open while any position is open. While
///         none is, `enlist` and `defect` are instant. While one is, joining and leaving are requests
///         (`requestEnlist`, `requestDefect`) that execute together when the round closes, inside the
///         `finalize` that empties the queue, at the value after the round; each holder collects their
///         part with `claim`. So the shares that share a position's outcome are exactly those that
///         existed when the pool bid. MKR leaves the share price: it is credited per share when won
///         (`claimableMkr`, `claimMkr`), so deposits stay open after a win.
/// @dev Units, everywhere in this interface, its events and its errors, carried in the names:
///      - `...Wad`: a token amount or a price in wad (1e18): DAI and MKR amounts, prices in DAI per MKR;
///      - `...Rad`: Vat DAI in rad (1e45);
///      - `shares`: the pool's ERC20 shares, 18 decimals (1e18 is one share);
///      - `...PerShareRay`: an amount per share in ray (MKR wei per wei of shares, times 1e27);
///      - `id`: a Flopper auction id; `round`: a round number (from 1); times are unix seconds.
///      The pool's limit is `limitWad` everywhere; the price a bid implies, `bidRad / lotWad` rounded up, is
///      `priceWad` everywhere.
///      This interface is what `DaiBackstopSyndicate`'s own code implements: every state-changing
///      function, the share token, and the types, events and errors. Round requests, claims and the views
///      are in `ISyndicate`, which extends this one; their code is `SyndicateExtension`, run by delegatecall
/// from the syndicate's fallback. Call a syndicate through `ISyndicate`.
interface IDaiBackstopSyndicate {
    /// @notice One bid of the pool, open until `finalize`.
    /// @param lockedDaiWad DAI taken from the liquid book for the bid, wad: the bid rounded up to a
    ///        whole nano-DAI (1e9 wei).
    /// @param lotWad MKR the pool asked for, wad.
    /// @param settleAt When the bid expires if nobody outbids it: `min(tic, end)` at entry, unix s.
    /// @param prev The open position settling just before this one (0: none).
    /// @param next The open position settling just after this one (0: none).
    struct Position {
        uint128 lockedDaiWad;
        uint128 lotWad;
        uint64 settleAt;
        uint64 prev;
        uint64 next;
    }

    /// @notice A snapshot of the pool for UIs and keepers (`status()`).
    /// @param halted The owner halted new deposits and bids, for good.
    /// @param evidencePooled See `evidencePooled()`.
    /// @param flopperLive True until global settlement cages the Flopper.
    /// @param daiJoinLive The DaiJoin is live; once caged, exits pay Vat DAI.
    /// @param daiBookWad Liquid DAI, wad.
    /// @param lockedBookWad DAI in open bids, wad.
    /// @param mkrBookWad Won (and released) MKR not yet paid out, wad: what holders can claim, plus
    ///        rounding dust.
    /// @param totalShares Shares outstanding, those locked by exit requests and those minted for
    ///        executed deposit requests and not yet claimed included.
    /// @param openPositions Number of open positions.
    /// @param settlementDue The id of a position that can be finalized now, or 0.
    /// @param round The current round (see `round()`).
    /// @param roundOpen A position is open: `enlist` and `defect` wait for the round to close.
    /// @param closeBy While requests are pending, the time by which every position of the round is due
    ///        (0: no request yet).
    struct Status {
        bool halted;
        bool evidencePooled;
        bool flopperLive;
        bool daiJoinLive;
        uint256 daiBookWad;
        uint256 lockedBookWad;
        uint256 mkrBookWad;
        uint256 totalShares;
        uint256 openPositions;
        uint256 settlementDue;
        uint256 round;
        bool roundOpen;
        uint256 closeBy;
    }

    /// @notice The current round (`round()`).
    /// @param id The round's number, from 1. Requests made now belong to it.
    /// @param open A position is open; the round closes in the `finalize` that empties the queue.
    /// @param closeBy The first request's time plus `min(flopper.ttl(), flopper.tau())`: `enterAuction`
    ///        refuses a position settling after it (0: no request yet).
    /// @param enlistDaiWad DAI asked in by the round's deposit requests, wad.
    /// @param defectShares Shares asked back by the round's exit requests (locked, still in the supply).
    struct Round {
        uint256 id;
        bool open;
        uint256 closeBy;
        uint256 enlistDaiWad;
        uint256 defectShares;
    }

    /// @notice A holder's requests (`pending(holder)`): at most one deposit and one exit request, both of
    ///         the same round.
    /// @param round The round they belong to (0: none).
    /// @param enlistDaiWad DAI of the deposit request, wad.
    /// @param defectShares Shares of the exit request (locked in the pool).
    /// @param executed The round has closed: `claim` pays out now.
    /// @param sharesOut If executed, the shares `claim` transfers for the deposit.
    /// @param daiOutWad If executed, the DAI `claim` pays for the exit (and for a deposit the round could
    ///        not price, returned), wad.
    /// @param mkrWad MKR `claim` pays: everything `claimableMkr(holder)` shows, wad.
    struct Pending {
        uint256 round;
        uint256 enlistDaiWad;
        uint256 defectShares;
        bool executed;
        uint256 sharesOut;
        uint256 daiOutWad;
        uint256 mkrWad;
    }

    /// @notice DAI and MKR that `skim` found outside the books, being released to holders (`release()`).
    /// @param daiWad DAI still to release into the liquid book, wad.
    /// @param mkrWad MKR still to release into the per-share accumulator, wad.
    /// @param last The last time the release was brought up to date, unix s.
    /// @param end When the rest is released, if no round opens before, unix s.
    struct Release {
        uint256 daiWad;
        uint256 mkrWad;
        uint256 last;
        uint256 end;
    }

    /// @notice What the pool would bid in an auction now (`quote`).
    /// @param bidRad The auction's fixed bid, rad.
    /// @param bidDaiWad DAI the position would lock: the bid rounded up to a whole nano-DAI, wad.
    /// @param openBidDaiWad The lock every open position carries, wad (0: none open).
    /// @param availableWad Liquid DAI for the bid, wad, counting the refund of a replaced position.
    /// @param lotWad MKR the pool would ask for, wad.
    /// @param priceWad The implied price, `bidRad / lotWad` rounded up, wad DAI per MKR.
    /// @param settleAt When the new bid would expire if nobody outbids it, unix s.
    /// @param replaces The pool holds an outbid position in this auction, closed (its refund booked) first.
    struct Quote {
        uint256 bidRad;
        uint256 bidDaiWad;
        uint256 openBidDaiWad;
        uint256 availableWad;
        uint256 lotWad;
        uint256 priceWad;
        uint256 settleAt;
        bool replaces;
    }

    // ---------------------------------------------------------------- events

    /// @notice A deposit.
    /// @param holder Who paid and received the shares.
    /// @param daiWad DAI paid, wad.
    /// @param shares Shares minted.
    event Enlisted(address indexed holder, uint256 daiWad, uint256 shares);

    /// @notice An exit.
    /// @param holder Who burned the shares and was paid.
    /// @param shares Shares burned.
    /// @param daiWad DAI paid, wad.
    /// @param mkrWad MKR paid: all the holder could claim, wad.
    event Defected(address indexed holder, uint256 shares, uint256 daiWad, uint256 mkrWad);

    /// @notice A deposit request: `daiWad` DAI taken now, kept outside the books until the round closes.
    /// @param holder Who paid and will receive the shares.
    /// @param round The round it belongs to.
    /// @param daiWad DAI added to the holder's request, wad.
    event EnlistRequested(address indexed holder, uint256 indexed round, uint256 daiWad);

    /// @notice An exit request: `shares` locked in the pool (still in the supply) until the round closes.
    /// @param holder Who locked the shares and will be paid.
    /// @param round The round it belongs to.
    /// @param shares Shares added to the holder's request.
    event DefectRequested(address indexed holder, uint256 indexed round, uint256 shares);

    /// @notice A deposit request was withdrawn before its round closed; its DAI went back.
    /// @param holder The requester.
    /// @param round The round it belonged to.
    /// @param daiWad DAI returned, wad.
    event EnlistCancelled(address indexed holder, uint256 indexed round, uint256 daiWad);

    /// @notice An exit request was withdrawn before its round closed; its shares went back.
    /// @param holder The requester.
    /// @param round The round it belonged to.
    /// @param shares Shares returned.
    event DefectCancelled(address indexed holder, uint256 indexed round, uint256 shares);

    /// @notice A round closed and its requests executed at once: the exits first, at `navDaiWad /
    /// totalShares` DAI per share (rounded down), then the deposits at the value of the shares that stay,
    ///         `(navDaiWad - paidDaiWad) / (totalShares - defectShares)` (shares rounded down), or at one
    ///         share per DAI if those shares were written off (`SharesWrittenOff`, emitted just before).
    /// @param round The round.
    /// @param enlistDaiWad DAI of its deposit requests, wad.
    /// @param mintedShares Shares minted for them (0 if the round could not price them: their DAI is
    ///        returned by `claim`).
    /// @param defectShares Shares of its exit requests, burned.
    /// @param paidDaiWad DAI set aside for them, wad.
    /// @param navDaiWad The liquid book after the round's last settlement, the price's numerator, wad.
    /// @param totalShares The supply at that moment, the price's denominator.
    event RoundClosed(
        uint256 indexed round,
        uint256 enlistDaiWad,
        uint256 mintedShares,
        uint256 defectShares,
        uint256 paidDaiWad,
        uint256 navDaiWad,
        uint256 totalShares
    );

    /// @notice A holder's executed requests were paid out.
    /// @param holder The requester (paid, whoever called `claim`).
    /// @param round The closed round of the requests.
    /// @param shares Shares transferred for the deposit request.
    /// @param daiWad DAI paid for the exit request (or a returned deposit), wad.
    /// @param mkrWad MKR paid, wad.
    event Claimed(
        address indexed holder, uint256 indexed round, uint256 shares, uint256 daiWad, uint256 mkrWad
    );

    /// @notice MKR paid to a holder by `claimMkr`.
    /// @param holder The holder.
    /// @param mkrWad MKR paid, wad.
    event MkrClaimed(address indexed holder, uint256 mkrWad);

    /// @notice The pool bid in a debt auction.
    /// @param id The Flopper auction id.
    /// @param lotWad MKR asked, wad.
    /// @param bidDaiWad DAI locked for the bid: the Flopper's bid rounded up to a nano-DAI, wad.
    /// @param priceWad The implied price, `bidRad / lotWad` rounded up, wad DAI per MKR.
    event AuctionEntered(uint256 indexed id, uint256 lotWad, uint256 bidDaiWad, uint256 priceWad);

    /// @notice A position closed.
    /// @param id The Flopper auction id.
    /// @param won True if the pool paid `daiWad` DAI for `lotWad` MKR, now in the MKR book and credited
    ///        to the round's shares (`mkrPerShareRay`).
    /// @param lotWad MKR the position asked for, wad.
    /// @param daiWad If won, the DAI paid; otherwise the DAI that came back to the liquid book: the whole
    ///        bid, except when a refund inferred from a deleted record is held back for other open bids
    ///        (see `finalize`). Wad.
    event AuctionFinalized(uint256 indexed id, bool won, uint256 lotWad, uint256 daiWad);

    /// @notice The shares of share epoch `epoch` were written off when a deposit needed a price: they owned
    ///         less than 1 DAI in all, every other DAI having gone into MKR credited to them. Holders keep
    ///         that MKR; the dust stays for the next shares; epoch `epoch + 1` starts with no shares.
    /// @param epoch The epoch that ended.
    /// @param shares Shares written off (the supply at that moment).
    /// @param dustDaiWad The DAI left in the book, wad (below 1 DAI), now the next shares'.
    event SharesWrittenOff(uint256 indexed epoch, uint256 shares, uint256 dustDaiWad);

    /// @notice The owner closed the pool to new deposits and new bids, for good.
    event Halted();

    /// @notice DAI and MKR sent to the pool outside its books are released to holders linearly until
    ///         `releaseEnd` (one day, paused while a round is open), together with what was still being
    ///         released.
    /// @param daiWad DAI found, wad.
    /// @param mkrWad MKR found, wad.
    /// @param releaseEnd When the release ends if no round opens before, unix s.
    event Skimmed(uint256 daiWad, uint256 mkrWad, uint256 releaseEnd);

    /// @notice Ownership was offered; the new owner must `acceptOwnership`.
    /// @param previousOwner The current owner.
    /// @param newOwner The proposed owner.
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);

    /// @notice Ownership moved.
    /// @param previousOwner The old owner (0 at construction).
    /// @param newOwner The new owner (0: renounced).
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ---------------------------------------------------------------- errors

    /// @notice The owner halted the pool: no new deposits or bids. Exits still work (`defect`).
    error PoolHalted();
    /// @notice A position is open: deposits and exits are requests until the round closes
    ///         (`requestEnlist`, `requestDefect`). Every position of the round is due by `closeBy`
    ///         (0: no request yet, so no deadline).
    error RoundOpen(uint256 closeBy);
    /// @notice No position is open, so there is no round to join: use `enlist` or `defect`.
    error NoRoundOpen();
    /// @notice Requests are pending and every position must be due by `closeBy`; a bid now would settle
    ///         at `settleAt`, after it.
    error RoundClosing(uint256 closeBy, uint256 settleAt);
    /// @notice `holder` has no request of that kind (or none at all, for `claim`).
    error NoRequest(address holder);
    /// @notice The request's round `round` has closed: it executed, so it can no longer be cancelled;
    ///         `claim` it.
    error RequestLocked(uint256 round);
    /// @notice The request's round `round` is still open: nothing to claim yet.
    error RequestPending(uint256 round);
    /// @notice `holder` has no MKR to claim.
    error NothingToClaim(address holder);
    /// @notice Shares sent to the pool itself (its balance is the escrow of requests): use `requestDefect`
    ///         or `defect` to leave.
    error SharesToPool();
    /// @notice `totalShares` shares exist but own less than 1 DAI (every other DAI was spent on MKR already
    ///         credited), and they cannot be written off: the 255 share epochs are used up. A deposit
    ///         cannot be priced.
    error SharesWithoutDai(uint256 totalShares);
    /// @notice The per-share MKR accumulator, at `mkrPerShareRay`, could not take the lots of every open
    ///         position and the new one (each `lotWad * 1e27 / totalSupply`) without passing 2^120 - 1.
    error MkrPerShareFull(uint256 mkrPerShareRay);
    /// @notice At most `maxDaiWad` more DAI fits in the pool's books (2^96 - 1 wei in all).
    error DepositTooLarge(uint256 maxDaiWad);
    /// @notice Only `availableWad` DAI is liquid; see `maxDefect`, or wait for positions to settle.
    error InsufficientLiquidity(uint256 availableWad);
    /// @notice The bid would pay `priceWad` DAI per MKR, above this pool's `limitWad`.
    error PriceAboveLimit(uint256 priceWad, uint256 limitWad);
    /// @notice Maker's Flopper is caged (global settlement): no new bids.
    error FlopperNotLive();
    /// @notice Auction `id` has no bidder: it was never kicked, or was already dealt or yanked.
    error AuctionNotFound(uint256 id);
    /// @notice Auction `id` has finished; it can only be dealt (or ticked, if nobody bid) now.
    error AuctionFinished(uint256 id);
    /// @notice Auction `id` asks a bid of `bidRad`, outside what a position can hold: at least 1 DAI
    ///         (1e45 rad) and at most 2^64 - 1 nano-DAI.
    error BidOutOfRange(uint256 id, uint256 bidRad);
    /// @notice Auction `id` offers `lotWad` MKR, outside what a position can hold: at least 1 wei and
    ///         below 2^96 wei.
    error LotOutOfRange(uint256 id, uint256 lotWad);
    /// @notice A bid in auction `id` now would settle (or its Flopper `tic` would fall) at `settleAt`,
    ///         beyond the times a position can hold (2^32 - 1 for the settle time, 2^48 - 1 for `tic`).
    error SettleTimeOutOfRange(uint256 id, uint256 settleAt);
    /// @notice The MKR book holds `mkrBookWad`: it could not take the lots of every open position and a
    ///         new one without passing 2^128 - 1 wei. Enter once MKR is paid out.
    error MkrBookFull(uint256 mkrBookWad);
    /// @notice The auction's bid locks `bidDaiWad` but the open positions lock `openBidDaiWad` each (both
    ///         nano-rounded): the pool holds one bid size at a time. Enter once the open positions settle.
    error BidMismatch(uint256 bidDaiWad, uint256 openBidDaiWad);
    /// @notice The pool already holds the best bid in auction `id`.
    error AlreadyHighBidder(uint256 id);
    /// @notice The pool's bid in auction `id` stands until `settleAt`; it cannot be settled before.
    error AuctionStillRunning(uint256 id, uint256 settleAt);
    /// @notice The pool has no open position in auction `id`.
    error NoPosition(uint256 id);
    /// @notice Auction ids above 2^32 - 1 are not supported (the Flopper counts auctions from 1).
    error AuctionIdTooLarge(uint256 id);
    /// @notice The new position settles at `settleAt`, before the last open one: use
    ///         `enterAuctionAfter(id, insertionPoint(settleAt))`.
    error InsertionHintRequired(uint256 settleAt);
    /// @notice `prevId` is not where a position settling at `settleAt` belongs in the queue.
    error BadInsertionHint(uint256 prevId, uint256 settleAt);
    /// @notice The amount is zero.
    error ZeroAmount();
    /// @notice Depositing `daiWad` would mint no share; deposit more.
    error ZeroShares(uint256 daiWad);
    /// @notice Burning `shares` would pay no DAI and no MKR; burn more.
    error ZeroPayout(uint256 shares);
    /// @notice The caller holds `balance` shares, fewer than `shares`.
    error InsufficientShares(uint256 balance, uint256 shares);
    /// @notice `skim` runs only while no position is open; position `id` is.
    error PositionsOpen(uint256 id);
    /// @notice `skim` and `enterAuction` need at least 1 share (1e18) outstanding (to release value
    ///         into; to keep the MKR credited per share within bounds); `totalShares` exist.
    error TooFewShares(uint256 totalShares);
    /// @notice There is nothing outside the books to fold in.
    error NothingToSkim();
    /// @notice Only the owner may call this; `caller` is not.
    error NotOwner(address caller);
    /// @notice Only the pending owner may accept ownership; `caller` is not.
    error NotPendingOwner(address caller);
    /// @notice A constructor argument is the zero address, or the Maker contracts do not match.
    error BadMakerAddresses();
    /// @notice The limit `limitWad` must be between 1e9 and 1e30 (wad DAI per MKR).
    error LimitOutOfRange(uint256 limitWad);

    // ---------------------------------------------------------------- contributors

    /// @notice Deposits `daiWad` DAI of the caller (who must have approved the pool) and mints shares
    ///         priced at cost: `daiWad * totalSupply / daiBook`, rounded down (1:1 for the first deposit).
    ///         Only while no position is open; otherwise use `requestEnlist`. Won MKR is not in the price:
    ///         a newcomer neither receives nor pays for MKR won before they joined. If the shares
    ///         outstanding own less than 1 DAI in all, they are written off first (`SharesWrittenOff`,
    ///         `shareEpoch`) and the deposit gets one share per DAI.
    /// @dev Reverts `PoolHalted`, `RoundOpen(closeBy)`, `ZeroAmount`, `DepositTooLarge(maxDaiWad)`,
    ///      `SharesWithoutDai(totalShares)`, `ZeroShares(daiWad)`; and as DAI's `transferFrom` does.
    /// @param daiWad DAI to deposit, wad.
    /// @return shares Shares minted.
    function enlist(uint256 daiWad) external returns (uint256 shares);

    /// @notice `enlist` after DAI's own permit (holder = caller, spender = this pool, allowed = true),
    ///         so a contributor joins in one transaction. A permit already used (front-run) is ignored.
    /// @dev DAI's permit is not EIP-2612: its typed data is (holder, spender, nonce, expiry, allowed).
    ///      Reverts as `enlist` does.
    /// @param daiWad DAI to deposit, wad.
    /// @param nonce The caller's DAI permit nonce (`dai.nonces(caller)`).
    /// @param expiry Unix seconds after which the signature is void; 0 never expires.
    /// @param v Signature recovery byte.
    /// @param r Signature `r`.
    /// @param s Signature `s`.
    /// @return shares Shares minted.
    function enlistWithPermit(
        uint256 daiWad,
        uint256 nonce,
        uint256 expiry,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 shares);

    /// @notice Burns `shares` of the caller and pays their pro-rata part of `daiBook` in DAI (rounded
    ///         down), and all the MKR the caller can claim (`claimableMkr`). Only while no position is
    ///         open; otherwise use `requestDefect`. Never blocked by a halt. DAI is paid as ERC20, or as
    ///         Vat DAI once global settlement caged the DaiJoin.
    /// @dev Reverts `RoundOpen(closeBy)`, `InsufficientShares(balance, shares)`, `ZeroPayout(shares)`.
    /// @param shares Shares to burn.
    /// @return daiWad DAI paid, wad.
    /// @return mkrWad MKR paid, wad.
    function defect(uint256 shares) external returns (uint256 daiWad, uint256 mkrWad);

    /// @notice Pays the caller the MKR credited to their shares (`claimableMkr`, without requests of closed
    ///         rounds: `claim` pays those). Works at any time, during rounds and after a halt.
    /// @dev Reverts `NothingToClaim(holder)`.
    /// @return mkrWad MKR paid, wad.
    function claimMkr() external returns (uint256 mkrWad);

    // ---------------------------------------------------------------- keepers

    /// @notice Bids the pool in debt auction `id`: asks for the largest lot the auction accepts,
    ///         `floor(lot * 1e18 / beg)` (one wei less than the lot when `beg <= 1e18`), if the implied
    ///         price is at most `limitWad`. Anyone may call it. `canEnter(id)` says whether it would.
    /// @dev The new position is queued by settle time; if it settles before the last open one this
    ///      reverts `InsertionHintRequired`: call `enterAuctionAfter`. All open positions carry the same
    ///      bid, which keeps third-party settlement from over-booking. Every position it creates can later
    ///      be settled by `finalize`: bids, lots and times outside what the books can hold are refused.
    ///      Reverts, in this order: `PoolHalted`, `FlopperNotLive`, `AuctionIdTooLarge(id)`,
    ///      `AuctionNotFound(id)`, `AlreadyHighBidder(id)`, `AuctionFinished(id)`,
    ///      `BidOutOfRange(id, bidRad)`, `LotOutOfRange(id, lotWad)`, `SettleTimeOutOfRange(id, settleAt)`,
    ///      `RoundClosing(closeBy, settleAt)`, `PriceAboveLimit(priceWad, limitWad)`,
    ///      `BidMismatch(bidDaiWad, openBidDaiWad)`, `InsufficientLiquidity(availableWad)`,
    ///      `MkrBookFull(mkrBookWad)`, `TooFewShares(totalShares)`, `MkrPerShareFull(mkrPerShareRay)`,
    ///      `InsertionHintRequired(settleAt)`. The first position opens a round.
    /// @param id The Flopper auction id.
    function enterAuction(uint256 id) external;

    /// @notice `enterAuction` with the queue position given: `prevId` is the open position that settles
    ///         just before the new one (0 for the front); `insertionPoint` computes it.
    /// @dev Reverts as `enterAuction` does, and `BadInsertionHint(prevId, settleAt)` if `prevId` is not
    ///      where the position belongs.
    /// @param id The Flopper auction id.
    /// @param prevId The open position to insert after (0: the front; `id` itself on re-entry: where
    ///        the replaced position was).
    function enterAuctionAfter(uint256 id, uint256 prevId) external;

    /// @notice Settles position `id` whatever happened: deals a won auction (or books MKR someone else
    ///         dealt to the pool), books the refund of an outbid or yanked bid, yanks after a cage.
    ///         Anyone may call it; a due position can always be finalized from one second after its
    ///         `settleAt` on (except for the Maker-side freezes the README names).
    /// @dev Reverts `NoPosition(id)`, `AuctionStillRunning(id, settleAt)` while the pool's bid stands.
    ///      When someone else deleted the auction's record, the outcome is inferred: won if the bid expired
    ///      and the MKR outside the books covers the lot, refunded otherwise. Once such an inferred win was
    ///      booked while other positions stayed open (`evidencePooled`), an inferred refund is booked only
    ///      from Vat DAI beyond the other open bids; what it leaves out waits for `skim`. Keepers who
    ///      finalize each position as soon as it is outbid or can be dealt never meet that case.
    ///      A won lot is credited to the shares of the moment (`mkrPerShareRay += lotWad * 1e27 /
    ///      totalSupply`; the supply is the round's, frozen). The `finalize` that empties the queue closes
    ///      the round (`RoundClosed`) if requests were made, in O(1). Never reverts for the round's sake.
    /// @param id The Flopper auction id of the position.
    /// @return won True if the position ended in MKR for the pool.
    function finalize(uint256 id) external returns (bool won);

    /// @notice Finds DAI and MKR sent to the pool outside its books and releases them to holders
    ///         linearly over one day (DAI into the liquid book, MKR into the per-share accumulator), so a
    ///         deposit made just before `skim` gets only what is released while it stays. The release
    ///         pauses while a round is open or fewer than 1 share exists. Only while no position is open
    ///         and at least 1 share exists. MKR is taken up to 2^96 - 1 wei per call.
    /// @dev Reverts `PositionsOpen(id)`, `TooFewShares(totalShares)`, `NothingToSkim`,
    ///      `DepositTooLarge(maxDaiWad)`.
    /// @return daiWad DAI found, wad.
    /// @return mkrWad MKR found, wad.
    function skim() external returns (uint256 daiWad, uint256 mkrWad);

    // ---------------------------------------------------------------- owner

    /// @notice Closes the pool to new deposits and new bids, for good. Exits and settlement go on.
    /// @dev Reverts `NotOwner(caller)`. A second call does nothing.
    function halt() external;

    /// @notice Offers ownership to `newOwner` (0 cancels an offer); it takes effect on `acceptOwnership`.
    /// @dev Reverts `NotOwner(caller)`.
    /// @param newOwner The proposed owner.
    function transferOwnership(address newOwner) external;

    /// @notice The pending owner takes ownership.
    /// @dev Reverts `NotPendingOwner(caller)`.
    function acceptOwnership() external;

    /// @notice The owner gives ownership up for good: nobody can halt the pool any more.
    /// @dev Reverts `NotOwner(caller)`.
    function renounceOwnership() external;

    // ---------------------------------------------------------------- views

    /// @notice The pool's limit: the most it pays per MKR, wad DAI per MKR (100e18 = 100 DAI/MKR).
    /// @return limitWad The limit, wad DAI per MKR.
    function limitWad() external view returns (uint256);

    /// @notice True once the owner halted new deposits and bids (for good).
    /// @return True if halted.
    function halted() external view returns (bool);

    // ---------------------------------------------------------------- Maker and ownership

    /// @notice Maker's Vat (internal DAI, rad).
    /// @return The Vat.
    function vat() external view returns (IVat);

    /// @notice Maker's DaiJoin (ERC20 DAI to and from the Vat).
    /// @return The DaiJoin.
    function daiJoin() external view returns (IDaiJoin);

    /// @notice Maker's debt auction the pool bids in.
    /// @return The Flopper.
    function flopper() external view returns (IFlopper);

    /// @notice The DAI token the pool takes and pays.
    /// @return DAI.
    function dai() external view returns (IDai);

    /// @notice The MKR token the pool wins and pays out.
    /// @return MKR.
    function mkr() external view returns (IMkr);

    /// @notice The syndicate's second code contract (`SyndicateExtension`: round requests, claims and the
    ///         views of `ISyndicate`), deployed by its constructor and run by delegatecall from its fallback,
    ///         in the syndicate's storage.
    /// @return The extension's address.
    function extension() external view returns (address);

    // ---------------------------------------------------------------- share token (ERC20, EIP-2612)

    /// @notice The share token's name, e.g. "Dai Backstop Syndicate 100".
    /// @return The name.
    function name() external view returns (string memory);

    /// @notice The share token's symbol, e.g. "DBS-100".
    /// @return The symbol.
    function symbol() external view returns (string memory);

    /// @notice 18: one share is 1e18.
    /// @return The decimals.
    function decimals() external view returns (uint8);

    /// @notice Shares outstanding: those locked by exit requests, and those minted for executed deposit
    ///         requests and not yet claimed, included (both held by the pool itself).
    /// @return The supply, shares.
    function totalSupply() external view returns (uint256);

    /// @notice `holder`'s shares (locked and not yet claimed shares are the pool's, see `pending`).
    /// @param holder The holder.
    /// @return The shares.
    function balanceOf(address holder) external view returns (uint256);

    /// @notice Shares `spender` may move for `holder`.
    /// @param holder The holder.
    /// @param spender The spender.
    /// @return The allowance, shares.
    function allowance(address holder, address spender) external view returns (uint256);

    /// @notice ERC20 approve.
    /// @param spender The spender.
    /// @param amount Shares.
    /// @return True.
    function approve(address spender, uint256 amount) external returns (bool);

    /// @notice ERC20 transfer; the MKR the shares earned so far stays with the sender.
    /// @param to The receiver.
    /// @param amount Shares to move.
    /// @return True (reverts otherwise).
    function transfer(address to, uint256 amount) external returns (bool);

    /// @notice ERC20 transferFrom; the MKR the shares earned so far stays with `from`.
    /// @param from The holder, who approved the caller.
    /// @param to The receiver.
    /// @param amount Shares to move.
    /// @return True (reverts otherwise).
    function transferFrom(address from, address to, uint256 amount) external returns (bool);

    /// @notice EIP-2612 nonce of `holder`.
    /// @param holder The holder.
    /// @return The nonce.
    function nonces(address holder) external view returns (uint256);

    /// @notice EIP-2612 permit: sets `spender`'s allowance from `holder`'s signature.
    /// @param holder The holder who signed.
    /// @param spender The spender.
    /// @param value Shares.
    /// @param deadline Last valid time, unix s.
    /// @param v Signature.
    /// @param r Signature.
    /// @param s Signature.
    function permit(
        address holder,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice EIP-712 domain separator of the share token.
    /// @return The separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32);
}
