// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ExactRevert} from "test/helpers/ExactRevert.sol";
import {SUMP} from "test/helpers/March2020.sol";
import {SyndicateTestBase} from "test/helpers/SyndicateTestBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Shared fixtures for the syndicate's unit, fuzz and attack suites: named actors, the
///         lots and prices of the default auction computed off-chain (so tests do not trust the
///         contract's arithmetic), and small helpers that drive the pool and read its state.
///         The March 2020 parameters (SUMP, DUMP, BEG, TTL, TAU) are in `test/helpers/March2020.sol`.
abstract contract SyndicateUnitBase is SyndicateTestBase, ExactRevert {
    /// @dev The Vow's `sump` (the fixed bid of every debt auction) in wad: the DAI a position locks.
    uint256 internal constant BID = SUMP / RAY;

    /// @dev A fresh 250 MKR auction dented alternately by the pool (odd steps) and a rival (even steps),
    ///      each asking for the most the Flopper accepts, floor(lot * 1e18 / 1.03e18), and the price the
    ///      pool's bid implies, ceil(50,000e45 / (lot * 1e9)) wad DAI per MKR. Computed with Python.
    uint256 internal constant LOT_1 = 242_718_446_601_941_747_572;
    uint256 internal constant PRICE_1 = 206_000_000_000_000_000_001;
    uint256 internal constant LOT_2 = 235_648_977_283_438_589_875;
    uint256 internal constant LOT_3 = 228_785_414_838_289_893_082;
    uint256 internal constant PRICE_3 = 218_545_400_000_000_000_002;
    uint256 internal constant LOT_4 = 222_121_761_978_922_226_293;
    uint256 internal constant LOT_5 = 215_652_196_096_040_996_400;
    uint256 internal constant PRICE_5 = 231_854_814_860_000_000_004;
    uint256 internal constant LOT_6 = 209_371_064_170_913_588_737;
    uint256 internal constant LOT_7 = 203_272_877_835_838_435_666;
    uint256 internal constant PRICE_7 = 245_974_773_084_974_000_006;
    uint256 internal constant LOT_8 = 197_352_308_578_483_918_122;
    uint256 internal constant LOT_9 = 191_604_183_085_906_716_623;
    uint256 internal constant PRICE_9 = 260_954_636_765_848_916_607;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal keeper = makeAddr("keeper");
    address internal rival = makeAddr("rival");
    address internal rival2 = makeAddr("rival2");

    // ------------------------------------------------------------ auctions

    /// @dev `keeper` (anyone) enters the pool into auction `id`.
    function _enter(uint256 id) internal {
        vm.prank(keeper);
        pool.enterAuction(id);
    }

    function _enterAfter(uint256 id, uint256 prevId) internal {
        vm.prank(keeper);
        pool.enterAuctionAfter(id, prevId);
    }

    function _finalize(uint256 id) internal returns (bool won) {
        vm.prank(keeper);
        won = pool.finalize(id);
    }

    /// @dev Enters auction `id`, lets the pool's bid expire and finalizes it: the pool wins.
    function _win(uint256 id) internal {
        _enter(id);
        _warpPastSettle(id);
        assertTrue(_finalize(id), "won");
    }

    function _defect(address usr, uint256 shares) internal returns (uint256 daiWad, uint256 mkrWad) {
        vm.prank(usr);
        (daiWad, mkrWad) = pool.defect(shares);
    }

    /// @dev `usr` asks to join the open round with `wad` freshly minted DAI.
    function _requestEnlist(address usr, uint256 wad) internal {
        _giveDai(usr, wad);
        vm.startPrank(usr);
        mcd.dai.approve(address(pool), wad);
        pool.requestEnlist(wad);
        vm.stopPrank();
    }

    function _requestDefect(address usr, uint256 shares) internal {
        vm.prank(usr);
        pool.requestDefect(shares);
    }

    /// @dev Anyone (`keeper`) claims for `usr`.
    function _claim(address usr) internal returns (uint256 shares, uint256 daiWad, uint256 mkrWad) {
        vm.prank(keeper);
        (shares, daiWad, mkrWad) = pool.claim(usr);
    }

    function _claimMkr(address usr) internal returns (uint256 mkrWad) {
        vm.prank(usr);
        mkrWad = pool.claimMkr();
    }

    function _halt() internal {
        vm.prank(owner);
        pool.halt();
    }

    // ------------------------------------------------------------ reading

    function _bid(uint256 id)
        internal
        view
        returns (uint256 bidRad, uint256 lot, address guy, uint48 tic, uint48 end)
    {
        return mcd.flop.bids(id);
    }

    function _assertBooks(uint256 daiBook, uint256 lockedBook, uint256 mkrBook) internal view {
        (uint256 d, uint256 lk, uint256 m) = pool.nav();
        assertEq(d, daiBook, "daiBook");
        assertEq(lk, lockedBook, "lockedBook");
        assertEq(m, mkrBook, "mkrBook");
    }

    function _assertPosition(
        uint256 id,
        uint256 lockedDai,
        uint256 lot,
        uint256 settleAt,
        uint256 prev,
        uint256 next
    ) internal view {
        IDaiBackstopSyndicate.Position memory p = pool.positions(id);
        assertEq(p.lockedDaiWad, lockedDai, "position.lockedDaiWad");
        assertEq(p.lotWad, lot, "position.lot");
        assertEq(p.settleAt, settleAt, "position.settleAt");
        assertEq(p.prev, prev, "position.prev");
        assertEq(p.next, next, "position.next");
    }

    /// @dev Every field of `status()` against the expected snapshot.
    function _assertStatus(IDaiBackstopSyndicate.Status memory want) internal view {
        IDaiBackstopSyndicate.Status memory s = pool.status();
        assertEq(s.halted, want.halted, "status.halted");
        assertEq(s.evidencePooled, want.evidencePooled, "status.evidencePooled");
        assertEq(s.flopperLive, want.flopperLive, "status.flopperLive");
        assertEq(s.daiJoinLive, want.daiJoinLive, "status.daiJoinLive");
        assertEq(s.daiBookWad, want.daiBookWad, "status.daiBookWad");
        assertEq(s.lockedBookWad, want.lockedBookWad, "status.lockedBookWad");
        assertEq(s.mkrBookWad, want.mkrBookWad, "status.mkrBookWad");
        assertEq(s.totalShares, want.totalShares, "status.totalShares");
        assertEq(s.openPositions, want.openPositions, "status.openPositions");
        assertEq(s.settlementDue, want.settlementDue, "status.settlementDue");
        assertEq(s.round, want.round, "status.round");
        assertEq(s.roundOpen, want.roundOpen, "status.roundOpen");
        assertEq(s.closeBy, want.closeBy, "status.closeBy");
        // The standalone views agree with the snapshot.
        assertEq(pool.halted(), want.halted, "halted()");
        assertEq(pool.evidencePooled(), want.evidencePooled, "evidencePooled()");
        assertEq(pool.openPositions().length, want.openPositions, "openPositions().length");
        assertEq(pool.settlementDue(), want.settlementDue, "settlementDue()");
        assertEq(pool.totalSupply(), want.totalShares, "totalSupply()");
        IDaiBackstopSyndicate.Round memory r = pool.round();
        assertEq(r.id, want.round, "round().id");
        assertEq(r.open, want.roundOpen, "round().open");
        assertEq(r.closeBy, want.closeBy, "round().closeBy");
        _assertBooks(want.daiBookWad, want.lockedBookWad, want.mkrBookWad);
    }

    /// @dev Every field of `quote(id)` against the expected quote.
    function _assertQuote(uint256 id, IDaiBackstopSyndicate.Quote memory want) internal view {
        IDaiBackstopSyndicate.Quote memory q = pool.quote(id);
        assertEq(q.bidRad, want.bidRad, "quote.bidRad");
        assertEq(q.bidDaiWad, want.bidDaiWad, "quote.bidDaiWad");
        assertEq(q.openBidDaiWad, want.openBidDaiWad, "quote.openBidDaiWad");
        assertEq(q.availableWad, want.availableWad, "quote.availableWad");
        assertEq(q.lotWad, want.lotWad, "quote.lotWad");
        assertEq(q.priceWad, want.priceWad, "quote.priceWad");
        assertEq(q.settleAt, want.settleAt, "quote.settleAt");
        assertEq(q.replaces, want.replaces, "quote.replaces");
    }

    /// @dev The pool refuses auction `id` with exactly `err`, byte for byte, everywhere: `canEnter`
    ///      reports it, `quote` and `enterAuction` revert with it, and so does `enterAuctionAfter` (the
    ///      errors of the quote come before the queue's). Nothing changes.
    function _assertRefused(uint256 id, bytes memory err) internal {
        (bool ok, bytes memory refusal) = pool.canEnter(id);
        assertFalse(ok, "canEnter: not ok");
        assertEq(refusal, err, "canEnter: the refusal, byte for byte");
        _assertRevert(address(pool), abi.encodeCall(pool.quote, (id)), err);
        vm.prank(keeper);
        _assertRevert(address(pool), abi.encodeCall(pool.enterAuction, (id)), err);
        vm.prank(keeper);
        _assertRevert(address(pool), abi.encodeCall(pool.enterAuctionAfter, (id, 0)), err);
    }

    function _assertNoPosition(uint256 id) internal view {
        _assertPosition(id, 0, 0, 0, 0, 0);
    }

    function _assertOpen(uint256[] memory expected) internal view {
        uint256[] memory ids = pool.openPositions();
        assertEq(ids.length, expected.length, "open positions: count");
        for (uint256 i; i < ids.length; ++i) {
            assertEq(ids[i], expected[i], "open positions: order");
        }
    }

    /// @dev DAI the pool holds outside the Flopper, rad: ERC20 plus Vat DAI.
    function _daiHeldRad(address who) internal view returns (uint256) {
        return mcd.dai.balanceOf(who) * RAY + mcd.vat.dai(who);
    }

    /// @dev DAI a user holds, wad: ERC20 plus whole Vat DAI.
    function _daiOf(address who) internal view returns (uint256) {
        return mcd.dai.balanceOf(who) + mcd.vat.dai(who) / RAY;
    }

    // ------------------------------------------------------------ independent arithmetic

    /// @dev The price `bidRad` for `lot` implies, wad DAI per MKR, rounded up (against the pool).
    function _impliedPrice(uint256 bidRad, uint256 lot) internal pure returns (uint256) {
        return (bidRad + lot * 1e9 - 1) / (lot * 1e9);
    }

    /// @dev DAI booked for a bid of `bidRad`: the bid in wad rounded up to whole nano-DAI (1e9 wei), as
    ///      the pool stores positions. Equal to `bidRad / 1e27` for the Vow's round `sump`.
    function _lockedFor(uint256 bidRad) internal pure returns (uint256) {
        return (bidRad + 1e36 - 1) / 1e36 * 1e9;
    }

    function _single(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _pair(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        ids[0] = a;
        ids[1] = b;
    }

    function _triple(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        ids[0] = a;
        ids[1] = b;
        ids[2] = c;
    }
}
