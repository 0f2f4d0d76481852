// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {ERC20} from "solady/tokens/ERC20.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Two-step ownership (transfer, accept), renounce, and the owner's limits: it can halt, never move
///         pool funds or block an exit.
contract OwnershipTest is SyndicateUnitBase {
    address internal next = makeAddr("next");

    function test_transferOwnership_startsTransfer() public {
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.OwnershipTransferStarted(owner, next);
        vm.prank(owner);
        pool.transferOwnership(next);
        assertEq(pool.pendingOwner(), next);
        assertEq(pool.owner(), owner, "not yet");
    }

    function test_transferOwnership_onlyOwner() public {
        vm.prank(next);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.transferOwnership, (next)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotOwner.selector, next)
        );
    }

    function test_acceptOwnership_completesTransfer() public {
        vm.prank(owner);
        pool.transferOwnership(next);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.OwnershipTransferred(owner, next);
        vm.prank(next);
        pool.acceptOwnership();
        assertEq(pool.owner(), next);
        assertEq(pool.pendingOwner(), address(0));

        vm.prank(owner);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.halt, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotOwner.selector, owner)
        );
        vm.prank(next);
        pool.halt();
        assertTrue(pool.halted());
    }

    function test_acceptOwnership_onlyPendingOwner() public {
        vm.prank(owner);
        pool.transferOwnership(next);
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.acceptOwnership, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotPendingOwner.selector, stranger)
        );
        vm.prank(owner);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.acceptOwnership, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotPendingOwner.selector, owner)
        );
    }

    function test_acceptOwnership_nothingPending_reverts() public {
        vm.prank(next);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.acceptOwnership, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotPendingOwner.selector, next)
        );
    }

    function test_transferOwnership_secondCallReplacesPending() public {
        address other = makeAddr("other");
        vm.startPrank(owner);
        pool.transferOwnership(next);
        pool.transferOwnership(other);
        vm.stopPrank();
        vm.prank(next);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.acceptOwnership, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotPendingOwner.selector, next)
        );
        vm.prank(other);
        pool.acceptOwnership();
        assertEq(pool.owner(), other);
    }

    function test_transferOwnership_toZeroCancels() public {
        vm.startPrank(owner);
        pool.transferOwnership(next);
        pool.transferOwnership(address(0));
        vm.stopPrank();
        assertEq(pool.pendingOwner(), address(0));
        vm.prank(next);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.acceptOwnership, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotPendingOwner.selector, next)
        );
    }

    function test_renounceOwnership_leavesNoOwner() public {
        vm.prank(owner);
        pool.transferOwnership(next);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.OwnershipTransferred(owner, address(0));
        vm.prank(owner);
        pool.renounceOwnership();
        assertEq(pool.owner(), address(0));
        assertEq(pool.pendingOwner(), address(0), "a pending transfer dies too");

        vm.prank(next);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.acceptOwnership, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotPendingOwner.selector, next)
        );
        vm.prank(owner);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.halt, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotOwner.selector, owner)
        );
        assertFalse(pool.halted());
    }

    function test_renounceOwnership_onlyOwner() public {
        vm.prank(next);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.renounceOwnership, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NotOwner.selector, next)
        );
    }

    /// @dev Everything the owner can call, called: the pool's funds and books do not move, and the
    ///      owner still holds nothing and can take nothing.
    function test_owner_cannotMoveFunds() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        vm.startPrank(owner);
        pool.halt();
        pool.transferOwnership(owner);
        pool.acceptOwnership();
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (1)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0)
        );
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.requestDefect, (1)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientShares.selector, 0, 1)
        );
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.transferFrom, (alice, owner, 1)),
            abi.encodeWithSelector(ERC20.InsufficientAllowance.selector)
        );
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claimMkr, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToClaim.selector, owner)
        );
        vm.stopPrank();
        // Claiming for a holder pays the holder, never the caller.
        _requestDefect(alice, 1000e18);
        vm.prank(owner);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claim, (alice)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RequestPending.selector, 1)
        );
        _assertBooks(10_000e18, BID, 0);
        assertEq(mcd.dai.balanceOf(address(pool)), 10_000e18);
        assertEq(mcd.dai.balanceOf(owner), 0);
        assertEq(pool.balanceOf(owner), 0);
        assertEq(mcd.vat.can(address(pool), owner), 0, "no Vat permission for the owner");
        assertEq(mcd.dai.allowance(address(pool), owner), 0);
    }

    /// @dev Neither a halt nor a renounce blocks a holder's exit.
    function test_owner_cannotBlockExit() public {
        _enlist(alice, 1000e18);
        vm.startPrank(owner);
        pool.halt();
        pool.renounceOwnership();
        vm.stopPrank();
        (uint256 daiWad,) = _defect(alice, 1000e18);
        assertEq(daiWad, 1000e18);
        assertEq(mcd.dai.balanceOf(alice), 1000e18);
    }
}
