// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {Dai} from "test/mcd/Dai.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";

/// @notice What every handler shares: the contracts, the ghost store, counters and auction views.
/// @dev Handlers only make calls that must succeed in the current state (`fail_on_revert = true`);
///      a call the rules forbid is counted as `skip.<reason>`, or made as a `probe` inside try/catch
///      when the property under test is precisely that it must revert (entry or exit while a
///      position is due, deposits and bids after a halt).
abstract contract HandlerBase is CommonBase, StdCheats, StdUtils {
    /// @dev Holds the sin of the DAI the handlers print, as McdTestBase.SIN_SINK does.
    address internal constant SIN_SINK = address(0x5115);

    Ghost internal immutable ghost;
    ISyndicate internal immutable pool;
    Vat internal immutable vat;
    Dai internal immutable dai;
    DaiJoin internal immutable daiJoin;
    Mkr internal immutable mkr;
    Flopper internal immutable flop;
    Vow internal immutable vow;

    constructor(Ghost ghost_) {
        ghost = ghost_;
        pool = ghost_.pool();
        vat = ghost_.vat();
        dai = ghost_.dai();
        daiJoin = ghost_.daiJoin();
        mkr = ghost_.mkr();
        flop = ghost_.flop();
        vow = ghost_.vow();
    }

    function _count(string memory name) internal {
        ghost.count(name);
    }

    function _skip(string memory reason) internal {
        ghost.count(string.concat("skip.", reason));
    }

    /// @dev The first auction id from `seed` on (1..kicks, wrapping) that satisfies `pred`, or 0.
    function _find(
        uint256 seed,
        function(uint256) internal view returns (bool) pred
    ) internal view returns (uint256) {
        uint256 n = flop.kicks();
        if (n == 0) return 0;
        uint256 start = seed % n;
        for (uint256 k; k < n; ++k) {
            uint256 id = 1 + (start + k) % n;
            if (pred(id)) return id;
        }
        return 0;
    }

    /// @dev True about one time in `odds`. The seed is hashed with the block (which moves with every
    ///      warp) so that the fuzzer's favourite values (0, 1, max, values from its dictionary) do not
    ///      decide alone: they recur far more often than uniform draws would.
    function _rare(uint256 seed, uint256 odds) internal view returns (bool) {
        return uint256(keccak256(abi.encode(seed, block.timestamp, block.number))) % odds == 0;
    }

    /// @dev The Flopper's record of auction `id`.
    function _bids(uint256 id)
        internal
        view
        returns (uint256 bid, uint256 lot, address guy, uint48 tic, uint48 end)
    {
        return flop.bids(id);
    }

    /// @dev A bid can be placed: a bidder is set and neither `tic` nor `end` has passed.
    function _running(uint256 id) internal view returns (bool) {
        (,, address guy, uint48 tic, uint48 end) = flop.bids(id);
        return guy != address(0) && (tic == 0 || tic > block.timestamp) && end > block.timestamp;
    }

    /// @dev `deal` would pass (ignoring `live`).
    function _dealable(uint256 id) internal view returns (bool) {
        (,, address guy, uint48 tic, uint48 end) = flop.bids(id);
        return guy != address(0) && tic != 0 && (tic < block.timestamp || end < block.timestamp);
    }

    /// @dev The revert selector of `err`, or 0 for an empty revert.
    function _selector(bytes memory err) internal pure returns (bytes4 sel) {
        if (err.length < 4) return bytes4(0);
        assembly ("memory-safe") {
            sel := mload(add(err, 0x20))
        }
    }

    /// @dev Records a probe that reverted: it must have reverted with `expected`.
    /// @dev The model predicts the error, not always its arguments: the selector must match, and an
    ///      error without arguments must be exactly its 4 bytes (no stray data after it).
    function _expectRevert(bytes memory err, bytes4 expected) internal {
        bool noArgs = expected == I.PoolHalted.selector || expected == I.FlopperNotLive.selector
            || expected == I.ZeroAmount.selector || expected == I.NothingToSkim.selector;
        if (_selector(err) != expected || (noArgs && err.length != 4)) ghost.onWrongRevert(err);
    }
}
