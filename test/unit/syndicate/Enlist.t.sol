// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ILegacyErrors} from "test/helpers/LegacyErrors.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice enlist: shares at cost (daiBook + lockedBook), rounded down; DAI kept as ERC20; every guard.
contract EnlistTest is SyndicateUnitBase {
    event Transfer(address indexed from, address indexed to, uint256 amount);

    function _enlistExpecting(address usr, uint256 wad, bytes memory err) internal {
        _giveDai(usr, wad);
        vm.startPrank(usr);
        mcd.dai.approve(address(pool), wad);
        _assertRevert(address(pool), abi.encodeCall(pool.enlist, (wad)), err);
        vm.stopPrank();
    }

    function test_enlist_firstDepositMintsOneSharePerDai() public {
        _giveDai(alice, 1000e18);
        vm.startPrank(alice);
        mcd.dai.approve(address(pool), 1000e18);
        vm.expectEmit(address(pool));
        emit Transfer(address(0), alice, 1000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Enlisted(alice, 1000e18, 1000e18);
        uint256 shares = pool.enlist(1000e18);
        vm.stopPrank();

        assertEq(shares, 1000e18);
        assertEq(pool.balanceOf(alice), 1000e18);
        assertEq(pool.totalSupply(), 1000e18);
        assertEq(mcd.dai.balanceOf(alice), 0);
        _assertBooks(1000e18, 0, 0);
    }

    /// @dev Idle DAI stays an ERC20: no join on deposit (the 2020 contract joined every deposit).
    function test_enlist_keepsDaiAsErc20() public {
        _enlist(alice, 1000e18);
        assertEq(mcd.dai.balanceOf(address(pool)), 1000e18);
        assertEq(mcd.vat.dai(address(pool)), 0);
    }

    function test_enlist_pullsExactlyTheAmount() public {
        _giveDai(alice, 1500e18);
        vm.startPrank(alice);
        mcd.dai.approve(address(pool), type(uint256).max);
        pool.enlist(400e18);
        vm.stopPrank();
        assertEq(mcd.dai.balanceOf(alice), 1100e18);
        assertEq(mcd.dai.balanceOf(address(pool)), 400e18);
    }

    function test_enlist_laterDepositPricedAtCost() public {
        _enlist(alice, 1000e18);
        // 500 DAI folded in for alice: a share is now worth 1.5 DAI.
        _giveDai(address(pool), 500e18);
        pool.skim();
        uint256 shares = _enlist(bob, 300e18);
        assertEq(shares, 200e18);
        assertEq(pool.totalSupply(), 1200e18);
        _assertBooks(1800e18, 0, 0);
    }

    function test_enlist_roundsSharesDown() public {
        _enlist(alice, 2e18);
        _giveDai(address(pool), 1e18);
        pool.skim(); // 3 DAI for 2 shares
        assertEq(_enlist(bob, 10), 6, "10 * 2 / 3 = 6.67 -> 6");
        assertEq(_enlist(carol, 2), 1, "2 * 2 / 3 = 1.33 -> 1");
        _assertBooks(3e18 + 12, 0, 0);
    }

    /// @dev DAI in open bids counts at cost (V0-V2 discarded it): 1:1 while nothing was won or skimmed.
    function test_enlist_whilePositionOpenCountsLockedDai() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _assertBooks(10_000e18, BID, 0);
        assertEq(_enlist(bob, 6000e18), 6000e18);
        _assertBooks(16_000e18, BID, 0);
        assertEq(pool.totalSupply(), 66_000e18);
    }

    /// @dev The 2020 contract closed deposits for good at the first bid.
    function test_enlist_reopensAfterTheBidComesBack() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        assertFalse(_finalize(id));
        assertEq(_enlist(bob, 1000e18), 1000e18);
        _assertBooks(61_000e18, 0, 0);
    }

    function test_enlist_zeroAmount_reverts() public {
        _enlistExpecting(alice, 0, abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroAmount.selector));
    }

    function test_enlist_mintingNoShare_reverts() public {
        _enlist(alice, 1e18);
        _giveDai(address(pool), 1);
        pool.skim(); // 1e18 + 1 wei for 1e18 shares: 1 wei buys 0 shares
        _enlistExpecting(bob, 1, abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroShares.selector, 1));
        assertEq(_enlist(carol, 2), 1);
    }

    function test_enlist_halted_reverts() public {
        _halt();
        _enlistExpecting(alice, 1e18, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
    }

    function test_enlist_whileMkrBooked_reverts() public {
        _enlist(alice, BID);
        _win(_kick());
        _enlistExpecting(bob, 1e18, abi.encodeWithSelector(ILegacyErrors.DepositsClosed.selector, LOT_1));
    }

    function test_enlist_whileSettlementDue_reverts() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _enter(id);
        vm.warp(block.timestamp + TTL + 1);
        _enlistExpecting(bob, 1e18, abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id));
    }

    /// @dev Due means `settleAt < now`, the first moment `finalize` can clear it.
    function test_enlist_dueBoundaryIsSettleAt() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _enter(id);
        uint256 settleAt = block.timestamp + TTL;
        vm.warp(settleAt - 1);
        assertEq(_enlist(bob, 1e18), 1e18, "before settleAt: not due");
        vm.warp(settleAt);
        _enlistExpecting(carol, 1e18, abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id));
    }

    function test_enlist_finalizeClearsSettlementDue() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        vm.warp(block.timestamp + TTL + 1);
        _enlistExpecting(bob, 1e18, abi.encodeWithSelector(ILegacyErrors.SettlementDue.selector, id));
        _finalize(id);
        assertEq(_enlist(carol, 1e18), 1e18);
    }

    function test_enlist_haltCheckedFirst() public {
        _enlist(alice, BID);
        _win(_kick());
        _halt();
        _enlistExpecting(bob, 0, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
    }

    function test_enlist_depositsClosedCheckedBeforeDue() public {
        _enlist(alice, 2 * BID);
        uint256 a = _kick();
        uint256 b = _kick();
        _enter(a);
        _enter(b);
        _warpPastSettle(b);
        _finalize(a); // won: MKR booked; b is still due
        _enlistExpecting(bob, 1e18, abi.encodeWithSelector(ILegacyErrors.DepositsClosed.selector, LOT_1));
    }

    function test_enlist_withoutAllowance_reverts() public {
        _giveDai(alice, 1e18);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (1e18)),
            abi.encodeWithSelector(SafeTransferLib.TransferFromFailed.selector)
        );
    }

    function test_enlist_moreThanBalance_reverts() public {
        _giveDai(alice, 1e18);
        vm.startPrank(alice);
        mcd.dai.approve(address(pool), type(uint256).max);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (1e18 + 1)),
            abi.encodeWithSelector(SafeTransferLib.TransferFromFailed.selector)
        );
        vm.stopPrank();
    }

    /// @dev Deposits reopen when the MKR book is back at zero, which only happens once every share has
    ///      left: defects round MKR down, so the book stays above zero while any share is outstanding.
    function test_enlist_reopensWhenMkrBookBackToZero() public {
        _enlist(alice, BID);
        _win(_kick());
        _defect(alice, BID);
        _assertBooks(0, 0, 0);
        assertEq(_enlist(bob, 100e18), 100e18);
    }

    /// @dev Documents a consequence of the rule above: one wei of shares nobody redeems (lost, or sent to
    ///      a dead address on purpose) keeps deposits closed for good after the pool's first win.
    function test_enlist_afterWin_oneStrandedShareKeepsDepositsClosed() public {
        _enlist(alice, BID);
        _win(_kick());
        vm.prank(alice);
        pool.transfer(address(0xdead), 1);
        _defect(alice, BID - 1);
        (,, uint256 mkrBook) = pool.nav();
        assertEq(mkrBook, LOT_1 - (BID - 1) * LOT_1 / BID, "MKR of one wei of shares");
        assertEq(mkrBook, 1);
        _enlistExpecting(bob, 1e18, abi.encodeWithSelector(ILegacyErrors.DepositsClosed.selector, 1));
    }
}
