// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {OSM} from "test/mcd/Osm.sol";
import {PriceFeed} from "test/mcd/PriceFeed.sol";

/// @notice Unit tests of the local MCD's OSM (one-hop delayed price).
contract OsmTest is Test {
    uint256 internal constant T0 = 1_583_971_200; // 2020-03-12 00:00 UTC, a multiple of 3600

    PriceFeed internal feed;
    OSM internal osm;
    address internal alice = makeAddr("alice");

    event LogValue(bytes32 val);

    function setUp() public {
        vm.warp(T0 + 100);
        feed = new PriceFeed();
        osm = new OSM(address(feed));
        osm.kiss(address(this));
    }

    function _peek() internal view returns (uint256 val, bool has) {
        bytes32 v;
        (v, has) = osm.peek();
        val = uint256(v);
    }

    function _peep() internal view returns (uint256 val, bool has) {
        bytes32 v;
        (v, has) = osm.peep();
        val = uint256(v);
    }

    function test_constructor_setsFields() public view {
        assertEq(osm.src(), address(feed));
        assertEq(osm.hop(), 3600);
        assertEq(osm.zzz(), 0);
        assertEq(osm.stopped(), 0);
        assertEq(osm.wards(address(this)), 1);
        (uint256 val, bool has) = _peek();
        assertEq(val, 0);
        assertFalse(has);
    }

    function test_poke_firstPokeFillsNextOnly() public {
        feed.poke(194 ether);
        osm.poke();
        (uint256 cur, bool hasCur) = _peek();
        (uint256 nxt, bool hasNxt) = _peep();
        assertEq(cur, 0);
        assertFalse(hasCur);
        assertEq(nxt, 194 ether);
        assertTrue(hasNxt);
        assertEq(osm.zzz(), T0); // start of the current hop
    }

    function test_poke_secondPokeAfterHopMovesNextToCurrent() public {
        feed.poke(194 ether);
        osm.poke();
        feed.poke(124 ether);
        vm.warp(T0 + 3600);
        vm.expectEmit(false, false, false, true, address(osm));
        emit LogValue(bytes32(uint256(194 ether)));
        osm.poke();
        (uint256 cur, bool hasCur) = _peek();
        (uint256 nxt,) = _peep();
        assertEq(cur, 194 ether);
        assertTrue(hasCur);
        assertEq(nxt, 124 ether);
        assertEq(osm.zzz(), T0 + 3600);
        assertEq(uint256(osm.read()), 194 ether);
    }

    function test_poke_revertsBeforeHopPassed() public {
        feed.poke(194 ether);
        osm.poke();
        vm.warp(T0 + 3599);
        vm.expectRevert(bytes("OSM/not-passed"));
        osm.poke();
    }

    function test_poke_hopCountsFromStartOfHopNotPokeTime() public {
        vm.warp(T0 + 3000);
        feed.poke(194 ether);
        osm.poke(); // zzz = T0
        vm.warp(T0 + 3600); // only 600 s after the poke
        osm.poke();
        (uint256 cur,) = _peek();
        assertEq(cur, 194 ether);
    }

    function test_pass_reflectsHop() public {
        feed.poke(1 ether);
        assertTrue(osm.pass());
        osm.poke();
        assertFalse(osm.pass());
        vm.warp(T0 + 3600);
        assertTrue(osm.pass());
    }

    function test_poke_ignoresUnsetSource() public {
        osm.poke();
        assertEq(osm.zzz(), 0);
        (, bool has) = _peep();
        assertFalse(has);
    }

    function test_poke_isPermissionless() public {
        feed.poke(1 ether);
        vm.prank(alice);
        osm.poke();
        (uint256 nxt,) = _peep();
        assertEq(nxt, 1 ether);
    }

    function test_poke_revertsWhenStopped() public {
        osm.stop();
        assertEq(osm.stopped(), 1);
        vm.expectRevert(bytes("OSM/is-stopped"));
        osm.poke();
    }

    function test_start_reenablesPoke() public {
        osm.stop();
        osm.start();
        assertEq(osm.stopped(), 0);
        feed.poke(1 ether);
        osm.poke();
        (uint256 nxt,) = _peep();
        assertEq(nxt, 1 ether);
    }

    function test_peek_revertsWhenNotWhitelisted() public {
        vm.prank(alice);
        vm.expectRevert(bytes("OSM/contract-not-whitelisted"));
        osm.peek();
    }

    function test_peep_revertsWhenNotWhitelisted() public {
        vm.prank(alice);
        vm.expectRevert(bytes("OSM/contract-not-whitelisted"));
        osm.peep();
    }

    function test_read_revertsWhenNotWhitelisted() public {
        vm.prank(alice);
        vm.expectRevert(bytes("OSM/contract-not-whitelisted"));
        osm.read();
    }

    function test_read_revertsWithoutCurrentValue() public {
        vm.expectRevert(bytes("OSM/no-current-value"));
        osm.read();
    }

    function test_kiss_whitelistsReader() public {
        osm.kiss(alice);
        assertEq(osm.bud(alice), 1);
        vm.prank(alice);
        (, bool has) = osm.peek();
        assertFalse(has);
    }

    function test_kiss_revertsForZeroAddress() public {
        vm.expectRevert(bytes("OSM/no-contract-0"));
        osm.kiss(address(0));
    }

    function test_diss_removesReader() public {
        osm.kiss(alice);
        osm.diss(alice);
        assertEq(osm.bud(alice), 0);
    }

    function test_kissMany_whitelistsAll() public {
        address[] memory a = new address[](2);
        a[0] = alice;
        a[1] = address(0xB0B);
        osm.kiss(a);
        assertEq(osm.bud(alice), 1);
        assertEq(osm.bud(address(0xB0B)), 1);
        osm.diss(a);
        assertEq(osm.bud(alice), 0);
        assertEq(osm.bud(address(0xB0B)), 0);
    }

    function test_kissMany_revertsForZeroAddress() public {
        address[] memory a = new address[](2);
        a[0] = alice;
        vm.expectRevert(bytes("OSM/no-contract-0"));
        osm.kiss(a);
    }

    function test_change_setsSource() public {
        PriceFeed other = new PriceFeed();
        other.poke(7 ether);
        osm.change(address(other));
        assertEq(osm.src(), address(other));
        osm.poke();
        (uint256 nxt,) = _peep();
        assertEq(nxt, 7 ether);
    }

    function test_step_setsHop() public {
        osm.step(600);
        assertEq(osm.hop(), 600);
        feed.poke(1 ether);
        osm.poke();
        vm.warp(T0 + 600);
        osm.poke();
        (uint256 cur,) = _peek();
        assertEq(cur, 1 ether);
    }

    function test_step_revertsForZero() public {
        vm.expectRevert(bytes("OSM/ts-is-zero"));
        osm.step(0);
    }

    function test_poke_revertsWhenHopIsZero() public {
        // unreachable through the ABI (step refuses 0): clear hop in storage. Slot 2 packs
        // src (bytes 0-19), hop (bytes 20-21) and zzz (bytes 22-29).
        bytes32 slot = vm.load(address(osm), bytes32(uint256(2)));
        assertEq(address(uint160(uint256(slot))), address(feed), "slot 2 holds src");
        vm.store(address(osm), bytes32(uint256(2)), slot & ~bytes32(uint256(0xffff) << 160));
        assertEq(osm.hop(), 0);
        assertEq(osm.src(), address(feed));
        feed.poke(1 ether);
        vm.expectRevert(bytes("OSM/hop-is-zero"));
        osm.poke();
    }

    function test_void_clearsPricesAndStops() public {
        feed.poke(1 ether);
        osm.poke();
        vm.warp(T0 + 3600);
        osm.poke();
        osm.void();
        (, bool hasCur) = _peek();
        (, bool hasNxt) = _peep();
        assertFalse(hasCur);
        assertFalse(hasNxt);
        assertEq(osm.stopped(), 1);
    }

    function test_authFunctions_revertWhenNotAuthorized() public {
        address[] memory a = new address[](0);
        vm.startPrank(alice);
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.rely(alice);
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.deny(address(this));
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.stop();
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.start();
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.change(alice);
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.step(1);
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.void();
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.kiss(alice);
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.diss(alice);
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.kiss(a);
        vm.expectRevert(bytes("OSM/not-authorized"));
        osm.diss(a);
        vm.stopPrank();
    }

    function test_rely_grantsAuth() public {
        osm.rely(alice);
        assertEq(osm.wards(alice), 1);
        vm.prank(alice);
        osm.stop();
        assertEq(osm.stopped(), 1);
    }

    function test_deny_revokesAuth() public {
        osm.rely(alice);
        osm.deny(alice);
        assertEq(osm.wards(alice), 0);
    }
}
