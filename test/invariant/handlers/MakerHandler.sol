// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";

/// @title MakerHandler: the protocol side
/// @notice Kicks debt auctions (`vow.flop`) after giving the Vow `sump` of bad debt, clears the DAI
///         that first dents land in the Vow (`kiss`, then `heal`), and rarely runs global settlement:
///         `vow.cage` (which cages the Flopper, so bids are `yank`ed) and `daiJoin.cage` (exits then
///         pay Vat DAI). It is a ward of the Vat, the Vow and the DaiJoin.
/// @dev Kicks with whatever `sump`, `dump` and `tau` are filed: constant in the default configuration,
///      changed between actions by the GovernanceHandler in SyndicateInvariantsGovernance.
contract MakerHandler is HandlerBase {
    /// @notice At most this many auctions per run, so nothing grows with the depth.
    uint256 public constant MAX_AUCTIONS = 16;
    /// @dev One `cage` call in CAGE_ODDS acts (a tenth of the runs at the default depth, part-way).
    uint256 internal constant CAGE_ODDS = 16;
    /// @dev One `cageDaiJoin` call in CAGE_JOIN_ODDS acts.
    uint256 internal constant CAGE_JOIN_ODDS = 32;

    constructor(Ghost ghost_) HandlerBase(ghost_) {}

    /// @notice The Vow sells `dump` MKR for `sump` DAI of fresh bad debt.
    function kick() external {
        _count("maker.kick");
        if (flop.live() != 1) return _skip("kick.caged");
        if (flop.kicks() >= MAX_AUCTIONS) return _skip("kick.cap");
        // The Flopper's own `end = now + tau` in 48 bits refuses a `tau` governance filed too large.
        if (block.timestamp + flop.tau() > type(uint48).max) return _skip("kick.tauOverflows");
        _clearSurplus();
        vat.suck(address(vow), SIN_SINK, vow.sump());
        vow.flop();
    }

    /// @notice Cancels the DAI that first dents paid into the Vow against its debt.
    function settleVow() external {
        _count("maker.settleVow");
        if (vat.dai(address(vow)) == 0) return _skip("settleVow.noSurplus");
        _clearSurplus();
    }

    /// @notice Global settlement reaches the Vow: the Flopper is caged for good (rare).
    function cage(uint256 seed) external {
        _count("maker.cage");
        if (!_rare(seed, CAGE_ODDS)) return _skip("cage.notThisTime");
        if (vow.live() != 1) return _skip("cage.done");
        _count("maker.cage.done");
        vow.cage();
    }

    /// @notice The DaiJoin is caged: exits stop, the pool pays Vat DAI (rare).
    function cageDaiJoin(uint256 seed) external {
        _count("maker.cageDaiJoin");
        if (!_rare(seed, CAGE_JOIN_ODDS)) return _skip("cageDaiJoin.notThisTime");
        if (daiJoin.live() != 1) return _skip("cageDaiJoin.done");
        _count("maker.cageDaiJoin.done");
        daiJoin.cage();
    }

    /// @dev `kiss` what is on auction, `heal` the rest against fresh released debt.
    function _clearSurplus() internal {
        uint256 surplus = vat.dai(address(vow));
        if (surplus == 0) return;
        uint256 onAuction = vow.Ash();
        uint256 k = surplus < onAuction ? surplus : onAuction;
        if (k != 0) vow.kiss(k);
        if (surplus > k) {
            vat.suck(address(vow), SIN_SINK, surplus - k);
            vow.heal(surplus - k);
        }
    }
}
