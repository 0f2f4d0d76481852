// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "../../src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "../unit/syndicate/SyndicateUnitBase.sol";

/// @notice Third-party settlement order. When someone else deals or yanks an auction the Flopper deletes
///         its record, and `finalize` can only infer the outcome from MKR evidence: "won iff now > settleAt
///         and the MKR balance covers mkrBook + lot". With two such positions open the evidence is pooled:
///         the MKR minted for a won position B also "covers" an outbid position A, and whoever finalizes A
///         first (anyone may, in any order) gets A booked as the win and B as the refund.
///
///         With different bids this booked a refund the pool never received (insolvent books, the last
///         holders stuck). The pool now holds one bid size at a time (BidMismatch), so a swap can only
///         under-book: A's smaller lot is booked while B's MKR is held, and the difference waits outside
///         the books for `skim`. Holders who leave in between get MKR pro rata of the smaller lot; nobody
///         can be paid more than the pool holds.
contract ThirdPartySettlementOrderTest is SyndicateUnitBase {
    /// @dev floor(300e36 / 1.03e18): the pool's ask in an auction ticked once.
    uint256 internal constant LOT_TICKED = 291_262_135_922_330_097_087;

    /// @dev B kicked and ticked once (300 MKR), A kicked fresh (250 MKR); the pool enters both, a rival
    ///      outbids it in A; both are settled by third parties.
    function _setUp() internal returns (uint256 a, uint256 b) {
        _enlist(alice, 2 * BID);
        b = _kick();
        _tick(b);
        a = _kick();
        _enter(a);
        _enter(b);
        assertEq(pool.positions(b).lot, LOT_TICKED);
        _rivalDent(rival, a);
        _warpPastSettle(a);
        mcd.flop.deal(b); // the pool's win, dealt by a keeper
        mcd.flop.deal(a); // the rival's win
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_TICKED);
    }

    function _assertSolvent() internal view {
        (uint256 d, uint256 lk, uint256 m) = pool.nav();
        assertLe((d + lk) * RAY, _daiHeldRad(address(pool)), "DAI booked is held");
        assertLe(m, mcd.mkr.balanceOf(address(pool)), "MKR booked is held");
    }

    /// @dev Control: the won position finalized first, the books are exact.
    function test_thirdPartySettlementOrder_wonFirst_booksExactly() public {
        (uint256 a, uint256 b) = _setUp();
        assertTrue(_finalize(b));
        assertFalse(_finalize(a));
        _assertBooks(BID, 0, LOT_TICKED);
        _assertSolvent();
    }

    /// @dev The outbid position finalized first is booked as the win (a known limit): the books under-book
    ///      MKR by the difference of the lots, never over-book; skim restores it once nothing is open.
    function test_thirdPartySettlementOrder_outbidFirst_onlyUnderBooksUntilSkim() public {
        (uint256 a, uint256 b) = _setUp();
        assertTrue(_finalize(a), "misattributed: A booked as the win");
        assertFalse(_finalize(b), "and B as the refund");
        _assertBooks(BID, 0, LOT_1);
        _assertSolvent();

        // A holder leaving now is paid MKR pro rata of LOT_1, not LOT_TICKED.
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, BID);
        assertEq(daiWad, BID / 2);
        assertEq(mkrWad, LOT_1 / 2);

        (uint256 skimmedDai, uint256 skimmedMkr) = pool.skim();
        assertEq(skimmedDai, 0);
        assertEq(skimmedMkr, LOT_TICKED - LOT_1);
        (daiWad, mkrWad) = _defect(alice, BID);
        assertEq(daiWad, BID / 2);
        assertEq(mkrWad, LOT_TICKED - LOT_1 / 2, "the rest, skimmed difference included");
        _assertBooks(0, 0, 0);
        assertEq(mcd.mkr.balanceOf(address(pool)), 0);
    }

    /// @dev KNOWN LIMIT, open finding (README, "Known limits"): a proof of concept, not a guarantee.
    ///      Three of the pool's auctions are settled by third parties: C lost (the larger lot), A and B won.
    ///      S, another position, was outbid and its auction runs on, so its refund sits in the Vat too.
    ///      Finalized in the order C, A, B, the pooled MKR makes C the win and A and B the refunds, and the
    ///      Vat cap cannot tell S's refund from C's: B books S's. Until S settles, lockedBook still counts
    ///      S's bid, so the books overstate the DAI the pool controls by one bid, and a holder leaving in
    ///      that window is paid from the overstated NAV (more DAI, less MKR than her share). When S settles
    ///      it books nothing back; at the end the books under-book (the MKR difference waits for `skim`).
    ///      The same state makes a re-entry in S fail with InsufficientLiquidity: `canEnter` counts S's bid
    ///      as coming back and cannot see that its refund was booked elsewhere. When this is fixed, the
    ///      assertions marked "finding" must turn into solvency checks.
    function test_thirdPartySettlementOrder_knownLimit_refundBookedTwiceWhileOutbidPositionOpen() public {
        _enlist(alice, 4 * BID);
        uint256 c = _kick();
        _tick(c); // 300 MKR: the pool asks LOT_TICKED
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(c);
        _enter(a);
        _enter(b);
        _rivalDent(rival, c); // C is lost
        vm.warp(block.timestamp + 1 hours);
        uint256 s = _kick();
        _enter(s);
        _rivalDent(rival, s); // S is lost too, but its auction runs on
        vm.warp(block.timestamp + TTL - 1 hours + 1);
        mcd.flop.deal(a); // the pool's wins and the rival's, dealt by third parties
        mcd.flop.deal(b);
        mcd.flop.deal(c);

        assertTrue(_finalize(c), "C's larger lot is covered by A's and B's MKR");
        assertFalse(_finalize(a), "A booked as a refund: C's");
        assertFalse(_finalize(b), "B booked as a refund: S's, still unfinalized");
        _assertBooks(2 * BID, BID, LOT_TICKED);
        (uint256 d, uint256 lk,) = pool.nav();
        assertEq(
            (d + lk) * RAY, _daiHeldRad(address(pool)) + BID * RAY, "finding: books overstate by one bid"
        );

        // Alice leaves with half her shares while S is open and not due.
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 2 * BID);
        assertEq(daiWad, 3 * BID / 2, "finding: half of the overstated NAV (her share of held DAI is 1 bid)");
        assertEq(mkrWad, LOT_TICKED / 2);
        uint256 mkrLeft = LOT_TICKED - mkrWad;
        _assertBooks(BID / 2, BID, mkrLeft);

        (bool ok,) = pool.canEnter(s);
        assertTrue(ok, "finding: canEnter counts S's bid as coming back");
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, BID / 2));
        pool.enterAuction(s);
        _assertBooks(BID / 2, BID, mkrLeft);
        _assertOpen(_single(s));

        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionFinalized(s, false, pool.positions(s).lot, 0);
        assertFalse(_finalize(s));
        _assertBooks(BID / 2, 0, mkrLeft);
        _assertSolvent();
        (uint256 skimmedDai, uint256 skimmedMkr) = pool.skim();
        assertEq(skimmedDai, 0);
        assertEq(skimmedMkr, 2 * LOT_1 - LOT_TICKED, "A's and B's MKR beyond C's lot");
    }

    /// @dev The case that could over-book is refused up front: after governance changes `sump`, the pool
    ///      cannot hold a second bid size until the open positions settle.
    function test_thirdPartySettlementOrder_differentBidsRefused() public {
        pool = _newPool(1000e18);
        _enlist(alice, 3 * BID);
        uint256 a = _kick();
        mcd.vow.file("sump", 2 * SUMP);
        uint256 b = _kick();
        _enter(a);
        (bool ok, bytes4 reason) = pool.canEnter(b);
        assertFalse(ok);
        assertEq(reason, IDaiBackstopSyndicate.BidMismatch.selector);
        vm.expectRevert(abi.encodeWithSelector(IDaiBackstopSyndicate.BidMismatch.selector, 2 * BID, BID));
        pool.enterAuction(b);

        _rivalDent(rival, a);
        _finalize(a);
        pool.enterAuction(b);
        _assertBooks(BID, 2 * BID, 0);
    }
}
