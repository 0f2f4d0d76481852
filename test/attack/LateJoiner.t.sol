// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Late joiner. Once the outcome of an open bid is known (the bid stood past its tic, or a third
///         party already dealt it), a joiner who could buy in at cost would take part of a gain that was
///         already certain (MKR won below the market), diluting the holders who carried the risk. The 2020
///         contract allowed it. Under rounds (docs/design/01-fair-rounds.md) `enlist` reverts `RoundOpen`
///         while any position is open, whatever its state; a deposit request takes no part in the round and
///         is priced at the value after it; MKR won is credited per share to the shares of the round, so a
///         joiner, early or late, never shares a win it did not fund.
/// @dev The local MCD and its Flopper (no mock): alice holds 60,000 shares; the pool bids 50,000 DAI for
///      LOT_1 MKR in auction `id`, settling at `settleAt`; 10,000 DAI stay liquid.
contract LateJoinerTest is SyndicateUnitBase {
    address internal joiner = makeAddr("joiner");
    uint256 internal id;
    uint256 internal settleAt;

    /// @dev The MKR credited per share when `id` is won with 60,000e18 shares, ray, rounded down.
    uint256 internal constant ACC_WIN = LOT_1 * RAY / 60_000e18;

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

    function _roundOpen() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0);
    }

    /// @dev The joiner asks to join with `daiWad` (on top of what it asked before, `earlierWad`); once the
    ///      pool's win is finalized it claims: shares at the DAI left per share (10,000 DAI for 60,000
    ///      shares), and no MKR. alice keeps her whole credit.
    function _requestThenAssertNoShareOfTheWin(uint256 earlierWad, uint256 daiWad) internal {
        vm.prank(joiner);
        pool.requestEnlist(daiWad);
        daiWad += earlierWad;
        assertEq(pool.pending(joiner).enlistDaiWad, daiWad);
        assertTrue(_finalize(id), "won");

        (uint256 shares, uint256 daiOut, uint256 mkrWad) = _claim(joiner);
        assertEq(shares, daiWad * 60_000e18 / 10_000e18, "priced at the value after the win");
        assertEq(daiOut, 0);
        assertEq(mkrWad, 0, "none of the MKR it did not fund");
        assertEq(pool.claimableMkr(joiner), 0);
        assertEq(pool.previewDefect(shares), daiWad, "its deposit is worth what it paid, no more");
        assertEq(pool.claimableMkr(alice), 60_000e18 * ACC_WIN / RAY, "alice's credit is whole");
    }

    /// @dev The pool's bid stood past its tic: it has won, but nobody dealt yet.
    function test_lateJoiner_cannotJoinAfterWinBeforeDeal() public {
        vm.warp(settleAt + 1);
        (bool ok,) = pool.canEnter(id);
        assertFalse(ok);
        _joinerEnlistReverts(_roundOpen());
        _requestThenAssertNoShareOfTheWin(0, 30_000e18);
    }

    /// @dev A third party dealt the auction: the MKR is in the pool but not booked. Still a round open.
    function test_lateJoiner_cannotJoinAfterThirdPartyDeal() public {
        vm.warp(settleAt + 1);
        mcd.flop.deal(id);
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1);
        _joinerEnlistReverts(_roundOpen());
        _requestThenAssertNoShareOfTheWin(0, 30_000e18);
    }

    /// @dev Once the win is finalized deposits are instant again (no closed tier), at the DAI left per
    ///      share, and the won MKR stays credited to the shares that funded it.
    function test_lateJoiner_afterFinalizeJoinsWithoutTheWin() public {
        vm.warp(settleAt + 1);
        assertTrue(_finalize(id));
        vm.prank(joiner);
        uint256 shares = pool.enlist(30_000e18);
        assertEq(shares, 180_000e18, "30,000 DAI at 10,000 DAI for 60,000 shares");
        assertEq(pool.claimableMkr(joiner), 0);
        assertEq(pool.claimableMkr(alice), 60_000e18 * ACC_WIN / RAY);
        (uint256 daiWad, uint256 mkrWad) = _defect(joiner, shares);
        assertEq(daiWad, 30_000e18, "out at cost");
        assertEq(mkrWad, 0);
    }

    /// @dev The joiner's permit path is closed the same way.
    function test_lateJoiner_cannotJoinWithPermitEither() public {
        vm.warp(settleAt + 1);
        vm.prank(joiner);
        _assertRevert(
            address(pool), abi.encodeCall(pool.enlistWithPermit, (1e18, 0, 0, 0, 0, 0)), _roundOpen()
        );
    }

    /// @dev Asking to join while the outcome is still open takes no part in it either: the DAI waits
    ///      outside the books (it cannot fund the bid, nor be lost with it) and buys shares after the win.
    function test_lateJoiner_requestBeforeTheOutcomeTakesNoPartInIt() public {
        vm.warp(settleAt - 1 hours);
        vm.prank(joiner);
        pool.requestEnlist(60_000e18);
        _assertBooks(10_000e18, BID, 0);
        _warpPastSettle(id);
        assertTrue(_finalize(id));
        (uint256 shares,, uint256 mkrWad) = _claim(joiner);
        assertEq(shares, 360_000e18, "60,000 DAI at 10,000 DAI for 60,000 shares");
        assertEq(mkrWad, 0);
        (uint256 daiA, uint256 mkrA) = _defect(alice, 60_000e18);
        assertEq(daiA, 10_000e18, "the DAI alice did not spend");
        assertEq(mkrA, 60_000e18 * ACC_WIN / RAY, "the whole lot but the accumulator's rounding");
        assertEq(mkrA, LOT_1 - 1);
    }

    /// @dev At now == settleAt the Flopper already refuses dents (tic is not in the future) and cannot deal
    ///      yet (tic is not in the past): the pool has won though nobody can deal. A position is open, so
    ///      joining at cost is refused; a request then is priced after the win like any other.
    function test_lateJoiner_atExactSettleAt_outcomeKnownJoinRefused() public {
        vm.warp(settleAt);
        _giveVatDai(rival, SUMP);
        vm.prank(rival);
        vm.expectRevert(bytes("Flopper/already-finished-tic"));
        mcd.flop.dent(id, LOT_2, SUMP);
        vm.expectRevert(bytes("Flopper/not-finished"));
        mcd.flop.deal(id);
        assertEq(pool.settlementDue(), id);
        vm.prank(joiner);
        _assertRevert(address(pool), abi.encodeCall(pool.enlist, (1e18)), _roundOpen());
        vm.prank(joiner);
        pool.requestEnlist(6000e18);
        vm.warp(settleAt + 1);
        _requestThenAssertNoShareOfTheWin(6000e18, 1000e18);
    }
}
