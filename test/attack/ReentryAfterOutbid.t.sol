// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";

/// @notice Re-entry after an outbid. When a rival outbids the pool, the Flopper repays the pool's bid into
///         the Vat without telling it; the position stays open in lockedBook. If `enterAuction` on the same
///         auction simply added a second position, or bid again without closing the first, the old bid
///         would be counted twice (inflating the share price) or lost (deflating it). Here re-entry closes
///         the stale position as a refund and bids again out of that refund, in one call; the books stay
///         exact through any number of rounds.
contract ReentryAfterOutbidTest is SyndicateUnitBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 60_000e18);
        id = _kick();
        _enter(id);
    }

    function test_reentryAfterOutbid_closesTheOldPositionAndBidsAgain() public {
        vm.warp(block.timestamp + 1 hours);
        _rivalDent(rival, id);
        _assertBooks(10_000e18, BID, 0);
        assertEq(mcd.vat.dai(address(pool)), SUMP, "refund in the Vat, not yet booked");

        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionFinalized(id, false, LOT_1, BID);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(id, LOT_3, BID, PRICE_3);
        vm.expectCall(address(mcd.daiJoin), abi.encodeWithSelector(DaiJoin.join.selector), 0);
        _enter(id);

        _assertBooks(10_000e18, BID, 0);
        _assertPosition(id, BID, LOT_3, block.timestamp + TTL, 0, 0);
        _assertOpen(_single(id));
        assertEq(mcd.vat.dai(address(pool)), 0, "the refund paid the new bid");
        assertEq(mcd.dai.balanceOf(address(pool)), 10_000e18);
        (, uint256 lot, address guy,,) = _bid(id);
        assertEq(guy, address(pool));
        assertEq(lot, LOT_3);
    }

    /// @dev With no liquid DAI at all, the stale refund alone funds the re-entry (a pool of exactly one bid).
    function test_reentryAfterOutbid_fundedByTheRefundAlone() public {
        pool = _newPool(PRICE);
        _enlist(alice, BID);
        uint256 b = _kick();
        _enter(b);
        _assertBooks(0, BID, 0);
        _rivalDent(rival, b);
        _enter(b);
        _assertBooks(0, BID, 0);
        _assertPosition(b, BID, LOT_3, block.timestamp + TTL, 0, 0);
    }

    /// @dev Four rounds, then the pool wins at LOT_7: DAI out is one bid, MKR in is the last lot.
    function test_reentryAfterOutbid_booksExactOverRoundsThenWin() public {
        uint256[3] memory lots = [LOT_3, LOT_5, LOT_7];
        for (uint256 i; i < 3; ++i) {
            _rivalDent(i % 2 == 0 ? rival : rival2, id);
            _enter(id);
            _assertBooks(10_000e18, BID, 0);
            assertEq(pool.positions(id).lotWad, lots[i]);
            assertEq(pool.openPositions().length, 1);
        }
        _warpPastSettle(id);
        assertTrue(_finalize(id));
        _assertBooks(10_000e18, 0, LOT_7);
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_7);
        assertEq(_daiHeldRad(address(pool)), 10_000e18 * RAY);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 60_000e18);
        assertEq(daiWad, 10_000e18);
        assertEq(mkrWad, 60_000e18 * (LOT_7 * RAY / 60_000e18) / RAY, "the last lot, credited per share");
    }

    /// @dev Share price is unchanged by a re-entry: the round goes on, the locked bid counts at cost before
    ///      and after, and requests made on either side of it execute at cost when the round closes.
    function test_reentryAfterOutbid_sharePriceUnchanged() public {
        _rivalDent(rival, id);
        assertEq(pool.previewDefect(60_000e18), 60_000e18);
        _requestEnlist(bob, 1000e18);
        _enter(id);
        assertEq(pool.previewDefect(60_000e18), 60_000e18);
        assertEq(pool.round().id, 1, "the same round");
        _requestEnlist(carol, 1000e18);
        _rivalDent(rival2, id);
        assertFalse(_finalize(id));
        (uint256 shares,,) = _claim(bob);
        assertEq(shares, 1000e18);
        (shares,,) = _claim(carol);
        assertEq(shares, 1000e18);
        (uint256 d, uint256 lk,) = pool.nav();
        assertEq(d + lk, pool.totalSupply());
    }

    /// @dev Once the rival's auction is dealt there is nothing to re-enter: finalize books the refund.
    function test_reentryAfterOutbid_afterRivalDealtOnlyFinalize() public {
        _rivalDent(rival, id);
        _warpPastSettle(id);
        mcd.flop.deal(id);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionNotFound.selector, id)
        );
        assertFalse(_finalize(id));
        _assertBooks(60_000e18, 0, 0);
    }

    /// @dev Re-entry past the price limit is refused and the stale position stays until finalized.
    function test_reentryAfterOutbid_overTheLimitLeavesTheStalePosition() public {
        _rivalDent(rival, id);
        _enter(id);
        _rivalDent(rival2, id);
        _enter(id);
        _rivalDent(rival, id);
        _enter(id); // LOT_7
        _rivalDent(rival2, id); // LOT_8
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, PRICE_9, PRICE)
        );
        _assertPosition(id, BID, LOT_7, pool.positions(id).settleAt, 0, 0);
        _assertBooks(10_000e18, BID, 0);
        assertFalse(_finalize(id));
        _assertBooks(60_000e18, 0, 0);
    }
}
