// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";

/// @notice Views for UIs and keepers: nav, previewEnlist/previewDefect/claimableMkr against the real calls,
///         maxDefect, settlementDue, status, positions, canEnter. (The round's views, `round`, `pending`,
///         `release` and `claimableMkr` against what `claim` and `claimMkr` pay: Claim.t.sol.)
contract ViewsTest is SyndicateUnitBase {
    function _assertPreviewDefectMatches(address usr, uint256 shares) internal {
        (uint256 pDai, uint256 pMkr) = (pool.previewDefect(shares), pool.claimableMkr(usr));
        (uint256 daiWad, uint256 mkrWad) = _defect(usr, shares);
        assertEq(daiWad, pDai, "previewDefect: DAI");
        assertEq(mkrWad, pMkr, "previewDefect: MKR");
    }

    /// @dev Skims `wad` DAI sent to the pool, lets the day of its release pass and brings it into the books
    ///      (the previews read the books, without what is still being released).
    function _skimAndRelease(uint256 wad) internal {
        _giveDai(address(pool), wad);
        pool.skim();
        vm.warp(block.timestamp + 1 days);
        vm.prank(alice);
        pool.transfer(alice, 0);
    }

    function _assertPreviewEnlistMatches(address usr, uint256 wad) internal {
        uint256 preview = pool.previewEnlist(wad);
        assertEq(_enlist(usr, wad), preview, "previewEnlist");
    }

    function test_nav_tracksTheBooks() public {
        _assertBooks(0, 0, 0);
        _enlist(alice, 60_000e18);
        _assertBooks(60_000e18, 0, 0);
        uint256 id = _kick();
        _enter(id);
        _assertBooks(10_000e18, BID, 0);
        _warpPastSettle(id);
        _finalize(id);
        _assertBooks(10_000e18, 0, LOT_1);
    }

    /// @dev Donations do not show in nav until skimmed.
    function test_nav_ignoresDonations() public {
        _enlist(alice, 1000e18);
        _giveDai(address(pool), 1e18);
        _giveVatDai(address(pool), RAD);
        mcd.mkr.mint(address(pool), 1e18);
        _assertBooks(1000e18, 0, 0);
    }

    function test_previewEnlist_matchesEnlist() public {
        assertEq(pool.previewEnlist(123e18), 123e18, "empty pool: 1:1");
        _assertPreviewEnlistMatches(alice, 123e18);
        _skimAndRelease(7e18 + 3);
        assertEq(pool.previewEnlist(1000e18), uint256(1000e18) * 123e18 / (130e18 + 3));
        _assertPreviewEnlistMatches(bob, 1000e18);
        assertEq(pool.previewEnlist(1), 0, "a wei buys less than a share");
        _assertPreviewEnlistMatches(carol, 2);
        _assertPreviewEnlistMatches(carol, 9);
    }

    /// @dev While a skim is being released the preview reads the books without it (as documented); the
    ///      deposit brings the release up to date first and prices with it.
    function test_previewEnlist_countsWhatSkimReleasedSoFar() public {
        _enlist(alice, 1000e18);
        _giveDai(address(pool), 1000e18);
        pool.skim();
        vm.warp(block.timestamp + 12 hours);
        assertEq(pool.previewEnlist(1500e18), 1000e18, "500 DAI released, not yet brought in, counted");
        assertEq(_enlist(bob, 1500e18), 1000e18, "priced at 1,500 DAI for 1,000 shares");
    }

    /// @dev With shares outstanding and no DAI left (everything won in MKR), a deposit writes the shares off
    ///      and gets one share per DAI (share epochs).
    function test_previewEnlist_onePerDaiWhenNoDaiBacksTheShares() public {
        _enlist(alice, BID);
        _win(_kick());
        assertEq(pool.previewEnlist(1e18), 1e18);
        assertEq(_enlist(bob, 1e18), 1e18);
    }

    function test_previewDefect_matchesDefect() public {
        _enlist(alice, 36_000e18);
        _enlist(bob, 24_000e18);
        _skimAndRelease(1e18 + 1);
        _win(_kick());
        uint256 acc = LOT_1 * RAY / 60_000e18;
        assertEq(pool.claimableMkr(alice), 36_000e18 * acc / RAY);
        _assertPreviewDefectMatches(alice, 7);
        assertEq(pool.claimableMkr(alice), 0, "defect paid all of it");
        _assertPreviewDefectMatches(alice, 12_345e18);
        _assertPreviewDefectMatches(bob, 24_000e18);
        _assertPreviewDefectMatches(alice, pool.balanceOf(alice));
        _assertBooks(0, 0, LOT_1 - 36_000e18 * acc / RAY - 24_000e18 * acc / RAY);
    }

    function test_previewDefect_emptyPool() public view {
        (uint256 daiWad, uint256 mkrWad) = (pool.previewDefect(1e18), pool.claimableMkr(alice));
        assertEq(daiWad, 0);
        assertEq(mkrWad, 0);
    }

    function test_previewDefect_countsLockedDai() public {
        _enlist(alice, 60_000e18);
        _enter(_kick());
        uint256 daiWad = pool.previewDefect(6000e18);
        assertEq(daiWad, 6000e18, "at cost, locked DAI included");
    }

    /// @dev While a round is open nobody can `defect` (requests instead): 0 for everyone, due or not; the
    ///      whole balance again once the round closes.
    function test_maxDefect_zeroWhileARoundIsOpen() public {
        _enlist(alice, 60_000e18);
        _enlist(bob, 40_000e18);
        uint256 id = _kick();
        _enter(id);
        assertEq(pool.maxDefect(alice), 0);
        assertEq(pool.maxDefect(bob), 0);
        assertEq(pool.maxDefect(carol), 0);
        vm.warp(block.timestamp + TTL + 1);
        assertEq(pool.maxDefect(alice), 0);
        _finalize(id);
        assertEq(pool.maxDefect(alice), 60_000e18);
        assertEq(pool.maxDefect(bob), 40_000e18);
        _defect(bob, pool.maxDefect(bob));
    }

    function test_maxDefect_fullBalanceWhenLiquid() public {
        _enlist(alice, 1000e18);
        assertEq(pool.maxDefect(alice), 1000e18);
        _defect(alice, pool.maxDefect(alice));
        assertEq(pool.totalSupply(), 0);
    }

    function test_maxDefect_fullBalanceWhenOnlyMkr() public {
        _enlist(alice, BID);
        _win(_kick());
        assertEq(pool.maxDefect(alice), BID);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, BID);
        assertEq(daiWad, 0);
        assertEq(mkrWad, LOT_1);
    }

    function test_settlementDue() public {
        _enlist(alice, 60_000e18);
        assertEq(pool.settlementDue(), 0);
        uint256 id = _kick();
        _enter(id);
        assertEq(pool.settlementDue(), 0);
        vm.warp(block.timestamp + TTL + 1);
        assertEq(pool.settlementDue(), id);
        _finalize(id);
        assertEq(pool.settlementDue(), 0);
    }

    function test_status_emptyPool() public view {
        _assertStatus(
            IDaiBackstopSyndicate.Status({
                halted: false,
                evidencePooled: false,
                flopperLive: true,
                daiJoinLive: true,
                daiBookWad: 0,
                lockedBookWad: 0,
                mkrBookWad: 0,
                totalShares: 0,
                openPositions: 0,
                settlementDue: 0,
                round: 1,
                roundOpen: false,
                closeBy: 0
            })
        );
    }

    function test_status_reportsEverything() public {
        _enlist(alice, 160_000e18);
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(a);
        _enter(b);
        vm.warp(block.timestamp + TTL + 1);
        _assertStatus(
            IDaiBackstopSyndicate.Status({
                halted: false,
                evidencePooled: false,
                flopperLive: true,
                daiJoinLive: true,
                daiBookWad: 60_000e18,
                lockedBookWad: 100_000e18,
                mkrBookWad: 0,
                totalShares: 160_000e18,
                openPositions: 2,
                settlementDue: a,
                round: 1,
                roundOpen: true,
                closeBy: 0
            })
        );

        _finalize(a); // won, by a deal the pool makes itself: nothing inferred, no evidence pooled
        _halt();
        mcd.flop.cage();
        mcd.daiJoin.cage();
        _assertStatus(
            IDaiBackstopSyndicate.Status({
                halted: true,
                evidencePooled: false,
                flopperLive: false,
                daiJoinLive: false,
                daiBookWad: 60_000e18,
                lockedBookWad: BID,
                mkrBookWad: LOT_1,
                totalShares: 160_000e18,
                openPositions: 1,
                settlementDue: b,
                round: 1,
                roundOpen: true,
                closeBy: 0
            })
        );
    }

    // ------------------------------------------------------------ quote

    /// @dev A fresh 250 MKR auction: the Vow's bid, the largest lot the Flopper accepts and its price,
    ///      settling one `ttl` from now; the position `enterAuction` then opens is the quote.
    function test_quote_freshAuction() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _assertQuote(
            id,
            IDaiBackstopSyndicate.Quote({
                bidRad: 50_000 * RAD,
                bidDaiWad: 50_000e18,
                openBidDaiWad: 0,
                availableWad: 60_000e18,
                lotWad: LOT_1,
                priceWad: PRICE_1,
                settleAt: block.timestamp + TTL,
                replaces: false
            })
        );
        _enter(id);
        _assertPosition(id, 50_000e18, LOT_1, block.timestamp + TTL, 0, 0);
    }

    /// @dev With a position open the quote carries its lock; near the auction's end the bid settles at
    ///      the end, not one `ttl` later.
    function test_quote_withAnOpenPosition_settlesAtTheEnd() public {
        _enlist(alice, 120_000e18);
        uint256 a = _kick();
        uint256 b = _kick();
        (,,,, uint48 end) = _bid(b);
        _enter(a);
        IDaiBackstopSyndicate.Quote memory want = IDaiBackstopSyndicate.Quote({
            bidRad: 50_000 * RAD,
            bidDaiWad: 50_000e18,
            openBidDaiWad: 50_000e18,
            availableWad: 70_000e18,
            lotWad: LOT_1,
            priceWad: PRICE_1,
            settleAt: block.timestamp + TTL,
            replaces: false
        });
        _assertQuote(b, want);

        vm.warp(uint256(end) - 1 hours);
        want.settleAt = end;
        _assertQuote(b, want);
    }

    /// @dev Outbid in an auction, the pool re-enters it: the quote replaces the stale position, counts
    ///      its refund as available, and asks beg below the rival's lot.
    function test_quote_replacesAnOutbidPosition() public {
        _enlist(alice, 51_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id); // the rival asks LOT_2
        vm.warp(block.timestamp + 1 hours);
        _assertQuote(
            id,
            IDaiBackstopSyndicate.Quote({
                bidRad: 50_000 * RAD,
                bidDaiWad: 50_000e18,
                openBidDaiWad: 50_000e18,
                availableWad: 51_000e18,
                lotWad: LOT_3,
                priceWad: PRICE_3,
                settleAt: block.timestamp + TTL,
                replaces: true
            })
        );
        _enter(id);
        _assertPosition(id, 50_000e18, LOT_3, block.timestamp + TTL, 0, 0);
        _assertBooks(1000e18, 50_000e18, 0);
    }

    /// @dev `quote` reverts with exactly the data `enterAuction` reverts with, and `canEnter` reports
    ///      the same bytes, for the argument-less errors too (no stray bytes after the selector).
    function test_quote_revertsExactlyAsEnterAuction() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _assertRefused(
            type(uint64).max,
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionIdTooLarge.selector, type(uint64).max)
        );
        _assertRefused(id + 1, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionNotFound.selector, id + 1));
        // The selectors spelled out, keccak256("FlopperNotLive()") and keccak256("PoolHalted()"): exactly
        // four bytes each.
        mcd.flop.cage();
        _assertRefused(id, hex"a5ec9333");
        _halt();
        _assertRefused(id, hex"4aef26a9");
    }

    function test_positions_unknownIsEmpty() public view {
        _assertNoPosition(1);
        _assertNoPosition(type(uint256).max);
    }

    function test_canEnter_okWhenEnterWouldBid() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        (bool ok, bytes memory reason) = pool.canEnter(id);
        assertTrue(ok);
        assertEq(reason, "", "canEnter: no refusal");
        _enter(id);
        (ok, reason) = pool.canEnter(id);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(IDaiBackstopSyndicate.AlreadyHighBidder.selector, id));
    }

    /// @dev A stale (outbid) position's refund counts as available for re-entry.
    function test_canEnter_countsTheStaleRefund() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        (bool ok,) = pool.canEnter(id);
        assertTrue(ok);
    }
}
