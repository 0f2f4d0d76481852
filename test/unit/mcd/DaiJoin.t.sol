// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {RAD, RAY} from "test/helpers/Units.sol";
import {Dai} from "test/mcd/Dai.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice Unit tests of the local MCD's DaiJoin.
contract DaiJoinTest is Test {
    Vat internal vat;
    Dai internal dai;
    DaiJoin internal daiJoin;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        vat = new Vat();
        dai = new Dai(block.chainid);
        daiJoin = new DaiJoin(address(vat), address(dai));
        dai.rely(address(daiJoin));
        vat.suck(address(this), alice, 100 * RAD);
    }

    function _exitAlice(address to, uint256 wad) internal {
        vm.startPrank(alice);
        vat.hope(address(daiJoin));
        daiJoin.exit(to, wad);
        vm.stopPrank();
    }

    function test_constructor_setsFields() public view {
        assertEq(address(daiJoin.vat()), address(vat));
        assertEq(address(daiJoin.dai()), address(dai));
        assertEq(daiJoin.live(), 1);
        assertEq(daiJoin.wards(address(this)), 1);
    }

    function test_rely_grantsAuth() public {
        daiJoin.rely(bob);
        assertEq(daiJoin.wards(bob), 1);
        vm.prank(bob);
        daiJoin.cage();
        assertEq(daiJoin.live(), 0);
    }

    function test_deny_revokesAuth() public {
        daiJoin.rely(bob);
        daiJoin.deny(bob);
        assertEq(daiJoin.wards(bob), 0);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("DaiJoin/not-authorized"));
        daiJoin.rely(bob);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("DaiJoin/not-authorized"));
        daiJoin.deny(address(this));
    }

    function test_cage_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("DaiJoin/not-authorized"));
        daiJoin.cage();
    }

    function test_exit_mintsTokensForInternalDai() public {
        _exitAlice(bob, 40 ether);
        assertEq(dai.balanceOf(bob), 40 ether);
        assertEq(vat.dai(alice), 60 * RAD);
        assertEq(vat.dai(address(daiJoin)), 40 * RAD);
    }

    function test_exit_revertsWithoutHope() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-allowed"));
        daiJoin.exit(alice, 1 ether);
    }

    function test_exit_revertsWhenNotLive() public {
        daiJoin.cage();
        vm.startPrank(alice);
        vat.hope(address(daiJoin));
        vm.expectRevert(bytes("DaiJoin/not-live"));
        daiJoin.exit(alice, 1 ether);
        vm.stopPrank();
    }

    function test_join_burnsTokensAndCreditsRad() public {
        _exitAlice(alice, 40 ether);
        vm.startPrank(alice);
        dai.approve(address(daiJoin), 25 ether);
        daiJoin.join(bob, 25 ether);
        vm.stopPrank();
        assertEq(dai.balanceOf(alice), 15 ether);
        assertEq(dai.totalSupply(), 15 ether);
        assertEq(vat.dai(bob), 25 * RAD);
        assertEq(vat.dai(address(daiJoin)), 15 * RAD);
    }

    function test_join_revertsWithoutApproval() public {
        _exitAlice(alice, 40 ether);
        vm.prank(alice);
        vm.expectRevert(bytes("Dai/insufficient-allowance"));
        daiJoin.join(alice, 1 ether);
    }

    function test_join_worksAfterCage() public {
        _exitAlice(alice, 40 ether);
        daiJoin.cage();
        vm.startPrank(alice);
        dai.approve(address(daiJoin), 40 ether);
        daiJoin.join(alice, 40 ether);
        vm.stopPrank();
        assertEq(vat.dai(alice), 100 * RAD);
        assertEq(dai.balanceOf(alice), 0);
    }

    function test_join_unitsAreWadToRad() public {
        _exitAlice(alice, 1);
        vm.startPrank(alice);
        dai.approve(address(daiJoin), 1);
        daiJoin.join(bob, 1);
        vm.stopPrank();
        assertEq(vat.dai(bob), RAY);
    }
}
