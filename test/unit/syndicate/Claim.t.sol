// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Collecting a round's requests and MKR: `claim` by anyone pays the holder; cancelling after the
///         close is refused; one holder with both kinds of request in a round; requests in consecutive
///         rounds (a new request claims the closed round first); MKR stays with who held the shares across
///         transfers; and the views (`pending`, `claimableMkr`, `round`, `release`, `status`) against what
///         `claim` and `claimMkr` then pay.
/// @dev Setting: alice 60,000 and carol 40,000 shares at 1 DAI; the pool bids 50,000 DAI for LOT_1 MKR in
///      auction `id` at `t0`, leaving 50,000 DAI liquid. A win credits `ACC_1` per share and closes the
///      round at 0.5 DAI per share.
contract ClaimTest is SyndicateUnitBase {
    /// @dev LOT_1 * 1e27 / 100,000e18: exact (1e27 / 1e23 = 1e4).
    uint256 internal constant ACC_1 = LOT_1 * 1e4;

    address internal dave = makeAddr("dave");
    uint256 internal id;
    uint256 internal t0;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 60_000e18);
        _enlist(carol, 40_000e18);
        id = _kick();
        _enter(id);
        t0 = block.timestamp;
    }

    function _winId() internal {
        _warpPastSettle(id);
        assertTrue(_finalize(id), "won");
    }

    /// @dev `shares`' part of `acc` MKR credited per share (ray), rounded down.
    function _credit(uint256 shares, uint256 acc) internal pure returns (uint256) {
        return shares * acc / RAY;
    }

    function _assertPending(
        address holder,
        uint256 rid,
        uint256 enlistDai,
        uint256 defectShares,
        bool executed
    ) internal view {
        IDaiBackstopSyndicate.Pending memory p = pool.pending(holder);
        assertEq(p.round, rid, "pending.round");
        assertEq(p.enlistDaiWad, enlistDai, "pending.enlistDaiWad");
        assertEq(p.defectShares, defectShares, "pending.defectShares");
        assertEq(p.executed, executed, "pending.executed");
    }

    function _assertRound(
        uint256 rid,
        bool open,
        uint256 closeBy,
        uint256 daiWad,
        uint256 shares
    ) internal view {
        IDaiBackstopSyndicate.Round memory r = pool.round();
        assertEq(r.id, rid, "round.id");
        assertEq(r.open, open, "round.open");
        assertEq(r.closeBy, closeBy, "round.closeBy");
        assertEq(r.enlistDaiWad, daiWad, "round.enlistDaiWad");
        assertEq(r.defectShares, shares, "round.defectShares");
    }

    /// @dev `holder`'s `pending` and `claimableMkr` say what `claim` pays; `claim` (by `keeper`) pays that,
    ///      to the holder; afterwards nothing is pending or claimable.
    function _claimAsPreviewed(address holder)
        internal
        returns (uint256 shares, uint256 daiWad, uint256 mkrWad)
    {
        IDaiBackstopSyndicate.Pending memory p = pool.pending(holder);
        assertTrue(p.executed, "executed");
        assertEq(pool.claimableMkr(holder), p.mkrWad, "claimableMkr = pending.mkrWad");
        uint256 sharesBefore = pool.balanceOf(holder);
        uint256 daiBefore = mcd.dai.balanceOf(holder);
        uint256 mkrBefore = mcd.mkr.balanceOf(holder);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Claimed(holder, p.round, p.sharesOut, p.daiOutWad, p.mkrWad);
        (shares, daiWad, mkrWad) = _claim(holder);
        assertEq(shares, p.sharesOut, "claim: shares as previewed");
        assertEq(daiWad, p.daiOutWad, "claim: DAI as previewed");
        assertEq(mkrWad, p.mkrWad, "claim: MKR as previewed");
        assertEq(pool.balanceOf(holder) - sharesBefore, shares, "the shares go to the holder");
        assertEq(mcd.dai.balanceOf(holder) - daiBefore, daiWad, "the DAI goes to the holder");
        assertEq(mcd.mkr.balanceOf(holder) - mkrBefore, mkrWad, "the MKR goes to the holder");
        _assertPending(holder, 0, 0, 0, false);
        assertEq(pool.claimableMkr(holder), 0, "nothing left to claim");
    }

    /// @dev `status()` of a live, unhalted pool with no pooled evidence and nothing due: the books, the
    ///      supply, the round (open while `lockedBook` is not 0, with one position) and its deadline.
    function _assertStatusOfRound(
        uint256 daiBook,
        uint256 lockedBook,
        uint256 mkrBook,
        uint256 shares,
        uint256 rid,
        uint256 closeBy
    ) internal view {
        _assertStatus(
            IDaiBackstopSyndicate.Status({
                halted: false,
                evidencePooled: false,
                flopperLive: true,
                daiJoinLive: true,
                daiBookWad: daiBook,
                lockedBookWad: lockedBook,
                mkrBookWad: mkrBook,
                totalShares: shares,
                openPositions: lockedBook == 0 ? 0 : 1,
                settlementDue: 0,
                round: rid,
                roundOpen: lockedBook != 0,
                closeBy: closeBy
            })
        );
    }

    // ------------------------------------------------------------ claim by anyone

    /// @dev `keeper` claims carol's exit: carol is paid her DAI and MKR, the keeper nothing.
    function test_claim_byAThirdPartyPaysTheHolder() public {
        _requestDefect(carol, 40_000e18);
        _winId();
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claimAsPreviewed(carol);
        assertEq(shares, 0);
        assertEq(daiWad, 20_000e18, "40% of the 50,000 DAI left");
        assertEq(mkrWad, _credit(40_000e18, ACC_1), "40% of the lot");
        assertEq(mcd.dai.balanceOf(keeper), 0);
        assertEq(mcd.mkr.balanceOf(keeper), 0);
        assertEq(pool.balanceOf(keeper), 0);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claim, (carol)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRequest.selector, carol)
        );
    }

    /// @dev A deposit request claimed by a third party: the shares land in the holder's balance.
    function test_claim_byAThirdPartyMovesTheSharesToTheHolder() public {
        _requestEnlist(dave, 6000e18);
        _winId();
        (uint256 shares,,) = _claimAsPreviewed(dave);
        assertEq(shares, 12_000e18, "6,000 DAI at 0.5 DAI per share");
        assertEq(pool.balanceOf(dave), 12_000e18);
        assertEq(pool.balanceOf(address(pool)), 0, "the escrow is empty");
    }

    // ------------------------------------------------------------ cancel after the close

    /// @dev Once the round closed, cancelling is refused with the request's round, also when a later round
    ///      is open; `claim` is the way out, and afterwards there is nothing to cancel.
    function test_cancel_afterTheCloseInALaterRound_revertsRequestLocked() public {
        _requestEnlist(dave, 1000e18);
        _requestDefect(carol, 1000e18);
        _rivalDent(rival, id);
        assertFalse(_finalize(id)); // round 1 closes
        _enter(_kick()); // round 2 opens
        _assertRound(2, true, 0, 0, 0);
        bytes memory locked = abi.encodeWithSelector(IDaiBackstopSyndicate.RequestLocked.selector, 1);
        vm.prank(dave);
        _assertRevert(address(pool), abi.encodeCall(pool.cancelEnlist, ()), locked);
        vm.prank(carol);
        _assertRevert(address(pool), abi.encodeCall(pool.cancelDefect, ()), locked);

        _claimAsPreviewed(dave);
        _claimAsPreviewed(carol);
        vm.prank(dave);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.cancelEnlist, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRequest.selector, dave)
        );
        vm.prank(carol);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.cancelDefect, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRequest.selector, carol)
        );
    }

    // ------------------------------------------------------------ both kinds in one round

    /// @dev carol asks to leave with 10,000 shares and to join with 6,000 DAI in the same round. At the close
    ///      (0.5 DAI per share) she is paid 5,000 DAI, 12,000 new shares, and the MKR of the 40,000 shares
    ///      she had in the round (30,000 kept + 10,000 locked, each part rounded down).
    function test_requests_enlistAndDefectInOneRound() public {
        _requestDefect(carol, 10_000e18);
        _requestEnlist(carol, 6000e18);
        _assertPending(carol, 1, 6000e18, 10_000e18, false);
        _assertRound(1, true, t0 + TTL, 6000e18, 10_000e18);
        _winId();
        _assertRound(2, false, 0, 0, 0);
        _assertBooks(51_000e18, 0, LOT_1);

        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claimAsPreviewed(carol);
        assertEq(shares, 12_000e18);
        assertEq(daiWad, 5000e18);
        assertEq(mkrWad, _credit(30_000e18, ACC_1) + _credit(10_000e18, ACC_1));
        assertEq(pool.balanceOf(carol), 42_000e18);
        assertEq(pool.totalSupply(), 102_000e18);
        _assertBooks(51_000e18, 0, LOT_1 - mkrWad);
    }

    /// @dev Cancelling one of the two keeps the other, and the holder's round.
    function test_requests_cancelOneKeepsTheOther() public {
        _requestDefect(carol, 10_000e18);
        _requestEnlist(carol, 6000e18);
        vm.prank(carol);
        assertEq(pool.cancelEnlist(), 6000e18);
        _assertPending(carol, 1, 0, 10_000e18, false);
        _assertRound(1, true, t0 + TTL, 0, 10_000e18);
        _winId();
        (uint256 shares, uint256 daiWad,) = _claimAsPreviewed(carol);
        assertEq(shares, 0);
        assertEq(daiWad, 5000e18);

        // And the other way round, in the next round (bob's deposit tops the pool up for a bid).
        _enlist(bob, 10_000e18);
        uint256 b = _kick();
        _enter(b);
        _requestEnlist(carol, 1000e18);
        _requestDefect(carol, 1000e18);
        vm.prank(carol);
        assertEq(pool.cancelDefect(), 1000e18);
        _assertPending(carol, 2, 1000e18, 0, false);
        assertEq(pool.balanceOf(carol), 30_000e18);
    }

    // ------------------------------------------------------------ consecutive rounds

    /// @dev carol asks to leave with 10,000 shares in round 1 (won) and does not claim. In round 2 her first
    ///      new request claims round 1 first (5,000 DAI and her MKR), then joins round 2; round 2 (outbid)
    ///      closes at cost and her new requests execute at its price.
    function test_requests_inConsecutiveRounds_claimTheFirstRoundFirst() public {
        _requestDefect(carol, 10_000e18);
        _winId(); // round 1: 50,000 DAI for 100,000 shares; 5,000 set aside for carol
        uint256 carolMkr = _credit(30_000e18, ACC_1) + _credit(10_000e18, ACC_1);
        assertEq(pool.pending(carol).mkrWad, carolMkr);
        // bob joins between the rounds: 10,000 DAI at 45,000 DAI for 90,000 shares.
        assertEq(_enlist(bob, 10_000e18), 20_000e18);
        uint256 b = _kick();
        _enter(b); // round 2

        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Claimed(carol, 1, 0, 5000e18, carolMkr);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.DefectRequested(carol, 2, 5000e18);
        _requestDefect(carol, 5000e18);
        assertEq(mcd.dai.balanceOf(carol), 5000e18, "round 1 paid out first");
        assertEq(mcd.mkr.balanceOf(carol), carolMkr);
        _requestEnlist(carol, 2000e18);
        _assertPending(carol, 2, 2000e18, 5000e18, false);
        assertEq(pool.balanceOf(carol), 25_000e18);

        _rivalDent(rival, b);
        assertFalse(_finalize(b)); // round 2 closes at 55,000 DAI for 110,000 shares
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claimAsPreviewed(carol);
        assertEq(shares, 4000e18, "2,000 DAI at 0.5 DAI per share");
        assertEq(daiWad, 2500e18, "5,000 shares at 0.5 DAI");
        assertEq(mkrWad, 0, "round 2 won nothing");
        assertEq(mcd.dai.balanceOf(carol), 7500e18);
        assertEq(pool.balanceOf(carol), 29_000e18);
    }

    // ------------------------------------------------------------ MKR and transfers

    /// @dev MKR stays with who held the shares when it was won: alice sends all her shares to bob after a
    ///      win and still claims its MKR; bob claims nothing of it, and all of the next win.
    function test_claimMkr_afterTransfer_staysWithWhoHeldTheShares() public {
        _winId();
        vm.prank(alice);
        pool.transfer(bob, 60_000e18);
        assertEq(pool.claimableMkr(alice), _credit(60_000e18, ACC_1));
        assertEq(pool.claimableMkr(bob), 0);
        assertEq(_claimMkr(alice), _credit(60_000e18, ACC_1));
        vm.prank(bob);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claimMkr, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToClaim.selector, bob)
        );

        _win(_kick()); // 50,000 DAI left for 100,000 shares: the second lot credits ACC_1 again
        assertEq(pool.mkrPerShareRay(), 2 * ACC_1);
        assertEq(pool.claimableMkr(bob), _credit(60_000e18, ACC_1));
        assertEq(_claimMkr(bob), _credit(60_000e18, ACC_1));
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claimMkr, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToClaim.selector, alice)
        );
        assertEq(_claimMkr(carol), _credit(40_000e18, 2 * ACC_1), "carol held hers through both");
    }

    /// @dev Within a round too: the first of two positions is won, alice transfers, the second is won. Each
    ///      lot's MKR goes to who held the shares when it was credited.
    function test_claimMkr_transferBetweenTwoWinsOfARound() public {
        uint256 b = _kick();
        _enter(b); // settles with `id`
        _warpPastSettle(id);
        assertTrue(_finalize(id));
        assertTrue(pool.round().open, "b keeps the round open");
        vm.prank(alice);
        pool.transfer(bob, 60_000e18);
        assertTrue(_finalize(b));
        assertEq(_claimMkr(alice), _credit(60_000e18, ACC_1), "the first lot's part");
        assertEq(_claimMkr(bob), _credit(60_000e18, ACC_1), "the second lot's part");
        assertEq(_claimMkr(carol), _credit(40_000e18, 2 * ACC_1));
    }

    // ------------------------------------------------------------ views against payments

    /// @dev `round`, `status` and `pending` through a round, and each requester's `pending` and
    ///      `claimableMkr` against what `claim` then pays, claimed in turn (each claim takes its part of what
    ///      the round has left, so later previews must still hold); alice's `claimableMkr` against
    /// `claimMkr`.
    function test_views_matchWhatClaimAndClaimMkrPay() public {
        vm.warp(t0 + 1 hours);
        _requestDefect(carol, 40_000e18);
        _requestEnlist(bob, 6000e18);
        _requestEnlist(dave, 3000e18);
        uint256 closeBy = t0 + 1 hours + TTL;
        _assertRound(1, true, closeBy, 9000e18, 40_000e18);
        _assertPending(bob, 1, 6000e18, 0, false);
        IDaiBackstopSyndicate.Pending memory p = pool.pending(carol);
        assertEq(p.sharesOut, 0);
        assertEq(p.daiOutWad, 0);
        assertEq(p.mkrWad, 0);
        _assertStatusOfRound(50_000e18, BID, 0, 100_000e18, 1, closeBy);

        _winId(); // 9,000 DAI buy 18,000 shares; 40,000 shares are paid 20,000 DAI
        _assertRound(2, false, 0, 0, 0);
        _assertStatusOfRound(39_000e18, 0, LOT_1, 78_000e18, 2, 0);
        (uint256 shares,,) = _claimAsPreviewed(dave);
        assertEq(shares, 6000e18);
        (, uint256 daiWad, uint256 mkrWad) = _claimAsPreviewed(carol);
        assertEq(daiWad, 20_000e18);
        assertEq(mkrWad, _credit(40_000e18, ACC_1));
        (shares,,) = _claimAsPreviewed(bob);
        assertEq(shares, 12_000e18, "the rest of the 18,000");
        assertEq(pool.claimableMkr(alice), _credit(60_000e18, ACC_1));
        assertEq(_claimMkr(alice), _credit(60_000e18, ACC_1));
        assertEq(pool.claimableMkr(alice), 0);
        _assertBooks(39_000e18, 0, LOT_1 - _credit(40_000e18, ACC_1) - _credit(60_000e18, ACC_1));
    }

    /// @dev `release` and `claimableMkr` against `claimMkr` while skim's MKR is released: the views count
    /// only what was brought into the accumulator, and so does `claimMkr`; a touch brings the release in.
    function test_views_releaseAndClaimableMkrAgainstClaimMkr() public {
        _winId();
        mcd.mkr.mint(address(pool), 10e18);
        uint256 t1 = block.timestamp;
        pool.skim();
        IDaiBackstopSyndicate.Release memory r = pool.release();
        assertEq(r.daiWad, 0);
        assertEq(r.mkrWad, 10e18);
        assertEq(r.last, t1);
        assertEq(r.end, t1 + 1 days);

        vm.warp(t1 + 12 hours);
        uint256 step = 5e18 * RAY / 100_000e18; // half the day's MKR, due and not yet brought in
        assertEq(pool.mkrPerShareRay(), ACC_1, "nothing brought in yet");
        assertEq(pool.claimableMkr(alice), _credit(60_000e18, ACC_1 + step), "the view counts the due part");
        assertEq(_claimMkr(alice), _credit(60_000e18, ACC_1 + step), "and claimMkr pays what the view says");
        r = pool.release();
        assertEq(r.mkrWad, 5e18, "claimMkr brought half of it in");
        assertEq(r.last, t1 + 12 hours);
        assertEq(pool.mkrPerShareRay(), ACC_1 + step);
        assertEq(pool.claimableMkr(carol), _credit(40_000e18, ACC_1 + step));
        assertEq(_claimMkr(carol), _credit(40_000e18, ACC_1 + step));
    }

    /// @dev `claim` brings skim's release up to date before paying, so while one is due it pays the
    ///      holder's part of it on top of what `pending` showed (the views leave the release out, as
    ///      documented).
    function test_views_pendingCountsTheDueRelease() public {
        _requestEnlist(dave, 6000e18);
        _winId(); // dave gets 12,000 shares, carol keeps 40,000, alice 60,000: 112,000 shares
        mcd.mkr.mint(address(pool), 10e18);
        uint256 t1 = block.timestamp;
        pool.skim();
        vm.warp(t1 + 1 days);
        IDaiBackstopSyndicate.Pending memory p = pool.pending(dave);
        assertEq(p.sharesOut, 12_000e18);
        uint256 step = 10e18 * RAY / 112_000e18;
        assertEq(p.mkrWad, _credit(12_000e18, step), "the view counts the due release");
        (uint256 shares,, uint256 mkrWad) = _claim(dave);
        assertEq(shares, 12_000e18);
        assertEq(mkrWad, p.mkrWad, "and claim pays what it showed");
        assertEq(pool.mkrPerShareRay(), ACC_1 + step);
        assertEq(
            mkrWad, _credit(12_000e18, step), "his new shares' part of the release, earned in the escrow"
        );
        assertEq(pool.claimableMkr(carol), _credit(40_000e18, ACC_1 + step));
    }
}
