// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {ContributorHandler} from "test/invariant/handlers/ContributorHandler.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";
import {RevertReason} from "test/invariant/handlers/RevertReason.sol";

/// @title KeeperHandler: anyone's permissionless calls
/// @notice Enters the pool into auctions (with the queue hint from `insertionPoint` when the new
///         position settles before the last one) and finalizes positions (what third parties do on the
///         Flopper is FlopperHandler's). Around every bid it lets a
///         contributor act (`ContributorHandler.aroundBid`): just before `enterAuction`, right after it
///         (the bid is running), and right after `finalize` (the round may just have closed).
/// @dev Whether the pool may enter is decided here from the spec and the Flopper's records, and then
///      compared with the pool's own `canEnter`; the fate of every position is reported to the Ghost
///      from what the Flopper did, never from what the pool says. The keeper may spend the pool's last DAI:
///      if the bids win, the next deposit writes the shares off (share epochs; see the Ghost).
contract KeeperHandler is HandlerBase {
    /// @dev At each edge of a bid a contributor acts one time in AROUND_ODDS.
    uint256 internal constant AROUND_ODDS = 2;

    bytes32 internal constant ROUND_CLOSED =
        keccak256("RoundClosed(uint256,uint256,uint256,uint256,uint256,uint256,uint256)");
    bytes32 internal constant AUCTION_FINALIZED = keccak256("AuctionFinalized(uint256,bool,uint256,uint256)");

    ContributorHandler internal immutable contributors;

    constructor(Ghost ghost_, ContributorHandler contributors_) HandlerBase(ghost_) {
        contributors = contributors_;
    }

    // ================================================================ targets

    /// @notice Enters the pool into the first auction from `auctionSeed` on that it may enter. A contributor
    ///         may act just before, and another right after.
    function enterAuction(uint256 auctionSeed, uint256 hintSeed) external {
        _count("keeper.enterAuction");
        if (_rare(hintSeed >> 1, AROUND_ODDS)) contributors.aroundBid(hintSeed >> 8);
        uint256 n = flop.kicks();
        if (n == 0) return _skip("enter.noAuction");
        Choice memory c;
        for (uint256 k; k < n; ++k) {
            _consider(1 + (auctionSeed % n + k) % n, c, k == 0);
        }
        // Only reached when `canEnter` disagrees with the rules (a bug, already a view mismatch): enter as
        // a keeper that trusts it would, so that the liveness property sees what the position does.
        if (c.id == 0 && c.refused != 0) return _enterRefused(c.refused);
        if (c.id == 0) return _skip(string.concat("enter.none.", _errorName(c.firstErr)));
        if (pool.halted()) return _probeEnter(c.id, c.lot);
        _enter(c.id, c.lot, c.end, hintSeed);
        if (_rare(hintSeed >> 2, AROUND_ODDS)) contributors.aroundBid(hintSeed >> 16);
    }

    /// @dev The auction to enter (id 0: none), its lot and end; the first candidate's error; a candidate
    ///      `canEnter` accepts against the rules.
    struct Choice {
        uint256 id;
        uint256 lot;
        uint256 end;
        bytes4 firstErr;
        uint256 refused;
    }

    /// @dev Checks `canEnter(candidate)` against the rules, and picks it if the pool may enter it and no
    ///      candidate was picked yet.
    function _consider(uint256 candidate, Choice memory c, bool first) internal {
        (bytes4 err, uint256 candidateLot, uint256 candidateEnd) = _entryError(candidate, false, false);
        if (first) c.firstErr = err;
        (bool ok, bytes memory reason) = pool.canEnter(candidate);
        bytes4 expected = err == bytes4(0) ? _hintError(candidate, candidateEnd) : err;
        if (ok != (expected == bytes4(0)) || bytes4(reason) != expected) {
            ghost.onViewMismatch(string.concat("canEnter: expected ", _errorName(expected)));
            // The pool would enter (maybe with a hint) where the rules refuse: a keeper trusting
            // `canEnter` does.
            bool wouldEnter = ok || bytes4(reason) == I.InsertionHintRequired.selector;
            if (wouldEnter && err != bytes4(0) && err != I.PoolHalted.selector && c.refused == 0) {
                c.refused = candidate;
            }
        }
        if (c.id != 0 || (err != bytes4(0) && err != I.PoolHalted.selector)) return;
        (err,,) = _entryError(candidate, true, false);
        if (err != bytes4(0)) return;
        // `enterAuction` first brings skim's release up to date, which `canEnter` does not see: enter only
        // where both agree.
        (bytes4 errReleased,,) = _entryError(candidate, true, true);
        if (errReleased != bytes4(0)) return _skip("enter.releasePending");
        (c.id, c.lot, c.end) = (candidate, candidateLot, candidateEnd);
    }

    /// @notice Finalizes one of the open positions, if its outcome is known; a contributor may act right
    ///         after.
    function finalize(uint256 positionSeed) external {
        _count("keeper.finalize");
        uint256[] memory ids = ghost.openIds();
        if (ids.length == 0) return _skip("finalize.noPosition");
        if (finalizeId(ids[positionSeed % ids.length]) && _rare(positionSeed >> 1, AROUND_ODDS)) {
            contributors.aroundBid(positionSeed >> 8);
        }
    }

    /// @notice Finalizes the position that is due, as a keeper watching `settlementDue` (the round's
    ///         requests wait for it); a contributor may act right after.
    function finalizeDue(uint256 seed) external {
        _count("keeper.finalizeDue");
        uint256 id = pool.settlementDue();
        if (id == 0) return _skip("finalizeDue.noneDue");
        if (finalizeId(id) && _rare(seed, AROUND_ODDS)) contributors.aroundBid(seed >> 8);
    }

    // ================================================================ for the test's afterInvariant

    /// @notice Finalizes position `id` if its outcome is known; returns whether it did. The `finalize` that
    ///         empties the queue closes the round: its `RoundClosed` values go to the Ghost, which checks
    ///         them against the spec.
    function finalizeId(uint256 id) public returns (bool) {
        (,, address guy, uint48 tic, uint48 end) = _bids(id);
        bool live = flop.live() == 1;
        bool poolHolds = guy == address(pool);
        if (poolHolds && live && !(tic != 0 && (tic < block.timestamp || end < block.timestamp))) {
            _skip("finalize.stillRunning");
            return false;
        }
        Ghost.Fate fate = !poolHolds ? Ghost.Fate.None : live ? Ghost.Fate.Dealt : Ghost.Fate.Refunded;
        uint256 lockedDai = pool.positions(id).lockedDaiWad;
        bool won;
        vm.recordLogs();
        // A call the rules allow (the outcome is known): a revert fails the run, with its reason named.
        try pool.finalize(id) returns (bool w) {
            won = w;
        } catch (bytes memory err) {
            revert(string.concat("11: finalize(", vm.toString(id), ") reverted: ", RevertReason.decode(err)));
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        _count(won ? "keeper.finalize.won" : "keeper.finalize.refund");
        if (!won && _refundBooked(logs, id) < lockedDai) {
            _count("keeper.finalize.refundHeldBack");
            ghost.onRefundHeldBack(id);
        }
        ghost.onFinalized(id, won, fate);
        if (ghost.openIds().length == 0) _queueEmptied(logs);
        return true;
    }

    // ================================================================ internals

    /// @dev The error `enterAuction(id)` must revert with, per the spec and the Flopper, or 0; and the
    ///      lot the pool must ask for and the auction's end. Liveness (spec 11): whatever governance
    ///      filed, the pool refuses every auction whose position could not later be settled. With
    ///      requests pending (property 12), it refuses a position settling after the round's deadline.
    ///      `released`: with skim's release brought up to date first, as `enterAuction` does when it opens
    ///      a round (`canEnter` does not).
    function _entryError(
        uint256 id,
        bool ignoreHalt,
        bool released
    ) internal view returns (bytes4 err, uint256 lot, uint256 end) {
        uint256 bid;
        (err, lot, bid, end) = _auctionError(id, ignoreHalt);
        if (err != bytes4(0)) return (err, 0, 0);
        (uint256 releasedDai, uint256 releasedMkr) =
            released && !ghost.roundOpen() ? ghost.releaseDue() : (0, 0);
        err = _fundingError(id, ghost.lockedDaiOf(bid), releasedDai);
        if (err == bytes4(0)) err = _mkrBookError(releasedMkr);
        if (err == bytes4(0)) err = _mkrPerShareError(lot, releasedMkr);
        if (err != bytes4(0)) return (err, 0, 0);
    }

    /// @dev `_entryError`'s checks of the auction itself, in the pool's order, up to the price; with the
    ///      lot to ask, the auction's bid and its end.
    function _auctionError(
        uint256 id,
        bool ignoreHalt
    ) internal view returns (bytes4, uint256 lot, uint256 bid, uint256 end) {
        if (!ignoreHalt && pool.halted()) return (I.PoolHalted.selector, 0, 0, 0);
        if (flop.live() != 1) return (I.FlopperNotLive.selector, 0, 0, 0);
        uint256 auctionLot;
        address guy;
        uint48 tic;
        (bid, auctionLot, guy, tic, end) = _bids(id);
        if (guy == address(0)) return (I.AuctionNotFound.selector, 0, 0, 0);
        if (guy == address(pool)) return (I.AlreadyHighBidder.selector, 0, 0, 0);
        if (end <= block.timestamp || (tic != 0 && tic <= block.timestamp)) {
            return (I.AuctionFinished.selector, 0, 0, 0);
        }
        // A position keeps the bid in 64 bits of nano-DAI (and a zero lock would read as "no position"),
        // the lot in 96 bits, and settles at min(now + ttl, end), which must fit the Flopper's 48-bit
        // `tic` and the position's 32 bits.
        if (bid < RAD || bid > uint256(type(uint64).max) * 1e36) return (I.BidOutOfRange.selector, 0, 0, 0);
        if (auctionLot == 0 || auctionLot > type(uint96).max) return (I.LotOutOfRange.selector, 0, 0, 0);
        if (block.timestamp + flop.ttl() > type(uint48).max) {
            return (I.SettleTimeOutOfRange.selector, 0, 0, 0);
        }
        uint256 settleAt = M.min(block.timestamp + flop.ttl(), end);
        if (settleAt > type(uint32).max) return (I.SettleTimeOutOfRange.selector, 0, 0, 0);
        // Property 12: every position of a round with requests is due by its deadline.
        uint256 closeBy = ghost.closeBy();
        if (closeBy != 0 && settleAt > closeBy) return (I.RoundClosing.selector, 0, 0, 0);
        // The largest lot the Flopper accepts: beg * lot <= auctionLot * ONE and lot < auctionLot (a
        // `beg` of 0 bounds nothing).
        uint256 beg = flop.beg();
        lot = beg == 0 ? auctionLot - 1 : M.min(auctionLot * WAD / beg, auctionLot - 1);
        // bid / lot <= price, in wad DAI per MKR: bid [rad] / 1e27 per lot [wad] / 1e18.
        if (lot == 0 || bid > pool.limitWad() * lot * 1e9) return (I.PriceAboveLimit.selector, 0, 0, 0);
        return (bytes4(0), lot, bid, end);
    }

    /// @dev Every open lot is below 2^96, so the MKR book (128 bits) can take them all once won only if
    ///      `mkrBook + (open positions + 1) * 2^96` fits; otherwise the entry is refused.
    function _mkrBookError(uint256 releasedMkr) internal view returns (bytes4) {
        (,, uint256 mkrBook) = pool.nav();
        uint256 room = (type(uint128).max - mkrBook - releasedMkr) >> 96;
        return room <= ghost.openIds().length ? I.MkrBookFull.selector : bytes4(0);
    }

    /// @dev A won lot credits `lot * 1e27 / supply` to every share, and the supply is frozen until the round
    ///      closes: at least one whole share, and room in the accumulator (112 bits) for every open lot and
    ///      this one, rounded up.
    function _mkrPerShareError(uint256 lot, uint256 releasedMkr) internal view returns (bytes4) {
        uint256 supply = ghost.supply();
        if (supply < WAD) return I.TooFewShares.selector;
        uint256 acc = pool.mkrPerShareRay() + releasedMkr * RAY / supply;
        uint256 lots = lot;
        uint256[] memory open = ghost.openIds();
        for (uint256 i; i < open.length; ++i) {
            lots += ghost.position(open[i]).lot;
        }
        return
            M.fullMulDivUp(lots, RAY, supply) > type(uint112).max - acc
                ? I.MkrPerShareFull.selector
                : bytes4(0);
    }

    /// @dev `canEnter` also reports what plain `enterAuction` would hit: InsertionHintRequired when the
    ///      new position settles before the last open one (other than the one it replaces).
    function _hintError(uint256 id, uint256 end) internal view returns (bytes4) {
        uint256 settleAt = M.min(block.timestamp + flop.ttl(), end);
        uint256[] memory open = pool.openPositions();
        for (uint256 i = open.length; i > 0; --i) {
            if (open[i - 1] == id) continue;
            return
                pool.positions(open[i - 1]).settleAt > settleAt ? I.InsertionHintRequired.selector : bytes4(0);
        }
        return bytes4(0);
    }

    function _errorName(bytes4 err) internal pure returns (string memory) {
        if (err == I.PoolHalted.selector) return "PoolHalted";
        if (err == I.FlopperNotLive.selector) return "FlopperNotLive";
        if (err == I.AuctionNotFound.selector) return "AuctionNotFound";
        if (err == I.AlreadyHighBidder.selector) return "AlreadyHighBidder";
        if (err == I.AuctionFinished.selector) return "AuctionFinished";
        if (err == I.PriceAboveLimit.selector) return "PriceAboveLimit";
        if (err == I.BidMismatch.selector) return "BidMismatch";
        if (err == I.InsufficientLiquidity.selector) return "InsufficientLiquidity";
        if (err == I.BidOutOfRange.selector) return "BidOutOfRange";
        if (err == I.LotOutOfRange.selector) return "LotOutOfRange";
        if (err == I.SettleTimeOutOfRange.selector) return "SettleTimeOutOfRange";
        if (err == I.MkrBookFull.selector) return "MkrBookFull";
        if (err == I.InsertionHintRequired.selector) return "InsertionHintRequired";
        if (err == I.RoundClosing.selector) return "RoundClosing";
        if (err == I.TooFewShares.selector) return "TooFewShares";
        if (err == I.MkrPerShareFull.selector) return "MkrPerShareFull";
        if (err == bytes4(0)) return "none";
        return "other";
    }

    /// @dev One bid size across open positions (the pool's guard for third-party settlement), and
    ///      enough liquid DAI, counting the refund of the pool's outbid position in the same auction (and
    ///      `releasedDai`, brought into the book first).
    function _fundingError(
        uint256 id,
        uint256 lockedDai,
        uint256 releasedDai
    ) internal view returns (bytes4) {
        uint256[] memory open = ghost.openIds();
        if (open.length != 0 && ghost.position(open[0]).lockedDaiWad != lockedDai) {
            return I.BidMismatch.selector;
        }
        (uint256 daiBook,,) = pool.nav();
        Ghost.GhostPosition memory stale = ghost.position(id);
        uint256 available = daiBook + releasedDai + (stale.fate == Ghost.Fate.None ? 0 : stale.lockedDaiWad);
        if (lockedDai > available) return I.InsufficientLiquidity.selector;
        return bytes4(0);
    }

    /// @dev Enters as a keeper would: `enterAuction(id)` when the new position settles last, else (and
    ///      at random anyway) `enterAuctionAfter(id, insertionPoint(settleAt))`.
    function _enter(uint256 id, uint256 lot, uint256 end, uint256 hintSeed) internal {
        uint256 settleAt = M.min(block.timestamp + flop.ttl(), end);
        uint256[] memory open = pool.openPositions();
        uint256 lastSettle = open.length == 0 ? 0 : pool.positions(open[open.length - 1]).settleAt;
        if (settleAt < lastSettle || hintSeed % 2 == 0) {
            _count(settleAt < lastSettle ? "keeper.enterAuctionAfter.needed" : "keeper.enterAuctionAfter");
            pool.enterAuctionAfter(id, pool.insertionPoint(settleAt));
        } else {
            pool.enterAuction(id);
        }
        _afterEnter(id, lot, settleAt, false);
    }

    /// @dev `canEnter` said yes where the rules refuse (a bug, already counted as a view mismatch): enter
    ///      anyway, as a keeper that trusts `canEnter` would, and track the position if one was opened,
    ///      so that properties 9 and 11 judge it. Never reached while the pool follows the rules.
    function _enterRefused(uint256 id) internal {
        _count("keeper.enterAuction.refusedByTheRules");
        // The README's recipe, with the pool's own quote: enterAuctionAfter(id, insertionPoint(settleAt)).
        uint256 settleAt = pool.quote(id).settleAt;
        try pool.enterAuctionAfter(id, pool.insertionPoint(settleAt)) {
            (, uint256 lot,,,) = _bids(id);
            _afterEnter(id, lot, settleAt, pool.halted());
        } catch {
            ghost.onViewMismatch("canEnter said yes, enterAuction reverted");
        }
    }

    /// @dev Property 8: after a halt, entering must revert with PoolHalted.
    function _probeEnter(uint256 id, uint256 lot) internal {
        _skip("enter.halted");
        _count("keeper.enterAuction.probe");
        (,,,, uint48 end) = _bids(id);
        uint256 settleAt = M.min(block.timestamp + flop.ttl(), end);
        try pool.enterAuctionAfter(id, pool.insertionPoint(settleAt)) {
            ghost.onForbiddenSuccess("8: enterAuction after halt succeeded");
            _afterEnter(id, lot, settleAt, true);
        } catch (bytes memory err) {
            _expectRevert(err, I.PoolHalted.selector);
        }
    }

    /// @dev Reports an entry: the round's first brought skim's release up to date before opening the round.
    function _afterEnter(uint256 id, uint256 lot, uint256 settleAt, bool halted) internal {
        (uint256 bid, uint256 auctionLot, address guy,,) = _bids(id);
        if (guy != address(pool)) ghost.onViewMismatch("entered but not high bidder");
        I.Position memory p = pool.positions(id);
        if (p.lockedDaiWad != ghost.lockedDaiOf(bid) || p.lotWad != auctionLot || p.settleAt != settleAt) {
            ghost.onViewMismatch("entered position record");
        }
        ghost.onTouch();
        ghost.onEntered(id, bid, auctionLot, lot, p.settleAt, halted);
    }

    /// @dev The DAI `finalize` booked back for position `id` (its AuctionFinalized event).
    function _refundBooked(Vm.Log[] memory logs, uint256 id) internal view returns (uint256 daiWad) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(pool) || logs[i].topics[0] != AUCTION_FINALIZED) continue;
            if (uint256(logs[i].topics[1]) != id) continue;
            (,, daiWad) = abi.decode(logs[i].data, (bool, uint256, uint256));
        }
    }

    /// @dev The queue emptied: tells the Ghost whether the round closed, at what values, and whether it
    ///      wrote the shares off.
    function _queueEmptied(Vm.Log[] memory logs) internal {
        Ghost.Close memory c;
        c.writeOff = ghost.writtenOff(logs);
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(pool) || logs[i].topics[0] != ROUND_CLOSED) continue;
            c.emitted = true;
            c.round = uint256(logs[i].topics[1]);
            (c.enlistDai, c.minted, c.exitShares, c.paidDai, c.navDai, c.supply) =
                abi.decode(logs[i].data, (uint256, uint256, uint256, uint256, uint256, uint256));
            _count(
                c.writeOff.happened ? "keeper.finalize.closedRound.writeOff" : "keeper.finalize.closedRound"
            );
        }
        ghost.onQueueEmptied(c);
    }
}
