// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Weth} from "test/mcd/Weth.sol";

/// @notice Unit tests of the local MCD's WETH9-compatible collateral token.
contract WethTest is Test {
    Weth internal weth;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        weth = new Weth();
        vm.deal(alice, 10 ether);
    }

    function test_metadata_matchesWeth9() public view {
        assertEq(weth.name(), "Wrapped Ether");
        assertEq(weth.symbol(), "WETH");
        assertEq(weth.decimals(), 18);
    }

    function test_deposit_mintsForEther() public {
        vm.prank(alice);
        weth.deposit{value: 3 ether}();
        assertEq(weth.balanceOf(alice), 3 ether);
        assertEq(weth.totalSupply(), 3 ether);
        assertEq(address(weth).balance, 3 ether);
    }

    function test_receive_deposits() public {
        vm.prank(alice);
        (bool ok,) = address(weth).call{value: 2 ether}("");
        assertTrue(ok);
        assertEq(weth.balanceOf(alice), 2 ether);
    }

    function test_fallback_deposits() public {
        vm.prank(alice);
        (bool ok,) = address(weth).call{value: 1 ether}(abi.encodeWithSignature("nope()"));
        assertTrue(ok);
        assertEq(weth.balanceOf(alice), 1 ether);
    }

    function test_withdraw_returnsEther() public {
        vm.startPrank(alice);
        weth.deposit{value: 3 ether}();
        weth.withdraw(1 ether);
        vm.stopPrank();
        assertEq(weth.balanceOf(alice), 2 ether);
        assertEq(alice.balance, 8 ether);
        assertEq(weth.totalSupply(), 2 ether);
    }

    function test_withdraw_revertsWhenBalanceTooLow() public {
        vm.prank(alice);
        vm.expectRevert();
        weth.withdraw(1);
    }

    function test_transfer_movesBalance() public {
        vm.startPrank(alice);
        weth.deposit{value: 3 ether}();
        assertTrue(weth.transfer(bob, 1 ether));
        vm.stopPrank();
        assertEq(weth.balanceOf(bob), 1 ether);
        assertEq(weth.balanceOf(alice), 2 ether);
    }

    function test_transferFrom_spendsAllowance() public {
        vm.startPrank(alice);
        weth.deposit{value: 3 ether}();
        weth.approve(bob, 2 ether);
        vm.stopPrank();
        vm.prank(bob);
        assertTrue(weth.transferFrom(alice, bob, 2 ether));
        assertEq(weth.allowance(alice, bob), 0);
        assertEq(weth.balanceOf(bob), 2 ether);
    }

    function test_transferFrom_maxAllowanceNotDecreased() public {
        vm.startPrank(alice);
        weth.deposit{value: 3 ether}();
        weth.approve(bob, type(uint256).max);
        vm.stopPrank();
        vm.prank(bob);
        weth.transferFrom(alice, bob, 2 ether);
        assertEq(weth.allowance(alice, bob), type(uint256).max);
    }

    function test_transferFrom_revertsWithoutAllowance() public {
        vm.prank(alice);
        weth.deposit{value: 3 ether}();
        vm.prank(bob);
        vm.expectRevert();
        weth.transferFrom(alice, bob, 1);
    }
}
