// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAY} from "test/helpers/Units.sol";

/// @notice Share epochs: when every DAI of the pool but less than 1 DAI went into MKR (credited to the shares
///         through the accumulator), a deposit has no meaningful price. The shares outstanding are then
///         written off by that deposit (an instant `enlist`, or a round's close executing deposit
///         requests); their holders keep the MKR they earned; a new epoch starts at one share per DAI.
/// @dev The local MCD and its Flopper (no mock). Alice's 50,000 DAI is exactly one bid (`BID`, the Vow's
///      sump): after one win the book holds no DAI and 50,000 shares are outstanding.
contract ShareEpochsTest is SyndicateUnitBase {
    /// @dev MKR per share after the first win, ray, and what 50,000 shares of it are worth (rounded down).
    uint256 internal constant ACC_1 = LOT_1 * RAY / 50_000e18;
    uint256 internal constant ALICE_MKR = 50_000e18 * ACC_1 / RAY;

    address internal dave = makeAddr("dave");

    function setUp() public override {
        super.setUp();
        _enlist(alice, BID);
        _win(_kick());
        _assertBooks(0, 0, LOT_1);
    }

    // ------------------------------------------------------------ enlist

    function test_enlist_afterAllDaiSpent_writesOffAndMintsOnePerDai() public {
        _giveDai(bob, 1000e18);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), 1000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.SharesWrittenOff(1, 50_000e18, 0);
        uint256 shares = pool.enlist(1000e18);
        vm.stopPrank();

        assertEq(shares, 1000e18, "one share per DAI");
        assertEq(pool.shareEpoch(), 2);
        assertEq(pool.totalSupply(), 1000e18);
        assertEq(pool.balanceOf(alice), 0, "alice's shares are written off");
        assertEq(pool.claimableMkr(alice), ALICE_MKR, "and she keeps every MKR they earned");
        assertEq(pool.claimableMkr(bob), 0, "bob gets none of a win before he joined");
        _assertBooks(1000e18, 0, LOT_1);
    }

    function test_previewEnlist_afterAllDaiSpent_onePerDai() public view {
        assertEq(pool.previewEnlist(1000e18), 1000e18);
    }

    function test_writeOff_holderClaimsMkrAndHasNoSharesLeft() public {
        _enlist(bob, 1000e18);
        assertEq(_claimMkr(alice), ALICE_MKR);
        assertEq(mcd.mkr.balanceOf(alice), ALICE_MKR);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (1)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientShares.selector, 0, 1)
        );
        // Bob leaves at cost: the write-off took nothing of his.
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, 1000e18);
        assertEq(daiWad, 1000e18);
        assertEq(mkrWad, 0);
    }

    /// @dev A written-off holder's MKR is also paid by `defect(0)`, as a claim.
    function test_writeOff_defectZeroPaysTheWrittenOffMkr() public {
        _enlist(bob, 1000e18);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 0);
        assertEq(daiWad, 0);
        assertEq(mkrWad, ALICE_MKR);
    }

    function test_writeOff_newcomersShareTheNextWinAlone() public {
        _enlist(bob, BID);
        _win(_kick());
        assertEq(pool.claimableMkr(bob), BID * (LOT_1 * RAY / BID) / RAY, "the whole second lot");
        assertEq(pool.claimableMkr(alice), ALICE_MKR, "alice's MKR stopped at the write-off");
    }

    /// @dev Dust below 1 DAI behind the old shares passes to the next ones: the bound of what a write-off can
    ///      take from holders, all of them together.
    function test_writeOff_dustBelowOneDaiGoesToTheNextShares() public {
        // A second pool state: 0.5 DAI left after the win.
        _enlist(carol, BID + 0.5e18); // written off first (alice's 50,000 shares own nothing)
        _win(_kick());
        _assertBooks(0.5e18, 0, LOT_1 + LOT_1);
        _giveDai(bob, 1000e18);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), 1000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.SharesWrittenOff(2, BID + 0.5e18, 0.5e18);
        assertEq(pool.enlist(1000e18), 1000e18);
        vm.stopPrank();
        (uint256 daiWad,) = _defect(bob, 1000e18);
        assertEq(daiWad, 1000.5e18, "bob's deposit and the dust");
        assertEq(pool.shareEpoch(), 3);
    }

    /// @dev From 1 DAI up, the shares keep their DAI: the deposit is priced as always.
    function test_writeOff_notFromOneDaiUp() public {
        _enlist(carol, BID + 1e18); // written off first: epoch 2
        _win(_kick());
        _assertBooks(1e18, 0, LOT_1 + LOT_1);
        uint256 supply = BID + 1e18;
        assertEq(_enlist(bob, 1000e18), 1000e18 * supply / 1e18, "priced at 1 DAI for the whole supply");
        assertEq(pool.shareEpoch(), 2);
        assertEq(pool.balanceOf(carol), supply);
    }

    // ------------------------------------------------------------ a round's close

    function test_closeRound_writesOffBeforeMintingTheRequests() public {
        _enlist(bob, BID); // epoch 2: bob alone
        uint256 id = _kick();
        _enter(id);
        _requestEnlist(carol, 1000e18);
        _warpPastSettle(id);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.SharesWrittenOff(2, BID, 0);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.RoundClosed(1, 1000e18, 1000e18, 0, 0, 0, BID);
        assertTrue(_finalize(id));

        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claim(carol);
        assertEq(shares, 1000e18, "one share per DAI");
        assertEq(daiWad, 0);
        assertEq(mkrWad, 0, "nothing of the win she did not fund");
        assertEq(pool.claimableMkr(bob), BID * (LOT_1 * RAY / BID) / RAY, "bob keeps the lot");
        assertEq(pool.totalSupply(), 1000e18);
    }

    /// @dev Shares minted for a deposit request and not yet claimed are shares like any other: written off
    ///      with the rest, they keep the MKR they earned until then.
    function test_writeOff_unclaimedRequestSharesKeepTheirMkr() public {
        _enlist(bob, 2 * BID); // epoch 2: 100,000 shares, 100,000 DAI
        uint256 a = _kick();
        _enter(a);
        _requestEnlist(carol, BID); // executes at 50,000 DAI for 100,000 shares: 100,000 shares
        _warpPastSettle(a);
        assertTrue(_finalize(a));
        assertEq(pool.pending(carol).sharesOut, 2 * BID);
        uint256 acc = pool.mkrPerShareRay();

        // Two more wins spend the last 100,000 DAI; carol has still not claimed.
        uint256 b = _kick();
        uint256 c = _kick();
        _enter(b);
        _enter(c);
        _warpPastSettle(c);
        _warpPastSettle(b);
        assertTrue(_finalize(b));
        assertTrue(_finalize(c));
        uint256 accEnd = pool.mkrPerShareRay();
        assertEq(
            accEnd, acc + LOT_1 * RAY / (4 * BID) + LOT_1 * RAY / (4 * BID), "two lots over 200,000 shares"
        );

        _enlist(alice, 1000e18); // writes off epoch 2's 200,000 shares, carol's unclaimed 100,000 among them
        assertEq(pool.pending(carol).sharesOut, 0, "written off before she claimed");
        (uint256 shares,, uint256 mkrWad) = _claim(carol);
        assertEq(shares, 0);
        assertEq(mkrWad, 2 * BID * (accEnd - acc) / RAY, "what her shares earned until the write-off");
        assertEq(pool.totalSupply(), 1000e18, "alice's new shares only");
    }

    /// @dev Exits and deposits in the round that writes the shares off: the exit is paid from the round's
    ///      value, once (not also left in the book), and the dust after it passes to the new shares.
    function test_closeRound_writeOffWithAnExit_paysTheExitOnce() public {
        _enlist(bob, BID); // epoch 2: bob 50,000 shares
        _enlist(carol, 0.5e18); // 0.5 share
        uint256 id = _kick();
        _enter(id);
        _requestDefect(carol, 0.5e18);
        _requestEnlist(alice, 1000e18);
        _warpPastSettle(id);
        assertTrue(_finalize(id));

        uint256 supply = BID + 0.5e18;
        uint256 paidDai = uint256(0.5e18) * 0.5e18 / supply; // carol's part of the 0.5 DAI left
        uint256 dust = 0.5e18 - paidDai;
        (uint256 daiBookWad,,) = pool.nav();
        assertEq(daiBookWad, 1000e18 + dust, "alice's deposit and the dust; carol's DAI is set aside");
        (, uint256 carolDai,) = _claim(carol);
        assertEq(carolDai, paidDai);
        (uint256 aliceShares,,) = _claim(alice);
        assertEq(aliceShares, 1000e18);
        // Everything the books hold is there: alice leaves with her deposit and the dust.
        (uint256 daiWad,) = _defect(alice, 1000e18);
        assertEq(daiWad, 1000e18 + dust);
        assertEq(
            mcd.dai.balanceOf(address(pool)) + mcd.vat.dai(address(pool)) / RAY, 0, "nothing left behind"
        );
    }

    /// @dev MKR skim is still releasing when a round's close writes the shares off goes to every share of
    ///      the round, the exit's included, and to nobody after.
    function test_closeRound_writeOffFoldsTheReleaseOverTheRoundsShares() public {
        _enlist(bob, BID); // epoch 2
        _enlist(carol, 1e18);
        mcd.mkr.mint(address(pool), 10e18);
        pool.skim(); // released over a day; paused from the entry on
        uint256 id = _kick();
        _enter(id);
        _requestDefect(carol, 1e18);
        _requestEnlist(dave, 1000e18);
        _warpPastSettle(id);
        uint256 accBefore = pool.mkrPerShareRay();
        assertTrue(_finalize(id));

        uint256 supply = BID + 1e18;
        uint256 released = pool.mkrPerShareRay() - accBefore;
        (,, uint256 lotWad) = pool.nav();
        assertEq(pool.release().mkrWad, 0, "all of the release folded");
        (,, uint256 carolMkr) = _claim(carol);
        (,, uint256 daveMkr) = _claim(dave);
        assertEq(daveMkr, 0, "none of it to the deposit that wrote the shares off");
        assertEq(carolMkr, 1e18 * released / RAY, "carol's share of the lot and of the release");
        uint256 bobMkr = pool.claimableMkr(bob);
        assertLe(bobMkr + carolMkr, lotWad, "no more MKR credited than the books hold");
        assertEq(
            released, (LOT_1 * RAY / supply) + (10e18 * RAY / supply), "the lot and the release, per share"
        );
    }

    /// @dev DAI skim is still releasing is the shares' own: shares with under 1 DAI in the book but a whole
    ///      DAI with the release are not written off at a round's close, and its deposit requests are
    ///      priced against the book as always (the release resumes after the close, for every share).
    function test_closeRound_releasingDaiKeepsTheSharesFromTheWriteOff() public {
        (uint256 id, uint256 supply) = _bidBehindRelease(1e18);
        _requestEnlist(carol, 1000e18);
        _warpPastSettle(id);
        uint256 minted = 1000e18 * supply / 0.5e18;
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.RoundClosed(1, 1000e18, minted, 0, 0, 0.5e18, supply);
        assertTrue(_finalize(id));

        assertEq(pool.shareEpoch(), 2, "no write-off");
        assertEq(pool.balanceOf(bob), supply, "bob keeps his shares");
        assertEq(pool.release().daiWad, 1e18, "the release goes on");
        (uint256 shares, uint256 daiWad,) = _claim(carol);
        assertEq(shares, minted);
        assertEq(daiWad, 0);
        assertEq(pool.totalSupply(), supply + minted);
    }

    // ------------------------------------------------------------ a release paused behind dust shares

    /// @dev Below one whole share skim's release is paused, and its DAI is nobody's yet: it does not keep
    ///      shares that own nothing else from the write-off (alice's 500 wei after a win spent every DAI),
    ///      and the write-off does not hand it to the deposit at once: it resumes for the new shares.
    ///      (Before: the release counted as alice's, so no write-off, and a book of 0 DAI refused every
    ///      deposit with `SharesWithoutDai` while epochs were left: the tier closed again.)
    function test_enlist_pausedReleaseBehindDustShares_writesOff() public {
        _pausedReleaseBehindDust();
        assertEq(pool.previewEnlist(1000e18), 1000e18, "preview: written off, one share per DAI");

        _giveDai(bob, 1000e18);
        vm.startPrank(bob);
        mcd.dai.approve(address(pool), 1000e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.SharesWrittenOff(1, 500, 0);
        assertEq(pool.enlist(1000e18), 1000e18, "one share per DAI");
        vm.stopPrank();

        assertEq(pool.shareEpoch(), 2);
        assertEq(pool.balanceOf(alice), 0, "alice's dust shares are written off");
        assertEq(pool.claimableMkr(alice), 0, "she took her MKR when she left");
        _assertBooks(1000e18, 0, LOT_1 - ALICE_MKR);
        assertEq(pool.release().daiWad, 10e18, "the release is not folded into the book");
        assertEq(pool.previewDefect(1000e18), 1000e18, "bob owns his deposit and nothing released yet");
        vm.warp(block.timestamp + 1 days);
        assertEq(pool.previewDefect(1000e18), 1010e18, "the release resumed, for the new shares");
    }

    /// @dev The same state, sandwiched: a deposit that writes off the dust shares and leaves in the same
    ///      block gets exactly its deposit back (the paused release is not captured).
    function test_enlist_pausedReleaseBehindDustShares_flashDepositGetsItsDeposit() public {
        _pausedReleaseBehindDust();
        _enlist(bob, 1000e18);
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, 1000e18);
        assertEq(daiWad, 1000e18);
        assertEq(mkrWad, 0);
        assertEq(pool.release().daiWad, 10e18, "still releasing, for whoever holds next");
    }

    /// @dev At a round's close: exits leave 500 wei of shares behind a paused release and a book of
    ///      (about) nothing; the round's deposit request writes them off instead of being priced against
    ///      the dust (or returned), and the release stays for the new shares.
    function test_closeRound_pausedReleaseBehindDustShares_writesOff() public {
        (uint256 id, uint256 supply) = _bidBehindRelease(10e18);
        _requestDefect(bob, supply - 500);
        _requestEnlist(carol, 1000e18);
        _warpPastSettle(id);
        uint256 paidDai = (supply - 500) * 0.5e18 / supply; // rounded down, as the pool does
        uint256 dustDai = 0.5e18 - paidDai;
        assertLt(dustDai, 500, "the 500 wei of shares left own less than a wei each");
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.SharesWrittenOff(2, 500, dustDai);
        assertTrue(_finalize(id));

        assertEq(pool.shareEpoch(), 3, "written off at the close");
        assertEq(pool.release().daiWad, 10e18, "the release is not folded into the book");
        (uint256 shares, uint256 daiWad,) = _claim(carol);
        assertEq(shares, 1000e18, "one share per DAI");
        assertEq(daiWad, 0);
        (, daiWad,) = _claim(bob);
        assertEq(daiWad, paidDai, "bob's exit is paid at the round's value");
        assertEq(pool.previewDefect(1000e18), 1000e18 + dustDai, "carol owns her deposit and the dust");
    }

    /// @dev Bob alone in epoch 2 with one bid and 0.5 DAI (`supply` shares, one per DAI); `releaseDai` found
    ///      by skim, released over a day but paused from the entry on; the pool bids in auction `id`, and the
    ///      book keeps 0.5 DAI.
    function _bidBehindRelease(uint256 releaseDai) internal returns (uint256 id, uint256 supply) {
        supply = BID + 0.5e18;
        _enlist(bob, supply);
        _giveDai(address(pool), releaseDai);
        pool.skim();
        id = _kick();
        _enter(id);
    }

    /// @dev 10 DAI found by skim after a win spent every DAI; alice then leaves but for 500 wei of shares
    ///      (taking her MKR), and two days pass: nothing is released below one whole share.
    function _pausedReleaseBehindDust() internal {
        _giveDai(address(pool), 10e18);
        pool.skim();
        _defect(alice, BID - 500);
        assertEq(pool.totalSupply(), 500);
        vm.warp(block.timestamp + 2 days);
        _assertBooks(0, 0, LOT_1 - ALICE_MKR);
        assertEq(pool.release().daiWad, 10e18, "paused");
    }

    // ------------------------------------------------------------ transfers

    /// @dev A written-off holder who receives new shares holds just those, and keeps the old MKR.
    function test_writeOff_staleRecordReceivesNewShares() public {
        _enlist(bob, 1000e18);
        vm.prank(bob);
        pool.transfer(alice, 10e18);
        assertEq(pool.balanceOf(alice), 10e18);
        assertEq(pool.claimableMkr(alice), ALICE_MKR);
        assertEq(_claimMkr(alice), ALICE_MKR);
    }

    // ------------------------------------------------------------ the epoch counter

    /// @dev After 255 epochs, a pool whose shares own no DAI refuses deposits as before share epochs.
    function test_enlist_epochsUsedUp_reverts() public {
        for (uint256 i = 1; i < 255; ++i) {
            _enlist(alice, BID); // writes off the last epoch's shares
            _win(_kick());
        }
        assertEq(pool.shareEpoch(), 255);
        _giveDai(bob, 1e18);
        vm.prank(bob);
        mcd.dai.approve(address(pool), 1e18);
        vm.prank(bob);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (1e18)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.SharesWithoutDai.selector, BID)
        );
    }

    // ------------------------------------------------------------ what is not written off

    /// @dev A small pool that won nothing: its shares are worth their DAI, and a deposit is priced at cost.
    function test_writeOff_smallPoolThatWonNothingIsPricedAtCost() public {
        _enlist(bob, 0.5e18); // epoch 2 (alice's shares written off), 0.5 DAI for 0.5 share
        assertEq(pool.shareEpoch(), 2);
        assertEq(_enlist(carol, 100e18), 100e18);
        assertEq(pool.shareEpoch(), 2, "bob's half share still owns its half DAI");
        (uint256 daiWad,) = _defect(bob, 0.5e18);
        assertEq(daiWad, 0.5e18);
    }
}
