// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "./interfaces/IDaiBackstopSyndicate.sol";
import {IFlopper} from "./interfaces/IFlopper.sol";
import {ISyndicate} from "./interfaces/ISyndicate.sol";
import {SyndicateStorage} from "./SyndicateStorage.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

/// @title Dai Backstop Syndicate: views
/// @notice The syndicate's read-only views for UIs and keepers. Call them on the syndicate: its fallback
///         runs this code by delegatecall, in the syndicate's storage. Called here directly, they read
///         this contract's own, empty, storage.
/// @dev Split from `DaiBackstopSyndicate` so its code stays under EIP-170's 24,576 bytes. Only `view`
///      functions: no storage write, no value, no call but static calls (Forge's SyndicateViewsCode test
///      walks the deployed code for SSTORE, CALL, DELEGATECALL, CREATE and SELFDESTRUCT). Each syndicate
///      deploys its own copy in its constructor. The syndicate's immutables are read through the
///      syndicate itself (`address(this)` is the syndicate under delegatecall).
contract SyndicateViews is SyndicateStorage {
    /// @notice See `ISyndicate.nav`.
    function nav() external view returns (uint256 daiBookWad, uint256 lockedBookWad, uint256 mkrBookWad) {
        return (_daiBook, _lockedBook, _mkrBook);
    }

    /// @notice See `ISyndicate.previewEnlist`.
    function previewEnlist(uint256 daiWad) external view returns (uint256 shares) {
        uint256 supply = _totalShares;
        uint256 navDai = uint256(_daiBook) + _lockedBook;
        if (supply == 0) return daiWad;
        if (navDai == 0) return 0;
        return M.fullMulDiv(daiWad, supply, navDai);
    }

    /// @notice See `ISyndicate.previewDefect`.
    function previewDefect(uint256 shares) external view returns (uint256 daiWad) {
        uint256 supply = _totalShares;
        if (supply == 0) return 0;
        return M.fullMulDiv(shares, uint256(_daiBook) + _lockedBook, supply);
    }

    /// @notice See `ISyndicate.maxDefect`.
    function maxDefect(address holder) external view returns (uint256 shares) {
        if (_head != 0) return 0;
        return _holders[holder].shares;
    }

    /// @notice See `ISyndicate.positions`.
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

    /// @notice See `ISyndicate.openPositions`.
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

    /// @notice See `ISyndicate.settlementDue`.
    function settlementDue() external view returns (uint256 id) {
        return _dueId();
    }

    /// @notice See `ISyndicate.canEnter`.
    function canEnter(uint256 id) external view returns (bool ok, bytes memory refusal) {
        // `quote` reverts with the very error `enterAuction` would: catch it as the refusal.
        try ISyndicate(address(this)).quote(id) returns (IDaiBackstopSyndicate.Quote memory q) {
            // `enterAuction` appends after the tail; a position being replaced leaves the queue first.
            uint256 tail = _tail;
            if (q.replaces && tail == id) tail = _positions[id].prev;
            if (tail != 0 && _positions[tail].settleAt > q.settleAt) {
                refusal = abi.encodeWithSelector(IDaiBackstopSyndicate.InsertionHintRequired.selector, q.settleAt);
            }
            ok = refusal.length == 0;
        } catch (bytes memory reason) {
            // Not ok, whatever came back: a quote that ran out of gas reverts with no data.
            refusal = reason;
        }
    }

    /// @notice See `ISyndicate.insertionPoint`.
    function insertionPoint(uint256 settleAt) external view returns (uint256 prevId) {
        prevId = _tail;
        while (prevId != 0 && _positions[prevId].settleAt > settleAt) prevId = _positions[prevId].prev;
    }

    /// @notice See `ISyndicate.round`.
    function round() external view returns (IDaiBackstopSyndicate.Round memory r) {
        r.id = _round;
        r.open = _head != 0;
        r.closeBy = _closeBy;
        r.enlistDaiWad = _requestedDai;
        r.defectShares = _requestedShares;
    }

    /// @notice See `ISyndicate.pending`.
    function pending(address holder) external view returns (IDaiBackstopSyndicate.Pending memory p) {
        Account memory a = _accounts[holder];
        Lock memory lock = _locks[holder];
        p.round = a.round;
        p.enlistDaiWad = a.enlistDai;
        p.defectShares = lock.shares;
        p.executed = a.round != 0 && a.round != _round;
        if (p.executed) {
            uint256 mkrWad;
            (p.sharesOut, p.daiOutWad,, mkrWad) = _execution(a, lock, _closed[a.round], _mkrPerShare);
            p.mkrWad = mkrWad;
        }
        p.mkrWad += _claimableMkr(holder);
    }

    /// @notice See `ISyndicate.claimableMkr`.
    function claimableMkr(address holder) external view returns (uint256 mkrWad) {
        mkrWad = _claimableMkr(holder);
        Account memory a = _accounts[holder];
        if (a.round != 0 && a.round != _round) {
            (,,, uint256 requestsMkr) = _execution(a, _locks[holder], _closed[a.round], _mkrPerShare);
            mkrWad += requestsMkr;
        }
    }

    /// @notice See `ISyndicate.mkrPerShareRay`.
    function mkrPerShareRay() external view returns (uint256) {
        return _mkrPerShare;
    }

    /// @notice See `ISyndicate.release`.
    function release() external view returns (IDaiBackstopSyndicate.Release memory r) {
        r.daiWad = _releaseDai;
        r.mkrWad = _releaseMkr;
        r.last = _releaseLast;
        r.end = _releaseEnd;
    }

    /// @notice See `ISyndicate.status`.
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

    /// @notice See `ISyndicate.evidencePooled`.
    function evidencePooled() external view returns (bool) {
        return (_flags & EVIDENCE_POOLED) != 0;
    }

    /// @notice See `ISyndicate.quote`.
    function quote(uint256 id) external view returns (IDaiBackstopSyndicate.Quote memory q) {
        return _quote(id);
    }

    /// @notice See `ISyndicate.owner`.
    function owner() external view returns (address) {
        return _owner;
    }

    /// @notice See `ISyndicate.pendingOwner`.
    function pendingOwner() external view returns (address) {
        return _pendingOwner;
    }

    function _flopper() internal view override returns (IFlopper) {
        return IDaiBackstopSyndicate(address(this)).flopper();
    }

    function _limitWad() internal view override returns (uint256) {
        return IDaiBackstopSyndicate(address(this)).limitWad();
    }
}
