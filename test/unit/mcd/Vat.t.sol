// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {stdError} from "forge-std/StdError.sol";
import {Test} from "forge-std/Test.sol";

import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice Shared setup of the Vat unit tests: a Vat deployed directly with one ilk, ETH-A.
abstract contract VatTestBase is Test {
    bytes32 internal constant ILK = "ETH-A";

    Vat internal vat;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public virtual {
        vat = new Vat();
        vat.init(ILK);
        vat.file("Line", 1_000_000 * RAD);
        vat.file(ILK, "line", 1_000_000 * RAD);
        vat.file(ILK, "spot", 100 * RAY); // 100 dai of debt per unit of ink
        vat.file(ILK, "dust", 20 * RAD);
        vat.slip(ILK, alice, int256(100 * WAD));
    }

    // --- helpers ---

    function _openAlice(uint256 ink, uint256 art) internal {
        vm.prank(alice);
        vat.frob(ILK, alice, alice, alice, int256(ink), int256(art));
    }

    function _urn(address u) internal view returns (uint256 ink, uint256 art) {
        return vat.urns(ILK, u);
    }
}

/// @notice Vat unit tests: auth, init, file, cage.
contract VatAdminTest is VatTestBase {
    // --- constructor / auth ---

    function test_constructor_setsDeployerWardAndLive() public {
        Vat fresh = new Vat();
        assertEq(fresh.wards(address(this)), 1);
        assertEq(fresh.live(), 1);
        assertEq(fresh.debt(), 0);
        assertEq(fresh.Line(), 0);
    }

    function test_rely_grantsAuth() public {
        vat.rely(alice);
        assertEq(vat.wards(alice), 1);
        vm.prank(alice);
        vat.suck(bob, bob, RAD);
        assertEq(vat.dai(bob), RAD);
    }

    function test_deny_revokesAuth() public {
        vat.rely(alice);
        vat.deny(alice);
        assertEq(vat.wards(alice), 0);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.suck(bob, bob, RAD);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.rely(alice);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.deny(address(this));
    }

    function test_rely_revertsWhenNotLive() public {
        vat.cage();
        vm.expectRevert(bytes("Vat/not-live"));
        vat.rely(alice);
    }

    function test_deny_revertsWhenNotLive() public {
        vat.cage();
        vm.expectRevert(bytes("Vat/not-live"));
        vat.deny(address(this));
    }

    // --- init ---

    function test_init_setsRateToOneRay() public {
        vat.init("NEW");
        (uint256 Art, uint256 rate, uint256 spot, uint256 line, uint256 dust) = vat.ilks("NEW");
        assertEq(rate, RAY);
        assertEq(Art + spot + line + dust, 0);
    }

    function test_init_revertsWhenAlreadyInit() public {
        vm.expectRevert(bytes("Vat/ilk-already-init"));
        vat.init(ILK);
    }

    function test_init_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.init("NEW");
    }

    // --- file ---

    function test_file_setsLine() public {
        vat.file("Line", 123 * RAD);
        assertEq(vat.Line(), 123 * RAD);
    }

    function test_file_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Vat/file-unrecognized-param"));
        vat.file("line", 1);
    }

    function test_file_revertsWhenNotLive() public {
        vat.cage();
        vm.expectRevert(bytes("Vat/not-live"));
        vat.file("Line", 1);
    }

    function test_file_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.file("Line", 1);
    }

    function test_fileIlk_setsSpotLineDust() public {
        vat.file(ILK, "spot", 7 * RAY);
        vat.file(ILK, "line", 8 * RAD);
        vat.file(ILK, "dust", 9 * RAD);
        (, uint256 rate, uint256 spot, uint256 line, uint256 dust) = vat.ilks(ILK);
        assertEq(rate, RAY);
        assertEq(spot, 7 * RAY);
        assertEq(line, 8 * RAD);
        assertEq(dust, 9 * RAD);
    }

    function test_fileIlk_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Vat/file-unrecognized-param"));
        vat.file(ILK, "Line", 1);
    }

    function test_fileIlk_revertsWhenNotLive() public {
        vat.cage();
        vm.expectRevert(bytes("Vat/not-live"));
        vat.file(ILK, "spot", 1);
    }

    function test_fileIlk_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.file(ILK, "spot", 1);
    }

    // --- cage ---

    function test_cage_setsLiveToZero() public {
        vat.cage();
        assertEq(vat.live(), 0);
    }

    function test_cage_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.cage();
    }
}

/// @notice Vat unit tests: hope/nope, slip, flux, move.
contract VatFungibilityTest is VatTestBase {
    // --- hope / nope ---

    function test_hope_setsCan() public {
        vm.prank(alice);
        vat.hope(bob);
        assertEq(vat.can(alice, bob), 1);
        assertEq(vat.can(bob, alice), 0);
    }

    function test_nope_clearsCan() public {
        vm.startPrank(alice);
        vat.hope(bob);
        vat.nope(bob);
        vm.stopPrank();
        assertEq(vat.can(alice, bob), 0);
    }

    // --- slip ---

    function test_slip_addsAndRemovesGem() public {
        vat.slip(ILK, bob, int256(5 * WAD));
        assertEq(vat.gem(ILK, bob), 5 * WAD);
        vat.slip(ILK, bob, -int256(2 * WAD));
        assertEq(vat.gem(ILK, bob), 3 * WAD);
    }

    function test_slip_revertsOnUnderflow() public {
        vm.expectRevert(stdError.arithmeticError);
        vat.slip(ILK, bob, -1);
    }

    function test_slip_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.slip(ILK, alice, 1);
    }

    // --- flux ---

    function test_flux_movesOwnGem() public {
        vm.prank(alice);
        vat.flux(ILK, alice, bob, 10 * WAD);
        assertEq(vat.gem(ILK, alice), 90 * WAD);
        assertEq(vat.gem(ILK, bob), 10 * WAD);
    }

    function test_flux_revertsWhenNotAllowed() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-allowed"));
        vat.flux(ILK, alice, bob, 1);
    }

    function test_flux_allowedAfterHope() public {
        vm.prank(alice);
        vat.hope(bob);
        vm.prank(bob);
        vat.flux(ILK, alice, bob, 1 * WAD);
        assertEq(vat.gem(ILK, bob), 1 * WAD);
    }

    function test_flux_revertsAfterNope() public {
        vm.prank(alice);
        vat.hope(bob);
        vm.prank(alice);
        vat.nope(bob);
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-allowed"));
        vat.flux(ILK, alice, bob, 1);
    }

    function test_flux_revertsWhenBalanceTooLow() public {
        vm.prank(alice);
        vm.expectRevert(stdError.arithmeticError);
        vat.flux(ILK, alice, bob, 100 * WAD + 1);
    }

    // --- move ---

    function test_move_movesOwnDai() public {
        vat.suck(address(this), alice, 10 * RAD);
        vm.prank(alice);
        vat.move(alice, bob, 4 * RAD);
        assertEq(vat.dai(alice), 6 * RAD);
        assertEq(vat.dai(bob), 4 * RAD);
    }

    function test_move_revertsWhenNotAllowed() public {
        vat.suck(address(this), alice, 10 * RAD);
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-allowed"));
        vat.move(alice, bob, 1);
    }

    function test_move_allowedAfterHope() public {
        vat.suck(address(this), alice, 10 * RAD);
        vm.prank(alice);
        vat.hope(bob);
        vm.prank(bob);
        vat.move(alice, bob, 10 * RAD);
        assertEq(vat.dai(alice), 0);
        assertEq(vat.dai(bob), 10 * RAD);
    }

    function test_move_revertsWhenBalanceTooLow() public {
        vat.suck(address(this), alice, 10 * RAD);
        vm.prank(alice);
        vm.expectRevert(stdError.arithmeticError);
        vat.move(alice, bob, 10 * RAD + 1);
    }

    /// @dev can[bit][usr] is at keccak(usr . keccak(bit . 1)): `can` is the Vat's slot 1
    function _canSlot(address bit, address usr) internal pure returns (bytes32) {
        return keccak256(abi.encode(usr, keccak256(abi.encode(bit, uint256(1)))));
    }

    function _read(bytes32 slot) internal returns (bool found) {
        (bytes32[] memory reads,) = vm.accesses(address(vat));
        for (uint256 i = 0; i < reads.length; i++) {
            if (reads[i] == slot) found = true;
        }
    }

    function test_move_readsCanEvenWhenTheOwnerMoves() public {
        vm.prank(alice);
        vat.hope(bob);
        assertEq(uint256(vm.load(address(vat), _canSlot(alice, bob))), 1, "can slot");
        vat.suck(address(this), alice, 10 * RAD);
        vm.record();
        vm.prank(alice);
        vat.move(alice, bob, RAD);
        // mainnet's wish ORs both sides without short-circuit: the SLOAD is part of move's gas
        assertTrue(_read(_canSlot(alice, alice)), "can[src][src] read");
    }

    function test_flux_readsCanEvenWhenTheOwnerMoves() public {
        vm.record();
        vm.prank(alice);
        vat.flux(ILK, alice, bob, WAD);
        assertTrue(_read(_canSlot(alice, alice)), "can[src][src] read");
    }
}

/// @notice Vat unit tests: frob and fork.
contract VatFrobTest is VatTestBase {
    // --- frob ---

    function test_frob_locksCollateralAndDrawsDai() public {
        _openAlice(10 * WAD, 500 * WAD);
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 10 * WAD);
        assertEq(art, 500 * WAD);
        assertEq(vat.gem(ILK, alice), 90 * WAD);
        assertEq(vat.dai(alice), 500 * RAD);
        assertEq(vat.debt(), 500 * RAD);
        (uint256 Art,,,,) = vat.ilks(ILK);
        assertEq(Art, 500 * WAD);
    }

    function test_frob_debtScalesWithRate() public {
        vat.fold(ILK, bob, int256(RAY / 2)); // rate 1.5 (Art is 0: nobody credited)
        _openAlice(10 * WAD, 100 * WAD);
        assertEq(vat.dai(alice), 150 * RAD);
        assertEq(vat.debt(), 150 * RAD);
    }

    function test_frob_repaysAndFrees() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(alice);
        vat.frob(ILK, alice, alice, alice, -int256(10 * WAD), -int256(500 * WAD));
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink + art, 0);
        assertEq(vat.gem(ILK, alice), 100 * WAD);
        assertEq(vat.dai(alice), 0);
        assertEq(vat.debt(), 0);
    }

    function test_frob_repayReadsLineAndEveryConsentAsOnMainnet() public {
        _openAlice(10 * WAD, 100 * WAD);
        // `Line` is the Vat's slot 9
        assertEq(uint256(vm.load(address(vat), bytes32(uint256(9)))), vat.Line(), "Line slot");
        bytes32 canAliceAlice = keccak256(abi.encode(alice, keccak256(abi.encode(alice, uint256(1)))));
        vm.record();
        vm.prank(alice);
        vat.frob(ILK, alice, alice, alice, 0, -int256(50 * WAD));
        (bytes32[] memory reads,) = vm.accesses(address(vat));
        bool line;
        bool can;
        for (uint256 i = 0; i < reads.length; i++) {
            if (reads[i] == bytes32(uint256(9))) line = true;
            if (reads[i] == canAliceAlice) can = true;
        }
        // mainnet's either()/both() evaluate both sides: a repayment still reads Line and can
        assertTrue(line, "Line read");
        assertTrue(can, "can read");
    }

    function test_frob_revertsWhenNotLive() public {
        vat.cage();
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-live"));
        vat.frob(ILK, alice, alice, alice, 1, 0);
    }

    function test_frob_revertsWhenIlkNotInit() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/ilk-not-init"));
        vat.frob("NOPE", alice, alice, alice, 0, 0);
    }

    function test_frob_revertsWhenIlkCeilingExceeded() public {
        vat.file(ILK, "line", 100 * RAD);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/ceiling-exceeded"));
        vat.frob(ILK, alice, alice, alice, int256(10 * WAD), int256(100 * WAD + 1));
    }

    function test_frob_allowsDrawingExactlyToCeiling() public {
        vat.file(ILK, "line", 100 * RAD);
        vat.file("Line", 100 * RAD);
        _openAlice(10 * WAD, 100 * WAD);
        assertEq(vat.debt(), 100 * RAD);
    }

    function test_frob_revertsWhenGlobalCeilingExceeded() public {
        vat.file("Line", 100 * RAD);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/ceiling-exceeded"));
        vat.frob(ILK, alice, alice, alice, int256(10 * WAD), int256(100 * WAD + 1));
    }

    function test_frob_repayAllowedAboveCeiling() public {
        _openAlice(10 * WAD, 500 * WAD);
        vat.file(ILK, "line", 0);
        vm.prank(alice);
        vat.frob(ILK, alice, alice, alice, 0, -int256(100 * WAD));
        (, uint256 art) = _urn(alice);
        assertEq(art, 400 * WAD);
    }

    function test_frob_revertsWhenNotSafe() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-safe"));
        vat.frob(ILK, alice, alice, alice, int256(10 * WAD), int256(1000 * WAD + 1));
    }

    function test_frob_revertsWhenFreeingMakesUnsafe() public {
        _openAlice(10 * WAD, 1000 * WAD);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-safe"));
        vat.frob(ILK, alice, alice, alice, -1, 0);
    }

    function test_frob_ceilingCheckedBeforeSafety() public {
        vat.file(ILK, "line", 10 * RAD);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/ceiling-exceeded"));
        vat.frob(ILK, alice, alice, alice, 0, int256(50 * WAD)); // unsafe too (no ink)
    }

    function test_frob_unsafeVaultMayRepayAndAddCollateral() public {
        _openAlice(10 * WAD, 1000 * WAD);
        vat.file(ILK, "spot", 50 * RAY); // now unsafe
        vm.prank(alice);
        vat.frob(ILK, alice, alice, alice, int256(1 * WAD), -int256(100 * WAD));
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 11 * WAD);
        assertEq(art, 900 * WAD);
    }

    function test_frob_revertsWhenNotAllowedU() public {
        vat.slip(ILK, bob, int256(10 * WAD));
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-allowed-u"));
        vat.frob(ILK, alice, bob, bob, int256(10 * WAD), int256(100 * WAD));
    }

    function test_frob_revertsWhenStrangerFreesCollateral() public {
        // freeing ink makes the vault riskier even when debt is untouched: the owner must consent
        _openAlice(10 * WAD, 100 * WAD);
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-allowed-u"));
        vat.frob(ILK, alice, bob, bob, -int256(1 * WAD), 0);
    }

    function test_frob_safetyCheckedBeforeConsent() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-safe"));
        vat.frob(ILK, alice, alice, bob, 0, int256(100 * WAD));
    }

    function test_frob_anyoneMayMakeAVaultSafer() public {
        _openAlice(10 * WAD, 500 * WAD);
        vat.slip(ILK, bob, int256(5 * WAD));
        vm.prank(bob);
        vat.frob(ILK, alice, bob, bob, int256(5 * WAD), 0);
        (uint256 ink,) = _urn(alice);
        assertEq(ink, 15 * WAD);
        assertEq(vat.gem(ILK, bob), 0);
    }

    function test_frob_revertsWhenNotAllowedV() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-allowed-v"));
        vat.frob(ILK, bob, alice, bob, int256(1 * WAD), 0);
    }

    function test_frob_revertsWhenNotAllowedW() public {
        _openAlice(10 * WAD, 500 * WAD);
        vat.suck(address(this), bob, 100 * RAD);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-allowed-w"));
        vat.frob(ILK, alice, alice, bob, 0, -int256(100 * WAD));
    }

    function test_frob_consentViaHope() public {
        vm.prank(alice);
        vat.hope(bob);
        vm.prank(bob);
        vat.frob(ILK, alice, alice, bob, int256(10 * WAD), int256(100 * WAD));
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 10 * WAD);
        assertEq(art, 100 * WAD);
        assertEq(vat.dai(bob), 100 * RAD);
    }

    function test_frob_revertsWhenDust() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/dust"));
        vat.frob(ILK, alice, alice, alice, int256(10 * WAD), int256(20 * WAD - 1));
    }

    function test_frob_dustAllowsExactlyDust() public {
        _openAlice(10 * WAD, 20 * WAD);
        (, uint256 art) = _urn(alice);
        assertEq(art, 20 * WAD);
    }

    function test_frob_dustAllowsZeroDebt() public {
        _openAlice(10 * WAD, 0);
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 10 * WAD);
        assertEq(art, 0);
    }

    function test_frob_revertsWhenPartialRepayLeavesDust() public {
        _openAlice(10 * WAD, 100 * WAD);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/dust"));
        vat.frob(ILK, alice, alice, alice, 0, -int256(90 * WAD));
    }

    function test_frob_revertsWhenGemTooLow() public {
        vm.prank(alice);
        vm.expectRevert(stdError.arithmeticError);
        vat.frob(ILK, alice, alice, alice, int256(100 * WAD + 1), 0);
    }

    // --- fork ---

    function test_fork_splitsVault() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(bob);
        vat.hope(alice);
        vm.prank(alice);
        vat.fork(ILK, alice, bob, int256(4 * WAD), int256(200 * WAD));
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 6 * WAD);
        assertEq(art, 300 * WAD);
        (ink, art) = _urn(bob);
        assertEq(ink, 4 * WAD);
        assertEq(art, 200 * WAD);
    }

    function test_fork_revertsWhenNotAllowed() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-allowed"));
        vat.fork(ILK, alice, bob, int256(4 * WAD), int256(200 * WAD));
    }

    function test_fork_revertsWhenSrcNotSafe() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(bob);
        vat.hope(alice);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-safe-src"));
        vat.fork(ILK, alice, bob, int256(8 * WAD), int256(100 * WAD));
    }

    function test_fork_revertsWhenDstNotSafe() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(bob);
        vat.hope(alice);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-safe-dst"));
        vat.fork(ILK, alice, bob, int256(1 * WAD), int256(200 * WAD));
    }

    function test_fork_revertsWhenSrcDusty() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(bob);
        vat.hope(alice);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/dust-src"));
        vat.fork(ILK, alice, bob, int256(5 * WAD), int256(490 * WAD));
    }

    function test_fork_revertsWhenDstDusty() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(bob);
        vat.hope(alice);
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/dust-dst"));
        vat.fork(ILK, alice, bob, int256(5 * WAD), int256(10 * WAD));
    }
}

/// @notice Vat unit tests: grab, suck, heal, fold.
contract VatSettlementTest is VatTestBase {
    // --- grab ---

    function test_grab_seizesCollateralAndDebt() public {
        _openAlice(10 * WAD, 500 * WAD);
        vat.grab(ILK, alice, bob, address(this), -int256(4 * WAD), -int256(200 * WAD));
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 6 * WAD);
        assertEq(art, 300 * WAD);
        assertEq(vat.gem(ILK, bob), 4 * WAD);
        assertEq(vat.sin(address(this)), 200 * RAD);
        assertEq(vat.vice(), 200 * RAD);
        (uint256 Art,,,,) = vat.ilks(ILK);
        assertEq(Art, 300 * WAD);
        assertEq(vat.debt(), 500 * RAD); // the dai drawn is still out
    }

    function test_grab_revertsWhenNotAuthorized() public {
        _openAlice(10 * WAD, 500 * WAD);
        vm.prank(bob);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.grab(ILK, alice, bob, bob, -1, -1);
    }

    // --- suck / heal ---

    function test_suck_printsUnbackedDai() public {
        vat.suck(bob, alice, 7 * RAD);
        assertEq(vat.sin(bob), 7 * RAD);
        assertEq(vat.dai(alice), 7 * RAD);
        assertEq(vat.vice(), 7 * RAD);
        assertEq(vat.debt(), 7 * RAD);
    }

    function test_suck_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.suck(alice, alice, 1);
    }

    function test_heal_cancelsSinAgainstDai() public {
        vat.suck(alice, alice, 7 * RAD);
        vm.prank(alice);
        vat.heal(3 * RAD);
        assertEq(vat.sin(alice), 4 * RAD);
        assertEq(vat.dai(alice), 4 * RAD);
        assertEq(vat.vice(), 4 * RAD);
        assertEq(vat.debt(), 4 * RAD);
    }

    function test_heal_revertsWithoutEnoughSin() public {
        vat.suck(bob, alice, 7 * RAD);
        vm.prank(alice);
        vm.expectRevert(stdError.arithmeticError);
        vat.heal(1);
    }

    function test_heal_revertsWithoutEnoughDai() public {
        vat.suck(alice, bob, 7 * RAD);
        vm.prank(alice);
        vm.expectRevert(stdError.arithmeticError);
        vat.heal(1);
    }

    // --- fold ---

    function test_fold_raisesRateAndCreditsFees() public {
        _openAlice(10 * WAD, 500 * WAD);
        vat.fold(ILK, bob, int256(RAY / 10)); // +10%
        (, uint256 rate,,,) = vat.ilks(ILK);
        assertEq(rate, RAY + RAY / 10);
        assertEq(vat.dai(bob), 50 * RAD);
        assertEq(vat.debt(), 550 * RAD);
    }

    function test_fold_negativeRateDebitsU() public {
        _openAlice(10 * WAD, 500 * WAD);
        vat.fold(ILK, bob, int256(RAY / 10));
        vat.fold(ILK, bob, -int256(RAY / 20));
        (, uint256 rate,,,) = vat.ilks(ILK);
        assertEq(rate, RAY + RAY / 20);
        assertEq(vat.dai(bob), 25 * RAD);
        assertEq(vat.debt(), 525 * RAD);
    }

    function test_fold_revertsWhenNotLive() public {
        vat.cage();
        vm.expectRevert(bytes("Vat/not-live"));
        vat.fold(ILK, bob, 1);
    }

    function test_fold_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Vat/not-authorized"));
        vat.fold(ILK, alice, 1);
    }
}
