// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice halt: owner-only, permanent, idempotent; blocks enlist and new bids only. Exits, settlement
///         and skim go on.
contract HaltTest is SyndicateUnitBase {
    function test_halt_setsHaltedAndEmits() public {
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Halted();
        _halt();
        assertTrue(pool.halted());
        assertTrue(pool.status().halted);
    }

    function test_halt_onlyOwner() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.halt, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotOwner.selector, stranger)
        );
        assertFalse(pool.halted());
    }

    function test_halt_secondCallIsANoOp() public {
        _halt();
        vm.recordLogs();
        _halt();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 0, "no second Halted event");
        assertTrue(pool.halted());
    }

    /// @dev There is no way back, not even for a new owner.
    function test_halt_isPermanent() public {
        _halt();
        address next = makeAddr("next");
        vm.prank(owner);
        pool.transferOwnership(next);
        vm.prank(next);
        pool.acceptOwnership();
        assertTrue(pool.halted());
        vm.prank(next);
        pool.renounceOwnership();
        assertTrue(pool.halted());
    }

    function test_halt_blocksEnlistAndBids() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _halt();

        _giveDai(bob, 1e18);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), 1e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (1e18)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector)
        );
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlistWithPermit, (1e18, 0, 0, 0, 0, 0)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector)
        );
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector)
        );
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuctionAfter, (id, 0)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector)
        );
        vm.stopPrank();
        (bool ok, bytes memory reason) = pool.canEnter(id);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
    }

    /// @dev Halted after being outbid: no re-entry, but the outbid position still settles.
    function test_halt_blocksReentryButNotSettlement() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        _halt();
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector)
        );
        assertFalse(_finalize(id));
        _assertBooks(60_000e18, 0, 0);
    }

    function test_halt_exitsSettlementAndSkimGoOn() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _halt();
        _warpPastSettle(id);
        assertTrue(_finalize(id));
        _giveDai(address(pool), 1e18);
        (uint256 skimmed,) = pool.skim();
        assertEq(skimmed, 1e18);
        vm.warp(block.timestamp + 1 days); // released to the holders
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 60_000e18);
        assertEq(daiWad, 10_001e18);
        uint256 mkrCredit = 60_000e18 * (LOT_1 * RAY / 60_000e18) / RAY;
        assertEq(mkrWad, mkrCredit, "the win's MKR, credited per share, rounded down");
        _assertBooks(0, 0, LOT_1 - mkrCredit);
    }

    function test_halt_doesNotTouchFunds() public {
        _enlist(alice, 1000e18);
        uint256 before = mcd.dai.balanceOf(address(pool));
        _halt();
        assertEq(mcd.dai.balanceOf(address(pool)), before);
        assertEq(mcd.dai.balanceOf(owner), 0);
        _assertBooks(1000e18, 0, 0);
    }
}
