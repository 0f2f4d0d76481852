// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Found while turning share epochs on in the invariant suite: a closed tier again. After a win
///         spent every DAI, a holder who keeps fewer than 1e18 shares pauses skim's release for good
///         (`_releaseDue`: nothing is released below one share), yet the DAI it holds counts as owned by
///         those shares in `_writesOff` (`ownedWad = daiBook + releaseDai`). With at least 1 DAI (or as
///         many wei as shares) being released, the deposit does not write them off, and it cannot be priced
///         against a book of zero: `enlist` reverts `SharesWithoutDai` with 254 epochs left, so does every
///         later one; the holder cannot leave either (its shares pay no DAI, its MKR was paid:
///         `ZeroPayout`), and no round can open (`TooFewShares`). The design note's rule, "with the epochs
///         used up only a book with no DAI refuses", does not hold.
/// @dev Fails on the current code (SharesWithoutDai(500)); passes once the deposit is accepted.
contract ShareEpochsPausedReleaseTest is SyndicateUnitBase {
    function setUp() public override {
        super.setUp();
        _enlist(alice, BID);
        _win(_kick());
        _assertBooks(0, 0, LOT_1);
    }

    function test_closedTier_dustHolderBehindPausedRelease() public {
        // 10 DAI sent to the pool by mistake, found by skim: released over a day.
        _giveDai(address(pool), 10e18);
        pool.skim();
        // Alice leaves but for 500 wei of shares, taking her MKR: nothing is released below one share.
        _defect(alice, BID - 500);
        assertEq(pool.totalSupply(), 500);
        vm.warp(block.timestamp + 2 days);
        // The 10 DAI never reach the book; the MKR book keeps the accumulator's rounding, alice took the
        // rest.
        _assertBooks(0, 0, LOT_1 - BID * (LOT_1 * RAY / BID) / RAY);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (500)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroPayout.selector, 500)
        );
        assertEq(pool.shareEpoch(), 1, "an epoch to spare");

        // Bob's deposit must be accepted (written off, or priced with the DAI being released).
        uint256 shares = _enlist(bob, 1000e18);
        assertGt(shares, 0);
    }
}
