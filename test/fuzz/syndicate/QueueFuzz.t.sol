// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TAU, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Fuzzes the settle-time queue: four auctions kicked at random times and entered near their ends
///         at random moments, with the hint from insertionPoint. The queue stays sorted and linked both
///         ways, lockedBook is the sum of the open bids, settlementDue is always the head, and settling in
///         queue order empties it.
contract QueueFuzzTest is SyndicateUnitBase {
    uint256 internal constant N = 4;

    function _assertQueue(uint256 expectedCount) internal view {
        uint256[] memory ids = pool.openPositions();
        assertEq(ids.length, expectedCount, "count");
        uint256 prev;
        uint256 lastSettle;
        uint256 locked;
        for (uint256 i; i < ids.length; ++i) {
            IDaiBackstopSyndicate.Position memory p = pool.positions(ids[i]);
            assertGe(p.settleAt, lastSettle, "sorted by settleAt");
            assertEq(p.prev, prev, "prev link");
            assertEq(p.next, i + 1 < ids.length ? ids[i + 1] : 0, "next link");
            lastSettle = p.settleAt;
            prev = ids[i];
            locked += p.lockedDaiWad;
            (,, address guy,,) = _bid(ids[i]);
            assertEq(guy, address(pool), "an open position is the pool's live bid");
        }
        (, uint256 lockedBook,) = pool.nav();
        assertEq(lockedBook, locked, "lockedBook = sum of open bids");
    }

    function test_fuzz_queue_staysSortedWithHints(uint256 seed) public {
        _enlist(alice, N * BID);
        uint256 t0 = block.timestamp;
        uint256[N] memory ids;
        uint256[N] memory ends;
        for (uint256 i; i < N; ++i) {
            vm.warp(block.timestamp + bound(uint256(keccak256(abi.encode(seed, "kick", i))), 0, 4 hours));
            ids[i] = _kick();
            ends[i] = block.timestamp + TAU;
        }
        // Enter in a rotated order, within hours of the ends, so ends cap some settle times.
        vm.warp(t0 + TAU - bound(seed, 0, 8 hours));
        uint256 entered;
        uint256 start = seed % N;
        for (uint256 k; k < N; ++k) {
            uint256 i = (start + k) % N;
            vm.warp(block.timestamp + bound(uint256(keccak256(abi.encode(seed, "enter", k))), 0, 90 minutes));
            if (block.timestamp >= ends[i]) continue;
            uint256 settleAt = block.timestamp + TTL < ends[i] ? block.timestamp + TTL : ends[i];
            _enterAfter(ids[i], pool.insertionPoint(settleAt));
            assertEq(pool.positions(ids[i]).settleAt, settleAt);
            ++entered;
            _assertQueue(entered);
        }

        // Settle in queue order: the head is always the one due first.
        while (entered != 0) {
            uint256 head = pool.openPositions()[0];
            uint256 settle = pool.positions(head).settleAt;
            if (block.timestamp <= settle) vm.warp(settle + 1);
            assertEq(pool.settlementDue(), head, "the head is due first");
            assertTrue(_finalize(head));
            --entered;
            _assertQueue(entered);
        }
    }
}
