// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {TTL} from "test/helpers/March2020.sol";
import {QueueTestBase} from "test/unit/syndicate/QueueTestBase.sol";

/// @notice The settle-time queue of open positions: appended at the tail in settle order, unlinked on
///         finalize (head, middle, tail), re-queued on re-entry; insertionPoint, openPositions and
///         settlementDue.
contract QueueTest is QueueTestBase {
    function test_queue_appendsInSettleOrder() public {
        (uint256 a, uint256 b, uint256 c) = _threeInOrder();
        _assertOpen(_triple(a, b, c));
        _assertPosition(a, BID, LOT_1, t0 + TTL, 0, b);
        _assertPosition(b, BID, LOT_1, t0 + 1 hours + TTL, a, c);
        _assertPosition(c, BID, LOT_1, t0 + 2 hours + TTL, b, 0);
        assertEq(pool.status().openPositions, 3);
        _assertBooks(150_000e18, 150_000e18, 0);
    }

    function test_queue_insertionPoint() public {
        (uint256 a, uint256 b, uint256 c) = _threeInOrder();
        assertEq(pool.insertionPoint(0), 0, "before everything: the front");
        assertEq(pool.insertionPoint(t0 + TTL - 1), 0);
        assertEq(pool.insertionPoint(t0 + TTL), a, "ties go after");
        assertEq(pool.insertionPoint(t0 + TTL + 30 minutes), a);
        assertEq(pool.insertionPoint(t0 + 1 hours + TTL), b);
        assertEq(pool.insertionPoint(t0 + 2 hours + TTL - 1), b);
        assertEq(pool.insertionPoint(t0 + 2 hours + TTL), c);
        assertEq(pool.insertionPoint(type(uint256).max), c, "after everything: the tail");
    }

    function test_queue_insertionPointOfEmptyQueue() public view {
        assertEq(pool.insertionPoint(t0), 0);
    }

    function test_queue_finalizeUnlinksMiddleHeadAndTail() public {
        (uint256 a, uint256 b, uint256 c) = _threeInOrder();
        _rivalDent(rival, b);
        _finalize(b);
        _assertOpen(_pair(a, c));
        _assertPosition(a, BID, LOT_1, t0 + TTL, 0, c);
        _assertPosition(c, BID, LOT_1, t0 + 2 hours + TTL, a, 0);
        _assertNoPosition(b);

        _rivalDent(rival, a);
        _finalize(a);
        _assertOpen(_single(c));
        _assertPosition(c, BID, LOT_1, t0 + 2 hours + TTL, 0, 0);

        _rivalDent(rival, c);
        _finalize(c);
        _assertOpen(new uint256[](0));
        assertEq(pool.insertionPoint(type(uint256).max), 0);
        _assertBooks(300_000e18, 0, 0);
    }

    function test_queue_finalizeTailThenAppend() public {
        (uint256 a, uint256 b, uint256 c) = _threeInOrder();
        _rivalDent(rival, c);
        _finalize(c);
        _assertOpen(_pair(a, b));
        uint256 d = _kick();
        _enter(d);
        _assertOpen(_triple(a, b, d));
        _assertPosition(b, BID, LOT_1, t0 + 1 hours + TTL, a, d);
        _assertPosition(d, BID, LOT_1, t0 + 2 hours + TTL, b, 0);
    }

    /// @dev Re-entry closes the outbid position and queues the new bid by its own settle time.
    function test_queue_reentryRequeuesAtTheTail() public {
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(a);
        vm.warp(t0 + 1 hours);
        _enter(b);
        vm.warp(t0 + 2 hours);
        _rivalDent(rival, a);
        _enter(a);
        _assertOpen(_pair(b, a));
        _assertPosition(b, BID, LOT_1, t0 + 1 hours + TTL, 0, a);
        _assertPosition(a, BID, LOT_3, t0 + 2 hours + TTL, b, 0);
    }

    function test_queue_settlementDueFollowsTheHead() public {
        (uint256 a, uint256 b,) = _threeInOrder();
        assertEq(pool.settlementDue(), 0);
        vm.warp(t0 + TTL - 1);
        assertEq(pool.settlementDue(), 0, "before settleAt: not yet");
        vm.warp(t0 + TTL);
        assertEq(pool.settlementDue(), a);
        vm.warp(t0 + TTL + 1); // `deal` needs one second more
        _finalize(a);
        assertEq(pool.settlementDue(), 0, "B settles an hour later");
        vm.warp(t0 + 1 hours + TTL);
        assertEq(pool.settlementDue(), b);
    }

    /// @dev Finalizing out of queue order is allowed (an outbid position, not due yet).
    function test_queue_finalizeOutOfOrder() public {
        (uint256 a, uint256 b, uint256 c) = _threeInOrder();
        _rivalDent(rival, c);
        assertFalse(_finalize(c));
        _assertOpen(_pair(a, b));
        _assertPosition(b, BID, LOT_1, t0 + 1 hours + TTL, a, 0);
    }
}
