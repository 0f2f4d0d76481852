// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {Jug} from "test/mcd/Jug.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice Unit tests of the local MCD's Jug (stability fees).
contract JugTest is Test {
    bytes32 internal constant ILK = "ETH-A";
    /// @dev Mainnet per-second rates: 8% and 4% a year
    uint256 internal constant EIGHT_PCT = 1_000_000_002_440_418_608_258_400_030;
    uint256 internal constant FOUR_PCT = 1_000_000_001_243_680_656_318_820_312;

    Vat internal vat;
    Jug internal jug;
    address internal vow = makeAddr("vow");
    address internal alice = makeAddr("alice");

    function setUp() public {
        vm.warp(1_584_000_000);
        vat = new Vat();
        vat.init(ILK);
        vat.file("Line", 1_000_000 * RAD);
        vat.file(ILK, "line", 1_000_000 * RAD);
        vat.file(ILK, "spot", 100 * RAY);
        jug = new Jug(address(vat));
        vat.rely(address(jug));
        jug.init(ILK);
        jug.file("vow", vow);
        // a vault with 1,000 dai of debt
        vat.slip(ILK, alice, int256(100 * WAD));
        vm.prank(alice);
        vat.frob(ILK, alice, alice, alice, int256(100 * WAD), int256(1000 * WAD));
    }

    function _rate() internal view returns (uint256 rate) {
        (, rate,,,) = vat.ilks(ILK);
    }

    function test_constructor_setsFields() public view {
        assertEq(address(jug.vat()), address(vat));
        assertEq(jug.wards(address(this)), 1);
        assertEq(jug.base(), 0);
    }

    function test_rely_grantsAuth() public {
        jug.rely(alice);
        assertEq(jug.wards(alice), 1);
        vm.prank(alice);
        jug.file("base", 1);
        assertEq(jug.base(), 1);
    }

    function test_deny_revokesAuth() public {
        jug.rely(alice);
        jug.deny(alice);
        assertEq(jug.wards(alice), 0);
        vm.prank(alice);
        vm.expectRevert(bytes("Jug/not-authorized"));
        jug.file("base", 1);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Jug/not-authorized"));
        jug.rely(alice);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Jug/not-authorized"));
        jug.deny(address(this));
    }

    function test_init_setsDutyOneAndRhoNow() public view {
        (uint256 duty, uint256 rho) = jug.ilks(ILK);
        assertEq(duty, RAY);
        assertEq(rho, block.timestamp);
    }

    function test_init_revertsWhenAlreadyInit() public {
        vm.expectRevert(bytes("Jug/ilk-already-init"));
        jug.init(ILK);
    }

    function test_init_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Jug/not-authorized"));
        jug.init("NEW");
    }

    function test_file_setsDutyBaseVow() public {
        jug.file(ILK, "duty", EIGHT_PCT);
        jug.file("base", 7);
        jug.file("vow", alice);
        (uint256 duty,) = jug.ilks(ILK);
        assertEq(duty, EIGHT_PCT);
        assertEq(jug.base(), 7);
        assertEq(jug.vow(), alice);
    }

    function test_fileIlk_revertsWhenRhoNotUpdated() public {
        vm.warp(block.timestamp + 1);
        vm.expectRevert(bytes("Jug/rho-not-updated"));
        jug.file(ILK, "duty", EIGHT_PCT);
    }

    function test_fileIlk_worksAfterDrip() public {
        vm.warp(block.timestamp + 1);
        jug.drip(ILK);
        jug.file(ILK, "duty", FOUR_PCT);
        (uint256 duty,) = jug.ilks(ILK);
        assertEq(duty, FOUR_PCT);
    }

    function test_fileIlk_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Jug/file-unrecognized-param"));
        jug.file(ILK, "base", 1);
    }

    function test_fileUint_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Jug/file-unrecognized-param"));
        jug.file("duty", 1);
    }

    function test_fileAddress_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Jug/file-unrecognized-param"));
        jug.file("base", alice);
    }

    function test_file_revertsWhenNotAuthorized() public {
        vm.startPrank(alice);
        vm.expectRevert(bytes("Jug/not-authorized"));
        jug.file(ILK, "duty", 1);
        vm.expectRevert(bytes("Jug/not-authorized"));
        jug.file("base", 1);
        vm.expectRevert(bytes("Jug/not-authorized"));
        jug.file("vow", alice);
        vm.stopPrank();
    }

    function test_drip_compoundsEightPercentOverAYear() public {
        jug.file(ILK, "duty", EIGHT_PCT);
        vm.warp(block.timestamp + 365 days);
        uint256 rate = jug.drip(ILK);
        assertApproxEqRel(rate, 108 * RAY / 100, 1e12); // within 1e-6
        assertEq(_rate(), rate);
        // fees (Art * diff) credited to the vow
        assertEq(vat.dai(vow), 1000 * WAD * (rate - RAY));
        (, uint256 rho) = jug.ilks(ILK);
        assertEq(rho, block.timestamp);
    }

    function test_drip_addsBaseToDuty() public {
        jug.file("base", FOUR_PCT - RAY);
        jug.file(ILK, "duty", FOUR_PCT);
        vm.warp(block.timestamp + 365 days);
        uint256 rate = jug.drip(ILK);
        // (1.04^(1/s) + 0.04^(1/s) - 1) ~ 1.04^2 over a year
        assertApproxEqRel(rate, 10_816 * RAY / 10_000, 1e12);
    }

    function test_drip_sameBlockIsNoop() public {
        jug.file(ILK, "duty", EIGHT_PCT);
        uint256 rate = jug.drip(ILK);
        assertEq(rate, RAY);
        assertEq(vat.dai(vow), 0);
    }

    function test_drip_revertsWhenNowBeforeRho() public {
        vm.warp(block.timestamp - 1);
        vm.expectRevert(bytes("Jug/invalid-now"));
        jug.drip(ILK);
    }
}
