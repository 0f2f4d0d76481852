// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice Fuzz tests of the Vat: a frob succeeds iff the ceiling, safety, consent and dust rules
///         hold (the expected outcome is computed here from the spec, independently of the Vat's
///         code), and move/flux follow hope/nope/wish.
contract VatFuzzTest is Test {
    bytes32 internal constant ILK = "ETH-A";
    uint256 internal constant GEM = 10_000 * WAD; // free gem of every actor
    uint256 internal constant DAI = 1_000_000 * RAD; // internal dai of every actor

    Vat internal vat;
    address[3] internal actors;

    function setUp() public {
        vat = new Vat();
        vat.init(ILK);
        actors = [makeAddr("alice"), makeAddr("bob"), makeAddr("carol")];
        for (uint256 i = 0; i < 3; i++) {
            vat.slip(ILK, actors[i], int256(GEM));
            vat.suck(address(this), actors[i], DAI);
        }
    }

    function _reason(string memory r) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("Error(string)", r);
    }

    function _wish(address bit, address usr) internal view returns (bool) {
        return bit == usr || vat.can(bit, usr) == 1;
    }

    /// @dev Each of the 6 ordered pairs (i != j) of actors: bit k set => actors[i] hopes actors[j]
    function _applyHopes(uint8 hopes) internal {
        uint256 k;
        for (uint256 i = 0; i < 3; i++) {
            for (uint256 j = 0; j < 3; j++) {
                if (i == j) continue;
                if ((hopes >> k) & 1 == 1) {
                    vm.prank(actors[i]);
                    vat.hope(actors[j]);
                }
                k++;
            }
        }
    }

    // --- frob ---

    struct FrobCase {
        address u;
        address v;
        address w;
        address sender;
        int256 dink;
        int256 dart;
    }

    struct Expect {
        bool ceiling;
        bool safe;
        bool consentU;
        bool consentV;
        bool consentW;
        bool dust;
    }

    /// @dev alice's vault before the fuzzed frob: `ink0` locked, `art0` drawn, at rate `rate`
    function _openAlice(uint256 rate, uint256 ink0, uint256 art0) internal {
        vat.fold(ILK, address(this), int256(rate - RAY)); // Art is 0: only the rate moves
        vat.file("Line", type(uint256).max);
        vat.file(ILK, "line", type(uint256).max);
        vat.file(ILK, "spot", 1_000_000 * RAY);
        vm.prank(actors[0]);
        vat.frob(ILK, actors[0], actors[0], actors[0], int256(ink0), int256(art0));
    }

    struct Limits {
        uint256 spot; // [ray]
        uint256 dust; // [rad]
        uint256 line; // [rad]
        uint256 Line; // [rad]
    }

    /// @dev Balances and vault of the frob's parties before it
    struct Before {
        uint256 ink;
        uint256 art;
        uint256 gemV;
        uint256 daiW;
        uint256 debt;
        uint256 rate;
    }

    function _expect(FrobCase memory c, Limits memory lim) internal view returns (Expect memory e) {
        (uint256 Art, uint256 rate,,,) = vat.ilks(ILK);
        (uint256 ink, uint256 art) = vat.urns(ILK, c.u);
        uint256 newInk = uint256(int256(ink) + c.dink);
        uint256 newArt = uint256(int256(art) + c.dart);
        uint256 newArtTotal = uint256(int256(Art) + c.dart);
        uint256 newDebt = uint256(int256(vat.debt()) + c.dart * int256(rate));
        uint256 tab = newArt * rate;
        bool nonRiskier = c.dart <= 0 && c.dink >= 0;

        e.ceiling = c.dart <= 0 || (newArtTotal * rate <= lim.line && newDebt <= lim.Line);
        e.safe = nonRiskier || tab <= newInk * lim.spot;
        e.consentU = nonRiskier || _wish(c.u, c.sender);
        e.consentV = c.dink <= 0 || _wish(c.v, c.sender);
        e.consentW = c.dart >= 0 || _wish(c.w, c.sender);
        e.dust = newArt == 0 || tab >= lim.dust;
    }

    function _firstBroken(Expect memory e) internal pure returns (string memory) {
        if (!e.ceiling) return "Vat/ceiling-exceeded";
        if (!e.safe) return "Vat/not-safe";
        if (!e.consentU) return "Vat/not-allowed-u";
        if (!e.consentV) return "Vat/not-allowed-v";
        if (!e.consentW) return "Vat/not-allowed-w";
        if (!e.dust) return "Vat/dust";
        return "";
    }

    /// @dev Open alice's vault, then set the fuzzed limits and permissions
    function _setUpFrob(
        uint256 rate,
        uint256 ink0,
        uint256 art0,
        uint256[4] memory limits,
        uint8 hopes
    ) internal returns (Limits memory lim) {
        rate = bound(rate, RAY, 3 * RAY);
        ink0 = bound(ink0, 0, 1000 * WAD);
        art0 = bound(art0, 0, ink0 * 100);
        _openAlice(rate, ink0, art0);

        // each limit binds in part of the runs only, so that every rule gets both outcomes
        lim.spot = bound(limits[0], 0, 200 * RAY);
        lim.dust = bound(limits[1], 0, limits[1] % 2 == 0 ? 1000 * RAD : 100_000 * RAD);
        lim.line = limits[2] % 4 == 0 ? bound(limits[2], 0, 300_000 * RAD) : type(uint256).max;
        // vat.debt() includes the dai sucked in setUp
        lim.Line = limits[3] % 4 == 0
            ? bound(limits[3], vat.debt() / 2, vat.debt() + 300_000 * RAD)
            : type(uint256).max;
        vat.file(ILK, "spot", lim.spot);
        vat.file(ILK, "dust", lim.dust);
        vat.file(ILK, "line", lim.line);
        vat.file("Line", lim.Line);
        _applyHopes(hopes);
    }

    /// @dev u, v, w and sender from `who` (2 bits each, mod 3); dink and dart keep ink, art >= 0
    function _pickCase(uint8 who, int256 dink, int256 dart) internal view returns (FrobCase memory c) {
        c.u = actors[(who & 3) % 3];
        c.v = actors[((who >> 2) & 3) % 3];
        c.w = actors[((who >> 4) & 3) % 3];
        c.sender = actors[((who >> 6) & 3) % 3];
        (uint256 ink, uint256 art) = vat.urns(ILK, c.u);
        c.dink = bound(dink, -int256(ink), int256(1000 * WAD));
        c.dart = bound(dart, -int256(art), int256(20_000 * WAD));
    }

    function _snapshot(FrobCase memory c) internal view returns (Before memory b) {
        (b.ink, b.art) = vat.urns(ILK, c.u);
        b.gemV = vat.gem(ILK, c.v);
        b.daiW = vat.dai(c.w);
        b.debt = vat.debt();
        (, b.rate,,,) = vat.ilks(ILK);
    }

    /// @notice frob(u, v, w, dink, dart) by `sender` succeeds iff ceiling, safe, consent (u, v, w)
    ///         and dust hold, and otherwise reverts with the first broken rule in mainnet order.
    ///         On success ink/art/gem/dai/debt move by exactly dink and dart * rate.
    function test_fuzz_frob_succeedsIffRulesHold(
        uint256 rate,
        uint256 ink0,
        uint256 art0,
        uint256[4] memory limits, // spot, dust, line, Line
        uint8 who, // u, v, w, sender: 2 bits each, mod 3
        uint8 hopes,
        int256 dink,
        int256 dart
    ) public {
        Limits memory lim = _setUpFrob(rate, ink0, art0, limits, hopes);
        FrobCase memory c = _pickCase(who, dink, dart);
        string memory broken = _firstBroken(_expect(c, lim));
        Before memory b = _snapshot(c);

        vm.prank(c.sender);
        (bool ok, bytes memory ret) =
            address(vat).call(abi.encodeCall(vat.frob, (ILK, c.u, c.v, c.w, c.dink, c.dart)));

        assertEq(ok, bytes(broken).length == 0, "frob outcome");
        if (!ok) {
            assertEq(ret, _reason(broken));
            return;
        }
        (uint256 newInk, uint256 newArt) = vat.urns(ILK, c.u);
        assertEq(int256(newInk), int256(b.ink) + c.dink);
        assertEq(int256(newArt), int256(b.art) + c.dart);
        assertEq(int256(vat.gem(ILK, c.v)), int256(b.gemV) - c.dink);
        assertEq(int256(vat.dai(c.w)), int256(b.daiW) + c.dart * int256(b.rate));
        assertEq(int256(vat.debt()), int256(b.debt) + c.dart * int256(b.rate));
    }

    /// @notice Nobody but the owner or a hoped address can draw from a vault, whatever the
    ///         collateral: consent is required exactly when the vault becomes riskier
    function test_fuzz_frob_strangerCannotMakeVaultRiskier(int256 dink, int256 dart) public {
        _openAlice(RAY, 100 * WAD, 1000 * WAD);
        vat.file(ILK, "spot", 100 * RAY);
        dink = bound(dink, -int256(100 * WAD), int256(100 * WAD));
        dart = bound(dart, -int256(1000 * WAD), int256(1000 * WAD));
        address alice = actors[0];
        address bob = actors[1];
        vm.prank(bob);
        (bool ok,) = address(vat).call(abi.encodeCall(vat.frob, (ILK, alice, bob, bob, dink, dart)));
        if (!(dart <= 0 && dink >= 0)) assertFalse(ok);
        (uint256 ink, uint256 art) = vat.urns(ILK, alice);
        assertTrue(ok || (ink == 100 * WAD && art == 1000 * WAD));
        assertLe(art * RAY, ink * 100 * RAY); // the vault is still safe
    }

    // --- move / flux permissions ---

    /// @notice move(src, dst, rad) by `sender` passes iff src == sender or src hoped sender (and
    ///         has not noped since)
    function test_fuzz_move_requiresWish(uint8 who, bool hoped, bool noped, uint256 rad) public {
        address src = actors[(who & 3) % 3];
        address dst = actors[((who >> 2) & 3) % 3];
        address sender = actors[((who >> 4) & 3) % 3];
        rad = bound(rad, 0, DAI);
        vm.startPrank(src);
        if (hoped) vat.hope(sender);
        if (noped) vat.nope(sender);
        vm.stopPrank();
        bool expectOk = src == sender || (hoped && !noped);
        assertEq(vat.can(src, sender), hoped && !noped ? 1 : 0);

        uint256 srcBefore = vat.dai(src);
        uint256 dstBefore = vat.dai(dst);
        vm.prank(sender);
        (bool ok, bytes memory ret) = address(vat).call(abi.encodeCall(vat.move, (src, dst, rad)));

        assertEq(ok, expectOk, "move outcome");
        if (!ok) {
            assertEq(ret, _reason("Vat/not-allowed"));
            assertEq(vat.dai(src), srcBefore);
        } else if (src != dst) {
            assertEq(vat.dai(src), srcBefore - rad);
            assertEq(vat.dai(dst), dstBefore + rad);
        } else {
            assertEq(vat.dai(src), srcBefore);
        }
    }

    /// @notice flux(ilk, src, dst, wad) by `sender` follows the same rule as move
    function test_fuzz_flux_requiresWish(uint8 who, bool hoped, bool noped, uint256 wad) public {
        address src = actors[(who & 3) % 3];
        address dst = actors[((who >> 2) & 3) % 3];
        address sender = actors[((who >> 4) & 3) % 3];
        wad = bound(wad, 0, GEM);
        vm.startPrank(src);
        if (hoped) vat.hope(sender);
        if (noped) vat.nope(sender);
        vm.stopPrank();
        bool expectOk = src == sender || (hoped && !noped);

        uint256 srcBefore = vat.gem(ILK, src);
        uint256 dstBefore = vat.gem(ILK, dst);
        vm.prank(sender);
        (bool ok, bytes memory ret) = address(vat).call(abi.encodeCall(vat.flux, (ILK, src, dst, wad)));

        assertEq(ok, expectOk, "flux outcome");
        if (!ok) {
            assertEq(ret, _reason("Vat/not-allowed"));
            assertEq(vat.gem(ILK, src), srcBefore);
        } else if (src != dst) {
            assertEq(vat.gem(ILK, src), srcBefore - wad);
            assertEq(vat.gem(ILK, dst), dstBefore + wad);
        } else {
            assertEq(vat.gem(ILK, src), srcBefore);
        }
    }

    /// @notice A permission granted by hope is per (bit, usr) pair: it never lets usr move a third
    ///         party's balance
    function test_fuzz_hope_isPerPair(uint8 hopes, uint256 rad) public {
        _applyHopes(hopes);
        rad = bound(rad, 1, DAI);
        address alice = actors[0];
        address bob = actors[1];
        address carol = actors[2];
        vm.prank(carol);
        (bool ok,) = address(vat).call(abi.encodeCall(vat.move, (alice, bob, rad)));
        assertEq(ok, vat.can(alice, carol) == 1);
        assertEq(vat.can(alice, carol), (hopes >> 1) & 1); // pair (alice, carol) is bit 1
    }
}
