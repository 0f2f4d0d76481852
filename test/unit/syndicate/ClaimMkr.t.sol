// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice MKR through the per-share accumulator (ERC-2222): a won lot is credited to the shares of the
///         moment (`mkrPerShareRay += lot * 1e27 / supply`), claimable at any time (`claimMkr`), paid on
///         `defect`; every mint, burn and transfer credits both sides first, so MKR stays with who held the
///         shares and a newcomer neither receives nor pays for MKR won before they joined. The accumulator's
///         bounds at entry (`TooFewShares`, `MkrPerShareFull`).
/// @dev Setting: alice 60,000 and bob 40,000 shares; the pool wins auction `id` (LOT_1 MKR for 50,000 DAI).
///      Expected amounts computed with Python: each holder's part is `shares * ACC_1 / 1e27`, rounded down.
contract ClaimMkrTest is SyndicateUnitBase {
    /// @dev LOT_1 * 1e27 / 100,000e18, exact.
    uint256 internal constant ACC_1 = 2_427_184_466_019_417_475_720_000;
    /// @dev 60,000e18 * ACC_1 / 1e27 and 40,000e18 * ACC_1 / 1e27, rounded down (one wei of dust in all).
    uint256 internal constant ALICE_1 = 145_631_067_961_165_048_543;
    uint256 internal constant BOB_1 = 97_087_378_640_776_699_028;
    /// @dev A second win with 120,000e18 shares: LOT_1 * 1e27 / 120,000e18, rounded down.
    uint256 internal constant ACC_2 = 2_022_653_721_682_847_896_433_333;

    uint256 internal id;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 60_000e18);
        _enlist(bob, 40_000e18);
        id = _kick();
        _win(id);
    }

    function test_mkrPerShareRay_creditedOnTheWin() public view {
        assertEq(pool.mkrPerShareRay(), ACC_1);
        _assertBooks(50_000e18, 0, LOT_1);
        assertEq(pool.claimableMkr(alice), ALICE_1);
        assertEq(pool.claimableMkr(bob), BOB_1);
    }

    function test_claimMkr_paysTheSharesPart() public {
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.MkrClaimed(alice, ALICE_1);
        assertEq(_claimMkr(alice), ALICE_1);
        assertEq(mcd.mkr.balanceOf(alice), ALICE_1);
        assertEq(pool.claimableMkr(alice), 0);
        assertEq(_claimMkr(bob), BOB_1);
        _assertBooks(50_000e18, 0, 1);
        assertEq(mcd.mkr.balanceOf(address(pool)), 1, "the dust stays: MKR held >= MKR claimable");
    }

    function test_claimMkr_nothing_reverts() public {
        vm.prank(carol);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claimMkr, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToClaim.selector, carol)
        );
        _claimMkr(alice);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.claimMkr, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToClaim.selector, alice)
        );
    }

    /// @dev MKR can be claimed while a round is open, and after a halt.
    function test_claimMkr_duringARoundAndAfterAHalt() public {
        _enter(_kick());
        _halt();
        assertEq(_claimMkr(alice), ALICE_1);
    }

    /// @dev Shares moved after a win carry no MKR of it: the sender keeps it, the receiver earns from then.
    function test_transfer_mkrStaysWithTheSender() public {
        vm.prank(alice);
        pool.transfer(carol, 30_000e18);
        assertEq(pool.claimableMkr(alice), ALICE_1);
        assertEq(pool.claimableMkr(carol), 0);
        assertEq(_claimMkr(alice), ALICE_1);
    }

    /// @dev Deposits reopen at once after a win, at the DAI left per share; the newcomer gets nothing of the
    ///      earlier win and its part of the next.
    function test_enlist_newcomerGetsOnlyLaterWins() public {
        assertEq(_enlist(carol, 10_000e18), 20_000e18, "0.5 DAI per share after the win");
        assertEq(pool.claimableMkr(carol), 0);
        // A second win, with 60,000 DAI liquid and 120,000 shares.
        _win(_kick());
        assertEq(pool.mkrPerShareRay(), ACC_1 + ACC_2);
        assertEq(pool.claimableMkr(carol), 20_000e18 * ACC_2 / 1e27);
        assertEq(pool.claimableMkr(alice), 60_000e18 * (ACC_1 + ACC_2) / 1e27);
    }

    /// @dev `defect` pays the DAI part of the shares burned and all the MKR the holder can claim.
    function test_defect_paysAllTheMkr() public {
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Defected(alice, 30_000e18, 15_000e18, ALICE_1);
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, 30_000e18);
        assertEq(daiWad, 15_000e18);
        assertEq(mkrWad, ALICE_1);
        assertEq(pool.claimableMkr(alice), 0);
        _assertBooks(35_000e18, 0, LOT_1 - ALICE_1);
    }

    /// @dev `defect(0)` collects MKR alone; with nothing to collect it pays nothing and reverts.
    function test_defect_zeroSharesPaysMkrOnly() public {
        (uint256 daiWad, uint256 mkrWad) = _defect(bob, 0);
        assertEq(daiWad, 0);
        assertEq(mkrWad, BOB_1);
        vm.prank(bob);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (0)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroPayout.selector, 0)
        );
    }

    // ------------------------------------------------------------ bounds at entry

    /// @dev Half a share holding 60,000 DAI: a win would credit more than 2 * lot per share wei; refused.
    function test_enterAuction_tooFewShares_reverts() public {
        pool = _newPool(PRICE);
        _enlist(carol, 1e18);
        _giveDai(address(pool), 120_000e18);
        pool.skim();
        vm.warp(block.timestamp + 1 days);
        _defect(carol, 0.5e18); // brings the release in first: 120,001 DAI, half of it paid out
        _assertRefused(
            _kick(), abi.encodeWithSelector(IDaiBackstopSyndicate.TooFewShares.selector, uint256(0.5e18))
        );
    }

    /// @dev One share and a lot of 1e28 MKR wei: `lot * 1e27 / supply` does not fit the accumulator's 120
    ///      bits.
    function test_enterAuction_mkrPerShareFull_reverts() public {
        pool = _newPool(PRICE);
        _enlist(carol, 1e18);
        _giveDai(address(pool), 60_000e18);
        pool.skim();
        vm.warp(block.timestamp + 1 days);
        vm.prank(carol);
        pool.transfer(carol, 0); // any touch brings the release in
        uint256 big = mcd.flop.kick(address(mcd.vow), 1e28, SUMP);
        _assertRefused(big, abi.encodeWithSelector(IDaiBackstopSyndicate.MkrPerShareFull.selector, 0));
    }

    /// @dev MKR that skim has released so far is paid by `claimMkr` itself, without anyone else touching the
    ///      pool first.
    function test_claimMkr_paysWhatSkimReleasedSoFar() public {
        mcd.mkr.mint(address(pool), 10e18);
        pool.skim();
        vm.warp(block.timestamp + 12 hours);
        // Half of it is due: over 100,000 shares (alice 60,000), plus alice's part of the win.
        uint256 due = 5e18 * 1e27 / 100_000e18;
        assertEq(_claimMkr(alice), ALICE_1 + 60_000e18 * due / 1e27);
    }
}
