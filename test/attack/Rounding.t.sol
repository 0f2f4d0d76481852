// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Rounding attacks. If shares minted or payouts rounded up, an attacker could repeat tiny deposits
///         or withdrawals and collect a wei each time, or split one withdrawal into many to beat the
///         pro-rata amount. The pool rounds every share mint and payout down, books bids rounded up and
///         prices bids rounded up: splitting never pays more than one big call, and every wei of rounding
///         stays with the pool.
contract RoundingTest is SyndicateUnitBase {
    /// @dev A pool whose share price is not a round number: alice's 3 shares hold 7 DAI + 3 wei, then bob
    ///      deposits 1e24 at that price.
    function _awkwardPool(uint256 donation) internal {
        _enlist(alice, 3e18);
        _giveDai(address(pool), donation);
        pool.skim();
        vm.warp(block.timestamp + 1 days); // released to alice; bob's deposit brings it in first
        _enlist(bob, 1e24);
    }

    function _navDai() internal view returns (uint256) {
        (uint256 d, uint256 lk,) = pool.nav();
        return d + lk;
    }

    function test_rounding_tinyDepositAndDefect() public {
        assertEq(_enlist(alice, 1), 1);
        (uint256 daiWad,) = _defect(alice, 1);
        assertEq(daiWad, 1);
        _assertBooks(0, 0, 0);
    }

    /// @dev A deposit too small to mint a share is refused rather than swallowed.
    function test_rounding_tinyDepositIntoAwkwardPool_refused() public {
        _awkwardPool(4e18 + 3);
        uint256 supply = pool.totalSupply();
        uint256 nav = _navDai();
        assertEq(2 * supply / nav, 0);
        _giveDai(carol, 2);
        vm.startPrank(carol);
        mcd.dai.approve(address(pool), 2);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (2)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroShares.selector, 2)
        );
        vm.stopPrank();
        assertEq(mcd.dai.balanceOf(carol), 2);
    }

    /// @dev One share-wei is worth 2.33 wei: a 1-share defect pays 2, never 3.
    function test_rounding_tinyDefectRoundsDown() public {
        _awkwardPool(4e18 + 3);
        uint256 nav = _navDai();
        uint256 supply = pool.totalSupply();
        (uint256 daiWad,) = _defect(bob, 1);
        assertEq(daiWad, nav / supply);
        assertEq(daiWad, 2);
        assertEq(_navDai(), nav - 2);
    }

    /// @dev 100 defects of 1,000 share-wei pay no more than one defect of 100,000, which pays exactly
    ///      floor(shares * nav / supply).
    function test_rounding_manySmallDefectsNeverBeatOneBig() public {
        _awkwardPool(4e18 + 3);
        uint256 nav = _navDai();
        uint256 supply = pool.totalSupply();
        uint256 snap = vm.snapshotState();
        (uint256 big,) = _defect(bob, 100_000);
        assertEq(big, 100_000 * nav / supply, "pro rata, rounded down");
        uint256 navAfterBig = _navDai();
        vm.revertToState(snap);

        uint256 small;
        for (uint256 i; i < 100; ++i) {
            (uint256 d,) = _defect(bob, 1000);
            small += d;
        }
        assertLe(small, big, "splitting never pays more");
        assertGe(_navDai(), navAfterBig, "the rounding stays in the pool");
    }

    function test_fuzz_rounding_splitDefectNeverBeatsWhole(
        uint256 donationSeed,
        uint256 partsSeed,
        uint256 sizeSeed
    ) public {
        _awkwardPool(bound(donationSeed, 1, 1e22));
        uint256 parts = bound(partsSeed, 2, 20);
        uint256 size = bound(sizeSeed, 1, pool.balanceOf(bob) / parts);
        uint256 nav = _navDai();
        uint256 supply = pool.totalSupply();
        uint256 snap = vm.snapshotState();
        (uint256 whole,) = _defect(bob, size * parts);
        assertEq(whole, size * parts * nav / supply);
        vm.revertToState(snap);
        uint256 split;
        for (uint256 i; i < parts; ++i) {
            uint256 d = pool.previewDefect(size);
            if (d == 0) break; // would revert ZeroPayout: nothing to collect
            (d,) = _defect(bob, size);
            split += d;
        }
        assertLe(split, whole);
    }

    /// @dev 50 deposits of x mint no more shares than one of 50x.
    function test_rounding_manySmallDepositsNeverBeatOneBig() public {
        _awkwardPool(4e18 + 3);
        uint256 x = 1e18 + 7;
        uint256 snap = vm.snapshotState();
        uint256 big = _enlist(carol, 50 * x);
        vm.revertToState(snap);
        uint256 small;
        for (uint256 i; i < 50; ++i) {
            small += _enlist(carol, x);
        }
        assertLe(small, big);
    }

    /// @dev A bid that is not a whole number of nano-DAI is booked rounded up: the pool never books less
    ///      DAI out than it spent. After a win the sliver it over-booked is still held, and skim returns it
    ///      to the holders; after a refund the books are exact again.
    function test_rounding_oddBidBookedRoundedUp() public {
        uint256 sump = SUMP + 1;
        mcd.vow.file("sump", sump);
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        uint256 locked = BID + 1e9;
        assertEq(_lockedFor(sump), locked);
        _assertBooks(60_000e18 - locked, locked, 0);
        assertEq(mcd.dai.balanceOf(address(pool)), 10_000e18 - 1e9, "joined the bid rounded up to a nano-DAI");
        assertEq(mcd.vat.dai(address(pool)), 1e9 * RAY - 1, "the rest of that nano-DAI");

        _warpPastSettle(id);
        assertTrue(_finalize(id));
        _assertBooks(60_000e18 - locked, 0, LOT_1);
        assertEq(_daiHeldRad(address(pool)), 10_000e18 * RAY - 1, "spent exactly the bid");
        (uint256 skimmed,) = pool.skim();
        assertEq(skimmed, 1e9 - 1, "the over-booked sliver, back to the holders");
        vm.warp(block.timestamp + 1 days);
        vm.prank(alice);
        pool.transfer(alice, 0); // brings the day's release in
        _assertBooks(10_000e18 - 1, 0, LOT_1);
    }

    function test_rounding_oddBidRefundIsExact() public {
        mcd.vow.file("sump", SUMP + 1);
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        assertFalse(_finalize(id));
        _assertBooks(60_000e18, 0, 0);
        assertEq(_daiHeldRad(address(pool)), 60_000e18 * RAY);
        (uint256 daiWad,) = _defect(alice, 60_000e18);
        assertEq(daiWad, 60_000e18);
        assertEq(_daiHeldRad(address(pool)), 0);
    }

    /// @dev The implied price rounds up: a bid of exactly 200 DAI/MKR enters a 200 tier, one rad more does
    ///      not (its price, 200e18 + 1 after rounding, is over the limit).
    function test_rounding_impliedPriceRoundsAgainstThePool() public {
        pool = _newPool(200e18);
        _enlist(alice, 100_000e18);
        uint256 exact = LOT_1 * 200e27; // rad: LOT_1 MKR at 200 DAI each
        mcd.vow.file("sump", exact + 1);
        uint256 a = _kick();
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (a)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, 200e18 + 1, 200e18)
        );

        mcd.vow.file("sump", exact);
        uint256 b = _kick();
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(b, LOT_1, _lockedFor(exact), 200e18);
        pool.enterAuction(b);
    }

    /// @dev Three holders with awkward amounts leave one by one: none gets more than pro rata, the last
    ///      takes the remainder, and the pool ends at zero.
    function test_rounding_everyoneLeavesAndThePoolEndsEmpty() public {
        _enlist(alice, 1e18 + 1);
        _giveDai(address(pool), 1);
        pool.skim();
        vm.warp(block.timestamp + 1 days);
        _enlist(bob, 3e18 + 7);
        _enlist(carol, 5e18 + 11);
        address[3] memory holders = [alice, bob, carol];
        for (uint256 i; i < 3; ++i) {
            uint256 shares = pool.balanceOf(holders[i]);
            uint256 fair = shares * _navDai() / pool.totalSupply();
            (uint256 daiWad,) = _defect(holders[i], shares);
            assertEq(daiWad, fair);
        }
        _assertBooks(0, 0, 0);
        assertEq(pool.totalSupply(), 0);
        assertEq(mcd.dai.balanceOf(address(pool)), 0);
    }

    /// @dev Three exit requests (shares alice gave away) and three deposit requests, all of awkward sizes,
    ///      in the round of `id`.
    function _awkwardRequests(uint256 id) internal returns (uint256 exitTotal, uint256 depositTotal) {
        _enlist(alice, 60_000e18 + 7);
        _enter(id);
        uint256[3] memory exitShares = [uint256(1e18 + 1), 3e18 + 5, 7];
        uint256[3] memory depositDai = [uint256(2e18 + 3), 5, 11e18 + 13];
        for (uint256 i; i < 3; ++i) {
            vm.prank(alice);
            pool.transfer(_leaver(i), exitShares[i]);
            _requestDefect(_leaver(i), exitShares[i]);
            _requestEnlist(_joiner(i), depositDai[i]);
            exitTotal += exitShares[i];
            depositTotal += depositDai[i];
        }
    }

    function _leaver(uint256 i) internal returns (address) {
        return makeAddr(string.concat("leaver", vm.toString(i)));
    }

    function _joiner(uint256 i) internal returns (address) {
        return makeAddr(string.concat("joiner", vm.toString(i)));
    }

    /// @dev A round's requests are priced once, both totals rounded down (against the requesters), and each
    ///      claim takes its part of what the round has left, rounded down, the last one the rest: the
    ///      requesters together never collect more than the totals, and the holders who stayed keep every
    ///      wei of rounding.
    function test_rounding_roundRequestsNeverCollectMoreThanTheTotals() public {
        uint256 id = _kick();
        (uint256 exitTotal, uint256 depositTotal) = _awkwardRequests(id);
        _warpPastSettle(id);
        assertTrue(_finalize(id));

        // The close's prices, from the rules: the liquid book after the win over the round's supply.
        uint256 nav = 60_000e18 + 7 - BID;
        uint256 supply = 60_000e18 + 7;
        uint256 paid;
        uint256 minted;
        uint256 mkrPaid;
        for (uint256 i; i < 3; ++i) {
            uint256 exitShares = pool.pending(_leaver(i)).defectShares;
            (, uint256 daiWad, uint256 mkrWad) = _claim(_leaver(i));
            assertEq(mkrWad, exitShares * (LOT_1 * RAY / supply) / RAY, "the locked shares' part of the win");
            mkrPaid += mkrWad;
            // Pro rata of what is left, rounded down; the last takes the others' rounding, a wei each at
            // most.
            assertLe(daiWad, exitShares * nav / supply + i, "never more than pro rata");
            paid += daiWad;
            (uint256 shares,,) = _claim(_joiner(i));
            minted += shares;
        }
        assertEq(paid, exitTotal * nav / supply, "the claims add up to the round's total, rounded down");
        assertEq(minted, depositTotal * supply / nav);
        assertEq(pool.balanceOf(address(pool)), 0, "nothing left in the escrow");
        assertEq(pool.totalSupply(), supply - exitTotal + minted);
        _assertBooks(nav - paid + depositTotal, 0, LOT_1 - mkrPaid);
    }

    /// @dev The accumulator rounds down twice, per share and per holder: holders never claim more MKR than
    ///      was won, and the difference stays in the pool.
    function test_rounding_mkrCreditsNeverExceedTheLot() public {
        _enlist(alice, 1e18 + 1);
        _enlist(bob, 3e18 + 7);
        _enlist(carol, 60_000e18 + 11);
        _win(_kick());
        uint256 supply = 60_004e18 + 19;
        uint256 acc = LOT_1 * RAY / supply;
        assertEq(pool.mkrPerShareRay(), acc, "lot * 1e27 / supply, rounded down");
        uint256 claimed = _claimMkr(alice) + _claimMkr(bob) + _claimMkr(carol);
        assertEq(claimed, (1e18 + 1) * acc / RAY + (3e18 + 7) * acc / RAY + (60_000e18 + 11) * acc / RAY);
        assertLe(claimed, LOT_1);
        assertEq(mcd.mkr.balanceOf(address(pool)), LOT_1 - claimed, "the dust stays: MKR held >= claimable");
        _assertBooks(10_004e18 + 19, 0, LOT_1 - claimed);
    }
}
