// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ExactRevert} from "test/helpers/ExactRevert.sol";
import {SUMP} from "test/helpers/March2020.sol";
import {SyndicateTestBase} from "test/helpers/SyndicateTestBase.sol";
import {RAY, WAD} from "test/helpers/Units.sol";

/// @title Regressions found by the invariant campaign (SyndicateInvariants), as plain sequences
/// @notice Each test is a shrunk call sequence, replayed with the base helpers, asserting what the spec
///         requires. They fail while the bug they describe is in src/ and pass once it is fixed.
contract SyndicateRegressions is SyndicateTestBase, ExactRevert {
    address internal alice = makeAddr("alice");
    address internal rival = makeAddr("rival");

    /// @notice Re-entry after being outbid with the documented recipe
    ///         `enterAuctionAfter(id, insertionPoint(settleAt))`: insertionPoint names the replaced
    ///         position itself. (Found by the campaign: BadInsertionHint(1, ...); fixed in 491239c.)
    function test_reentryWithInsertionPointHint() public {
        _enlist(alice, 90_000 * WAD);
        uint256 id = _kick();
        pool.enterAuctionAfter(id, pool.insertionPoint(block.timestamp + 6 hours));
        _rivalDent(rival, id);
        vm.warp(block.timestamp + 1 hours);
        (,,,, uint48 end) = mcd.flop.bids(id);
        uint256 settleAt = block.timestamp + 6 hours < end ? block.timestamp + 6 hours : end;
        pool.enterAuctionAfter(id, pool.insertionPoint(settleAt));
        (,, address guy,,) = mcd.flop.bids(id);
        assertEq(guy, address(pool));
        assertEq(_position(id).settleAt, settleAt);
    }

    /// @notice Entry at cost once a bid's outcome is known is the free option of issue 10. At `now == tic`
    ///         nobody can dent any more (the Flopper requires `tic > now`), so the pool has won; before
    ///         rounds, `settlementDue()` was 0 until `now > tic` and a deposit went through at cost (shrunk
    ///         campaign sequence: kick, kick, enterAuction, warpToEdge(tic), enlist; fixed in 12a002a by
    ///         "due from settleAt itself"). Under rounds the same sequence meets `RoundOpen(0)` (no request
    ///         yet, so no deadline), and the deposit request made instead is priced after the win: the
    ///         newcomer buys shares at the DAI left and gets none of the lot.
    function test_noEntryOnceNoDentIsPossible() public {
        _enlist(alice, 90_000 * WAD);
        uint256 id = _kick();
        pool.enterAuction(id);
        (,,, uint48 tic,) = mcd.flop.bids(id);
        vm.warp(tic);

        // The outcome is fixed: no rival can outbid the pool any more.
        _giveVatDai(rival, SUMP);
        (uint256 bid, uint256 lot,,,) = mcd.flop.bids(id);
        uint256 rivalLot = lot * WAD / mcd.flop.beg();
        vm.prank(rival);
        vm.expectRevert(bytes("Flopper/already-finished-tic"));
        mcd.flop.dent(id, rivalLot, bid);

        address late = makeAddr("late");
        _giveDai(late, 10_000 * WAD);
        vm.prank(late);
        mcd.dai.approve(address(pool), 10_000 * WAD);
        vm.prank(late);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (10_000 * WAD)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0)
        );
        vm.prank(late);
        pool.requestEnlist(10_000 * WAD);

        vm.warp(tic + 1);
        assertTrue(pool.finalize(id), "won");
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = pool.claim(late);
        // 90,000 shares own the 40,000 DAI left after the 50,000 DAI bid: 10,000 DAI buy 22,500 shares.
        assertEq(shares, 22_500 * WAD, "priced at the DAI left after the win");
        assertEq(daiWad, 0);
        assertEq(mkrWad, 0, "none of the lot won before the newcomer joined");
        assertEq(pool.claimableMkr(late), 0);
        // The lot went to the shares that existed when the pool bid: lot * 1e27 / supply per share.
        uint256 mkrPerShareRay = lot * RAY / (90_000 * WAD);
        assertEq(
            pool.claimableMkr(alice),
            90_000 * WAD * mkrPerShareRay / RAY,
            "alice: the whole lot, rounded down"
        );
    }

    /// @notice With one bid size (constant sump), three positions whose records third parties deleted
    ///         before anyone finalized them: A and B won (dealt to the pool: 485.4 MKR arrive), C was
    ///         outbid (its rival's lot dealt). finalize(C) sees 485.4 >= 291.3 and books C as won;
    ///         then A and B see too little MKR left and book refunds. The pool books two refunds for
    ///         one: daiBook exceeds the DAI it holds by a whole bid, and the last contributor cannot
    ///         leave. The README claims a swap "can only leave MKR or DAI outside the books, never book
    ///         more than the pool holds"; that holds for two positions, not for three with unequal lots.
    function test_thirdPartySettlementNeverOverbooks() public {
        _enlist(alice, 200_000 * WAD);
        uint256 c = _kick();
        _tick(c); // no bid for 3 days: lot 300 MKR, the pool asks 291.26
        uint256 a = _kick();
        uint256 b = _kick();
        pool.enterAuction(c);
        pool.enterAuction(a); // asks 242.72
        pool.enterAuction(b); // asks 242.72
        _rivalDent(rival, c); // outbid in C: its bid is back in the Vat
        vm.warp(block.timestamp + 6 hours + 1);
        mcd.flop.deal(a); // third parties deal everything
        mcd.flop.deal(b);
        mcd.flop.deal(c);

        pool.finalize(c);
        pool.finalize(a);
        pool.finalize(b);
        (uint256 daiBook,,) = pool.nav();
        uint256 held = mcd.dai.balanceOf(address(pool)) + mcd.vat.dai(address(pool)) / RAY;
        assertLe(daiBook, held, "daiBook > DAI the pool holds");
        uint256 shares = pool.balanceOf(alice);
        vm.prank(alice);
        pool.defect(shares);
        assertEq(pool.totalSupply(), 0, "the last contributor left");
    }
}
