// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ILegacyErrors} from "test/helpers/LegacyErrors.sol";
import {TAU, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";

/// @notice Fuzzes every outcome of a position (won and dealt by the pool or a third party, outbid, outbid
///         and the rival dealt, caged and yanked by the pool or a third party) over deposits, odd bids and
///         timing. A refund keeps daiBook + lockedBook; a win moves exactly the position's DAI out of the
///         books and its lot into mkrBook; the pool stays solvent.
contract FinalizeFuzzTest is SyndicateUnitBase {
    enum Outcome {
        PoolDeals,
        ThirdPartyDeals,
        Outbid,
        OutbidRivalDealt,
        CagedPoolYanks,
        CagedThirdPartyYanks
    }

    function _assertSolvent() internal view {
        (uint256 d,, uint256 m) = pool.nav();
        assertLe(d * RAY, _daiHeldRad(address(pool)), "liquid DAI is held");
        assertLe(m, mcd.mkr.balanceOf(address(pool)), "MKR is held");
    }

    /// @dev Brings position `id` to `outcome`; returns whether it is a win for the pool.
    function _play(
        Outcome outcome,
        uint256 id,
        uint256 settleAt,
        uint256 timeSeed
    ) internal returns (bool won) {
        if (outcome == Outcome.PoolDeals || outcome == Outcome.ThirdPartyDeals) {
            vm.warp(bound(timeSeed, settleAt + 1, settleAt + 30 days));
            if (outcome == Outcome.ThirdPartyDeals) mcd.flop.deal(id);
            won = true;
        } else if (outcome == Outcome.Outbid || outcome == Outcome.OutbidRivalDealt) {
            vm.warp(bound(timeSeed, block.timestamp, settleAt - 1));
            _rivalDent(rival, id);
            if (outcome == Outcome.OutbidRivalDealt) {
                _warpPastSettle(id);
                mcd.flop.deal(id);
            }
        } else {
            vm.warp(bound(timeSeed, block.timestamp, settleAt + 30 days));
            mcd.flop.cage();
            if (outcome == Outcome.CagedThirdPartyYanks) mcd.flop.yank(id);
        }
    }

    function test_fuzz_finalize_booksEveryOutcomeExactly(
        uint8 outcomeSeed,
        uint256 depositSeed,
        uint256 sumpSeed,
        uint256 timeSeed
    ) public {
        Outcome outcome = Outcome(bound(outcomeSeed, 0, 5));
        // Up to 60,000 DAI: within 250 DAI/MKR for a fresh 250 MKR lot (ask LOT_1).
        uint256 sump = bound(sumpSeed, 1000 * RAD, 60_000 * RAD);
        mcd.vow.file("sump", sump);
        uint256 locked = _lockedFor(sump);
        _enlist(alice, bound(depositSeed, locked, 1e27));
        uint256 id = _kick();
        _enter(id);
        uint256 settleAt = block.timestamp + TTL;
        (, uint256 lot,,,) = _bid(id);
        _assertSolvent();

        bool expectWon = _play(outcome, id, settleAt, timeSeed);

        (uint256 d0, uint256 lk0, uint256 m0) = pool.nav();
        assertEq(lk0, locked);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionFinalized(id, expectWon, lot, locked);
        assertEq(_finalize(id), expectWon);

        if (expectWon) {
            _assertBooks(d0, 0, m0 + lot);
            assertEq(mcd.mkr.balanceOf(address(pool)), lot);
        } else {
            _assertBooks(d0 + locked, 0, m0);
            assertEq(mcd.mkr.balanceOf(address(pool)), 0);
        }
        _assertSolvent();
        _assertNoPosition(id);
        assertEq(pool.openPositions().length, 0);

        // Everyone can leave with exactly what the books say.
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, pool.balanceOf(alice));
        assertEq(daiWad, expectWon ? d0 : d0 + locked);
        assertEq(mkrWad, expectWon ? lot : 0);
        assertEq(_daiOf(alice), daiWad);
        _assertBooks(0, 0, 0);
    }

    /// @dev Around the settle time (the tic, or the auction's end when that comes first): up to and
    ///      including settleAt the bid stands (finalize reverts, entry and exit work); one second later the
    ///      position is due (entry and exit revert) and finalize deals it.
    function test_fuzz_finalize_timingAroundSettleAt(uint256 entrySeed, uint256 warpSeed) public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        uint256 end = block.timestamp + TAU;
        vm.warp(bound(entrySeed, block.timestamp, end - 1));
        _enter(id);
        uint256 settleAt = block.timestamp + TTL < end ? block.timestamp + TTL : end;
        assertEq(pool.positions(id).settleAt, settleAt);
        vm.warp(bound(warpSeed, settleAt - (settleAt - block.timestamp) / 2, settleAt + 2));

        bytes memory running =
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionStillRunning.selector, id, settleAt);
        bytes memory due = abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id);
        if (block.timestamp == settleAt) {
            // Due from settleAt on, though `deal` needs one more second: entry and exit wait for it.
            assertEq(pool.settlementDue(), id);
            _assertRevert(address(pool), abi.encodeCall(pool.finalize, (id)), running);
            vm.prank(alice);
            _assertRevert(address(pool), abi.encodeCall(pool.defect, (1e18)), due);
        } else if (block.timestamp < settleAt) {
            assertEq(pool.settlementDue(), 0);
            _assertRevert(address(pool), abi.encodeCall(pool.finalize, (id)), running);
            (uint256 daiWad,) = _defect(alice, 1e18);
            assertEq(daiWad, 1e18);
            assertEq(_enlist(bob, 1e18), 1e18);
        } else {
            assertEq(pool.settlementDue(), id);
            vm.prank(alice);
            _assertRevert(address(pool), abi.encodeCall(pool.defect, (1e18)), due);
            _giveDai(bob, 1e18);
            vm.startPrank(bob);
            mcd.dai.approve(address(pool), 1e18);
            _assertRevert(address(pool), abi.encodeCall(pool.enlist, (1e18)), due);
            vm.stopPrank();
            assertTrue(_finalize(id));
            assertEq(pool.settlementDue(), 0);
            _assertBooks(10_000e18, 0, LOT_1);
        }
    }
}
