// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

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
        assertEq(pool.positions(b).lotWad, LOT_TICKED);
        _rivalDent(rival, a);
        _warpPastSettle(a);
        mcd.flop.deal(b); // the pool's win, dealt by a keeper
        mcd.flop.deal(a); // the rival's win
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_TICKED);
    }

    function _assertCanEnter(uint256 id) internal view {
        (bool ok, bytes memory reason) = pool.canEnter(id);
        assertTrue(ok, "canEnter");
        assertEq(reason, "", "canEnter: no refusal");
    }

    /// @dev Property 1: the DAI books are covered by the DAI the pool holds, its live high bids, and the
    ///      bids of `dealtPending` positions that third parties dealt to the pool and nobody finalized yet
    ///      (that DAI became MKR the pool holds); the MKR book by the MKR balance.
    function _assertSolvent(uint256 dealtPending) internal view {
        (uint256 d, uint256 lk, uint256 m) = pool.nav();
        uint256 coveredRad = _daiHeldRad(address(pool)) + dealtPending * SUMP;
        uint256[] memory open = pool.openPositions();
        for (uint256 i; i < open.length; ++i) {
            (uint256 bid,, address guy,,) = _bid(open[i]);
            if (guy == address(pool)) coveredRad += bid;
        }
        assertLe((d + lk) * RAY, coveredRad, "DAI booked is covered");
        assertLe(d * RAY, _daiHeldRad(address(pool)), "liquid DAI booked is held");
        assertLe(m, mcd.mkr.balanceOf(address(pool)), "MKR booked is held");
    }

    function _assertSolvent() internal view {
        _assertSolvent(0);
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
    ///      MKR by the difference of the lots, never over-book; skim finds it once nothing is open and
    ///      releases it over a day to the holders of the moment.
    function test_thirdPartySettlementOrder_outbidFirst_onlyUnderBooksUntilSkim() public {
        (uint256 a, uint256 b) = _setUp();
        assertTrue(_finalize(a), "misattributed: A booked as the win");
        assertFalse(_finalize(b), "and B as the refund");
        _assertBooks(BID, 0, LOT_1);
        _assertSolvent();
        // alice's 2 * BID shares are credited LOT_1 (1e27 / 1e23 divides exactly), not LOT_TICKED.
        assertEq(pool.claimableMkr(alice), LOT_1);

        // A holder leaving now is paid the MKR of LOT_1.
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, BID);
        assertEq(daiWad, BID / 2);
        assertEq(mkrWad, LOT_1);

        (uint256 skimmedDai, uint256 skimmedMkr) = pool.skim();
        assertEq(skimmedDai, 0);
        assertEq(skimmedMkr, LOT_TICKED - LOT_1);
        vm.warp(block.timestamp + 1 days);
        (daiWad, mkrWad) = _defect(alice, BID);
        assertEq(daiWad, BID / 2);
        assertEq(mkrWad, LOT_TICKED - LOT_1, "the skimmed difference, released to the shares left");
        _assertBooks(0, 0, 0);
        assertEq(mcd.mkr.balanceOf(address(pool)), 0);
    }

    /// @dev Finding 01's sequence: C (ticked, the larger lot) lost, A and B won, all three dealt by third
    ///      parties; S outbid and still running.
    function _setUpPooled() internal returns (uint256 a, uint256 b, uint256 c, uint256 s) {
        _enlist(alice, 4 * BID);
        c = _kick();
        _tick(c); // 300 MKR: the pool asks LOT_TICKED
        a = _kick();
        b = _kick();
        _enter(c);
        _enter(a);
        _enter(b);
        _rivalDent(rival, c); // C is lost
        vm.warp(block.timestamp + 1 hours);
        s = _kick();
        _enter(s);
        _rivalDent(rival, s); // S is lost too, but its auction runs on
        vm.warp(block.timestamp + TTL - 1 hours + 1);
        mcd.flop.deal(a); // the pool's wins and the rival's, dealt by third parties
        mcd.flop.deal(b);
        mcd.flop.deal(c);
    }

    /// @dev `status()` once C's inferred win was booked with A, B and S open: evidence is pooled. No request
    ///      yet: no deadline.
    function _assertStatusPooled(uint256 a) internal view {
        _assertStatus(
            IDaiBackstopSyndicate.Status({
                halted: false,
                evidencePooled: true,
                flopperLive: true,
                daiJoinLive: true,
                daiBookWad: 0,
                lockedBookWad: 3 * BID, // A, B and S
                mkrBookWad: LOT_TICKED, // C's lot, inferred
                totalShares: 4 * BID,
                openPositions: 3,
                settlementDue: a, // A, B and C all settled at the same second, before S
                round: 1,
                roundOpen: true,
                closeBy: 0
            })
        );
    }

    /// @dev `status()` once S re-entered: its old position was the last one open, the flag is cleared;
    /// alice's exit request set the round's deadline.
    function _assertStatusAfterReentry(uint256 closeBy) internal view {
        _assertStatus(
            IDaiBackstopSyndicate.Status({
                halted: false,
                evidencePooled: false,
                flopperLive: true,
                daiJoinLive: true,
                daiBookWad: BID,
                lockedBookWad: BID,
                mkrBookWad: LOT_TICKED,
                totalShares: 4 * BID,
                openPositions: 1,
                settlementDue: 0,
                round: 1,
                roundOpen: true,
                closeBy: closeBy
            })
        );
    }

    /// @dev Finding 01 (docs/findings/): three of the pool's auctions are settled by third parties, C lost
    ///      (the larger lot), A and B won; S, another position, was outbid and its auction runs on, so its
    ///      refund sits in the Vat too. Finalized in the order C, A, B, the pooled MKR makes C the win and A
    ///      and B refunds. Before the fix B booked S's refund and the books overstated the DAI the pool
    ///      controls by one bid until S settled. Now C's inferred win, with others open, marks the evidence
    ///      as pooled, and A's and B's inferred refunds leave the other open bids' DAI in the Vat: the books
    ///      stay covered at every step, S re-enters with its own refund, and what the swap left outside
    ///      the books (MKR) waits for `skim`.
    function test_thirdPartySettlementOrder_pooledEvidence_neverBooksAnOpenPositionsRefund() public {
        (uint256 a, uint256 b, uint256 c, uint256 s) = _setUpPooled();
        assertFalse(pool.evidencePooled());

        assertTrue(_finalize(c), "C's larger lot is covered by A's and B's MKR");
        assertTrue(pool.evidencePooled(), "an inferred win with others open");
        _assertStatusPooled(a);
        _assertSolvent(2); // A and B, dealt and not finalized
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionFinalized(a, false, LOT_1, 0);
        assertFalse(_finalize(a), "A inferred a refund; B's and S's bids stay in the Vat");
        _assertSolvent(1); // B
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionFinalized(b, false, LOT_1, BID);
        assertFalse(_finalize(b), "B books C's refund, S's stays");
        _assertBooks(BID, BID, LOT_TICKED);
        _assertSolvent();

        // Alice asks to leave with half her shares while S is open: she stays exposed to S and is paid at
        // the round's close, from covered books.
        _requestDefect(alice, 2 * BID);
        uint256 closeBy = block.timestamp + TTL;
        _assertBooks(BID, BID, LOT_TICKED);
        _assertSolvent();

        // S re-enters with its own refund, settling by the deadline.
        _assertCanEnter(s);
        _enter(s);
        _assertBooks(BID, BID, LOT_TICKED);
        _assertSolvent();
        assertFalse(pool.evidencePooled(), "cleared: S's old position was the last one open");
        _assertStatusAfterReentry(closeBy);

        // S (re-entered at LOT_3) is won: the round closes at BID DAI for 4 * BID shares; alice's exit takes
        // half of it.
        assertEq(pool.positions(s).lotWad, LOT_3);
        _warpPastSettle(s);
        assertTrue(_finalize(s));
        _assertBooks(BID / 2, 0, LOT_TICKED + LOT_3);
        _assertSolvent();
        (, uint256 daiWad, uint256 mkrWad) = _claim(alice);
        assertEq(daiWad, BID / 2, "half the DAI left");
        // Each credit divides exactly (1e27 / (4 * BID) = 5,000): all of C's lot and of S's.
        assertEq(mkrWad, LOT_TICKED + LOT_3, "the MKR of all her shares: C's lot and S's");
        _assertBooks(BID / 2, 0, 0);
        _assertSolvent();

        (uint256 skimmedDai, uint256 skimmedMkr) = pool.skim();
        assertEq(skimmedDai, 0);
        assertEq(skimmedMkr, 2 * LOT_1 - LOT_TICKED, "A's and B's MKR beyond C's lot");
    }

    /// @dev Without pooled evidence an inferred refund is booked whole, even with other positions open:
    ///      the rival dealt its win before anyone finalized the pool's outbid position.
    function test_thirdPartySettlementOrder_singleInferredRefund_booksTheWholeBid() public {
        _enlist(alice, 2 * BID);
        uint256 a = _kick();
        _enter(a);
        _rivalDent(rival, a);
        vm.warp(block.timestamp + 1 hours);
        uint256 b = _kick();
        _enter(b); // still live when A's record goes
        _warpPastSettle(a);
        mcd.flop.deal(a);
        assertFalse(_finalize(a));
        _assertBooks(BID, BID, 0);
        assertFalse(pool.evidencePooled());
        _assertSolvent();
    }

    /// @dev An inferred win marks the evidence as pooled only if other positions stay open.
    function test_thirdPartySettlementOrder_inferredWinAlone_doesNotPool() public {
        _enlist(alice, BID);
        uint256 a = _kick();
        _enter(a);
        _warpPastSettle(a);
        mcd.flop.deal(a);
        assertTrue(_finalize(a));
        assertFalse(pool.evidencePooled());
        _assertBooks(0, 0, LOT_1);
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
        (bool ok, bytes memory reason) = pool.canEnter(b);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(IDaiBackstopSyndicate.BidMismatch.selector, 2 * BID, BID));
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (b)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.BidMismatch.selector, 2 * BID, BID)
        );

        _rivalDent(rival, a);
        _finalize(a);
        pool.enterAuction(b);
        _assertBooks(BID, 2 * BID, 0);
    }
}
