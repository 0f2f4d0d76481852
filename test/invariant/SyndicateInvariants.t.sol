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
///         properties 1-6, 8 and 9 in one function (`invariant_properties`, each assertion prefixed
///         with its number) and 11 in another, so they cost two campaigns each rather than nine, and
///         `make test` stays fast.
///
///         Default profile: 32 runs x 64 calls; `FOUNDRY_PROFILE=deep`: 512 x 512.
contract SyndicateInvariants is SyndicateInvariantsBase {
    function _lazyKeeper() internal pure override returns (bool) {
        return false;
    }

    function _governance() internal pure override returns (bool) {
        return false;
    }

    /// @notice 1. Solvency: daiBook + lockedBook <= ERC20 + Vat DAI + the pool's live high bids (+ bids
    ///         already dealt to it, pending finalize); daiBook <= ERC20 + Vat DAI; mkrBook <= MKR held.
    function invariant_solvency() public view {
        properties.solvency();
    }

    /// @notice 2. totalSupply == sum of the balances over the actor set.
    function invariant_sharesSum() public view {
        properties.sharesSum();
    }

    /// @notice 3. Conservation against ghost sums; every finalize booked the Flopper's outcome.
    function invariant_conservation() public view {
        properties.conservation();
    }

    /// @notice 4. Every entry: bid / lot <= price, at the largest lot the auction accepts.
    function invariant_entryPrice() public view {
        properties.entryPrice();
    }

    /// @notice 5. No enlist or defect succeeded while a position was due.
    function invariant_noEntryOrExitWhileDue() public view {
        properties.noEntryOrExitWhileDue();
    }

    /// @notice 6. Claims and payouts match the reference model of pro-rata entitlements, within dust.
    function invariant_fairness() public view {
        properties.fairness();
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
}

/// @dev Two campaigns per configuration: properties 1-6, 8 and 9 in one invariant function, and 11 on
///      its own, so that a position the pool should have refused (a mismatch property 9 reports at once)
///      still gets to show whether it can be settled once due.
abstract contract TwoCampaigns is SyndicateInvariantsBase {
    /// @notice Properties 1-6, 8 and 9 after every call; 7 (and 11 again) in afterInvariant.
    function invariant_properties() public view {
        properties.solvency();
        properties.sharesSum();
        properties.conservation();
        properties.entryPrice();
        properties.noEntryOrExitWhileDue();
        properties.fairness();
        properties.halt();
        properties.positions();
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
