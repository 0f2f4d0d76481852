// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {BEG, SUMP, TAU} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY, WAD} from "test/helpers/Units.sol";

/// @notice Forced entry (griefing). `enterAuction` is permissionless, so a griefer can make the pool bid
///         whenever it likes, outbid it and force it back in, again and again, or try to corrupt the
///         settle-time queue with an entry that settles early. Whoever calls it, the pool only ever asks the
///         largest lot the Flopper accepts, at a price within its limit, funded from its own liquid books;
///         every outbid bid comes back whole; and a bad queue position is refused.
contract ForcedEntryTest is SyndicateUnitBase {
    address internal griefer = makeAddr("griefer");

    function _griefEnter(uint256 id) internal {
        vm.prank(griefer);
        pool.enterAuction(id);
    }

    /// @dev The griefer alternates outbidding the pool and forcing it back in until the price passes the
    ///      limit. Each forced bid is the largest lot at a price within the limit; at the end the pool's
    ///      DAI is back in full, and the griefer has spent nothing but gas.
    function test_forcedEntry_repeatedCyclesLoseNothing() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _griefEnter(id);
        (, uint256 first,,,) = _bid(id);
        assertEq(first, LOT_1);
        uint256 cycles;
        while (true) {
            (, uint256 current,,,) = _bid(id);
            IDaiBackstopSyndicate.Position memory p = pool.positions(id);
            assertEq(p.lotWad, current, "the pool's lot is the auction's");
            assertLe(_impliedPrice(SUMP, p.lotWad), PRICE, "within the limit");
            _rivalDent(griefer, id);
            (, uint256 griefLot,,,) = _bid(id);
            uint256 ask = griefLot * WAD / BEG;
            if (_impliedPrice(SUMP, ask) > PRICE) break;
            _griefEnter(id);
            (, uint256 lot,,,) = _bid(id);
            assertEq(lot, ask, "the largest lot");
            _assertBooks(10_000e18, BID, 0);
            ++cycles;
        }
        assertEq(cycles, 3, "entered at LOT_1, 3, 5, 7; LOT_9 is over 250 DAI/MKR");
        vm.prank(griefer);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (id)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, PRICE_9, PRICE)
        );
        assertFalse(_finalize(id));
        _assertBooks(60_000e18, 0, 0);
        assertEq(_daiHeldRad(address(pool)), 60_000e18 * RAY);
        assertEq(mcd.vat.dai(griefer), 0, "the griefer's DAI is in its last bid");
    }

    /// @dev A forced entry near an auction's end settles before the tail: without a hint it reverts, with a
    ///      wrong hint it reverts, and with the right one the queue stays sorted.
    function test_forcedEntry_earlySettlingEntryCannotCorruptTheQueue() public {
        _enlist(alice, 150_000e18);
        uint256 t0 = block.timestamp;
        uint256 a = _kick();
        vm.warp(t0 + TAU - 3 hours);
        uint256 b = _kick();
        uint256 c = _kick();
        _enter(b);
        _enter(c);
        uint256 settleA = t0 + TAU;
        vm.startPrank(griefer);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (a)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsertionHintRequired.selector, settleA)
        );
        uint256[4] memory badHints = [b, c, a, uint256(12_345)];
        for (uint256 i; i < badHints.length; ++i) {
            _assertRevert(
                address(pool),
                abi.encodeCall(pool.enterAuctionAfter, (a, badHints[i])),
                abi.encodeWithSelector(IDaiBackstopSyndicate.BadInsertionHint.selector, badHints[i], settleA)
            );
        }
        pool.enterAuctionAfter(a, 0);
        vm.stopPrank();
        _assertOpen(_triple(a, b, c));
        vm.warp(settleA + 1);
        assertEq(pool.settlementDue(), a, "the early one is due first");
    }

    /// @dev Forcing an entry cannot spend more than the liquid book: not DAI sent to the pool, not DAI in
    ///      other bids.
    function test_forcedEntry_cannotSpendUnbookedOrLockedDai() public {
        _enlist(alice, 90_000e18);
        _griefEnter(_kick());
        _giveDai(address(pool), 20_000e18);
        uint256 b = _kick();
        vm.prank(griefer);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enterAuction, (b)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, 40_000e18)
        );
    }

    function test_fuzz_forcedEntry_anyCallerBidsWithinLimitAtLargestLot(
        uint256 priceSeed,
        uint256 begSeed,
        uint256 ticksSeed,
        uint256 outbidsSeed
    ) public {
        uint256 limit = bound(priceSeed, 50e18, 400e18);
        pool = _newPool(limit);
        uint256 beg = bound(begSeed, 1.01e18, 1.5e18);
        mcd.flop.file("beg", beg);
        _enlist(alice, BID);
        uint256 id = _kick();
        uint256 ticks = bound(ticksSeed, 0, 5);
        for (uint256 i; i < ticks; ++i) {
            _tick(id);
        }
        uint256 outbids = bound(outbidsSeed, 0, 3);
        for (uint256 i; i < outbids; ++i) {
            _rivalDent(i % 2 == 0 ? rival : rival2, id);
        }
        (, uint256 auctionLot,,,) = _bid(id);
        uint256 ask = auctionLot * WAD / beg;
        vm.prank(griefer);
        try pool.enterAuction(id) {
            (, uint256 lot, address guy,,) = _bid(id);
            assertEq(guy, address(pool));
            assertEq(lot, ask);
            assertLe(SUMP, limit * lot * 1e9, "bid / lot <= limit");
            _assertBooks(0, BID, 0);
        } catch (bytes memory err) {
            assertEq(
                err,
                abi.encodeWithSelector(
                    IDaiBackstopSyndicate.PriceAboveLimit.selector, _impliedPrice(SUMP, ask), limit
                )
            );
            assertGt(SUMP, limit * ask * 1e9);
            _assertBooks(BID, 0, 0);
        }
    }
}
