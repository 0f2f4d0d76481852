// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

// Many small state variables, packed by hand into few slots (see the slot comments): solhint counts each.
// solhint-disable max-states-count

import {IDai} from "./interfaces/IDai.sol";
import {IDaiBackstopSyndicate} from "./interfaces/IDaiBackstopSyndicate.sol";
import {IDaiJoin} from "./interfaces/IDaiJoin.sol";
import {IFlopper} from "./interfaces/IFlopper.sol";
import {IMkr} from "./interfaces/IMkr.sol";
import {IVat} from "./interfaces/IVat.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";
import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";

/// @title Dai Backstop Syndicate: state and shared logic
/// @notice The syndicate's state, its units and bounds, and the logic both of its code contracts share.
/// @dev The syndicate's code is two contracts, because it does not fit EIP-170's 24,576 bytes in one:
///      `DaiBackstopSyndicate` (the deployed syndicate: deposits and exits, auctions, skim, the owner, the
///      share token) and `SyndicateExtension` (round requests, claims and the views), which the
///      syndicate's constructor deploys and its fallback runs by delegatecall, in the syndicate's storage.
///      Both inherit this contract and declare no state of their own, so they see the same slots. The
///      syndicate's immutables (Maker's addresses) are read through the virtual getters below: directly in
///      the syndicate, through a call to the syndicate in the extension.
abstract contract SyndicateBase {
    using SafeTransferLib for address;

    /// @dev keccak256("Transfer(address,address,uint256)").
    uint256 internal constant _TRANSFER_TOPIC =
        0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef;

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
    /// @dev The DAI the pool holds for holders (books, owed, releasing, requested) never exceeds this, wad.
    uint256 internal constant MAX_DAI_WAD = type(uint96).max;
    /// @dev A bid the pool accepts, rad: at least 1 DAI, and its nano-DAI lock fits 64 bits.
    uint256 internal constant MIN_BID_RAD = RAD;
    uint256 internal constant MAX_BID_RAD = uint256(type(uint64).max) * RAD_PER_NANO;
    /// @dev A lot (the auction's, so also the pool's ask) fits a position's 96 bits.
    uint256 internal constant MAX_LOT_WAD = type(uint96).max;
    /// @dev Bits of a lot: `mkrBook + (open positions) << LOT_BITS` must fit the MKR book's 128 bits.
    uint256 internal constant LOT_BITS = 96;
    /// @dev The per-share MKR accumulator (ray: MKR wei per wei of shares, times 1e27), and every
    ///      checkpoint of it, fits 112 bits (a holder's checkpoint shares a slot with the balance and epoch).
    uint256 internal constant MAX_MKR_PER_SHARE = type(uint112).max;
    /// @dev When a deposit needs a price and the shares outstanding own less DAI than this in all, and less
    ///      than one wei of DAI per wei of shares (DAI went into MKR, already credited to them), they are
    ///      written off: a new share epoch starts at one share per DAI (`_writesOff`). Wad.
    uint256 internal constant WRITE_OFF_BELOW_WAD = 1e18;
    /// @dev Share epochs are counted in 8 bits: after the 255th write-off, such deposits are refused
    ///      (`SharesWithoutDai`).
    uint256 internal constant MAX_EPOCH = type(uint8).max;
    /// @dev `skim` releases what it finds linearly over this long (paused while a round is open).
    uint256 internal constant SKIM_RELEASE = 1 days;
    /// @dev MKR `skim` takes at most, per call and in all being released.
    uint256 internal constant MAX_RELEASE_MKR = type(uint96).max;

    string internal _name;
    string internal _symbol;

    /// @dev Slot: liquid DAI, wad | DAI in open bids, wad | first and last open position (auction ids) in
    ///      settle order. `_daiBook + _lockedBook <= MAX_DAI_WAD`; `_lockedBook` is 0 while no round is open.
    uint96 internal _daiBook;
    uint96 internal _lockedBook;
    uint32 internal _head;
    uint32 internal _tail;
    /// @dev Slot: shares outstanding | the Vat DAI part of `daiBook + owedDai + releaseDai`, wad | flags.
    ///      `enlist` and `defect` read it whole (halt, supply, Vat part).
    uint128 internal _totalShares;
    uint96 internal _vatBook;
    uint8 internal _flags;
    /// @dev Slot: MKR credited per share so far (MKR wei per wei of shares, times 1e27) | won and released
    ///      MKR not paid out, wad | the share epoch (from 1, so the slot is never zero: the first win
    ///      would otherwise pay for writing a zero slot). A holder record of an earlier epoch holds no
    ///      shares any more: they were written off, and earned MKR until `_epochEnd[epoch]`.
    uint120 internal _mkrPerShare;
    uint128 internal _mkrBook;
    uint8 internal _epoch;
    /// @dev Slot: the current round's requests: shares locked by exit requests | DAI of deposit requests,
    ///      wad (held as ERC20) | the round's deadline (0: no request yet), unix s.
    uint128 internal _requestedShares;
    uint96 internal _requestedDai;
    uint32 internal _closeBy;
    /// @dev Slot: DAI set aside for executed requests, wad | DAI `skim` is releasing, wad | the release's
    ///      clock: last brought up to date, and end, unix s.
    uint96 internal _owedDai;
    uint96 internal _releaseDai;
    uint32 internal _releaseLast;
    uint32 internal _releaseEnd;
    /// @dev Slot: MKR `skim` is releasing, wad | the current round's number (from 1) | the lots of the
    ///      open positions, wad (bounds what the accumulator may have to take).
    uint96 internal _releaseMkr;
    uint32 internal _round;
    uint128 internal _openLots;

    /// @dev `_flags`: the owner halted new deposits and bids (for good).
    uint8 internal constant HALTED = 1;
    /// @dev `_flags`: a position whose record someone else deleted was booked as won while other
    ///      positions stayed open, so MKR evidence may be pooled (see `finalize`). Cleared when the
    ///      queue empties.
    uint8 internal constant EVIDENCE_POOLED = 2;
    /// @dev `_flags`: always set, so the flags' slot never goes back to zero.
    uint8 internal constant SLOT_KEPT = 4;
    /// @dev `_flags`: `skim` is releasing DAI or MKR: bring the release up to date before pricing shares or
    ///      moving them (`_release`).
    uint8 internal constant RELEASING = 8;
    /// @dev `_flags`: `owedDai` is not zero. With RELEASING, says whether a deposit's room check must read
    ///      the slot of `owedDai` and `releaseDai`.
    uint8 internal constant OWED = 16;

    /// @dev May halt the pool and hand over ownership; never touches funds (0: renounced).
    address internal _owner;
    /// @dev Offered ownership, until they accept it (0: none).
    address internal _pendingOwner;

    /// @dev An open position in one storage slot; `positions(id)` shows it in wad.
    struct Packed {
        uint64 lockedNano; // the bid in nano-DAI (1e9 wei), rounded up
        uint96 lot; // MKR asked, wad
        uint32 settleAt; // unix s
        uint32 prev; // auction ids: the Flopper's `kicks` will not reach 2^32
        uint32 next;
    }

    /// @dev A holder's share balance, MKR checkpoint and the share epoch of both, in one slot (the ERC20
    ///      balance slot); a record of an earlier epoch is synced by `_sync`. `credited`: their
    ///      `Account.mkrCredited` may be non-zero (so exits and claims read it only then).
    struct Holder {
        uint128 shares;
        uint112 mkrCheckpoint;
        uint8 epoch;
        bool credited;
    }

    /// @dev MKR credited aside (when the balance changed), and the holder's deposit request with the round
    ///      of both their requests (0: none).
    struct Account {
        uint128 mkrCredited;
        uint32 round;
        uint96 enlistDai;
    }

    /// @dev A holder's exit request: shares locked in the escrow, and the accumulator when they last earned.
    struct Lock {
        uint128 shares;
        uint120 mkrCheckpoint;
    }

    /// @dev What a closed round's requests still have to collect: shares minted for its deposits (0 with
    ///      DAI left: they were returned) and the DAI of the deposits not yet claimed; shares of its exits
    ///      not yet claimed and the DAI set aside for them; the accumulator at the close; the share epoch
    ///      the minted shares belong to (if it has ended, they were written off before being claimed).
    struct Closed {
        uint128 mintedLeft;
        uint96 enlistDaiLeft;
        uint8 epoch; // of the shares minted at the close
        uint128 defectSharesLeft;
        uint96 paidDaiLeft;
        uint120 mkrPerShare;
    }

    mapping(uint256 id => Packed) internal _positions;
    mapping(address holder => Holder) internal _holders;
    mapping(address holder => Account) internal _accounts;
    mapping(address holder => Lock) internal _locks;
    mapping(uint256 round => Closed) internal _closed;
    /// @dev The accumulator when each ended share epoch's shares were written off.
    mapping(uint256 epoch => uint256 mkrPerShareRay) internal _epochEnd;

    /// @dev What a holder's requests of a closed round come to: pro rata of what the round has left, the
    ///      whole rest for the last claimer. `daiOut` counts `exitDai` and a returned deposit; `mkrWad` is
    ///      what the locked shares earned until the close and the new shares earned since.
    function _execution(
        Account memory a,
        Lock memory lock,
        Closed memory c,
        uint256 acc
    ) internal view returns (uint256 sharesOut, uint256 daiOut, uint256 exitDai, uint256 mkrWad) {
        uint256 enlistDai = a.enlistDai;
        if (enlistDai != 0) {
            if (c.mintedLeft == 0) {
                daiOut = enlistDai; // the round minted no shares: the deposit comes back
            } else {
                sharesOut = enlistDai == c.enlistDaiLeft
                    ? c.mintedLeft
                    : M.fullMulDiv(enlistDai, c.mintedLeft, c.enlistDaiLeft);
                // Written off since the close: they earned until their epoch ended, and are gone.
                if (c.epoch != _epoch) acc = _epochEnd[c.epoch];
                mkrWad = sharesOut * (acc - c.mkrPerShare) / RAY;
            }
        }
        if (lock.shares != 0) {
            exitDai = lock.shares == c.defectSharesLeft
                ? c.paidDaiLeft
                : M.fullMulDiv(lock.shares, c.paidDaiLeft, c.defectSharesLeft);
            daiOut += exitDai;
            mkrWad += uint256(lock.shares) * (c.mkrPerShare - lock.mkrCheckpoint) / RAY;
        }
    }

    /// @dev Nano-DAI to wad. A position's nano-DAI fits 64 bits, so the wad (below 1.85e28) fits 96 bits.
    function _toWad(uint256 lockedNano) internal pure returns (uint96) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint96(lockedNano * WEI_PER_NANO);
    }

    /// @dev The queue's head settles first: if it is not due, nothing is. A position is due from its
    ///      settle time on: from that second no dent can change its outcome (`deal` follows a second later).
    function _dueId() internal view returns (uint256 id) {
        id = _head;
        if (id != 0 && _positions[id].settleAt > block.timestamp) id = 0;
    }

    /// @dev MKR `holder`'s balance earned and was credited aside (requests of closed rounds not counted).
    function _claimableMkr(address holder) internal view returns (uint256 mkrWad) {
        Holder memory h = _holders[holder];
        uint256 acc = _accReleased();
        mkrWad = _sync(h, _epoch, acc);
        mkrWad += uint256(h.shares) * (acc - h.mkrCheckpoint) / RAY;
        if (h.credited) mkrWad += _accounts[holder].mkrCredited;
    }

    /// @dev The accumulator with skim's due release brought in (what the next touch of the pool makes it).
    function _accReleased() internal view returns (uint256 acc) {
        acc = _mkrPerShare;
        if ((_flags & RELEASING) != 0) {
            (,,,, uint256 step) = _releaseDue();
            acc += step;
        }
    }

    /// @dev The liquid book with skim's due release brought in.
    function _daiBookReleased() internal view returns (uint256 daiWad) {
        daiWad = _daiBook;
        if ((_flags & RELEASING) != 0) {
            (,, uint256 daiOut,,) = _releaseDue();
            daiWad += daiOut;
        }
    }

    /// @dev Brings a holder record of an earlier share epoch into `epoch` (in memory; the caller stores
    ///      it): its shares were written off, and the MKR they earned until their epoch ended is returned
    ///      for the caller to credit or pay. A fresh record (epoch 0) has no shares and earns nothing.
    ///      The checkpoint moves to `acc`.
    function _sync(Holder memory h, uint256 epoch, uint256 acc) internal view returns (uint256 mkrWad) {
        if (h.epoch == epoch) return 0;
        if (h.shares != 0) {
            mkrWad = uint256(h.shares) * (_epochEnd[h.epoch] - h.mkrCheckpoint) / RAY;
            h.shares = 0;
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        h.mkrCheckpoint = uint112(acc);
        // forge-lint: disable-next-line(unsafe-typecast)
        h.epoch = uint8(epoch);
    }

    /// @dev Whether a deposit writes off the `supply` shares outstanding, which own `daiWad` of DAI (with
    ///      what skim is releasing to them, `_releasingTo`): they own less than WRITE_OFF_BELOW_WAD in all
    ///      and are worth less than one wei of DAI per wei of shares, so DAI they were issued for went into
    ///      MKR. A small pool that won nothing (a share still worth its wei of DAI) is priced as always.
    function _writesOff(uint256 daiWad, uint256 supply) internal pure returns (bool) {
        return supply != 0 && daiWad < WRITE_OFF_BELOW_WAD && daiWad < supply;
    }

    /// @dev The DAI skim is releasing to `supply` shares, wad: all it is releasing, if at least one whole
    ///      share exists. Below that the release is paused (`_releaseDue`) and the DAI is nobody's yet: it
    ///      goes to whoever holds shares when the release resumes, so it neither keeps shares that own
    ///      nothing else from being written off nor is handed over by their write-off.
    function _releasingTo(uint256 supply) internal view returns (uint256 daiWad) {
        if ((_flags & RELEASING) != 0 && supply >= WAD) daiWad = _releaseDai;
    }

    /// @dev `holder`'s shares in the current epoch.
    function _balance(address holder) internal view returns (uint256) {
        Holder memory h = _holders[holder];
        return h.epoch == _epoch ? h.shares : 0;
    }

    // ---------------------------------------------------------------- the syndicate's immutables

    /// @dev Maker's Vat.
    function _vat() internal view virtual returns (IVat);

    /// @dev Maker's DaiJoin.
    function _daiJoin() internal view virtual returns (IDaiJoin);

    /// @dev Maker's Flopper.
    function _flopper() internal view virtual returns (IFlopper);

    /// @dev DAI.
    function _dai() internal view virtual returns (IDai);

    /// @dev MKR.
    function _mkr() internal view virtual returns (IMkr);

    /// @dev The limit, wad DAI per MKR.
    function _limitWad() internal view virtual returns (uint256);

    // ---------------------------------------------------------------- shares, MKR and DAI

    /// @dev Moves shares, crediting both sides' MKR first (the funds-distribution-token rule), so MKR
    ///      earned stays with who held the shares. The escrow (this pool) earns nothing itself: its
    ///      shares' MKR is worked out per request (`_execution`).
    function _move(address from, address to, uint256 amount, uint256 acc) internal {
        uint256 epoch = _epoch;
        Holder memory f = _holders[from];
        if (from != address(this)) _accrue(from, f, acc, epoch);
        else _sync(f, epoch, acc);
        if (amount > f.shares) _revertInsufficientBalance();
        // forge-lint: disable-next-line(unsafe-typecast)
        f.shares -= uint128(amount);
        _store(from, f);
        Holder memory t = _holders[to];
        if (to != address(this)) _accrue(to, t, acc, epoch);
        else _sync(t, epoch, acc);
        // forge-lint: disable-next-line(unsafe-typecast)
        t.shares += uint128(amount); // at most the supply
        _holders[to] = t;
        _emitTransfer(from, to, amount);
    }

    /// @dev Credits aside what `h`'s shares earned since their checkpoint (until their epoch ended, for a
    ///      record of an earlier epoch, whose shares are then gone), and moves the checkpoint to `acc`. The
    ///      caller stores `h`.
    function _accrue(address who, Holder memory h, uint256 acc, uint256 epoch) internal {
        uint256 mkrWad = _sync(h, epoch, acc);
        uint256 checkpoint = h.mkrCheckpoint;
        if (checkpoint != acc) {
            if (h.shares != 0) mkrWad += uint256(h.shares) * (acc - checkpoint) / RAY;
            // forge-lint: disable-next-line(unsafe-typecast)
            h.mkrCheckpoint = uint112(acc);
        }
        if (mkrWad != 0) {
            // Fits: what is credited is part of the MKR book.
            // forge-lint: disable-next-line(unsafe-typecast)
            _accounts[who].mkrCredited += uint128(mkrWad);
            h.credited = true;
        }
    }

    /// @dev Takes all the MKR `h`'s shares earned and was credited aside, for paying out. The caller
    ///      stores `h` and takes the amount off the MKR book.
    function _takeMkr(address who, Holder memory h, uint256 acc) internal returns (uint256 mkrWad) {
        uint256 checkpoint = h.mkrCheckpoint;
        if (checkpoint != acc) {
            mkrWad = uint256(h.shares) * (acc - checkpoint) / RAY;
            // forge-lint: disable-next-line(unsafe-typecast)
            h.mkrCheckpoint = uint112(acc);
        }
        if (h.credited) {
            Account storage a = _accounts[who];
            mkrWad += a.mkrCredited;
            a.mkrCredited = 0;
            h.credited = false;
        }
    }

    /// @dev Pays `daiWad` of the DAI held for holders, which the caller already took off its book (the
    ///      liquid book, or `owedDai`): ERC20 first, then the Vat part through the DaiJoin; after global
    ///      settlement cages the DaiJoin, the Vat part is paid as Vat DAI. `erc20Min`: a lower bound of the
    ///      ERC20 part before the payout, which saves reading the rest when it suffices.
    function _payDai(address to, uint256 daiWad, uint256 erc20Min) internal {
        if (daiWad <= erc20Min) {
            if (daiWad != 0) address(_dai()).safeTransfer(to, daiWad);
            return;
        }
        uint256 vatBooked = _vatBook;
        uint256 erc20Booked = uint256(_daiBook) + _owedDai + _releaseDai + daiWad - vatBooked;
        if (daiWad <= erc20Booked) {
            address(_dai()).safeTransfer(to, daiWad);
            return;
        }
        if (erc20Booked != 0) address(_dai()).safeTransfer(to, erc20Booked);
        uint256 fromVat = daiWad - erc20Booked;
        // forge-lint: disable-next-line(unsafe-typecast)
        _vatBook = uint96(vatBooked - fromVat);
        if (_daiJoin().live() == 1) _daiJoin().exit(to, fromVat);
        else _vat().move(address(this), to, fromVat * RAY);
    }

    /// @dev What skim's release has due now, as `_release` would bring it in: the DAI for `daiBook`, the MKR
    ///      for the accumulator and its step per share (0 MKR if the accumulator or the MKR book could not
    ///      take it: it stays to be released later). `update`: false while a round is open or nothing is
    ///      due; `pushBack`: fewer than 1e18 shares exist, so nothing is released and the end moves back.
    function _releaseDue()
        internal
        view
        returns (bool update, bool pushBack, uint256 daiOut, uint256 mkrOut, uint256 step)
    {
        if (_head != 0) return (false, false, 0, 0, 0);
        uint256 last = _releaseLast;
        if (block.timestamp <= last) return (false, false, 0, 0, 0);
        uint256 supply = _totalShares;
        if (supply < WAD) return (false, true, 0, 0, 0);
        update = true;
        uint256 end = _releaseEnd;
        daiOut = _releaseDai;
        mkrOut = _releaseMkr;
        if (block.timestamp < end) {
            daiOut = daiOut * (block.timestamp - last) / (end - last);
            mkrOut = mkrOut * (block.timestamp - last) / (end - last);
        }
        if (mkrOut != 0) {
            step = mkrOut * RAY / supply;
            if (step > MAX_MKR_PER_SHARE - _mkrPerShare || mkrOut > type(uint128).max - _mkrBook) {
                (mkrOut, step) = (0, 0);
            }
        }
    }

    /// @dev Brings skim's release up to date: releases the part of the DAI (into `daiBook`) and of the MKR
    ///      (into the accumulator) due since the last update, linearly until `releaseEnd`. Nothing is
    ///      released while a round is open (`_closeRound` then pushes the end back) or while fewer than
    ///      1e18 shares exist (the end is pushed back here). Never reverts.
    function _release() internal {
        (bool update, bool pushBack, uint256 daiOut, uint256 mkrOut, uint256 step) = _releaseDue();
        if (pushBack) _pushReleaseBack();
        if (!update) return;
        if (mkrOut != 0) {
            // Both fit: `_releaseDue` checked them.
            // forge-lint: disable-next-line(unsafe-typecast)
            _mkrPerShare += uint120(step);
            // forge-lint: disable-next-line(unsafe-typecast)
            _mkrBook += uint128(mkrOut);
        }
        uint256 daiLeft = _releaseDai - daiOut;
        uint256 mkrLeft = _releaseMkr - mkrOut;
        // All fit: released DAI was part of what the pool holds for holders, within MAX_DAI_WAD.
        // forge-lint: disable-next-line(unsafe-typecast)
        _daiBook += uint96(daiOut);
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseDai = uint96(daiLeft);
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseMkr = uint96(mkrLeft);
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseLast = uint32(block.timestamp);
        if (daiLeft == 0 && mkrLeft == 0) _flags &= ~RELEASING;
    }

    /// @dev The accumulator and the share epoch, one slot read.
    function _accAndEpoch() internal view returns (uint256 acc, uint256 epoch) {
        assembly {
            let word := sload(_mkrPerShare.slot)
            acc := and(shr(mul(_mkrPerShare.offset, 8), word), 0xffffffffffffffffffffffffffffff)
            epoch := and(shr(mul(_epoch.offset, 8), word), 0xff)
        }
    }

    /// @dev Stores `h` for `who`; an empty record (no shares, nothing credited aside: its checkpoint and
    ///      epoch no longer matter, `_sync` treats it as fresh) clears the slot instead.
    function _store(address who, Holder memory h) internal {
        if (h.shares == 0 && !h.credited) delete _holders[who];
        else _holders[who] = h;
    }

    /// @dev Nothing was released since `releaseLast` (a round was open, or too few shares): the end moves
    ///      back by as long.
    function _pushReleaseBack() internal {
        uint256 last = _releaseLast;
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseEnd = uint32(M.min(uint256(_releaseEnd) + block.timestamp - last, type(uint32).max));
        // forge-lint: disable-next-line(unsafe-typecast)
        _releaseLast = uint32(block.timestamp);
    }

    /// @dev ERC20 `Transfer(from, to, amount)` (the share token's event, declared by solady's ERC20).
    function _emitTransfer(address from, address to, uint256 amount) internal {
        assembly {
            mstore(0x00, amount)
            log3(0x00, 0x20, _TRANSFER_TOPIC, shr(96, shl(96, from)), shr(96, shl(96, to)))
        }
    }

    /// @dev Reverts `InsufficientBalance()` (solady ERC20's error, as its own transfers do).
    function _revertInsufficientBalance() internal pure {
        assembly {
            mstore(0x00, 0xf4d678b8)
            revert(0x1c, 0x04)
        }
    }

    /// @dev Every check `enterAuction` makes, in order, reverting with the error it reports; `quote` and
    ///      `canEnter` share it. Besides the auction's own state and the pool's limit and liquidity, it
    ///      refuses every auction whose position could not later be settled: a bid of under 1 DAI (a zero
    ///      bid would read as "no position") or over 2^64 nano-DAI, a lot of 0 or of 2^96 wei or more, a
    ///      `tic` past 2^48 (the Flopper's dent would overflow) or a settle time past 2^32, and a lot the
    ///      MKR book or the per-share accumulator could not take on top of every open position's (see the
    ///      contract's notes on liveness). With requests pending, it refuses a position settling after the
    ///      round's deadline.
    function _quote(uint256 id) internal view returns (IDaiBackstopSyndicate.Quote memory q) {
        if ((_flags & HALTED) != 0) revert IDaiBackstopSyndicate.PoolHalted();
        if (_flopper().live() != 1) revert IDaiBackstopSyndicate.FlopperNotLive();
        if (id > type(uint32).max) revert IDaiBackstopSyndicate.AuctionIdTooLarge(id);
        (uint256 bidRad, uint256 auctionLot, address guy, uint48 tic, uint48 end) = _flopper().bids(id);
        if (guy == address(0)) revert IDaiBackstopSyndicate.AuctionNotFound(id);
        if (guy == address(this)) revert IDaiBackstopSyndicate.AlreadyHighBidder(id);
        if (end <= block.timestamp || (tic != 0 && tic <= block.timestamp)) {
            revert IDaiBackstopSyndicate.AuctionFinished(id);
        }
        if (bidRad < MIN_BID_RAD || bidRad > MAX_BID_RAD) {
            revert IDaiBackstopSyndicate.BidOutOfRange(id, bidRad);
        }
        if (auctionLot == 0 || auctionLot > MAX_LOT_WAD) {
            revert IDaiBackstopSyndicate.LotOutOfRange(id, auctionLot);
        }
        // The Flopper sets `tic = now + ttl` in 48 bits; the position keeps `min(tic, end)` in 32.
        uint256 ticAfter = block.timestamp + _flopper().ttl();
        if (ticAfter > type(uint48).max) revert IDaiBackstopSyndicate.SettleTimeOutOfRange(id, ticAfter);
        q.settleAt = M.min(ticAfter, end);
        if (q.settleAt > type(uint32).max) revert IDaiBackstopSyndicate.SettleTimeOutOfRange(id, q.settleAt);
        // Requests are pending: every position of the round must be due by its deadline.
        if (_closeBy != 0 && q.settleAt > _closeBy) {
            revert IDaiBackstopSyndicate.RoundClosing(_closeBy, q.settleAt);
        }

        // The largest lot the Flopper accepts: beg * lot <= auctionLot * WAD, and lot < auctionLot. With
        // beg at most 1 (governance may file any value, 0 included) that is one wei less than the lot.
        uint256 beg = _flopper().beg();
        q.lotWad = beg <= WAD ? auctionLot - 1 : M.fullMulDiv(auctionLot, WAD, beg);
        // Implied price, rounded up against the pool: rad per wad is a ray-scaled price, then to wad. A lot
        // of 0 (a tiny auction lot, or a huge beg) has no finite price.
        q.priceWad = q.lotWad == 0 ? type(uint256).max : M.divUp(M.divUp(bidRad, q.lotWad), RAY_PER_WAD);
        uint256 limit = _limitWad();
        if (q.priceWad > limit) revert IDaiBackstopSyndicate.PriceAboveLimit(q.priceWad, limit);

        q.bidRad = bidRad;
        q.bidDaiWad = M.divUp(bidRad, RAD_PER_NANO) * WEI_PER_NANO;
        _quoteBooks(id, q);
    }

    /// @dev Part of `_quote`: the pool's side (one bid size, liquidity, room in the MKR book and the
    ///      accumulator).
    function _quoteBooks(uint256 id, IDaiBackstopSyndicate.Quote memory q) internal view {
        // Open positions all carry one bid (the Vow's `sump`), so that when a third party deletes
        // several auction records, booking one position's outcome from another's evidence can only
        // under-book, never book DAI the pool does not have (see `finalize`).
        uint256 headId = _head;
        if (headId != 0) {
            q.openBidDaiWad = _toWad(_positions[headId].lockedNano);
            if (q.openBidDaiWad != q.bidDaiWad) {
                revert IDaiBackstopSyndicate.BidMismatch(q.bidDaiWad, q.openBidDaiWad);
            }
        }
        uint256 staleNano = _positions[id].lockedNano;
        q.replaces = staleNano != 0;
        q.availableWad = uint256(_daiBook) + _toWad(staleNano);
        if (q.bidDaiWad > q.availableWad) revert IDaiBackstopSyndicate.InsufficientLiquidity(q.availableWad);
        // Every open position carries the same lock, so the locked book counts them. Each lot is below
        // 2^96: with this check at every entry, the MKR book can take every open lot when it is won.
        uint256 openCount = headId == 0 ? 0 : _lockedBook / q.openBidDaiWad;
        uint256 mkrBooked = _mkrBook;
        if ((type(uint128).max - mkrBooked) >> LOT_BITS <= openCount) {
            revert IDaiBackstopSyndicate.MkrBookFull(mkrBooked);
        }
        // A won lot credits `lot * 1e27 / supply` per share, and the supply cannot change until the round
        // closes: the accumulator must take every open lot and this one. (A re-entry still counts the lot
        // it replaces: stricter.)
        _checkMkrPerShare(q.lotWad);
    }

    /// @dev Part of `_quote`: at least one whole share, and room in the accumulator for every open lot and
    ///      `lotWad`.
    function _checkMkrPerShare(uint256 lotWad) internal view {
        uint256 supply = _totalShares;
        if (supply < WAD) revert IDaiBackstopSyndicate.TooFewShares(supply);
        uint256 acc = _mkrPerShare;
        if (M.fullMulDivUp(uint256(_openLots) + lotWad, RAY, supply) > MAX_MKR_PER_SHARE - acc) {
            revert IDaiBackstopSyndicate.MkrPerShareFull(acc);
        }
    }
}
