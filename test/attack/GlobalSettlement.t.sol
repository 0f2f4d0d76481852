// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ILegacyErrors} from "test/helpers/LegacyErrors.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";

/// @notice Global settlement. Maker can cage the Flopper (no deal, bids are yanked and repaid with new Vat
///         DAI), the DaiJoin (no exit: Vat DAI cannot become ERC20), and the Vat. A pool that assumed a
///         live Flopper or DaiJoin would trap its contributors' DAI. Here bids can no longer be entered,
///         every position still settles (the pool yanks its own bids), and everyone can leave: ERC20 DAI
///         first, then Vat DAI through vat.move once the DaiJoin is caged.
contract GlobalSettlementTest is SyndicateUnitBase {
    uint256 internal a;
    uint256 internal b;
    uint256 internal c;

    /// @dev alice 60,000, bob 50,000, carol 40,000. Three positions: `a` won and finalized (MKR booked),
    ///      `b` high bid, `c` outbid.
    function setUp() public override {
        super.setUp();
        _enlist(alice, 60_000e18);
        _enlist(bob, 50_000e18);
        _enlist(carol, 40_000e18);
        a = _kick();
        _win(a);
        b = _kick();
        c = _kick();
        _enter(b);
        _enter(c);
        _rivalDent(rival, c);
        _assertBooks(0, 2 * BID, LOT_1);
    }

    function _everyoneLeaves() internal returns (uint256 totalDai, uint256 totalMkr) {
        address[3] memory holders = [alice, bob, carol];
        for (uint256 i; i < 3; ++i) {
            uint256 shares = pool.balanceOf(holders[i]);
            if (shares == 0) continue; // already left
            uint256 daiBefore = _daiOf(holders[i]);
            uint256 mkrBefore = mcd.mkr.balanceOf(holders[i]);
            (uint256 d, uint256 m) = _defect(holders[i], shares);
            totalDai += d;
            totalMkr += m;
            assertEq(_daiOf(holders[i]) - daiBefore, d, "paid in ERC20 or Vat DAI");
            assertEq(mcd.mkr.balanceOf(holders[i]) - mkrBefore, m);
        }
        _assertBooks(0, 0, 0);
        assertEq(pool.totalSupply(), 0);
        assertEq(_daiHeldRad(address(pool)), 0, "nothing left behind");
        assertEq(mcd.mkr.balanceOf(address(pool)), 0);
    }

    function test_globalSettlement_flopperCaged_yankAndEveryoneLeaves() public {
        mcd.flop.cage();
        _assertRefused(c, abi.encodeWithSelector(IDaiBackstopSyndicate.FlopperNotLive.selector));

        assertFalse(_finalize(b), "yanked by the pool");
        assertFalse(_finalize(c), "outbid");
        _assertBooks(2 * BID, 0, LOT_1);
        (uint256 totalDai, uint256 totalMkr) = _everyoneLeaves();
        assertEq(totalDai, 100_000e18);
        assertEq(totalMkr, LOT_1);
    }

    /// @dev Cage through the Vow, as mainnet's End does: yank then charges the Vow.
    function test_globalSettlement_vowCage_yankAndEveryoneLeaves() public {
        mcd.vow.cage();
        assertEq(mcd.flop.live(), 0);
        assertFalse(_finalize(b));
        assertFalse(_finalize(c));
        (uint256 totalDai,) = _everyoneLeaves();
        assertEq(totalDai, 100_000e18);
    }

    function test_globalSettlement_yankedBySomeoneElse() public {
        mcd.flop.cage();
        mcd.flop.yank(b);
        mcd.flop.yank(c); // repays the rival
        assertFalse(_finalize(b));
        assertFalse(_finalize(c));
        assertEq(mcd.vat.dai(rival), SUMP);
        (uint256 totalDai,) = _everyoneLeaves();
        assertEq(totalDai, 100_000e18);
    }

    /// @dev DaiJoin caged too: ERC20 DAI first, the rest as internal Vat DAI.
    function test_globalSettlement_daiJoinCaged_paysVatDai() public {
        mcd.flop.cage();
        mcd.daiJoin.cage();
        _finalize(b);
        _finalize(c);
        assertEq(mcd.dai.balanceOf(address(pool)), 0, "all ERC20 was joined for the bids");
        assertEq(mcd.vat.dai(address(pool)), 2 * SUMP);
        (uint256 d, uint256 m) = _defect(alice, 60_000e18);
        assertEq(d, 40_000e18);
        assertEq(mcd.vat.dai(alice), 40_000 * RAD);
        assertEq(mcd.dai.balanceOf(alice), 0);
        assertEq(m, LOT_1 * 60_000 / 150_000);
        _everyoneLeaves();
    }

    /// @dev ERC20 DAI held by the pool is paid first even with the DaiJoin caged.
    function test_globalSettlement_daiJoinCaged_erc20First() public {
        // A fresh depositor cannot join (MKR is booked), so add ERC20 through skim of a donation.
        _giveDai(address(pool), 1000e18);
        mcd.flop.cage();
        mcd.daiJoin.cage();
        _finalize(b);
        _finalize(c);
        (uint256 skimmed,) = pool.skim();
        assertEq(skimmed, 1000e18);
        uint256 supply = pool.totalSupply();
        assertEq(supply, 150_000e18);
        (uint256 d,) = _defect(bob, 50_000e18);
        uint256 expected = 50_000e18 * 101_000e18 / supply;
        assertEq(d, expected);
        assertEq(mcd.dai.balanceOf(bob), 1000e18, "the ERC20 part first");
        assertEq(mcd.vat.dai(bob), (expected - 1000e18) * RAY);
    }

    /// @dev The Vat itself caged: moves and the pool's yank still work, so exits do.
    function test_globalSettlement_vatCaged_everyoneLeaves() public {
        mcd.flop.cage();
        mcd.vat.cage();
        mcd.daiJoin.cage();
        assertFalse(_finalize(b));
        assertFalse(_finalize(c));
        (uint256 totalDai, uint256 totalMkr) = _everyoneLeaves();
        assertEq(totalDai, 100_000e18);
        assertEq(totalMkr, LOT_1);
    }

    /// @dev Halted and caged, with the owner gone: still everyone leaves.
    function test_globalSettlement_haltedAndRenouncedEveryoneLeaves() public {
        vm.startPrank(owner);
        pool.halt();
        pool.renounceOwnership();
        vm.stopPrank();
        mcd.flop.cage();
        mcd.daiJoin.cage();
        _finalize(b);
        _finalize(c);
        (uint256 totalDai,) = _everyoneLeaves();
        assertEq(totalDai, 100_000e18);
    }

    /// @dev Until finalized, a caged position blocks nothing before its settle time, and blocks exits
    ///      after it only until anyone calls finalize.
    function test_globalSettlement_dueAfterCageUntilFinalized() public {
        mcd.flop.cage();
        vm.warp(block.timestamp + TTL + 1);
        assertEq(pool.settlementDue(), b);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (1e18)),
            abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, b)
        );
        _finalize(b);
        _finalize(c);
        _everyoneLeaves();
    }
}
