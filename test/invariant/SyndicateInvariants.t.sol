// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateInvariantsBase} from "test/invariant/SyndicateInvariantsBase.sol";

/// @title The invariant suite's configurations, each its own contract (spark-psm style)
/// @notice `forge test` (so `make test`) runs all three every time; SyndicateInvariantsBase has the
///         handlers, the setup, the property table and afterInvariant (properties 7 and 11).
///         - SyndicateInvariants: the default. A diligent keeper, March 2020 parameters, constant
///           `sump`. One invariant function per property, so a failure names its property.
///         - SyndicateInvariantsLazyKeeper: nobody finalizes before third parties delete the pool's
///           records, so pooled evidence (finding 01) is generated; only over-booking and over-payment
///           fail after a swap (Ghost.relaxed).
///         - SyndicateInvariantsGovernance: a GovernanceHandler files degenerate Vow and Flopper
///           parameters (sump 0, dump beyond 2^96, beg 0 or 1 wei, ttl and tau at 0 and at the
///           48-bit maximum, ...) between the other calls; property 11 is the point of it.
///         Forge runs one campaign per invariant function. The two extra configurations check
///         properties 1-6, 8, 9, 12 and 13 in one function (`invariant_properties`, each assertion
///         prefixed with its number) and 11 in another, so they cost two campaigns each rather than
///         eleven, and `make test` stays fast.
///
///         Default profile: 32 runs x 64 calls; `FOUNDRY_PROFILE=deep`: 512 x 512.
contract SyndicateInvariants is SyndicateInvariantsBase {
    function _lazyKeeper() internal pure override returns (bool) {
        return false;
    }

    function _governance() internal pure override returns (bool) {
        return false;
    }

    /// @notice 1. Solvency: daiBook + lockedBook + owed + releasing + requested <= ERC20 + Vat DAI + the
    ///         pool's live high bids (+ bids already dealt to it, pending finalize); all but lockedBook <=
    ///         ERC20 + Vat DAI; mkrBook + releasing <= MKR held; claimable MKR <= mkrBook + MKR due from
    ///         skim's release.
    function invariant_solvency() public view {
        properties.solvency();
    }

    /// @notice 2. totalSupply == sum of the balances over the actor set + the escrow; each balance is what
    ///         the calls moved.
    function invariant_sharesSum() public view {
        roundProperties.sharesSum();
    }

    /// @notice 3. Conservation against ghost sums (books, owed, requested, released, the accumulator);
    ///         every finalize booked the Flopper's outcome.
    function invariant_conservation() public view {
        properties.conservation();
    }

    /// @notice 4. Every entry: bid / lot <= price, at the largest lot the auction accepts.
    function invariant_entryPrice() public view {
        properties.entryPrice();
    }

    /// @notice 5. Entry and exit are instant only between rounds; requests, cancels and claims only when
    ///         the round allows them; every forbidden call reverts with its exact error.
    function invariant_roundRules() public view {
        roundProperties.roundRules();
    }

    /// @notice 6. Each holder's DAI and MKR match the per-round reference model within the stated rounding
    ///         bound; a newcomer never receives or pays for MKR won before they joined; a write-off happens
    ///         exactly where the model has one and takes at most the dust, below 1 DAI.
    function invariant_fairness() public view {
        roundProperties.fairness();
    }

    /// @notice 8. After a halt no deposit and no new position; exits still work.
    function invariant_halt() public view {
        properties.halt();
    }

    /// @notice 9. lockedBook == sum of open positions; queue order; positions match the Flopper; every
    ///         view (canEnter included) agrees with the handlers' own math.
    function invariant_positions() public view {
        properties.positions();
    }

    // 10. Gas independence (enlist, defect, finalize cost the same with 1 or 500 positions and 1 or
    //     10,000 holders) is not an invariant here: it is measured by the gas tests in test/gas
    //     (snapshots checked by `make gas`) and the benchmark.

    /// @notice 11. Liveness: a due position can always be finalized, and after it nothing stays due
    ///         because of it (on a snapshot; the failure names finalize's decoded revert reason).
    function invariant_liveness() public {
        properties.liveness();
    }

    /// @notice 12. With requests pending, no position entered after the first request settles after the
    ///         round's deadline (`closeBy = first request + min(ttl, tau)`); cancelling the last request
    ///         lifts it.
    function invariant_deadline() public view {
        roundProperties.deadline();
    }

    /// @notice 13. Every round with requests closes when its queue empties, at the value after the round,
    ///         and `pending` agrees with the model.
    function invariant_roundClose() public view {
        roundProperties.roundClose();
    }
}

/// @dev Two campaigns per configuration: properties 1-6, 8, 9, 12 and 13 in one invariant function, and
///      11 on its own, so that a position the pool should have refused (a mismatch property 9 reports at
///      once) still gets to show whether it can be settled once due.
abstract contract TwoCampaigns is SyndicateInvariantsBase {
    /// @notice Properties 1-6, 8, 9, 12 and 13 after every call; 7 (and 11 again) in afterInvariant.
    function invariant_properties() public view {
        _checkProperties();
    }

    /// @notice 11. Liveness: a due position can always be finalized, and after it nothing stays due
    ///         because of it.
    function invariant_liveness() public {
        properties.liveness();
    }
}

/// @title Lazy keeper: nobody finalizes the pool's positions before third parties deal or yank them
contract SyndicateInvariantsLazyKeeper is TwoCampaigns {
    function _lazyKeeper() internal pure override returns (bool) {
        return true;
    }

    function _governance() internal pure override returns (bool) {
        return false;
    }
}

/// @title Governance: degenerate Vow and Flopper parameters filed between the other calls
contract SyndicateInvariantsGovernance is TwoCampaigns {
    function _lazyKeeper() internal pure override returns (bool) {
        return false;
    }

    function _governance() internal pure override returns (bool) {
        return true;
    }
}
