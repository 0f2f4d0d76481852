// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";

/// @notice Fuzz tests of the ETH-A Flipper: the beg rule on the dai bid in phase 1 (tend), the
///         bid == tab exception, and the phase-2 lot decrease (dent) returning collateral to the
///         vault owner. The test contract kicks auctions itself (it is ward).
contract FlipperFuzzTest is McdTestBase {
    uint256 internal constant ONE = 1e18;
    uint256 internal constant FUNDS = 10_000_000 * RAD;

    address internal usr = makeAddr("usr");
    address internal gal = makeAddr("gal");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public override {
        super.setUp();
        vat.hope(address(ethFlip));
        _fundBidder(alice, FUNDS);
        _fundBidder(bob, FUNDS);
    }

    function _kick(uint256 tab, uint256 lot) internal returns (uint256 id) {
        vat.slip(ETH_A, address(this), _int(lot));
        id = ethFlip.kick(usr, gal, tab, lot, 0);
    }

    function _reason(string memory r) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("Error(string)", r);
    }

    function _tryTend(
        address bidder,
        uint256 id,
        uint256 lot,
        uint256 bid
    ) internal returns (bool ok, bytes memory ret) {
        vm.prank(bidder);
        (ok, ret) = address(ethFlip).call(abi.encodeCall(ethFlip.tend, (id, lot, bid)));
    }

    function _tryDent(
        address bidder,
        uint256 id,
        uint256 lot,
        uint256 bid
    ) internal returns (bool ok, bytes memory ret) {
        vm.prank(bidder);
        (ok, ret) = address(ethFlip).call(abi.encodeCall(ethFlip.dent, (id, lot, bid)));
    }

    // --- tend ---

    /// @notice After a bid of oldBid, a tend of `bid` passes iff bid <= tab, bid > oldBid and
    ///         (bid * ONE >= beg * oldBid or bid == tab). On success the previous bidder gets its
    ///         bid back and gal has received exactly `bid`. Half the runs probe the beg boundary.
    function test_fuzz_tend_begOnBid(
        uint256 tabSeed,
        uint256 oldBidSeed,
        uint256 bidSeed,
        uint256 begSeed,
        bool nearBoundary
    ) public {
        uint256 tab;
        uint256 oldBid;
        uint256 bid;
        uint256 beg;
        if (nearBoundary) {
            // beg in basis points and oldBid a multiple of 1e4, so that the edge of the rule,
            // bid * ONE == beg * oldBid, is hit exactly: beg = g * 1e14, oldBid = 1e4 * t, bid = g * t
            uint256 g = bound(begSeed, 10_000, 20_000);
            beg = g * 1e14;
            uint256 t = bound(oldBidSeed, 1, 1e40);
            oldBid = 10_000 * t;
            tab = bound(tabSeed, oldBid + 1, 2 * g * t); // the tab may fall below the edge too
            bid = bound(bidSeed, g * t - 3, g * t + 3);
        } else {
            beg = bound(begSeed, ONE, 2 * ONE);
            tab = bound(tabSeed, 2, 1_000_000 * RAD);
            oldBid = bound(oldBidSeed, 1, tab - 1);
            bid = bound(bidSeed, 0, tab + tab / 10);
        }
        ethFlip.file("beg", beg);
        uint256 lot = 10 * WAD;
        uint256 id = _kick(tab, lot);
        _tendFlip(alice, id, oldBid);

        bool expectOk = bid <= tab && bid > oldBid && (bid * ONE >= beg * oldBid || bid == tab);
        (bool ok, bytes memory ret) = _tryTend(bob, id, lot, bid);

        assertEq(ok, expectOk, "tend outcome");
        FlipBid memory b = _flipBid(id);
        if (expectOk) {
            assertEq(b.bid, bid);
            assertEq(b.guy, bob);
            assertEq(vat.dai(alice), FUNDS);
            assertEq(vat.dai(bob), FUNDS - bid);
            assertEq(vat.dai(gal), bid);
        } else {
            string memory r = bid > tab
                ? "Flipper/higher-than-tab"
                : bid <= oldBid ? "Flipper/bid-not-higher" : "Flipper/insufficient-increase";
            assertEq(ret, _reason(r));
            assertEq(b.bid, oldBid);
            assertEq(b.guy, alice);
            assertEq(vat.dai(gal), oldBid);
        }
    }

    /// @notice Bidding exactly the tab always passes, however small the increase
    function test_fuzz_tend_bidEqualToTabAlwaysAllowed(uint256 tab, uint256 oldBid, uint256 beg) public {
        tab = bound(tab, 2, 1_000_000 * RAD);
        oldBid = bound(oldBid, 1, tab - 1);
        beg = bound(beg, ONE, 10 * ONE);
        ethFlip.file("beg", beg);
        uint256 id = _kick(tab, 10 * WAD);
        _tendFlip(alice, id, oldBid);
        (bool ok,) = _tryTend(bob, id, 10 * WAD, tab);
        assertTrue(ok);
        assertEq(_flipBid(id).bid, tab);
        assertEq(vat.dai(gal), tab);
    }

    /// @notice A first bid passes for any amount in (0, tab]: beg * 0 == 0 (the zero-bid mechanism)
    function test_fuzz_tend_anyPositiveFirstBidPasses(uint256 tab, uint256 bid) public {
        tab = bound(tab, 1, 1_000_000 * RAD);
        bid = bound(bid, 1, tab);
        uint256 id = _kick(tab, 10 * WAD);
        (bool ok,) = _tryTend(alice, id, 10 * WAD, bid);
        assertTrue(ok);
        assertEq(_flipBid(id).bid, bid);
        assertEq(_flipBid(id).guy, alice);
    }

    // --- dent ---

    /// @notice In phase 2 a lot passes iff lot < oldLot and beg * lot <= oldLot * ONE; the
    ///         collateral given up goes to `usr`, the previous bidder is repaid the full tab
    function test_fuzz_dent_lotDecreaseReturnsCollateralToUsr(
        uint256 oldLotSeed,
        uint256 lotSeed,
        uint256 begSeed,
        bool nearBoundary
    ) public {
        uint256 oldLot;
        uint256 lot;
        uint256 beg;
        if (nearBoundary) {
            // the exact edge beg * lot == oldLot * ONE is reachable: beg = g * 1e14, oldLot = g * t
            uint256 g = bound(begSeed, 10_000, 20_000);
            beg = g * 1e14;
            uint256 t = bound(oldLotSeed, 1, 1e25);
            oldLot = g * t;
            lot = bound(lotSeed, 10_000 * t - 3, 10_000 * t + 3);
        } else {
            beg = bound(begSeed, ONE, 2 * ONE);
            oldLot = bound(oldLotSeed, 1, 1e30);
            lot = bound(lotSeed, 0, oldLot + oldLot / 5);
        }
        ethFlip.file("beg", beg);
        uint256 tab = 1000 * RAD;
        uint256 id = _kick(tab, oldLot);
        _tendFlip(alice, id, tab);

        bool expectOk = lot < oldLot && beg * lot <= oldLot * ONE;
        (bool ok, bytes memory ret) = _tryDent(bob, id, lot, tab);

        assertEq(ok, expectOk, "dent outcome");
        FlipBid memory b = _flipBid(id);
        if (expectOk) {
            assertEq(b.lot, lot);
            assertEq(b.guy, bob);
            assertEq(vat.gem(ETH_A, usr), oldLot - lot);
            assertEq(vat.gem(ETH_A, address(ethFlip)), lot);
            assertEq(vat.dai(alice), FUNDS);
            assertEq(vat.dai(bob), FUNDS - tab);
        } else {
            assertEq(ret, _reason(lot >= oldLot ? "Flipper/lot-not-lower" : "Flipper/insufficient-decrease"));
            assertEq(b.lot, oldLot);
            assertEq(vat.gem(ETH_A, usr), 0);
        }
    }

    /// @notice dent is refused while the bid is under the tab (phase 1), whatever the lot
    function test_fuzz_dent_refusedBeforeBidReachesTab(uint256 bid, uint256 lot) public {
        uint256 tab = 1000 * RAD;
        bid = bound(bid, 1, tab - 1);
        lot = bound(lot, 0, 10 * WAD);
        uint256 id = _kick(tab, 10 * WAD);
        _tendFlip(alice, id, bid);
        (bool ok, bytes memory ret) = _tryDent(bob, id, lot, bid);
        assertFalse(ok);
        assertEq(ret, _reason("Flipper/tend-not-finished"));
    }
}
