// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TAU, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";

/// @notice Fuzzes every outcome of a position (won and dealt by the pool or a third party, outbid, outbid
///         and the rival dealt, caged and yanked by the pool or a third party) over deposits, odd bids and
///         timing. A refund keeps daiBook + lockedBook; a win moves exactly the position's DAI out of the
///         books, its lot into mkrBook and `lot * 1e27 / supply` into the per-share accumulator; the pool
///         stays solvent.
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
        // At least 1 DAI stays liquid after a win (the all-DAI-spent corner is the share epochs' case).
        uint256 deposit = bound(depositSeed, locked + 1e18, 1e27);
        _enlist(alice, deposit);
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

        uint256 acc = expectWon ? lot * RAY / deposit : 0;
        assertEq(pool.mkrPerShareRay(), acc, "lot * 1e27 / supply, rounded down");
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

        // Everyone can leave with exactly what the books say: all the DAI, and the MKR credited to the shares
        // (rounded down; the dust stays in the pool).
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, pool.balanceOf(alice));
        assertEq(daiWad, expectWon ? d0 : d0 + locked);
        assertEq(mkrWad, deposit * acc / RAY);
        assertEq(_daiOf(alice), daiWad);
        _assertBooks(0, 0, m0 + (expectWon ? lot : 0) - mkrWad);
    }

    /// @dev Around the settle time (the tic, or the auction's end when that comes first): up to and
    ///      including settleAt the bid stands (finalize reverts); from settleAt on the position is due, and
    ///      one second later finalize deals it. All along a round is open: the instant entry and exit
    ///      revert `RoundOpen`, requests are taken, and they execute in the finalize.
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
        bytes memory roundOpen = abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0);
        vm.prank(alice);
        _assertRevert(address(pool), abi.encodeCall(pool.defect, (1e18)), roundOpen);
        _giveDai(bob, 1e18);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), 1e18);
        _assertRevert(address(pool), abi.encodeCall(pool.enlist, (1e18)), roundOpen);
        vm.stopPrank();
        _requestDefect(alice, 6000e18);
        _requestEnlist(bob, 1000e18);
        assertEq(pool.round().closeBy, block.timestamp + TTL);

        if (block.timestamp <= settleAt) {
            assertEq(pool.settlementDue(), block.timestamp == settleAt ? id : 0, "due from settleAt on");
            _assertRevert(address(pool), abi.encodeCall(pool.finalize, (id)), running);
            vm.warp(settleAt + 1);
        }
        assertEq(pool.settlementDue(), id);
        assertTrue(_finalize(id));
        assertEq(pool.settlementDue(), 0);
        // The round closed at 10,000 DAI for 60,000 shares.
        (, uint256 daiWad, uint256 mkrWad) = _claim(alice);
        assertEq(daiWad, 1000e18, "6,000 shares of 60,000 of the 10,000 DAI left");
        assertEq(
            mkrWad, 60_000e18 * (LOT_1 * RAY / 60_000e18) / RAY, "the MKR of all her shares of the round"
        );
        (uint256 shares,,) = _claim(bob);
        assertEq(shares, 6000e18, "1,000 DAI at 10,000 DAI for 60,000 shares");
        _assertBooks(10_000e18, 0, LOT_1 - mkrWad);
    }
}
