// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY} from "test/helpers/Units.sol";

/// @notice skim: finds ERC20 DAI, Vat DAI and MKR sent to the pool outside its books and releases them to
///         the holders over one day (DAI into the liquid book, MKR into the per-share accumulator; the
///         release itself: SkimRelease.t.sol); only with no open position and at least one whole share.
contract SkimTest is SyndicateUnitBase {
    /// @dev Lets the day of the release pass and brings it into the books (any touch: a transfer of
    ///      nothing to oneself).
    function _released(address usr) internal {
        vm.warp(block.timestamp + 1 days);
        vm.prank(usr);
        pool.transfer(usr, 0);
    }

    function _donateVatDai(uint256 rad) internal {
        address donor = makeAddr("donor");
        mcd.vat.suck(SIN_SINK, donor, rad);
        vm.prank(donor);
        mcd.vat.move(donor, address(pool), rad);
    }

    function test_skim_releasesErc20Dai() public {
        _enlist(alice, 1000e18);
        _giveDai(address(pool), 500e18);
        _assertBooks(1000e18, 0, 0);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Skimmed(500e18, 0, block.timestamp + 1 days);
        vm.prank(makeAddr("anyone"));
        (uint256 daiWad, uint256 mkrWad) = pool.skim();
        assertEq(daiWad, 500e18);
        assertEq(mkrWad, 0);
        _assertBooks(1000e18, 0, 0);
        assertEq(pool.release().daiWad, 500e18, "being released");
        _released(alice);
        _assertBooks(1500e18, 0, 0);
        assertEq(pool.previewDefect(1000e18), 1500e18, "for the holders of the day");
    }

    function test_skim_releasesVatDaiRoundedDown() public {
        _enlist(alice, 1000e18);
        _donateVatDai(200 * RAD + 5);
        (uint256 daiWad,) = pool.skim();
        assertEq(daiWad, 200e18);
        assertEq(mcd.vat.dai(address(pool)), 200 * RAD + 5, "the fraction stays, outside the books");
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToSkim.selector)
        );
        _released(alice);
        _assertBooks(1200e18, 0, 0);
    }

    function test_skim_findsBothKindsOfDaiAtOnce() public {
        _enlist(alice, 1000e18);
        _giveDai(address(pool), 1);
        _donateVatDai(RAY - 1);
        (uint256 daiWad,) = pool.skim();
        assertEq(daiWad, 1, "1 wei ERC20 + 0.999... wei in the Vat");
        _donateVatDai(1);
        (daiWad,) = pool.skim();
        assertEq(daiWad, 1, "the Vat fractions now add up to a wei");
        assertEq(pool.release().daiWad, 2, "both being released");
        _released(alice);
        _assertBooks(1000e18 + 2, 0, 0);
    }

    /// @dev An outbid refund finalized into daiBook is booked, not skimmable.
    function test_skim_refundIsNotSkimmed() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _rivalDent(rival, id);
        _finalize(id);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToSkim.selector)
        );
    }

    /// @dev MKR sent after a win is released into the accumulator on top of the win's credit.
    function test_skim_releasesMkrAfterAWin() public {
        _enlist(alice, 60_000e18);
        _win(_kick());
        mcd.mkr.mint(address(pool), 10e18);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Skimmed(0, 10e18, block.timestamp + 1 days);
        (uint256 daiWad, uint256 mkrWad) = pool.skim();
        assertEq(daiWad, 0);
        assertEq(mkrWad, 10e18);
        _assertBooks(10_000e18, 0, LOT_1);
        _released(alice);
        _assertBooks(10_000e18, 0, LOT_1 + 10e18);
        uint256 acc = LOT_1 * RAY / 60_000e18 + 10e18 * RAY / 60_000e18;
        assertEq(pool.mkrPerShareRay(), acc);
        assertEq(pool.claimableMkr(alice), 60_000e18 * acc / RAY);
    }

    /// @dev MKR needs no MKR book to be skimmed any more (it closed deposits when it was in the share
    ///      price): it is released per share, and deposits stay open at the DAI price.
    function test_skim_mkrWithoutAWin_depositsStayOpen() public {
        _enlist(alice, 1000e18);
        mcd.mkr.mint(address(pool), 10e18);
        _giveDai(address(pool), 7e18);
        (uint256 daiWad, uint256 mkrWad) = pool.skim();
        assertEq(daiWad, 7e18);
        assertEq(mkrWad, 10e18);
        _released(alice);
        _assertBooks(1007e18, 0, 10e18);
        assertEq(pool.claimableMkr(alice), 10e18, "1000e18 shares divide 10e18 * 1e27 exactly");
        assertEq(_enlist(bob, 1007e18), 1000e18, "deposits still open, at the DAI price");
        assertEq(pool.claimableMkr(bob), 0, "none of the MKR released before he joined");
    }

    function test_skim_positionsOpen_reverts() public {
        _enlist(alice, 60_000e18);
        uint256 id = _kick();
        _enter(id);
        _giveDai(address(pool), 1e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PositionsOpen.selector, id)
        );
        // Even once outbid, until finalized.
        _rivalDent(rival, id);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PositionsOpen.selector, id)
        );
        _finalize(id);
        (uint256 daiWad,) = pool.skim();
        assertEq(daiWad, 1e18);
    }

    function test_skim_tooFewShares_reverts() public {
        _giveDai(address(pool), 100e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.TooFewShares.selector, 0)
        );
        _enlist(alice, 1e18 - 1);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.TooFewShares.selector, 1e18 - 1)
        );
        _enlist(alice, 1);
        (uint256 daiWad,) = pool.skim();
        assertEq(daiWad, 100e18, "exactly one share is enough");
    }

    function test_skim_nothingToSkim_reverts() public {
        _enlist(alice, 1000e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NothingToSkim.selector)
        );
    }

    function test_skim_worksWhenHalted() public {
        _enlist(alice, 1000e18);
        _halt();
        _giveDai(address(pool), 1e18);
        (uint256 daiWad,) = pool.skim();
        assertEq(daiWad, 1e18);
    }

    /// @dev The check order: open positions, then shares, then something to skim.
    function test_skim_checkOrder() public {
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.TooFewShares.selector, 0)
        );
        _enlist(alice, BID);
        uint256 id = _kick();
        _enter(id);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.skim, ()),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PositionsOpen.selector, id)
        );
    }
}
