// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";

/// @notice defect: pro-rata DAI of the liquid book (no position is open), rounded down, and all the MKR
///         credited to the holder's shares (the per-share accumulator, rounded down); paid from the ERC20
///         balance first, then out of the Vat through the DaiJoin, or as Vat DAI once the DaiJoin is caged;
///         every guard. While a position is open `defect` reverts `RoundOpen(closeBy)` (requests:
///         Rounds.t.sol).
contract DefectTest is SyndicateUnitBase {
    event Transfer(address indexed from, address indexed to, uint256 amount);

    function _roundOpen() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0);
    }

    function _expectDefectRevert(address usr, uint256 shares, bytes memory err) internal {
        vm.prank(usr);
        _assertRevert(address(pool), abi.encodeCall(pool.defect, (shares)), err);
    }

    /// @dev alice 60,000 DAI; the pool bids 50,000 in a fresh auction and a rival outbids it; finalized,
    ///      the pool holds 10,000 ERC20 DAI and 50,000 Vat DAI.
    function _refundedInVat() internal returns (uint256 id) {
        _enlist(alice, 60_000e18);
        id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        assertFalse(_finalize(id));
        assertEq(mcd.dai.balanceOf(address(pool)), 10_000e18);
        assertEq(mcd.vat.dai(address(pool)), SUMP);
        _assertBooks(60_000e18, 0, 0);
    }

    function test_defect_paysProRataDai() public {
        _enlist(alice, 1000e18);
        _enlist(bob, 3000e18);
        vm.expectEmit(address(pool));
        emit Transfer(bob, address(0), 1500e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Defected(bob, 1500e18, 1500e18, 0);
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, 1500e18);
        assertEq(daiWad, 1500e18);
        assertEq(mkrWad, 0);
        assertEq(mcd.dai.balanceOf(bob), 1500e18);
        assertEq(pool.balanceOf(bob), 1500e18);
        assertEq(pool.totalSupply(), 2500e18);
        _assertBooks(2500e18, 0, 0);
        assertEq(mcd.dai.balanceOf(address(pool)), 2500e18);
    }

    /// @dev After a win each holder is paid the DAI part of the shares burned and the MKR credited to all
    ///      their shares, `shares * (LOT_1 * 1e27 / supply) / 1e27`, rounded down: the wei of dust stay in
    ///      the pool, which holds at least what it owes.
    function test_defect_paysProRataDaiAndMkr() public {
        _enlist(alice, 36_000e18);
        _enlist(bob, 24_000e18);
        _win(_kick());
        _assertBooks(10_000e18, 0, LOT_1);

        uint256 acc = LOT_1 * RAY / 60_000e18;
        uint256 aliceMkr = 36_000e18 * acc / RAY;
        uint256 bobMkr = 24_000e18 * acc / RAY;
        assertEq(
            aliceMkr,
            145_631_067_961_165_048_543,
            "Python: floor(36,000 * floor(LOT_1 * 1e27 / 60,000e18) / 1e9)"
        );
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Defected(alice, 36_000e18, 6000e18, aliceMkr);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 36_000e18);
        assertEq(daiWad, 6000e18);
        assertEq(mkrWad, aliceMkr);
        assertEq(mcd.dai.balanceOf(alice), 6000e18);
        assertEq(mcd.mkr.balanceOf(alice), aliceMkr);
        _assertBooks(4000e18, 0, LOT_1 - aliceMkr);

        (daiWad, mkrWad) = _defect(bob, 24_000e18);
        assertEq(daiWad, 4000e18, "the last holder takes the DAI left");
        assertEq(mkrWad, bobMkr, "and only its own MKR credit");
        assertEq(LOT_1 - aliceMkr - bobMkr, 1, "one wei of rounding dust");
        assertEq(mcd.mkr.balanceOf(address(pool)), 1);
        _assertBooks(0, 0, 1);
        assertEq(pool.totalSupply(), 0);
    }

    function test_defect_paysFromErc20ThenExitsVatDai() public {
        _refundedInVat();
        vm.expectCall(address(mcd.daiJoin), abi.encodeCall(DaiJoin.exit, (alice, 50_000e18)), 1);
        (uint256 daiWad,) = _defect(alice, 60_000e18);
        assertEq(daiWad, 60_000e18);
        assertEq(mcd.dai.balanceOf(alice), 60_000e18, "all as ERC20");
        assertEq(mcd.vat.dai(alice), 0);
        assertEq(mcd.dai.balanceOf(address(pool)), 0);
        assertEq(mcd.vat.dai(address(pool)), 0);
        _assertBooks(0, 0, 0);
    }

    function test_defect_noExitWhileErc20Covers() public {
        _refundedInVat();
        vm.expectCall(address(mcd.daiJoin), abi.encodeWithSelector(DaiJoin.exit.selector), 0);
        _defect(alice, 10_000e18);
        assertEq(mcd.dai.balanceOf(alice), 10_000e18);
        assertEq(mcd.dai.balanceOf(address(pool)), 0);
        assertEq(mcd.vat.dai(address(pool)), SUMP);
    }

    function test_defect_onlyFromVatWhenNoErc20() public {
        _refundedInVat();
        _defect(alice, 10_000e18);
        vm.expectCall(address(mcd.daiJoin), abi.encodeCall(DaiJoin.exit, (alice, 20_000e18)), 1);
        _defect(alice, 20_000e18);
        assertEq(mcd.dai.balanceOf(alice), 30_000e18);
        assertEq(mcd.vat.dai(address(pool)), 30_000 * RAD);
    }

    /// @dev Global settlement cages the DaiJoin: the Vat part is paid as internal Vat DAI.
    function test_defect_cagedDaiJoinPaysVatDai() public {
        _refundedInVat();
        mcd.daiJoin.cage();
        vm.expectCall(address(mcd.daiJoin), abi.encodeWithSelector(DaiJoin.exit.selector), 0);
        (uint256 daiWad,) = _defect(alice, 60_000e18);
        assertEq(daiWad, 60_000e18);
        assertEq(mcd.dai.balanceOf(alice), 10_000e18, "ERC20 part");
        assertEq(mcd.vat.dai(alice), SUMP, "Vat part");
        assertEq(_daiHeldRad(address(pool)), 0);
    }

    /// @dev While a position is open nobody can leave at cost, whatever the liquid DAI: `maxDefect` says 0.
    function test_defect_whilePositionOpen_revertsRoundOpen() public {
        _enlist(alice, 60_000e18);
        _enter(_kick());
        _expectDefectRevert(alice, 10_000e18, _roundOpen());
        _expectDefectRevert(alice, 1, _roundOpen());
        assertEq(pool.maxDefect(alice), 0);
        assertEq(pool.balanceOf(alice), 60_000e18);
        _assertBooks(10_000e18, BID, 0);
    }

    function test_defect_zeroShares_reverts() public {
        _enlist(alice, 1e18);
        _expectDefectRevert(alice, 0, abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroPayout.selector, 0));
    }

    /// @dev After a win and a claim of the MKR, a few wei of shares are worth less than a wei of DAI (10,000
    ///      DAI for 60,000 shares): nothing to pay, so revert and keep the shares.
    function test_defect_payingNothing_reverts() public {
        _enlist(alice, 60_000e18);
        _win(_kick());
        _claimMkr(alice);
        _expectDefectRevert(alice, 5, abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroPayout.selector, 5));
        assertEq(pool.balanceOf(alice), 60_000e18);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 6);
        assertEq(daiWad, 1, "6 * 10,000 / 60,000");
        assertEq(mkrWad, 0);
    }

    function test_defect_moreThanBalance_reverts() public {
        _enlist(alice, 1e18);
        _enlist(bob, 5e18);
        _expectDefectRevert(
            alice,
            1e18 + 1,
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientShares.selector, 1e18, 1e18 + 1)
        );
        _expectDefectRevert(
            carol, 1, abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientShares.selector, 0, 1)
        );
    }

    function test_defect_positionDue_revertsRoundOpen() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        vm.warp(block.timestamp + TTL + 1);
        assertEq(pool.settlementDue(), id);
        _expectDefectRevert(alice, 1e18, _roundOpen());
        assertEq(pool.maxDefect(alice), 0);
        _finalize(id);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 60_000e18);
        assertEq(daiWad, 10_000e18);
        assertEq(mkrWad, 60_000e18 * (LOT_1 * RAY / 60_000e18) / RAY);
    }

    /// @dev The round is checked first, before the balance and the payout.
    function test_defect_roundOpenCheckedFirst() public {
        _enlist(alice, 60_000e18);
        _enter(_kick());
        _expectDefectRevert(bob, 0, _roundOpen());
        _expectDefectRevert(bob, 1, _roundOpen());
    }

    function test_defect_roundsDown() public {
        _enlist(alice, 2e18);
        _giveDai(address(pool), 1e18);
        pool.skim();
        vm.warp(block.timestamp + 1 days); // released: 3 DAI for 2 shares
        (uint256 daiWad,) = _defect(alice, 1);
        assertEq(daiWad, 1, "1 * 3 / 2 = 1.5 -> 1");
        (daiWad,) = _defect(alice, 3);
        assertEq(daiWad, 4, "3 * (3e18 - 1) / (2e18 - 1) = 4.5 -> 4");
        _assertBooks(3e18 - 5, 0, 0);
    }

    function test_defect_worksWhenHalted() public {
        _enlist(alice, 1000e18);
        _halt();
        (uint256 daiWad,) = _defect(alice, 1000e18);
        assertEq(daiWad, 1000e18);
    }

    function test_defect_transferredSharesPayTheHolder() public {
        _enlist(alice, 1000e18);
        vm.prank(alice);
        pool.transfer(bob, 400e18);
        (uint256 daiWad,) = _defect(bob, 400e18);
        assertEq(daiWad, 400e18);
        assertEq(mcd.dai.balanceOf(bob), 400e18);
        assertEq(pool.balanceOf(alice), 600e18);
    }

    /// @dev A refund not yet finalized is outside the liquid book: nobody leaves until it is finalized, and
    ///      meanwhile the locked bid counts at cost, so it is neither paid out early nor lost.
    function test_defect_unfinalizedRefundNotPaidOut() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        _assertBooks(10_000e18, BID, 0);
        assertEq(pool.maxDefect(alice), 0);
        assertEq(pool.previewDefect(60_000e18), 60_000e18);
        _expectDefectRevert(alice, 60_000e18, _roundOpen());
        _finalize(id);
        (uint256 daiWad,) = _defect(alice, 60_000e18);
        assertEq(daiWad, 60_000e18);
    }
}
