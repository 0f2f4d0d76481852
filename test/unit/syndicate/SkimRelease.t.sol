// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice skim releases what it finds over one day: DAI into the liquid book, MKR into the per-share
///         accumulator, brought up to date lazily on every touch (deposit, exit, transfer, claim, the entry
///         that opens a round); paused while a round is open.
contract SkimReleaseTest is SyndicateUnitBase {
    uint256 internal t0;

    function setUp() public override {
        super.setUp();
        t0 = block.timestamp;
    }

    /// @dev Any touch that brings the release up to date: a transfer of nothing to oneself.
    function _touch(address usr) internal {
        vm.prank(usr);
        pool.transfer(usr, 0);
    }

    function _assertRelease(uint256 daiWad, uint256 mkrWad, uint256 last, uint256 end) internal view {
        IDaiBackstopSyndicate.Release memory r = pool.release();
        assertEq(r.daiWad, daiWad, "release.daiWad");
        assertEq(r.mkrWad, mkrWad, "release.mkrWad");
        assertEq(r.last, last, "release.last");
        assertEq(r.end, end, "release.end");
    }

    function test_skim_releasesDaiLinearlyOverADay() public {
        _enlist(alice, 1000e18);
        _giveDai(address(pool), 500e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Skimmed(500e18, 0, t0 + 1 days);
        (uint256 daiWad, uint256 mkrWad) = pool.skim();
        assertEq(daiWad, 500e18);
        assertEq(mkrWad, 0);
        _assertBooks(1000e18, 0, 0);
        _assertRelease(500e18, 0, t0, t0 + 1 days);

        vm.warp(t0 + 6 hours);
        _touch(alice);
        _assertBooks(1125e18, 0, 0);
        _assertRelease(375e18, 0, t0 + 6 hours, t0 + 1 days);

        vm.warp(t0 + 2 days);
        _touch(alice);
        _assertBooks(1500e18, 0, 0);
        _assertRelease(0, 0, t0 + 2 days, t0 + 1 days);
        (daiWad,) = _defect(alice, 1000e18);
        assertEq(daiWad, 1500e18);
    }

    /// @dev Stray MKR needs no MKR book any more: it is released per share, to the holders of the moment.
    function test_skim_releasesMkrIntoTheAccumulator() public {
        _enlist(alice, 1000e18);
        mcd.mkr.mint(address(pool), 10e18);
        (uint256 daiWad, uint256 mkrWad) = pool.skim();
        assertEq(daiWad, 0);
        assertEq(mkrWad, 10e18);
        vm.warp(t0 + 1 days);
        assertEq(pool.mkrPerShareRay(), 0, "not brought in yet");
        assertEq(pool.claimableMkr(alice), 10e18, "but due, and counted by the view");
        _touch(alice);
        assertEq(pool.mkrPerShareRay(), 10e18 * 1e27 / 1000e18);
        assertEq(pool.claimableMkr(alice), 10e18);
        _assertBooks(1000e18, 0, 10e18);
        assertEq(_claimMkr(alice), 10e18);
    }

    /// @dev Nothing is released while a round is open: the end moves back by the round's length.
    function test_skim_pausedWhileARoundIsOpen() public {
        _enlist(alice, 60_000e18);
        _giveDai(address(pool), 600e18);
        pool.skim();
        vm.warp(t0 + 12 hours);
        uint256 id = _kick();
        _enter(id); // opens the round: 300 DAI released first, the rest waits
        _assertBooks(10_300e18, BID, 0);
        _assertRelease(300e18, 0, t0 + 12 hours, t0 + 1 days);

        vm.warp(t0 + 15 hours);
        _rivalDent(rival, id);
        _touch(alice); // inside the round: nothing
        _assertRelease(300e18, 0, t0 + 12 hours, t0 + 1 days);
        _finalize(id); // closes the round: three hours later
        _assertRelease(300e18, 0, t0 + 15 hours, t0 + 27 hours);

        vm.warp(t0 + 21 hours);
        _touch(alice);
        _assertBooks(60_450e18, 0, 0);
        vm.warp(t0 + 27 hours);
        _touch(alice);
        _assertBooks(60_600e18, 0, 0);
    }

    /// @dev With fewer than one share nothing is released either (the end moves back), so a deposit that
    ///      brings the supply back cannot take what accrued meanwhile at once.
    function test_skim_pausedWithFewerThanOneShare() public {
        _enlist(alice, 1e18);
        _giveDai(address(pool), 100e18);
        pool.skim();
        _defect(alice, 0.5e18); // same second: nothing released, 0.5 DAI paid
        vm.warp(t0 + 12 hours);
        _touch(alice);
        _assertRelease(100e18, 0, t0 + 12 hours, t0 + 36 hours);
    }
}
