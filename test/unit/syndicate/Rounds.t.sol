// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {ERC20} from "solady/tokens/ERC20.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Rounds (docs/design/01-fair-rounds.md): while a position is open, `enlist` and `defect` revert
///         `RoundOpen(closeBy)` and joining and leaving are requests; the `finalize` that empties the
///         queue closes the round and prices its two request totals once; `claim` pays each requester.
///         Every new error with its exact arguments.
/// @dev Setting: alice holds 100,000 shares for 100,000 DAI; the pool bids 50,000 DAI in auction `id`
///      at `t0` (settles at `t0 + TTL`), leaving 50,000 DAI liquid: exactly one more bid.
contract RoundsTest is SyndicateUnitBase {
    event Transfer(address indexed from, address indexed to, uint256 amount);

    /// @dev LOT_1 * 1e27 / 100,000e18, exact: the MKR credited per share (ray) when `id` is won.
    uint256 internal constant ACC_1 = 2_427_184_466_019_417_475_720_000;

    address internal dave = makeAddr("dave");
    uint256 internal id;
    uint256 internal t0;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 100_000e18);
        id = _kick();
        _enter(id);
        t0 = block.timestamp;
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }

    function _roundOpen(uint256 closeBy) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, closeBy);
    }

    /// @dev `usr` gets `wad` DAI, approves the pool and calls `callData`, which must revert with `err`.
    function _fundedExpecting(address usr, uint256 wad, bytes memory callData, bytes memory err) internal {
        _giveDai(usr, wad);
        vm.startPrank(usr);
        mcd.dai.approve(address(pool), wad);
        _assertRevert(address(pool), callData, err);
        vm.stopPrank();
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

    /// @dev A rival outbids the pool, and the position is finalized: the round closes at cost.
    function _outbidAndFinalize() internal {
        _rivalDent(rival, id);
        assertFalse(_finalize(id));
    }

    function _winAndFinalize() internal {
        _warpPastSettle(id);
        assertTrue(_finalize(id));
    }

    // ------------------------------------------------------------ RoundOpen

    function test_enlist_roundOpen_reverts() public {
        _fundedExpecting(bob, 1e18, abi.encodeCall(pool.enlist, (1e18)), _roundOpen(0));
    }

    /// @dev Once a request set the round's deadline, the error reports it.
    function test_enlist_roundOpen_reportsTheDeadline() public {
        vm.warp(t0 + 1 hours);
        _requestDefect(alice, 1e18);
        _fundedExpecting(bob, 1e18, abi.encodeCall(pool.enlist, (1e18)), _roundOpen(t0 + 1 hours + TTL));
    }

    function test_defect_roundOpen_reverts() public {
        vm.prank(alice);
        _assertRevert(address(pool), abi.encodeCall(pool.defect, (1e18)), _roundOpen(0));
        assertEq(pool.maxDefect(alice), 0);
    }

    /// @dev Due or not, a position open is a round open: the exit at cost one second before the bid
    ///      expires (FreeOptionExit) is refused.
    function test_defect_roundOpenAtAnyTime_reverts() public {
        vm.warp(t0 + TTL - 1);
        vm.prank(alice);
        _assertRevert(address(pool), abi.encodeCall(pool.defect, (1e18)), _roundOpen(0));
        vm.warp(t0 + TTL + 1);
        vm.prank(alice);
        _assertRevert(address(pool), abi.encodeCall(pool.defect, (1e18)), _roundOpen(0));
    }

    // ------------------------------------------------------------ requests: guards

    function test_requestEnlist_noRoundOpen_reverts() public {
        _outbidAndFinalize();
        _fundedExpecting(
            bob,
            1e18,
            abi.encodeCall(pool.requestEnlist, (1e18)),
            _err(IDaiBackstopSyndicate.NoRoundOpen.selector)
        );
    }

    function test_requestDefect_noRoundOpen_reverts() public {
        _outbidAndFinalize();
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.requestDefect, (1e18)),
            _err(IDaiBackstopSyndicate.NoRoundOpen.selector)
        );
    }

    function test_requestEnlist_zero_reverts() public {
        _fundedExpecting(
            bob, 0, abi.encodeCall(pool.requestEnlist, (0)), _err(IDaiBackstopSyndicate.ZeroAmount.selector)
        );
    }

    function test_requestEnlist_halted_reverts() public {
        _halt();
        _fundedExpecting(
            bob,
            1e18,
            abi.encodeCall(pool.requestEnlist, (1e18)),
            _err(IDaiBackstopSyndicate.PoolHalted.selector)
        );
    }

    /// @dev The DAI the pool holds for holders, requests included, stays below 2^96.
    function test_requestEnlist_tooLarge_reverts() public {
        _requestEnlist(bob, 1000e18);
        uint256 room = uint256(type(uint96).max) - 100_000e18 - 1000e18;
        vm.prank(carol);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.requestEnlist, (room + 1)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.DepositTooLarge.selector, room)
        );
    }

    function test_requestDefect_zero_reverts() public {
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.requestDefect, (0)),
            _err(IDaiBackstopSyndicate.ZeroAmount.selector)
        );
    }

    function test_requestDefect_moreThanBalance_reverts() public {
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.requestDefect, (100_000e18 + 1)),
            abi.encodeWithSelector(
                IDaiBackstopSyndicate.InsufficientShares.selector, 100_000e18, 100_000e18 + 1
            )
        );
    }

    /// @dev Exits are never blocked by a halt, requests included.
    function test_requestDefect_whileHalted() public {
        _halt();
        _requestDefect(alice, 1e18);
        assertEq(pool.pending(alice).defectShares, 1e18);
    }

    // ------------------------------------------------------------ requests: effects

    /// @dev The DAI is taken now and kept outside the books: it takes no part in the round.
    function test_requestEnlist_takesDaiOutsideTheBooks() public {
        vm.warp(t0 + 1 hours);
        _giveDai(bob, 6000e18);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), 6000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.EnlistRequested(bob, 1, 6000e18);
        pool.requestEnlist(6000e18);
        vm.stopPrank();

        assertEq(mcd.dai.balanceOf(bob), 0);
        assertEq(mcd.dai.balanceOf(address(pool)), 56_000e18, "50,000 liquid + 6,000 requested");
        _assertBooks(50_000e18, BID, 0);
        assertEq(pool.totalSupply(), 100_000e18);
        assertEq(pool.balanceOf(bob), 0);
        _assertRound(1, true, t0 + 1 hours + TTL, 6000e18, 0);
        IDaiBackstopSyndicate.Pending memory p = pool.pending(bob);
        assertEq(p.round, 1);
        assertEq(p.enlistDaiWad, 6000e18);
        assertEq(p.defectShares, 0);
        assertFalse(p.executed);
        assertEq(p.sharesOut, 0);
        assertEq(p.daiOutWad, 0);
    }

    /// @dev The shares are locked in the pool's own balance: still in the supply, not the holder's.
    function test_requestDefect_locksSharesInThePool() public {
        vm.expectEmit(address(pool));
        emit Transfer(alice, address(pool), 40_000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.DefectRequested(alice, 1, 40_000e18);
        _requestDefect(alice, 40_000e18);

        assertEq(pool.balanceOf(alice), 60_000e18);
        assertEq(pool.balanceOf(address(pool)), 40_000e18);
        assertEq(pool.totalSupply(), 100_000e18);
        _assertRound(1, true, t0 + TTL, 0, 40_000e18);
        assertEq(pool.pending(alice).defectShares, 40_000e18);
        // Locked shares cannot move.
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.transfer, (bob, 60_000e18 + 1)),
            _err(ERC20.InsufficientBalance.selector)
        );
    }

    /// @dev A second request adds to the first; the deadline stays the first request's.
    function test_requests_secondAddsToFirst() public {
        _requestEnlist(bob, 1000e18);
        _requestDefect(alice, 1000e18);
        vm.warp(t0 + 2 hours);
        _requestEnlist(bob, 500e18);
        _requestDefect(alice, 500e18);
        _assertRound(1, true, t0 + TTL, 1500e18, 1500e18);
        assertEq(pool.pending(bob).enlistDaiWad, 1500e18);
        assertEq(pool.pending(alice).defectShares, 1500e18);
    }

    // ------------------------------------------------------------ the deadline

    /// @dev With a request pending, a position settling after `closeBy` is refused, at or before it
    ///      accepted.
    function test_enterAuction_afterTheDeadline_reverts() public {
        uint256 b = _kick();
        uint256 c = _kick();
        vm.warp(t0 + 1 hours);
        _requestEnlist(bob, 1000e18);
        uint256 closeBy = t0 + 1 hours + TTL;
        // Entering now settles exactly at the deadline: accepted.
        _enter(b);
        _assertPosition(b, BID, LOT_1, closeBy, id, 0);
        // A second later it would settle after it.
        vm.warp(t0 + 1 hours + 1);
        _assertRefused(
            c, abi.encodeWithSelector(IDaiBackstopSyndicate.RoundClosing.selector, closeBy, closeBy + 1)
        );
    }

    /// @dev Without requests there is no deadline.
    function test_enterAuction_noRequestNoDeadline() public {
        uint256 b = _kick();
        vm.warp(t0 + 5 hours);
        _enter(b);
        _assertPosition(b, BID, LOT_1, t0 + 5 hours + TTL, id, 0);
        _assertRound(1, true, 0, 0, 0);
    }

    // ------------------------------------------------------------ the close

    /// @dev Outbid: the round closes at cost (1 DAI per share) in the finalize that empties the queue.
    function test_finalize_closesTheRoundAtCost() public {
        _requestDefect(alice, 40_000e18);
        _requestEnlist(bob, 6000e18);
        _rivalDent(rival, id);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.RoundClosed(
            1, 6000e18, 6000e18, 40_000e18, 40_000e18, 100_000e18, 100_000e18
        );
        assertFalse(_finalize(id));

        _assertBooks(66_000e18, 0, 0);
        assertEq(pool.totalSupply(), 66_000e18);
        assertEq(pool.balanceOf(address(pool)), 6000e18, "bob's shares, minted, not yet claimed");
        _assertRound(2, false, 0, 0, 0);
        IDaiBackstopSyndicate.Pending memory p = pool.pending(bob);
        assertTrue(p.executed);
        assertEq(p.sharesOut, 6000e18);
        p = pool.pending(alice);
        assertTrue(p.executed);
        assertEq(p.daiOutWad, 40_000e18);

        vm.expectEmit(address(pool));
        emit Transfer(address(pool), bob, 6000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Claimed(bob, 1, 6000e18, 0, 0);
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claim(bob);
        assertEq(shares, 6000e18);
        assertEq(daiWad, 0);
        assertEq(mkrWad, 0);
        assertEq(pool.balanceOf(bob), 6000e18);

        // 40,000 DAI, out of the pool's 56,000 ERC20 DAI (50,000 liquid + 6,000 of bob's).
        (shares, daiWad, mkrWad) = _claim(alice);
        assertEq(daiWad, 40_000e18);
        assertEq(mcd.dai.balanceOf(alice), 40_000e18);
        assertEq(pool.balanceOf(address(pool)), 0);
        assertEq(pool.pending(alice).round, 0);
        _assertBooks(66_000e18, 0, 0);
    }

    /// @dev Won: the round closes at the value after the win. The leaver takes her part of the DAI left
    ///      and of the MKR; the newcomer's DAI buys shares at the new price and no MKR.
    function test_finalize_closesTheRoundAfterAWin() public {
        _requestDefect(alice, 40_000e18);
        _requestEnlist(bob, 6000e18);
        _warpPastSettle(id);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.RoundClosed(
            1, 6000e18, 12_000e18, 40_000e18, 20_000e18, 50_000e18, 100_000e18
        );
        assertTrue(_finalize(id));

        assertEq(pool.mkrPerShareRay(), ACC_1);
        _assertBooks(36_000e18, 0, LOT_1);
        assertEq(pool.totalSupply(), 72_000e18);

        // alice: 20,000 DAI for her 40,000 locked shares, and the MKR of all her 100,000 shares of the round
        // (40,000 locked + 60,000 kept), each part rounded down: one wei stays as dust.
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claim(alice);
        assertEq(shares, 0);
        assertEq(daiWad, 20_000e18);
        assertEq(mkrWad, LOT_1 - 1);
        assertEq(mcd.mkr.balanceOf(alice), LOT_1 - 1);

        (shares, daiWad, mkrWad) = _claim(bob);
        assertEq(shares, 12_000e18, "6,000 DAI at 0.5 DAI per share");
        assertEq(mkrWad, 0, "nothing of the win before he joined");
        assertEq(pool.claimableMkr(bob), 0);
        _assertBooks(36_000e18, 0, 1);
    }

    /// @dev No request: nothing closes, the round number stays.
    function test_finalize_noRequestKeepsTheRound() public {
        _outbidAndFinalize();
        _assertRound(1, false, 0, 0, 0);
    }

    /// @dev Each claimer gets their part of what the round has left, the last one the rest.
    function test_claim_lastClaimerGetsTheRest() public {
        vm.startPrank(alice);
        pool.transfer(carol, 2);
        pool.requestDefect(1);
        vm.stopPrank();
        _requestDefect(carol, 2);
        _winAndFinalize(); // 3 shares of 100,000e18 with 50,000e18 DAI left: 1.5 wei, 1 set aside
        (, uint256 daiWad,) = _claim(alice);
        assertEq(daiWad, 0, "1 * 1 / 3");
        (, daiWad,) = _claim(carol);
        assertEq(daiWad, 1, "the rest");
    }

    /// @dev A round that ends with no DAI behind its shares cannot price deposits: they come back.
    /// @dev The round's wins spend the pool's last DAI: the shares own nothing, so the close writes them off
    ///      (share epochs; see ShareEpochs.t.sol) and mints the deposit requests at one share per DAI.
    function test_finalize_noDaiBehindSharesWritesOffThenMints() public {
        // A second bid spends the pool's last 50,000 DAI.
        uint256 b = _kick();
        _enter(b);
        _requestEnlist(bob, 1000e18);
        _warpPastSettle(b);
        assertTrue(_finalize(id));
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.SharesWrittenOff(1, 100_000e18, 0);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.RoundClosed(1, 1000e18, 1000e18, 0, 0, 0, 100_000e18);
        assertTrue(_finalize(b));

        assertTrue(pool.pending(bob).executed);
        assertEq(pool.pending(bob).sharesOut, 1000e18);
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claim(bob);
        assertEq(shares, 1000e18);
        assertEq(daiWad, 0);
        assertEq(mkrWad, 0, "nothing of the wins he did not fund");
        assertEq(pool.totalSupply(), 1000e18);
    }

    // ------------------------------------------------------------ claim: guards

    function test_claim_pending_reverts() public {
        _requestEnlist(bob, 1000e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claim, (bob)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RequestPending.selector, 1)
        );
    }

    function test_claim_noRequest_reverts() public {
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claim, (carol)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRequest.selector, carol)
        );
        _requestEnlist(bob, 1000e18);
        _outbidAndFinalize();
        _claim(bob);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claim, (bob)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRequest.selector, bob)
        );
    }

    /// @dev A new request claims the holder's executed request of a closed round first.
    function test_request_claimsTheClosedRoundFirst() public {
        _requestEnlist(bob, 1000e18);
        _outbidAndFinalize();
        uint256 b = _kick();
        _enter(b);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Claimed(bob, 1, 1000e18, 0, 0);
        _requestDefect(bob, 400e18);
        assertEq(pool.balanceOf(bob), 600e18);
        IDaiBackstopSyndicate.Pending memory p = pool.pending(bob);
        assertEq(p.round, 2);
        assertEq(p.defectShares, 400e18);
        assertEq(p.enlistDaiWad, 0);
    }

    // ------------------------------------------------------------ cancel

    function test_cancelEnlist_returnsTheDai() public {
        _requestEnlist(bob, 1000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.EnlistCancelled(bob, 1, 1000e18);
        vm.prank(bob);
        assertEq(pool.cancelEnlist(), 1000e18);
        assertEq(mcd.dai.balanceOf(bob), 1000e18);
        assertEq(pool.pending(bob).round, 0);
        _assertRound(1, true, 0, 0, 0); // the round's last request gone: the deadline is lifted
        vm.prank(bob);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.cancelEnlist, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRequest.selector, bob)
        );
    }

    function test_cancelEnlist_afterTheClose_reverts() public {
        _requestEnlist(bob, 1000e18);
        _outbidAndFinalize();
        vm.prank(bob);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.cancelEnlist, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RequestLocked.selector, 1)
        );
    }

    /// @dev The locked shares come back with the MKR they earned while locked (a first position won while
    ///      a second keeps the round open).
    function test_cancelDefect_returnsSharesAndTheirMkr() public {
        uint256 b = _kick();
        vm.warp(t0 + 1 hours);
        _enter(b);
        _requestDefect(alice, 40_000e18);
        _warpPastSettle(id);
        assertTrue(_finalize(id)); // b stays open: the round goes on
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.DefectCancelled(alice, 1, 40_000e18);
        vm.prank(alice);
        assertEq(pool.cancelDefect(), 40_000e18);
        assertEq(pool.balanceOf(alice), 100_000e18);
        assertEq(pool.balanceOf(address(pool)), 0);
        assertEq(pool.claimableMkr(alice), LOT_1 - 1, "both parts, each rounded down");
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.cancelDefect, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRequest.selector, alice)
        );
    }

    function test_cancelDefect_afterTheClose_reverts() public {
        _requestDefect(alice, 1000e18);
        _outbidAndFinalize();
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.cancelDefect, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RequestLocked.selector, 1)
        );
    }

    /// @dev Instant again once the round has closed.
    function test_enlist_instantAfterTheRoundCloses() public {
        _requestEnlist(bob, 1000e18);
        _outbidAndFinalize();
        assertEq(_enlist(carol, 1000e18), 1000e18);
        (uint256 daiWad,) = _defect(carol, 1000e18);
        assertEq(daiWad, 1000e18);
    }

    // ------------------------------------------------------------ the deadline and cancels

    /// @dev A request holds new entries back only while it stands: once the round's last request is
    ///      cancelled, the deadline is lifted and the pool may again enter auctions that settle later.
    function test_cancel_lastRequestLiftsTheDeadline() public {
        _requestEnlist(bob, 1e18);
        assertGt(pool.round().closeBy, 0);
        vm.warp(block.timestamp + 1);
        uint256 later = _kick(); // settles a second after the deadline
        (bool ok,) = pool.canEnter(later);
        assertFalse(ok, "refused while the request stands");
        vm.prank(bob);
        pool.cancelEnlist();
        assertEq(pool.round().closeBy, 0, "lifted");
        (ok,) = pool.canEnter(later);
        assertTrue(ok, "entries settling later are open again");
    }

    /// @dev The same with an exit request: cancelling the round's last request, of either kind, lifts the
    ///      deadline, and the auction it refused (settling a second after it) may be entered again.
    function test_cancelDefect_lastRequestLiftsTheDeadline() public {
        _requestDefect(alice, 1e18);
        _assertRound(1, true, t0 + TTL, 0, 1e18);
        vm.warp(t0 + 1);
        uint256 later = _kick(); // settles at t0 + 1 + TTL
        _assertRefused(
            later, abi.encodeWithSelector(IDaiBackstopSyndicate.RoundClosing.selector, t0 + TTL, t0 + 1 + TTL)
        );
        vm.prank(alice);
        assertEq(pool.cancelDefect(), 1e18);
        _assertRound(1, true, 0, 0, 0);
        (bool ok,) = pool.canEnter(later);
        assertTrue(ok, "entries settling later are open again");
        _enter(later);
        assertEq(pool.positions(later).settleAt, t0 + 1 + TTL);
    }

    /// @dev While another request stands, a cancel lifts nothing.
    function test_cancel_otherRequestStanding_keepsTheDeadline() public {
        _requestEnlist(bob, 1e18);
        uint256 closeBy = pool.round().closeBy;
        _requestDefect(alice, 1e18);
        vm.prank(bob);
        pool.cancelEnlist();
        assertEq(pool.round().closeBy, closeBy);
    }

    // ------------------------------------------------------------ the escrow

    function test_transfer_toThePool_reverts() public {
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.transfer, (address(pool), 1)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.SharesToPool.selector)
        );
    }
}
