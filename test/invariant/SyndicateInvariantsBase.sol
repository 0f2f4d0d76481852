// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {SyndicateTestBase} from "test/helpers/SyndicateTestBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";
import {RoundProperties} from "test/invariant/RoundProperties.sol";
import {SyndicateProperties} from "test/invariant/SyndicateProperties.sol";
import {ContributorHandler} from "test/invariant/handlers/ContributorHandler.sol";
import {FlopperHandler} from "test/invariant/handlers/FlopperHandler.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {GovernanceHandler} from "test/invariant/handlers/GovernanceHandler.sol";
import {KeeperHandler} from "test/invariant/handlers/KeeperHandler.sol";
import {MakerHandler} from "test/invariant/handlers/MakerHandler.sol";
import {OwnerHandler} from "test/invariant/handlers/OwnerHandler.sol";
import {RequestHandler} from "test/invariant/handlers/RequestHandler.sol";
import {RivalHandler} from "test/invariant/handlers/RivalHandler.sol";
import {ShareHandler} from "test/invariant/handlers/ShareHandler.sol";
import {StrayHandler} from "test/invariant/handlers/StrayHandler.sol";
import {TimeHandler} from "test/invariant/handlers/TimeHandler.sol";

/// @title Invariant suite of the Dai Backstop Syndicate: what every configuration shares
/// @notice Handler-based (morpho-blue / spark-psm / horsefacts style). The fuzzer calls only the
///         handlers; each handler plays one kind of actor and only makes calls the rules allow,
///         except for `probe`s of the calls the rules forbid, which must revert with their exact error.
///         The Ghost holds ghost sums, the true fate of every position (as the Flopper decided it), the
///         per-round reference model of what each holder is owed (property 6) and the call summary. The
///         configurations, each its own contract so that `forge test` runs all of them every time, are in
///         SyndicateInvariants.t.sol; the properties' checks are in SyndicateProperties.
///
///         Rounds (docs/design/01-fair-rounds.md): contributors `enlist` and `defect` while no position is
///         open, and while one is they request, cancel, claim, claim MKR and move shares; the keeper lets a
///         contributor act right before each entry, right after it and right after each finalize.
///
///         Property -> check (SyndicateProperties):
///          1 solvency                     solvency (books, owed, releasing, requested vs balances)
///          2 shares                       sharesSum (balances + escrow == supply == the model's)
///          3 conservation                 conservation (ghosts for owed, released, requested DAI too)
///          4 entry price                  entryPrice
///          5 entry/exit between rounds    roundRules (every probe reverts with its exact error)
///          6 fairness (reference model)   fairness (and at every payout, in the Ghost; newcomers)
///          7 everyone can leave           afterInvariant (end of every run)
///          8 halt                         halt
///          9 positions vs Flopper         positions (also: canEnter, status agree with the rules)
///         10 gas independence             not here: measured by test/gas (snapshots, `make gas`)
///                                         and the benchmark with 1/500 positions, 1/10,000 holders.
///         11 liveness (spec revision 11)  liveness: a due position can always be finalized, and after
///                                         it nothing stays due because of it (on a snapshot, after every
///                                         call); afterInvariant: every position settles, the round
///                                         closes, every request is claimed, then everyone leaves (7).
///         12 deadline                     deadline (closeBy; no later position entered after a request)
///         13 round close                  roundClose (priced at the value after the round; pending())
///
///         Notes for reviewers:
///         - Share epochs are on: the keeper may spend the pool's last DAI, and contributors deposit, ask to
///           join and leave whatever the DAI behind the shares. `ContributorHandler.sizeToBids` sizes the
///           book to one or two bids plus dust (random amounts would almost never leave it there), so that
///           won bids leave the shares owning under 1 DAI and the next deposit (an enlist, or a round's
///           deposit requests at its close) writes them off; the Ghost models the write-off and property 6
///           bounds what it takes (the dust). The contributors probe `SharesWithoutDai` and `ZeroShares`, and
///           skip a deposit overflowing the supply (ContributorHandler `_enlist`). The campaigns reach a
///           write-off in some runs only; SyndicateScenarios replays its paths (and other rare ones) through
///           the same handlers in every run.
///         - The keeper finalizes the pool's positions whose records are gone before a third party
///           deletes another record (README "Known limits": pooled evidence of several deleted records
///           is not generated by default; SyndicateRegressions has the sequence that over-booked before
///           refunds were capped). The lazy-keeper configuration drops that diligence: swaps then
///           happen, and only over-booking and over-payment fail, see Ghost.relaxed().
///         - The Vow's `sump` is set in setUp (50,000 DAI + 0.7 wei, so bids round). It changes only in
///           the governance configuration, where a GovernanceHandler files degenerate Vow and Flopper
///           parameters between the other calls; the pool holds one bid size at a time (`BidMismatch`),
///           which the keeper's model of `enterAuction` includes.
///         - Every view the handlers can recompute (canEnter, previews, maxDefect, pending, positions,
///           skim, release, round, status) is compared with their own math; a mismatch fails property 9.
///           Where `canEnter` says yes against the rules, the keeper enters anyway (as a keeper trusting
///           it would), so that properties 11 and 12 judge the position too.
///
///         Nothing grows with depth: six contributors, three rivals, at most sixteen auctions per run.
abstract contract SyndicateInvariantsBase is SyndicateTestBase {
    /// @dev The Vow's `sump` (constant but in the governance configuration): 50,000 DAI plus 0.7 wei, so
    ///      every bid is rounded up (to a nano-DAI in `lockedDai`, to a wei when joined): the pool's rounding
    /// in its own favour is exercised.
    uint256 internal constant SUMP = 50_000 * RAD + 7e26;

    Ghost internal ghost;
    ContributorHandler internal contributors;
    RequestHandler internal requests;
    ShareHandler internal shareMoves;
    RivalHandler internal rivals;
    KeeperHandler internal keeper;
    StrayHandler internal stray;
    FlopperHandler internal flopperHandler;
    MakerHandler internal maker;
    TimeHandler internal time;
    OwnerHandler internal ownerHandler;
    /// @dev Only in the governance configuration.
    GovernanceHandler internal governance;
    SyndicateProperties internal properties;
    RoundProperties internal roundProperties;
    /// @dev Selectors collected for the next `_target`.
    bytes4[] internal _pending;

    // solhint-disable-next-line function-max-lines
    function setUp() public override {
        super.setUp();
        mcd.vow.file("sump", SUMP);
        _deploy();

        // Powers: rivals and the keeper print Vat DAI; the maker kicks, heals and cages.
        mcd.vat.rely(address(rivals));
        mcd.vat.rely(address(keeper));
        mcd.vat.rely(address(stray));
        mcd.vat.rely(address(maker));
        mcd.vow.rely(address(maker));
        mcd.daiJoin.rely(address(maker));
        // Stashes: DAI for deposits and donations, MKR for donations.
        _giveDai(address(contributors), 1e12 * WAD);
        _giveDai(address(requests), 1e12 * WAD);
        _giveDai(address(stray), 1e9 * WAD);
        mcd.mkr.mint(address(stray), 1e6 * WAD);

        // A starting point every run shares: three deposits (180,000 DAI, three bids) and one auction.
        contributors.enlist(0, 60_000 * WAD << 3 | 1);
        contributors.enlist(1, 60_000 * WAD << 3 | 1);
        contributors.enlist(2, 60_000 * WAD << 3 | 1);
        maker.kick();

        _targets();
    }

    /// @dev The Ghost, the handlers and the property checkers.
    function _deploy() internal {
        ghost = Ghost(
            deployCode(
                "test/invariant/handlers/Ghost.sol:Ghost",
                abi.encode(
                    address(pool),
                    address(mcd.vat),
                    address(mcd.dai),
                    address(mcd.daiJoin),
                    address(mcd.mkr),
                    address(mcd.flop),
                    address(mcd.vow),
                    _lazyKeeper()
                )
            )
        );
        contributors = ContributorHandler(_handler("ContributorHandler", abi.encode(ghost)));
        requests = RequestHandler(_handler("RequestHandler", abi.encode(ghost, contributors)));
        shareMoves = ShareHandler(_handler("ShareHandler", abi.encode(ghost, contributors)));
        contributors.wire(requests, shareMoves);
        rivals = RivalHandler(_handler("RivalHandler", abi.encode(ghost)));
        keeper = KeeperHandler(_handler("KeeperHandler", abi.encode(ghost, contributors)));
        stray = StrayHandler(_handler("StrayHandler", abi.encode(ghost)));
        flopperHandler = FlopperHandler(_handler("FlopperHandler", abi.encode(ghost, keeper)));
        maker = MakerHandler(_handler("MakerHandler", abi.encode(ghost)));
        time = TimeHandler(_handler("TimeHandler", abi.encode(ghost)));
        ownerHandler = OwnerHandler(_handler("OwnerHandler", abi.encode(ghost, owner)));
        if (_governance()) _deployGovernance();
        properties = SyndicateProperties(
            deployCode(
                "test/invariant/SyndicateProperties.sol:SyndicateProperties", abi.encode(ghost, contributors)
            )
        );
        roundProperties = RoundProperties(
            deployCode("test/invariant/RoundProperties.sol:RoundProperties", abi.encode(ghost, contributors))
        );
    }

    // ================================================================ configuration

    /// @dev Lazy keeper: nobody finalizes before third parties delete the pool's records (Ghost.relaxed).
    function _lazyKeeper() internal pure virtual returns (bool);

    /// @dev Governance files degenerate Vow and Flopper parameters between the other calls.
    function _governance() internal pure virtual returns (bool);

    function _handler(string memory name, bytes memory args) internal returns (address h) {
        // Allowed before it exists: its constructor registers its actors with the Ghost.
        address next = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        ghost.allow(next);
        h = deployCode(string.concat("test/invariant/handlers/", name, ".sol:", name), args);
        assertEq(h, next, "handler address");
        vm.label(h, name);
    }

    /// @dev Target selectors, each listed `weight` times (Forge picks uniformly among the listed
    ///      selectors): entering, settling, time and the contributors' calls dominate; the rare
    ///      events (cage, halt) are rare inside their handlers too.
    // solhint-disable-next-line function-max-lines
    function _targets() internal {
        _targetContributors();

        _push(RivalHandler.dent.selector, 1);
        _target(address(rivals));

        _push(KeeperHandler.enterAuction.selector, 4);
        _push(KeeperHandler.finalize.selector, 2);
        _push(KeeperHandler.finalizeDue.selector, 2);
        _target(address(keeper));

        _push(FlopperHandler.deal.selector, 1);
        _push(FlopperHandler.tick.selector, 1);
        _push(FlopperHandler.yank.selector, 1);
        _target(address(flopperHandler));

        _push(StrayHandler.donate.selector, 1);
        _push(StrayHandler.skim.selector, 1);
        _target(address(stray));

        _push(MakerHandler.kick.selector, 2);
        _push(MakerHandler.settleVow.selector, 1);
        _push(MakerHandler.cage.selector, 1);
        _push(MakerHandler.cageDaiJoin.selector, 1);
        _target(address(maker));

        _push(TimeHandler.warp.selector, 3);
        _push(TimeHandler.warpToEdge.selector, 2);
        _target(address(time));

        _push(OwnerHandler.halt.selector, 1);
        _push(OwnerHandler.handOver.selector, 1);
        _target(address(ownerHandler));

        if (_governance()) _targetGovernance();

        excludeContract(address(ghost));
        excludeContract(address(properties));
        excludeContract(address(roundProperties));
        excludeContract(address(pool));
        excludeContract(address(mcd.vat));
        excludeContract(address(mcd.dai));
        excludeContract(address(mcd.daiJoin));
        excludeContract(address(mcd.mkr));
        excludeContract(address(mcd.flop));
        excludeContract(address(mcd.vow));
    }

    /// @dev The contributors' targets: deposits and exits, share moves, requests, cancels and claims.
    function _targetContributors() internal {
        _push(ContributorHandler.enlist.selector, 3);
        _push(ContributorHandler.enlistWithPermit.selector, 1);
        _push(ContributorHandler.defect.selector, 3);
        _push(ContributorHandler.exitAll.selector, 1);
        _push(ContributorHandler.sizeToBids.selector, 3);
        _target(address(contributors));

        _push(ShareHandler.transferShares.selector, 1);
        _push(ShareHandler.permitShares.selector, 1);
        _target(address(shareMoves));

        _push(RequestHandler.requestEnlist.selector, 2);
        _push(RequestHandler.requestDefect.selector, 2);
        _push(RequestHandler.cancelEnlist.selector, 1);
        _push(RequestHandler.cancelDefect.selector, 1);
        _push(RequestHandler.claim.selector, 2);
        _push(RequestHandler.claimMkr.selector, 1);
        _target(address(requests));
    }

    /// @dev The GovernanceHandler, a ward of the Vow and the Flopper; it kicks through the MakerHandler.
    function _deployGovernance() internal {
        governance = GovernanceHandler(_handler("GovernanceHandler", abi.encode(ghost, maker)));
        mcd.vow.rely(address(governance));
        mcd.flop.rely(address(governance));
    }

    /// @dev About one call in eight: most of a run still deposits, bids, settles and leaves.
    function _targetGovernance() internal {
        _push(GovernanceHandler.fileVow.selector, 2);
        _push(GovernanceHandler.fileFlopper.selector, 2);
        _push(GovernanceHandler.restore.selector, 1);
        _target(address(governance));
    }

    function _push(bytes4 selector, uint256 weight) internal {
        for (uint256 i; i < weight; ++i) {
            _pending.push(selector);
        }
    }

    function _target(address h) internal {
        targetContract(h);
        targetSelector(FuzzSelector({addr: h, selectors: _pending}));
        delete _pending;
    }

    /// @dev Properties 1-6, 8, 9, 12 and 13 (every one but liveness, which needs a state change).
    function _checkProperties() internal view {
        properties.solvency();
        roundProperties.sharesSum();
        properties.conservation();
        properties.entryPrice();
        roundProperties.roundRules();
        roundProperties.fairness();
        properties.halt();
        properties.positions();
        roundProperties.deadline();
        roundProperties.roundClose();
    }

    /// @dev Every property the campaigns check after each call, 11 (liveness) included: the scenario
    ///      contracts call it after each step.
    function _checkAll() internal {
        _checkProperties();
        properties.liveness();
    }

    // ================================================================ 7 and 11. everyone can leave

    /// @notice 7 and 11. At the end of every run: settle every auction (warp past every settle time;
    ///         property 11 on a snapshot, then finalize every position, which deals or yanks, and check
    ///         it is no longer due); the last finalize closes the round; a stranger claims every executed
    ///         request; the release of skimmed value runs to its end; then every contributor defects in
    ///         full (twice round, so a holder whose part rounds to nothing gets the remainder last) and
    ///         collects any MKR left credited to it. The pool ends with no position, no locked DAI, no
    ///         request, nothing owed, an empty escrow, and books and supply at zero but for dust.
    // solhint-disable-next-line function-max-lines
    function afterInvariant() public {
        _settleEverything();
        (uint256 daiBook, uint256 lockedBook, uint256 mkrBook) = _everyoneLeaves();

        // Every property still holds after the settlement and the exits.
        properties.solvency();
        roundProperties.sharesSum();
        properties.conservation();
        roundProperties.fairness();
        roundProperties.roundRules();
        properties.halt();
        properties.positions();
        properties.liveness();
        roundProperties.deadline();
        roundProperties.roundClose();

        roundProperties.printCallSummary();
        console2.log("books at the end (dai, locked, mkr)", daiBook, lockedBook, mkrBook);
    }

    /// @dev 7 and 11: every position due (11 on a snapshot), finalized, and the round closed.
    function _settleEverything() internal {
        uint256[] memory ids = ghost.openIds();
        uint256 latest = block.timestamp;
        for (uint256 i; i < ids.length; ++i) {
            (,,, uint48 tic, uint48 end) = mcd.flop.bids(ids[i]);
            uint256 settle = M.min(tic == 0 ? end : tic, end);
            if (settle > latest) latest = settle;
        }
        vm.warp(latest + 1);
        // 11: every position is due now; on a snapshot, each one finalizes (the reason if not).
        properties.liveness();
        for (uint256 i; i < ids.length; ++i) {
            assertTrue(keeper.finalizeId(ids[i]), "7: a position could not be finalized");
            assertTrue(pool.settlementDue() != ids[i], "11: a position is still due after finalize");
        }
        assertEq(pool.openPositions().length, 0, "7: positions left open");
        assertEq(pool.settlementDue(), 0, "7: settlement still due");
        assertFalse(pool.round().open, "7: the round did not close");
        assertEq(pool.round().closeBy, 0, "7: the round closed with its deadline set");
    }

    /// @dev 7: every executed request claimed, the release run to its end, every contributor out; the books
    ///      left.
    function _everyoneLeaves() internal returns (uint256 daiBook, uint256 lockedBook, uint256 mkrBook) {
        address[] memory actors = contributors.actors();
        for (uint256 i; i < actors.length; ++i) {
            assertTrue(requests.claimFor(actors[i]), "7: a claim reverted");
            assertEq(pool.pending(actors[i]).round, 0, "7: a request left after its claim");
        }
        assertEq(pool.balanceOf(address(pool)), 0, "7: shares left in the escrow");
        assertEq(ghost.owedDai(), 0, "7: DAI owed to requesters after every claim");
        if (ghost.releaseDai() != 0 || ghost.releaseMkr() != 0) {
            vm.warp(M.max(ghost.releaseEnd(), block.timestamp) + 1);
        }
        for (uint256 round; round < 2; ++round) {
            for (uint256 i; i < actors.length; ++i) {
                assertTrue(shareMoves.defectAll(actors[i]), "7: a full defect reverted");
            }
        }
        for (uint256 i; i < actors.length; ++i) {
            assertTrue(requests.claimMkrLeft(actors[i]), "7: claimMkr reverted");
        }
        (daiBook, lockedBook, mkrBook) = pool.nav();
        assertEq(lockedBook, 0, "7: locked DAI left");
        assertLe(daiBook, actors.length, "7: DAI left in the pool");
        assertLe(mkrBook, ghost.tolMkr() + actors.length, "7: MKR left in the pool beyond rounding");
    }
}
