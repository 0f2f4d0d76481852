// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";

/// @notice Records the `cage(rad)` call the Vow makes on a flapper.
contract FlapperProbe {
    uint256 public caged;
    uint256 public cagedWith;

    function cage(uint256 rad) external {
        caged += 1;
        cagedWith = rad;
    }
}

/// @notice Unit tests of the Vow (balance sheet) on the deployed local MCD, post-spell
///         parameters (wait 156 h, dump 250 MKR, sump 50,000 DAI).
contract VowTest is McdTestBase {
    address internal alice = makeAddr("alice");

    function _sump() internal view returns (uint256) {
        return vow.sump();
    }

    /// @dev Give the Vow `rad` of surplus dai (as if a flip auction had paid it)
    function _giveVowSurplus(uint256 rad) internal {
        _giveInternalDai(address(vow), rad);
    }

    // --- constructor, params, auth ---

    function test_deployment_hasPostSpellParams() public view {
        assertEq(vow.wait(), 156 hours);
        assertEq(vow.dump(), 250 * WAD);
        assertEq(vow.sump(), 50_000 * RAD);
        assertEq(vow.bump(), 10_000 * RAD);
        assertEq(vow.hump(), 500_000 * RAD);
        assertEq(address(vow.vat()), address(vat));
        assertEq(address(vow.flopper()), address(flop));
        assertEq(vow.flapper(), address(0));
        assertEq(vow.live(), 1);
        assertEq(vow.wards(address(cat)), 1);
    }

    function test_rely_grantsAuth() public {
        vow.rely(alice);
        assertEq(vow.wards(alice), 1);
        vm.prank(alice);
        vow.fess(1);
        assertEq(vow.Sin(), 1);
    }

    function test_deny_revokesAuth() public {
        vow.rely(alice);
        vow.deny(alice);
        assertEq(vow.wards(alice), 0);
        vm.prank(alice);
        vm.expectRevert(bytes("Vow/not-authorized"));
        vow.fess(1);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vow/not-authorized"));
        vow.rely(alice);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vow/not-authorized"));
        vow.deny(address(this));
    }

    function test_rely_revertsWhenNotLive() public {
        vow.cage();
        vm.expectRevert(bytes("Vow/not-live"));
        vow.rely(alice);
    }

    function test_file_setsEveryUintParam() public {
        vow.file("wait", 2 days);
        vow.file("bump", 1);
        vow.file("sump", 2);
        vow.file("dump", 3);
        vow.file("hump", 4);
        assertEq(vow.wait(), 2 days);
        assertEq(vow.bump(), 1);
        assertEq(vow.sump(), 2);
        assertEq(vow.dump(), 3);
        assertEq(vow.hump(), 4);
    }

    function test_fileUint_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Vow/file-unrecognized-param"));
        vow.file("Sin", 1);
    }

    function test_file_setsFlopper() public {
        vow.file("flopper", alice);
        assertEq(address(vow.flopper()), alice);
    }

    function test_file_setsFlapperAndMovesHope() public {
        address flapper2 = makeAddr("flapper2");
        vow.file("flapper", alice);
        assertEq(vow.flapper(), alice);
        assertEq(vat.can(address(vow), alice), 1);
        vow.file("flapper", flapper2);
        assertEq(vat.can(address(vow), alice), 0);
        assertEq(vat.can(address(vow), flapper2), 1);
    }

    function test_fileAddress_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Vow/file-unrecognized-param"));
        vow.file("vat", alice);
    }

    function test_file_revertsWhenNotAuthorized() public {
        vm.startPrank(alice);
        vm.expectRevert(bytes("Vow/not-authorized"));
        vow.file("wait", 1);
        vm.expectRevert(bytes("Vow/not-authorized"));
        vow.file("flopper", alice);
        vm.stopPrank();
    }

    // --- fess / flog ---

    function test_fess_queuesDebtAtNow() public {
        vow.fess(100 * RAD);
        vow.fess(50 * RAD);
        assertEq(vow.sin(block.timestamp), 150 * RAD);
        assertEq(vow.Sin(), 150 * RAD);
    }

    function test_fess_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vow/not-authorized"));
        vow.fess(1);
    }

    function test_flog_releasesAfterWait() public {
        uint256 era = _queueBadDebt(100 * RAD);
        assertEq(_unbackedDebt(), 0);
        vm.warp(era + 156 hours);
        vm.prank(alice);
        vow.flog(era);
        assertEq(vow.Sin(), 0);
        assertEq(vow.sin(era), 0);
        assertEq(_unbackedDebt(), 100 * RAD);
    }

    function test_flog_revertsBeforeWait() public {
        uint256 era = _queueBadDebt(100 * RAD);
        vm.warp(era + 156 hours - 1);
        vm.expectRevert(bytes("Vow/wait-not-finished"));
        vow.flog(era);
    }

    function test_flog_onlyReleasesItsEra() public {
        uint256 era1 = _queueBadDebt(100 * RAD);
        vm.warp(era1 + 1 hours);
        _queueBadDebt(30 * RAD);
        vm.warp(era1 + 156 hours);
        vow.flog(era1);
        assertEq(vow.Sin(), 30 * RAD);
        assertEq(_unbackedDebt(), 100 * RAD);
    }

    // --- heal ---

    function test_heal_cancelsDebtWithSurplus() public {
        _createBadDebt(100 * RAD);
        _giveVowSurplus(60 * RAD);
        uint256 viceBefore = vat.vice();
        vm.prank(alice);
        vow.heal(60 * RAD);
        assertEq(vat.dai(address(vow)), 0);
        assertEq(vat.sin(address(vow)), 40 * RAD);
        assertEq(vat.vice(), viceBefore - 60 * RAD);
    }

    function test_heal_revertsWhenInsufficientSurplus() public {
        _createBadDebt(100 * RAD);
        _giveVowSurplus(60 * RAD);
        vm.expectRevert(bytes("Vow/insufficient-surplus"));
        vow.heal(60 * RAD + 1);
    }

    function test_heal_revertsWhenDebtQueued() public {
        _queueBadDebt(100 * RAD);
        _giveVowSurplus(60 * RAD);
        vm.expectRevert(bytes("Vow/insufficient-debt"));
        vow.heal(1);
    }

    function test_heal_revertsWhenDebtOnAuction() public {
        _createBadDebt(_sump());
        vow.flop();
        _giveVowSurplus(60 * RAD);
        vm.expectRevert(bytes("Vow/insufficient-debt"));
        vow.heal(1);
    }

    // --- kiss ---

    function test_kiss_cancelsOnAuctionDebt() public {
        _createBadDebt(_sump());
        vow.flop();
        _giveVowSurplus(_sump());
        vm.prank(alice);
        vow.kiss(_sump());
        assertEq(vow.Ash(), 0);
        assertEq(vat.dai(address(vow)), 0);
        assertEq(vat.sin(address(vow)), 0);
    }

    function test_kiss_revertsWhenNotEnoughAsh() public {
        _createBadDebt(_sump());
        _giveVowSurplus(_sump());
        vm.expectRevert(bytes("Vow/not-enough-ash"));
        vow.kiss(1);
    }

    function test_kiss_revertsWhenInsufficientSurplus() public {
        _createBadDebt(_sump());
        vow.flop();
        uint256 sump = _sump();
        _giveVowSurplus(sump - 1);
        vm.expectRevert(bytes("Vow/insufficient-surplus"));
        vow.kiss(sump);
    }

    // --- flop ---

    function test_flop_kicksDebtAuction() public {
        _createBadDebt(_sump() + 1);
        vm.prank(alice);
        uint256 id = vow.flop();
        assertEq(id, 1);
        assertEq(vow.Ash(), _sump());
        assertEq(_unbackedDebt(), 1);
        FlopBid memory b = _flopBid(id);
        assertEq(b.bid, 50_000 * RAD);
        assertEq(b.lot, 250 * WAD);
        assertEq(b.guy, address(vow));
        assertEq(b.end, block.timestamp + 3 days);
    }

    function test_flop_revertsWhenInsufficientDebt() public {
        _createBadDebt(_sump() - 1);
        vm.expectRevert(bytes("Vow/insufficient-debt"));
        vow.flop();
    }

    function test_flop_queuedDebtDoesNotCount() public {
        _queueBadDebt(_sump());
        vm.expectRevert(bytes("Vow/insufficient-debt"));
        vow.flop();
    }

    function test_flop_revertsWhenSurplusNotZero() public {
        _createBadDebt(_sump());
        _giveVowSurplus(1);
        vm.expectRevert(bytes("Vow/surplus-not-zero"));
        vow.flop();
    }

    function test_flop_debtCheckedBeforeSurplus() public {
        _giveVowSurplus(1);
        vm.expectRevert(bytes("Vow/insufficient-debt"));
        vow.flop();
    }

    // --- cage ---

    function test_cage_shutsDownAndCagesFlopper() public {
        _createBadDebt(2 * _sump());
        vow.flop();
        _queueBadDebt(7 * RAD);
        _giveVowSurplus(10 * RAD);
        uint256 sinBefore = vat.sin(address(vow));
        vow.cage();
        assertEq(vow.live(), 0);
        assertEq(vow.Sin(), 0);
        assertEq(vow.Ash(), 0);
        assertEq(flop.live(), 0);
        assertEq(flop.vow(), address(vow));
        // heals min(dai, sin)
        assertEq(vat.dai(address(vow)), 0);
        assertEq(vat.sin(address(vow)), sinBefore - 10 * RAD);
    }

    function test_cage_healsAtMostTheDebt() public {
        _createBadDebt(5 * RAD);
        _giveVowSurplus(10 * RAD);
        vow.cage();
        assertEq(vat.sin(address(vow)), 0);
        assertEq(vat.dai(address(vow)), 5 * RAD);
    }

    function test_cage_cagesFlapperWithItsDai() public {
        FlapperProbe flapper = new FlapperProbe();
        vow.file("flapper", address(flapper));
        _giveInternalDai(address(flapper), 3 * RAD);
        vow.cage();
        assertEq(flapper.caged(), 1);
        assertEq(flapper.cagedWith(), 3 * RAD);
    }

    function test_cage_revertsWhenNotLive() public {
        vow.cage();
        vm.expectRevert(bytes("Vow/not-live"));
        vow.cage();
    }

    function test_cage_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vow/not-authorized"));
        vow.cage();
    }
}
