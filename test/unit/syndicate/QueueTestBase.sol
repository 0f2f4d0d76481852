// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {TAU} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Fixtures for the queue tests: a funded pool and auctions entered at chosen times.
abstract contract QueueTestBase is SyndicateUnitBase {
    uint256 internal t0;

    function setUp() public virtual override {
        super.setUp();
        _enlist(alice, 300_000e18);
        t0 = block.timestamp;
    }

    function _expectEnterAfterRevert(uint256 id, uint256 prevId, bytes memory err) internal {
        vm.prank(keeper);
        _assertRevert(address(pool), abi.encodeCall(pool.enterAuctionAfter, (id, prevId)), err);
    }

    /// @dev A, B, C entered an hour apart: they settle in entry order.
    function _threeInOrder() internal returns (uint256 a, uint256 b, uint256 c) {
        a = _kick();
        b = _kick();
        c = _kick();
        _enter(a);
        vm.warp(t0 + 1 hours);
        _enter(b);
        vm.warp(t0 + 2 hours);
        _enter(c);
    }

    /// @dev B entered at t1 (settles t1 + 6 h), C at t1 + 1 h (settles t1 + 7 h), and A, kicked three days
    ///      before t1 + 6.5 h, ends at t1 + 6.5 h: a position in A belongs between B and C.
    function _middleSetup() internal returns (uint256 a, uint256 b, uint256 c, uint256 t1) {
        a = _kick();
        t1 = t0 + TAU - 6.5 hours;
        vm.warp(t1);
        b = _kick();
        c = _kick();
        _enter(b);
        vm.warp(t1 + 1 hours);
        _enter(c);
    }
}
