// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {StdAssertions} from "forge-std/StdAssertions.sol";
import {Vm} from "forge-std/Vm.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {RAY} from "test/helpers/Units.sol";
import {ContributorHandler} from "test/invariant/handlers/ContributorHandler.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {RevertReason} from "test/invariant/handlers/RevertReason.sol";
import {Dai} from "test/mcd/Dai.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @title SyndicateProperties: the checks behind the invariants of SyndicateInvariants
/// @notice One external function per spec property (views, but for 11, which works on a snapshot);
///         each reverts (forge-std assertion) when it fails, so the invariant calling it fails with the
///         same message. Kept out of the test contract, which
///         already carries the pool's creation code, to stay under the EIP-3860 initcode limit.
contract SyndicateProperties is StdAssertions {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    Ghost internal immutable ghost;
    ContributorHandler internal immutable contributors;
    ISyndicate internal immutable pool;
    Vat internal immutable vat;
    Dai internal immutable dai;
    Mkr internal immutable mkr;
    Flopper internal immutable flop;

    constructor(Ghost ghost_, ContributorHandler contributors_) {
        ghost = ghost_;
        contributors = contributors_;
        pool = ghost_.pool();
        vat = ghost_.vat();
        dai = ghost_.dai();
        mkr = ghost_.mkr();
        flop = ghost_.flop();
    }

    // ================================================================ 1. solvency

    /// @notice The DAI the pool holds for holders never exceeds the DAI it controls: daiBook + lockedBook +
    ///         owed to requesters + being released + requested (ghosts) <= ERC20 + Vat DAI + its live high
    ///         bids (+ the bids of positions a third party already dealt to the pool, whose DAI became MKR
    ///         the pool holds until `finalize` books it); everything but the bids is covered by the liquid
    ///         DAI. MKR: the book and what is being released are covered by the MKR held, and every holder's
    ///         claimable MKR (which counts skim's due release) by the book and the MKR the release has due
    ///         (the model's).
    function solvency() external view {
        (uint256 daiBook, uint256 lockedBook, uint256 mkrBook) = pool.nav();
        uint256 liquidRad = dai.balanceOf(address(pool)) * RAY + vat.dai(address(pool));
        uint256 bidsRad;
        uint256 n = flop.kicks();
        for (uint256 id = 1; id <= n; ++id) {
            (uint256 bid,, address guy,,) = flop.bids(id);
            if (guy == address(pool)) bidsRad += bid;
        }
        (uint256 dealtDai, uint256 dealtMkr) = ghost.pendingDealt();
        uint256 outside = ghost.owedDai() + ghost.releaseDai() + ghost.requestedDai();
        assertLe(
            (daiBook + lockedBook + outside) * RAY,
            liquidRad + bidsRad + dealtDai * RAY,
            "1: books + owed + releasing + requested > DAI controlled"
        );
        assertLe(
            (daiBook + outside) * RAY, liquidRad, "1: daiBook + owed + releasing + requested > liquid DAI"
        );
        // After a swap (lazy-keeper mode) pending MKR may already be booked to another position.
        if (ghost.relaxed()) dealtMkr = 0;
        assertLe(
            mkrBook + ghost.releaseMkr() + dealtMkr,
            mkr.balanceOf(address(pool)),
            "1: mkrBook + releasing > MKR held"
        );
        address[] memory actors = contributors.actors();
        uint256 claimable;
        for (uint256 i; i < actors.length; ++i) {
            claimable += pool.claimableMkr(actors[i]);
        }
        (, uint256 dueMkr) = ghost.releaseDue();
        assertLe(claimable, mkrBook + dueMkr, "1: claimable MKR > mkrBook + MKR due from the release");
    }

    // ================================================================ 3. conservation

    /// @notice DAI in (deposits, executed deposit requests, released skims) - DAI out (defects, exits set
    ///         aside at a close, bids that truly won) == daiBook + lockedBook; the DAI owed to requesters,
    ///         requested, and being released match their ghosts (`round()`, `release()`); MKR truly won +
    ///         released - paid == mkrBook; the accumulator is the spec's (each lot or release over the
    ///         supply of the moment). "Truly won" comes from the Flopper, so a position booked with the wrong
    ///         outcome breaks this. Skims find no more than what was sent (plus the sub-wei dust each
    ///         rounded-up bid leaves in the Vat).
    function conservation() external view {
        (uint256 daiBook, uint256 lockedBook, uint256 mkrBook) = pool.nav();
        I.Round memory r = pool.round();
        assertEq(r.enlistDaiWad, ghost.requestedDai(), "3: round().enlistDaiWad != requested DAI");
        assertEq(r.defectShares, ghost.requestedShares(), "3: round().defectShares != requested shares");
        I.Release memory rel = pool.release();
        assertEq(rel.daiWad, ghost.releaseDai(), "3: release().daiWad != DAI being released");
        assertEq(rel.mkrWad, ghost.releaseMkr(), "3: release().mkrWad != MKR being released");
        if (rel.daiWad != 0 || rel.mkrWad != 0) {
            assertEq(rel.end, ghost.releaseEnd(), "3: release().end");
            assertEq(rel.last, ghost.releaseLast(), "3: release().last");
        }
        if (ghost.relaxed()) {
            // Lazy-keeper mode after a swap (README "Known limits"): the books may hold less, never more.
            assertLe(
                daiBook + lockedBook, ghost.bookDai(), "3: a third-party settlement swap over-booked DAI"
            );
            // MKR dealt to the pool and not yet finalized may already be booked (to the wrong position),
            // and paid out: the books and what was paid never exceed what came in.
            (, uint256 pendingMkr) = ghost.pendingDealt();
            assertLe(
                mkrBook + ghost.mkrPaidOut(),
                ghost.mkrWon() + ghost.mkrReleased() + pendingMkr,
                "3: a third-party settlement swap over-booked MKR"
            );
            return;
        }
        assertEq(ghost.outcomeMismatches(), 0, "3: finalize booked an outcome other than the Flopper's");
        assertEq(daiBook + lockedBook, ghost.bookDai(), "3: DAI not conserved");
        assertEq(mkrBook, ghost.bookMkr(), "3: MKR not conserved");
        assertEq(
            pool.mkrPerShareRay(), ghost.mkrPerShareRay(), "3: mkrPerShareRay != sum of lot * 1e27 / supply"
        );
        assertLe(
            ghost.daiSkimmed() * RAY, ghost.daiDonatedRad() + ghost.entries() * 1e9 * RAY, "3: skimmed > sent"
        );
        assertLe(ghost.mkrSkimmed(), ghost.mkrDonated(), "3: skimmed MKR > MKR sent");
    }

    // ================================================================ 4. price

    /// @notice Every entry (ghost record, from the Flopper): bid / lot <= price, and the lot is the
    ///         largest the auction accepts.
    function entryPrice() external view {
        assertEq(ghost.priceViolations(), 0, "4: an entry paid above the price limit");
        assertEq(ghost.lotViolations(), 0, "4: an entry asked for less than the largest lot");
        assertLe(ghost.maxEntryPrice(), pool.limitWad(), "4: max entry price");
    }

    // ================================================================ 8. halt

    /// @notice After `halt`, no deposit (instant or requested) and no new position succeeded (exits, exit
    ///         requests and claims keep working: a reverting one would fail the run, and afterInvariant
    ///         exits everyone).
    function halt() external view {
        if (!ghost.haltObserved()) assertFalse(pool.halted(), "8: halted without the owner");
        assertEq(ghost.depositsAfterHalt(), 0, "8: deposit after halt");
        assertEq(ghost.positionsAfterHalt(), 0, "8: new position after halt");
    }

    // ================================================================ 9. positions

    /// @notice lockedBook == sum of open positions' lockedDai; the queue is sorted by settleAt; each
    ///         position the pool still holds matches the Flopper (lot, bid rounded up, settleAt =
    ///         min(tic, end)); each one it no longer holds was outbid, dealt or yanked per the ghost;
    ///         every auction the pool holds has an open position; the ghost agrees on the set.
    function positions() external view {
        uint256[] memory ids = pool.openPositions();
        assertEq(ids.length, ghost.openIds().length, "9: open positions != ghost's");
        uint256 locked;
        uint256 lastSettle;
        for (uint256 i; i < ids.length; ++i) {
            I.Position memory p = pool.positions(ids[i]);
            locked += p.lockedDaiWad;
            assertGe(p.settleAt, lastSettle, "9: queue not sorted by settleAt");
            lastSettle = p.settleAt;
            _checkPosition(ids[i], p);
        }
        (uint256 daiBook, uint256 lockedBook, uint256 mkrBook) = pool.nav();
        assertEq(lockedBook, locked, "9: lockedBook != sum of lockedDai");

        // settlementDue names the head once its settle time has passed (at the latest one second
        // after it), and nothing before that.
        uint256 due = pool.settlementDue();
        if (due != 0) {
            assertEq(due, ids[0], "9: settlementDue is not the head");
            assertLe(pool.positions(due).settleAt, block.timestamp, "9: due before its settle time");
        } else if (ids.length != 0) {
            assertGe(pool.positions(ids[0]).settleAt, block.timestamp, "9: head past settle time, not due");
        }

        // The UI snapshot agrees with the books and the queue.
        I.Status memory st = pool.status();
        assertEq(st.openPositions, ids.length, "9: status().openPositions");
        assertEq(st.settlementDue, pool.settlementDue(), "9: status().settlementDue");
        assertEq(st.daiBookWad, daiBook, "9: status().daiBook");
        assertEq(st.lockedBookWad, lockedBook, "9: status().lockedBook");
        assertEq(st.mkrBookWad, mkrBook, "9: status().mkrBook");
        assertEq(st.totalShares, pool.totalSupply(), "9: status().totalShares");
        assertEq(st.halted, pool.halted(), "9: status().halted");
        assertEq(st.flopperLive, flop.live() == 1, "9: status().flopperLive");
        assertEq(st.round, ghost.roundId(), "9: status().round");
        assertEq(st.roundOpen, ids.length != 0, "9: status().roundOpen");
        assertEq(st.closeBy, ghost.closeBy(), "9: status().closeBy");

        uint256 n = flop.kicks();
        for (uint256 id = 1; id <= n; ++id) {
            (,, address guy,,) = flop.bids(id);
            if (guy == address(pool)) {
                assertGt(pool.positions(id).lockedDaiWad, 0, "9: pool bid without a position");
            }
        }
        assertEq(ghost.strayPoolBids(), 0, "9: the pool held a bid the ghost did not know");
        // Every view a handler checked against its own math agreed (canEnter, previews, maxDefect,
        // position records, skim amounts, payouts received).
        assertEq(ghost.viewMismatches(), 0, ghost.lastViewMismatch());
    }

    // ================================================================ 11. liveness

    /// @notice A due position can always be finalized, and after it nothing stays due because of it
    ///         (spec revision 11). On a snapshot, so the campaign's state is untouched: while
    ///         `settlementDue()` names a position, finalize it, one second past its settle time if the
    ///         clock is still at it (a won bid can be dealt only from `tic + 1`). `finalize` must not
    ///         revert (the failure names the decoded reason), the position must be gone, and
    ///         `settlementDue()` must move on to another id or to none, within as many rounds as there
    ///         are open positions. Then every other open position whose auction the pool no longer
    ///         holds finalizes too. The books must still be covered by what the pool holds. No-op while
    ///         nothing is due or lost.
    function liveness() external {
        uint256 id = pool.settlementDue();
        if (id == 0 && !_anyLost()) return;
        uint256 t0 = block.timestamp;
        uint256 open = pool.openPositions().length;
        uint256 snapshot = VM.snapshotState();
        for (uint256 round; id != 0; ++round) {
            assertLt(round, open, "11: settlementDue still names a position after finalizing every one");
            uint256 settleAt = pool.positions(id).settleAt;
            if (block.timestamp <= settleAt) VM.warp(settleAt + 1);
            _finalize(id, string.concat("due (settleAt ", VM.toString(settleAt), ")"));
            assertEq(pool.positions(id).lockedDaiWad, 0, "11: the position is still open after finalize");
            uint256 next = pool.settlementDue();
            assertTrue(next != id, "11: the position is still due after finalize");
            id = next;
        }
        // Not due, but settled all the same: a position whose auction the pool no longer holds (outbid,
        // or its record deleted by a third party) has a known outcome, and a keeper may finalize it now.
        uint256[] memory ids = pool.openPositions();
        for (uint256 i; i < ids.length; ++i) {
            (,, address guy,,) = flop.bids(ids[i]);
            if (guy != address(pool)) _finalize(ids[i], "lost by the pool");
        }
        (uint256 daiBook,, uint256 mkrBook) = pool.nav();
        assertLe(
            daiBook * RAY,
            dai.balanceOf(address(pool)) * RAY + vat.dai(address(pool)),
            "11: daiBook > liquid DAI after finalizing the due positions"
        );
        assertLe(mkrBook, mkr.balanceOf(address(pool)), "11: mkrBook > MKR held after finalizing");
        VM.revertToStateAndDelete(snapshot);
        VM.warp(t0);
    }

    /// @dev `finalize(id)` must succeed; if not, fail with its decoded revert reason.
    function _finalize(uint256 id, string memory what) internal {
        try pool.finalize(id) {}
        catch (bytes memory err) {
            assertTrue(
                false,
                string.concat(
                    "11: finalize(",
                    VM.toString(id),
                    ") of a position ",
                    what,
                    " reverted at ",
                    VM.toString(block.timestamp),
                    ": ",
                    RevertReason.decode(err)
                )
            );
        }
    }

    /// @dev Some open position's auction is no longer the pool's (outbid, dealt or yanked by others).
    function _anyLost() internal view returns (bool) {
        uint256[] memory ids = pool.openPositions();
        for (uint256 i; i < ids.length; ++i) {
            (,, address guy,,) = flop.bids(ids[i]);
            if (guy != address(pool)) return true;
        }
        return false;
    }

    function _checkPosition(uint256 id, I.Position memory p) internal view {
        Ghost.GhostPosition memory g = ghost.position(id);
        assertTrue(g.fate != Ghost.Fate.None, "9: open position unknown to the ghost");
        assertEq(p.lockedDaiWad, g.lockedDaiWad, "9: lockedDai != ghost's");
        assertEq(p.lotWad, g.lot, "9: lot != ghost's");
        (uint256 bid, uint256 lot, address guy, uint48 tic, uint48 end) = flop.bids(id);
        if (guy == address(pool)) {
            assertTrue(g.fate == Ghost.Fate.Open, "9: ghost thinks the pool lost this bid");
            assertEq(p.lotWad, lot, "9: lot != Flopper's");
            assertEq(p.lockedDaiWad, ghost.lockedDaiOf(bid), "9: lockedDai != bid rounded up (nano-DAI)");
            assertEq(p.settleAt, M.min(tic, end), "9: settleAt != min(tic, end)");
        } else {
            assertTrue(g.fate != Ghost.Fate.Open, "9: pool lost the auction but the ghost never saw how");
        }
    }
}
