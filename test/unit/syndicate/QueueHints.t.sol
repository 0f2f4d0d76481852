// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TAU, TTL} from "test/helpers/March2020.sol";
import {RAD} from "test/helpers/Units.sol";
import {QueueTestBase} from "test/unit/syndicate/QueueTestBase.sol";

/// @notice Queue hints: InsertionHintRequired for a position settling before the tail, enterAuctionAfter at
///         the front and in the middle, every kind of bad hint (BadInsertionHint), ties, stale hints, hints
///         on re-entry, and canEnter for a position that needs a hint.
contract QueueHintsTest is QueueTestBase {
    function test_queue_earlierSettlementNeedsAHint() public {
        uint256 a = _kick();
        uint256 t1 = t0 + TAU - 2 hours;
        vm.warp(t1);
        uint256 b = _kick();
        _enter(b);
        uint256 settleA = t0 + TAU; // A's end, before B's t1 + 6 h

        vm.prank(keeper);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (a)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsertionHintRequired.selector, settleA)
        );

        assertEq(pool.insertionPoint(settleA), 0);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(a, LOT_1, BID, PRICE_1);
        _enterAfter(a, 0);
        _assertOpen(_pair(a, b));
        _assertPosition(a, BID, LOT_1, settleA, 0, b);
        _assertPosition(b, BID, LOT_1, t1 + TTL, a, 0);

        vm.warp(settleA + 1);
        assertEq(pool.settlementDue(), a, "the front settles first");
    }

    function test_queue_enterAfterInTheMiddle() public {
        (uint256 a, uint256 b, uint256 c, uint256 t1) = _middleSetup();
        uint256 settleA = t1 + 6.5 hours;
        vm.prank(keeper);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (a)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsertionHintRequired.selector, settleA)
        );

        assertEq(pool.insertionPoint(settleA), b);
        _enterAfter(a, b);
        _assertOpen(_triple(b, a, c));
        _assertPosition(b, BID, LOT_1, t1 + TTL, 0, a);
        _assertPosition(a, BID, LOT_1, settleA, b, c);
        _assertPosition(c, BID, LOT_1, t1 + 1 hours + TTL, a, 0);
    }

    function test_queue_badHints_revertAndLeaveTheQueue() public {
        (uint256 a, uint256 b, uint256 c, uint256 t1) = _middleSetup();
        uint256 settleA = t1 + 6.5 hours;
        bytes4 sel = IDaiBackstopSyndicate.BadInsertionHint.selector;
        // After a position that settles later.
        _expectEnterAfterRevert(a, c, abi.encodeWithSelector(sel, c, settleA));
        // At the front, though the head settles earlier.
        _expectEnterAfterRevert(a, 0, abi.encodeWithSelector(sel, 0, settleA));
        // After something that is not an open position.
        _expectEnterAfterRevert(a, 999, abi.encodeWithSelector(sel, 999, settleA));
        _expectEnterAfterRevert(a, a, abi.encodeWithSelector(sel, a, settleA));
        _assertOpen(_pair(b, c));
        _assertPosition(b, BID, LOT_1, t1 + TTL, 0, c);
        _assertPosition(c, BID, LOT_1, t1 + 1 hours + TTL, b, 0);
        _assertNoPosition(a);
        _assertBooks(200_000e18, 100_000e18, 0);
    }

    /// @dev A hint computed before the queue changed (its position was finalized meanwhile) is rejected.
    function test_queue_staleHint_reverts() public {
        (uint256 a, uint256 b,, uint256 t1) = _middleSetup();
        uint256 settleA = t1 + 6.5 hours;
        uint256 hint = pool.insertionPoint(settleA);
        assertEq(hint, b);
        _rivalDent(rival, b);
        _finalize(b);
        _expectEnterAfterRevert(
            a, hint, abi.encodeWithSelector(IDaiBackstopSyndicate.BadInsertionHint.selector, b, settleA)
        );
        _enterAfter(a, pool.insertionPoint(settleA));
    }

    function test_queue_hintAtTheTailAppends() public {
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(a);
        vm.warp(t0 + 1 hours);
        _enterAfter(b, a);
        _assertOpen(_pair(a, b));
        _assertPosition(b, BID, LOT_1, t0 + 1 hours + TTL, a, 0);
    }

    /// @dev A later position cannot be put at the front.
    function test_queue_laterPositionAtTheFront_reverts() public {
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(a);
        vm.warp(t0 + 1 hours);
        _expectEnterAfterRevert(
            b,
            0,
            abi.encodeWithSelector(IDaiBackstopSyndicate.BadInsertionHint.selector, 0, t0 + 1 hours + TTL)
        );
    }

    function test_queue_equalSettleTimesGoAnywhereAmongTies() public {
        uint256 a = _kick();
        uint256 b = _kick();
        uint256 c = _kick();
        _enter(a);
        _enter(b); // same settleAt as the tail: appended
        _enterAfter(c, 0); // same settleAt as the head: fine at the front
        _assertOpen(_triple(c, a, b));
        _assertPosition(c, BID, LOT_1, t0 + TTL, 0, a);
    }

    function test_queue_firstPositionWithHintZero() public {
        uint256 a = _kick();
        _enterAfter(a, 0);
        _assertOpen(_single(a));
        _assertPosition(a, BID, LOT_1, t0 + TTL, 0, 0);
    }

    /// @dev On re-entry, a hint naming the replaced position itself means "where it was" (its prev).
    function test_queue_reentryHintNamingItselfMeansWhereItWas() public {
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(a);
        vm.warp(t0 + 1 hours);
        _enter(b);
        _rivalDent(rival, a);
        _enterAfter(a, a); // settles at t0 + 7 h, tied with b: the front is fine
        _assertOpen(_pair(a, b));
        _assertPosition(a, BID, LOT_3, t0 + 1 hours + TTL, 0, b);
        _assertPosition(b, BID, LOT_1, t0 + 1 hours + TTL, a, 0);
    }

    /// @dev ... and it is still checked: where it was is wrong once the new bid settles after the next one.
    function test_queue_reentryHintNamingItselfStillChecked() public {
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(a);
        vm.warp(t0 + 1 hours);
        _enter(b);
        vm.warp(t0 + 2 hours);
        _rivalDent(rival, a);
        uint256 settle = t0 + 2 hours + TTL;
        _expectEnterAfterRevert(
            a, a, abi.encodeWithSelector(IDaiBackstopSyndicate.BadInsertionHint.selector, 0, settle)
        );
        _expectEnterAfterRevert(
            a, 999, abi.encodeWithSelector(IDaiBackstopSyndicate.BadInsertionHint.selector, 999, settle)
        );
        _enterAfter(a, b);
        _assertOpen(_pair(b, a));
        _assertPosition(a, BID, LOT_3, settle, b, 0);
    }

    /// @dev Re-entry near an auction's end settles before the tail and needs a hint. The documented hint,
    ///      insertionPoint(settleAt), is computed while the stale position is still queued and can be that
    ///      stale position itself; the documented call must work all the same.
    ///      Queue [X (tA + 6 h), Y (tA + 8 h)]; X outbid at tA + 3 h; re-entry settles at X's end, tA + 7 h.
    function test_queue_reentryWithInsertionPointHint() public {
        uint256 x = _kick();
        uint256 tA = t0 + TAU - 7 hours;
        vm.warp(tA);
        uint256 y = _kick();
        _enter(x);
        vm.warp(tA + 2 hours);
        _enter(y);
        _assertOpen(_pair(x, y));
        vm.warp(tA + 3 hours);
        _rivalDent(rival, x);

        uint256 settle = t0 + TAU; // X's end
        vm.prank(keeper);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (x)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsertionHintRequired.selector, settle)
        );

        uint256 hint = pool.insertionPoint(settle);
        _enterAfter(x, hint);
        _assertOpen(_pair(x, y));
        _assertPosition(x, BID, LOT_3, settle, 0, y);
    }

    /// @dev For a position settling before the tail, `quote` answers (the queue is not its business) while
    ///      `enterAuction` reverts InsertionHintRequired, and `canEnter` reports exactly those bytes.
    function test_queue_canEnterReportsInsertionHintRequired() public {
        (uint256 a,,, uint256 t1) = _middleSetup();
        uint256 settleA = t1 + 6.5 hours; // A's end, before C's t1 + 7 h
        bytes memory err =
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsertionHintRequired.selector, settleA);
        (bool ok, bytes memory reason) = pool.canEnter(a);
        assertFalse(ok, "enterAuction(a) reverts");
        assertEq(reason, err, "canEnter: the refusal, byte for byte");
        vm.prank(keeper);
        _assertRevert(address(pool), abi.encodeCall(pool.enterAuction, (a)), err);
        _assertQuote(
            a,
            IDaiBackstopSyndicate.Quote({
                bidRad: 50_000 * RAD,
                bidDaiWad: BID,
                openBidDaiWad: BID,
                availableWad: 300_000e18 - 2 * BID,
                lotWad: LOT_1,
                priceWad: PRICE_1,
                settleAt: settleA,
                replaces: false
            })
        );
    }
}
