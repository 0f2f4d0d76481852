// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {Cat} from "test/mcd/Cat.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice Unit tests of the Cat (liquidations) on the deployed local MCD, post-spell parameters
///         (chop 13%, lump 500 ETH). Alice's vault: 10 ETH, 1,200 DAI, bitable once ETH < 180.
contract CatTest is McdTestBase {
    uint256 internal constant INK = 10 * WAD;
    uint256 internal constant ART = 1200 * WAD;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event Bite(
        bytes32 indexed ilk,
        address indexed urn,
        uint256 ink,
        uint256 art,
        uint256 tab,
        address flip,
        uint256 id
    );

    function setUp() public override {
        super.setUp();
        _openVault(alice, INK, ART);
    }

    function _makeAliceUnsafe() internal {
        _setPriceAndRollOsm(150 * WAD); // 10 ETH * 150 / 1.5 = 1,000 DAI < 1,200
        assertTrue(_isUnsafe(alice));
    }

    // --- constructor, params, auth ---

    function test_constructor_setsFields() public {
        Cat fresh = Cat(vm.deployCode("test/mcd/Cat.sol:Cat", abi.encode(address(vat))));
        assertEq(fresh.wards(address(this)), 1);
        assertEq(address(fresh.vat()), address(vat));
        assertEq(fresh.live(), 1);
        assertEq(address(fresh.vow()), address(0));
    }

    function test_deployment_hasPostSpellParams() public view {
        (address flip, uint256 chop, uint256 lump) = cat.ilks(ETH_A);
        assertEq(flip, address(ethFlip));
        assertEq(chop, 1.13e27);
        assertEq(lump, 500 * WAD);
        assertEq(address(cat.vow()), address(vow));
        assertEq(vat.can(address(cat), address(ethFlip)), 1);
    }

    function test_rely_grantsAuth() public {
        cat.rely(bob);
        assertEq(cat.wards(bob), 1);
        vm.prank(bob);
        cat.file(ETH_A, "lump", 1);
        (,, uint256 lump) = cat.ilks(ETH_A);
        assertEq(lump, 1);
    }

    function test_deny_revokesAuth() public {
        cat.rely(bob);
        cat.deny(bob);
        assertEq(cat.wards(bob), 0);
        vm.prank(bob);
        vm.expectRevert(bytes("Cat/not-authorized"));
        cat.file(ETH_A, "lump", 1);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Cat/not-authorized"));
        cat.rely(bob);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Cat/not-authorized"));
        cat.deny(address(this));
    }

    function test_file_setsVow() public {
        cat.file("vow", bob);
        assertEq(address(cat.vow()), bob);
    }

    function test_fileAddress_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Cat/file-unrecognized-param"));
        cat.file("flip", bob);
    }

    function test_file_setsChopAndLump() public {
        cat.file(ETH_A, "chop", 1.1e27);
        cat.file(ETH_A, "lump", 50 * WAD);
        (, uint256 chop, uint256 lump) = cat.ilks(ETH_A);
        assertEq(chop, 1.1e27);
        assertEq(lump, 50 * WAD);
    }

    function test_fileIlkUint_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Cat/file-unrecognized-param"));
        cat.file(ETH_A, "flip", 1);
    }

    function test_file_setsFlipAndMovesHope() public {
        cat.file(ETH_A, "flip", bob);
        (address flip,,) = cat.ilks(ETH_A);
        assertEq(flip, bob);
        assertEq(vat.can(address(cat), bob), 1);
        assertEq(vat.can(address(cat), address(ethFlip)), 0);
    }

    function test_fileIlkAddress_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Cat/file-unrecognized-param"));
        cat.file(ETH_A, "vow", bob);
    }

    function test_file_revertsWhenNotAuthorized() public {
        vm.startPrank(bob);
        vm.expectRevert(bytes("Cat/not-authorized"));
        cat.file("vow", bob);
        vm.expectRevert(bytes("Cat/not-authorized"));
        cat.file(ETH_A, "chop", 1);
        vm.expectRevert(bytes("Cat/not-authorized"));
        cat.file(ETH_A, "flip", bob);
        vm.stopPrank();
    }

    // --- bite ---

    function test_bite_seizesWholeVaultUnderLump() public {
        _makeAliceUnsafe();
        uint256 t = block.timestamp;
        vm.prank(bob); // anyone may bite
        uint256 id = cat.bite(ETH_A, alice);
        assertEq(id, 1);
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 0);
        assertEq(art, 0);
        // debt queued in the Vow
        assertEq(vat.sin(address(vow)), 1200 * RAD);
        assertEq(vow.sin(t), 1200 * RAD);
        assertEq(vow.Sin(), 1200 * RAD);
        // collateral moved to the Flipper, auction started
        assertEq(vat.gem(ETH_A, address(ethFlip)), INK);
        FlipBid memory b = _flipBid(id);
        assertEq(b.bid, 0);
        assertEq(b.lot, INK);
        assertEq(b.guy, address(cat));
        assertEq(b.usr, alice);
        assertEq(b.gal, address(vow));
        assertEq(b.tab, 1356 * RAD); // 1,200 * 1.13
        assertEq(b.tic, 0);
        assertEq(b.end, t + 6 hours);
    }

    function test_bite_emitsBite() public {
        _makeAliceUnsafe();
        vm.expectEmit(true, true, false, true, address(cat));
        emit Bite(ETH_A, alice, INK, ART, 1200 * RAD, address(ethFlip), 1);
        cat.bite(ETH_A, alice);
    }

    function test_bite_takesAtMostLump() public {
        cat.file(ETH_A, "lump", 4 * WAD);
        _makeAliceUnsafe();
        uint256 id = cat.bite(ETH_A, alice);
        (uint256 ink, uint256 art) = _urn(alice);
        assertEq(ink, 6 * WAD);
        assertEq(art, 720 * WAD); // art scaled by lot / ink
        FlipBid memory b = _flipBid(id);
        assertEq(b.lot, 4 * WAD);
        assertEq(b.tab, 480 * RAD * 113 / 100);
        assertEq(vow.Sin(), 480 * RAD);
        // still unsafe: a second bite starts a second auction
        assertEq(cat.bite(ETH_A, alice), 2);
    }

    function test_bite_debtIncludesAccruedRate() public {
        vm.warp(block.timestamp + 365 days);
        jug.drip(ETH_A);
        uint256 rate = _rate();
        assertGt(rate, RAY);
        _makeAliceUnsafe();
        uint256 id = cat.bite(ETH_A, alice);
        assertEq(vow.Sin(), ART * rate);
        assertEq(_flipBid(id).tab, ART * rate * 1.13e27 / RAY);
    }

    function test_bite_revertsWhenSafe() public {
        vm.expectRevert(bytes("Cat/not-unsafe"));
        cat.bite(ETH_A, alice);
    }

    function test_bite_revertsAtExactlySafe() public {
        // 10 ETH * 180 / 1.5 = 1,200 DAI: ink * spot == art * rate is safe
        _setPriceAndRollOsm(180 * WAD);
        vm.expectRevert(bytes("Cat/not-unsafe"));
        cat.bite(ETH_A, alice);
    }

    function test_bite_revertsWhenSpotIsZero() public {
        _makeAliceUnsafe();
        pip.void();
        spotter.poke(ETH_A);
        assertEq(_spot(), 0);
        vm.expectRevert(bytes("Cat/not-unsafe"));
        cat.bite(ETH_A, alice);
    }

    function test_bite_revertsForEmptyVault() public {
        _makeAliceUnsafe();
        vm.expectRevert(bytes("Cat/not-unsafe"));
        cat.bite(ETH_A, bob);
    }

    function test_bite_revertsWhenNotLive() public {
        _makeAliceUnsafe();
        cat.cage();
        vm.expectRevert(bytes("Cat/not-live"));
        cat.bite(ETH_A, alice);
    }

    function test_bite_revertsOnOverflow() public {
        // Only reachable with absurd numbers: ink > 2**255 with a tiny spot and a huge rate, so that
        // the safety products do not overflow first. A fresh Vat keeps the arithmetic clear.
        Vat v = Vat(vm.deployCode("test/mcd/Vat.sol:Vat"));
        Cat c = Cat(vm.deployCode("test/mcd/Cat.sol:Cat", abi.encode(address(v))));
        bytes32 big = "BIG-A";
        v.init(big);
        v.fold(big, bob, -int256(RAY - 1)); // rate = 1 (Art is 0)
        v.file("Line", type(uint256).max);
        v.file(big, "line", type(uint256).max);
        v.file(big, "spot", 1);
        v.slip(big, alice, type(int256).max);
        v.slip(big, alice, 2);
        vm.startPrank(alice);
        v.frob(big, alice, alice, alice, type(int256).max, 1);
        v.frob(big, alice, alice, alice, 2, 0); // ink = 2**255 + 1, art = 1
        vm.stopPrank();
        v.fold(big, bob, type(int256).max);
        v.fold(big, bob, 3); // rate = 2**255 + 2 > ink * spot: unsafe
        c.file(big, "lump", type(uint256).max);
        vm.expectRevert(bytes("Cat/overflow"));
        c.bite(big, alice);
    }

    // --- cage ---

    function test_cage_setsLiveZero() public {
        cat.cage();
        assertEq(cat.live(), 0);
    }

    function test_cage_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Cat/not-authorized"));
        cat.cage();
    }
}
