// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";

/// @title TimeHandler: the passage of time
/// @notice Warps by seconds, minutes, hours (the 6 h `ttl`) or days (the 3 day `tau`), or to one
///         of the moments the rules turn on (a position's `settleAt`, the round's `closeBy`, the end of
///         skim's release, an auction's `tic` or `end`),
///         at it or one second after it.
contract TimeHandler is HandlerBase {
    /// @dev The furthest `warpToEdge` jumps: beyond every edge March 2020 parameters set (3 days).
    uint256 internal constant MAX_EDGE_JUMP = 30 days;

    constructor(Ghost ghost_) HandlerBase(ghost_) {}

    /// @notice Moves time forward on one of four scales.
    function warp(uint256 seed) external {
        _count("time.warp");
        uint256 scale = seed % 4;
        uint256 dt;
        if (scale == 0) dt = _bound(seed >> 2, 1, 60);
        else if (scale == 1) dt = _bound(seed >> 2, 1 minutes, 1 hours);
        else if (scale == 2) dt = _bound(seed >> 2, 1 hours, 8 hours);
        else dt = _bound(seed >> 2, 8 hours, 3 days);
        _warp(block.timestamp + dt);
    }

    /// @notice Moves to a boundary: the head position's settleAt, the round's deadline, the end of skim's
    ///         release, or an auction's tic or end, + 0 or 1.
    function warpToEdge(uint256 seed) external {
        _count("time.warpToEdge");
        uint256 target;
        uint256[] memory open = pool.openPositions();
        uint256 n = flop.kicks();
        if (seed % 2 == 0 && open.length != 0) {
            // Half the time the moment the first position's bid expires (then it is due).
            target = pool.positions(open[0]).settleAt;
        } else if (seed % 8 == 1 && (ghost.closeBy() != 0 || ghost.releaseEnd() > block.timestamp)) {
            // The round's deadline, or the end of skim's release.
            target = ghost.closeBy() != 0 ? ghost.closeBy() : ghost.releaseEnd();
        } else if (n != 0) {
            uint256 pick = (seed >> 1) % (2 * n);
            (,,, uint48 tic, uint48 end) = _bids(1 + pick / 2);
            target = pick % 2 == 0 ? tic : end;
        }
        target += (seed >> 128) % 2;
        if (target <= block.timestamp) return _skip("warpToEdge.past");
        // Edges set by degenerate `ttl` or `tau` values (GovernanceHandler) lie decades ahead; jumping
        // there would leave the rest of the run with nothing to do. afterInvariant still goes there.
        if (target > block.timestamp + MAX_EDGE_JUMP) return _skip("warpToEdge.tooFar");
        _warp(target);
    }

    function _warp(uint256 t) internal {
        vm.warp(t);
        vm.roll(block.number + 1);
    }
}
