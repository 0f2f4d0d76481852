// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {Permit} from "test/helpers/Permit.sol";
import {SyndicateTestBase} from "test/helpers/SyndicateTestBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";

/// @dev A call that does nothing: with `--isolate` it costs a whole transaction (21,000 and more).
contract IsolationProbe {
    function ping() external {}
}

/// @title Gas snapshots of the syndicate, as transactions (setting and helpers; the tests follow)
/// @notice Every number written to snapshots/DaiBackstopSyndicate.json is the gas of one transaction, the
///         `gasUsed` of its receipt:
///           21,000 intrinsic + calldata (16 per non-zero byte, 4 per zero byte; the EIP-7623 floor of
///           10/40 per byte never binds here) + execution with cold storage and cold accounts, as in a
///           fresh transaction (EIP-2929), minus the refund (capped at a fifth of the total, EIP-3529).
///         This holds only under `forge test --isolate` (`make gas`, `make gas-update`), which runs every
///         top-level call of a test as its own transaction and reports that transaction's gas: forge
///         already includes the intrinsic part, nothing is added here. Checked against a real Anvil
///         (forge/anvil 1.7.1, Anvil's default hardfork, same states replayed with `cast send`): enlist
///         (first deposit, new holder, top-up), defect (partial, full), enterAuction (first), a bare
///         outbidding dent and finalize (outbid) all equal the receipt's `gasUsed` to the unit, refunds
///         included. Without `--isolate` forge reports the call's warm execution gas only (no 21,000, no
///         calldata, warm slots): these tests then skip themselves rather than write wrong snapshots.
///
///         Setting (SyndicateTestBase): the local MCD after the 12 March 2020 spell, a pool at 250 DAI/MKR.
///         Conventions, so the numbers compare with real use:
///         - contributors keep some DAI in their wallet after a deposit (no zero/non-zero flip of their DAI
///           balance) and approve the pool once for the maximum (no allowance write), unless the name says
///           otherwise; `defect_full` is the leaver who had deposited all their DAI;
///         - the pool already has a first contributor (`bob`), except in `enlist_firstDeposit`;
///         - keepers are fresh accounts; the auction is a fresh `vow.flop()` lot (250 MKR for 50,000 DAI).
///         `flopper_dent_*` are bare Flopper bids by an account holding Vat DAI, for comparison with
///         `enterAuction_*`, which adds the pool's checks, books, queue and (if needed) the DaiJoin join.
/// @dev `make gas` fails on any drift from the checked-in numbers; `make gas-update` rewrites them.
abstract contract SyndicateGasBase is SyndicateTestBase {
    string internal constant GROUP = "DaiBackstopSyndicate";

    address internal bob = makeAddr("bob");
    address internal alice = makeAddr("alice");
    address internal carol = makeAddr("carol");
    address internal keeper = makeAddr("keeper");
    address internal rival = makeAddr("rival");

    IsolationProbe internal probe;

    function setUp() public override {
        super.setUp();
        probe = new IsolationProbe();
        // bob: the first contributor, enough for two bids. alice: a contributor with DAI left in her
        // wallet and an unlimited approval. carol: DAI and an approval, no shares yet.
        _fund(bob, 120_000e18);
        _deposit(bob, 110_000e18);
        _fund(alice, 10_000e18);
        _deposit(alice, 1000e18);
        _fund(carol, 10_000e18);
    }

    // ------------------------------------------------------------ helpers

    /// @dev Skips the test unless forge runs it with `--isolate`: a no-op call then costs at least
    ///      21,000 (a whole transaction), otherwise a few hundred.
    modifier onlyIsolated() {
        probe.ping();
        bool isolated = vm.lastCallGas().gasTotalUsed >= 21_000;
        if (!isolated) vm.skip(true, "gas snapshots need --isolate: run make gas or make gas-update");
        _;
    }

    function _snap(string memory name) internal returns (uint256 gasUsed) {
        Vm.Gas memory g = vm.lastCallGas();
        gasUsed = vm.snapshotGasLastCall(GROUP, name);
        assertEq(gasUsed, g.gasTotalUsed, "snapshot is the transaction's gasUsed");
    }

    /// @dev Mints `wad` DAI to `usr` and approves the pool for the maximum.
    function _fund(address usr, uint256 wad) internal {
        _giveDai(usr, wad);
        vm.prank(usr);
        mcd.dai.approve(address(pool), type(uint256).max);
    }

    function _deposit(address usr, uint256 wad) internal {
        vm.prank(usr);
        pool.enlist(wad);
    }

    /// @dev Kicks a fresh auction and enters the pool into it (joining its bid into the Vat).
    function _kickAndEnter() internal returns (uint256 id) {
        id = _kick();
        vm.prank(keeper);
        pool.enterAuction(id);
    }
}

/// @notice Entry: enlist, enlistWithPermit; and skim.
contract SyndicateGasEnlistTest is SyndicateGasBase {
    // ------------------------------------------------------------ enlist

    /// @dev The first deposit into an empty pool (its books and supply go from zero to non-zero).
    function test_gas_enlist_firstDeposit() public onlyIsolated {
        ISyndicate empty = _newPool(PRICE);
        vm.prank(carol);
        mcd.dai.approve(address(empty), type(uint256).max);

        vm.prank(carol);
        empty.enlist(1000e18);
        _snap("enlist_firstDeposit");
    }

    function test_gas_enlist_newHolder() public onlyIsolated {
        vm.prank(carol);
        pool.enlist(1000e18);
        _snap("enlist_newHolder");
    }

    function test_gas_enlist_topUp() public onlyIsolated {
        vm.prank(alice);
        pool.enlist(1000e18);
        _snap("enlist_topUp");
    }

    /// @dev With an auction open (a round), a new holder asks to join: DAI taken, the request recorded, the
    ///      round's deadline set (the Flopper's ttl and tau read).
    function test_gas_requestEnlist_newHolder() public onlyIsolated {
        _kickAndEnter();
        vm.prank(carol);
        pool.requestEnlist(1000e18);
        _snap("requestEnlist_newHolder");
    }

    /// @dev A new holder with DAI and no approval joins in one transaction with a DAI permit signature.
    function test_gas_enlistWithPermit_newHolder() public onlyIsolated {
        (address dave, uint256 key) = makeAddrAndKey("dave");
        _giveDai(dave, 10_000e18);
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, Permit.daiDigest(mcd.dai.DOMAIN_SEPARATOR(), dave, address(pool), 0, 0, true));
        vm.prank(dave);
        pool.enlistWithPermit(1000e18, 0, 0, v, r, s);
        _snap("enlistWithPermit_newHolder");
        assertEq(pool.balanceOf(dave), 1000e18);
    }

    // ------------------------------------------------------------ skim

    function test_gas_skim() public onlyIsolated {
        vm.prank(carol);
        mcd.dai.transfer(address(pool), 100e18);

        vm.prank(keeper);
        pool.skim();
        _snap("skim");
    }
}

/// @notice Exit: defect; requests, claims, claimMkr and transfers.
contract SyndicateGasDefectTest is SyndicateGasBase {
    // ------------------------------------------------------------ defect

    function test_gas_defect_partial() public onlyIsolated {
        vm.prank(alice);
        pool.defect(500e18);
        _snap("defect_partial");
    }

    /// @dev carol deposited her whole wallet and now leaves for good: her share balance goes to zero
    ///      (refund), her DAI balance from zero to non-zero.
    function test_gas_defect_full() public onlyIsolated {
        vm.prank(carol);
        pool.enlist(10_000e18);
        vm.prank(carol);
        pool.defect(10_000e18);
        _snap("defect_full");
    }

    /// @dev After a won auction: alice receives DAI and her first MKR (all she can claim).
    function test_gas_defect_withMkr() public onlyIsolated {
        uint256 id = _kickAndEnter();
        _warpPastSettle(id);
        vm.prank(keeper);
        pool.finalize(id);
        (,, uint256 mkrBook) = pool.nav();
        assertGt(mkrBook, 0);

        vm.prank(alice);
        pool.defect(500e18);
        _snap("defect_withMkr");
    }

    /// @dev The refund of an outbid bid sits in the Vat: the payout is the pool's ERC20 DAI plus a DaiJoin
    ///      exit of the rest (the most expensive way out).
    function test_gas_defect_fromVat() public onlyIsolated {
        uint256 id = _kickAndEnter();
        _rivalDent(rival, id);
        vm.prank(keeper);
        pool.finalize(id);
        // bob takes the pool's ERC20 DAI down to 500, so alice's 800 need a DaiJoin exit of 300.
        vm.prank(bob);
        pool.defect(60_500e18);
        assertEq(mcd.dai.balanceOf(address(pool)), 500e18);

        vm.prank(alice);
        pool.defect(800e18);
        _snap("defect_fromVat");
    }

    /// @dev With an auction open (a round), a holder asks to leave: shares locked in the pool.
    function test_gas_requestDefect_partial() public onlyIsolated {
        _kickAndEnter();
        vm.prank(alice);
        pool.requestDefect(500e18);
        _snap("requestDefect_partial");
    }

    // ------------------------------------------------------------ MKR and claims

    /// @dev After a won auction alice takes her MKR, her first (her MKR balance goes from zero).
    function test_gas_claimMkr_firstMkr() public onlyIsolated {
        _winOne();
        vm.prank(alice);
        pool.claimMkr();
        _snap("claimMkr_firstMkr");
    }

    /// @dev alice already holds MKR (from an earlier claim) and takes the MKR of a second win.
    function test_gas_claimMkr() public onlyIsolated {
        _winOne();
        vm.prank(alice);
        pool.claimMkr();
        _winOne();
        vm.prank(alice);
        pool.claimMkr();
        _snap("claimMkr");
    }

    /// @dev carol's deposit request executed when the round closed (outbid: at cost); a keeper claims her
    ///      shares for her.
    function test_gas_claim_enlist() public onlyIsolated {
        uint256 id = _kickAndEnter();
        vm.prank(carol);
        pool.requestEnlist(1000e18);
        _rivalDent(rival, id);
        vm.prank(keeper);
        pool.finalize(id);

        vm.prank(keeper);
        pool.claim(carol);
        _snap("claim_enlist");
    }

    /// @dev alice's exit request executed when the round closed (won); she claims her DAI and MKR.
    function test_gas_claim_defect() public onlyIsolated {
        uint256 id = _kickAndEnter();
        vm.prank(alice);
        pool.requestDefect(500e18);
        _warpPastSettle(id);
        vm.prank(keeper);
        pool.finalize(id);

        vm.prank(alice);
        pool.claim(alice);
        _snap("claim_defect");
    }

    /// @dev A holder sends shares to a new holder (both sides' MKR checkpoints brought up to date).
    function test_gas_transfer_newHolder() public onlyIsolated {
        vm.prank(alice);
        pool.transfer(carol, 500e18);
        _snap("transfer_newHolder");
    }

    function _winOne() internal {
        uint256 id = _kickAndEnter();
        _warpPastSettle(id);
        vm.prank(keeper);
        pool.finalize(id);
    }
}

/// @notice Keepers: enterAuction (and the bare Flopper dent it wraps), finalize.
contract SyndicateGasKeepersTest is SyndicateGasBase {
    // ------------------------------------------------------------ enterAuction

    /// @dev All the pool's DAI is ERC20: the bid is joined into the Vat first.
    function test_gas_enterAuction_first() public onlyIsolated {
        uint256 id = _kick();
        vm.prank(keeper);
        pool.enterAuction(id);
        _snap("enterAuction_first");
    }

    /// @dev The refund of an outbid (and finalized) bid is in the Vat: a new auction needs no join.
    function test_gas_enterAuction_noJoin() public onlyIsolated {
        uint256 first = _kickAndEnter();
        _rivalDent(rival, first);
        vm.prank(keeper);
        pool.finalize(first);
        uint256 id = _kick();
        assertGe(mcd.vat.dai(address(pool)), 50_000 * RAD);

        vm.prank(keeper);
        pool.enterAuction(id);
        _snap("enterAuction_noJoin");
    }

    /// @dev Outbid and not finalized: re-entering the same auction books the refund and bids again.
    function test_gas_enterAuction_reenter() public onlyIsolated {
        uint256 id = _kickAndEnter();
        _rivalDent(rival, id);

        vm.prank(keeper);
        pool.enterAuction(id);
        _snap("enterAuction_reenter");
    }

    /// @dev For comparison: the first bare Flopper bid on a fresh auction (the bid goes to the Vow).
    function test_gas_flopper_dent_first() public onlyIsolated {
        uint256 id = _kick();
        _giveVatDai(rival, 50_000 * RAD);
        (uint256 bid, uint256 lot,,,) = mcd.flop.bids(id);
        uint256 ask = lot * WAD / mcd.flop.beg();

        vm.prank(rival);
        mcd.flop.dent(id, ask, bid);
        _snap("flopper_dent_first");
    }

    /// @dev For comparison: a bare Flopper bid outbidding another bidder (who is repaid in the Vat).
    function test_gas_flopper_dent_outbid() public onlyIsolated {
        uint256 id = _kickAndEnter();
        _giveVatDai(rival, 50_000 * RAD);
        (uint256 bid, uint256 lot,,,) = mcd.flop.bids(id);
        uint256 ask = lot * WAD / mcd.flop.beg();

        vm.prank(rival);
        mcd.flop.dent(id, ask, bid);
        _snap("flopper_dent_outbid");
    }

    // ------------------------------------------------------------ finalize

    function test_gas_finalize_wonDeal() public onlyIsolated {
        uint256 id = _kickAndEnter();
        _warpPastSettle(id);

        vm.prank(keeper);
        assertTrue(pool.finalize(id));
        _snap("finalize_wonDeal");
    }

    function test_gas_finalize_outbid() public onlyIsolated {
        uint256 id = _kickAndEnter();
        _rivalDent(rival, id);

        vm.prank(keeper);
        assertFalse(pool.finalize(id));
        _snap("finalize_outbid");
    }

    /// @dev The finalize that empties the queue closes a round with a deposit and an exit request: priced
    ///      once, the round's record written, the escrow's shares burned and minted.
    function test_gas_finalize_closesRound() public onlyIsolated {
        uint256 id = _kickAndEnter();
        vm.prank(carol);
        pool.requestEnlist(1000e18);
        vm.prank(alice);
        pool.requestDefect(500e18);
        _warpPastSettle(id);

        vm.prank(keeper);
        assertTrue(pool.finalize(id));
        _snap("finalize_wonDeal_closesRound");
    }

    /// @dev Someone else called `deal` for the pool: the MKR is already there, finalize books it.
    function test_gas_finalize_dealtByThirdParty() public onlyIsolated {
        uint256 id = _kickAndEnter();
        _warpPastSettle(id);
        vm.prank(rival);
        mcd.flop.deal(id);

        vm.prank(keeper);
        assertTrue(pool.finalize(id));
        _snap("finalize_dealtByThirdParty");
    }
}
