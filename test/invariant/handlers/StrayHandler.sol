// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {RAY, WAD} from "test/helpers/Units.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";

/// @title StrayHandler: value sent to the pool by mistake, and `skim`
/// @notice Third parties send DAI (ERC20 or Vat) and MKR to the pool outside its books, and anyone calls
///         `skim`, which finds it and releases it to the holders over a day (paused while a round is
///         open). What `skim` finds is compared with the handler's own count, and the release with the
///         Ghost's model of it (`release()`).
contract StrayHandler is HandlerBase {
    constructor(Ghost ghost_) HandlerBase(ghost_) {}

    /// @notice DAI (ERC20 or Vat) sent to the pool by mistake; or MKR, found at once by `skim` (MKR left
    ///         outside the books could pass for a won lot in `finalize`, a documented trade-off, so it is
    ///         never left lying around; once skimmed it is being released, which `finalize` does not count).
    function donate(uint256 kind, uint256 amountSeed) external {
        _count("stray.donate");
        if (kind % 3 == 0) {
            uint256 wad = _bound(amountSeed, 1, 1000 * WAD);
            dai.transfer(address(pool), wad);
            ghost.onDonate(wad * RAY, 0);
        } else if (kind % 3 == 1) {
            uint256 rad = _bound(amountSeed, 1, 1000 * WAD * RAY);
            vat.suck(SIN_SINK, address(pool), rad);
            ghost.onDonate(rad, 0);
        } else {
            // Skimmable now; and the accumulator stays far from full, so the release never has to hold
            // MKR back (the pool then keeps it for later: not modelled).
            if (ghost.roundOpen() || ghost.supply() < WAD || pool.mkrPerShareRay() > 1 << 100) {
                return _skip("donate.mkrNotSkimmable");
            }
            uint256 wad = _bound(amountSeed, 1, 10 * WAD);
            mkr.transfer(address(pool), wad);
            ghost.onDonate(0, wad);
            _skim(0);
        }
    }

    /// @notice Finds what was sent by mistake, to be released over a day, when the rules allow it (else,
    ///         sometimes, a probe that must revert with the exact error).
    function skim(uint256 seed) external {
        _count("stray.skim");
        _skim(seed);
    }

    // ================================================================ internals

    /// @dev `skim`: only with no round open and at least one share; finds DAI beyond what the pool holds
    ///      for holders (books, owed, being released) and MKR beyond the book and what is being released.
    function _skim(uint256 seed) internal {
        bytes memory err;
        uint256 expDai;
        uint256 expMkr;
        if (ghost.roundOpen()) {
            err = abi.encodeWithSelector(I.PositionsOpen.selector, pool.openPositions()[0]);
        } else if (ghost.supply() < WAD) {
            err = abi.encodeWithSelector(I.TooFewShares.selector, ghost.supply());
        } else {
            (expDai, expMkr) = _skimmable();
            if (expDai == 0 && expMkr == 0) err = abi.encodeWithSelector(I.NothingToSkim.selector);
        }
        if (err.length != 0) {
            _skip("skim.refused");
            if (!_rare(seed, 4)) return;
            _count("stray.skim.probe");
            (bool ok, bytes memory ret) = address(pool).call(abi.encodeCall(I.skim, ()));
            if (ok) return ghost.onForbiddenSuccess("skim the rules refuse succeeded");
            if (keccak256(ret) != keccak256(err)) ghost.onWrongRevert(ret);
            return;
        }
        (uint256 d, uint256 m) = pool.skim();
        if (d != expDai || m != expMkr) ghost.onViewMismatch("skim amounts");
        ghost.onSkim(d, m);
        I.Release memory r = pool.release();
        if (r.daiWad != ghost.releaseDai() || r.mkrWad != ghost.releaseMkr() || r.end != ghost.releaseEnd()) {
            ghost.onViewMismatch("release() after skim");
        }
    }

    /// @dev DAI and MKR `skim` would find now: the pool's ERC20 and Vat DAI (whole wei) beyond the DAI it
    ///      holds for holders (daiBook, owed to requesters, being released; with no round open no deposit
    ///      request holds any), and MKR beyond the book and what is being released.
    function _skimmable() internal view returns (uint256 daiWad, uint256 mkrWad) {
        (uint256 daiBook,, uint256 mkrBook) = pool.nav();
        uint256 held = dai.balanceOf(address(pool)) + vat.dai(address(pool)) / RAY;
        uint256 booked = daiBook + ghost.owedDai() + pool.release().daiWad;
        daiWad = held > booked ? held - booked : 0;
        uint256 mkrHeld = mkr.balanceOf(address(pool));
        uint256 mkrBooked = mkrBook + pool.release().mkrWad;
        mkrWad = mkrHeld > mkrBooked ? mkrHeld - mkrBooked : 0;
    }
}
