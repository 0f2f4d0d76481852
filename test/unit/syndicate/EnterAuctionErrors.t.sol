// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {SUMP, TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD} from "test/helpers/Units.sol";

/// @notice enterAuction's errors, one by one, each with its arguments, and canEnter returning the same
///         revert data, and quote reverting with it (exactly, byte for byte); the order in which the checks
///         apply.
contract EnterAuctionErrorsTest is SyndicateUnitBase {
    function _assertCanEnter(uint256 id) internal view {
        (bool ok, bytes memory reason) = pool.canEnter(id);
        assertTrue(ok, "canEnter");
        assertEq(reason, "", "canEnter: no refusal");
    }

    // ------------------------------------------------------------ errors

    function test_enterAuction_halted_reverts() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _halt();
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
    }

    function test_enterAuction_flopperCaged_reverts() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        mcd.flop.cage();
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.FlopperNotLive.selector));
    }

    function test_enterAuction_neverKicked_reverts() public {
        _enlist(alice, BID);
        _assertRefused(7, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionNotFound.selector, 7));
        _assertRefused(0, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionNotFound.selector, 0));
    }

    function test_enterAuction_alreadyDealt_reverts() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _rivalDent(rival, id);
        _warpPastSettle(id);
        mcd.flop.deal(id);
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionNotFound.selector, id));
    }

    function test_enterAuction_pastEnd_reverts() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        (,,,, uint48 end) = _bid(id);
        vm.warp(end);
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionFinished.selector, id));
        vm.warp(uint256(end) - 1);
        _enter(id);
    }

    function test_enterAuction_pastTic_reverts() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        _rivalDent(rival, id);
        (,,, uint48 tic,) = _bid(id);
        vm.warp(tic);
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionFinished.selector, id));
        vm.warp(uint256(tic) - 1);
        _enter(id);
    }

    function test_enterAuction_alreadyHighBidder_reverts() public {
        _enlist(alice, 2 * BID);
        uint256 id = _kick();
        _enter(id);
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.AlreadyHighBidder.selector, id));
    }

    function test_enterAuction_idTooLarge_reverts() public {
        uint256 tooLarge = uint256(type(uint32).max) + 1;
        _assertRefused(
            tooLarge, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionIdTooLarge.selector, tooLarge)
        );
        _assertRefused(
            type(uint256).max,
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionIdTooLarge.selector, type(uint256).max)
        );
        _assertRefused(
            type(uint32).max,
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionNotFound.selector, type(uint32).max)
        );
    }

    /// @dev The checks come in a fixed order; canEnter reports the first that fails.
    function test_enterAuction_errorPrecedence() public {
        uint256 id = _kick(); // nothing deposited: liquidity would fail last
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.InsufficientLiquidity.selector, 0));
        pool = _newPool(100e18);
        _assertRefused(
            id, abi.encodeWithSelector(IDaiBackstopSyndicate.PriceAboveLimit.selector, PRICE_1, 100e18)
        );
        mcd.flop.cage();
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.FlopperNotLive.selector));
        _halt();
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector));
    }

    /// @dev One bid size at a time: after governance changes `sump`, the new auctions wait until the open
    ///      positions settle. Reported before liquidity, after the price.
    function test_enterAuction_bidMismatch_reverts() public {
        _enlist(alice, 60_000e18); // after entering a, only 10,000 are liquid: b would fail liquidity too
        uint256 a = _kick();
        mcd.vow.file("sump", 60_000 * RAD); // 247.2 DAI/MKR for LOT_1: within the limit
        uint256 b = _kick();
        _enter(a);
        _assertRefused(b, abi.encodeWithSelector(IDaiBackstopSyndicate.BidMismatch.selector, 60_000e18, BID));
        mcd.vow.file("sump", 70_000 * RAD); // 288.4 DAI/MKR: the price fails first
        uint256 c = _kick();
        _assertRefused(
            c,
            abi.encodeWithSelector(
                IDaiBackstopSyndicate.PriceAboveLimit.selector, _impliedPrice(70_000 * RAD, LOT_1), PRICE
            )
        );
        _rivalDent(rival, a);
        _finalize(a);
        _enter(b);
        _assertBooks(0, 60_000e18, 0);
    }

    /// @dev Bids are compared as booked, in nano-DAI rounded up: one rad less is the same size, one more is
    /// not.
    function test_enterAuction_bidMismatch_comparesBookedBids() public {
        _enlist(alice, 3 * BID);
        uint256 a = _kick();
        mcd.vow.file("sump", SUMP - 1);
        uint256 b = _kick();
        mcd.vow.file("sump", SUMP + 1);
        uint256 c = _kick();
        _enter(a);
        _enter(b);
        _assertPosition(b, BID, LOT_1, block.timestamp + TTL, a, 0);
        _assertRefused(c, abi.encodeWithSelector(IDaiBackstopSyndicate.BidMismatch.selector, BID + 1e9, BID));
    }

    /// @dev An auction that expired unbid is finished until someone ticks it.
    function test_enterAuction_expiredUnbid_revertsUntilTicked() public {
        _enlist(alice, BID);
        uint256 id = _kick();
        (,,,, uint48 end) = _bid(id);
        vm.warp(uint256(end) + 1);
        _assertRefused(id, abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionFinished.selector, id));
        mcd.flop.tick(id);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(
            id, 291_262_135_922_330_097_087, BID, 171_666_666_666_666_666_667
        );
        _enter(id);
    }
}
