// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {ILegacyErrors} from "test/helpers/LegacyErrors.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Late joiner. Shares are priced at cost, so once the outcome of an open bid is known a joiner
///         could buy in at cost and take part of a gain that was already certain (MKR won below market),
///         diluting the contributors who carried the risk. The 2020 contract allowed it. Here `enlist`
///         reverts SettlementDue while a position is past its settle time, and DepositsClosed while won MKR
///         is booked, so a joiner never buys into a known outcome.
contract LateJoinerTest is SyndicateUnitBase {
    address internal joiner = makeAddr("joiner");
    uint256 internal id;
    uint256 internal settleAt;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 60_000e18);
        id = _kick();
        _enter(id);
        settleAt = block.timestamp + TTL;
        _giveDai(joiner, 100_000e18);
        vm.prank(joiner);
        mcd.dai.approve(address(pool), type(uint256).max);
    }

    function _joinerEnlistReverts(bytes memory err) internal {
        vm.prank(joiner);
        _assertRevert(address(pool), abi.encodeCall(pool.enlist, (100_000e18)), err);
    }

    /// @dev The pool's bid stood past its tic: it has won, but nobody dealt yet.
    function test_lateJoiner_cannotJoinAfterWinBeforeDeal() public {
        vm.warp(settleAt + 1);
        (bool ok,) = pool.canEnter(id);
        assertFalse(ok);
        _joinerEnlistReverts(abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id));
    }

    /// @dev A third party dealt the auction: the MKR is in the pool but not booked. Still due.
    function test_lateJoiner_cannotJoinAfterThirdPartyDeal() public {
        vm.warp(settleAt + 1);
        mcd.flop.deal(id);
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1);
        _joinerEnlistReverts(abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id));
    }

    function test_lateJoiner_cannotJoinWhileMkrBooked() public {
        vm.warp(settleAt + 1);
        _finalize(id);
        _joinerEnlistReverts(abi.encodeWithSelector(ILegacyErrors.DepositsClosed.selector, LOT_1));
    }

    /// @dev The joiner's permit path is closed the same way.
    function test_lateJoiner_cannotJoinWithPermitEither() public {
        vm.warp(settleAt + 1);
        vm.prank(joiner);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlistWithPermit, (1e18, 0, 0, 0, 0, 0)),
            abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id)
        );
    }

    /// @dev Joining while the outcome is open is at cost and takes its pro-rata share of whatever happens:
    ///      no gain at alice's expense.
    function test_lateJoiner_joiningBeforeTheOutcomeSharesIt() public {
        vm.prank(joiner);
        assertEq(pool.enlist(60_000e18), 60_000e18);
        vm.warp(settleAt + 1);
        _finalize(id);
        (uint256 daiA, uint256 mkrA) = _defect(alice, 60_000e18);
        (uint256 daiJ, uint256 mkrJ) = _defect(joiner, 60_000e18);
        assertEq(daiA, 35_000e18);
        assertEq(daiJ, 35_000e18);
        assertEq(mkrA, LOT_1 / 2);
        assertEq(mkrJ, LOT_1 - LOT_1 / 2);
    }

    /// @dev Documents a one-second window: at now == settleAt the Flopper already refuses dents (tic is not
    ///      in the future) and cannot deal yet (tic is not in the past), so the pool has won, yet the
    ///      position is not "due" until settleAt < now, and enlist at cost succeeds. Exposure is one block
    ///      whose timestamp equals the tic exactly.
    function test_lateJoiner_atExactSettleAt_outcomeKnownJoinRefused() public {
        vm.warp(settleAt);
        _giveVatDai(rival, SUMP);
        vm.prank(rival);
        vm.expectRevert(bytes("Flopper/already-finished-tic"));
        mcd.flop.dent(id, LOT_2, SUMP);
        vm.expectRevert(bytes("Flopper/not-finished"));
        mcd.flop.deal(id);
        // The outcome is fixed though nobody can deal yet: joining at cost is refused.
        assertEq(pool.settlementDue(), id);
        vm.prank(joiner);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (1e18)),
            abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id)
        );
    }
}
