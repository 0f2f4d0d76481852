// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {RAY, WAD} from "test/helpers/Units.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";

/// @title ContributorBase: what the contributors' two handlers share
/// @notice The six contributors (registered by the ContributorHandler), the probes of forbidden calls
///         (each must revert with its exact error, arguments included), funding, and the checks made on
///         every share or payment a contributor receives (newcomers get no MKR won before they joined).
abstract contract ContributorBase is HandlerBase {
    uint256 internal constant ACTORS = 6;
    /// @dev One forbidden call in PROBE_ODDS is made as a probe (and must revert with its exact error).
    uint256 internal constant PROBE_ODDS = 4;

    address[] internal _actors;

    constructor(Ghost ghost_) HandlerBase(ghost_) {}

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    /// @dev What a holder had before a call that may pay them.
    struct Snapshot {
        uint256 balance;
        uint256 dai;
        uint256 mkr;
        bool claimsFirst;
        bool halted;
    }

    function _snapshot(address a) internal view returns (Snapshot memory s) {
        Ghost.Holder memory x = ghost.holder(a);
        s.balance = pool.balanceOf(a);
        s.dai = _daiOf(a);
        s.mkr = mkr.balanceOf(a);
        s.claimsFirst = x.round != 0 && x.round < ghost.roundId();
        s.halted = pool.halted();
    }

    /// @dev `claimableMkr(a)` is exactly what `defect` and `claimMkr` pay now: no executed request's MKR
    /// (paid by `claim`) is in it. (Skim's due release is: the view counts it, and both calls bring it in.)
    function _mkrShownExactly(address a) internal view returns (bool) {
        Ghost.Holder memory x = ghost.holder(a);
        return x.round == 0 || x.round == ghost.roundId();
    }

    /// @dev No round open: the revert data `defect(shares)` must produce (`ZeroPayout` when it would pay no
    ///      DAI and no MKR), or empty. When `claimableMkr` counts an executed request's MKR (which `claim`
    ///      pays, not `defect`), a zero payout cannot be told in advance: reported as the error too, with an
    ///      unknown argument, so that the handler skips it.
    function _defectError(address a, uint256 shares) internal view returns (bytes memory) {
        if (_defectDai(shares) != 0) return "";
        if (!_mkrShownExactly(a)) return abi.encodeWithSelector(I.ZeroPayout.selector, type(uint256).max);
        if (pool.claimableMkr(a) != 0) return "";
        return abi.encodeWithSelector(I.ZeroPayout.selector, shares);
    }

    /// @dev DAI `defect(shares)` pays now: `shares * daiBook / supply`, the book after the release.
    function _defectDai(uint256 shares) internal view returns (uint256) {
        (uint256 releasing,) = ghost.releaseDue();
        (uint256 daiBook,,) = pool.nav();
        return M.fullMulDiv(shares, daiBook + releasing, pool.totalSupply());
    }

    /// @dev Before shares reach `to` (from `from`, or minted): its claimable MKR, and whether it is a
    ///      newcomer (no shares at all before).
    function _beforeReceiving(
        address to,
        address from
    ) internal view returns (uint256 mkrWad, bool newcomer) {
        Ghost.Holder memory x = ghost.holder(to);
        newcomer = to != from && x.shares == 0 && x.lockShares == 0 && x.pendShares == 0;
        mkrWad = pool.claimableMkr(to);
    }

    /// @dev A newcomer never receives MKR won before they joined: their claimable MKR did not move.
    function _afterReceiving(address to, uint256 mkrBefore, bool newcomer, string memory what) internal {
        if (!newcomer) return;
        uint256 mkrAfter = pool.claimableMkr(to);
        if (mkrAfter != mkrBefore) {
            ghost.onNewcomerViolation(
                string.concat(
                    "6: a newcomer's claimable MKR moved from ",
                    vm.toString(mkrBefore),
                    " to ",
                    vm.toString(mkrAfter),
                    " on ",
                    what
                )
            );
        }
    }

    /// @dev `a` received exactly `daiWad` (ERC20 or Vat DAI) and `mkrWad`.
    function _received(
        address a,
        uint256 daiWad,
        uint256 mkrWad,
        uint256 daiBefore,
        uint256 mkrBefore,
        string memory what
    ) internal {
        if (_daiOf(a) != daiBefore + daiWad * RAY) {
            ghost.onViewMismatch(string.concat(what, " DAI received"));
        }
        if (mkr.balanceOf(a) != mkrBefore + mkrWad) {
            ghost.onViewMismatch(string.concat(what, " MKR received"));
        }
    }

    /// @dev Makes `callData` as `a`; it must revert with exactly `expected`.
    function _probeRevert(
        address a,
        bytes memory callData,
        bytes memory expected,
        string memory what
    ) internal {
        _count(string.concat("probe.", what));
        vm.prank(a);
        (bool ok, bytes memory err) = address(pool).call(callData);
        if (ok) return ghost.onForbiddenSuccess(string.concat(what, ": succeeded"));
        // ZeroPayout with an unknown argument (see _defectError): the selector must match.
        bool selectorOnly = bytes4(expected) == I.ZeroPayout.selector && expected.length == 36
            && abi.decode(_args(expected), (uint256)) == type(uint256).max;
        if (selectorOnly ? bytes4(err) != bytes4(expected) : keccak256(err) != keccak256(expected)) {
            ghost.onWrongRevert(err);
        }
    }

    function _args(bytes memory data) internal pure returns (bytes memory args) {
        args = new bytes(data.length - 4);
        for (uint256 i; i < args.length; ++i) {
            args[i] = data[i + 4];
        }
    }

    function _probe(uint256 seed) internal view returns (bool) {
        return _rare(seed, PROBE_ODDS);
    }

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
}
