// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {Permit} from "test/helpers/Permit.sol";
import {RAY, WAD} from "test/helpers/Units.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";

/// @title ContributorHandler: deposits, exits and share moves by a fixed set of contributors
/// @notice Six contributors with private keys (for DAI's permit and the shares' EIP-2612 permit).
///         DAI comes from this handler's own stash (minted in setUp), so funding works even after
///         the DaiJoin is caged. Every deposit, exit and transfer is reported to the Ghost, which
///         keeps the reference model of entitlements (property 6).
contract ContributorHandler is HandlerBase {
    uint256 internal constant ACTORS = 6;

    address[] internal _actors;
    mapping(address => uint256) internal _keys;

    constructor(Ghost ghost_) HandlerBase(ghost_) {
        for (uint256 i; i < ACTORS; ++i) {
            (address a, uint256 key) = makeAddrAndKey(string.concat("contributor", vm.toString(i)));
            _actors.push(a);
            _keys[a] = key;
            ghost.addContributor(a);
        }
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    // ================================================================ targets

    /// @notice A contributor approves and deposits.
    function enlist(uint256 actorSeed, uint256 amountSeed) external {
        _count("contributor.enlist");
        address a = _actor(actorSeed);
        uint256 amount = _amount(amountSeed);
        _fund(a, amount);
        vm.prank(a);
        dai.approve(address(pool), amount);
        _enlist(a, amount, abi.encodeCall(I.enlist, (amount)));
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
        _enlist(a, amount, abi.encodeCall(I.enlistWithPermit, (amount, nonce, expiry, v, r, s)));
    }

    /// @notice A contributor burns part or all of its shares, at most `maxDefect`.
    function defect(uint256 actorSeed, uint256 sharesSeed) external {
        _count("contributor.defect");
        address a = _actor(actorSeed);
        uint256 balance = pool.balanceOf(a);
        if (balance == 0) return _skip("defect.noShares");
        // One exit in three is the whole balance.
        uint256 shares = sharesSeed % 3 == 0 ? balance : _bound(sharesSeed, 1, balance);

        if (pool.settlementDue() != 0) return _probeDefect(a, shares);

        (uint256 d, uint256 locked,) = pool.nav();
        uint256 supply = pool.totalSupply();
        uint256 maxShares = locked == 0 ? balance : M.min(balance, M.mulDiv(d, supply, d + locked));
        if (pool.maxDefect(a) != maxShares) ghost.onViewMismatch("maxDefect");
        if (shares > maxShares) {
            _count("contributor.defect.boundedByMaxDefect");
            shares = maxShares;
        }
        if (shares == 0) return _skip("defect.illiquid");
        _defect(a, shares);
    }

    /// @notice Everyone leaves as far as the liquid DAI allows (a run on the pool); when all shares
    ///         are burned the MKR book is empty and deposits reopen.
    function exitAll() external {
        _count("contributor.exitAll");
        if (pool.settlementDue() != 0) return _skip("exitAll.settlementDue");
        for (uint256 i; i < ACTORS; ++i) {
            address a = _actors[i];
            uint256 shares = pool.maxDefect(a);
            if (shares == 0) continue;
            (uint256 d, uint256 m) = (pool.previewDefect(shares), pool.claimableMkr(a));
            if (d == 0 && m == 0) continue;
            _defect(a, shares);
        }
    }

    /// @notice A contributor sends shares to another.
    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        _count("contributor.transfer");
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        uint256 balance = pool.balanceOf(from);
        if (balance == 0) return _skip("transfer.noShares");
        uint256 amount = _bound(amountSeed, 0, balance);
        vm.prank(from);
        pool.transfer(to, amount);
        ghost.onTransfer(from, to, amount, balance);
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
        vm.prank(spender);
        pool.transferFrom(from, to, amount);
        if (pool.allowance(from, spender) != 0) ghost.onViewMismatch("permit allowance left");
        ghost.onTransfer(from, to, amount, balance);
    }

    // ================================================================ for the test's afterInvariant

    /// @notice `a` defects all its shares, if that pays anything. Returns false if it reverted.
    function defectAll(address a) external returns (bool ok) {
        uint256 balance = pool.balanceOf(a);
        if (balance == 0) return true;
        (uint256 d, uint256 m) = (pool.previewDefect(balance), pool.claimableMkr(a));
        if (d == 0 && m == 0) return true;
        uint256 daiBefore = _daiOf(a);
        uint256 mkrBefore = mkr.balanceOf(a);
        vm.prank(a);
        try pool.defect(balance) returns (uint256 daiWad, uint256 mkrWad) {
            _afterDefect(a, balance, balance, daiWad, mkrWad, daiBefore, mkrBefore, false);
            return true;
        } catch (bytes memory err) {
            ghost.onWrongRevert(err);
            return false;
        }
    }

    // ================================================================ internals

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % ACTORS];
    }

    /// @dev One deposit in eight is dust (1 to 1e6 wei), the rest 1 to 60,000 DAI.
    function _amount(uint256 seed) internal pure returns (uint256) {
        if (seed % 8 == 0) return _bound(seed >> 3, 1, 1e6);
        return _bound(seed >> 3, WAD, 60_000 * WAD);
    }

    function _fund(address a, uint256 amount) internal {
        uint256 held = dai.balanceOf(a);
        if (held < amount) dai.transfer(a, amount - held);
    }

    /// @dev DAI `a` holds as ERC20 plus as Vat DAI, rad (exits pay Vat DAI once the DaiJoin is caged).
    function _daiOf(address a) internal view returns (uint256) {
        return dai.balanceOf(a) * RAY + vat.dai(a);
    }

    /// @dev The error `enlist(amount)` must revert with now, in the contract's order, or 0.
    function _enlistError(uint256 amount) internal view returns (bytes4) {
        if (pool.halted()) return I.PoolHalted.selector;
        (uint256 d, uint256 locked,) = pool.nav();
        if (pool.round().open) return I.RoundOpen.selector;
        if (amount == 0) return I.ZeroAmount.selector;
        if (_expectedShares(amount, d + locked) == 0) return I.ZeroShares.selector;
        return bytes4(0);
    }

    function _expectedSharesNow(uint256 amount) internal view returns (uint256) {
        (uint256 d, uint256 locked,) = pool.nav();
        return _expectedShares(amount, d + locked);
    }

    function _expectedShares(uint256 amount, uint256 navDai) internal view returns (uint256) {
        uint256 supply = pool.totalSupply();
        if (supply == 0) return amount;
        // No DAI behind the shares (all spent on MKR): deposits are closed anyway, nothing to price.
        return navDai == 0 ? 0 : M.fullMulDiv(amount, supply, navDai);
    }

    /// @dev Deposits, or, when the rules forbid it, skips (or probes, for the halt and due rules).
    ///      `callData` is `enlist(amount)` or `enlistWithPermit(amount, ...)`, made as `a`.
    function _enlist(address a, uint256 amount, bytes memory callData) internal {
        bytes4 err = _enlistError(amount);
        bool due = pool.settlementDue() != 0;
        bool known = ghost.outcomeKnown();
        bool halted = pool.halted();
        if (err != bytes4(0)) {
            if (err == I.PoolHalted.selector) _skip("enlist.halted");
            else if (err == I.RoundOpen.selector) _skip("enlist.roundOpen");
            else return _skip("enlist.zeroShares");
            // Properties 5 and 8: the call must revert; try it and record a success.
            _count("contributor.enlist.probe");
        }

        uint256 expected = _expectedSharesNow(amount);
        if (err == bytes4(0) && pool.previewEnlist(amount) != expected) {
            ghost.onViewMismatch("previewEnlist");
        }
        uint256 balanceAfter = pool.balanceOf(a) + expected;
        vm.prank(a);
        (bool ok, bytes memory ret) = address(pool).call(callData);
        if (!ok) {
            if (err == bytes4(0)) {
                // A call the rules allow reverted: bubble up, fail_on_revert reports it.
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
            return _expectRevert(ret, err);
        }
        if (err != bytes4(0)) ghost.onForbiddenSuccess("5/8: an enlist the rules forbid succeeded");
        if (abi.decode(ret, (uint256)) != expected) ghost.onViewMismatch("enlist shares");
        if (pool.balanceOf(a) != balanceAfter) ghost.onViewMismatch("enlist balance");
        if (known && !due) ghost.onOutcomeKnown("5: enlist once no dent was possible, before settlementDue");
        ghost.onEnlist(a, amount, due, halted);
    }

    /// @dev Property 5: while a position is due (a round is open), defect must revert with RoundOpen.
    function _probeDefect(address a, uint256 shares) internal {
        _skip("defect.settlementDue");
        _count("contributor.defect.probe");
        uint256 balance = pool.balanceOf(a);
        uint256 daiBefore = _daiOf(a);
        uint256 mkrBefore = mkr.balanceOf(a);
        vm.prank(a);
        try pool.defect(shares) returns (uint256 daiWad, uint256 mkrWad) {
            ghost.onForbiddenSuccess("5: a defect while due succeeded");
            _afterDefect(a, shares, balance, daiWad, mkrWad, daiBefore, mkrBefore, true);
        } catch (bytes memory err) {
            _expectRevert(err, I.RoundOpen.selector);
        }
    }

    function _defect(address a, uint256 shares) internal {
        (uint256 expDai, uint256 expMkr) = _expectedPayout(shares);
        if (expDai == 0 && expMkr == 0) return _skip("defect.zeroPayout");
        if (ghost.outcomeKnown()) {
            ghost.onOutcomeKnown("5: defect once no dent was possible, before settlementDue");
        }

        uint256 balance = pool.balanceOf(a);
        uint256 daiBefore = _daiOf(a);
        uint256 mkrBefore = mkr.balanceOf(a);
        vm.prank(a);
        (uint256 daiWad, uint256 mkrWad) = pool.defect(shares);
        if (daiWad != expDai || mkrWad != expMkr) ghost.onViewMismatch("defect payout");
        _afterDefect(a, shares, balance, daiWad, mkrWad, daiBefore, mkrBefore, false);
    }

    /// @dev The pro-rata payout of `shares` from the books, rounded down; checks `previewDefect`.
    function _expectedPayout(uint256 shares) internal returns (uint256 expDai, uint256 expMkr) {
        (uint256 d, uint256 locked, uint256 m) = pool.nav();
        uint256 supply = pool.totalSupply();
        expDai = M.fullMulDiv(shares, d + locked, supply);
        expMkr = M.fullMulDiv(shares, m, supply);
        // TODO(rounds): MKR is no longer pro rata of the book (claimableMkr); the model needs rewriting.
        (uint256 pd, uint256 pm) = (pool.previewDefect(shares), expMkr);
        if (pd != expDai || pm != expMkr) ghost.onViewMismatch("previewDefect");
    }

    function _afterDefect(
        address a,
        uint256 shares,
        uint256 balance,
        uint256 daiWad,
        uint256 mkrWad,
        uint256 daiBefore,
        uint256 mkrBefore,
        bool due
    ) internal {
        if (_daiOf(a) != daiBefore + daiWad * RAY) {
            ghost.onViewMismatch("defect DAI received");
        }
        if (mkr.balanceOf(a) != mkrBefore + mkrWad) ghost.onViewMismatch("defect MKR received");
        ghost.onDefect(a, shares, balance, daiWad, mkrWad, due, pool.halted());
    }
}
