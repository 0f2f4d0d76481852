// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";

/// @notice Liveness under any parameters governance could file: whatever the Vow's `sump` and `dump` and
///         the Flopper's `beg`, `pad`, `ttl` and `tau` (edges included: 0, 1, the type maxima), and
///         however often the auction was ticked,
///         - `canEnter` answers (never reverts) and its refusal is byte for byte what `enterAuction` reverts;
///         - a position `enterAuction` opened is finalized once due (won, or outbid), after which nothing
///           is due and the round is closed, and the holder leaves with all the DAI the books hold and the
///           MKR credited to its shares (the accumulator's rounding stays in the pool).
contract LivenessFuzzTest is SyndicateUnitBase {
    /// @dev Half the time an edge value, otherwise a value in [lo, hi].
    function _param(
        uint256 seed,
        uint256 lo,
        uint256 hi,
        uint256[4] memory edges
    ) internal pure returns (uint256) {
        if (seed % 2 == 0) return edges[(seed >> 1) % 4];
        return lo + (seed >> 8) % (hi - lo + 1);
    }

    // One scenario, read top to bottom: governance's parameters, the auction, then every promise checked.
    // solhint-disable-next-line function-max-lines
    function test_fuzz_liveness_anyGovernanceParameters(
        uint256 sumpSeed,
        uint256 dumpSeed,
        uint256 begSeed,
        uint256 padSeed,
        uint256 ttlSeed,
        uint256 tauSeed,
        uint8 ticks,
        bool rivalOutbids
    ) public {
        uint256 sump = _param(
            sumpSeed, RAD, 1e6 * RAD, [uint256(0), 1, RAD - 1, uint256(type(uint64).max) * 1e36]
        );
        uint256 dump =
            _param(dumpSeed, 1, 1e6 * WAD, [uint256(0), 1, uint256(1) << 96, (uint256(1) << 96) - 1]);
        uint256 beg = _param(begSeed, 1, 2e18, [uint256(0), 1, WAD, uint256(1) << 200]);
        uint256 pad = _param(padSeed, 1e18, 3e18, [uint256(0), 1, WAD, uint256(1) << 100]);
        uint256 ttl = _param(ttlSeed, 0, 30 days, [uint256(0), 1, uint256(1) << 33, type(uint48).max]);
        uint256 tau =
            _param(tauSeed, 0, 30 days, [uint256(0), 1, uint256(1) << 33, uint256(type(uint48).max) / 2]);

        uint256 deposit = sump / RAY + 2e18 < type(uint96).max ? sump / RAY + 2e18 : type(uint96).max;
        _enlist(alice, deposit);
        mcd.vow.file("sump", sump);
        mcd.vow.file("dump", dump);
        mcd.flop.file("beg", beg);
        mcd.flop.file("pad", pad);
        mcd.flop.file("ttl", ttl);
        mcd.flop.file("tau", tau);
        mcd.vat.suck(address(mcd.vow), SIN_SINK, sump);
        uint256 id;
        try mcd.vow.flop() returns (uint256 kicked) {
            id = kicked;
        } catch {
            return; // the Flopper itself refuses these parameters (e.g. `now + tau` past 48 bits)
        }
        for (uint256 i; i < ticks % 4; ++i) {
            (,,,, uint48 end) = _bid(id);
            vm.warp(uint256(end) + 1);
            try mcd.flop.tick(id) {}
            catch {
                break;
            }
        }

        (bool ok, bytes memory refusal) = pool.canEnter(id);
        vm.prank(keeper);
        try pool.enterAuction(id) {
            assertTrue(ok, "canEnter said no, enterAuction bid");
        } catch (bytes memory err) {
            assertFalse(ok, "canEnter said yes, enterAuction reverted");
            assertEq(refusal, err, "canEnter's refusal is enterAuction's revert data");
            assertEq(pool.openPositions().length, 0);
            return _assertEveryoneLeaves(0);
        }

        if (rivalOutbids) {
            (uint256 bidRad, uint256 lot,, uint48 tic, uint48 end) = _bid(id);
            uint256 rivalLot = beg <= WAD ? lot - 1 : lot * WAD / beg;
            bool open = end > block.timestamp && tic > block.timestamp;
            if (open && rivalLot < lot) {
                _giveVatDai(rival, bidRad);
                vm.prank(rival);
                mcd.flop.dent(id, rivalLot, bidRad);
            }
        }
        // Due from its settle time on; settled at the latest one second later.
        vm.warp(pool.positions(id).settleAt);
        assertEq(pool.settlementDue(), id, "due at its settle time");
        vm.warp(block.timestamp + 1);
        uint256 positionLot = pool.positions(id).lotWad;
        bool won = _finalize(id);
        assertEq(pool.settlementDue(), 0, "nothing due after finalize");
        assertEq(pool.openPositions().length, 0, "nothing open after finalize");
        _assertEveryoneLeaves(won ? positionLot : 0);
    }

    /// @dev The only holder burns every share and receives the whole DAI book and the MKR credited to its
    ///      shares: `shares * floor(lot * 1e27 / shares) / 1e27` for a won `lot` (0 otherwise).
    function _assertEveryoneLeaves(uint256 wonLot) internal {
        (uint256 daiBook, uint256 lockedBook, uint256 mkrBook) = pool.nav();
        assertEq(lockedBook, 0, "nothing locked");
        assertEq(mkrBook, wonLot, "the MKR book holds the won lot");
        assertFalse(pool.round().open, "the round closed");
        uint256 shares = pool.balanceOf(alice);
        uint256 mkrCredit = shares * (wonLot * RAY / shares) / RAY;
        (uint256 daiWad, uint256 mkrWad) = _defect(alice, shares);
        assertEq(daiWad, daiBook, "all the DAI");
        assertEq(mkrWad, mkrCredit, "all the MKR credited to the shares");
        assertEq(pool.totalSupply(), 0, "no share left");
        _assertBooks(0, 0, wonLot - mkrCredit);
    }
}
