// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
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

/// @title Scale benchmark: enlist, defect and finalize with 1 or 500 open positions, 1 or 10,000 holders
/// @notice Spec property 10: these cost the same whatever the number of open positions or contributors.
///         `make bench` runs this with `--isolate` (every call a transaction: numbers are receipt gasUsed,
///         see test/gas/SyndicateGas.t.sol) and prints two markdown tables. It skips itself unless
///         `BENCH=1` and `--isolate`, so `make test` does not pay for it (it builds 500 auctions and 10,000
///         real deposits). It measures and prints; it asserts only that the costs are exactly equal where
///         no neighbour in the queue differs (see the tables' notes), which is what O(1) means here.
///
///         Every measurement starts from the same state for each size (snapshot and revert):
///         - positions: bob funded the pool, alice holds 1,000 shares, carol has DAI and no shares; the pool
///           entered K fresh auctions in one block (same settle time, queued in entry order);
///         - contributors: bob, then N - 1 others each deposited 100 DAI with a real `enlist`; the pool has
///           one open position.
contract ScaleBenchTest is SyndicateTestBase {
    uint256 internal constant BID = SUMP / RAY;
    /// @dev Contributors created per transaction.
    uint256 internal constant BATCH = 200;

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
        Row[4] memory p = _benchPositions(base, positions);
        uint256[3] memory holders = [uint256(1), 2, 10_000];
        Row[4] memory c = _benchContributors(base, holders);

        console2.log("");
        console2.log(
            "Gas per transaction (receipt gasUsed: 21,000 + calldata + execution - refund), --isolate."
        );
        console2.log("");
        _table("open positions", positions, p);
        console2.log("");
        console2.log("finalize unlinks the head: with 2 or more positions it also rewrites the next one's");
        console2.log("`prev` link, so its 1-position cost differs from the 2- and 500-position cost (equal).");
        console2.log("");
        _table("contributors", holders, c);

        // O(1): equal to the unit wherever the queue around the operation looks the same.
        for (uint256 r; r < 4; ++r) {
            if (r < 2) assertEq(p[r].gas[0], p[r].gas[2], p[r].op);
            else assertEq(p[r].gas[1], p[r].gas[2], p[r].op);
            if (r < 3) assertEq(c[r].gas[0], c[r].gas[2], c[r].op);
        }
    }

    /// @dev For each number of open positions, from the same state: enlist, defect, finalize (outbid
    ///      and won) of the queue's head.
    function _benchPositions(uint256 base, uint256[3] memory sizes) internal returns (Row[4] memory p) {
        p[0].op = "enlist (new holder)";
        p[1].op = "defect (partial)";
        p[2].op = "finalize (outbid, head of queue)";
        p[3].op = "finalize (won via deal, head of queue)";
        for (uint256 i; i < 3; ++i) {
            vm.revertToState(base);
            uint256 head = _openPositions(sizes[i]);
            uint256 s = vm.snapshotState();
            p[0].gas[i] = _enlistNewHolder();
            vm.revertToState(s);
            p[1].gas[i] = _defect(alice, 500e18);
            vm.revertToState(s);
            _rivalDent(rival, head);
            p[2].gas[i] = _finalize(head, false);
            vm.revertToState(s);
            _warpPastSettle(head);
            p[3].gas[i] = _finalize(head, true);
        }
    }

    /// @dev For each number of contributors, from the same state: enlist, defect, finalize (won).
    function _benchContributors(uint256 base, uint256[3] memory sizes) internal returns (Row[4] memory c) {
        c[0].op = "enlist (new holder)";
        c[1].op = "defect (partial)";
        c[2].op = "finalize (won via deal)";
        for (uint256 i; i < 3; ++i) {
            vm.revertToState(base);
            uint256 id = _contributors(sizes[i]);
            uint256 s = vm.snapshotState();
            c[0].gas[i] = _enlistNewHolder();
            vm.revertToState(s);
            c[1].gas[i] = _defect(bob, 500e18);
            vm.revertToState(s);
            _warpPastSettle(id);
            c[2].gas[i] = _finalize(id, true);
        }
    }

    // ------------------------------------------------------------ states

    /// @dev The pool enters `k` fresh auctions in this block; returns the head of the queue.
    function _openPositions(uint256 k) internal returns (uint256 head) {
        _fund(bob, k * BID + 10_000e18);
        _deposit(bob, k * BID + 10_000e18);
        _fund(alice, 10_000e18);
        _deposit(alice, 1000e18);
        _fund(carol, 10_000e18);
        for (uint256 i; i < k; ++i) {
            uint256 id = _kick();
            vm.prank(keeper);
            pool.enterAuction(id);
            if (i == 0) head = id;
        }
    }

    /// @dev bob and `n - 1` others deposit (real enlists, by contracts a crowd creates in batches of up to
    ///      `BATCH` per transaction); the pool then enters one auction.
    function _contributors(uint256 n) internal returns (uint256 id) {
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
        id = _kick();
        vm.prank(keeper);
        pool.enterAuction(id);
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

    function _table(string memory what, uint256[3] memory sizes, Row[4] memory rows) internal pure {
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
        for (uint256 r; r < 4; ++r) {
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
