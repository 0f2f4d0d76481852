// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {RAY} from "test/helpers/Units.sol";
import {PriceFeed} from "test/mcd/PriceFeed.sol";
import {Spotter, SpotterPip} from "test/mcd/Spotter.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice A price module that reports a stale value it does not vouch for (`has` false)
contract UnvouchedPip {
    function peek() external pure returns (bytes32, bool) {
        return (bytes32(uint256(150 ether)), false);
    }
}

/// @notice Unit tests of the local MCD's Spotter (price -> Vat spot).
contract SpotterTest is Test {
    bytes32 internal constant ILK = "ETH-A";

    Vat internal vat;
    Spotter internal spotter;
    PriceFeed internal pip; // the Spotter only needs peek(); a bare feed stands in for the OSM
    address internal alice = makeAddr("alice");

    event Poke(bytes32 ilk, bytes32 val, uint256 spot);

    function setUp() public {
        vat = new Vat();
        vat.init(ILK);
        spotter = new Spotter(address(vat));
        vat.rely(address(spotter));
        pip = new PriceFeed();
        spotter.file(ILK, "pip", address(pip));
        spotter.file(ILK, "mat", 15 * RAY / 10);
    }

    function _spot() internal view returns (uint256 spot) {
        (,, spot,,) = vat.ilks(ILK);
    }

    function test_constructor_setsFields() public view {
        assertEq(address(spotter.vat()), address(vat));
        assertEq(spotter.par(), RAY);
        assertEq(spotter.live(), 1);
        assertEq(spotter.wards(address(this)), 1);
    }

    function test_file_setsPipMatPar() public {
        spotter.file(ILK, "pip", alice);
        spotter.file(ILK, "mat", 2 * RAY);
        spotter.file("par", 2 * RAY);
        (SpotterPip p, uint256 mat) = spotter.ilks(ILK);
        assertEq(address(p), alice);
        assertEq(mat, 2 * RAY);
        assertEq(spotter.par(), 2 * RAY);
    }

    function test_fileAddress_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Spotter/file-unrecognized-param"));
        spotter.file(ILK, "mat", alice);
    }

    function test_fileUint_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Spotter/file-unrecognized-param"));
        spotter.file("mat", 1);
    }

    function test_fileIlkUint_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Spotter/file-unrecognized-param"));
        spotter.file(ILK, "par", 1);
    }

    function test_file_revertsWhenNotLive() public {
        spotter.cage();
        vm.expectRevert(bytes("Spotter/not-live"));
        spotter.file(ILK, "pip", alice);
        vm.expectRevert(bytes("Spotter/not-live"));
        spotter.file("par", RAY);
        vm.expectRevert(bytes("Spotter/not-live"));
        spotter.file(ILK, "mat", RAY);
    }

    function test_file_revertsWhenNotAuthorized() public {
        vm.startPrank(alice);
        vm.expectRevert(bytes("Spotter/not-authorized"));
        spotter.file(ILK, "pip", alice);
        vm.expectRevert(bytes("Spotter/not-authorized"));
        spotter.file("par", RAY);
        vm.expectRevert(bytes("Spotter/not-authorized"));
        spotter.file(ILK, "mat", RAY);
        vm.stopPrank();
    }

    function test_poke_setsSpotPriceOverMat() public {
        pip.poke(194 ether);
        vm.expectEmit(false, false, false, true, address(spotter));
        emit Poke(ILK, bytes32(uint256(194 ether)), 194 * RAY * 2 / 3);
        spotter.poke(ILK);
        // 194 / 1.5 = 129.333... ray
        assertEq(_spot(), 194 * RAY * 2 / 3);
    }

    function test_poke_dividesByPar() public {
        spotter.file("par", 2 * RAY);
        pip.poke(150 ether);
        spotter.poke(ILK);
        assertEq(_spot(), 50 * RAY);
    }

    function test_poke_zeroSpotWhenPriceUnset() public {
        pip.poke(150 ether);
        spotter.poke(ILK);
        assertEq(_spot(), 100 * RAY);
        pip.void();
        spotter.poke(ILK);
        assertEq(_spot(), 0);
    }

    function test_poke_zeroSpotWhenHasIsFalseWhateverTheValue() public {
        pip.poke(150 ether);
        spotter.poke(ILK);
        assertEq(_spot(), 100 * RAY);
        spotter.file(ILK, "pip", address(new UnvouchedPip()));
        spotter.poke(ILK);
        assertEq(_spot(), 0);
    }

    function test_poke_isPermissionless() public {
        pip.poke(150 ether);
        vm.prank(alice);
        spotter.poke(ILK);
        assertEq(_spot(), 100 * RAY);
    }

    function test_poke_revertsWithoutVatAuth() public {
        vat.deny(address(spotter));
        pip.poke(150 ether);
        vm.expectRevert(bytes("Vat/not-authorized"));
        spotter.poke(ILK);
    }

    function test_cage_setsLiveZero() public {
        spotter.cage();
        assertEq(spotter.live(), 0);
    }

    function test_cage_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Spotter/not-authorized"));
        spotter.cage();
    }

    function test_rely_grantsAuth() public {
        spotter.rely(alice);
        assertEq(spotter.wards(alice), 1);
        vm.prank(alice);
        spotter.file("par", 3 * RAY);
        assertEq(spotter.par(), 3 * RAY);
    }

    function test_deny_revokesAuth() public {
        spotter.rely(alice);
        spotter.deny(alice);
        assertEq(spotter.wards(alice), 0);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Spotter/not-authorized"));
        spotter.rely(alice);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Spotter/not-authorized"));
        spotter.deny(address(this));
    }
}
