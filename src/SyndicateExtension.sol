// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateBase} from "./SyndicateBase.sol";
import {IDai} from "./interfaces/IDai.sol";
import {IDaiBackstopSyndicate} from "./interfaces/IDaiBackstopSyndicate.sol";
import {IDaiJoin} from "./interfaces/IDaiJoin.sol";
import {IFlopper} from "./interfaces/IFlopper.sol";
import {IMkr} from "./interfaces/IMkr.sol";
import {ISyndicate} from "./interfaces/ISyndicate.sol";
import {ISyndicateExtension} from "./interfaces/ISyndicateExtension.sol";
import {IVat} from "./interfaces/IVat.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";
import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";

/// @title Dai Backstop Syndicate: extension
/// @notice The rest of the syndicate's code: round requests (`requestEnlist`, `requestDefect`), cancels,
///         claims, and the read-only views for UIs and keepers. Call them on the syndicate: its fallback runs
///         this code by delegatecall, in the syndicate's storage, with the syndicate's errors and events.
///         Called here directly, they act on this contract's own, empty, storage and hold nothing.
/// @dev Split from `DaiBackstopSyndicate` so its code stays under EIP-170's 24,576 bytes. Each syndicate
///      deploys its own copy in its constructor (its address is the syndicate's immutable `extension`).
///      Like the syndicate, it inherits every state variable from `SyndicateBase` and declares none, so
///      both see one layout. The syndicate's immutables are read by calling the syndicate
///      (`address(this)` is the syndicate under delegatecall). It has no fallback, holds no ETH and makes
///      no delegatecall of its own.
contract SyndicateExtension is SyndicateBase, ISyndicateExtension {
    using SafeTransferLib for address;

    // ================================================================ round requests and claims

    /// @inheritdoc ISyndicateExtension
    function requestEnlist(uint256 daiWad) external {
        if ((_flags & HALTED) != 0) revert IDaiBackstopSyndicate.PoolHalted();
        if (_head == 0) revert IDaiBackstopSyndicate.NoRoundOpen();
        if (daiWad == 0) revert IDaiBackstopSyndicate.ZeroAmount();
        uint256 heldWad = uint256(_daiBook) + _lockedBook + _owedDai + _releaseDai + _requestedDai;
        if (daiWad > MAX_DAI_WAD - heldWad) {
            revert IDaiBackstopSyndicate.DepositTooLarge(MAX_DAI_WAD - heldWad);
        }
        uint256 r = _enterRound(msg.sender);

        address(_dai()).safeTransferFrom(msg.sender, address(this), daiWad);
        // Both fit: the DAI held for holders, requests included, stays within MAX_DAI_WAD (checked above).
        // forge-lint: disable-next-line(unsafe-typecast)
        _accounts[msg.sender].enlistDai += uint96(daiWad);
        // forge-lint: disable-next-line(unsafe-typecast)
        _requestedDai += uint96(daiWad);
        emit IDaiBackstopSyndicate.EnlistRequested(msg.sender, r, daiWad);
    }

    /// @inheritdoc ISyndicateExtension
    function requestDefect(uint256 shares) external {
        if (_head == 0) revert IDaiBackstopSyndicate.NoRoundOpen();
        if (shares == 0) revert IDaiBackstopSyndicate.ZeroAmount();
        uint256 r = _enterRound(msg.sender);
        uint256 balance = _balance(msg.sender);
        if (shares > balance) revert IDaiBackstopSyndicate.InsufficientShares(balance, shares);

        uint256 acc = _mkrPerShare;
        Lock memory lock = _locks[msg.sender];
        _accrueLock(msg.sender, lock, acc);
        // Fits: at most the supply.
        // forge-lint: disable-next-line(unsafe-typecast)
        lock.shares += uint128(shares);
        _locks[msg.sender] = lock;
        _move(msg.sender, address(this), shares, acc);
        // forge-lint: disable-next-line(unsafe-typecast)
        _requestedShares += uint128(shares);
        emit IDaiBackstopSyndicate.DefectRequested(msg.sender, r, shares);
    }

    /// @inheritdoc ISyndicateExtension
    function cancelEnlist() external returns (uint256 daiWad) {
        Account storage a = _accounts[msg.sender];
        daiWad = a.enlistDai;
        if (daiWad == 0) revert IDaiBackstopSyndicate.NoRequest(msg.sender);
        uint256 r = a.round;
        if (r != _round) revert IDaiBackstopSyndicate.RequestLocked(r);
        a.enlistDai = 0;
        if (_locks[msg.sender].shares == 0) a.round = 0;
        // forge-lint: disable-next-line(unsafe-typecast)
        _requestedDai -= uint96(daiWad); // the holder's request is part of the round's total
        _liftDeadlineIfNoRequest();
        address(_dai()).safeTransfer(msg.sender, daiWad);
        emit IDaiBackstopSyndicate.EnlistCancelled(msg.sender, r, daiWad);
    }

    /// @inheritdoc ISyndicateExtension
    function cancelDefect() external returns (uint256 shares) {
        Lock memory lock = _locks[msg.sender];
        shares = lock.shares;
        if (shares == 0) revert IDaiBackstopSyndicate.NoRequest(msg.sender);
        Account storage a = _accounts[msg.sender];
        uint256 r = a.round;
        if (r != _round) revert IDaiBackstopSyndicate.RequestLocked(r);
        uint256 acc = _mkrPerShare;
        _accrueLock(msg.sender, lock, acc);
        delete _locks[msg.sender];
        if (a.enlistDai == 0) a.round = 0;
        // forge-lint: disable-next-line(unsafe-typecast)
        _requestedShares -= uint128(shares);
        _liftDeadlineIfNoRequest();
        _move(address(this), msg.sender, shares, acc);
        emit IDaiBackstopSyndicate.DefectCancelled(msg.sender, r, shares);
    }

    /// @inheritdoc ISyndicateExtension
    function claim(address holder) external returns (uint256 shares, uint256 daiWad, uint256 mkrWad) {
        uint256 r = _accounts[holder].round;
        if (r == 0) revert IDaiBackstopSyndicate.NoRequest(holder);
        if (r == _round) revert IDaiBackstopSyndicate.RequestPending(r);
        (shares, daiWad, mkrWad) = _claim(holder, r);
    }

    /// @dev Joins `holder`'s requests to the current round: one of a closed round is claimed first. Sets
    ///      the round's deadline at the first request: positions already open settle by it (each settles
    ///      within `ttl` of its entry and by its auction's `end`), and `_quote` refuses any settling later.
    function _enterRound(address holder) internal returns (uint256 r) {
        r = _round;
        uint256 previous = _accounts[holder].round;
        if (previous != 0 && previous != r) _claim(holder, previous);
        // forge-lint: disable-next-line(unsafe-typecast)
        _accounts[holder].round = uint32(r);
        if (_closeBy == 0) {
            uint256 closeBy = block.timestamp + M.min(_flopper().ttl(), _flopper().tau());
            // forge-lint: disable-next-line(unsafe-typecast)
            _closeBy = uint32(M.min(closeBy, type(uint32).max));
        }
    }

    /// @dev The round's last request was cancelled: nobody waits any more, so new positions may again settle
    ///      after the deadline (the next request sets a new one). A request and its cancel cost their sender
    ///      gas, and hold the pool's entries back only while the request stands.
    function _liftDeadlineIfNoRequest() internal {
        if (_requestedDai == 0 && _requestedShares == 0) _closeBy = 0;
    }

    /// @dev Pays `holder` their executed requests of closed round `r` and all their MKR.
    function _claim(
        address holder,
        uint256 r
    ) internal returns (uint256 shares, uint256 daiWad, uint256 mkrWad) {
        if ((_flags & RELEASING) != 0) _release();
        (uint256 acc, uint256 epoch) = _accAndEpoch();
        Account memory a = _accounts[holder];
        Lock memory lock = _locks[holder];
        Closed memory c = _closed[r];
        uint256 exitDai;
        (shares, daiWad, exitDai, mkrWad) = _execution(a, lock, c, acc);
        // What the round's other requesters have left to collect. All fit: each part is at most its total.
        if (a.enlistDai != 0) {
            c.enlistDaiLeft -= a.enlistDai;
            // forge-lint: disable-next-line(unsafe-typecast)
            c.mintedLeft -= uint128(shares);
        }
        if (lock.shares != 0) {
            c.defectSharesLeft -= lock.shares;
            // forge-lint: disable-next-line(unsafe-typecast)
            c.paidDaiLeft -= uint96(exitDai);
            delete _locks[holder];
        }
        _closed[r] = c;
        Account storage account = _accounts[holder];
        account.round = 0;
        account.enlistDai = 0;
        // Shares minted at the close and written off since are gone (their MKR is counted above).
        if (c.epoch != epoch) shares = 0;
        if (shares != 0) _move(address(this), holder, shares, acc);
        Holder memory h = _holders[holder];
        mkrWad += _sync(h, epoch, acc);
        mkrWad += _takeMkr(holder, h, acc);
        _store(holder, h);

        if (daiWad != 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            uint96 owed = _owedDai - uint96(daiWad); // set aside at the close
            _owedDai = owed;
            if (owed == 0) _flags &= ~OWED;
            _payDai(holder, daiWad, 0);
        }
        if (mkrWad != 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            _mkrBook -= uint128(mkrWad);
            address(_mkr()).safeTransfer(holder, mkrWad);
        }
        emit IDaiBackstopSyndicate.Claimed(holder, r, shares, daiWad, mkrWad);
    }

    /// @dev Credits aside what a pending exit request's locked shares earned, and moves its checkpoint to
    ///      `acc`. The caller stores `l`.
    function _accrueLock(address who, Lock memory lock, uint256 acc) internal {
        if (lock.shares != 0 && lock.mkrCheckpoint != acc) {
            uint256 mkrWad = uint256(lock.shares) * (acc - lock.mkrCheckpoint) / RAY;
            if (mkrWad != 0) {
                // forge-lint: disable-next-line(unsafe-typecast)
                _accounts[who].mkrCredited += uint128(mkrWad);
                _holders[who].credited = true;
            }
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        lock.mkrCheckpoint = uint120(acc);
    }

    // ================================================================ views

    /// @inheritdoc ISyndicateExtension
    function nav() external view returns (uint256 daiBookWad, uint256 lockedBookWad, uint256 mkrBookWad) {
        return (_daiBook, _lockedBook, _mkrBook);
    }

    /// @inheritdoc ISyndicateExtension
    function previewEnlist(uint256 daiWad) external view returns (uint256 shares) {
        uint256 supply = _totalShares;
        // Shares that own almost nothing are written off by the deposit (see `enlist`).
        if (
            supply == 0
                || (_writesOff(uint256(_daiBook) + _lockedBook + _releasingTo(supply), supply)
                    && _epoch < MAX_EPOCH)
        ) {
            return daiWad;
        }
        uint256 navDai = _daiBookReleased() + _lockedBook;
        if (navDai == 0) return 0;
        return M.fullMulDiv(daiWad, supply, navDai);
    }

    /// @inheritdoc ISyndicateExtension
    function previewDefect(uint256 shares) external view returns (uint256 daiWad) {
        uint256 supply = _totalShares;
        if (supply == 0) return 0;
        return M.fullMulDiv(shares, _daiBookReleased() + _lockedBook, supply);
    }

    /// @inheritdoc ISyndicateExtension
    function maxDefect(address holder) external view returns (uint256 shares) {
        if (_head != 0) return 0;
        return _balance(holder);
    }

    /// @inheritdoc ISyndicateExtension
    function positions(uint256 id) external view returns (IDaiBackstopSyndicate.Position memory position) {
        Packed memory p = _positions[id];
        return IDaiBackstopSyndicate.Position({
            lockedDaiWad: _toWad(p.lockedNano),
            lotWad: p.lot,
            settleAt: p.settleAt,
            prev: p.prev,
            next: p.next
        });
    }

    /// @inheritdoc ISyndicateExtension
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

    /// @inheritdoc ISyndicateExtension
    function settlementDue() external view returns (uint256 id) {
        return _dueId();
    }

    /// @inheritdoc ISyndicateExtension
    function canEnter(uint256 id) external view returns (bool ok, bytes memory refusal) {
        // `quote` reverts with the very error `enterAuction` would: catch it as the refusal.
        try ISyndicate(address(this)).quote(id) returns (IDaiBackstopSyndicate.Quote memory q) {
            // `enterAuction` appends after the tail; a position being replaced leaves the queue first.
            uint256 tail = _tail;
            if (q.replaces && tail == id) tail = _positions[id].prev;
            if (tail != 0 && _positions[tail].settleAt > q.settleAt) {
                refusal =
                    abi.encodeWithSelector(IDaiBackstopSyndicate.InsertionHintRequired.selector, q.settleAt);
            }
            ok = refusal.length == 0;
        } catch (bytes memory reason) {
            // Not ok, whatever came back: a quote that ran out of gas reverts with no data.
            refusal = reason;
        }
    }

    /// @inheritdoc ISyndicateExtension
    function insertionPoint(uint256 settleAt) external view returns (uint256 prevId) {
        prevId = _tail;
        while (prevId != 0 && _positions[prevId].settleAt > settleAt) prevId = _positions[prevId].prev;
    }

    /// @inheritdoc ISyndicateExtension
    function round() external view returns (IDaiBackstopSyndicate.Round memory r) {
        r.id = _round;
        r.open = _head != 0;
        r.closeBy = _closeBy;
        r.enlistDaiWad = _requestedDai;
        r.defectShares = _requestedShares;
    }

    /// @inheritdoc ISyndicateExtension
    function pending(address holder) external view returns (IDaiBackstopSyndicate.Pending memory p) {
        Account memory a = _accounts[holder];
        Lock memory lock = _locks[holder];
        p.round = a.round;
        p.enlistDaiWad = a.enlistDai;
        p.defectShares = lock.shares;
        p.executed = a.round != 0 && a.round != _round;
        if (p.executed) {
            uint256 mkrWad;
            IDaiBackstopSyndicate.Pending memory q = p; // (stack)
            Closed memory c = _closed[a.round];
            (q.sharesOut, q.daiOutWad,, mkrWad) = _execution(a, lock, c, _accReleased());
            if (c.epoch != _epoch) q.sharesOut = 0; // written off since the close
            q.mkrWad = mkrWad;
        }
        p.mkrWad += _claimableMkr(holder);
    }

    /// @inheritdoc ISyndicateExtension
    function claimableMkr(address holder) external view returns (uint256 mkrWad) {
        mkrWad = _claimableMkr(holder);
        Account memory a = _accounts[holder];
        if (a.round != 0 && a.round != _round) {
            (,,, uint256 requestsMkr) = _execution(a, _locks[holder], _closed[a.round], _accReleased());
            mkrWad += requestsMkr;
        }
    }

    /// @inheritdoc ISyndicateExtension
    function mkrPerShareRay() external view returns (uint256) {
        return _mkrPerShare;
    }

    /// @inheritdoc ISyndicateExtension
    function release() external view returns (IDaiBackstopSyndicate.Release memory r) {
        r.daiWad = _releaseDai;
        r.mkrWad = _releaseMkr;
        r.last = _releaseLast;
        r.end = _releaseEnd;
    }

    /// @inheritdoc ISyndicateExtension
    function status() external view returns (IDaiBackstopSyndicate.Status memory s) {
        s.halted = (_flags & HALTED) != 0;
        s.evidencePooled = (_flags & EVIDENCE_POOLED) != 0;
        IDaiBackstopSyndicate self = IDaiBackstopSyndicate(address(this));
        s.flopperLive = self.flopper().live() == 1;
        s.daiJoinLive = self.daiJoin().live() == 1;
        s.daiBookWad = _daiBook;
        s.lockedBookWad = _lockedBook;
        s.mkrBookWad = _mkrBook;
        s.totalShares = _totalShares;
        for (uint256 id = _head; id != 0; id = _positions[id].next) {
            ++s.openPositions;
        }
        s.settlementDue = _dueId();
        s.round = _round;
        s.roundOpen = _head != 0;
        s.closeBy = _closeBy;
    }

    /// @inheritdoc ISyndicateExtension
    function evidencePooled() external view returns (bool) {
        return (_flags & EVIDENCE_POOLED) != 0;
    }

    /// @inheritdoc ISyndicateExtension
    function quote(uint256 id) external view returns (IDaiBackstopSyndicate.Quote memory q) {
        return _quote(id);
    }

    /// @inheritdoc ISyndicateExtension
    function owner() external view returns (address) {
        return _owner;
    }

    /// @inheritdoc ISyndicateExtension
    function pendingOwner() external view returns (address) {
        return _pendingOwner;
    }

    function _vat() internal view override returns (IVat) {
        return IDaiBackstopSyndicate(address(this)).vat();
    }

    function _daiJoin() internal view override returns (IDaiJoin) {
        return IDaiBackstopSyndicate(address(this)).daiJoin();
    }

    function _flopper() internal view override returns (IFlopper) {
        return IDaiBackstopSyndicate(address(this)).flopper();
    }

    function _dai() internal view override returns (IDai) {
        return IDaiBackstopSyndicate(address(this)).dai();
    }

    function _mkr() internal view override returns (IMkr) {
        return IDaiBackstopSyndicate(address(this)).mkr();
    }

    function _limitWad() internal view override returns (uint256) {
        return IDaiBackstopSyndicate(address(this)).limitWad();
    }

    /// @inheritdoc ISyndicateExtension
    function shareEpoch() external view returns (uint256) {
        return _epoch;
    }
}
