// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice enlist: shares at cost (the liquid book: no position is open), rounded down; DAI kept as ERC20;
///         every guard. While a position is open a round is open and `enlist` reverts `RoundOpen(closeBy)`
///         (requests: Rounds.t.sol). DAI `skim` found counts once released (one day, SkimRelease.t.sol).
contract EnlistTest is SyndicateUnitBase {
    event Transfer(address indexed from, address indexed to, uint256 amount);

    function _roundOpen() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0);
    }

    /// @dev Skims `wad` DAI sent to the pool and lets the day of its release pass; the next deposit brings
    ///      it into the book before pricing.
    function _skimAndRelease(uint256 wad) internal {
        _giveDai(address(pool), wad);
        pool.skim();
        vm.warp(block.timestamp + 1 days);
    }

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
        // 500 DAI released to alice over a day: a share is now worth 1.5 DAI.
        _skimAndRelease(500e18);
        uint256 shares = _enlist(bob, 300e18);
        assertEq(shares, 200e18);
        assertEq(pool.totalSupply(), 1200e18);
        _assertBooks(1800e18, 0, 0);
    }

    function test_enlist_roundsSharesDown() public {
        _enlist(alice, 2e18);
        _skimAndRelease(1e18); // 3 DAI for 2 shares
        assertEq(_enlist(bob, 10), 6, "10 * 2 / 3 = 6.67 -> 6");
        assertEq(_enlist(carol, 2), 1, "2 * 2 / 3 = 1.33 -> 1");
        _assertBooks(3e18 + 12, 0, 0);
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
        _skimAndRelease(1); // 1e18 + 1 wei for 1e18 shares: 1 wei buys 0 shares
        _enlistExpecting(bob, 1, abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroShares.selector, 1));
        assertEq(_enlist(carol, 2), 1);
    }

    function test_enlist_halted_reverts() public {
        _halt();
        _enlistExpecting(alice, 1e18, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
    }

    /// @dev A position open is a round open, due or not: before its settle time, at it (the outcome is
    ///      fixed, `deal` a second later) and after it.
    function test_enlist_whilePositionOpen_revertsRoundOpen() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        uint256 settleAt = block.timestamp + TTL;
        _enlistExpecting(bob, 1e18, _roundOpen());
        vm.warp(settleAt);
        assertEq(pool.settlementDue(), id);
        _enlistExpecting(bob, 1e18, _roundOpen());
        vm.warp(settleAt + 1);
        _enlistExpecting(bob, 1e18, _roundOpen());
        assertEq(mcd.dai.balanceOf(bob), 3e18, "nothing taken");
    }

    /// @dev The `finalize` that empties the queue closes the round: deposits are instant again, at the
    ///      value after it (here outbid: at cost).
    function test_enlist_finalizeReopens() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        vm.warp(block.timestamp + TTL + 1);
        _enlistExpecting(bob, 1e18, _roundOpen());
        _finalize(id);
        assertEq(_enlist(carol, 1e18), 1e18);
    }

    function test_enlist_haltCheckedFirst() public {
        _enlist(alice, BID);
        _win(_kick());
        _halt();
        _enlistExpecting(bob, 0, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
    }

    /// @dev The check order: halted, then a round open, then the amount.
    function test_enlist_roundOpenCheckedBeforeTheAmount() public {
        _enlist(alice, 60_000e18);
        _enter(_kick());
        _enlistExpecting(bob, 0, _roundOpen());
        _halt();
        _enlistExpecting(bob, 0, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
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
}
