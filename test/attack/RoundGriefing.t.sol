// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Round griefing (docs/design/01-fair-rounds.md). Anyone may call `enterAuction`, so a third party
///         could keep a position open at all times and hold requests back for ever. Once a request is
///         pending the round has a deadline, `closeBy = request + min(ttl, tau)`, and no position may settle
///         after it: a holder waits at most one bid's life (6 hours after the March 2020 spell) plus the
///         time until someone finalizes, which the holder can do.
/// @dev The local MCD and its Flopper (no mock): alice holds 150,000 shares (three bids); the griefer keeps
///      entering the pool into fresh auctions.
contract RoundGriefingTest is SyndicateUnitBase {
    address internal griefer = makeAddr("griefer");

    function test_roundGriefing_delayBoundedByOneBidLife() public {
        _enlist(alice, 150_000e18);
        uint256 a = _kick();
        uint256 b = _kick();
        uint256 c = _kick();
        vm.prank(griefer);
        pool.enterAuction(a);
        uint256 requestedAt = block.timestamp + 1 hours;
        vm.warp(requestedAt);
        _requestDefect(alice, 150_000e18);
        uint256 closeBy = requestedAt + TTL;

        // Entering in the same second settles at the deadline itself: allowed.
        vm.prank(griefer);
        pool.enterAuction(b);
        // Any later entry would settle after it.
        for (uint256 t = 1; t <= TTL; t += 1 hours) {
            vm.warp(requestedAt + t);
            vm.prank(griefer);
            _assertRevert(
                address(pool),
                abi.encodeCall(pool.enterAuction, (c)),
                abi.encodeWithSelector(
                    IDaiBackstopSyndicate.RoundClosing.selector, closeBy, requestedAt + t + TTL
                )
            );
        }

        // From the deadline on, every position of the round is due: alice finalizes them herself.
        vm.warp(closeBy + 1);
        vm.startPrank(alice);
        pool.finalize(a);
        pool.finalize(b);
        (, uint256 daiWad, uint256 mkrWad) = pool.claim(alice);
        vm.stopPrank();
        assertEq(daiWad, 50_000e18, "the DAI the two wins left");
        assertEq(mkrWad, 2 * LOT_1 - 1, "and their MKR (each credit rounded down)");
        assertLe(block.timestamp - requestedAt, TTL + 1, "waited no longer than one bid's life");
    }
}
