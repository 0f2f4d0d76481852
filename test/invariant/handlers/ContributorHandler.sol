// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {Permit} from "test/helpers/Permit.sol";
import {RAY, WAD} from "test/helpers/Units.sol";
import {ContributorBase} from "test/invariant/handlers/ContributorBase.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {RequestHandler} from "test/invariant/handlers/RequestHandler.sol";

/// @title ContributorHandler: deposits, exits and share moves by a fixed set of holders
/// @notice Six contributors with private keys (for DAI's permit and the shares' EIP-2612 permit). DAI comes
///         from this handler's own stash (minted in setUp), so funding works even after the DaiJoin is
///         caged. With no round open they `enlist` and `defect`; while one is, the same targets ask to join
///         or leave instead (RequestHandler, which also has the plain `requestEnlist`, `requestDefect`,
///         `cancelEnlist`, `cancelDefect`, `claim` and `claimMkr` targets), and at any time they move
///         shares (`transfer`, `permit` + `transferFrom`). `aroundBid` is called by the
///         keeper just before it enters an auction, right after (the bid is running), and right after a
///         finalize, so some holder acts at every edge of every bid. Every call and what it moved is
///         reported to the Ghost, which keeps the reference model (property 6).
/// @dev Each call the rules forbid is either skipped (`skip.<reason>`) or, about one time in four, made
///      as a probe that must revert with the exact error, arguments included (properties 5 and 8).
contract ContributorHandler is ContributorBase {
    mapping(address => uint256) internal _keys;
    /// @dev Where requests, cancels and claims go (set once, by the suite's setUp).
    RequestHandler public requests;

    constructor(Ghost ghost_) ContributorBase(ghost_) {
        for (uint256 i; i < ACTORS; ++i) {
            (address a, uint256 key) = makeAddrAndKey(string.concat("contributor", vm.toString(i)));
            _actors.push(a);
            _keys[a] = key;
            ghost.addContributor(a);
        }
    }

    /// @notice Wires the RequestHandler, once (the suite's setUp; it is deployed after this handler, whose
    ///         constructor registers the contributors it reads).
    function setRequests(RequestHandler requests_) external {
        require(address(requests) == address(0));
        requests = requests_;
    }

    // ================================================================ targets

    /// @notice A contributor approves and deposits; while a round is open it asks to join instead (after,
    ///         sometimes, trying `enlist`, which must revert `RoundOpen(closeBy)`).
    function enlist(uint256 actorSeed, uint256 amountSeed) external {
        _count("contributor.enlist");
        _join(_actor(actorSeed), _amount(amountSeed), amountSeed);
    }

    /// @notice A contributor joins in one transaction with DAI's own permit (holder, spender, nonce,
    ///         expiry, allowed). One time in four a third party submits the permit first (front-run).
    function enlistWithPermit(uint256 actorSeed, uint256 amountSeed, uint256 mode) external {
        _count("contributor.enlistWithPermit");
        address a = _actor(actorSeed);
        uint256 amount = _amount(amountSeed);
        _fund(a, amount);
        vm.prank(a);
        dai.approve(address(pool), 0);

        uint256 nonce = dai.nonces(a);
        uint256 expiry = mode % 3 == 0 ? 0 : block.timestamp + _bound(mode >> 8, 0, 30 days);
        bytes32 digest = Permit.daiDigest(dai.DOMAIN_SEPARATOR(), a, address(pool), nonce, expiry, true);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[a], digest);
        if (mode % 4 == 1) {
            _count("contributor.enlistWithPermit.frontRun");
            dai.permit(a, address(pool), nonce, expiry, true, v, r, s);
        }
        _enlist(a, amount, abi.encodeCall(I.enlistWithPermit, (amount, nonce, expiry, v, r, s)), mode);
    }

    /// @notice A contributor burns part or all of its shares; while a round is open it asks to leave instead
    ///         (after, sometimes, trying `defect`, which must revert `RoundOpen(closeBy)`).
    function defect(uint256 actorSeed, uint256 sharesSeed) external {
        _count("contributor.defect");
        _leave(_actor(actorSeed), sharesSeed);
    }

    /// @notice Everyone leaves (a run on the pool): at once with no round open, by request while one is.
    function exitAll() external {
        _count("contributor.exitAll");
        for (uint256 i; i < ACTORS; ++i) {
            address a = _actors[i];
            uint256 balance = pool.balanceOf(a);
            if (balance == 0) continue;
            if (ghost.roundOpen()) requests.requestDefectAs(a, balance);
            else if (!_defectLeavesDust(balance) && _defectError(a, balance).length == 0) _defect(a, balance);
        }
    }

    /// @notice A contributor sends shares to another (during a round as well).
    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        _count("contributor.transfer");
        _transferShares(_actor(fromSeed), _actor(toSeed), amountSeed);
    }

    /// @notice A contributor signs an EIP-2612 permit for its shares; a third party submits it and the
    ///         spender moves them with transferFrom.
    function permitShares(
        uint256 ownerSeed,
        uint256 spenderSeed,
        uint256 toSeed,
        uint256 amountSeed
    ) external {
        _count("contributor.permitShares");
        address from = _actor(ownerSeed);
        address spender = _actor(spenderSeed);
        address to = _actor(toSeed);
        uint256 balance = pool.balanceOf(from);
        if (balance == 0) return _skip("permitShares.noShares");
        uint256 amount = _bound(amountSeed, 0, balance);
        uint256 deadline = block.timestamp + (amountSeed % 1 days);

        bytes32 digest =
            Permit.eip2612Digest(pool.DOMAIN_SEPARATOR(), from, spender, amount, pool.nonces(from), deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[from], digest);
        pool.permit(from, spender, amount, deadline, v, r, s);
        (uint256 mkrTo, bool newcomer) = _beforeReceiving(to, from);
        vm.prank(spender);
        pool.transferFrom(from, to, amount);
        if (pool.allowance(from, spender) != 0) ghost.onViewMismatch("permit allowance left");
        ghost.onTransfer(from, to, amount);
        _afterReceiving(to, mkrTo, newcomer, "transferFrom");
    }

    /// @notice Called by the keeper at the edges of every bid (just before `enterAuction`, right after
    ///         it, right after `finalize`): one contributor does what the moment allows. No round open:
    ///         deposit, leave, or claim a closed round's requests. A round open: ask to join or leave,
    ///         cancel, move shares, collect MKR.
    function aroundBid(uint256 seed) external {
        _count(ghost.roundOpen() ? "contributor.aroundBid.inRound" : "contributor.aroundBid.betweenRounds");
        address a = _actor(seed >> 8);
        uint256 pick = seed % 10;
        uint256 amountSeed = seed >> 16;
        if (!ghost.roundOpen()) {
            if (pick < 5) return _join(a, _amount(amountSeed), amountSeed);
            if (pick < 8) return _leave(a, amountSeed);
            return requests.claimAs(a, amountSeed);
        }
        if (pick < 3) return requests.requestEnlistAs(a, _amount(amountSeed), amountSeed);
        if (pick < 6) {
            uint256 balance = pool.balanceOf(a);
            if (balance == 0) return _skip("aroundBid.noShares");
            return requests.requestDefectAs(a, amountSeed % 3 == 0 ? balance : _bound(amountSeed, 1, balance));
        }
        if (pick == 6) return requests.cancelEnlistAs(a, amountSeed);
        if (pick == 7) return requests.cancelDefectAs(a, amountSeed);
        if (pick == 8) return _transferShares(a, _actor(seed >> 12), amountSeed);
        requests.claimMkrAs(a, amountSeed);
    }

    // ================================================================ for the test's afterInvariant

    /// @notice `a` defects all its shares, if that pays anything. Returns false if it reverted.
    function defectAll(address a) external returns (bool ok) {
        uint256 balance = pool.balanceOf(a);
        // No dust guard here: at the end nobody deposits again.
        if (balance == 0 || _defectError(a, balance).length != 0) return true;
        uint256 daiBefore = _daiOf(a);
        uint256 mkrBefore = mkr.balanceOf(a);
        bool halted = pool.halted();
        vm.prank(a);
        try pool.defect(balance) returns (uint256 daiWad, uint256 mkrWad) {
            _received(a, daiWad, mkrWad, daiBefore, mkrBefore, "defect");
            ghost.onDefect(a, balance, daiWad, mkrWad, halted);
            return true;
        } catch (bytes memory err) {
            ghost.onWrongRevert(err);
            return false;
        }
    }

    // ================================================================ joining

    /// @dev With no round open, `enlist`; with one open, sometimes a probe of `enlist` (RoundOpen), then a
    ///      deposit request.
    function _join(address a, uint256 amount, uint256 seed) internal {
        if (ghost.roundOpen()) {
            if (_probe(seed)) {
                _fund(a, amount);
                vm.prank(a);
                dai.approve(address(pool), amount);
                _probeRevert(
                    a, abi.encodeCall(I.enlist, (amount)), _enlistError(amount), "5: enlist in a round"
                );
            }
            return requests.requestEnlistAs(a, amount, seed);
        }
        _fund(a, amount);
        vm.prank(a);
        dai.approve(address(pool), amount);
        _enlist(a, amount, abi.encodeCall(I.enlist, (amount)), seed);
    }

    /// @dev The revert data `enlist(amount)` must produce now, in the contract's order, or empty. Also
    ///      empty for the cases the handler avoids rather than probes (see `_enlist`).
    function _enlistError(uint256 amount) internal view returns (bytes memory) {
        if (pool.halted()) return abi.encodeWithSelector(I.PoolHalted.selector);
        if (ghost.roundOpen()) return abi.encodeWithSelector(I.RoundOpen.selector, ghost.closeBy());
        if (amount == 0) return abi.encodeWithSelector(I.ZeroAmount.selector);
        return "";
    }

    /// @dev The shares `enlist(amount)` mints now: the DAI book after skim's release is brought up to date
    ///      (the spec: enlist releases first), 1:1 into an empty pool. 0 if the book holds no DAI.
    function _sharesFor(uint256 amount) internal view returns (uint256) {
        uint256 supply = pool.totalSupply();
        if (supply == 0) return amount;
        (uint256 releasing,) = ghost.releaseDue();
        (uint256 daiBook,,) = pool.nav();
        daiBook += releasing;
        return daiBook == 0 ? 0 : M.fullMulDiv(amount, supply, daiBook);
    }

    /// @dev Deposits, or, when the rules forbid it, probes (halt, round open) or skips. `callData` is
    ///      `enlist(amount)` or `enlistWithPermit(amount, ...)`, made as `a`.
    ///      Avoided rather than probed: `SharesWithoutDai` (shares outstanding, no DAI behind them: the
    ///      keeper never spends the last DAI, see KeeperHandler._entryError, so it cannot arise; the share
    ///      epochs will replace it), a deposit that mints no share, and one that would overflow the supply
    ///      (a tiny DAI book behind many shares, also for the share epochs).
    function _enlist(address a, uint256 amount, bytes memory callData, uint256 seed) internal {
        bytes memory err = _enlistError(amount);
        if (err.length != 0) {
            _skip(pool.halted() ? "enlist.halted" : "enlist.roundOpen");
            if (!_probe(seed)) return;
            return _probeRevert(a, callData, err, "5/8: enlist the rules forbid");
        }
        uint256 supply = pool.totalSupply();
        (uint256 daiBook,,) = pool.nav();
        (uint256 releasing,) = ghost.releaseDue();
        if (supply != 0 && _leavesDust(daiBook + releasing, supply, 0)) {
            return _skip("enlist.sharesWithoutDai");
        }
        // A first deposit of dust would itself be shares with less than 1 DAI behind them.
        if (supply == 0 && amount < WAD) return _skip("enlist.dustIntoEmptyPool");
        uint256 expected = _sharesFor(amount);
        if (expected == 0) return _skip("enlist.zeroShares");
        if (expected > type(uint128).max - supply) return _skip("enlist.supplyOverflow");
        uint256 preview = supply == 0 ? amount : daiBook == 0 ? 0 : M.fullMulDiv(amount, supply, daiBook);
        if (pool.previewEnlist(amount) != preview) ghost.onViewMismatch("previewEnlist");

        (uint256 mkrBefore, bool newcomer) = _beforeReceiving(a, address(0));
        bool halted = pool.halted();
        uint256 shares = _callEnlist(a, callData, expected);
        ghost.onEnlist(a, amount, shares, halted);
        _afterReceiving(a, mkrBefore, newcomer, "enlist");
        _checkWorth(amount, shares, supply == 0 ? 0 : M.divUp(daiBook + releasing, supply));
    }

    /// @dev Makes the deposit `callData` as `a`, which the rules allow: a revert fails the run. Checks the
    ///      shares minted are `expected` and reached `a`.
    function _callEnlist(
        address a,
        bytes memory callData,
        uint256 expected
    ) internal returns (uint256 shares) {
        uint256 balanceAfter = pool.balanceOf(a) + expected;
        vm.prank(a);
        (bool ok, bytes memory ret) = address(pool).call(callData);
        if (!ok) {
            // A call the rules allow reverted: bubble up, fail_on_revert reports it.
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        shares = abi.decode(ret, (uint256));
        if (shares != expected) ghost.onViewMismatch("enlist shares");
        if (pool.balanceOf(a) != balanceAfter) ghost.onViewMismatch("enlist balance");
    }

    /// @dev Nor does a newcomer pay for MKR: the shares bought with `amount` are worth `amount`, less at
    ///      most one share unit (`unit`, the value of a wei of shares before the deposit) and a wei.
    function _checkWorth(uint256 amount, uint256 shares, uint256 unit) internal {
        uint256 worth = pool.previewDefect(shares);
        if (worth > amount || worth + unit + 1 < amount) {
            ghost.onNewcomerViolation(
                "6: enlist bought shares worth more, or less, than paid (to a share unit)"
            );
        }
    }

    // ================================================================ leaving

    /// @dev With no round open, `defect`; with one open, sometimes a probe of `defect` (RoundOpen), then an
    ///      exit request.
    function _leave(address a, uint256 sharesSeed) internal {
        uint256 balance = pool.balanceOf(a);
        if (balance == 0) return _skip("defect.noShares");
        // One exit in three is the whole balance.
        uint256 shares = sharesSeed % 3 == 0 ? balance : _bound(sharesSeed, 1, balance);
        if (ghost.roundOpen()) {
            if (pool.maxDefect(a) != 0) ghost.onViewMismatch("maxDefect in a round");
            if (_probe(sharesSeed)) {
                _probeRevert(
                    a,
                    abi.encodeCall(I.defect, (shares)),
                    abi.encodeWithSelector(I.RoundOpen.selector, ghost.closeBy()),
                    "5: defect in a round"
                );
            }
            return requests.requestDefectAs(a, shares);
        }
        if (pool.maxDefect(a) != balance) ghost.onViewMismatch("maxDefect");
        if (_defectLeavesDust(shares)) return _skip("defect.wouldLeaveDust");
        bytes memory err = _defectError(a, shares);
        if (err.length != 0) {
            _skip("defect.zeroPayout");
            // Probed only when certain (see _defectError): an uncertain one may pay MKR.
            bool certain = keccak256(err) == keccak256(abi.encodeWithSelector(I.ZeroPayout.selector, shares));
            if (certain && _probe(sharesSeed)) {
                _probeRevert(a, abi.encodeCall(I.defect, (shares)), err, "defect paying nothing");
            }
            return;
        }
        _defect(a, shares);
    }

    /// @dev No round open: the revert data `defect(shares)` must produce (`ZeroPayout` when it would pay no
    ///      DAI and no MKR), or empty. When skim's release would credit MKR first, a zero payout cannot be
    ///      told in advance: reported as the error too, so that the handler skips it.
    function _defectError(address a, uint256 shares) internal view returns (bytes memory) {
        if (_defectDai(shares) != 0) return "";
        if (!_mkrShownExactly(a)) return abi.encodeWithSelector(I.ZeroPayout.selector, type(uint256).max);
        if (pool.claimableMkr(a) != 0) return "";
        return abi.encodeWithSelector(I.ZeroPayout.selector, shares);
    }

    /// @dev The exit would leave shares with less than 1 DAI behind them (HandlerBase._leavesDust).
    function _defectLeavesDust(uint256 shares) internal view returns (bool) {
        (uint256 releasing,) = ghost.releaseDue();
        (uint256 daiBook,,) = pool.nav();
        return _leavesDust(daiBook + releasing, pool.totalSupply(), shares);
    }

    /// @dev DAI `defect(shares)` pays now: `shares * daiBook / supply`, the book after the release.
    function _defectDai(uint256 shares) internal view returns (uint256) {
        (uint256 releasing,) = ghost.releaseDue();
        (uint256 daiBook,,) = pool.nav();
        return M.fullMulDiv(shares, daiBook + releasing, pool.totalSupply());
    }

    function _defect(address a, uint256 shares) internal {
        uint256 expDai = _defectDai(shares);
        (uint256 releasingDai,) = ghost.releaseDue();
        bool mkrExact = _mkrShownExactly(a);
        uint256 expMkr = pool.claimableMkr(a);
        if (releasingDai == 0 && pool.previewDefect(shares) != expDai) ghost.onViewMismatch("previewDefect");
        uint256 daiBefore = _daiOf(a);
        uint256 mkrBefore = mkr.balanceOf(a);
        bool halted = pool.halted();
        vm.prank(a);
        (uint256 daiWad, uint256 mkrWad) = pool.defect(shares);
        if (daiWad != expDai) ghost.onViewMismatch("defect DAI");
        // Without a release in between, defect pays exactly what claimableMkr showed.
        if (mkrExact && mkrWad != expMkr) ghost.onViewMismatch("defect MKR");
        _received(a, daiWad, mkrWad, daiBefore, mkrBefore, "defect");
        ghost.onDefect(a, shares, daiWad, mkrWad, halted);
    }

    function _transferShares(address from, address to, uint256 amountSeed) internal {
        uint256 balance = pool.balanceOf(from);
        if (balance == 0) return _skip("transfer.noShares");
        uint256 amount = _bound(amountSeed, 0, balance);
        (uint256 mkrTo, bool newcomer) = _beforeReceiving(to, from);
        vm.prank(from);
        pool.transfer(to, amount);
        ghost.onTransfer(from, to, amount);
        if (amount != 0) _afterReceiving(to, mkrTo, newcomer, "transfer");
    }
}
