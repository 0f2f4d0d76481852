// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";

/// @notice Donation attacks. A vault that prices shares from its balances can be manipulated by sending
///         it tokens: the classic first-depositor inflation attack mints one share, donates a large amount
///         so a share is worth more than the next deposit, and takes the victim's deposit through rounding.
///         The pool prices shares from its own books only: ERC20 DAI, Vat DAI (vat.move) and MKR sent to
///         it change nothing until `skim`, which releases them over a day and needs one whole share (1e18)
///         outstanding, and the release pauses with fewer: any inflation is bounded to a few wei per
///         deposit. Nor can a donation move the price a round's requests execute at.
contract DonationAttackTest is SyndicateUnitBase {
    address internal attacker = makeAddr("attacker");

    function _donateVatDai(uint256 rad) internal {
        mcd.vat.suck(SIN_SINK, attacker, rad);
        vm.prank(attacker);
        mcd.vat.move(attacker, address(pool), rad);
    }

    function _assertPriceIsCost(uint256 nav, uint256 supply) internal view {
        _assertBooks(nav, 0, 0);
        assertEq(pool.totalSupply(), supply);
        assertEq(pool.previewEnlist(1000e18), 1000e18 * supply / nav);
        (uint256 daiWad, uint256 mkrWad) = (pool.previewDefect(supply), pool.claimableMkr(alice));
        assertEq(daiWad, nav);
        assertEq(mkrWad, 0);
    }

    function test_donationAttack_erc20DaiDoesNotMoveTheSharePrice() public {
        _enlist(alice, 1000e18);
        _giveDai(address(pool), 1_000_000e18);
        _assertPriceIsCost(1000e18, 1000e18);
        assertEq(_enlist(bob, 500e18), 500e18);
    }

    function test_donationAttack_vatDaiDoesNotMoveTheSharePrice() public {
        _enlist(alice, 1000e18);
        _donateVatDai(1_000_000 * RAD);
        _assertPriceIsCost(1000e18, 1000e18);
        assertEq(_enlist(bob, 500e18), 500e18);
    }

    /// @dev MKR sent directly neither prices shares nor closes deposits: `skim` releases it over a day to
    ///      the shares of the moment, per share, like a win.
    function test_donationAttack_mkrDoesNotMoveTheSharePriceOrCloseDeposits() public {
        _enlist(alice, 1000e18);
        mcd.mkr.mint(address(pool), 1000e18);
        _assertPriceIsCost(1000e18, 1000e18);
        assertEq(_enlist(bob, 500e18), 500e18, "deposits stay open");
        (uint256 daiWad, uint256 mkrWad) = pool.skim();
        assertEq(daiWad, 0);
        assertEq(mkrWad, 1000e18);
        vm.warp(block.timestamp + 1 days);
        assertEq(_enlist(carol, 1500e18), 1500e18, "still at cost; carol joins after the release");
        uint256 acc = 1000e18 * RAY / 1500e18;
        assertEq(pool.mkrPerShareRay(), acc, "released to the 1,500 shares of the day");
        assertEq(pool.claimableMkr(alice), 1000e18 * acc / RAY);
        assertEq(pool.claimableMkr(bob), 500e18 * acc / RAY);
        assertEq(pool.claimableMkr(carol), 0);
        assertEq(pool.previewDefect(1000e18), 1000e18, "MKR is not in the share price");
    }

    /// @dev With a position open, donations cannot be skimmed, nor fund a bid; nor can DAI of a deposit
    ///      request, which waits outside the books.
    function test_donationAttack_whilePositionOpen() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _giveDai(address(pool), 1_000_000e18);
        _donateVatDai(1_000_000 * RAD);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PositionsOpen.selector, id)
        );
        _assertBooks(10_000e18, BID, 0);
        _requestEnlist(bob, 600e18);
        _assertBooks(10_000e18, BID, 0);
        uint256 b = _kick();
        _assertRefused(
            b, abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, 10_000e18)
        );
    }

    /// @dev A donation made while a round is open does not reach the price its requests execute at: the
    ///      close reads the books, so bob's deposit buys shares at cost and alice's exit gets cost, and the
    ///      donation waits for `skim`, released over a day to the holders after the round.
    function test_donationAttack_cannotMoveTheRoundsPrice() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _requestEnlist(bob, 6000e18);
        _requestDefect(alice, 30_000e18);
        _giveDai(address(pool), 1_000_000e18);
        _donateVatDai(1_000_000 * RAD);
        _rivalDent(rival, id);
        assertFalse(_finalize(id));
        (uint256 shares,,) = _claim(bob);
        assertEq(shares, 6000e18, "at cost");
        (, uint256 daiWad,) = _claim(alice);
        assertEq(daiWad, 30_000e18, "at cost");
        _assertBooks(36_000e18, 0, 0);
        (uint256 skimmed,) = pool.skim();
        assertEq(skimmed, 2_000_000e18);
    }

    /// @dev The classic attack: one wei of shares, then a donation. Skim refuses (fewer than 1e18 shares),
    ///      so the donation never reaches the price and the victim gets shares 1:1.
    function test_donationAttack_firstDepositorInflationBlockedByTooFewShares() public {
        _enlist(attacker, 1);
        _giveDai(address(pool), 1_000_000e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.TooFewShares.selector, 1)
        );
        assertEq(_enlist(alice, 1000e18), 1000e18, "1:1, not rounded to zero");
        (uint256 daiWad,) = _defect(alice, 1000e18);
        assertEq(daiWad, 1000e18, "the victim loses nothing");
        (daiWad,) = _defect(attacker, 1);
        assertEq(daiWad, 1, "the attacker gets its wei back, not the donation");
    }

    /// @dev The strongest form left: hold 1e18 shares, donate and skim, then leave all but one wei of
    ///      shares so that wei is worth (1e18 + X) / 1e18. With X = 1e9 DAI donated, a share-wei is worth
    ///      1e9 + 1 wei: the victim's rounding loss is at most that, 1e-9 DAI, and the attacker gains no
    ///      more than the victim loses.
    function test_donationAttack_inflationThroughSkimIsBoundedByRounding() public {
        uint256 x = 1e27; // one billion DAI
        _enlist(attacker, 1e18);
        _giveDai(address(pool), x);
        pool.skim();
        vm.warp(block.timestamp + 1 days); // the attacker must stay in for the day of the release
        (uint256 out1,) = _defect(attacker, 1e18 - 1);
        assertEq(out1, (1e18 - 1) * (1e9 + 1), "the attacker takes its donation back");
        _assertBooks(1e9 + 1, 0, 0);
        assertEq(pool.totalSupply(), 1);

        uint256 v = 1000e18;
        uint256 shares = _enlist(alice, v);
        assertEq(shares, v / (1e9 + 1));
        (uint256 aliceOut,) = _defect(alice, shares);
        uint256 victimLoss = v - aliceOut;
        assertLe(victimLoss, 1e9 + 1, "at most one share-wei's worth: 1e-9 DAI");

        (uint256 out2,) = _defect(attacker, 1);
        uint256 attackerIn = 1e18 + x;
        uint256 attackerOut = out1 + out2;
        assertLe(attackerOut, attackerIn + victimLoss, "the attacker gains at most the victim's dust");
        assertEq(attackerOut + aliceOut, attackerIn + v, "nothing created or lost");
        _assertBooks(0, 0, 0);
    }

    /// @dev MKR sent to the pool after its bid could have been dealt, once the pool's auction was settled
    ///      by someone else, is taken as evidence of a win: an outbid position is booked as MKR, and its
    ///      refund stays outside the books until skimmed and released. The donor pays the lot; holders end
    ///      up with both the DAI and the donated MKR. Harmless to funds, and deposits stay open.
    function test_donationAttack_mkrAfterSettleAtTurnsRefundIntoMkr_holdersGain() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        _warpPastSettle(id);
        mcd.flop.deal(id); // the rival's MKR
        mcd.mkr.mint(address(pool), LOT_1); // the attacker's donation
        assertTrue(_finalize(id), "booked as a win");
        _assertBooks(10_000e18, 0, LOT_1);
        (uint256 skimmed,) = pool.skim();
        assertEq(skimmed, BID, "the refund, found for holders");
        vm.warp(block.timestamp + 1 days);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 60_000e18);
        assertEq(daiWad, 60_000e18, "all the DAI");
        assertEq(mkrWad, 60_000e18 * (LOT_1 * RAY / 60_000e18) / RAY, "plus the donation, credited per share");
    }
}
