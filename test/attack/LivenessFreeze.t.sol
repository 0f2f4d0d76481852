// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {BEG, DUMP} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";

/// @notice Freezing the pool: a position that `finalize` can never settle keeps its round open for good,
///         and with it every `enlist` and `defect` reverting `RoundOpen` and every request waiting. A review
/// found three ways in (a zero bid, a lot wider than the MKR book, `canEnter` saying yes where
///         `enterAuction` reverts); the pool now refuses, in the one quote `canEnter` shares, every
///         auction whose position could not be settled. One test per way in, each also checks that
///         `canEnter` reports the very revert data `enterAuction` gives, and that the holder can leave.
contract LivenessFreezeTest is SyndicateUnitBase {
    /// @dev After the refusal nothing is open or due, and `usr` leaves with every wei.
    function _assertCanLeave(address usr, uint256 daiWad) internal {
        assertEq(pool.settlementDue(), 0, "nothing due");
        assertEq(pool.openPositions().length, 0, "nothing open");
        uint256 shares = pool.balanceOf(usr);
        (uint256 paid,) = _defect(usr, shares);
        assertEq(paid, daiWad, "the holder leaves whole");
    }

    /// @dev Governance files `sump` at 0; with some debt on the Vow anyone can `flop()` an auction whose
    ///      bid is 0. A position with a zero bid reads as "no position": finalize would revert
    ///      `NoPosition` while the queue kept it due, freezing every exit. The pool refuses the auction.
    function test_attack_zeroBidAuction_isRefused() public {
        _enlist(alice, 60_000e18);
        mcd.vat.suck(address(mcd.vow), SIN_SINK, 10_000 * RAD);
        mcd.vow.file("sump", 0);
        uint256 id = mcd.vow.flop();
        (uint256 bidRad,,,,) = _bid(id);
        assertEq(bidRad, 0, "a zero-bid auction exists");

        _assertRefused(id, abi.encodeWithSelector(I.BidOutOfRange.selector, id, 0));
        vm.warp(block.timestamp + 4 days);
        _assertCanLeave(alice, 60_000e18);
    }

    /// @dev Below 1 DAI the nano-DAI rounding costs the pool more than the bid: refused too, and a bid of
    ///      exactly 1 DAI is accepted (the lower edge).
    function test_attack_dustBidAuction_isRefused() public {
        _enlist(alice, 60_000e18);
        mcd.vat.suck(address(mcd.vow), SIN_SINK, 10_000 * RAD);
        mcd.vow.file("sump", RAD - 1);
        uint256 id = mcd.vow.flop();
        _assertRefused(id, abi.encodeWithSelector(I.BidOutOfRange.selector, id, RAD - 1));

        mcd.vow.file("sump", RAD);
        uint256 edge = _kick();
        _enter(edge);
        assertEq(pool.positions(edge).lockedDaiWad, 1e18, "1 DAI locked");
    }

    /// @dev A lot above 2^88 wei overflowed the old 88-bit MKR book when won, on the pool's own deal path:
    ///      due forever. The MKR book is now 128 bits and takes any lot a position holds; the win settles
    ///      and the holder leaves with the whole lot.
    function test_attack_lotWiderThanTheOldMkrBook_winSettles() public {
        _enlist(alice, 60_000e18);
        uint256 wide = uint256(1) << 90;
        mcd.vow.file("dump", wide);
        uint256 id = _kick();
        uint256 lot = (wide * WAD / BEG);
        assertGt(lot, uint256(type(uint88).max), "wider than the old book");

        _enter(id);
        _warpPastSettle(id);
        assertTrue(_finalize(id), "won");
        _assertBooks(10_000e18, 0, lot);
        assertEq(pool.settlementDue(), 0, "nothing due");
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, pool.balanceOf(alice));
        assertEq(daiWad, 10_000e18, "the DAI left");
        assertEq(mkrWad, lot, "the whole lot");
    }

    /// @dev The same wide win, dealt by a third party before anyone finalizes: the inferred win is booked.
    function test_attack_lotWiderThanTheOldMkrBook_thirdPartyDeal() public {
        _enlist(alice, 60_000e18);
        uint256 wide = uint256(1) << 90;
        mcd.vow.file("dump", wide);
        uint256 id = _kick();
        _enter(id);
        _warpPastSettle(id);
        mcd.flop.deal(id);
        assertTrue(_finalize(id), "won, inferred");
        _assertBooks(10_000e18, 0, (wide * WAD / BEG));
    }

    /// @dev A lot of 2^96 wei or more does not fit a position: `canEnter` used to say yes and
    ///      `enterAuction` reverted in a cast. Both now give `LotOutOfRange`; one wei below is accepted.
    function test_attack_lotBeyondThePositionField_isRefused() public {
        _enlist(alice, 60_000e18);
        uint256 huge = uint256(1) << 96;
        mcd.vow.file("dump", huge);
        uint256 id = _kick();
        _assertRefused(id, abi.encodeWithSelector(I.LotOutOfRange.selector, id, huge));

        mcd.vow.file("dump", huge - 1);
        uint256 edge = _kick();
        _enter(edge);
        assertEq(pool.positions(edge).lotWad, ((huge - 1) * WAD / BEG), "the largest lot fits");
    }

    /// @dev A bid above 2^64 - 1 nano-DAI does not fit a position: `canEnter` used to say yes. Refused
    ///      before the liquidity check, whatever the pool holds.
    function test_attack_bidBeyondThePositionField_isRefused() public {
        _enlist(alice, 60_000e18);
        uint256 tooLarge = (uint256(type(uint64).max) + 1) * 1e36;
        mcd.vow.file("sump", tooLarge);
        mcd.vat.suck(address(mcd.vow), SIN_SINK, tooLarge);
        uint256 id = mcd.vow.flop();
        _assertRefused(id, abi.encodeWithSelector(I.BidOutOfRange.selector, id, tooLarge));
        _assertCanLeave(alice, 60_000e18);
    }

    /// @dev The MKR book reaches its width only by adding wins (2^32 lots below 2^96 wei each) or `skim`'s
    ///      releases (at most 2^96 - 1 wei a call): too many to play here. So the book is written near its
    ///      width in storage (slot 4, above the accumulator's 120 bits; read back through `nav`), with the
    ///      MKR that covers it. An entry that could overflow it once won is refused with `MkrBookFull`.
    function test_attack_mkrBookNearItsWidth_refusesEntry() public {
        _enlist(alice, 3 * BID);
        _win(_kick());
        uint256 near = uint256(type(uint128).max) - (uint256(1) << 96) + 1;
        bytes32 slot = bytes32(uint256(4));
        uint256 mask = uint256(type(uint128).max) << 120;
        uint256 word = uint256(vm.load(address(pool), slot));
        vm.store(address(pool), slot, bytes32((word & ~mask) | (near << 120)));
        deal(address(mcd.mkr), address(pool), near);
        (uint256 daiBooked,, uint256 mkrBooked) = pool.nav();
        assertEq(mkrBooked, near, "book near its width");
        assertEq(daiBooked, 2 * BID, "the rest of the state untouched");
        uint256 credit = 3 * BID * (LOT_1 * RAY / (3 * BID)) / RAY;
        assertEq(pool.claimableMkr(alice), credit, "the accumulator untouched");

        uint256 id = _kick();
        _assertRefused(id, abi.encodeWithSelector(I.MkrBookFull.selector, near));
        // Paying MKR out makes room again.
        assertEq(_claimMkr(alice), credit);
        (bool ok,) = pool.canEnter(id);
        assertTrue(ok, "room again");
    }

    /// @dev Governance files `ttl` so large that the Flopper's `tic = now + ttl` overflows its 48 bits:
    ///      the dent would revert. Refused with the time it would have set.
    function test_attack_ticBeyond48Bits_isRefused() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        uint256 ttl = uint256(type(uint48).max) - block.timestamp + 1;
        mcd.flop.file("ttl", ttl);
        _assertRefused(id, abi.encodeWithSelector(I.SettleTimeOutOfRange.selector, id, block.timestamp + ttl));
    }

    /// @dev `tau` and `ttl` both long enough that the bid would settle after 2^32 - 1 (February 2106):
    ///      the settle time does not fit a position. Refused with that time.
    function test_attack_settleTimeBeyond32Bits_isRefused() public {
        _enlist(alice, 60_000e18);
        mcd.flop.file("tau", uint256(1) << 33);
        mcd.flop.file("ttl", uint256(1) << 33);
        uint256 id = _kick();
        (,,,, uint48 end) = _bid(id);
        _assertRefused(id, abi.encodeWithSelector(I.SettleTimeOutOfRange.selector, id, uint256(end)));
    }

    /// @dev `beg` filed at 0 made the quote divide by zero: `canEnter` reverted instead of answering.
    ///      With `beg <= 1` the largest lot is one wei below the auction's.
    function test_attack_begZero_asksOneWeiLess() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        mcd.flop.file("beg", 0);
        (bool ok, bytes memory refusal) = pool.canEnter(id);
        assertTrue(ok, "canEnter answers");
        assertEq(refusal, "", "no refusal");
        _enter(id);
        assertEq(pool.positions(id).lotWad, DUMP - 1, "one wei less");
    }

    /// @dev `beg` so large that the largest lot is 0: no finite price, refused as above the limit.
    function test_attack_begHuge_isAboveTheLimit() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        mcd.flop.file("beg", uint256(1) << 200);
        _assertRefused(id, abi.encodeWithSelector(I.PriceAboveLimit.selector, type(uint256).max, PRICE));
    }

    /// @dev `ttl` at 0: the pool's bid expires the second it is placed. The position is due at once and
    ///      settles one second later; after it nothing is due.
    function test_attack_ttlZero_settlesNextSecond() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        mcd.flop.file("ttl", 0);
        _enter(id);
        assertEq(pool.settlementDue(), id, "due at once");
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (id)),
            abi.encodeWithSelector(I.AuctionStillRunning.selector, id, block.timestamp)
        );
        vm.warp(block.timestamp + 1);
        assertTrue(_finalize(id), "won");
        assertEq(pool.settlementDue(), 0, "nothing due");
    }

    /// @dev A deposit that would take the DAI books past 2^96 - 1 wei is refused with the room left.
    function test_attack_depositBeyondTheBooksWidth_isRefused() public {
        uint256 max = type(uint96).max;
        _enlist(alice, max - 5);
        _giveDai(bob, 6);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), 6);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (6)),
            abi.encodeWithSelector(I.DepositTooLarge.selector, 5)
        );
        pool.enlist(5);
        vm.stopPrank();
        _assertBooks(max, 0, 0);
    }

    /// @dev `skim` never takes in DAI past the books' width.
    function test_attack_skimBeyondTheBooksWidth_isRefused() public {
        uint256 max = type(uint96).max;
        _enlist(alice, max - 5);
        _giveDai(address(pool), 6);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(I.DepositTooLarge.selector, 5)
        );
    }
}
