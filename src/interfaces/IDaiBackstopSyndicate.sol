// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Dai Backstop Syndicate
/// @notice Pools DAI from anyone and bids it, as one buyer of last resort, in Maker's debt (flop)
///         auctions at no more than a fixed price per MKR. MKR won is shared pro rata; DAI from lost
///         bids comes back to the pool.
/// @dev Units: every DAI and MKR amount in this interface, its events and its errors is a wad
///      (1e18), except where a name ends in `Rad` (1e45). Prices are wad DAI per MKR.
///      Shares are an ERC20 with 18 decimals and EIP-2612 `permit`.
interface IDaiBackstopSyndicate {
    /// @notice One bid of the pool, open until `finalize`.
    /// @param lockedDai DAI taken from the pool's liquid book for the bid, wad (the bid rounded up).
    /// @param lot MKR the pool asked for, wad.
    /// @param settleAt When the bid expires if nobody outbids it: `min(tic, end)` at entry, unix s.
    /// @param prev The open position settling just before this one (0: none).
    /// @param next The open position settling just after this one (0: none).
    struct Position {
        uint128 lockedDai;
        uint128 lot;
        uint64 settleAt;
        uint64 prev;
        uint64 next;
    }

    /// @notice A snapshot for UIs and keepers.
    struct Status {
        bool halted;
        bool evidencePooled;
        bool flopperLive;
        bool daiJoinLive;
        uint256 daiBook;
        uint256 lockedBook;
        uint256 mkrBook;
        uint256 totalShares;
        uint256 openPositions;
        uint256 settlementDue;
    }

    // ---------------------------------------------------------------- events

    /// @notice `owner` received `shares` for `dai` paid by `caller`.
    event Enlisted(address indexed caller, address indexed owner, uint256 dai, uint256 shares);
    /// @notice `owner` burned `shares` and received `dai` and `mkr`.
    event Defected(address indexed owner, uint256 shares, uint256 dai, uint256 mkr);
    /// @notice The pool bid `bidDai` for `lot` MKR in auction `id`, an implied `price` DAI per MKR.
    event AuctionEntered(uint256 indexed id, uint256 lot, uint256 bidDai, uint256 price);
    /// @notice Position `id` closed: `won` booked `lot` MKR for the bid `bidDai`; otherwise `bidDai` came
    ///         back to the pool (booked only as far as the Vat shows it, see `finalize`).
    event AuctionFinalized(uint256 indexed id, bool won, uint256 lot, uint256 bidDai);
    /// @notice The owner closed the pool to new deposits and new bids, for good.
    event Halted();
    /// @notice DAI and MKR sent to the pool outside its books were folded in for current holders.
    event Skimmed(uint256 dai, uint256 mkr);
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ---------------------------------------------------------------- errors

    /// @notice The owner halted the pool: no new deposits or bids. Exits still work (`defect`).
    error PoolHalted();
    /// @notice Position `id` can be settled now; call `finalize(id)` first.
    error SettlementDue(uint256 id);
    /// @notice The pool holds `mkrBook` won MKR, which has no price here; deposits reopen at zero.
    error DepositsClosed(uint256 mkrBook);
    /// @notice Only `available` DAI (wad) is liquid; see `maxDefect` or wait for positions to settle.
    error InsufficientLiquidity(uint256 available);
    /// @notice The bid would pay `price` DAI per MKR, above this pool's `limit` (both wad).
    error PriceAboveLimit(uint256 price, uint256 limit);
    /// @notice Maker's Flopper is caged (global settlement): no new bids.
    error FlopperNotLive();
    /// @notice Auction `id` has no bidder: it was never kicked, or was already dealt or yanked.
    error AuctionNotFound(uint256 id);
    /// @notice Auction `id` has finished; it can only be dealt now.
    error AuctionFinished(uint256 id);
    /// @notice Auction's bid is `bidDai` but the open positions bid `openBidDai` (wad, nano-rounded); the
    ///         pool holds one bid size at a time. Enter once the open positions settle.
    error BidMismatch(uint256 bidDai, uint256 openBidDai);
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
    /// @notice Depositing `dai` would mint no share; deposit more.
    error ZeroShares(uint256 dai);
    /// @notice Burning `shares` would pay no DAI and no MKR; burn more.
    error ZeroPayout(uint256 shares);
    /// @notice The caller holds `balance` shares, fewer than `shares`.
    error InsufficientShares(uint256 balance, uint256 shares);
    /// @notice `skim` runs only while no position is open; position `id` is.
    error PositionsOpen(uint256 id);
    /// @notice `skim` needs at least 1 share (1e18) outstanding to fold value into.
    error TooFewShares(uint256 totalShares);
    /// @notice There is nothing outside the books to fold in.
    error NothingToSkim();
    /// @notice Only the owner may call this.
    error NotOwner(address caller);
    /// @notice Only the pending owner may accept ownership.
    error NotPendingOwner(address caller);
    /// @notice A constructor argument is the zero address, or the Maker contracts do not match.
    error BadMakerAddresses();
    /// @notice The price limit must be between 1e9 and 1e30 wad DAI per MKR.
    error PriceOutOfRange(uint256 price);

    // ---------------------------------------------------------------- contributors

    /// @notice Deposits `daiWad` DAI and mints shares to the caller, priced at cost:
    ///         `daiWad * totalSupply / (daiBook + lockedBook)`, rounded down (1:1 for the first deposit).
    /// @dev Reverts `PoolHalted`, `DepositsClosed`, `SettlementDue`, `ZeroAmount`, `ZeroShares`.
    /// @return shares Shares minted, wad.
    function enlist(uint256 daiWad) external returns (uint256 shares);

    /// @notice `enlist` after DAI's own permit (holder = caller, spender = this pool, allowed = true),
    ///         so a contributor joins in one transaction. A permit already used (front-run) is ignored.
    function enlistWithPermit(
        uint256 daiWad,
        uint256 nonce,
        uint256 expiry,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 shares);

    /// @notice Burns `shares` of the caller and pays their pro-rata part of `daiBook + lockedBook` in DAI
    ///         (out of `daiBook`) and of `mkrBook` in MKR, both rounded down. Never blocked by a halt.
    /// @dev Reverts `SettlementDue`, `InsufficientLiquidity` (see `maxDefect`), `ZeroPayout`.
    /// @return daiWad DAI paid, wad.
    /// @return mkrWad MKR paid, wad.
    function defect(uint256 shares) external returns (uint256 daiWad, uint256 mkrWad);

    // ---------------------------------------------------------------- keepers

    /// @notice Bids the pool in debt auction `id`: asks for the largest lot the auction accepts,
    ///         `floor(lot * 1e18 / beg)`, if the implied price is at most `price`. Anyone may call it.
    /// @dev The new position is queued by settle time; if it settles before the last open one this
    ///      reverts `InsertionHintRequired`: call `enterAuctionAfter`. All open positions carry the same
    ///      bid (`BidMismatch` otherwise), which keeps third-party settlement from over-booking.
    function enterAuction(uint256 id) external;

    /// @notice `enterAuction` with the queue position given: `prevId` is the open position that settles
    ///         just before the new one (0 for the front); `insertionPoint` computes it.
    function enterAuctionAfter(uint256 id, uint256 prevId) external;

    /// @notice Settles position `id` whatever happened: deals a won auction (or books MKR someone else
    ///         dealt to the pool), books the refund of an outbid or yanked bid, yanks after a cage.
    /// @dev Reverts `AuctionStillRunning` while the pool's bid stands. Anyone may call it. When someone
    ///      else deleted the auction's record, the outcome is inferred: won if the bid expired and the
    ///      MKR outside the books covers the lot, refunded otherwise. Once such an inferred win was
    ///      booked while other positions stayed open (`evidencePooled`), an inferred refund is booked
    ///      only from Vat DAI beyond the other open bids; what it leaves out waits for `skim`. Keepers
    ///      who finalize each position as soon as it is outbid or can be dealt never meet that case.
    /// @return won True if the position ended in MKR for the pool.
    function finalize(uint256 id) external returns (bool won);

    /// @notice Folds DAI and MKR sent to the pool outside its books into them, for current holders.
    ///         Only while no position is open and at least 1 share exists. MKR is folded only while the
    ///         pool already holds won MKR (it would otherwise close deposits).
    function skim() external returns (uint256 daiWad, uint256 mkrWad);

    // ---------------------------------------------------------------- owner

    /// @notice Closes the pool to new deposits and new bids, for good. Exits and settlement go on.
    function halt() external;
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function renounceOwnership() external;

    // ---------------------------------------------------------------- views

    /// @notice The pool's books: liquid DAI, DAI in open bids, won MKR (all wad).
    function nav() external view returns (uint256 daiBook, uint256 lockedBook, uint256 mkrBook);
    function previewEnlist(uint256 daiWad) external view returns (uint256 shares);
    function previewDefect(uint256 shares) external view returns (uint256 daiWad, uint256 mkrWad);
    /// @notice The most shares `holder` can `defect` now, given the liquid DAI.
    function maxDefect(address holder) external view returns (uint256 shares);
    function positions(uint256 id) external view returns (Position memory);
    /// @notice Ids of the open positions, earliest settlement first.
    function openPositions() external view returns (uint256[] memory ids);
    /// @notice The id of an open position that must be finalized before entry or exit, or 0.
    function settlementDue() external view returns (uint256 id);
    /// @notice Whether `enterAuction(id)` would bid now, and if not the selector of the error it
    ///         would revert with.
    function canEnter(uint256 id) external view returns (bool ok, bytes4 reason);
    /// @notice The `prevId` for `enterAuctionAfter` of a position settling at `settleAt`.
    function insertionPoint(uint256 settleAt) external view returns (uint256 prevId);
    function status() external view returns (Status memory);
    /// @notice True once the owner halted new deposits and bids (for good).
    function halted() external view returns (bool);
    /// @notice True while an inferred refund is booked only beyond the other open bids (see
    ///         `finalize`): set when a win inferred from a deleted record was booked with other
    ///         positions open, cleared when no position is open.
    function evidencePooled() external view returns (bool);
}
