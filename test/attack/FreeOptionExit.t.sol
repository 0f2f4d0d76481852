// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Free option, exit (issue 10). A pool bid is usually under water: a buyer of last resort bids
///         above the market. Before rounds, a holder of 40% left at cost one second before the bid expired,
///         and the holder who stayed bore the whole loss: 25,728 DAI with MKR at 100 DAI (50,000 DAI for
///         242.7 MKR), 10,291 DAI of it the leaver's. Now, while the position is open, `defect` reverts
///         `RoundOpen`; an exit request keeps the shares in the supply, so the leaver bears her 40%.
/// @dev The local MCD and its Flopper (no mock): alice 40,000 shares, bob 60,000; the pool wins auction `id`.
contract FreeOptionExitTest is SyndicateUnitBase {
    /// @dev The MKR market while the bid runs, DAI per MKR: the pool's 206 DAI/MKR is under water.
    uint256 internal constant MARKET_WAD = 100e18;

    uint256 internal id;
    uint256 internal settleAt;

    function setUp() public override {
        super.setUp();
        _enlist(alice, 40_000e18);
        _enlist(bob, 60_000e18);
        id = _kick();
        _enter(id);
        settleAt = block.timestamp + TTL;
    }

    /// @dev What `usr` holds, in DAI at the market: DAI, MKR, and the pool's DAI behind their shares.
    function _valueOf(address usr) internal view returns (uint256) {
        uint256 shareDai = pool.previewDefect(pool.balanceOf(usr));
        return mcd.dai.balanceOf(usr) + shareDai + (mcd.mkr.balanceOf(usr) + pool.claimableMkr(usr))
            * MARKET_WAD / 1e18;
    }

    function test_freeOptionExit_leavingAtCostBeforeTheBidExpiresIsRefused() public {
        vm.warp(settleAt - 1);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (40_000e18)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0)
        );
        assertEq(pool.maxDefect(alice), 0);
    }

    /// @dev She asks to leave a second before the bid expires; the bid is won; she gets 40% of what is left
    ///      and 40% of the MKR, and so bears 40% of the loss. The loss at the market: 50,000 DAI paid for
    ///      LOT_1 MKR worth 24,271.8 DAI, 25,728.2 DAI; her part 10,291.3 DAI, bob's 15,436.9 DAI.
    function test_freeOptionExit_theLeaverBearsHerPartOfTheLoss() public {
        vm.warp(settleAt - 1);
        _requestDefect(alice, 40_000e18);
        _warpPastSettle(id);
        assertTrue(_finalize(id));
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = _claim(alice);
        assertEq(shares, 0);
        assertEq(daiWad, 20_000e18, "40% of the 50,000 DAI left");
        assertEq(mkrWad, 97_087_378_640_776_699_028, "40% of LOT_1, rounded down");
        assertEq(pool.balanceOf(alice), 0);

        uint256 aliceLoss = 40_000e18 - _valueOf(alice);
        uint256 bobLoss = 60_000e18 - _valueOf(bob);
        assertEq(aliceLoss, 10_291_262_135_922_330_097_200, "10,291.26 DAI");
        assertEq(bobLoss, 15_436_893_203_883_495_145_700, "15,436.89 DAI");
        // 40:60, to the rounding of a wei of MKR.
        assertApproxEqAbs(aliceLoss * 60, bobLoss * 40, 1e4);
    }

    /// @dev Cancelling the request is staying: it cannot dodge the outcome either, the shares were exposed
    ///      all along.
    function test_freeOptionExit_cancellingIsStaying() public {
        _requestDefect(alice, 40_000e18);
        vm.warp(settleAt - 1);
        vm.prank(alice);
        pool.cancelDefect();
        _warpPastSettle(id);
        _finalize(id);
        assertEq(pool.previewDefect(pool.balanceOf(alice)), 20_000e18);
        assertEq(pool.claimableMkr(alice), 97_087_378_640_776_699_028);
    }
}
