// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {Flopper} from "test/mcd/Flopper.sol";

/// @notice finalize: every outcome of a position. Won (the pool deals, or a third party already did),
///         outbid (the refund is already in the Vat), outbid and the rival's auction dealt, caged (the pool
///         yanks, or someone else did), still running, no position, and MKR evidence that a donation cannot
///         fake before the pool's bid could have been dealt.
contract FinalizeTest is SyndicateUnitBase {
    uint256 internal id;
    uint256 internal settleAt;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 60_000e18);
        id = _kick();
        _enter(id);
        settleAt = block.timestamp + TTL;
    }

    function _expectFinalized(bool won, uint256 lot) internal {
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionFinalized(id, won, lot, BID);
    }

    function _assertClosed() internal view {
        _assertNoPosition(id);
        assertEq(pool.openPositions().length, 0);
        assertEq(pool.settlementDue(), 0);
    }

    function _assertRefunded() internal view {
        _assertClosed();
        _assertBooks(60_000e18, 0, 0);
        assertEq(mcd.vat.dai(address(pool)), SUMP, "the bid is back in the Vat");
        assertEq(mcd.dai.balanceOf(address(pool)), 10_000e18);
    }

    // ------------------------------------------------------------ won

    function test_finalize_wonDeals() public {
        _warpPastSettle(id);
        vm.expectCall(address(mcd.flop), abi.encodeCall(Flopper.deal, (id)), 1);
        _expectFinalized(true, LOT_1);
        vm.prank(makeAddr("anyone"));
        assertTrue(pool.finalize(id));

        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1);
        _assertBooks(10_000e18, 0, LOT_1);
        _assertClosed();
        (uint256 bidRad,, address guy,,) = _bid(id);
        assertEq(guy, address(0), "auction dealt");
        assertEq(bidRad, 0);
        assertEq(mcd.vat.dai(address(pool)), 0, "the bid is spent");
    }

    function test_finalize_dealtByThirdParty() public {
        _warpPastSettle(id);
        mcd.flop.deal(id);
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1);
        vm.expectCall(address(mcd.flop), abi.encodeWithSelector(Flopper.deal.selector), 0);
        _expectFinalized(true, LOT_1);
        assertTrue(_finalize(id));
        _assertBooks(10_000e18, 0, LOT_1);
        _assertClosed();
    }

    /// @dev The auction's `end` passes before the pool's tic: still a win.
    function test_finalize_wonAtAuctionEnd() public {
        uint256 b = _kick();
        (,,,, uint48 end) = _bid(b);
        vm.warp(uint256(end) - 1 hours);
        _finalize(id);
        _enlist(bob, BID); // the round closed with `id`: deposits are instant again
        _enter(b);
        _assertPosition(b, BID, LOT_1, end, 0, 0);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (b)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionStillRunning.selector, b, uint256(end))
        );
        vm.warp(uint256(end) + 1);
        assertTrue(_finalize(b));
        _assertBooks(10_000e18, 0, 2 * LOT_1);
        assertEq(mcd.mkr.balanceOf(address(pool)), 2 * LOT_1);
    }

    // ------------------------------------------------------------ outbid

    function test_finalize_outbidRefundsAtOnce() public {
        _rivalDent(rival, id);
        _expectFinalized(false, LOT_1);
        assertFalse(_finalize(id));
        _assertRefunded();
    }

    function test_finalize_outbidAfterSettleAt() public {
        _rivalDent(rival, id);
        vm.warp(settleAt + 1);
        assertEq(pool.settlementDue(), id);
        assertFalse(_finalize(id));
        _assertRefunded();
    }

    function test_finalize_outbidThenRivalDealt() public {
        _rivalDent(rival, id);
        _warpPastSettle(id);
        mcd.flop.deal(id);
        assertEq(mcd.mkr.balanceOf(rival), LOT_2);
        _expectFinalized(false, LOT_1);
        assertFalse(_finalize(id));
        _assertRefunded();
        assertEq(mcd.mkr.balanceOf(address(pool)), 0);
    }

    function test_finalize_outbidThenCaged() public {
        _rivalDent(rival, id);
        mcd.flop.cage();
        vm.expectCall(address(mcd.flop), abi.encodeWithSelector(Flopper.yank.selector), 0);
        assertFalse(_finalize(id));
        _assertRefunded();
    }

    // ------------------------------------------------------------ global settlement

    function test_finalize_cagedPoolYanks() public {
        mcd.flop.cage();
        vm.expectCall(address(mcd.flop), abi.encodeCall(Flopper.yank, (id)), 1);
        _expectFinalized(false, LOT_1);
        assertFalse(_finalize(id));
        _assertRefunded();
        (,, address guy,,) = _bid(id);
        assertEq(guy, address(0), "yanked");
    }

    /// @dev The pool's bid had expired (won) but nobody dealt it before the cage: the bid comes back.
    function test_finalize_cagedAfterWinNotDealt_refunds() public {
        _warpPastSettle(id);
        mcd.flop.cage();
        assertFalse(_finalize(id));
        _assertRefunded();
        assertEq(mcd.mkr.balanceOf(address(pool)), 0);
    }

    function test_finalize_yankedBySomeoneElse() public {
        mcd.flop.cage();
        vm.prank(makeAddr("anyone"));
        mcd.flop.yank(id);
        assertEq(mcd.vat.dai(address(pool)), SUMP);
        vm.expectCall(address(mcd.flop), abi.encodeWithSelector(Flopper.yank.selector), 0);
        _expectFinalized(false, LOT_1);
        assertFalse(_finalize(id));
        _assertRefunded();
    }

    function test_finalize_yankedBySomeoneElseAfterSettleAt() public {
        _warpPastSettle(id);
        mcd.flop.cage();
        mcd.flop.yank(id);
        assertFalse(_finalize(id));
        _assertRefunded();
    }

    // ------------------------------------------------------------ cannot settle

    function test_finalize_stillRunning_reverts() public {
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionStillRunning.selector, id, settleAt)
        );
        vm.warp(settleAt);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionStillRunning.selector, id, settleAt)
        );
        vm.warp(settleAt + 1);
        assertTrue(pool.finalize(id));
    }

    function test_finalize_noPosition_reverts() public {
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (99)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoPosition.selector, 99)
        );
        uint256 other = _kick();
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (other)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoPosition.selector, other)
        );
    }

    function test_finalize_twice_reverts() public {
        _rivalDent(rival, id);
        _finalize(id);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoPosition.selector, id)
        );
        _assertBooks(60_000e18, 0, 0);
    }

    // ------------------------------------------------------------ MKR evidence

    /// @dev A rival's bid dealt before the pool's own bid could have expired (governance shortened ttl
    ///      after the pool bid): MKR sent to the pool cannot make the refund look like a win.
    function test_finalize_mkrDonationBeforeSettleAt_staysRefund() public {
        mcd.flop.file("ttl", 1 hours);
        _rivalDent(rival, id);
        vm.warp(block.timestamp + 1 hours + 1);
        mcd.flop.deal(id); // the rival's lot, before the pool's settleAt
        assertLt(block.timestamp, settleAt);
        mcd.mkr.mint(address(pool), LOT_1); // donation: exactly what a win would have minted
        _expectFinalized(false, LOT_1);
        assertFalse(_finalize(id));
        _assertRefunded();
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1, "left for skim");
    }

    function test_finalize_mkrDonationAfterThirdPartyYankBeforeSettleAt_staysRefund() public {
        mcd.flop.cage();
        mcd.flop.yank(id);
        mcd.mkr.mint(address(pool), 10 * LOT_1);
        vm.warp(settleAt);
        assertFalse(_finalize(id));
        _assertRefunded();
    }

    /// @dev Without enough MKR a third-party settlement past settleAt is a refund.
    function test_finalize_thirdPartySettledWithoutMkr_refunds() public {
        _rivalDent(rival, id);
        _warpPastSettle(id);
        mcd.flop.deal(id);
        mcd.mkr.mint(address(pool), LOT_1 - 1); // one wei short of the pool's lot
        assertFalse(_finalize(id));
        _assertRefunded();
    }

    /// @dev MKR already booked for an earlier win is not evidence for another position.
    function test_finalize_bookedMkrIsNotEvidence() public {
        uint256 b = _kick();
        _warpPastSettle(id);
        assertTrue(_finalize(id)); // LOT_1 booked
        _enlist(bob, BID);
        _enter(b);
        _rivalDent(rival, b);
        _warpPastSettle(b);
        mcd.flop.deal(b); // the rival's
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1);
        assertFalse(_finalize(b));
        _assertBooks(60_000e18, 0, LOT_1);
    }
}
