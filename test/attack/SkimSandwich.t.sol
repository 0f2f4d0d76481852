// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice A sandwiched skim (issue 10). Before, `skim` folded stray DAI into the book at once, for the
///         holders of that block: a flash deposit just before it took 9,940 of a 10,000 DAI stray transfer.
///         Now `skim` releases what it finds linearly over one day, so a deposit gets only what is released
///         while it stays in: a flash deposit, nothing.
/// @dev The local MCD (no mock): alice holds 1,000 shares; 10,000 DAI are sent to the pool by mistake; the
///      attacker brings 165,000 DAI (99.4% of the supply after its deposit).
contract SkimSandwichTest is SyndicateUnitBase {
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        _enlist(alice, 1000e18);
        _giveDai(address(pool), 10_000e18);
    }

    function test_skimSandwich_flashDepositCapturesNothing() public {
        uint256 shares = _enlist(attacker, 165_000e18);
        pool.skim();
        (uint256 daiWad,) = _defect(attacker, shares);
        assertEq(daiWad, 165_000e18, "its deposit back, none of the stray DAI");

        vm.warp(block.timestamp + 1 days);
        (daiWad,) = _defect(alice, 1000e18);
        assertEq(daiWad, 11_000e18, "all of it goes to the holder who stayed");
    }

    /// @dev A deposit that stays gets its part of what is released while it is in: half a day, half the DAI,
    ///      pro rata (165,000 of 166,000 shares), rounded down.
    function test_skimSandwich_stayingEarnsOnlyWhatIsReleasedMeanwhile() public {
        uint256 shares = _enlist(attacker, 165_000e18);
        pool.skim();
        vm.warp(block.timestamp + 12 hours);
        (uint256 daiWad,) = _defect(attacker, shares);
        assertEq(daiWad, 165_000e18 + uint256(5000e18) * 165_000 / 166_000);
    }

    /// @dev Depositing right after `skim` gets nothing of what was already released, and its part of the
    ///      rest as it is released.
    function test_skimSandwich_depositAfterSkimTakesOnlyLaterRelease() public {
        pool.skim();
        vm.warp(block.timestamp + 12 hours);
        uint256 shares = _enlist(attacker, 6000e18); // 6,000 DAI at 6,000 DAI for 1,000 shares
        assertEq(shares, 1000e18);
        vm.warp(block.timestamp + 12 hours);
        (uint256 daiWad,) = _defect(attacker, shares);
        assertEq(daiWad, 6000e18 + 2500e18, "half of the second half");
    }
}
