// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Mkr} from "test/mcd/Mkr.sol";
import {MkrAuthority} from "test/mcd/MkrAuthority.sol";

/// @notice Unit tests of the local MCD's MKR token (DSToken) behind its MkrAuthority.
contract MkrTest is Test {
    Mkr internal mkr;
    MkrAuthority internal authority;
    address internal minter = makeAddr("minter"); // stands in for the Flopper
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event Mint(address indexed guy, uint256 wad);
    event Burn(address indexed guy, uint256 wad);
    event Approval(address indexed src, address indexed guy, uint256 wad);

    function setUp() public {
        mkr = new Mkr();
        authority = new MkrAuthority();
        mkr.setAuthority(address(authority));
        authority.rely(minter);
        mkr.mint(alice, 100 ether);
    }

    // --- metadata ---

    function test_nameAndSymbol_areBytes32() public view {
        assertEq(mkr.name(), bytes32("Maker"));
        assertEq(mkr.symbol(), bytes32("MKR"));
        assertEq(mkr.decimals(), 18);
    }

    function test_nameAndSymbol_abiIsBytes32NotString() public view {
        (bool ok, bytes memory ret) = address(mkr).staticcall(abi.encodeWithSignature("name()"));
        assertTrue(ok);
        assertEq(ret.length, 32);
        assertEq(abi.decode(ret, (bytes32)), bytes32("Maker"));
        (ok, ret) = address(mkr).staticcall(abi.encodeWithSignature("symbol()"));
        assertTrue(ok);
        assertEq(ret.length, 32);
        assertEq(abi.decode(ret, (bytes32)), bytes32("MKR"));
    }

    function test_setName_byOwner() public {
        mkr.setName("Maker2");
        assertEq(mkr.name(), bytes32("Maker2"));
    }

    function test_setName_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert();
        mkr.setName("x");
    }

    // --- DSAuth ---

    function test_constructor_ownerIsDeployer() public view {
        assertEq(mkr.owner(), address(this));
        assertEq(address(mkr.authority()), address(authority));
    }

    function test_setOwner_handsOverOwnership() public {
        mkr.setOwner(bob);
        assertEq(mkr.owner(), bob);
        vm.prank(bob);
        mkr.mint(bob, 1 ether);
        assertEq(mkr.balanceOf(bob), 1 ether);
    }

    function test_setOwner_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert();
        mkr.setOwner(alice);
    }

    function test_setAuthority_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert();
        mkr.setAuthority(alice);
    }

    function test_setAuthority_zeroDisablesWardMint() public {
        mkr.setAuthority(address(0));
        vm.prank(minter);
        vm.expectRevert();
        mkr.mint(minter, 1);
    }

    // --- mint ---

    function test_mint_byOwner() public view {
        assertEq(mkr.balanceOf(alice), 100 ether);
        assertEq(mkr.totalSupply(), 100 ether);
    }

    function test_mint_byAuthorityWard() public {
        vm.expectEmit(true, false, false, true, address(mkr));
        emit Mint(bob, 250 ether);
        vm.prank(minter);
        mkr.mint(bob, 250 ether);
        assertEq(mkr.balanceOf(bob), 250 ether);
        assertEq(mkr.totalSupply(), 350 ether);
    }

    function test_mint_revertsForStranger() public {
        vm.prank(alice);
        vm.expectRevert();
        mkr.mint(alice, 1);
    }

    function test_mint_revertsAfterAuthorityDeny() public {
        authority.deny(minter);
        vm.prank(minter);
        vm.expectRevert();
        mkr.mint(minter, 1);
    }

    function test_mintToSelf_notAllowedForWard() public {
        // The authority allows mint(address,uint256) only; mint(uint256) is judged on its own selector.
        vm.prank(minter);
        vm.expectRevert();
        mkr.mint(1 ether);
    }

    function test_mintToSelf_byOwner() public {
        mkr.mint(3 ether);
        assertEq(mkr.balanceOf(address(this)), 3 ether);
    }

    // --- burn ---

    function test_burn_ownBalanceByAnyone() public {
        vm.expectEmit(true, false, false, true, address(mkr));
        emit Burn(alice, 40 ether);
        vm.prank(alice);
        mkr.burn(40 ether);
        assertEq(mkr.balanceOf(alice), 60 ether);
        assertEq(mkr.totalSupply(), 60 ether);
    }

    function test_burnFrom_needsAllowance() public {
        vm.prank(bob);
        vm.expectRevert();
        mkr.burn(alice, 1 ether);
        vm.prank(alice);
        mkr.approve(bob, 10 ether);
        vm.prank(bob);
        mkr.burn(alice, 4 ether);
        assertEq(mkr.balanceOf(alice), 96 ether);
        assertEq(mkr.allowance(alice, bob), 6 ether);
    }

    function test_burn_revertsOnInsufficientBalance() public {
        vm.prank(bob);
        vm.expectRevert();
        mkr.burn(1);
    }

    // --- stop / start ---

    function test_stop_blocksTransfersAndMints() public {
        mkr.stop();
        assertTrue(mkr.stopped());
        vm.prank(alice);
        vm.expectRevert();
        mkr.transfer(bob, 1);
        vm.prank(minter);
        vm.expectRevert();
        mkr.mint(bob, 1);
        vm.prank(alice);
        vm.expectRevert();
        mkr.approve(bob, 1);
    }

    function test_start_resumes() public {
        mkr.stop();
        mkr.start();
        assertFalse(mkr.stopped());
        vm.prank(alice);
        mkr.transfer(bob, 1 ether);
        assertEq(mkr.balanceOf(bob), 1 ether);
    }

    function test_stop_revertsWhenNotAuthorized() public {
        vm.prank(minter);
        vm.expectRevert();
        mkr.stop();
    }

    function test_start_revertsWhenNotAuthorized() public {
        mkr.stop();
        vm.prank(minter);
        vm.expectRevert();
        mkr.start();
    }

    // --- ERC20 and aliases ---

    function test_transfer_movesBalance() public {
        vm.prank(alice);
        assertTrue(mkr.transfer(bob, 10 ether));
        assertEq(mkr.balanceOf(bob), 10 ether);
        assertEq(mkr.balanceOf(alice), 90 ether);
    }

    function test_transfer_revertsOnInsufficientBalance() public {
        vm.prank(bob);
        vm.expectRevert();
        mkr.transfer(alice, 1);
    }

    function test_transferFrom_spendsAllowance() public {
        vm.prank(alice);
        assertTrue(mkr.approve(bob, 5 ether));
        vm.prank(bob);
        assertTrue(mkr.transferFrom(alice, bob, 2 ether));
        assertEq(mkr.allowance(alice, bob), 3 ether);
        assertEq(mkr.balanceOf(bob), 2 ether);
    }

    function test_transferFrom_maxAllowanceNotDecreased() public {
        vm.prank(alice);
        mkr.approve(bob, type(uint256).max);
        vm.prank(bob);
        mkr.transferFrom(alice, bob, 2 ether);
        assertEq(mkr.allowance(alice, bob), type(uint256).max);
    }

    function test_approveAll_setsMaxAllowanceAndLogsApproval() public {
        vm.expectEmit(address(mkr));
        emit Approval(alice, bob, type(uint256).max);
        vm.prank(alice);
        assertTrue(mkr.approve(bob));
        assertEq(mkr.allowance(alice, bob), type(uint256).max);
        vm.prank(bob);
        mkr.transferFrom(alice, bob, 2 ether);
        assertEq(mkr.allowance(alice, bob), type(uint256).max, "max never decreases");
        assertEq(mkr.balanceOf(bob), 2 ether);
    }

    function test_approveAll_overwritesAFiniteAllowance() public {
        vm.startPrank(alice);
        mkr.approve(bob, 5 ether);
        mkr.approve(bob);
        vm.stopPrank();
        assertEq(mkr.allowance(alice, bob), type(uint256).max);
    }

    function test_approveAll_selectorIsDsTokens() public {
        assertEq(bytes4(keccak256("approve(address)")), bytes4(0xdaea85c5));
        vm.prank(alice);
        (bool ok, bytes memory ret) = address(mkr).call(abi.encodeWithSelector(0xdaea85c5, bob));
        assertTrue(ok);
        assertTrue(abi.decode(ret, (bool)));
        assertEq(mkr.allowance(alice, bob), type(uint256).max);
    }

    function test_approveAll_revertsWhenStopped() public {
        mkr.stop();
        vm.prank(alice);
        vm.expectRevert();
        mkr.approve(bob);
    }

    function test_transferFrom_revertsWithoutAllowance() public {
        vm.prank(bob);
        vm.expectRevert();
        mkr.transferFrom(alice, bob, 1);
    }

    function test_push_pull_move() public {
        vm.prank(alice);
        mkr.push(bob, 10 ether);
        assertEq(mkr.balanceOf(bob), 10 ether);

        vm.prank(bob);
        mkr.approve(alice, type(uint256).max);
        vm.prank(alice);
        mkr.pull(bob, 4 ether);
        assertEq(mkr.balanceOf(bob), 6 ether);

        vm.prank(alice);
        mkr.move(bob, alice, 6 ether);
        assertEq(mkr.balanceOf(bob), 0);
        assertEq(mkr.balanceOf(alice), 100 ether);
    }
}
