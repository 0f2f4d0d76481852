// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {StdAssertions} from "forge-std/StdAssertions.sol";
import {Vm} from "forge-std/Vm.sol";
import {console2} from "forge-std/console2.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {ContributorHandler} from "test/invariant/handlers/ContributorHandler.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {RevertReason} from "test/invariant/handlers/RevertReason.sol";

/// @title RoundProperties: the checks of the round rules and the reference model (properties 2, 5, 6, 12, 13)
/// @notice As SyndicateProperties (split from it to keep each under EIP-170): one external view per
///         property, reverting (forge-std assertion) when it fails.
contract RoundProperties is StdAssertions {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    Ghost internal immutable ghost;
    ContributorHandler internal immutable contributors;
    ISyndicate internal immutable pool;

    constructor(Ghost ghost_, ContributorHandler contributors_) {
        ghost = ghost_;
        contributors = contributors_;
        pool = ghost_.pool();
    }

    // ================================================================ 2. shares

    /// @notice totalSupply equals the sum of the balances over the actor set plus the escrow (the pool's
    ///         own balance: shares locked by exit requests and minted for deposit requests, unclaimed);
    ///         each balance is what the calls moved (the model's: none after a write-off), and so is the
    ///         escrow; the share epoch is the model's. Shares sent to the pool are refused (`SharesToPool`,
    ///         probed).
    function sharesSum() external view {
        assertEq(pool.shareEpoch(), ghost.epoch(), "2: shareEpoch() != 1 + the model's write-offs");
        address[] memory actors = contributors.actors();
        uint256 sum = pool.balanceOf(address(pool));
        for (uint256 i; i < actors.length; ++i) {
            uint256 b = pool.balanceOf(actors[i]);
            assertEq(b, ghost.holder(actors[i]).shares, "2: balance != the shares the calls moved");
            sum += b;
        }
        assertEq(pool.totalSupply(), sum, "2: totalSupply != sum of balances + escrow");
        assertEq(pool.totalSupply(), ghost.supply(), "2: totalSupply != shares minted - burned");
        assertEq(
            pool.balanceOf(address(pool)),
            ghost.requestedShares() + ghost.escrowMinted(),
            "2: escrow != locked + minted unclaimed"
        );
    }

    // ================================================================ 5. rounds

    /// @notice Entry and exit are instant only between rounds: no enlist or defect succeeded while a
    ///         position was open (handlers probe them: `RoundOpen(closeBy)`, byte for byte); requests only
    ///         while one is (`NoRoundOpen`), cancels only before the close (`RequestLocked(round)`), claims
    ///         only after it (`RequestPending(round)`), `NoRequest`, `NothingToClaim`, `ZeroPayout`,
    ///         `PositionsOpen`, `TooFewShares`, `NothingToSkim` where the model says so: every probe reverted
    ///         with exactly the expected error. `round()` and `maxDefect` agree with the model.
    function roundRules() external view {
        assertEq(ghost.entryOrExitInRound(), 0, "5: enlist or defect while a position was open");
        assertEq(ghost.forbiddenSuccesses(), 0, ghost.lastForbiddenSuccess());
        assertEq(
            ghost.wrongReverts(),
            0,
            string.concat(
                "5/8: a forbidden call reverted with the wrong error: ",
                RevertReason.decode(ghost.lastWrongRevert())
            )
        );
        I.Round memory r = pool.round();
        assertEq(r.open, ghost.roundOpen(), "5: round().open != a position is open");
        assertEq(r.id, ghost.roundId(), "5: round().id != rounds closed + 1");
        address[] memory actors = contributors.actors();
        for (uint256 i; i < actors.length; ++i) {
            uint256 max = ghost.roundOpen() ? 0 : pool.balanceOf(actors[i]);
            assertEq(pool.maxDefect(actors[i]), max, "5: maxDefect");
        }
    }

    // ================================================================ 6. fairness

    /// @notice Each contributor's DAI and MKR match the reference model (Ghost) within the rounding bound
    ///         accumulated so far; every payout was checked against it when made (defect: the value of the
    ///         shares burned; claim: the DAI owed; cancelEnlist: the DAI asked in, exactly); a newcomer never
    ///         received MKR won before they joined, nor paid for it.
    ///         DAI, what the holder owns now: `previewDefect` of all their shares (liquid, locked by a
    /// pending exit request, or minted for an executed deposit request) + the DAI an executed request pays
    ///         (or the DAI of a pending deposit request), against the model's value + owed + requested.
    ///         MKR: received + `claimableMkr`, against every wei the model says they earned that the views
    ///         can show (a pending exit request's MKR shows once the round closes).
    ///         Rounding bound, per operation (Ghost.tolDai and tolMkr, in wei, applied to every holder):
    ///         - enlist: DAI + one share unit (daiBook / supply, rounded up) + 1 (shares round down);
    ///           MKR + 1 (the accrual on mint rounds down);
    ///         - defect: DAI + 2 (the payout rounds down); MKR + 1;
    ///         - transfer: DAI + 1, MKR + 1 (the accruals on both sides round down);
    ///         - requestDefect, cancelDefect, claim, claimMkr: MKR + 1;
    ///         - a round's close: DAI + (requesters + 2) * (one share unit at the close + 1): exits and
    ///           deposits are priced rounded down, and each claim takes its part of what is left rounded
    ///           down (the last claimer takes the rest);
    ///         - a win, a release of skimmed MKR, or a write-off's fold of it, of `m` wei: MKR + 2 + supply /
    ///           1e27 (the accumulator's step rounds down) + (holders with unclaimed minted shares + 1) *
    ///           (m / supply + 1) (their share count is fixed only at claim); DAI + 1;
    ///         - an enlist that writes the shares off: MKR + 1 (one share per DAI: no DAI rounding);
    ///         - skim's release due now, which the views count (each holder's part of it, split over the
    ///           shares of the moment, is in the model's entitlement): DAI + 1, MKR + its credit bound;
    ///         - the check itself: + 2 DAI (previewDefect rounds down), + 1 MKR.
    ///         The share units of enlist and of a round's close are counted again at the share price of the
    ///         check (Ghost.tolShares, `tolDaiNow`): a share lost to rounding is worth what a share is worth
    ///         now, which a release or a win after it moves (found by the deep campaign: 125 wei asked in got
    ///         2,954 shares, 0.36 of a share short; a release of 845 DAI over 1.2e18 shares then made each
    ///         share worth 707 wei, so the deposit was 258 wei short of the model, over a bound of 37).
    ///         Share epochs: a deposit writes the shares off exactly when the model says they own less than
    ///         1 DAI and under a wei per share (`SharesWrittenOff` with the model's epoch, shares and dust).
    ///         The written-off holders keep every MKR wei they earned (MKR skim was releasing is credited to
    ///         them at once) and lose their shares with the DAI those owned: together at most the dust, which
    ///         is below 1 DAI and passes to the new shares. Checked at each write-off (Ghost._writeOff): the
    ///         dust is below 1 DAI, and what the model's holders lost together is at most the dust plus each
    ///         holder's rounding bound (the largest loss so far: `Ghost.maxWriteOffLoss`); the deposit's new
    ///         shares are worth exactly what it paid plus the dust.
    ///         In lazy-keeper mode after a swap only over-payment of DAI is a failure (MKR may be credited at
    ///         another finalize than the model's, so to other holders), and a write-off is the pool's.
    function fairness() external view {
        assertEq(ghost.fairnessViolations(), 0, ghost.lastFairnessViolation());
        assertEq(ghost.newcomerViolations(), 0, ghost.lastNewcomerViolation());
        address[] memory actors = contributors.actors();
        (uint256 dueTolDai, uint256 dueTolMkr) = ghost.dueTolerance();
        uint256 tolDai = ghost.tolDaiNow() + 2 + dueTolDai;
        uint256 tolMkr = ghost.tolMkr() + 1 + dueTolMkr;
        for (uint256 i; i < actors.length; ++i) {
            address a = actors[i];
            I.Pending memory p = pool.pending(a);
            uint256 shares = pool.balanceOf(a) + (p.executed ? p.sharesOut : p.defectShares);
            uint256 d = pool.previewDefect(shares) + (p.executed ? p.daiOutWad : p.enlistDaiWad);
            (uint256 ed, uint256 em,) = ghost.entitlement(a);
            if (ghost.relaxed()) {
                assertLe(d, ed + tolDai, "6: DAI owned > the model's");
                continue;
            }
            uint256 m = ghost.holder(a).mkrGot + pool.claimableMkr(a);
            assertApproxEqAbs(d, ed, tolDai, string.concat("6: DAI owned != the model's: ", VM.toString(a)));
            assertApproxEqAbs(
                m, em, tolMkr, string.concat("6: MKR received + claimable != the model's: ", VM.toString(a))
            );
        }
    }

    // ================================================================ 12. deadline

    /// @notice Once a request is pending, the round's deadline is `first request + min(ttl, tau)` (the
    ///         pool's `closeBy` is the model's), and no position entered after it settles later. Cancelling
    ///         the round's last request lifts the deadline (`closeBy` 0: positions settling later may enter
    ///         again); the next request sets a new one, from its own time.
    function deadline() external view {
        assertEq(ghost.deadlineViolations(), 0, ghost.lastDeadlineViolation());
        assertEq(
            pool.round().closeBy, ghost.closeBy(), "12: round().closeBy != first request + min(ttl, tau)"
        );
    }

    // ================================================================ 13. round close

    /// @notice Every round with requests closed in the `finalize` that emptied the queue, at the value after
    ///         the round: exits `shares * nav / supply`, deposits `dai * supply / nav` (both rounded down,
    ///         on the totals the model counted); `pending(holder)` agrees with the model for every holder.
    function roundClose() external view {
        assertEq(ghost.closeMismatches(), 0, ghost.lastCloseMismatch());
        address[] memory actors = contributors.actors();
        for (uint256 i; i < actors.length; ++i) {
            Ghost.Holder memory x = ghost.holder(actors[i]);
            I.Pending memory p = pool.pending(actors[i]);
            bool executed = x.round != 0 && x.round < ghost.roundId();
            assertEq(p.round, x.round, "13: pending().round");
            assertEq(p.executed, executed, "13: pending().executed");
            if (!executed) {
                assertEq(p.enlistDaiWad, x.reqDai, "13: pending().enlistDaiWad");
                assertEq(p.defectShares, x.lockShares, "13: pending().defectShares");
            }
        }
    }

    // ================================================================ call summary

    /// @notice Logs what the run did: every call and skip counted, and the model's totals.
    function printCallSummary() external view {
        console2.log("---------------- call summary (this run) ----------------");
        string[] memory names = ghost.names();
        for (uint256 i; i < names.length; ++i) {
            console2.log(names[i], ghost.calls(names[i]));
        }
        console2.log("entries", ghost.entries(), "max entry price (wad DAI/MKR)", ghost.maxEntryPrice());
        console2.log("MKR won", ghost.mkrWon(), "DAI spent on wins", ghost.daiSpentOnWins());
        console2.log("DAI deposited", ghost.daiDeposited(), "withdrawn", ghost.daiWithdrawn());
        console2.log(
            "rounds closed", ghost.roundsClosed(), "deposits returned", ghost.roundsWithDepositsReturned()
        );
        console2.log("write-offs", ghost.writeOffs(), "largest loss (wad DAI)", ghost.maxWriteOffLoss());
        console2.log("tolerance DAI", ghost.tolDaiNow(), "MKR", ghost.tolMkr());
        console2.log("halted", ghost.haltObserved(), "flopper live", ghost.flop().live());
    }
}
