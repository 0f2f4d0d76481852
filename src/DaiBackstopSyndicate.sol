// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateBase} from "./SyndicateBase.sol";
import {SyndicateExtension} from "./SyndicateExtension.sol";
import {IDai} from "./interfaces/IDai.sol";
import {IDaiBackstopSyndicate} from "./interfaces/IDaiBackstopSyndicate.sol";
import {IDaiJoin} from "./interfaces/IDaiJoin.sol";
import {IFlopper} from "./interfaces/IFlopper.sol";
import {IMkr} from "./interfaces/IMkr.sol";
import {IVat} from "./interfaces/IVat.sol";
import {ERC20} from "solady/tokens/ERC20.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";
import {LibString} from "solady/utils/LibString.sol";
import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";

/// @title Dai Backstop Syndicate
/// @notice A pool of DAI that bids, as one buyer of last resort, in Maker's debt auctions at no more
///         than `limitWad` DAI per MKR. See `IDaiBackstopSyndicate` for the rules of each function, and
///         docs/design/01-fair-rounds.md for rounds.
/// @dev Accounting is O(1) and never reads balances to price shares. Books, all wad:
///      - `daiBook`:    DAI the shares own outside open bids (held as ERC20, or as Vat DAI after refunds);
///      - `lockedBook`: the DAI of the open positions' bids, each rounded up to a whole nano-DAI;
///      - `mkrBook`:    MKR won (or released by `skim`) and not yet paid out: credited to holders through
///                      the accumulator `mkrPerShare`, plus rounding dust.
///      A share is worth `(daiBook + lockedBook) / totalSupply` DAI; MKR is not in the price. Outside the
///      books, and never priced into shares: `owedDai` (set aside for executed exit requests and returned
///      deposits, until claimed), the DAI and MKR `skim` is releasing, and the current round's deposit
///      requests (`requestedDai`, ERC20). `vatBook` is the Vat DAI part of `daiBook + owedDai +
///      releaseDai`; the rest of those is ERC20.
///      Rounds: a round is open while a position is open (`head != 0`). The supply cannot change while
///      one is (enlist and defect are requests; transfers move shares between holders), so each won lot
///      is credited to exactly the shares that existed when the pool bid. Exit requests lock shares in
///      the pool's own balance (escrow, still in the supply); the `finalize` that empties the queue
///      prices the round's two request totals once, burns the locked shares and mints the new ones to
///      the escrow; `claim` hands each holder their part, pro rata of what is left, so the last claimer
///      gets the rounding remainder. Holder state: one slot with the balance and MKR checkpoint (and a
///      flag saying whether MKR was credited aside), one with the credited MKR and the pending deposit,
///      one with the pending exit. Nothing loops over holders, requests or positions.
///      Queue: open positions form a queue sorted by settle time, so "is any position due?" is one read
///      of the head, and entry, exit and settlement cost the same whatever the number of positions or
///      holders.
///      Liveness: every position `enterAuction` creates can be settled by `finalize`, round closing
///      included. Its bid, lot and times fit their packed fields (checked in `_quote`), and no sum
///      `finalize` adds can overflow: the DAI the pool holds for holders (`daiBook + lockedBook +
///      owedDai + releaseDai + requestedDai`) stays below 2^96 (`enlist`, `requestEnlist` and `skim`
///      refuse more; `finalize` only moves DAI between those), `mkrBook + (open positions) * 2^96 <
///      2^128` and `mkrPerShare + (open positions) * 2^96 < 2^120` hold at every entry (`MkrBookFull`,
///      `MkrPerShareFull`; with at least 1e18 shares, a lot credits less than 2^96 per share), and a
///      round's new shares that would overflow the supply are refused (their DAI returned).
contract DaiBackstopSyndicate is ERC20, SyndicateBase, IDaiBackstopSyndicate {
    using SafeTransferLib for address;

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
    /// @inheritdoc IDaiBackstopSyndicate
    address public immutable extension;

    modifier onlyOwner() {
        if (msg.sender != _owner) revert NotOwner(msg.sender);
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
        _owner = owner_;
        _flags = SLOT_KEPT;
        _epoch = 1;
        _round = 1;
        extension = address(new SyndicateExtension());
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
        if (_head != 0) revert RoundOpen(_closeBy);
        if ((_flags & RELEASING) != 0) _release();
        (uint256 acc, uint256 epoch) = _accAndEpoch();
        Holder memory h = _holders[msg.sender];
        uint256 writtenOffMkr = _sync(h, epoch, acc);
        if (shares > h.shares) revert InsufficientShares(h.shares, shares);
        // No position is open: the locked book is empty and the shares own `daiBook`.
        uint256 supply = _totalShares;
        uint256 liquid = _daiBook;
        if (shares != 0) daiWad = M.fullMulDiv(shares, liquid, supply);
        mkrWad = _takeMkr(msg.sender, h, acc) + writtenOffMkr;
        if (daiWad == 0 && mkrWad == 0) revert ZeroPayout(shares);

        // All fit: each amount is at most the field it leaves, which has the narrower type.
        // forge-lint: disable-next-line(unsafe-typecast)
        h.shares -= uint128(shares);
        _store(msg.sender, h);
        // forge-lint: disable-next-line(unsafe-typecast)
        _totalShares = uint128(supply - shares);
        // forge-lint: disable-next-line(unsafe-typecast)
        _daiBook = uint96(liquid - daiWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        if (mkrWad != 0) _mkrBook -= uint128(mkrWad);
        emit Transfer(msg.sender, address(0), shares);

        uint256 vatBooked = _vatBook;
        _payDai(msg.sender, daiWad, liquid > vatBooked ? liquid - vatBooked : 0);
        if (mkrWad != 0) address(mkr).safeTransfer(msg.sender, mkrWad);
        emit Defected(msg.sender, shares, daiWad, mkrWad);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function claimMkr() external returns (uint256 mkrWad) {
        if ((_flags & RELEASING) != 0) _release(); // MKR skim released so far is the holders' too
        (uint256 acc, uint256 epoch) = _accAndEpoch();
        Holder memory h = _holders[msg.sender];
        mkrWad = _sync(h, epoch, acc);
        mkrWad += _takeMkr(msg.sender, h, acc);
        if (mkrWad == 0) revert NothingToClaim(msg.sender);
        _store(msg.sender, h);
        // forge-lint: disable-next-line(unsafe-typecast)
        _mkrBook -= uint128(mkrWad); // credited MKR is part of the book
        address(mkr).safeTransfer(msg.sender, mkrWad);
        emit MkrClaimed(msg.sender, mkrWad);
    }

    // ================================================================ share token

    /// @inheritdoc IDaiBackstopSyndicate
    function totalSupply() public view override(ERC20, IDaiBackstopSyndicate) returns (uint256) {
        return _totalShares;
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function balanceOf(address holder) public view override(ERC20, IDaiBackstopSyndicate) returns (uint256) {
        return _balance(holder);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function transfer(
        address to,
        uint256 amount
    ) public override(ERC20, IDaiBackstopSyndicate) returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function transferFrom(
        address from,
        address to,
        uint256 amount
    ) public override(ERC20, IDaiBackstopSyndicate) returns (bool) {
        _spendAllowance(from, msg.sender, amount);
        _transfer(from, to, amount);
        return true;
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function name() public view override(ERC20, IDaiBackstopSyndicate) returns (string memory) {
        return _name;
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function symbol() public view override(ERC20, IDaiBackstopSyndicate) returns (string memory) {
        return _symbol;
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function decimals() public view override(ERC20, IDaiBackstopSyndicate) returns (uint8) {
        return super.decimals();
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function allowance(
        address holder,
        address spender
    ) public view override(ERC20, IDaiBackstopSyndicate) returns (uint256) {
        return super.allowance(holder, spender);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function approve(
        address spender,
        uint256 amount
    ) public override(ERC20, IDaiBackstopSyndicate) returns (bool) {
        return super.approve(spender, amount);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function nonces(address holder) public view override(ERC20, IDaiBackstopSyndicate) returns (uint256) {
        return super.nonces(holder);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function permit(
        address holder,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) public override(ERC20, IDaiBackstopSyndicate) {
        super.permit(holder, spender, value, deadline, v, r, s);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function DOMAIN_SEPARATOR() public view override(ERC20, IDaiBackstopSyndicate) returns (bytes32) {
        return super.DOMAIN_SEPARATOR();
    }

    // ================================================================ extension

    // solhint-disable no-complex-fallback
    /// @notice Runs every function of `ISyndicate` that is not in this contract's code (round requests,
    ///         claims and the views) in `extension`, by delegatecall, in this contract's storage, and
    ///         returns or reverts with what it does. An unknown selector reverts with no data (the
    ///         extension has no fallback); ETH is refused (neither is payable).
    fallback() external {
        address code = extension;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), code, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    // solhint-enable no-complex-fallback

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
            // MKR `skim` is still releasing is not evidence.
            won = block.timestamp > p.settleAt
                && mkr.balanceOf(address(this)) >= uint256(_mkrBook) + _releaseMkr + p.lot;
            inferred = true;
        }
        // Otherwise a rival holds the auction: it outbid the pool, and the Flopper repaid the pool's bid
        // into the Vat at that moment.
        _close(id, p, won, inferred, true);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function skim() external returns (uint256 daiWad, uint256 mkrWad) {
        if (_head != 0) revert PositionsOpen(_head);
        uint256 supply = _totalShares;
        if (supply < WAD) revert TooFewShares(supply);
        if ((_flags & RELEASING) != 0) _release();

        // DAI outside the books: ERC20 beyond the ERC20 part of what the pool holds for holders, Vat DAI
        // beyond vatBook. No round is open, so no deposit request holds ERC20.
        uint256 vatBooked = _vatBook;
        uint256 heldWad = uint256(_daiBook) + _owedDai + _releaseDai;
        uint256 erc20Booked = heldWad - vatBooked;
        uint256 erc20Held = dai.balanceOf(address(this));
        uint256 vatHeldWad = vat.dai(address(this)) / RAY;
        uint256 vatWad = vatHeldWad > vatBooked ? vatHeldWad - vatBooked : 0;
        daiWad = (erc20Held > erc20Booked ? erc20Held - erc20Booked : 0) + vatWad;
        uint256 releasingMkr = _releaseMkr;
        uint256 mkrBooked = uint256(_mkrBook) + releasingMkr;
        uint256 mkrHeld = mkr.balanceOf(address(this));
        if (mkrHeld > mkrBooked) mkrWad = M.min(mkrHeld - mkrBooked, MAX_RELEASE_MKR - releasingMkr);
        if (daiWad == 0 && mkrWad == 0) revert NothingToSkim();
        uint256 roomWad = MAX_DAI_WAD - heldWad;
        if (daiWad > roomWad) revert DepositTooLarge(roomWad);

        uint256 end = block.timestamp + SKIM_RELEASE;
        // All fit: the DAI is checked against MAX_DAI_WAD above, the MKR against MAX_RELEASE_MKR, the
        // times are 32 bits until 2106.
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseDai = uint96(_releaseDai + daiWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        _vatBook = uint96(vatBooked + vatWad); // at most daiBook + owedDai + releaseDai
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseMkr = uint96(releasingMkr + mkrWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseLast = uint32(block.timestamp);
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseEnd = uint32(end);
        _flags |= RELEASING;
        emit Skimmed(daiWad, mkrWad, end);
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
        _pendingOwner = newOwner;
        emit OwnershipTransferStarted(msg.sender, newOwner);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function acceptOwnership() external {
        if (msg.sender != _pendingOwner) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(_owner, msg.sender);
        _owner = msg.sender;
        _pendingOwner = address(0);
    }

    /// @inheritdoc IDaiBackstopSyndicate
    function renounceOwnership() external onlyOwner {
        emit OwnershipTransferred(msg.sender, address(0));
        _owner = address(0);
        _pendingOwner = address(0);
    }

    // ================================================================ views

    /// @inheritdoc IDaiBackstopSyndicate
    function halted() public view returns (bool) {
        return (_flags & HALTED) != 0;
    }

    // ================================================================ internals

    function _enlist(uint256 daiWad) internal returns (uint256 shares) {
        uint256 flags = _flags;
        if ((flags & HALTED) != 0) revert PoolHalted();
        if (_head != 0) revert RoundOpen(_closeBy);
        if ((flags & RELEASING) != 0) _release();
        if (daiWad == 0) revert ZeroAmount();
        // No position is open: the locked book is empty, and so is the round's request total.
        uint256 daiBooked = _daiBook;
        uint256 heldWad = daiBooked;
        if ((flags & (RELEASING | OWED)) != 0) heldWad += uint256(_owedDai) + _releaseDai;
        if (daiWad > MAX_DAI_WAD - heldWad) revert DepositTooLarge(MAX_DAI_WAD - heldWad);
        uint256 supply = _totalShares;
        // Shares that own almost no DAI any more, the rest spent on MKR already credited to them, give a
        // deposit no sound price: they are written off, and a new share epoch starts (`_writesOff`,
        // `_endEpoch`). With the epochs used up, a book with no DAI at all cannot price a deposit.
        if (supply != 0 && daiBooked < WRITE_OFF_BELOW_WAD) {
            uint256 ownedWad = (flags & RELEASING) == 0 ? daiBooked : daiBooked + _releasingTo(supply);
            if (_epoch < MAX_EPOCH && _writesOff(ownedWad, supply)) {
                if (supply >= WAD) daiBooked += _foldRelease(supply);
                _endEpoch(supply, daiBooked);
                supply = 0;
            } else if (daiBooked == 0) {
                revert SharesWithoutDai(supply);
            }
        }
        if (supply == 0) shares = daiWad;
        else shares = M.fullMulDiv(daiWad, supply, daiBooked);
        if (shares == 0) revert ZeroShares(daiWad);

        address(dai).safeTransferFrom(msg.sender, address(this), daiWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        _daiBook = uint96(daiBooked + daiWad); // checked against MAX_DAI_WAD above
        _mintTo(msg.sender, shares, supply);
        emit Enlisted(msg.sender, daiWad, shares);
    }

    function _enterAuction(uint256 id, uint256 prevId, bool hinted) internal {
        // The first position opens a round: bring skim's release up to date; it pauses until the round
        // closes.
        if (_head == 0 && (_flags & RELEASING) != 0) _release();
        Quote memory q = _quote(id);

        // Re-entry after being outbid: book the old bid's refund, already in the Vat, then bid again.
        // A hint naming the replaced position itself means "where it was". The round goes on.
        if (q.replaces) {
            Packed memory stale = _positions[id];
            if (prevId == id) prevId = stale.prev;
            _close(id, stale, false, false, false);
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
        // forge-lint: disable-next-line(unsafe-typecast)
        _openLots += uint128(q.lotWad); // below 2^128: `_quote` checked the MKR book takes every open lot

        flopper.dent(id, q.lotWad, q.bidRad);
        emit AuctionEntered(id, q.lotWad, lockedDai, q.priceWad);
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

    /// @dev Unlinks position `id` and moves its bid from the locked book to MKR (won: credited to the
    ///      round's shares) or DAI. `inferred`: the outcome was inferred because someone else deleted the
    ///      auction's record. `closesRound`: a `finalize` (not a re-entry), so emptying the queue closes
    ///      the round.
    function _close(uint256 id, Packed memory p, bool won, bool inferred, bool closesRound) internal {
        if (p.prev == 0) _head = p.next;
        else _positions[p.prev].next = p.next;
        if (p.next == 0) _tail = p.prev;
        else _positions[p.next].prev = p.prev;
        delete _positions[id];
        bool last = p.prev == 0 && p.next == 0;

        _openLots -= p.lot;
        uint96 lockedDai = _toWad(p.lockedNano);
        uint256 othersLocked = _lockedBook - lockedDai;
        // forge-lint: disable-next-line(unsafe-typecast)
        _lockedBook = uint96(othersLocked);
        uint256 back = lockedDai;
        uint8 flags = _flags;
        if (won) {
            // Both fit: `_quote` keeps `mkrBook + (open positions) * 2^96` within 128 bits and
            // `mkrPerShare + (open lots) * 1e27 / supply` within 120 bits at every entry, and the supply
            // (the round's) has not changed since.
            _mkrBook += p.lot;
            // forge-lint: disable-next-line(unsafe-typecast)
            _mkrPerShare += uint120(uint256(p.lot) * RAY / _totalShares);
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
            // MAX_DAI_WAD, and `vatBook` is part of what the pool holds for holders.
            // forge-lint: disable-next-line(unsafe-typecast)
            _vatBook = uint96(vatBooked + back);
            // forge-lint: disable-next-line(unsafe-typecast)
            _daiBook += uint96(back);
        }
        // With the queue empty no open position is left to protect.
        if (last) flags &= ~EVIDENCE_POOLED;
        if (flags != _flags) _flags = flags;
        emit AuctionFinalized(id, won, p.lot, back);
        if (last && closesRound) _closeRound();
    }

    /// @dev The queue just emptied: the round closes. Skim's paused release resumes, pushed back by the
    ///      round's length. If anyone asked to join or leave, the round's two request totals execute at
    ///      once at `daiBook / supply` (both rounded down, against the requesters): exit shares are burned
    ///      from the escrow and their DAI set aside (`owedDai`); deposit DAI joins the book and new shares
    ///      are minted to the escrow, unless none can be minted (no DAI behind the shares, too little DAI,
    ///      or a supply past 2^128), in which case the DAI is set aside to be returned. Each requester
    ///      collects with `claim`. O(1), and never reverts.
    function _closeRound() internal {
        if ((_flags & RELEASING) != 0) _pushReleaseBack();
        if (_closeBy == 0) return; // nobody asked to join or leave
        uint256 r = _round;
        uint256 exitShares = _requestedShares;
        uint256 enlistDai = _requestedDai;
        uint256 navDai = _daiBook;
        uint256 supply = _totalShares; // at least 1e18: `_quote` checked it when the round opened
        uint256 paidDai;
        if (exitShares != 0) paidDai = M.fullMulDiv(exitShares, navDai, supply);
        // The exits leave first, at the round's value: burned from the escrow, their DAI set aside.
        uint256 remaining = supply - exitShares;
        uint256 daiBooked = navDai - paidDai;
        // As in `enlist`: if the shares that stay own almost nothing (`_writesOff`, with what skim
        // releases to them), the deposits write them off. What skim is releasing to them is folded in
        // first, the MKR over every share of the round (the exits' included: they held it through the
        // round); with less than one whole share left, the release stays paused for the next shares.
        bool writeOff = enlistDai != 0 && _epoch < MAX_EPOCH
            && _writesOff(daiBooked + _releasingTo(remaining), remaining);
        if (writeOff && remaining >= WAD) daiBooked += _foldRelease(supply);
        _escrowBurn(exitShares, remaining);
        if (writeOff) {
            _endEpoch(remaining, daiBooked);
            remaining = 0;
        }
        uint256 minted;
        if (enlistDai != 0) {
            if (remaining == 0) minted = enlistDai;
            else if (daiBooked != 0) minted = M.fullMulDiv(enlistDai, remaining, daiBooked);
            // Otherwise (the epoch counter is full) the deposits have no price and come back, as do
            // shares that would overflow the supply.
            if (minted > type(uint128).max - remaining) minted = 0;
        }
        uint256 owed = paidDai;
        if (minted == 0) owed += enlistDai;
        else daiBooked += enlistDai;

        // Fits: the DAI held for holders (books, owed, releasing and requested) stays within MAX_DAI_WAD.
        // forge-lint: disable-next-line(unsafe-typecast)
        _daiBook = uint96(daiBooked);
        if (owed != 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            _owedDai += uint96(owed);
            _flags |= OWED;
        }
        if (minted != 0) _escrowMint(minted);
        _recordClosed(r, minted, enlistDai, exitShares, paidDai);
        emit RoundClosed(r, enlistDai, minted, exitShares, paidDai, navDai, supply);
    }

    /// @dev At a round's close: records what its requesters have to collect, and the accumulator and share
    ///      epoch of the moment, and starts the next round. All fit: each total was held in a field of the
    ///      same width.
    function _recordClosed(
        uint256 r,
        uint256 minted,
        uint256 enlistDai,
        uint256 exitShares,
        uint256 paidDai
    ) internal {
        _closed[r] = Closed({
            // forge-lint: disable-next-line(unsafe-typecast)
            mintedLeft: uint128(minted),
            // forge-lint: disable-next-line(unsafe-typecast)
            enlistDaiLeft: uint96(enlistDai),
            epoch: _epoch,
            // forge-lint: disable-next-line(unsafe-typecast)
            defectSharesLeft: uint128(exitShares),
            // forge-lint: disable-next-line(unsafe-typecast)
            paidDaiLeft: uint96(paidDai),
            mkrPerShare: _mkrPerShare
        });
        _requestedShares = 0;
        _requestedDai = 0;
        _closeBy = 0;
        // forge-lint: disable-next-line(unsafe-typecast)
        _round = uint32(r + 1); // a round needs a debt auction: 2^32 of them will not happen
    }

    /// @dev At a round's close: burns the exit shares locked in the escrow (it holds every locked share).
    function _escrowBurn(uint256 exitShares, uint256 remaining) internal {
        if (exitShares == 0) return;
        Holder storage escrow = _holders[address(this)];
        // forge-lint: disable-next-line(unsafe-typecast)
        escrow.shares -= uint128(exitShares);
        // forge-lint: disable-next-line(unsafe-typecast)
        _totalShares = uint128(remaining);
        emit Transfer(address(this), address(0), exitShares);
    }

    /// @dev At a round's close: mints the deposits' shares to the escrow, for `claim` to hand out.
    ///      `_closeRound` checked the new supply fits.
    function _escrowMint(uint256 minted) internal {
        (uint256 acc, uint256 epoch) = _accAndEpoch();
        Holder memory escrow = _holders[address(this)];
        _sync(escrow, epoch, acc); // the escrow earns nothing itself: nothing to credit
        // forge-lint: disable-next-line(unsafe-typecast)
        escrow.shares += uint128(minted);
        _holders[address(this)] = escrow;
        // forge-lint: disable-next-line(unsafe-typecast)
        _totalShares += uint128(minted);
        emit Transfer(address(0), address(this), minted);
    }

    /// @dev Before a write-off of at least one whole share: what skim is still releasing goes to the shares
    ///      being written off at once (nobody can join them any more): the MKR into the accumulator over
    ///      `supply` shares (unless it would not fit: it then stays, released later), the DAI (less than
    ///      WRITE_OFF_BELOW_WAD with the book: `_writesOff` counted it) returned for the caller to add to
    ///      the book it is about to write. Below one whole share the release was paused and is not theirs
    ///      (`_releasingTo`): the caller does not fold it, and it resumes for the next shares.
    function _foldRelease(uint256 supply) internal returns (uint256 daiWad) {
        if ((_flags & RELEASING) == 0) return 0;
        uint256 mkrLeft = _releaseMkr;
        uint256 acc = _mkrPerShare;
        uint256 step = mkrLeft * RAY / supply;
        uint256 mkrBooked = _mkrBook;
        if (step <= MAX_MKR_PER_SHARE - acc && mkrLeft <= type(uint128).max - mkrBooked) {
            // forge-lint: disable-next-line(unsafe-typecast)
            _mkrPerShare = uint120(acc + step);
            // forge-lint: disable-next-line(unsafe-typecast)
            _mkrBook = uint128(mkrBooked + mkrLeft);
            mkrLeft = 0;
        }
        daiWad = _releaseDai;
        _releaseDai = 0;
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseMkr = uint96(mkrLeft);
        if (mkrLeft == 0) _flags &= ~RELEASING;
    }

    /// @dev Writes off the `supply` shares outstanding, which own `dustDaiWad` of DAI, less than
    ///      WRITE_OFF_BELOW_WAD: every other DAI they had went into MKR, credited to them through the
    ///      accumulator. The current share epoch ends: its accumulator value is kept (a holder record of it
    ///      earns until then, see `_sync`), the next starts with no shares, and the dust stays in the book
    ///      for them. The caller checked the epoch counter is not full and no position is open.
    function _endEpoch(uint256 supply, uint256 dustDaiWad) internal {
        (uint256 acc, uint256 epoch) = _accAndEpoch();
        _epochEnd[epoch] = acc;
        // forge-lint: disable-next-line(unsafe-typecast)
        _epoch = uint8(epoch + 1);
        _totalShares = 0;
        emit SharesWrittenOff(epoch, supply, dustDaiWad);
    }

    // ---------------------------------------------------------------- shares and MKR

    /// @dev Mints to `to` (a depositor, or the escrow at a round's close), crediting their MKR first.
    function _mint(address to, uint256 amount) internal override {
        _mintTo(to, amount, _totalShares);
    }

    /// @dev `_mint`, with the supply before it already read.
    function _mintTo(address to, uint256 amount, uint256 supplyBefore) internal {
        uint256 supply = supplyBefore + amount;
        if (supply > type(uint128).max) revert TotalSupplyOverflow();
        // forge-lint: disable-next-line(unsafe-typecast)
        _totalShares = uint128(supply);
        (uint256 acc, uint256 epoch) = _accAndEpoch();
        // A new holder (an empty slot: no shares, nothing credited aside) takes one write, the record
        // `Holder(amount, acc, epoch, false)` packed by hand (fields from the low bits: 128, 112, 8, 8).
        // All fit: the amount is at most the supply, the accumulator 112 bits, the epoch 8.
        bytes32 slot;
        uint256 word;
        assembly {
            mstore(0x00, to)
            mstore(0x20, _holders.slot)
            slot := keccak256(0x00, 0x40)
            word := sload(slot)
        }
        if (word == 0) {
            assembly {
                sstore(slot, or(amount, or(shl(128, acc), shl(240, epoch))))
            }
        } else {
            Holder memory h = _holders[to];
            if (to != address(this)) _accrue(to, h, acc, epoch);
            else _sync(h, epoch, acc);
            // forge-lint: disable-next-line(unsafe-typecast)
            h.shares += uint128(amount); // at most the supply
            _holders[to] = h;
        }
        emit Transfer(address(0), to, amount);
    }

    /// @dev Burns from `from`, crediting their MKR first. (`defect` and `_closeRound` burn inline.)
    function _burn(address from, uint256 amount) internal override {
        Holder memory h = _holders[from];
        (uint256 acc, uint256 epoch) = _accAndEpoch();
        if (from != address(this)) _accrue(from, h, acc, epoch);
        else _sync(h, epoch, acc);
        if (amount > h.shares) revert InsufficientBalance();
        // forge-lint: disable-next-line(unsafe-typecast)
        h.shares -= uint128(amount);
        _store(from, h);
        // forge-lint: disable-next-line(unsafe-typecast)
        _totalShares -= uint128(amount);
        emit Transfer(from, address(0), amount);
    }

    /// @dev ERC20 transfers: skim's release first (it credits MKR to the shares of the moment).
    function _transfer(address from, address to, uint256 amount) internal override {
        // The pool's own balance is the escrow of requests: shares sent there would be lost to everyone.
        if (to == address(this)) revert SharesToPool();
        if ((_flags & RELEASING) != 0) _release();
        _move(from, to, amount, _mkrPerShare);
    }

    function _vat() internal view override returns (IVat) {
        return vat;
    }

    function _daiJoin() internal view override returns (IDaiJoin) {
        return daiJoin;
    }

    function _flopper() internal view override returns (IFlopper) {
        return flopper;
    }

    function _dai() internal view override returns (IDai) {
        return dai;
    }

    function _mkr() internal view override returns (IMkr) {
        return mkr;
    }

    function _limitWad() internal view override returns (uint256) {
        return limitWad;
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
