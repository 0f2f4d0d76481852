// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Fuzzes deposits and withdrawals in pools of every shape (skimmed surplus, an open position, MKR
///         won): previews equal the real results, payouts equal the pro-rata formula computed here, round
///         trips never pay out more than went in, and maxDefect can always leave.
contract EnlistDefectFuzzTest is SyndicateUnitBase {
    /// @dev alice deposits `a`; `surplus` DAI is skimmed in for her (share price above 1); optionally a
    ///      position is open, funded by carol's 50,000.
    function _shape(uint256 aSeed, uint256 surplusSeed, bool position) internal returns (uint256 a) {
        a = bound(aSeed, 1e18, 1e27);
        _enlist(alice, a);
        uint256 surplus = bound(surplusSeed, 0, 1e24);
        if (surplus != 0) {
            _giveDai(address(pool), surplus);
            pool.skim();
        }
        if (position) {
            _enlist(carol, BID);
            _enter(_kick());
        }
    }

    function _navDai() internal view returns (uint256) {
        (uint256 d, uint256 lk,) = pool.nav();
        return d + lk;
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
        uint256 shares = _enlist(bob, b);
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, shares);
        assertEq(mkrWad, 0);
        assertLe(daiWad, b, "never more than deposited");
        assertLe(b - daiWad, navBefore / supplyBefore + 2, "loss bounded by one share's worth");
        assertGe(_navDai(), navBefore, "the others never lose");
        assertEq(mcd.dai.balanceOf(bob), daiWad);
    }

    /// @dev After a win: any defect pays floor(shares * book / supply) of DAI and of MKR, as previewed.
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
        if (won) {
            uint256 extra = bound(extraSeed, 0, 1e24);
            if (a + b < BID + extra) _enlist(carol, BID + extra - (a + b));
            _win(_kick());
        }
        uint256 shares = bound(sharesSeed, 0, pool.balanceOf(alice));
        (uint256 d, uint256 lk, uint256 m) = pool.nav();
        uint256 supply = pool.totalSupply();
        uint256 expDai = shares * (d + lk) / supply;
        uint256 expMkr = shares * m / supply;
        (uint256 pDai, uint256 pMkr) = (pool.previewDefect(shares), pool.claimableMkr(alice));
        assertEq(pDai, expDai, "preview DAI");
        assertEq(pMkr, expMkr, "preview MKR");
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
    }

    /// @dev maxDefect never promises more than can leave: defecting it succeeds; and it is at most the
    ///      balance.
    function test_fuzz_maxDefect_canAlwaysLeave(
        uint256 aSeed,
        uint256 surplusSeed,
        bool position,
        uint256 cSeed
    ) public {
        _shape(aSeed, surplusSeed, position);
        _enlist(bob, bound(cSeed, 1e18, 1e27));
        address[3] memory holders = [alice, bob, carol];
        for (uint256 i; i < 3; ++i) {
            uint256 max = pool.maxDefect(holders[i]);
            assertLe(max, pool.balanceOf(holders[i]));
            (uint256 pDai, uint256 pMkr) = (pool.previewDefect(max), pool.claimableMkr(holders[i]));
            if (pDai == 0 && pMkr == 0) continue;
            (uint256 d,,) = pool.nav();
            assertLe(pDai, d, "payable out of daiBook");
            _defect(holders[i], max);
        }
        if (!position) {
            // Everything was liquid: everyone left in full, the last one with the remainder.
            assertEq(pool.totalSupply(), 0);
            _assertBooks(0, 0, 0);
        }
    }
}
