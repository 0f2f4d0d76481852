// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";

/// @title OwnerHandler: the owner's only powers, halting and handing over ownership
/// @notice `halt` is rare (one call in 16), so most runs stay open and some halt part-way.
///         Ownership moves between two keys (two-step), and is renounced very rarely.
contract OwnerHandler is HandlerBase {
    /// @dev One `halt` call in HALT_ODDS acts: about one run in ten halts at the default depth, most
    ///      runs of a deep campaign do, part-way through.
    uint256 internal constant HALT_ODDS = 16;
    /// @dev One `handOver` call in RENOUNCE_ODDS renounces instead.
    uint256 internal constant RENOUNCE_ODDS = 128;

    address[2] internal _owners;

    constructor(Ghost ghost_, address owner_) HandlerBase(ghost_) {
        _owners[0] = owner_;
        _owners[1] = makeAddr("owner2");
    }

    /// @notice The owner halts new deposits and bids, for good.
    function halt(uint256 seed) external {
        _count("owner.halt");
        if (!_rare(seed, HALT_ODDS)) return _skip("halt.notThisTime");
        address o = pool.owner();
        if (o == address(0)) return _skip("halt.renounced");
        _count("owner.halt.done");
        vm.prank(o);
        pool.halt();
        ghost.onHalt();
    }

    /// @notice The owner hands over to the other key (who accepts), or very rarely renounces.
    function handOver(uint256 seed) external {
        _count("owner.handOver");
        address o = pool.owner();
        if (o == address(0)) return _skip("handOver.renounced");
        if (_rare(seed, RENOUNCE_ODDS)) {
            _count("owner.renounce");
            vm.prank(o);
            pool.renounceOwnership();
            return;
        }
        address next = _owners[seed % 2];
        vm.prank(o);
        pool.transferOwnership(next);
        vm.prank(next);
        pool.acceptOwnership();
        if (pool.owner() != next) ghost.onViewMismatch("ownership");
    }
}
