// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {MkrAuthority} from "test/mcd/MkrAuthority.sol";

/// @notice Unit tests of MkrAuthority: the DSAuthority that lets the Flopper mint MKR.
contract MkrAuthorityTest is Test {
    bytes4 internal constant MINT = bytes4(keccak256("mint(address,uint256)"));
    bytes4 internal constant MINT_SELF = bytes4(keccak256("mint(uint256)"));
    bytes4 internal constant BURN = bytes4(keccak256("burn(uint256)"));
    bytes4 internal constant BURN_FROM = bytes4(keccak256("burn(address,uint256)"));
    bytes4 internal constant STOP = bytes4(keccak256("stop()"));

    MkrAuthority internal authority;
    address internal flopper = makeAddr("flopper");
    address internal alice = makeAddr("alice");
    address internal token = makeAddr("token");

    event LogRely(address indexed usr);

    function setUp() public {
        authority = new MkrAuthority();
    }

    function test_constructor_rootIsDeployer() public view {
        assertEq(authority.root(), address(this));
    }

    function test_canCall_rootMayDoAnything() public view {
        assertTrue(authority.canCall(address(this), token, STOP));
        assertTrue(authority.canCall(address(this), token, MINT));
        assertTrue(authority.canCall(address(this), token, MINT_SELF));
    }

    function test_canCall_anyoneMayBurn() public view {
        assertTrue(authority.canCall(alice, token, BURN));
        assertTrue(authority.canCall(alice, token, BURN_FROM));
    }

    function test_canCall_onlyWardsMayMint() public {
        assertFalse(authority.canCall(flopper, token, MINT));
        vm.expectEmit(true, false, false, false, address(authority));
        emit LogRely(flopper);
        authority.rely(flopper);
        assertEq(authority.wards(flopper), 1);
        assertTrue(authority.canCall(flopper, token, MINT));
        assertFalse(authority.canCall(flopper, token, MINT_SELF));
        assertFalse(authority.canCall(flopper, token, STOP));
    }

    function test_deny_removesMint() public {
        authority.rely(flopper);
        authority.deny(flopper);
        assertEq(authority.wards(flopper), 0);
        assertFalse(authority.canCall(flopper, token, MINT));
    }

    function test_setRoot_handsOverRoot() public {
        authority.setRoot(alice);
        assertEq(authority.root(), alice);
        assertFalse(authority.canCall(address(this), token, STOP));
        assertTrue(authority.canCall(alice, token, STOP));
        vm.expectRevert();
        authority.rely(flopper);
        vm.prank(alice);
        authority.rely(flopper);
        assertEq(authority.wards(flopper), 1);
    }

    function test_rely_revertsForNonRoot() public {
        vm.prank(alice);
        vm.expectRevert();
        authority.rely(alice);
    }

    function test_deny_revertsForNonRoot() public {
        vm.prank(alice);
        vm.expectRevert();
        authority.deny(flopper);
    }

    function test_setRoot_revertsForNonRoot() public {
        vm.prank(alice);
        vm.expectRevert();
        authority.setRoot(alice);
    }
}
