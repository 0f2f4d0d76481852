// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ILegacyErrors} from "test/helpers/LegacyErrors.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Early leaver. In the 2020 contract a contributor could leave at face value in DAI after the pool
///         had won MKR that was not dealt yet, leaving the others with the MKR (a known loss or gain moved
///         onto them). Here `defect` reverts SettlementDue once a position is past its settle time; after
///         finalize the leaver takes its pro-rata share of the MKR, not DAI at face value.
contract EarlyLeaverTest is SyndicateUnitBase {
    uint256 internal id;
    uint256 internal settleAt;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 30_000e18);
        _enlist(bob, 30_000e18);
        id = _kick();
        _enter(id);
        settleAt = block.timestamp + TTL;
    }

    function _expectDefectReverts(address usr, uint256 shares, bytes memory err) internal {
        vm.prank(usr);
        _assertRevert(address(pool), abi.encodeCall(pool.defect, (shares)), err);
    }

    function test_earlyLeaver_cannotLeaveAfterWinBeforeDeal() public {
        vm.warp(settleAt + 1);
        // 10,000 DAI are liquid: bob would have taken them all at face value.
        _expectDefectReverts(bob, 10_000e18, abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id));
        assertEq(pool.maxDefect(bob), 0);
    }

    function test_earlyLeaver_cannotLeaveAfterThirdPartyDealBeforeFinalize() public {
        vm.warp(settleAt + 1);
        mcd.flop.deal(id);
        _expectDefectReverts(bob, 10_000e18, abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id));
    }

    /// @dev Once finalized, leaving pays the pro-rata share of the DAI left and of the MKR.
    function test_earlyLeaver_afterFinalizeTakesItsShareOfTheMkr() public {
        vm.warp(settleAt + 1);
        _finalize(id);
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, 30_000e18);
        assertEq(daiWad, 5000e18, "half the DAI that was not spent");
        assertEq(mkrWad, LOT_1 / 2, "half the MKR");
        (daiWad, mkrWad) = _defect(alice, 30_000e18);
        assertEq(daiWad, 5000e18);
        assertEq(mkrWad, LOT_1 - LOT_1 / 2);
    }

    /// @dev Before settleAt a leaver gets its pro-rata value of all DAI (locked included) but only out of
    ///      the liquid DAI: it cannot take the others' share of the liquidity beyond that.
    function test_earlyLeaver_beforeSettleAtLeavesAtCostFromLiquidDaiOnly() public {
        assertEq(pool.maxDefect(bob), 10_000e18);
        _expectDefectReverts(
            bob,
            10_000e18 + 1,
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, 10_000e18)
        );
        (uint256 daiWad,) = _defect(bob, 10_000e18);
        assertEq(daiWad, 10_000e18, "at cost, one DAI per share");
        // The remaining holders' shares are still worth one DAI each, at cost.
        (uint256 d, uint256 lk,) = pool.nav();
        assertEq(d + lk, pool.totalSupply());
    }

    /// @dev Outbid: leaving before or after finalize pays the same, because the refund is booked at cost.
    function test_earlyLeaver_outbidIsNeutral() public {
        _rivalDent(rival, id);
        uint256 before = pool.previewDefect(30_000e18);
        _finalize(id);
        uint256 afterFinalize = pool.previewDefect(30_000e18);
        assertEq(before, afterFinalize);
        (uint256 daiWad,) = _defect(bob, 30_000e18);
        assertEq(daiWad, 30_000e18);
    }

    /// @dev Leaving in the block whose timestamp is exactly settleAt is still allowed (see LateJoiner):
    ///      the one-second window in which the outcome is fixed but the position is not yet due.
    /// @dev At settleAt itself no dent can land any more (tic > now fails): the outcome is fixed, so the
    ///      exit at face value is already refused, one second before `deal` becomes possible.
    function test_earlyLeaver_atExactSettleAt_leaveRefused() public {
        vm.warp(settleAt - 1);
        (uint256 daiWad,) = _defect(bob, 1e18);
        assertEq(daiWad, 1e18, "a second before, the outcome is open: exit at cost");
        vm.warp(settleAt);
        vm.prank(bob);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (1e18)),
            abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id)
        );
    }
}
