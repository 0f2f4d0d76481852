// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {BEG, DUMP, SUMP, TAU, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";

/// @notice enterAuction: the largest lot the Flopper accepts, the price check (exact boundary), funding
///         from daiBook, joining only what the Vat lacks, every error, and canEnter agreeing with each.
contract EnterAuctionTest is SyndicateUnitBase {
    function _assertCanEnter(uint256 id) internal view {
        (bool ok, bytes memory reason) = pool.canEnter(id);
        assertTrue(ok, "canEnter");
        assertEq(reason, "", "canEnter: no refusal");
    }

    // ------------------------------------------------------------ the bid

    function test_enterAuction_bidsTheLargestLot() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        uint256 end = block.timestamp + TAU;
        _assertCanEnter(id);

        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(id, LOT_1, BID, PRICE_1);
        _enter(id);

        (uint256 bidRad, uint256 lot, address guy, uint48 tic, uint48 auctionEnd) = _bid(id);
        assertEq(bidRad, SUMP);
        assertEq(lot, LOT_1);
        assertEq(guy, address(pool));
        assertEq(tic, block.timestamp + TTL);
        assertEq(auctionEnd, end);
        _assertPosition(id, BID, LOT_1, block.timestamp + TTL, 0, 0);
        _assertBooks(10_000e18, BID, 0);
        _assertOpen(_single(id));
        // The first dent repays the Vow, inside the Vat.
        assertEq(mcd.vat.dai(address(mcd.vow)), SUMP);
    }

    /// @dev With beg filed at 1, lot / beg is the lot itself, which the Flopper refuses (a dent must
    ///      lower the lot): the pool asks one wei less.
    function test_enterAuction_begOfOne_asksOneWeiLess() public {
        mcd.flop.file("beg", WAD);
        _enlist(alice, BID);
        uint256 id = _kick();
        _assertCanEnter(id);
        _enter(id);
        (, uint256 lot,,,) = _bid(id);
        assertEq(lot, DUMP - 1);
        _assertBooks(0, BID, 0);
    }

    function test_enterAuction_lotIsFloorOfLotOverBeg() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _enter(id);
        (, uint256 lot,,,) = _bid(id);
        assertEq(lot, LOT_1);
        assertEq(lot, DUMP * WAD / BEG, "floor");
        assertLe(lot * BEG, DUMP * WAD, "the Flopper's beg check passes");
        assertGt((lot + 1) * BEG, DUMP * WAD, "one more wei would fail it");
    }

    /// @dev 2020's contract asked lot = bid / 100 and never read beg: here a different beg changes the ask.
    function test_enterAuction_readsTheFloppersBeg() public {
        mcd.flop.file("beg", 1.05e18);
        _enlist(alice, BID);
        uint256 id = _kick();
        uint256 lot = 238_095_238_095_238_095_238; // floor(250e36 / 1.05e18)
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(id, lot, BID, 210_000_000_000_000_000_001);
        _enter(id);
        (, uint256 auctionLot,,,) = _bid(id);
        assertEq(auctionLot, lot);
    }

    function test_enterAuction_afterTicksAsksForMore() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _tick(id);
        _tick(id); // 360 MKR on offer
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(
            id, 349_514_563_106_796_116_504, BID, 143_055_555_555_555_555_556
        );
        _enter(id);
    }

    /// @dev The 2020 tier (100 DAI/MKR) could not bid on a fresh 250 MKR lot; it can after four ticks.
    function test_enterAuction_tier100AfterFourTicks() public {
        pool = _newPool(100e18);
        _enlist(alice, BID);
        uint256 id = _kick();
        _assertRefused(
            id, abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, PRICE_1, 100e18)
        );
        _tick(id);
        _tick(id);
        _tick(id); // 432 MKR: asks 419.4 at 119.2 DAI/MKR
        _assertRefused(
            id,
            abi.encodeWithSelector(
                IDaiBackstopSyndicate.PriceAboveLimit.selector, 119_212_962_962_962_962_964, 100e18
            )
        );
        _tick(id); // 518.4 MKR
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(
            id, 503_300_970_873_786_407_766, BID, 99_344_135_802_469_135_803
        );
        _enter(id);
    }

    /// @dev The price limit is inclusive, to the wei: a pool whose limit is the implied price (rounded up)
    ///      enters; one wei less does not.
    function test_enterAuction_priceLimitExactBoundary() public {
        assertEq(_impliedPrice(SUMP, LOT_1), PRICE_1);
        pool = _newPool(PRICE_1 - 1);
        _enlist(alice, BID);
        uint256 id = _kick();
        _assertRefused(
            id, abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, PRICE_1, PRICE_1 - 1)
        );

        pool = _newPool(PRICE_1);
        _enlist(alice, BID);
        _enter(id);
        (,, address guy,,) = _bid(id);
        assertEq(guy, address(pool));
    }

    /// @dev The rounded-up price of the last entry before the limit, then the first one past it.
    function test_enterAuction_stopsOnceOutbidPastTheLimit() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _enter(id); // LOT_1
        _rivalDent(rival, id); // LOT_2
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(id, LOT_3, BID, PRICE_3);
        _enter(id);
        _rivalDent(rival2, id);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(id, LOT_5, BID, PRICE_5);
        _enter(id);
        _rivalDent(rival, id);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(id, LOT_7, BID, PRICE_7);
        _enter(id);
        _rivalDent(rival2, id); // LOT_8
        _assertRefused(
            id, abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, PRICE_9, PRICE)
        );
    }

    /// @dev A lot that rounds to zero MKR has no finite price.
    function test_enterAuction_zeroLot_priceAboveLimit() public {
        _enlist(alice, BID);
        mcd.vow.file("dump", 1);
        uint256 id = _kick();
        _assertRefused(
            id,
            abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, type(uint256).max, PRICE)
        );
    }

    function test_enterAuction_settleAtIsTicOrEnd() public {
        _enlist(alice, 2 * BID);
        uint256 a = _kick();
        _enter(a);
        _assertPosition(a, BID, LOT_1, block.timestamp + TTL, 0, 0);

        uint256 b = _kick();
        (,,,, uint48 end) = _bid(b);
        vm.warp(uint256(end) - 1 hours);
        _finalize(a);
        _enter(b);
        _assertPosition(b, BID, LOT_1, end, 0, 0);
        (,,, uint48 tic,) = _bid(b);
        assertEq(tic, block.timestamp + TTL, "the Flopper's tic is later than end");
    }

    function test_enterAuction_repaysTheRivalInTheVat() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _rivalDent(rival, id);
        assertEq(mcd.vat.dai(rival), 0);
        _enter(id);
        assertEq(mcd.vat.dai(rival), SUMP);
        (, uint256 lot, address guy,,) = _bid(id);
        assertEq(lot, LOT_2, "asks beg less than the rival's LOT_1");
        assertEq(guy, address(pool));
    }

    function test_enterAuction_anyoneMayCall() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        vm.prank(makeAddr("stranger"));
        pool.enterAuction(id);
        (,, address guy,,) = _bid(id);
        assertEq(guy, address(pool));
    }

    // ------------------------------------------------------------ funding

    function test_enterAuction_joinsOnlyWhatTheBidNeeds() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        vm.expectCall(address(mcd.daiJoin), abi.encodeCall(DaiJoin.join, (address(pool), 50_000e18)), 1);
        _enter(id);
        assertEq(mcd.dai.balanceOf(address(pool)), 10_000e18);
        assertEq(mcd.vat.dai(address(pool)), 0);
    }

    function test_enterAuction_usesVatDaiFirst() public {
        _enlist(alice, 60_000e18);
        uint256 a = _kick();
        _enter(a);
        _rivalDent(rival, a);
        _finalize(a); // 50,000 back in the Vat
        uint256 b = _kick();
        vm.expectCall(address(mcd.daiJoin), abi.encodeWithSelector(DaiJoin.join.selector), 0);
        _enter(b);
        assertEq(mcd.dai.balanceOf(address(pool)), 10_000e18);
        assertEq(mcd.vat.dai(address(pool)), 0);
        _assertBooks(10_000e18, BID, 0);
    }

    function test_enterAuction_joinsTheDifference() public {
        _enlist(alice, 60_000e18);
        uint256 a = _kick();
        _enter(a);
        _rivalDent(rival, a);
        _finalize(a);
        _defect(alice, 30_000e18); // 10,000 ERC20 then 20,000 out of the Vat: 30,000 left there
        _enlist(bob, 20_000e18);
        assertEq(mcd.vat.dai(address(pool)), 30_000 * RAD);
        uint256 b = _kick();
        vm.expectCall(address(mcd.daiJoin), abi.encodeCall(DaiJoin.join, (address(pool), 20_000e18)), 1);
        _enter(b);
        assertEq(mcd.dai.balanceOf(address(pool)), 0);
        assertEq(mcd.vat.dai(address(pool)), 0);
        _assertBooks(0, BID, 0);
    }

    function test_enterAuction_exactlyFunded() public {
        _enlist(alice, BID);
        _enter(_kick());
        _assertBooks(0, BID, 0);
        assertEq(_daiHeldRad(address(pool)), 0);
    }

    function test_enterAuction_insufficientLiquidity_reverts() public {
        _enlist(alice, BID - 1);
        uint256 id = _kick();
        _assertRefused(
            id, abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, BID - 1)
        );
    }

    /// @dev Unbooked DAI (a donation) never funds a bid: only daiBook does.
    function test_enterAuction_donationDoesNotFund() public {
        _enlist(alice, 40_000e18);
        _giveDai(address(pool), 10_000e18);
        _giveVatDai(address(pool), 10_000 * RAD);
        uint256 id = _kick();
        _assertRefused(
            id, abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, 40_000e18)
        );
    }

    /// @dev DAI locked in another open bid is not liquid.
    function test_enterAuction_lockedDaiNotAvailable() public {
        _enlist(alice, 90_000e18);
        _enter(_kick());
        uint256 b = _kick();
        _assertRefused(
            b, abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, 40_000e18)
        );
    }
}
