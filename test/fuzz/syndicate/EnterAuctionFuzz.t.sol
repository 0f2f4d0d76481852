// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {DUMP, SUMP, TAU, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";

/// @notice Fuzzes enterAuction over beg, ticks (the lot), price tiers, odd bids and timing, checking each
///         result against arithmetic done here: the ask is the largest lot the Flopper accepts, the pool
///         enters iff bid / lot <= price, and it bids only while the auction runs.
contract EnterAuctionFuzzTest is SyndicateUnitBase {
    function _setUpAuction(uint256 begSeed, uint256 ticksSeed) internal returns (uint256 id, uint256 beg) {
        beg = bound(begSeed, 1.01e18, 1.5e18);
        mcd.flop.file("beg", beg);
        id = _kick();
        uint256 ticks = bound(ticksSeed, 0, 5);
        for (uint256 i; i < ticks; ++i) {
            _tick(id);
        }
    }

    /// @dev The ask passes the Flopper's beg check and one wei more would not.
    function test_fuzz_enterAuction_asksTheLargestLotBegAccepts(uint256 begSeed, uint256 ticksSeed) public {
        pool = _newPool(1e30); // no price limit in the way
        _enlist(alice, BID);
        (uint256 id, uint256 beg) = _setUpAuction(begSeed, ticksSeed);
        (, uint256 auctionLot,,,) = _bid(id);
        uint256 expected = auctionLot * WAD / beg;

        // One wei more than the ask: the Flopper refuses it.
        _giveVatDai(rival, SUMP);
        vm.prank(rival);
        vm.expectRevert(bytes("Flopper/insufficient-decrease"));
        mcd.flop.dent(id, expected + 1, SUMP);

        _enter(id);
        (, uint256 lot, address guy,,) = _bid(id);
        assertEq(guy, address(pool));
        assertEq(lot, expected, "largest lot");
        assertLe(beg * lot, auctionLot * WAD, "beg check");
        assertGt(beg * (lot + 1), auctionLot * WAD, "lot + 1 fails it");
        assertLt(lot, auctionLot);
        assertEq(pool.positions(id).lotWad, lot);
    }

    /// @dev Entry happens iff bid <= price * lot (in rad per wad); the price reported never exceeds the
    ///      limit and is the bid over the lot rounded up. Odd bids (any rad) book their nano-rounded DAI.
    function test_fuzz_enterAuction_entersIffWithinTheLimit(
        uint256 priceSeed,
        uint256 begSeed,
        uint256 ticksSeed,
        uint256 sumpSeed
    ) public {
        uint256 limit = bound(priceSeed, 50e18, 400e18);
        pool = _newPool(limit);
        uint256 sump = bound(sumpSeed, 1000 * RAD, 100_000 * RAD);
        mcd.vow.file("sump", sump);
        _enlist(alice, 100_001e18);
        (uint256 id, uint256 beg) = _setUpAuction(begSeed, ticksSeed);
        (, uint256 auctionLot,,,) = _bid(id);
        uint256 lot = auctionLot * WAD / beg;
        uint256 implied = _impliedPrice(sump, lot);
        bool within = sump <= limit * lot * 1e9;
        assertEq(within, implied <= limit, "rounded-up price agrees with the exact comparison");

        (bool ok, bytes memory reason) = pool.canEnter(id);
        assertEq(ok, within, "canEnter");
        if (within) {
            uint256 locked = _lockedFor(sump);
            vm.expectEmit(address(pool));
            emit IDaiBackstopSyndicate.AuctionEntered(id, lot, locked, implied);
            _enter(id);
            _assertPosition(id, locked, lot, block.timestamp + TTL, 0, 0);
            _assertBooks(100_001e18 - locked, locked, 0);
            assertGe(locked * RAY, sump, "booked at least the bid");
            assertLt(locked * RAY - sump, 1e36, "by less than a nano-DAI");
            // The pool holds the DAI it books outside the bid.
            assertGe(_daiHeldRad(address(pool)), (100_001e18 - locked) * RAY);
        } else {
            assertEq(
                reason, abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, implied, limit)
            );
            vm.prank(keeper);
            _assertRevert(
                address(pool),
                abi.encodeCall(pool.enterAuction, (id)),
                abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, implied, limit)
            );
        }
    }

    /// @dev The pool bids iff the auction is running (now < end, and now < tic once bid); the position
    ///      settles at min(now + ttl, end).
    function test_fuzz_enterAuction_onlyWhileRunning(
        uint256 rivalSeed,
        uint256 warpSeed,
        bool rivalBids
    ) public {
        _enlist(alice, BID);
        uint256 id = _kick();
        uint256 t0 = block.timestamp;
        uint256 end = t0 + TAU;
        if (rivalBids) {
            vm.warp(t0 + bound(rivalSeed, 0, TAU - 1));
            _rivalDent(rival, id);
        }
        (,,, uint48 tic,) = _bid(id);
        vm.warp(bound(warpSeed, block.timestamp, end + 1 days));

        bool running = block.timestamp < end && (tic == 0 || block.timestamp < tic);
        if (running) {
            uint256 settleAt = block.timestamp + TTL < end ? block.timestamp + TTL : end;
            _enter(id);
            _assertPosition(id, BID, rivalBids ? LOT_2 : LOT_1, settleAt, 0, 0);
            (,,, uint48 newTic,) = _bid(id);
            assertEq(newTic, block.timestamp + TTL);
        } else {
            (bool ok, bytes memory reason) = pool.canEnter(id);
            assertFalse(ok);
            assertEq(reason, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionFinished.selector, id));
            vm.prank(keeper);
            _assertRevert(
                address(pool),
                abi.encodeCall(pool.enterAuction, (id)),
                abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionFinished.selector, id)
            );
        }
    }

    /// @dev Outbid again and again: the pool re-enters, each time at the largest lot, until the price
    ///      passes its limit; its books never lose a wei.
    function test_fuzz_enterAuction_reentryUntilTheLimit(uint256 priceSeed, uint256 begSeed) public {
        uint256 beg = bound(begSeed, 1.01e18, 1.2e18);
        mcd.flop.file("beg", beg);
        // At least the price of the first ask, so the pool enters at least once.
        uint256 limit = bound(priceSeed, _impliedPrice(SUMP, DUMP * WAD / beg), 400e18);
        pool = _newPool(limit);
        _enlist(alice, BID);
        uint256 id = _kick();
        uint256 rounds;
        while (true) {
            (, uint256 auctionLot,,,) = _bid(id);
            uint256 lot = auctionLot * WAD / beg;
            if (SUMP > limit * lot * 1e9) {
                _assertRevert(
                    address(pool),
                    abi.encodeCall(pool.enterAuction, (id)),
                    abi.encodeWithSelector(
                        IDaiBackstopSyndicate.PriceAboveLimit.selector, _impliedPrice(SUMP, lot), limit
                    )
                );
                break;
            }
            _enter(id);
            ++rounds;
            _assertBooks(0, BID, 0);
            assertEq(pool.positions(id).lotWad, lot);
            _rivalDent(rounds % 2 == 0 ? rival : rival2, id);
        }
        assertGt(rounds, 0);
        assertFalse(_finalize(id));
        _assertBooks(BID, 0, 0);
        (uint256 daiWad,) = _defect(alice, BID);
        assertEq(daiWad, BID);
        assertEq(mcd.dai.balanceOf(alice), BID);
    }
}
