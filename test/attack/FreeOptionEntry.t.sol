// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Free option, entry (issue 10): the mirror of FreeOptionExit. When a pool bid is clearly good (in
///         March 2020 congestion kept bidders out for hours), joining at cost just before it is won took part
///         of a gain the newcomer never risked anything for. Now, while the position is open, `enlist`
///         reverts `RoundOpen`; a deposit request takes no part in the round and is priced at the value
///         after it, and the won MKR goes to the shares that existed when the pool bid.
/// @dev The local MCD and its Flopper (no mock): alice 100,000 shares; the pool wins auction `id` with MKR at
///      400 DAI on the market (LOT_1 MKR worth 97,087 DAI for 50,000 DAI).
contract FreeOptionEntryTest is SyndicateUnitBase {
    uint256 internal id;
    uint256 internal settleAt;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 100_000e18);
        id = _kick();
        _enter(id);
        settleAt = block.timestamp + TTL;
    }

    function test_freeOptionEntry_joiningAtCostBeforeAGoodWinIsRefused() public {
        vm.warp(settleAt - 1);
        _giveDai(carol, 100_000e18);
        vm.startPrank(carol);
        mcd.dai.approve(address(pool), 100_000e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlist, (100_000e18)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0)
        );
        vm.stopPrank();
    }

    /// @dev carol asks to join a second before the bid expires: her 100,000 DAI buy shares at the value after
    ///      the win (0.5 DAI per share) and no MKR; alice keeps the whole lot (one wei of rounding dust
    /// aside).
    function test_freeOptionEntry_theNewcomerGetsNoneOfTheWin() public {
        vm.warp(settleAt - 1);
        _requestEnlist(carol, 100_000e18);
        _warpPastSettle(id);
        assertTrue(_finalize(id));
        (uint256 shares,, uint256 mkrWad) = _claim(carol);
        assertEq(shares, 200_000e18);
        assertEq(mkrWad, 0);
        assertEq(pool.claimableMkr(carol), 0);
        assertEq(pool.previewDefect(shares), 100_000e18, "her deposit, no more, no less");
        assertEq(pool.claimableMkr(alice), LOT_1, "the whole lot: 1e27 * LOT_1 / 1e23 is exact");
        assertEq(pool.previewDefect(pool.balanceOf(alice)), 50_000e18, "the DAI alice did not spend");
    }

    /// @dev After the round closes, deposits are instant again, at the same value.
    function test_freeOptionEntry_afterTheWinDepositsAreOpenAtTheNewValue() public {
        _warpPastSettle(id);
        _finalize(id);
        assertEq(_enlist(carol, 100_000e18), 200_000e18);
        assertEq(pool.claimableMkr(carol), 0);
    }
}
