// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {PriceFeed} from "test/mcd/PriceFeed.sol";

/// @notice Unit tests of the settable price source the local OSM reads.
contract PriceFeedTest is Test {
    PriceFeed internal feed;
    address internal alice = makeAddr("alice");

    function setUp() public {
        feed = new PriceFeed();
    }

    function test_constructor_noPriceYet() public view {
        (bytes32 val, bool has) = feed.peek();
        assertEq(val, bytes32(0));
        assertFalse(has);
        assertEq(feed.wards(address(this)), 1);
    }

    function test_poke_setsPriceAndAge() public {
        vm.warp(1_584_000_000);
        feed.poke(194 ether);
        (bytes32 val, bool has) = feed.peek();
        assertEq(uint256(val), 194 ether);
        assertTrue(has);
        assertEq(uint256(feed.read()), 194 ether);
        assertEq(feed.age(), 1_584_000_000);
    }

    function test_poke_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("PriceFeed/not-authorized"));
        feed.poke(1);
    }

    function test_void_unsetsPrice() public {
        feed.poke(194 ether);
        feed.void();
        (bytes32 val, bool has) = feed.peek();
        assertEq(val, bytes32(0));
        assertFalse(has);
    }

    function test_void_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("PriceFeed/not-authorized"));
        feed.void();
    }

    function test_read_revertsWhenUnset() public {
        vm.expectRevert(bytes("PriceFeed/invalid-price-feed"));
        feed.read();
    }

    function test_rely_grantsAuth() public {
        feed.rely(alice);
        assertEq(feed.wards(alice), 1);
        vm.prank(alice);
        feed.poke(5);
        (bytes32 val,) = feed.peek();
        assertEq(uint256(val), 5);
    }

    function test_deny_revokesAuth() public {
        feed.rely(alice);
        feed.deny(alice);
        assertEq(feed.wards(alice), 0);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("PriceFeed/not-authorized"));
        feed.rely(alice);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("PriceFeed/not-authorized"));
        feed.deny(address(this));
    }
}
