// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Early leaver. In the 2020 contract a contributor could leave at face value in DAI after the pool
///         had won MKR that was not dealt yet, leaving the others with the MKR (a known loss or gain moved
///         onto them). Under rounds (docs/design/01-fair-rounds.md) `defect` reverts `RoundOpen` while any
///         position is open, due or not; an exit request keeps the shares in the supply, so the leaver
///         takes its pro-rata part of the DAI left and of the MKR after the round, never face value, and
///         never the others' liquid DAI.
/// @dev The local MCD and its Flopper (no mock): alice and bob hold 30,000 shares each; the pool bids
///      50,000 DAI for LOT_1 MKR in auction `id`, settling at `settleAt`; 10,000 DAI stay liquid.
contract EarlyLeaverTest is SyndicateUnitBase {
    uint256 internal id;
    uint256 internal settleAt;

    /// @dev The MKR credited per share when `id` is won with 60,000e18 shares, ray, rounded down, and each
    ///      holder's part of it (30,000e18 shares), rounded down.
    uint256 internal constant ACC_WIN = LOT_1 * RAY / 60_000e18;
    uint256 internal constant HALF_MKR = 30_000e18 * ACC_WIN / RAY;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 30_000e18);
        _enlist(bob, 30_000e18);
        id = _kick();
        _enter(id);
        settleAt = block.timestamp + TTL;
    }

    function _expectDefectReverts(address usr, uint256 shares) internal {
        vm.prank(usr);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (shares)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0)
        );
    }

    /// @dev bob asks to leave with all his shares; after the win he gets half the DAI left and half the MKR.
    function _bobLeavesByRequestAfterTheWin() internal {
        _requestDefect(bob, 30_000e18);
        _bobClaimsAfterTheWin();
    }

    function _bobClaimsAfterTheWin() internal {
        if (block.timestamp <= settleAt) _warpPastSettle(id);
        assertTrue(_finalize(id), "won");
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claim(bob);
        assertEq(shares, 0);
        assertEq(daiWad, 5000e18, "half the 10,000 DAI the bid did not spend, not his 30,000 at face value");
        assertEq(mkrWad, HALF_MKR, "half the MKR, rounded down");
        assertEq(pool.balanceOf(bob), 0);
    }

    function test_earlyLeaver_cannotLeaveAfterWinBeforeDeal() public {
        vm.warp(settleAt + 1);
        // 10,000 DAI are liquid: bob would have taken them all at face value.
        _expectDefectReverts(bob, 10_000e18);
        assertEq(pool.maxDefect(bob), 0);
        _bobLeavesByRequestAfterTheWin();
    }

    function test_earlyLeaver_cannotLeaveAfterThirdPartyDealBeforeFinalize() public {
        vm.warp(settleAt + 1);
        mcd.flop.deal(id);
        _expectDefectReverts(bob, 10_000e18);
        _bobLeavesByRequestAfterTheWin();
    }

    /// @dev Once finalized, leaving pays the pro-rata part of the DAI left and all the MKR credited to the
    ///      holder's shares; each credit rounds down, the dust stays in the pool.
    function test_earlyLeaver_afterFinalizeTakesItsShareOfTheMkr() public {
        vm.warp(settleAt + 1);
        _finalize(id);
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, 30_000e18);
        assertEq(daiWad, 5000e18, "half the DAI that was not spent");
        assertEq(mkrWad, HALF_MKR, "half the MKR, rounded down");
        (daiWad, mkrWad) = _defect(alice, 30_000e18);
        assertEq(daiWad, 5000e18);
        assertEq(mkrWad, HALF_MKR);
        _assertBooks(0, 0, LOT_1 - 2 * HALF_MKR);
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1 - 2 * HALF_MKR, "the dust stays with the pool");
    }

    /// @dev Before settleAt the outcome is open, yet a leaver can no longer take the liquid DAI at cost
    ///      (the 2020 contract's exit, bounded by liquidity, took up to 10,000 of it): it waits, exposed to
    ///      the bid, and gets its part of what is left. alice, who stays, keeps hers.
    function test_earlyLeaver_beforeSettleAtCannotTakeTheLiquidDai() public {
        assertEq(pool.maxDefect(bob), 0);
        _expectDefectReverts(bob, 10_000e18);
        vm.warp(settleAt - 1 hours);
        _requestDefect(bob, 30_000e18);
        _bobClaimsAfterTheWin();
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 30_000e18);
        assertEq(daiWad, 5000e18, "the other half");
        assertEq(mkrWad, HALF_MKR);
    }

    /// @dev Outbid: a request pays the same as staying, because the refund is booked at cost.
    function test_earlyLeaver_outbidIsNeutral() public {
        _rivalDent(rival, id);
        uint256 before = pool.previewDefect(30_000e18);
        assertEq(before, 30_000e18, "the locked bid counts at cost");
        _requestDefect(bob, 30_000e18);
        _finalize(id);
        assertEq(pool.previewDefect(30_000e18), before);
        (, uint256 daiWad, uint256 mkrWad) = _claim(bob);
        assertEq(daiWad, 30_000e18);
        assertEq(mkrWad, 0);
        (daiWad,) = _defect(alice, 30_000e18);
        assertEq(daiWad, 30_000e18);
    }

    /// @dev One second before settleAt, and at settleAt itself (no dent can land any more, `deal` a second
    ///      later), a position is open: the exit at face value is refused either way.
    function test_earlyLeaver_atExactSettleAt_leaveRefused() public {
        vm.warp(settleAt - 1);
        _expectDefectReverts(bob, 1e18);
        vm.warp(settleAt);
        _expectDefectReverts(bob, 1e18);
        vm.warp(settleAt + 1);
        _bobLeavesByRequestAfterTheWin();
    }
}
