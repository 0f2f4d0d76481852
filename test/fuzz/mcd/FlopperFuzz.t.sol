// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SUMP} from "test/helpers/March2020.sol";
import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {WAD} from "test/helpers/Units.sol";

/// @notice Fuzz tests of the March 2020 Flopper: the beg rule of dent, the tic/end windows, tick
///         and deal. Each test computes the expected outcome from the spec and compares it with
///         what the contract did (success, revert reason, resulting auction state).
contract FlopperFuzzTest is McdTestBase {
    uint256 internal constant ONE = 1e18;

    address internal gal = makeAddr("gal");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public override {
        super.setUp();
        _fundBidder(alice, 2 * SUMP);
        _fundBidder(bob, 2 * SUMP);
    }

    function _tryDent(
        address bidder,
        uint256 id,
        uint256 lot,
        uint256 bid
    ) internal returns (bool ok, bytes memory ret) {
        vm.prank(bidder);
        (ok, ret) = address(flop).call(abi.encodeCall(flop.dent, (id, lot, bid)));
    }

    function _reason(string memory r) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("Error(string)", r);
    }

    // --- dent: beg ---

    /// @notice A lot passes iff lot < oldLot and beg * lot <= oldLot * ONE; the reason otherwise
    ///         names the first rule broken. Half the runs probe within a few wei of the boundary.
    function test_fuzz_dent_lotPassesIffLowerByBeg(
        uint256 oldLotSeed,
        uint256 lotSeed,
        uint256 begSeed,
        bool nearBoundary
    ) public {
        uint256 oldLot;
        uint256 lot;
        uint256 beg;
        if (nearBoundary) {
            // beg in basis points and oldLot a multiple of it, so that the edge of the rule,
            // beg * lot == oldLot * ONE, is hit exactly: beg = g * 1e14, oldLot = g * t, lot = 1e4 * t
            uint256 g = bound(begSeed, 10_000, 20_000);
            beg = g * 1e14;
            uint256 t = bound(oldLotSeed, 1, 1e28);
            oldLot = g * t;
            lot = bound(lotSeed, 10_000 * t - 3, 10_000 * t + 3);
        } else {
            beg = bound(begSeed, ONE, 2 * ONE);
            oldLot = bound(oldLotSeed, 1, 1e33);
            lot = bound(lotSeed, 0, oldLot + oldLot / 5);
        }
        flop.file("beg", beg);
        uint256 id = flop.kick(gal, oldLot, SUMP);

        bool expectOk = lot < oldLot && beg * lot <= oldLot * ONE;
        (bool ok, bytes memory ret) = _tryDent(alice, id, lot, SUMP);

        assertEq(ok, expectOk, "dent outcome");
        FlopBid memory b = _flopBid(id);
        if (expectOk) {
            assertEq(b.lot, lot);
            assertEq(b.guy, alice);
            assertEq(b.tic, block.timestamp + flop.ttl());
            assertEq(vat.dai(gal), SUMP);
        } else {
            assertEq(ret, _reason(lot >= oldLot ? "Flopper/lot-not-lower" : "Flopper/insufficient-decrease"));
            assertEq(b.lot, oldLot);
            assertEq(b.guy, gal);
            assertEq(vat.dai(gal), 0);
        }
    }

    /// @notice Any bid other than the auction's fixed bid is refused before the lot is looked at
    function test_fuzz_dent_bidMustMatch(uint256 bid, uint256 lot) public {
        uint256 id = flop.kick(gal, 250 * WAD, SUMP);
        bid = bound(bid, 0, 2 * SUMP);
        lot = bound(lot, 0, 300 * WAD);
        if (bid == SUMP) bid = SUMP + 1;
        (bool ok, bytes memory ret) = _tryDent(alice, id, lot, bid);
        assertFalse(ok);
        assertEq(ret, _reason("Flopper/not-matching-bid"));
    }

    // --- dent: tic / end windows ---

    /// @notice A first dent passes iff now < end; a second one iff now < tic and now < end, with
    ///         the tic check reported first
    function test_fuzz_dent_ticAndEndWindows(uint256 ttl, uint256 tau, uint256 dt1, uint256 dt2) public {
        ttl = bound(ttl, 1, 7 days);
        tau = bound(tau, 1, 7 days);
        flop.file("ttl", ttl);
        flop.file("tau", tau);
        uint256 t0 = block.timestamp;
        uint256 id = flop.kick(gal, 250 * WAD, SUMP);
        uint256 end = t0 + tau;

        dt1 = bound(dt1, 0, tau + 1 days);
        vm.warp(t0 + dt1);
        (bool ok, bytes memory ret) = _tryDent(alice, id, 200 * WAD, SUMP);
        assertEq(ok, t0 + dt1 < end, "first dent");
        if (!ok) {
            assertEq(ret, _reason("Flopper/already-finished-end"));
            return;
        }
        uint256 tic = t0 + dt1 + ttl;
        assertEq(_flopBid(id).tic, tic);
        assertEq(_flopBid(id).end, end);

        dt2 = bound(dt2, 0, ttl + tau + 1 days);
        uint256 t2 = t0 + dt1 + dt2;
        vm.warp(t2);
        (ok, ret) = _tryDent(bob, id, 190 * WAD, SUMP);
        assertEq(ok, t2 < tic && t2 < end, "second dent");
        if (ok) {
            assertEq(_flopBid(id).guy, bob);
            assertEq(vat.dai(alice), 2 * SUMP); // repaid at once
        } else {
            assertEq(
                ret, _reason(t2 >= tic ? "Flopper/already-finished-tic" : "Flopper/already-finished-end")
            );
            assertEq(_flopBid(id).guy, alice);
        }
    }

    // --- tick ---

    /// @notice tick multiplies the lot by pad / ONE and restarts the auction only when end < now
    ///         and nobody has bid (tic == 0)
    function test_fuzz_tick_padsLotOnlyWhenExpiredAndUnbid(
        uint256 lot,
        uint256 pad,
        uint256 dt,
        bool bid
    ) public {
        lot = bound(lot, 1, 1e33);
        pad = bound(pad, ONE, 2 * ONE);
        dt = bound(dt, 0, 6 days);
        flop.file("pad", pad);
        uint256 t0 = block.timestamp;
        uint256 id = flop.kick(gal, lot, SUMP);
        uint256 end = t0 + flop.tau();
        if (bid) _dentFlop(alice, id, lot * WAD / flop.beg());
        uint256 lotBefore = _flopBid(id).lot;
        uint48 ticBefore = _flopBid(id).tic;

        vm.warp(t0 + dt);
        (bool ok, bytes memory ret) = address(flop).call(abi.encodeCall(flop.tick, (id)));

        bool expectOk = end < block.timestamp && ticBefore == 0;
        assertEq(ok, expectOk, "tick outcome");
        FlopBid memory b = _flopBid(id);
        if (expectOk) {
            assertEq(b.lot, pad * lot / ONE);
            assertEq(b.end, block.timestamp + flop.tau());
            assertEq(b.tic, 0);
            assertEq(b.guy, gal);
        } else {
            assertEq(
                ret, _reason(end >= block.timestamp ? "Flopper/not-finished" : "Flopper/bid-already-placed")
            );
            assertEq(b.lot, lotBefore);
            assertEq(b.end, end);
        }
    }

    // --- deal ---

    /// @notice deal passes iff tic != 0 and (tic < now or end < now); it mints exactly the lot to
    ///         the winner and deletes the auction
    function test_fuzz_deal_onlyAfterTicOrEnd(uint256 dtBid, uint256 dtDeal, bool bid) public {
        uint256 t0 = block.timestamp;
        uint256 id = flop.kick(gal, 250 * WAD, SUMP);
        uint256 end = t0 + flop.tau();
        uint256 tic;
        if (bid) {
            dtBid = bound(dtBid, 0, flop.tau() - 1);
            vm.warp(t0 + dtBid);
            _dentFlop(alice, id, 200 * WAD);
            tic = block.timestamp + flop.ttl();
        }
        dtDeal = bound(dtDeal, 0, 4 days);
        vm.warp(block.timestamp + dtDeal);
        uint256 supply = mkr.totalSupply();

        (bool ok, bytes memory ret) = address(flop).call(abi.encodeCall(flop.deal, (id)));

        bool expectOk = tic != 0 && (tic < block.timestamp || end < block.timestamp);
        assertEq(ok, expectOk, "deal outcome");
        if (expectOk) {
            assertEq(mkr.balanceOf(alice), 200 * WAD);
            assertEq(mkr.totalSupply(), supply + 200 * WAD);
            assertEq(_flopBid(id).guy, address(0));
        } else {
            assertEq(ret, _reason("Flopper/not-finished"));
            assertEq(mkr.totalSupply(), supply);
            assertTrue(_flopBid(id).guy != address(0));
        }
    }
}
