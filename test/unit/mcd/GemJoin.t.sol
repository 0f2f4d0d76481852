// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {GemJoin} from "test/mcd/GemJoin.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Weth} from "test/mcd/Weth.sol";

/// @notice A collateral token whose transfers fail by returning false (to reach "GemJoin/failed-transfer").
contract FalseToken {
    function decimals() external pure returns (uint256) {
        return 18;
    }

    function transfer(address, uint256) external pure returns (bool) {
        return false;
    }

    function transferFrom(address, address, uint256) external pure returns (bool) {
        return false;
    }
}

/// @notice Unit tests of the local MCD's GemJoin (ETH-A join over WETH).
contract GemJoinTest is Test {
    bytes32 internal constant ILK = "ETH-A";

    Vat internal vat;
    Weth internal weth;
    GemJoin internal join;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        vat = new Vat();
        vat.init(ILK);
        weth = new Weth();
        join = new GemJoin(address(vat), ILK, address(weth));
        vat.rely(address(join));
        vm.deal(alice, 100 ether);
        vm.startPrank(alice);
        weth.deposit{value: 100 ether}();
        weth.approve(address(join), type(uint256).max);
        vm.stopPrank();
    }

    function test_constructor_setsFields() public view {
        assertEq(address(join.vat()), address(vat));
        assertEq(join.ilk(), ILK);
        assertEq(address(join.gem()), address(weth));
        assertEq(join.dec(), 18);
        assertEq(join.live(), 1);
        assertEq(join.wards(address(this)), 1);
    }

    function test_rely_grantsAuth() public {
        join.rely(bob);
        assertEq(join.wards(bob), 1);
        vm.prank(bob);
        join.cage();
        assertEq(join.live(), 0);
    }

    function test_deny_revokesAuth() public {
        join.rely(bob);
        join.deny(bob);
        assertEq(join.wards(bob), 0);
        vm.prank(bob);
        vm.expectRevert(bytes("GemJoin/not-authorized"));
        join.cage();
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("GemJoin/not-authorized"));
        join.rely(bob);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("GemJoin/not-authorized"));
        join.deny(address(this));
    }

    function test_join_pullsTokensAndCreditsGem() public {
        vm.prank(alice);
        join.join(bob, 30 ether);
        assertEq(vat.gem(ILK, bob), 30 ether);
        assertEq(weth.balanceOf(alice), 70 ether);
        assertEq(weth.balanceOf(address(join)), 30 ether);
    }

    function test_join_revertsWhenNotLive() public {
        join.cage();
        vm.prank(alice);
        vm.expectRevert(bytes("GemJoin/not-live"));
        join.join(alice, 1 ether);
    }

    function test_join_revertsOnOverflow() public {
        vm.prank(alice);
        vm.expectRevert(bytes("GemJoin/overflow"));
        join.join(alice, uint256(type(int256).max) + 1);
    }

    function test_join_revertsWithoutTokens() public {
        vm.prank(bob);
        vm.expectRevert();
        join.join(bob, 1 ether);
        assertEq(vat.gem(ILK, bob), 0);
    }

    function test_join_revertsWhenTransferReturnsFalse() public {
        FalseToken bad = new FalseToken();
        GemJoin badJoin = new GemJoin(address(vat), ILK, address(bad));
        vat.rely(address(badJoin));
        vm.expectRevert(bytes("GemJoin/failed-transfer"));
        badJoin.join(alice, 1 ether);
    }

    function test_exit_debitsGemAndSendsTokens() public {
        vm.prank(alice);
        join.join(alice, 30 ether);
        vm.prank(alice);
        join.exit(bob, 10 ether);
        assertEq(vat.gem(ILK, alice), 20 ether);
        assertEq(weth.balanceOf(bob), 10 ether);
    }

    function test_exit_worksAfterCage() public {
        vm.prank(alice);
        join.join(alice, 30 ether);
        join.cage();
        vm.prank(alice);
        join.exit(alice, 30 ether);
        assertEq(vat.gem(ILK, alice), 0);
        assertEq(weth.balanceOf(alice), 100 ether);
    }

    function test_exit_revertsOnOverflow() public {
        vm.prank(alice);
        vm.expectRevert(bytes("GemJoin/overflow"));
        join.exit(alice, 2 ** 255 + 1);
    }

    function test_exit_revertsWithoutGem() public {
        vm.prank(bob);
        vm.expectRevert();
        join.exit(bob, 1);
    }

    function test_exit_revertsWhenTransferReturnsFalse() public {
        FalseToken bad = new FalseToken();
        GemJoin badJoin = new GemJoin(address(vat), ILK, address(bad));
        vat.rely(address(badJoin));
        vat.slip(ILK, address(this), 1 ether);
        vm.expectRevert(bytes("GemJoin/failed-transfer"));
        badJoin.exit(alice, 1 ether);
    }

    function test_cage_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("GemJoin/not-authorized"));
        join.cage();
    }
}
