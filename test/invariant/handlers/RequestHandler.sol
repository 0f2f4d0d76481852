// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicateExtension} from "src/interfaces/ISyndicateExtension.sol";
import {RAY} from "test/helpers/Units.sol";
import {ContributorBase} from "test/invariant/handlers/ContributorBase.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";

/// @title RequestHandler: the contributors' round requests, cancels and claims
/// @notice While a round is open a contributor asks to join (`requestEnlist`, DAI taken now) or to leave
///         (`requestDefect`, shares locked in the pool) and may withdraw either (`cancelEnlist`,
///         `cancelDefect`); after the round closed anyone claims a holder's executed requests (`claim`:
///         the holder, another contributor, or a stranger). `claimMkr` collects MKR at any time. A request
///         claims the holder's closed round first: what that claim paid is reported too. Every call is
///         reported to the Ghost (property 6); `pending` is compared with the model after each.
///         The ContributorHandler routes its in-round calls here (`*As`), so that the contributors' edge
///         actions and their plain targets share one path.
/// @dev Forbidden calls are skipped or, one time in PROBE_ODDS, probed: `NoRoundOpen`, `NoRequest`,
///      `RequestLocked`, `RequestPending`, `NothingToClaim`, `PoolHalted`, each byte for byte.
contract RequestHandler is ContributorBase {
    /// @dev The third party that claims for others.
    address internal immutable stranger;
    /// @dev May call the `*As` entry points.
    address internal immutable contributorHandler;

    constructor(Ghost ghost_, address contributorHandler_) ContributorBase(ghost_) {
        address[] memory a = ghost_.contributors();
        for (uint256 i; i < a.length; ++i) {
            _actors.push(a[i]);
        }
        stranger = makeAddr("stranger");
        contributorHandler = contributorHandler_;
    }

    modifier onlyContributors() {
        require(msg.sender == contributorHandler, "RequestHandler/not-contributors");
        _;
    }

    // ================================================================ targets

    /// @notice A contributor asks to join the open round (with no round open: a probe of `NoRoundOpen`).
    function requestEnlist(uint256 actorSeed, uint256 amountSeed) external {
        _count("contributor.requestEnlist");
        address a = _actor(actorSeed);
        uint256 amount = _amount(amountSeed);
        if (!ghost.roundOpen()) {
            return _probeNoRound(a, abi.encodeCall(ISyndicateExtension.requestEnlist, (amount)), amountSeed);
        }
        _requestEnlist(a, amount, amountSeed);
    }

    /// @notice A contributor asks to leave the open round (with no round open: a probe of `NoRoundOpen`).
    function requestDefect(uint256 actorSeed, uint256 sharesSeed) external {
        _count("contributor.requestDefect");
        address a = _actor(actorSeed);
        uint256 balance = pool.balanceOf(a);
        uint256 shares = sharesSeed % 3 == 0 ? balance : _bound(sharesSeed, 1, M.max(balance, 1));
        if (!ghost.roundOpen()) {
            return _probeNoRound(a, abi.encodeCall(ISyndicateExtension.requestDefect, (shares)), sharesSeed);
        }
        if (balance == 0) return _skip("requestDefect.noShares");
        _requestDefect(a, shares);
    }

    /// @notice A contributor withdraws its deposit request; without a cancellable one, a probe of
    ///         `NoRequest(holder)` or `RequestLocked(round)`.
    function cancelEnlist(uint256 actorSeed) external {
        _count("contributor.cancelEnlist");
        _cancelEnlist(_actor(actorSeed), actorSeed);
    }

    /// @notice A contributor withdraws its exit request; without a cancellable one, a probe of
    ///         `NoRequest(holder)` or `RequestLocked(round)`.
    function cancelDefect(uint256 actorSeed) external {
        _count("contributor.cancelDefect");
        _cancelDefect(_actor(actorSeed), actorSeed);
    }

    /// @notice Someone claims a contributor's executed requests: the holder itself, another contributor or
    ///         a stranger (anyone may). Nothing to claim: a probe of `NoRequest(holder)` or
    ///         `RequestPending(round)`.
    function claim(uint256 callerSeed, uint256 actorSeed) external {
        _count("contributor.claim");
        address a = _actor(actorSeed);
        address caller = callerSeed % 3 == 0 ? stranger : callerSeed % 3 == 1 ? a : _actor(callerSeed >> 2);
        _claim(caller, a, callerSeed);
    }

    /// @notice A contributor collects the MKR credited to its shares (`NothingToClaim` probed when none).
    function claimMkr(uint256 actorSeed) external {
        _count("contributor.claimMkr");
        _claimMkr(_actor(actorSeed), actorSeed);
    }

    // ================================================================ for the ContributorHandler

    /// @notice `a` asks to join the open round with `amount`.
    function requestEnlistAs(address a, uint256 amount, uint256 seed) external onlyContributors {
        _requestEnlist(a, amount, seed);
    }

    /// @notice `a` asks to leave the open round with `shares` (which it holds).
    function requestDefectAs(address a, uint256 shares) external onlyContributors {
        _requestDefect(a, shares);
    }

    /// @notice `a` withdraws its deposit request (or a probe, if it has none to withdraw).
    function cancelEnlistAs(address a, uint256 seed) external onlyContributors {
        _cancelEnlist(a, seed);
    }

    /// @notice `a` withdraws its exit request (or a probe, if it has none to withdraw).
    function cancelDefectAs(address a, uint256 seed) external onlyContributors {
        _cancelDefect(a, seed);
    }

    /// @notice A stranger claims for `a` (or a probe, if nothing is executed).
    function claimAs(address a, uint256 seed) external onlyContributors {
        _claim(stranger, a, seed);
    }

    /// @notice `a` collects its MKR (or a probe, if it has none).
    function claimMkrAs(address a, uint256 seed) external onlyContributors {
        _claimMkr(a, seed);
    }

    /// @notice A stranger claims `a`'s executed requests, if any. Returns false if it reverted.
    function claimFor(address a) external returns (bool ok) {
        Ghost.Holder memory x = ghost.holder(a);
        if (x.round == 0 || x.round == ghost.roundId()) return true;
        (bool success, bytes memory err) = _tryClaim(stranger, a);
        if (!success) ghost.onWrongRevert(err);
        return success;
    }

    /// @notice `a` collects any MKR left credited to it (a holder who moved every share away). Returns false
    ///         if it reverted.
    function claimMkrLeft(address a) external returns (bool ok) {
        if (pool.claimableMkr(a) == 0) return true;
        uint256 mkrBefore = mkr.balanceOf(a);
        vm.prank(a);
        try pool.claimMkr() returns (uint256 mkrWad) {
            if (mkr.balanceOf(a) != mkrBefore + mkrWad) ghost.onViewMismatch("claimMkr MKR received");
            ghost.onClaimMkr(a, mkrWad);
            return true;
        } catch (bytes memory err) {
            ghost.onWrongRevert(err);
            return false;
        }
    }

    /// @dev A deposit request of `amount` (a round is open); one of a closed round is claimed first.
    function _requestEnlist(address a, uint256 amount, uint256 seed) internal {
        if (pool.halted()) {
            _skip("requestEnlist.halted");
            if (!_probe(seed)) return;
            _fund(a, amount);
            vm.prank(a);
            dai.approve(address(pool), amount);
            return _probeRevert(
                a,
                abi.encodeCall(ISyndicateExtension.requestEnlist, (amount)),
                abi.encodeWithSelector(I.PoolHalted.selector),
                "8"
            );
        }
        (uint256 daiBook, uint256 lockedBook,) = pool.nav();
        uint256 held = daiBook + lockedBook + ghost.owedDai() + ghost.releaseDai() + ghost.requestedDai();
        if (amount > type(uint96).max - held) return _skip("requestEnlist.tooLarge");
        _fund(a, amount);
        vm.prank(a);
        dai.approve(address(pool), amount);
        Snapshot memory before = _snapshot(a);
        vm.prank(a);
        pool.requestEnlist(amount);
        _claimedFirst(a, before, amount, 0);
        ghost.onRequestEnlist(a, amount, before.halted);
        _checkPending(a);
    }

    /// @dev An exit request of `shares` (a round is open, `a` holds them); one of a closed round is claimed
    ///      first.
    function _requestDefect(address a, uint256 shares) internal {
        Snapshot memory before = _snapshot(a);
        vm.prank(a);
        pool.requestDefect(shares);
        _claimedFirst(a, before, 0, shares);
        ghost.onRequestDefect(a, shares);
        _checkPending(a);
    }

    function _cancelEnlist(address a, uint256 seed) internal {
        Ghost.Holder memory x = ghost.holder(a);
        bool cancellable = x.reqDai != 0 && x.round == ghost.roundId();
        if (!cancellable) {
            _skip("cancelEnlist.none");
            if (!_probe(seed)) return;
            bytes memory err = x.round != 0 && x.round < ghost.roundId() && x.execEnlist
                ? abi.encodeWithSelector(I.RequestLocked.selector, x.round)
                : abi.encodeWithSelector(I.NoRequest.selector, a);
            return _probeRevert(
                a,
                abi.encodeCall(ISyndicateExtension.cancelEnlist, ()),
                err,
                "cancelEnlist with nothing to cancel"
            );
        }
        uint256 daiBefore = dai.balanceOf(a);
        vm.prank(a);
        uint256 daiWad = pool.cancelEnlist();
        if (dai.balanceOf(a) != daiBefore + daiWad) ghost.onViewMismatch("cancelEnlist DAI received");
        ghost.onCancelEnlist(a, daiWad);
        _checkPending(a);
    }

    function _cancelDefect(address a, uint256 seed) internal {
        Ghost.Holder memory x = ghost.holder(a);
        bool cancellable = x.lockShares != 0 && x.round == ghost.roundId();
        if (!cancellable) {
            _skip("cancelDefect.none");
            if (!_probe(seed)) return;
            bytes memory err = x.round != 0 && x.round < ghost.roundId() && x.execDefect
                ? abi.encodeWithSelector(I.RequestLocked.selector, x.round)
                : abi.encodeWithSelector(I.NoRequest.selector, a);
            return _probeRevert(
                a,
                abi.encodeCall(ISyndicateExtension.cancelDefect, ()),
                err,
                "cancelDefect with nothing to cancel"
            );
        }
        uint256 balance = pool.balanceOf(a);
        vm.prank(a);
        uint256 shares = pool.cancelDefect();
        if (pool.balanceOf(a) != balance + shares) ghost.onViewMismatch("cancelDefect balance");
        ghost.onCancelDefect(a, shares);
        _checkPending(a);
    }

    /// @dev `caller` claims for `a`: executed requests pay; none (or a pending one) is probed.
    function _claim(address caller, address a, uint256 seed) internal {
        Ghost.Holder memory x = ghost.holder(a);
        if (x.round == 0 || x.round == ghost.roundId()) {
            _skip(x.round == 0 ? "claim.noRequest" : "claim.pending");
            if (!_probe(seed)) return;
            bytes memory err = x.round == 0
                ? abi.encodeWithSelector(I.NoRequest.selector, a)
                : abi.encodeWithSelector(I.RequestPending.selector, x.round);
            return _probeRevert(
                caller, abi.encodeCall(ISyndicateExtension.claim, (a)), err, "claim with nothing executed"
            );
        }
        if (caller != a) _count("contributor.claim.forSomeoneElse");
        (bool ok, bytes memory ret) = _tryClaim(caller, a);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
    }

    /// @dev `caller` calls `claim(a)`, checks what `a` received against `pending(a)` and reports it.
    function _tryClaim(address caller, address a) internal returns (bool ok, bytes memory err) {
        I.Pending memory p = pool.pending(a);
        if (!p.executed) ghost.onViewMismatch("pending: an executed request not shown executed");
        Snapshot memory before = _snapshot(a);
        vm.prank(caller);
        try pool.claim(a) returns (uint256 shares, uint256 daiWad, uint256 mkrWad) {
            // pending() counts skim's due release, which claim brings in first: exactly what it pays.
            if (shares != p.sharesOut || daiWad != p.daiOutWad) ghost.onViewMismatch("claim != pending()");
            if (mkrWad != p.mkrWad) ghost.onViewMismatch("claim MKR != pending().mkrWad");
            if (pool.balanceOf(a) != before.balance + shares) ghost.onViewMismatch("claim shares received");
            _received(a, daiWad, mkrWad, before.dai, before.mkr, "claim");
            ghost.onClaim(a, shares, daiWad, mkrWad);
            // A claim pays every MKR the holder had; the new shares start at the current accumulator.
            if (pool.claimableMkr(a) != 0) {
                ghost.onNewcomerViolation(
                    "6: claimableMkr not zero right after claim (shares came in with MKR)"
                );
            }
            _checkPending(a);
            return (true, "");
        } catch (bytes memory e) {
            return (false, e);
        }
    }

    function _claimMkr(address a, uint256 seed) internal {
        Ghost.Holder memory x = ghost.holder(a);
        // claimMkr does not pay an executed request's MKR (claim does); with one, its amount is not shown
        // apart.
        if (x.round != 0 && x.round < ghost.roundId()) return _skip("claimMkr.claimFirst");
        uint256 claimable = pool.claimableMkr(a);
        if (claimable == 0) {
            _skip("claimMkr.nothing");
            if (!_probe(seed)) return;
            return _probeRevert(
                a,
                abi.encodeCall(I.claimMkr, ()),
                abi.encodeWithSelector(I.NothingToClaim.selector, a),
                "claimMkr with nothing"
            );
        }
        uint256 mkrBefore = mkr.balanceOf(a);
        vm.prank(a);
        uint256 mkrWad = pool.claimMkr();
        if (mkrWad != claimable) ghost.onViewMismatch("claimMkr != claimableMkr");
        if (mkr.balanceOf(a) != mkrBefore + mkrWad) ghost.onViewMismatch("claimMkr MKR received");
        ghost.onClaimMkr(a, mkrWad);
    }

    /// @dev A request claims the holder's closed round first: reports what that claim paid, from what
    ///      changed (`paidIn` DAI went in, `locked` shares out, for the request itself).
    function _claimedFirst(address a, Snapshot memory before, uint256 paidIn, uint256 locked) internal {
        if (!before.claimsFirst) return;
        _count("contributor.request.claimedFirst");
        uint256 shares = pool.balanceOf(a) + locked - before.balance;
        uint256 daiWad = (_daiOf(a) + paidIn * RAY - before.dai) / RAY;
        uint256 mkrWad = mkr.balanceOf(a) - before.mkr;
        ghost.onClaim(a, shares, daiWad, mkrWad);
    }

    /// @dev `pending(a)` as the model has it: round, amounts, executed or not.
    function _checkPending(address a) internal {
        Ghost.Holder memory x = ghost.holder(a);
        I.Pending memory p = pool.pending(a);
        bool executed = x.round != 0 && x.round < ghost.roundId();
        if (p.round != x.round || p.executed != executed) return ghost.onViewMismatch("13: pending() round");
        if (!executed && (p.enlistDaiWad != x.reqDai || p.defectShares != x.lockShares)) {
            ghost.onViewMismatch("13: pending() amounts != requests");
        }
    }

    /// @dev A probe of a request with no round open: must revert `NoRoundOpen` (or `PoolHalted` first, for
    ///      a deposit request after a halt).
    function _probeNoRound(address a, bytes memory callData, uint256 seed) internal {
        _skip("request.noRound");
        if (!_probe(seed)) return;
        bytes memory err = bytes4(callData) == ISyndicateExtension.requestEnlist.selector && pool.halted()
            ? abi.encodeWithSelector(I.PoolHalted.selector)
            : abi.encodeWithSelector(I.NoRoundOpen.selector);
        if (bytes4(callData) == ISyndicateExtension.requestEnlist.selector) {
            uint256 amount = abi.decode(_args(callData), (uint256));
            _fund(a, amount);
            vm.prank(a);
            dai.approve(address(pool), amount);
        }
        _probeRevert(a, callData, err, "5: a request with no round open");
    }
}
