// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Fuzzes deposits and withdrawals in pools of every shape (released skim surplus, an open position,
///         MKR won): previews equal the real results, payouts equal the pro-rata formula and the MKR credit
///         computed here, round trips never pay out more than went in, and maxDefect can always leave.
///         With a position open a round is open: the instant calls revert `RoundOpen` and the same
///         deposit or exit goes through a request, priced when the round closes (here outbid: at cost).
contract EnlistDefectFuzzTest is SyndicateUnitBase {
    /// @dev alice deposits `a`; `surplus` DAI is skimmed in for her and released (share price above 1);
    ///      optionally a position is open, funded by carol's 50,000.
    function _shape(uint256 aSeed, uint256 surplusSeed, bool position) internal returns (uint256 a) {
        a = bound(aSeed, 1e18, 1e27);
        _enlist(alice, a);
        uint256 surplus = bound(surplusSeed, 0, 1e24);
        if (surplus != 0) {
            _giveDai(address(pool), surplus);
            pool.skim();
            vm.warp(block.timestamp + 1 days);
        }
        if (position) {
            _enlist(carol, BID); // brings the release in first
            _enter(_kick());
        } else if (surplus != 0) {
            vm.prank(alice);
            pool.transfer(alice, 0); // brings the release in
        }
    }

    function _navDai() internal view returns (uint256) {
        (uint256 d, uint256 lk,) = pool.nav();
        return d + lk;
    }

    function _roundOpen() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0);
    }

    /// @dev The open position is outbid and finalized: the round closes at cost.
    function _closeAtCost() internal {
        uint256 id = pool.openPositions()[0];
        _rivalDent(rival, id);
        assertFalse(_finalize(id));
    }

    function test_fuzz_enlist_previewEqualsResultAndRoundsDown(
        uint256 aSeed,
        uint256 surplusSeed,
        bool position,
        uint256 bSeed
    ) public {
        _shape(aSeed, surplusSeed, position);
        uint256 b = bound(bSeed, 1, 1e27);
        uint256 supply = pool.totalSupply();
        uint256 nav = _navDai();
        uint256 expected = b * supply / nav;
        assertEq(pool.previewEnlist(b), expected, "preview = floor(b * supply / nav)");
        _giveDai(bob, b);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), b);
        if (position) {
            // A round is open: the deposit is a request, priced at the close (here at the same nav).
            _assertRevert(address(pool), abi.encodeCall(pool.enlist, (b)), _roundOpen());
            pool.requestEnlist(b);
            vm.stopPrank();
            _closeAtCost();
            IDaiBackstopSyndicate.Pending memory p = pool.pending(bob);
            assertEq(p.sharesOut, expected, "the close mints floor(b * supply / nav)");
            assertEq(p.daiOutWad, expected == 0 ? b : 0, "a deposit that buys no share comes back");
            (uint256 shares, uint256 daiWad,) = _claim(bob);
            assertEq(shares, expected);
            assertEq(daiWad, expected == 0 ? b : 0);
            return;
        }
        if (expected == 0) {
            _assertRevert(
                address(pool),
                abi.encodeCall(pool.enlist, (b)),
                abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroShares.selector, b)
            );
        } else {
            assertEq(pool.enlist(b), expected);
            // Shares are never worth more than was paid for them.
            assertLe(expected * (nav + b), b * (supply + expected), "no value taken from holders");
        }
        vm.stopPrank();
    }

    /// @dev In and straight out: never more than deposited; less by at most one share's worth plus a wei.
    ///      With a round open, in by request and out once it closed.
    function test_fuzz_enlistDefect_roundTripNeverPaysMore(
        uint256 aSeed,
        uint256 surplusSeed,
        bool position,
        uint256 bSeed
    ) public {
        _shape(aSeed, surplusSeed, position);
        uint256 b = bound(bSeed, 1, 1e27);
        if (pool.previewEnlist(b) == 0) return; // covered by the ZeroShares case above
        uint256 navBefore = _navDai();
        uint256 supplyBefore = pool.totalSupply();
        uint256 shares;
        if (position) {
            _requestEnlist(bob, b);
            _closeAtCost();
            (shares,,) = _claim(bob);
        } else {
            shares = _enlist(bob, b);
        }
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, shares);
        assertEq(mkrWad, 0);
        assertLe(daiWad, b, "never more than deposited");
        assertLe(b - daiWad, navBefore / supplyBefore + 2, "loss bounded by one share's worth");
        assertGe(_navDai(), navBefore, "the others never lose");
        assertEq(mcd.dai.balanceOf(bob), daiWad);
    }

    /// @dev Any defect pays floor(shares * daiBook / supply) of DAI, as previewed, and all the MKR credited
    /// to the holder's shares, `balance * floor(lot * 1e27 / supply) / 1e27`, as `claimableMkr` shows. A win
    ///      always leaves at least 1 DAI liquid here (the all-DAI-spent corner is the share epochs' case).
    function test_fuzz_defect_previewEqualsResultAndProRata(
        uint256 aSeed,
        uint256 bSeed,
        uint256 extraSeed,
        uint256 sharesSeed,
        bool won
    ) public {
        uint256 a = bound(aSeed, 1e18, 1e27);
        uint256 b = bound(bSeed, 1, 1e27);
        _enlist(alice, a);
        _enlist(bob, b);
        uint256 acc;
        if (won) {
            uint256 extra = bound(extraSeed, 1e18, 1e24);
            if (a + b < BID + extra) _enlist(carol, BID + extra - (a + b));
            acc = LOT_1 * RAY / pool.totalSupply();
            _win(_kick());
        }
        assertEq(pool.mkrPerShareRay(), acc);
        uint256 shares = bound(sharesSeed, 0, pool.balanceOf(alice));
        (uint256 d, uint256 lk, uint256 m) = pool.nav();
        uint256 supply = pool.totalSupply();
        uint256 expDai = shares * (d + lk) / supply;
        uint256 expMkr = a * acc / RAY;
        assertEq(pool.previewDefect(shares), expDai, "preview DAI");
        assertEq(pool.claimableMkr(alice), expMkr, "claimable MKR");
        if (expDai == 0 && expMkr == 0) {
            vm.prank(alice);
            _assertRevert(
                address(pool),
                abi.encodeCall(pool.defect, (shares)),
                abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroPayout.selector, shares)
            );
            return;
        }
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, shares);
        assertEq(daiWad, expDai);
        assertEq(mkrWad, expMkr);
        assertEq(mcd.dai.balanceOf(alice), daiWad);
        assertEq(mcd.mkr.balanceOf(alice), mkrWad);
        _assertBooks(d - expDai, lk, m - expMkr);
        assertEq(pool.totalSupply(), supply - shares);
        assertEq(pool.claimableMkr(alice), 0, "all of it paid");
    }

    /// @dev maxDefect never promises more than can leave: defecting it succeeds; and it is at most the
    ///      balance. While a round is open it is 0 for everyone; once the round closed, everyone leaves.
    function test_fuzz_maxDefect_canAlwaysLeave(
        uint256 aSeed,
        uint256 surplusSeed,
        bool position,
        uint256 cSeed
    ) public {
        _shape(aSeed, surplusSeed, position);
        address[3] memory holders = [alice, bob, carol];
        if (position) {
            for (uint256 i; i < 3; ++i) {
                assertEq(pool.maxDefect(holders[i]), 0, "a round is open");
            }
            _closeAtCost();
        }
        _enlist(bob, bound(cSeed, 1e18, 1e27));
        for (uint256 i; i < 3; ++i) {
            uint256 max = pool.maxDefect(holders[i]);
            assertEq(max, pool.balanceOf(holders[i]));
            uint256 pDai = pool.previewDefect(max);
            if (pDai == 0 && pool.claimableMkr(holders[i]) == 0) continue;
            (uint256 d,,) = pool.nav();
            assertLe(pDai, d, "payable out of daiBook");
            _defect(holders[i], max);
        }
        // Everything was liquid: everyone left in full, the last one with the remainder.
        assertEq(pool.totalSupply(), 0);
        _assertBooks(0, 0, 0);
    }
}
