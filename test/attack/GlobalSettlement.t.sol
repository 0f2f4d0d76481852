// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";

/// @notice Global settlement. Maker can cage the Flopper (no deal, bids are yanked and repaid with new Vat
///         DAI), the DaiJoin (no exit: Vat DAI cannot become ERC20), and the Vat. A pool that assumed a
///         live Flopper or DaiJoin would trap its contributors' DAI. Here bids can no longer be entered,
///         every position still settles (the pool yanks its own bids), the round closes, and everyone can
///         leave: ERC20 DAI first, then Vat DAI through vat.move once the DaiJoin is caged, with the MKR
///         credited to their shares (rounded down: the dust, a wei or so per holder, stays in the pool).
contract GlobalSettlementTest is SyndicateUnitBase {
    uint256 internal a;
    uint256 internal b;
    uint256 internal c;

    /// @dev The MKR credited per share when `a` was won with 150,000e18 shares, ray, rounded down.
    uint256 internal constant ACC_A = LOT_1 * RAY / 150_000e18;

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

    /// @dev The MKR `holder` is owed for `a`: its shares times the credit per share, rounded down.
    function _mkrOf(address holder) internal view returns (uint256) {
        return pool.balanceOf(holder) * ACC_A / RAY;
    }

    /// @dev What the three holders' credits leave in the pool, a wei or so each.
    function _mkrDust() internal pure returns (uint256) {
        return LOT_1 - 60_000e18 * ACC_A / RAY - 50_000e18 * ACC_A / RAY - 40_000e18 * ACC_A / RAY;
    }

    function _everyoneLeaves() internal returns (uint256 totalDai, uint256 totalMkr) {
        address[3] memory holders = [alice, bob, carol];
        for (uint256 i; i < 3; ++i) {
            uint256 shares = pool.balanceOf(holders[i]);
            if (shares == 0) continue; // already left
            uint256 daiBefore = _daiOf(holders[i]);
            uint256 mkrBefore = mcd.mkr.balanceOf(holders[i]);
            uint256 mkrOwed = _mkrOf(holders[i]);
            (uint256 d, uint256 m) = _defect(holders[i], shares);
            totalDai += d;
            totalMkr += m;
            assertEq(m, mkrOwed, "the MKR credited to its shares");
            assertEq(_daiOf(holders[i]) - daiBefore, d, "paid in ERC20 or Vat DAI");
            assertEq(mcd.mkr.balanceOf(holders[i]) - mkrBefore, m);
        }
        _assertBooks(0, 0, _mkrDust());
        assertEq(pool.totalSupply(), 0);
        assertEq(_daiHeldRad(address(pool)), 0, "no DAI left behind");
        assertEq(mcd.mkr.balanceOf(address(pool)), _mkrDust(), "only the accumulator's rounding");
    }

    function test_globalSettlement_flopperCaged_yankAndEveryoneLeaves() public {
        mcd.flop.cage();
        _assertRefused(c, abi.encodeWithSelector(IDaiBackstopSyndicate.FlopperNotLive.selector));

        assertFalse(_finalize(b), "yanked by the pool");
        assertFalse(_finalize(c), "outbid");
        _assertBooks(2 * BID, 0, LOT_1);
        (uint256 totalDai, uint256 totalMkr) = _everyoneLeaves();
        assertEq(totalDai, 100_000e18);
        assertEq(totalMkr, LOT_1 - _mkrDust());
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
        assertEq(m, 60_000e18 * ACC_A / RAY);
        _everyoneLeaves();
    }

    /// @dev ERC20 DAI held by the pool is paid first even with the DaiJoin caged.
    function test_globalSettlement_daiJoinCaged_erc20First() public {
        // ERC20 DAI through a donation, skimmed and released after the round closes.
        _giveDai(address(pool), 1000e18);
        mcd.flop.cage();
        mcd.daiJoin.cage();
        _finalize(b);
        _finalize(c);
        (uint256 skimmed,) = pool.skim();
        assertEq(skimmed, 1000e18);
        vm.warp(block.timestamp + 1 days);
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
        assertEq(totalMkr, LOT_1 - _mkrDust());
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

    /// @dev Until finalized, a caged position keeps the round open: exits are requests, before or after its
    ///      settle time, until anyone finalizes.
    function test_globalSettlement_dueAfterCageUntilFinalized() public {
        mcd.flop.cage();
        vm.warp(block.timestamp + TTL + 1);
        assertEq(pool.settlementDue(), b);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (1e18)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0)
        );
        _finalize(b);
        _finalize(c);
        _everyoneLeaves();
    }

    /// @dev Requests made after the cage execute when the round closes, in the yanks: alice's exit at the
    ///      value after the round (cost: both bids came back), bob's deposit for shares at that value; then
    ///      everyone leaves.
    function test_globalSettlement_requestsExecuteAfterTheCage() public {
        mcd.flop.cage();
        _requestDefect(alice, 60_000e18);
        _requestEnlist(bob, 1500e18);
        assertFalse(_finalize(b), "yanked by the pool");
        assertFalse(_finalize(c), "outbid; closes the round");
        assertEq(pool.round().id, 2);
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claim(alice);
        assertEq(shares, 0);
        assertEq(daiWad, 60_000e18 * 100_000e18 / 150_000e18, "her part of the 100,000 DAI");
        assertEq(mkrWad, 60_000e18 * ACC_A / RAY, "and of the MKR of `a`");
        (shares,, mkrWad) = _claim(bob);
        assertEq(shares, 2250e18, "1,500 DAI at 100,000 DAI for 150,000 shares");
        assertEq(mkrWad, 50_000e18 * ACC_A / RAY, "claim pays all his MKR: his old shares' part of `a`");
        assertEq(pool.claimableMkr(bob), 0, "the new shares earned nothing of `a`");

        // 61,500 DAI for 92,250 shares: bob's 52,250, then carol's 40,000 take the rest.
        _assertBooks(61_500e18, 0, LOT_1 - 60_000e18 * ACC_A / RAY - 50_000e18 * ACC_A / RAY);
        (uint256 d, uint256 m) = _defect(bob, 52_250e18);
        assertEq(d, uint256(52_250e18) * 61_500e18 / 92_250e18);
        assertEq(m, 0);
        (d, m) = _defect(carol, 40_000e18);
        assertEq(d, 61_500e18 - uint256(52_250e18) * 61_500e18 / 92_250e18);
        assertEq(m, 40_000e18 * ACC_A / RAY);
        _assertBooks(0, 0, _mkrDust());
        assertEq(pool.totalSupply(), 0);
        assertEq(_daiHeldRad(address(pool)), 0, "no DAI left behind");
    }
}
