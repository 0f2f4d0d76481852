// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDai} from "./interfaces/IDai.sol";
import {IDaiBackstopSyndicate} from "./interfaces/IDaiBackstopSyndicate.sol";
import {IDaiJoin} from "./interfaces/IDaiJoin.sol";
import {IFlopper} from "./interfaces/IFlopper.sol";
import {IMkr} from "./interfaces/IMkr.sol";
import {IVat} from "./interfaces/IVat.sol";
import {ERC20} from "solady/tokens/ERC20.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";
import {LibString} from "solady/utils/LibString.sol";
import {SafeCastLib} from "solady/utils/SafeCastLib.sol";
import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";

/// @title Dai Backstop Syndicate
/// @notice A pool of DAI that bids, as one buyer of last resort, in Maker's debt auctions at no more
///         than `limitWad` DAI per MKR. See `IDaiBackstopSyndicate` for the rules of each function.
/// @dev Accounting is O(1) and never reads balances to price shares. Three books, all wad:
///      - `daiBook`:    DAI the pool owns outside open bids (held as ERC20, or as Vat DAI after refunds);
///      - `lockedBook`: the DAI of the open positions' bids, each rounded up to a whole nano-DAI;
///      - `mkrBook`:    MKR won and not yet paid out.
///      A share is worth `(daiBook + lockedBook) / totalSupply` DAI plus `mkrBook / totalSupply` MKR.
///      Open positions form a queue sorted by settle time, so "is any position due?" is one read of the
///      head, and entry, exit and settlement cost the same whatever the number of positions or holders.
///      Liveness: every position `enterAuction` creates can be settled by `finalize`. Its bid, lot and
///      times fit their packed fields (checked in `_quote`), and no sum `finalize` adds can overflow:
///      DAI books stay below 2^96 (`enlist` and `skim` refuse more; `finalize` only moves DAI between
///      books), and `mkrBook + (open positions) * 2^96 < 2^128` holds at every entry (`MkrBookFull`), so
///      the MKR book can take every open lot.
contract DaiBackstopSyndicate is ERC20, IDaiBackstopSyndicate {
    using SafeCastLib for uint256;
    using SafeTransferLib for address;

    uint256 internal constant WAD = 1e18;
    uint256 internal constant RAY = 1e27;
    uint256 internal constant RAD = 1e45;
    /// @dev Wei per nano-DAI. A position's DAI is stored in nano-DAI, rounded up, so it fits one slot.
    uint256 internal constant WEI_PER_NANO = 1e9;
    /// @dev Rad per nano-DAI.
    uint256 internal constant RAD_PER_NANO = RAD / WEI_PER_NANO;
    /// @dev A Vat amount per wad (rad / wad) is a ray-scaled price; this many of it make one wad.
    uint256 internal constant RAY_PER_WAD = RAY / WAD;
    /// @dev Limits accepted at construction, wad DAI per MKR.
    uint256 internal constant MIN_LIMIT_WAD = 1e9;
    uint256 internal constant MAX_LIMIT_WAD = 1e30;
    /// @dev The DAI books (`daiBook + lockedBook`, and so `vatBook`) never exceed this, wad.
    uint256 internal constant MAX_DAI_WAD = type(uint96).max;
    /// @dev A bid the pool accepts, rad: at least 1 DAI, and its nano-DAI lock fits 64 bits.
    uint256 internal constant MIN_BID_RAD = RAD;
    uint256 internal constant MAX_BID_RAD = uint256(type(uint64).max) * RAD_PER_NANO;
    /// @dev A lot (the auction's, so also the pool's ask) fits a position's 96 bits.
    uint256 internal constant MAX_LOT_WAD = type(uint96).max;
    /// @dev Bits of a lot: `mkrBook + (open positions) << LOT_BITS` must fit the MKR book's 128 bits.
    uint256 internal constant LOT_BITS = 96;

    /// @notice Maker's Vat (internal DAI, rad).
    IVat public immutable vat;
    /// @notice Maker's DaiJoin (ERC20 DAI to and from the Vat).
    IDaiJoin public immutable daiJoin;
    /// @notice Maker's debt auction the pool bids in.
    IFlopper public immutable flopper;
    /// @notice The DAI token the pool takes and pays.
    IDai public immutable dai;
    /// @notice The MKR token the pool wins and pays out.
    IMkr public immutable mkr;
    /// @inheritdoc IDaiBackstopSyndicate
    uint256 public immutable limitWad;

    bytes32 internal immutable _nameHash;
    string internal _name;
    string internal _symbol;

    /// @dev Slot: liquid DAI, wad | DAI in open bids, wad | first and last open position (auction ids) in
    ///      settle order. `_daiBook + _lockedBook <= MAX_DAI_WAD`.
    uint96 internal _daiBook;
    uint96 internal _lockedBook;
    uint32 internal _head;
    uint32 internal _tail;
    /// @dev Slot: won MKR, wad | the part of `daiBook` held as Vat DAI, wad | flags. The rest of `daiBook`
    ///      is held as ERC20.
    uint128 internal _mkrBook;
    uint96 internal _vatBook;
    uint8 internal _flags;

    /// @dev `_flags`: the owner halted new deposits and bids (for good).
    uint8 internal constant HALTED = 1;
    /// @dev `_flags`: a position whose record someone else deleted was booked as won while other
    ///      positions stayed open, so MKR evidence may be pooled (see `finalize`). Cleared when the
    ///      queue empties.
    uint8 internal constant EVIDENCE_POOLED = 2;
    /// @dev `_flags`: always set, so the slot of the MKR and Vat books is never zero. The first win or
    ///      refund would otherwise pay for writing a zero slot (20,000 gas instead of 2,900).
    uint8 internal constant SLOT_KEPT = 4;

    /// @notice May halt the pool and hand over ownership; never touches funds (0: renounced).
    address public owner;
    /// @notice Offered ownership, until they accept it (0: none).
    address public pendingOwner;

    /// @dev An open position in one storage slot; `positions(id)` shows it in wad.
    struct Packed {
        uint64 lockedNano; // the bid in nano-DAI (1e9 wei), rounded up
        uint96 lot; // MKR asked, wad
        uint32 settleAt; // unix s
        uint32 prev; // auction ids: the Flopper's `kicks` will not reach 2^32
        uint32 next;
    }

    mapping(uint256 id => Packed) internal _positions;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @notice Binds the pool to one set of Maker contracts and one limit, all immutable.
    /// @dev Reverts `BadMakerAddresses` (a zero address, or a DaiJoin or Flopper bound to another Vat,
    ///      DAI or MKR) and `LimitOutOfRange(limitWad)`.
    /// @param vat_ Maker's Vat.
    /// @param daiJoin_ Maker's DaiJoin for `dai_` on `vat_`.
    /// @param flopper_ Maker's Flopper on `vat_`, minting `mkr_`.
    /// @param dai_ The DAI token.
    /// @param mkr_ The MKR token.
    /// @param limitWad_ The most the pool pays per MKR, wad DAI per MKR.
    /// @param owner_ May halt the pool and hand over ownership; never touches funds.
    constructor(
        address vat_,
        address daiJoin_,
        address flopper_,
        address dai_,
        address mkr_,
        uint256 limitWad_,
        address owner_
    ) {
        if (
            vat_ == address(0) || daiJoin_ == address(0) || flopper_ == address(0) || dai_ == address(0)
                || mkr_ == address(0) || owner_ == address(0) || IDaiJoin(daiJoin_).vat() != vat_
                || IDaiJoin(daiJoin_).dai() != dai_ || IFlopper(flopper_).vat() != vat_
                || IFlopper(flopper_).gem() != mkr_
        ) revert BadMakerAddresses();
        if (limitWad_ < MIN_LIMIT_WAD || limitWad_ > MAX_LIMIT_WAD) revert LimitOutOfRange(limitWad_);

        vat = IVat(vat_);
        daiJoin = IDaiJoin(daiJoin_);
        flopper = IFlopper(flopper_);
        dai = IDai(dai_);
        mkr = IMkr(mkr_);
        limitWad = limitWad_;
        owner = owner_;
        _flags = SLOT_KEPT;
        emit OwnershipTransferred(address(0), owner_);

        string memory label = _limitLabel(limitWad_);
        _name = string.concat("Dai Backstop Syndicate ", label);
        _symbol = string.concat("DBS-", label);
        _nameHash = keccak256(bytes(_name));

        // The Flopper takes bids from the pool's Vat DAI; the DaiJoin pays exits out of it.
        IVat(vat_).hope(flopper_);
        IVat(vat_).hope(daiJoin_);
        dai_.safeApprove(daiJoin_, type(uint256).max);
    }

    // ================================================================ contributors

    /// @inheritdoc IDaiBackstopSyndicate
    function enlist(uint256 daiWad) external returns (uint256 shares) {
        shares = _enlist(daiWad);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function enlistWithPermit(
        uint256 daiWad,
        uint256 nonce,
        uint256 expiry,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 shares) {
        // A permit someone already submitted (front-running) must not block the deposit: if the
        // allowance is not there, transferFrom reverts anyway.
        // solhint-disable-next-line no-empty-blocks
        try dai.permit(msg.sender, address(this), nonce, expiry, true, v, r, s) {} catch {}
        shares = _enlist(daiWad);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function defect(uint256 shares) external returns (uint256 daiWad, uint256 mkrWad) {
        _requireNoneDue();
        uint256 balance = balanceOf(msg.sender);
        if (shares > balance) revert InsufficientShares(balance, shares);
        (daiWad, mkrWad) = _previewDefect(shares);
        if (daiWad == 0 && mkrWad == 0) revert ZeroPayout(shares);
        uint256 liquid = _daiBook;
        if (daiWad > liquid) revert InsufficientLiquidity(liquid);

        _burn(msg.sender, shares);
        // Both fit: each is at most its book, which has the narrower type.
        // forge-lint: disable-next-line(unsafe-typecast)
        _daiBook = uint96(liquid - daiWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        if (mkrWad != 0) _mkrBook -= uint128(mkrWad);

        _payDai(msg.sender, daiWad, liquid);
        if (mkrWad != 0) address(mkr).safeTransfer(msg.sender, mkrWad);
        emit Defected(msg.sender, shares, daiWad, mkrWad);
    }

    // ================================================================ keepers

    /// @inheritdoc IDaiBackstopSyndicate
    function enterAuction(uint256 id) external {
        _enterAuction(id, 0, false);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function enterAuctionAfter(uint256 id, uint256 prevId) external {
        _enterAuction(id, prevId, true);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function finalize(uint256 id) external returns (bool won) {
        Packed memory p = _positions[id];
        if (p.lockedNano == 0) revert NoPosition(id);
        (,, address guy, uint48 tic, uint48 end) = flopper.bids(id);
        bool inferred;

        if (guy == address(this)) {
            if (flopper.live() != 1) {
                // Global settlement: the bid comes back through vat.suck.
                flopper.yank(id);
            } else if (tic != 0 && (tic < block.timestamp || end < block.timestamp)) {
                flopper.deal(id);
                won = true;
            } else {
                revert AuctionStillRunning(id, p.settleAt);
            }
        } else if (guy == address(0)) {
            // Someone else already dealt or yanked the auction. Had the pool still been the high bidder
            // at deal time, its lot was minted to it, and that cannot happen before its bid expired.
            // Otherwise the pool was outbid (or yanked) and its bid is back in the Vat. If several records
            // were deleted before anyone finalized them, their evidence is pooled and the order of
            // finalizes may attribute one position's MKR to another (finding 01). Open positions share
            // one bid, and `_close` books such an inferred refund, once evidence may be pooled, only from
            // Vat DAI beyond the other open bids: a swap, or MKR sent by others, can then only leave MKR
            // or DAI outside the books, for `skim`, never book what another open position will need.
            won = block.timestamp > p.settleAt && mkr.balanceOf(address(this)) >= uint256(_mkrBook) + p.lot;
            inferred = true;
        }
        // Otherwise a rival holds the auction: it outbid the pool, and the Flopper repaid the pool's bid
        // into the Vat at that moment.
        _close(id, p, won, inferred);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function skim() external returns (uint256 daiWad, uint256 mkrWad) {
        if (_head != 0) revert PositionsOpen(_head);
        uint256 supply = totalSupply();
        if (supply < WAD) revert TooFewShares(supply);

        // DAI outside the books: ERC20 beyond the ERC20 part of daiBook, Vat DAI beyond vatBook.
        uint256 vatBooked = _vatBook;
        uint256 erc20Booked = uint256(_daiBook) - vatBooked;
        uint256 erc20Held = dai.balanceOf(address(this));
        uint256 vatHeldWad = vat.dai(address(this)) / RAY;
        uint256 vatWad = vatHeldWad > vatBooked ? vatHeldWad - vatBooked : 0;
        daiWad = (erc20Held > erc20Booked ? erc20Held - erc20Booked : 0) + vatWad;
        uint256 mkrBooked = _mkrBook;
        uint256 mkrHeld = mkr.balanceOf(address(this));
        // MKR folded into an empty MKR book would close deposits: it waits until the pool wins some.
        if (mkrBooked != 0 && mkrHeld > mkrBooked) mkrWad = mkrHeld - mkrBooked;
        if (daiWad == 0 && mkrWad == 0) revert NothingToSkim();
        // No position is open, so the DAI books are `daiBook` alone.
        uint256 roomWad = MAX_DAI_WAD - _daiBook;
        if (daiWad > roomWad) revert DepositTooLarge(roomWad);

        // forge-lint: disable-next-line(unsafe-typecast)
        _daiBook += uint96(daiWad); // checked against MAX_DAI_WAD above
        // forge-lint: disable-next-line(unsafe-typecast)
        _vatBook = uint96(vatBooked + vatWad); // at most daiBook
        _mkrBook = (mkrBooked + mkrWad).toUint128();
        emit Skimmed(daiWad, mkrWad);
    }

    // ================================================================ owner

    /// @inheritdoc IDaiBackstopSyndicate
    function halt() external onlyOwner {
        uint8 flags = _flags;
        if ((flags & HALTED) == 0) {
            _flags = flags | HALTED;
            emit Halted();
        }
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function transferOwnership(address newOwner) external onlyOwner {
        pendingOwner = newOwner;
        emit OwnershipTransferStarted(msg.sender, newOwner);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function acceptOwnership() external {
        if (msg.sender != pendingOwner) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function renounceOwnership() external onlyOwner {
        emit OwnershipTransferred(msg.sender, address(0));
        owner = address(0);
        pendingOwner = address(0);
    }

    // ================================================================ views

    /// @inheritdoc IDaiBackstopSyndicate
    function nav() external view returns (uint256 daiBookWad, uint256 lockedBookWad, uint256 mkrBookWad) {
        return (_daiBook, _lockedBook, _mkrBook);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function previewEnlist(uint256 daiWad) external view returns (uint256 shares) {
        uint256 supply = totalSupply();
        uint256 navDai = uint256(_daiBook) + _lockedBook;
        if (supply != 0 && navDai == 0) return 0;
        return _sharesFor(daiWad, supply, navDai);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function previewDefect(uint256 shares) external view returns (uint256 daiWad, uint256 mkrWad) {
        return _previewDefect(shares);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function maxDefect(address holder) external view returns (uint256 shares) {
        if (_dueId() != 0) return 0;
        shares = balanceOf(holder);
        uint256 navDai = uint256(_daiBook) + _lockedBook;
        if (navDai == 0) return shares;
        return M.min(shares, M.mulDiv(_daiBook, totalSupply(), navDai));
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function positions(uint256 id) external view returns (Position memory position) {
        Packed memory p = _positions[id];
        return Position({
            lockedDaiWad: _toWad(p.lockedNano),
            lotWad: p.lot,
            settleAt: p.settleAt,
            prev: p.prev,
            next: p.next
        });
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function openPositions() external view returns (uint256[] memory ids) {
        uint256 n;
        for (uint256 id = _head; id != 0; id = _positions[id].next) {
            ++n;
        }
        ids = new uint256[](n);
        uint256 i;
        for (uint256 id = _head; id != 0; id = _positions[id].next) {
            ids[i++] = id;
        }
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function settlementDue() external view returns (uint256 id) {
        return _dueId();
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function canEnter(uint256 id) external view returns (bool ok, bytes memory refusal) {
        // `quote` reverts with the very error `enterAuction` would: catch it as the refusal.
        try this.quote(id) returns (Quote memory q) {
            // `enterAuction` appends after the tail; a position being replaced leaves the queue first.
            uint256 tail = _tail;
            if (q.replaces && tail == id) tail = _positions[id].prev;
            if (tail != 0 && _positions[tail].settleAt > q.settleAt) {
                refusal = abi.encodeWithSelector(InsertionHintRequired.selector, q.settleAt);
            }
            ok = refusal.length == 0;
        } catch (bytes memory reason) {
            // Not ok, whatever came back: a quote that ran out of gas reverts with no data.
            refusal = reason;
        }
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function quote(uint256 id) external view returns (Quote memory q) {
        return _quote(id);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function insertionPoint(uint256 settleAt) external view returns (uint256 prevId) {
        prevId = _tail;
        while (prevId != 0 && _positions[prevId].settleAt > settleAt) prevId = _positions[prevId].prev;
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function status() external view returns (Status memory s) {
        s.halted = halted();
        s.evidencePooled = (_flags & EVIDENCE_POOLED) != 0;
        s.flopperLive = flopper.live() == 1;
        s.daiJoinLive = daiJoin.live() == 1;
        s.daiBookWad = _daiBook;
        s.lockedBookWad = _lockedBook;
        s.mkrBookWad = _mkrBook;
        s.totalShares = totalSupply();
        for (uint256 id = _head; id != 0; id = _positions[id].next) {
            ++s.openPositions;
        }
        s.settlementDue = _dueId();
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function halted() public view returns (bool) {
        return (_flags & HALTED) != 0;
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function evidencePooled() external view returns (bool) {
        return (_flags & EVIDENCE_POOLED) != 0;
    }

    /// @notice The share token's name, e.g. "Dai Backstop Syndicate 100".
    function name() public view override returns (string memory) {
        return _name;
    }

    /// @notice The share token's symbol, e.g. "DBS-100".
    function symbol() public view override returns (string memory) {
        return _symbol;
    }

    // ================================================================ internals

    function _enlist(uint256 daiWad) internal returns (uint256 shares) {
        if (halted()) revert PoolHalted();
        uint256 mkrBooked = _mkrBook;
        if (mkrBooked != 0) revert DepositsClosed(mkrBooked);
        _requireNoneDue();
        if (daiWad == 0) revert ZeroAmount();
        uint256 daiBooked = _daiBook;
        uint256 navDai = daiBooked + _lockedBook;
        if (daiWad > MAX_DAI_WAD - navDai) revert DepositTooLarge(MAX_DAI_WAD - navDai);
        shares = _sharesFor(daiWad, totalSupply(), navDai);
        if (shares == 0) revert ZeroShares(daiWad);

        address(dai).safeTransferFrom(msg.sender, address(this), daiWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        _daiBook = uint96(daiBooked + daiWad); // checked against MAX_DAI_WAD above
        _mint(msg.sender, shares);
        emit Enlisted(msg.sender, daiWad, shares);
    }

    /// @dev Shares for `daiWad` at cost, rounded down; 1:1 for the first deposit. `navDai` is never 0
    ///      with shares outstanding while deposits are open: the pool spends DAI only on MKR it wins.
    function _sharesFor(uint256 daiWad, uint256 supply, uint256 navDai) internal pure returns (uint256) {
        return supply == 0 ? daiWad : M.fullMulDiv(daiWad, supply, navDai);
    }

    function _previewDefect(uint256 shares) internal view returns (uint256 daiWad, uint256 mkrWad) {
        uint256 supply = totalSupply();
        if (supply == 0) return (0, 0);
        daiWad = M.fullMulDiv(shares, uint256(_daiBook) + _lockedBook, supply);
        mkrWad = M.fullMulDiv(shares, _mkrBook, supply);
    }

    function _enterAuction(uint256 id, uint256 prevId, bool hinted) internal {
        Quote memory q = _quote(id);

        // Re-entry after being outbid: book the old bid's refund, already in the Vat, then bid again.
        // A hint naming the replaced position itself means "where it was".
        if (q.replaces) {
            Packed memory stale = _positions[id];
            if (prevId == id) prevId = stale.prev;
            _close(id, stale, false, false);
        }
        _insert(id, hinted ? prevId : _tail, hinted, q);

        // Join into the Vat only what the bid needs beyond the booked Vat DAI. Vat DAI outside the
        // books (refunds not yet finalized) stays put: it is the evidence `finalize` books them from.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint96 lockedDai = uint96(q.bidDaiWad); // below 2^94: `_quote` bounds the bid
        // The replaced position's refund is booked only as far as the Vat shows it (see `_close`).
        if (lockedDai > _daiBook) revert InsufficientLiquidity(_daiBook);
        uint256 vatBooked = _vatBook;
        uint256 joinWad = lockedDai > vatBooked ? lockedDai - vatBooked : 0;
        if (joinWad != 0) daiJoin.join(address(this), joinWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        _vatBook = uint96(vatBooked + joinWad - lockedDai); // at most the old vatBook
        _daiBook -= lockedDai;
        _lockedBook += lockedDai; // the sum of the books is unchanged

        flopper.dent(id, q.lotWad, q.bidRad);
        emit AuctionEntered(id, q.lotWad, lockedDai, q.priceWad);
    }

    /// @dev Every check `enterAuction` makes, in order, reverting with the error it reports; `quote` and
    ///      `canEnter` share it. Besides the auction's own state and the pool's limit and liquidity, it
    ///      refuses every auction whose position could not later be settled: a bid of under 1 DAI (a zero
    ///      bid would read as "no position") or over 2^64 nano-DAI, a lot of 0 or of 2^96 wei or more, a
    ///      `tic` past 2^48 (the Flopper's dent would overflow) or a settle time past 2^32, and a lot the
    ///      MKR book could not take on top of every open position's (see the contract's notes on liveness).
    function _quote(uint256 id) internal view returns (Quote memory q) {
        if (halted()) revert PoolHalted();
        if (flopper.live() != 1) revert FlopperNotLive();
        if (id > type(uint32).max) revert AuctionIdTooLarge(id);
        (uint256 bidRad, uint256 auctionLot, address guy, uint48 tic, uint48 end) = flopper.bids(id);
        if (guy == address(0)) revert AuctionNotFound(id);
        if (guy == address(this)) revert AlreadyHighBidder(id);
        if (end <= block.timestamp || (tic != 0 && tic <= block.timestamp)) revert AuctionFinished(id);
        if (bidRad < MIN_BID_RAD || bidRad > MAX_BID_RAD) revert BidOutOfRange(id, bidRad);
        if (auctionLot == 0 || auctionLot > MAX_LOT_WAD) revert LotOutOfRange(id, auctionLot);
        // The Flopper sets `tic = now + ttl` in 48 bits; the position keeps `min(tic, end)` in 32.
        uint256 ticAfter = block.timestamp + flopper.ttl();
        if (ticAfter > type(uint48).max) revert SettleTimeOutOfRange(id, ticAfter);
        q.settleAt = M.min(ticAfter, end);
        if (q.settleAt > type(uint32).max) revert SettleTimeOutOfRange(id, q.settleAt);

        // The largest lot the Flopper accepts: beg * lot <= auctionLot * WAD, and lot < auctionLot. With
        // beg at most 1 (governance may file any value, 0 included) that is one wei less than the lot.
        uint256 beg = flopper.beg();
        q.lotWad = beg <= WAD ? auctionLot - 1 : M.fullMulDiv(auctionLot, WAD, beg);
        // Implied price, rounded up against the pool: rad per wad is a ray-scaled price, then to wad. A lot
        // of 0 (a tiny auction lot, or a huge beg) has no finite price.
        q.priceWad = q.lotWad == 0 ? type(uint256).max : M.divUp(M.divUp(bidRad, q.lotWad), RAY_PER_WAD);
        if (q.priceWad > limitWad) revert PriceAboveLimit(q.priceWad, limitWad);

        q.bidRad = bidRad;
        q.bidDaiWad = M.divUp(bidRad, RAD_PER_NANO) * WEI_PER_NANO;
        // Open positions all carry one bid (the Vow's `sump`), so that when a third party deletes
        // several auction records, booking one position's outcome from another's evidence can only
        // under-book, never book DAI the pool does not have (see `finalize`).
        uint256 headId = _head;
        if (headId != 0) {
            q.openBidDaiWad = _toWad(_positions[headId].lockedNano);
            if (q.openBidDaiWad != q.bidDaiWad) revert BidMismatch(q.bidDaiWad, q.openBidDaiWad);
        }
        uint256 staleNano = _positions[id].lockedNano;
        q.replaces = staleNano != 0;
        q.availableWad = uint256(_daiBook) + _toWad(staleNano);
        if (q.bidDaiWad > q.availableWad) revert InsufficientLiquidity(q.availableWad);
        // Every open position carries the same lock, so the locked book counts them. Each lot is below
        // 2^96: with this check at every entry, the MKR book can take every open lot when it is won.
        uint256 openCount = headId == 0 ? 0 : _lockedBook / q.openBidDaiWad;
        uint256 mkrBooked = _mkrBook;
        if ((type(uint128).max - mkrBooked) >> LOT_BITS <= openCount) revert MkrBookFull(mkrBooked);
    }

    /// @dev Links a new position into the settle-time queue after `prevId` (0: at the front), checking
    ///      that the order holds. Without a hint, `prevId` is the tail.
    function _insert(uint256 id, uint256 prevId, bool hinted, Quote memory q) internal {
        // forge-lint: disable-next-line(unsafe-typecast)
        uint32 settleAt = uint32(q.settleAt); // `_quote` checked it fits
        uint256 nextId;
        if (prevId == 0) {
            nextId = _head;
        } else {
            Packed storage prev = _positions[prevId];
            if (prev.settleAt > settleAt) {
                if (!hinted) revert InsertionHintRequired(settleAt);
                revert BadInsertionHint(prevId, settleAt);
            }
            if (prev.lockedNano == 0) revert BadInsertionHint(prevId, settleAt);
            nextId = prev.next;
        }
        if (nextId != 0 && _positions[nextId].settleAt < settleAt) revert BadInsertionHint(prevId, settleAt);

        // Every id here fits 32 bits: `id` was checked by `_quote`, the others are open positions.
        // forge-lint: disable-next-line(unsafe-typecast)
        (uint32 id32, uint32 prev32, uint32 next32) = (uint32(id), uint32(prevId), uint32(nextId));
        // Both fit: `_quote` bounds the bid and the lot.
        _positions[id] = Packed({
            // forge-lint: disable-next-line(unsafe-typecast)
            lockedNano: uint64(q.bidDaiWad / WEI_PER_NANO),
            // forge-lint: disable-next-line(unsafe-typecast)
            lot: uint96(q.lotWad),
            settleAt: settleAt,
            prev: prev32,
            next: next32
        });
        if (prev32 == 0) _head = id32;
        else _positions[prev32].next = id32;
        if (next32 == 0) _tail = id32;
        else _positions[next32].prev = id32;
    }

    /// @dev Unlinks position `id` and moves its bid from the locked book to MKR (won) or DAI. `inferred`:
    ///      the outcome was inferred because someone else deleted the auction's record.
    function _close(uint256 id, Packed memory p, bool won, bool inferred) internal {
        if (p.prev == 0) _head = p.next;
        else _positions[p.prev].next = p.next;
        if (p.next == 0) _tail = p.prev;
        else _positions[p.next].prev = p.prev;
        delete _positions[id];
        bool last = p.prev == 0 && p.next == 0;

        uint96 lockedDai = _toWad(p.lockedNano);
        uint256 othersLocked = _lockedBook - lockedDai;
        // forge-lint: disable-next-line(unsafe-typecast)
        _lockedBook = uint96(othersLocked);
        uint256 back = lockedDai;
        uint8 flags = _flags;
        if (won) {
            // Fits: `_quote` keeps `mkrBook + (open positions) * 2^96` within 128 bits at every entry.
            _mkrBook += p.lot;
            // Inferred from MKR that may belong to a position still open (finding 01).
            if (inferred && !last) flags |= EVIDENCE_POOLED;
        } else {
            // A refund is Vat DAI the books do not hold yet, normally the whole bid (the position's
            // rounding up covers the difference). Unbooked Vat DAI always covers the bids of the open
            // positions whose refunds are in the Vat: a refund read from a live record is the position's
            // own; one inferred from a deleted record, once MKR evidence may be pooled, is booked only
            // from what exceeds every other open bid.
            uint256 vatBooked = _vatBook;
            uint256 unbookedWad = vat.dai(address(this)) / RAY - vatBooked;
            if (inferred && (flags & EVIDENCE_POOLED) != 0) {
                unbookedWad = unbookedWad > othersLocked ? unbookedWad - othersLocked : 0;
            }
            back = M.min(lockedDai, unbookedWad);
            // Both fit: `back` moves from the locked book to the liquid one, whose sum stays within
            // MAX_DAI_WAD, and `vatBook` is part of `daiBook`.
            // forge-lint: disable-next-line(unsafe-typecast)
            _vatBook = uint96(vatBooked + back);
            // forge-lint: disable-next-line(unsafe-typecast)
            _daiBook += uint96(back);
        }
        // With the queue empty no open position is left to protect.
        if (last) flags &= ~EVIDENCE_POOLED;
        if (flags != _flags) _flags = flags;
        emit AuctionFinalized(id, won, p.lot, back);
    }

    /// @dev Pays `daiWad` of liquid DAI: the ERC20 part of the book first, then the Vat part through the
    ///      DaiJoin; after global settlement cages the DaiJoin, the Vat part is paid as Vat DAI.
    ///      `liquid` is daiBook before the payout.
    function _payDai(address to, uint256 daiWad, uint256 liquid) internal {
        uint256 vatBooked = _vatBook;
        uint256 erc20Booked = liquid - vatBooked;
        if (daiWad <= erc20Booked) {
            if (daiWad != 0) address(dai).safeTransfer(to, daiWad);
            return;
        }
        if (erc20Booked != 0) address(dai).safeTransfer(to, erc20Booked);
        uint256 fromVat = daiWad - erc20Booked;
        // forge-lint: disable-next-line(unsafe-typecast)
        _vatBook = uint96(vatBooked - fromVat);
        if (daiJoin.live() == 1) daiJoin.exit(to, fromVat);
        else vat.move(address(this), to, fromVat * RAY);
    }

    /// @dev Nano-DAI to wad. A position's nano-DAI fits 64 bits, so the wad (below 1.85e28) fits 96 bits.
    function _toWad(uint256 lockedNano) internal pure returns (uint96) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint96(lockedNano * WEI_PER_NANO);
    }

    function _requireNoneDue() internal view {
        uint256 id = _dueId();
        if (id != 0) revert SettlementDue(id);
    }

    /// @dev The queue's head settles first: if it is not due, nothing is. A position is due from its
    ///      settle time on: from that second no dent can change its outcome (`deal` follows a second later).
    function _dueId() internal view returns (uint256 id) {
        id = _head;
        if (id != 0 && _positions[id].settleAt > block.timestamp) id = 0;
    }

    /// @dev "100" for 100e18, "100.5" for 100.5e18.
    function _limitLabel(uint256 limitWad_) internal pure returns (string memory label) {
        label = LibString.toString(limitWad_ / WAD);
        uint256 fraction = limitWad_ % WAD;
        if (fraction == 0) return label;
        bytes memory digits = bytes(LibString.toString(fraction + WAD)); // "1" then 18 digits
        uint256 end = digits.length;
        while (digits[end - 1] == "0") --end;
        label = string.concat(label, ".", LibString.slice(string(digits), 1, end));
    }

    function _constantNameHash() internal view override returns (bytes32) {
        return _nameHash;
    }

    /// @dev Shares never give Permit2 an implicit infinite allowance.
    function _givePermit2InfiniteAllowance() internal pure override returns (bool) {
        return false;
    }
}
