// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice A tier closed for good (issue 10). Before rounds, won MKR was in the share price, so deposits
///         closed while the MKR book was not empty; after one win that needed every holder to leave, and a
///         holder of 1 wei (lost, or sent to a dead address on purpose) kept the tier closed forever; the
///         factory cannot make a second syndicate at the same price. Now MKR is credited per share when won,
///         and deposits reopen as soon as the win is finalized.
/// @dev The local MCD and its Flopper (no mock): alice 60,000 shares; the pool wins one auction.
contract ClosedTierTest is SyndicateUnitBase {
    address internal constant DEAD = address(0xdead);

    function setUp() public override {
        super.setUp();
        _enlist(alice, 60_000e18);
        _win(_kick());
    }

    function test_closedTier_depositsReopenRightAfterTheWin() public {
        _assertBooks(10_000e18, 0, LOT_1);
        assertEq(_enlist(bob, 1000e18), 6000e18, "1,000 DAI at 10,000 DAI for 60,000 shares");
        assertEq(pool.claimableMkr(bob), 0, "nothing of the win before he joined");
    }

    /// @dev The old attack: alice strands 1 wei of shares and leaves with everything else, her MKR included.
    ///      The tier stays open: the stranded wei is worth its wei of DAI, and bob joins and leaves at cost.
    function test_closedTier_oneStrandedWeiKeepsNothingClosed() public {
        vm.prank(alice);
        pool.transfer(DEAD, 1);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 60_000e18 - 1);
        assertEq(daiWad, 10_000e18 - 1);
        assertEq(mkrWad, LOT_1 - 1, "all of alice's MKR, the stranded wei's part rounded away");
        assertEq(pool.claimableMkr(DEAD), 0);
        _assertBooks(1, 0, 1);

        assertEq(_enlist(bob, 1000e18), 1000e18, "1 wei of DAI for 1 wei of shares: at cost");
        assertEq(pool.shareEpoch(), 1, "nothing written off: the wei of shares still owns its wei of DAI");
        (daiWad, mkrWad) = _defect(bob, 1000e18);
        assertEq(daiWad, 1000e18);
        assertEq(mkrWad, 0);
    }

    /// @dev The same with every DAI spent on MKR: the pool's last 10,000 DAI go into a second lot (with bob's
    ///      40,000), then alice and bob take their MKR and leave 1 wei of shares each behind. The shares own
    ///      no DAI; carol's deposit writes them off and she joins at one share per DAI.
    function test_closedTier_allDaiSpentAndStrandedSharesKeepNothingClosed() public {
        _enlist(bob, 40_000e18); // 240,000 shares at 1/6 DAI each: 50,000 DAI liquid, one bid
        _win(_kick());
        _assertBooks(0, 0, LOT_1 + LOT_1);
        _claimMkr(alice);
        _claimMkr(bob);
        assertEq(_enlist(carol, 1000e18), 1000e18);
        assertEq(pool.totalSupply(), 1000e18, "alice's and bob's 300,000 shares written off");
        (uint256 daiWad, uint256 mkrWad) = _defect(carol, 1000e18);
        assertEq(daiWad, 1000e18);
        assertEq(mkrWad, 0);
    }

    /// @dev And the tier keeps working: newcomers take part in the next win, pro rata.
    function test_closedTier_newcomersShareTheNextWin() public {
        _enlist(bob, 60_000e18); // 360,000 shares at 1/6 DAI each; 70,000 DAI liquid
        _win(_kick());
        uint256 acc2 = LOT_1 * 1e27 / 420_000e18;
        assertEq(pool.claimableMkr(bob), 360_000e18 * acc2 / 1e27);
        assertEq(pool.claimableMkr(alice), 60_000e18 * (LOT_1 * 1e27 / 60_000e18 + acc2) / 1e27);
    }
}
