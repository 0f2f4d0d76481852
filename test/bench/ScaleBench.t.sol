// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";

import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {SUMP} from "test/helpers/March2020.sol";
import {SyndicateTestBase} from "test/helpers/SyndicateTestBase.sol";
import {RAY} from "test/helpers/Units.sol";
import {Dai} from "test/mcd/Dai.sol";

/// @dev A call that does nothing: with `--isolate` it costs a whole transaction (21,000 and more).
contract BenchIsolationProbe {
    function ping() external {}
}

/// @dev A contributor of the crowd: takes its DAI from the crowd, approves the pool and enlists, all in
///      its constructor, so one transaction can add hundreds of contributors with real `enlist` calls.
contract BenchContributor {
    constructor(Dai dai, ISyndicate pool, uint256 wad) {
        BenchCrowd(msg.sender).pay(wad);
        dai.approve(address(pool), type(uint256).max);
        pool.enlist(wad);
    }
}

/// @dev Holds the DAI of the contributors it creates.
contract BenchCrowd {
    Dai internal immutable dai;

    constructor(Dai dai_) {
        dai = dai_;
    }

    function pay(uint256 wad) external {
        dai.transfer(msg.sender, wad);
    }

    function enlist(ISyndicate pool, uint256 n, uint256 wad) external {
        for (uint256 i; i < n; ++i) {
            new BenchContributor(dai, pool, wad);
        }
    }
}

/// @title Scale benchmark: requests, entry and exit, claims and settlement with 1 or 500 open positions, 1 or
///        10,000 holders
/// @notice Spec property 10: these cost the same whatever the number of open positions or contributors.
///         `make bench` runs this with `--isolate` (every call a transaction: numbers are receipt gasUsed,
///         see test/gas/SyndicateGas.t.sol) and prints two markdown tables. It skips itself unless
///         `BENCH=1` and `--isolate`, so `make test` does not pay for it (it builds 500 auctions and 10,000
///         real deposits). It measures and prints; it asserts only that the costs are exactly equal where
///         no neighbour in the queue differs (see the tables' notes), which is what O(1) means here.
///
///         Every measurement starts from the same state for each size (snapshot and revert):
///         - positions: bob funded the pool, alice holds 1,000 shares, carol has DAI and no shares; the pool
///           entered K fresh auctions in one block (same settle time, queued in entry order), so a round is
///           open: joining and leaving are requests;
///         - contributors: bob, then N - 1 others each deposited 100 DAI with a real `enlist`; no position is
///           open (instant `enlist` and `defect`); then the pool enters one auction and wins it.
contract ScaleBenchTest is SyndicateTestBase {
    uint256 internal constant BID = SUMP / RAY;
    /// @dev Contributors created per transaction.
    uint256 internal constant BATCH = 200;
    /// @dev Rows per table.
    uint256 internal constant ROWS = 5;

    address internal bob = makeAddr("bob");
    address internal alice = makeAddr("alice");
    address internal carol = makeAddr("carol");
    address internal keeper = makeAddr("keeper");
    address internal rival = makeAddr("rival");

    /// @dev Gas of one operation at each size, in the order of `sizes`.
    struct Row {
        string op;
        uint256[3] gas;
    }

    function test_bench_scale() public {
        if (!vm.envOr("BENCH", false)) vm.skip(true, "scale benchmark: run make bench (BENCH=1, --isolate)");
        BenchIsolationProbe probe = new BenchIsolationProbe();
        probe.ping();
        if (vm.lastCallGas().gasTotalUsed < 21_000) vm.skip(true, "scale benchmark needs --isolate");

        uint256 base = vm.snapshotState();
        uint256[3] memory positions = [uint256(1), 2, 500];
        Row[ROWS] memory p = _benchPositions(base, positions);
        uint256[3] memory holders = [uint256(1), 2, 10_000];
        Row[ROWS] memory c = _benchContributors(base, holders);

        console2.log("");
        console2.log(
            "Gas per transaction (receipt gasUsed: 21,000 + calldata + execution - refund), --isolate."
        );
        console2.log("");
        _table("open positions", positions, p);
        console2.log("");
        console2.log("finalize unlinks the head: with 2 or more positions it also rewrites the next one's");
        console2.log("`prev` link, so its 1-position cost differs from the 2- and 500-position cost (equal).");
        console2.log(
            "The round-closing finalize is measured on the last position, the others finalized first:"
        );
        console2.log(
            "with one position it is also the pool's first win (MKR's first balance write for the pool)."
        );
        console2.log("");
        _table("contributors", holders, c);

        // O(1): equal to the unit wherever the queue around the operation looks the same.
        for (uint256 r; r < ROWS; ++r) {
            if (r >= 2) assertEq(p[r].gas[1], p[r].gas[2], p[r].op);
            else assertEq(p[r].gas[0], p[r].gas[2], p[r].op);
            assertEq(c[r].gas[0], c[r].gas[2], c[r].op);
        }
    }

    /// @dev For each number of open positions, from the same state: the two requests, finalize (outbid
    ///      and won) of the queue's head, and the finalize that closes the round with both requests
    ///      pending.
    function _benchPositions(uint256 base, uint256[3] memory sizes) internal returns (Row[ROWS] memory p) {
        p[0].op = "requestEnlist (new holder)";
        p[1].op = "requestDefect (partial)";
        p[2].op = "finalize (outbid, head of queue)";
        p[3].op = "finalize (won via deal, head of queue)";
        p[4].op = "finalize (won, last: closes a round with requests)";
        for (uint256 i; i < 3; ++i) {
            vm.revertToState(base);
            uint256[] memory ids = _openPositions(sizes[i]);
            uint256 head = ids[0];
            uint256 s = vm.snapshotState();
            p[0].gas[i] = _requestEnlist(carol, 1000e18);
            vm.revertToState(s);
            p[1].gas[i] = _requestDefect(alice, 500e18);
            vm.revertToState(s);
            _rivalDent(rival, head);
            p[2].gas[i] = _finalize(head, false);
            vm.revertToState(s);
            _warpPastSettle(head);
            p[3].gas[i] = _finalize(head, true);
            vm.revertToState(s);
            _requestEnlist(carol, 1000e18);
            _requestDefect(alice, 500e18);
            _warpPastSettle(head);
            // The others first (any due position may be finalized), so the measured call is the same
            // auction id, and so the same calldata, at every size.
            for (uint256 k = 1; k < ids.length; ++k) {
                _finalize(ids[k], true);
            }
            p[4].gas[i] = _finalize(head, true);
            assertEq(pool.round().id, 2, "the round closed");
        }
    }

    /// @dev For each number of contributors, from the same state: enlist and defect (no position open), the
    ///      pool's win (finalize) and a holder's claimMkr after it, and a request with the round open.
    function _benchContributors(uint256 base, uint256[3] memory sizes) internal returns (Row[ROWS] memory c) {
        c[0].op = "enlist (new holder)";
        c[1].op = "defect (partial)";
        c[2].op = "finalize (won via deal)";
        c[3].op = "claimMkr";
        c[4].op = "requestDefect (partial, round open)";
        for (uint256 i; i < 3; ++i) {
            vm.revertToState(base);
            _contributors(sizes[i]);
            uint256 s = vm.snapshotState();
            c[0].gas[i] = _enlistNewHolder();
            vm.revertToState(s);
            c[1].gas[i] = _defect(bob, 500e18);
            vm.revertToState(s);
            uint256 id = _kick();
            vm.prank(keeper);
            pool.enterAuction(id);
            uint256 open = vm.snapshotState();
            c[4].gas[i] = _requestDefect(bob, 500e18);
            vm.revertToState(open);
            _warpPastSettle(id);
            c[2].gas[i] = _finalize(id, true);
            c[3].gas[i] = _claimMkr(bob);
        }
    }

    // ------------------------------------------------------------ states

    /// @dev The pool enters `k` fresh auctions in this block; returns them in queue order.
    function _openPositions(uint256 k) internal returns (uint256[] memory ids) {
        _fund(bob, k * BID + 10_000e18);
        _deposit(bob, k * BID + 10_000e18);
        _fund(alice, 10_000e18);
        _deposit(alice, 1000e18);
        _fund(carol, 10_000e18);
        ids = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            ids[i] = _kick();
            vm.prank(keeper);
            pool.enterAuction(ids[i]);
        }
    }

    /// @dev bob and `n - 1` others deposit (real enlists, by contracts a crowd creates in batches of up to
    ///      `BATCH` per transaction). No position is open.
    function _contributors(uint256 n) internal {
        _fund(bob, 2 * BID);
        _deposit(bob, BID + 10_000e18);
        BenchCrowd crowd = new BenchCrowd(mcd.dai);
        _giveDai(address(crowd), n * 100e18);
        for (uint256 left = n - 1; left != 0;) {
            uint256 batch = left < BATCH ? left : BATCH;
            crowd.enlist(pool, batch, 100e18);
            left -= batch;
        }
        assertEq(pool.totalSupply(), BID + 10_000e18 + (n - 1) * 100e18);
        _fund(carol, 10_000e18);
    }

    // ------------------------------------------------------------ measured operations

    function _enlistNewHolder() internal returns (uint256) {
        vm.prank(carol);
        pool.enlist(1000e18);
        return vm.lastCallGas().gasTotalUsed;
    }

    function _defect(address who, uint256 shares) internal returns (uint256) {
        vm.prank(who);
        pool.defect(shares);
        return vm.lastCallGas().gasTotalUsed;
    }

    function _requestEnlist(address who, uint256 daiWad) internal returns (uint256) {
        vm.prank(who);
        pool.requestEnlist(daiWad);
        return vm.lastCallGas().gasTotalUsed;
    }

    function _requestDefect(address who, uint256 shares) internal returns (uint256) {
        vm.prank(who);
        pool.requestDefect(shares);
        return vm.lastCallGas().gasTotalUsed;
    }

    function _claimMkr(address who) internal returns (uint256) {
        vm.prank(who);
        pool.claimMkr();
        return vm.lastCallGas().gasTotalUsed;
    }

    function _finalize(uint256 id, bool expectWon) internal returns (uint256 gasUsed) {
        vm.prank(keeper);
        bool won = pool.finalize(id);
        gasUsed = vm.lastCallGas().gasTotalUsed;
        assertEq(won, expectWon, "finalize outcome");
    }

    // ------------------------------------------------------------ helpers

    function _fund(address usr, uint256 wad) internal {
        _giveDai(usr, wad);
        vm.prank(usr);
        mcd.dai.approve(address(pool), type(uint256).max);
    }

    function _deposit(address usr, uint256 wad) internal {
        vm.prank(usr);
        pool.enlist(wad);
    }

    function _table(string memory what, uint256[3] memory sizes, Row[ROWS] memory rows) internal pure {
        console2.log(
            string.concat(
                "| operation \\ ",
                what,
                " | ",
                vm.toString(sizes[0]),
                " | ",
                vm.toString(sizes[1]),
                " | ",
                vm.toString(sizes[2]),
                " |"
            )
        );
        console2.log("|---|---:|---:|---:|");
        for (uint256 r; r < ROWS; ++r) {
            if (bytes(rows[r].op).length != 0) _row(rows[r]);
        }
    }

    function _row(Row memory r) internal pure {
        console2.log(
            string.concat(
                "| ",
                r.op,
                " | ",
                vm.toString(r.gas[0]),
                " | ",
                vm.toString(r.gas[1]),
                " | ",
                vm.toString(r.gas[2]),
                " |"
            )
        );
    }
}
