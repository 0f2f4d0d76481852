// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

/// @title ExactRevert: revert assertions that compare the revert data byte for byte
/// @notice Forge's `vm.expectRevert` is not exact, whichever overload is used (forge 1.7.1): when the
///         expected data decodes as a known error, it compares the decoded errors, and the decoder
///         ignores trailing bytes. So `PoolHalted()` followed by 32 stray bytes passes
///         `vm.expectRevert(abi.encodeWithSelector(PoolHalted.selector))` as well as
///         `vm.expectRevert(PoolHalted.selector)`, and `RoundOpen(7)` followed by stray bytes passes
///         `vm.expectRevert(abi.encodeWithSelector(RoundOpen.selector, 7))`. A custom error is
///         therefore asserted here: the helper makes the call itself and compares what came back with
///         `assertEq(bytes, bytes)`. `make lint` (test/helpers/check-exact-reverts.mjs) refuses
///         `vm.expectRevert` with anything but a revert string, a `stdError` panic or no argument.
/// @dev A `vm.prank` set just before `_assertRevert` applies to its call (the first call it makes), so
///      `vm.prank(usr); _assertRevert(...)` reads as `vm.prank(usr); vm.expectRevert(...); call`.
abstract contract ExactRevert is Test {
    /// @dev Calls `target` with `callData` and asserts that it reverts with exactly `expected`.
    function _assertRevert(address target, bytes memory callData, bytes memory expected) internal {
        (bool ok, bytes memory reason) = target.call(callData);
        assertFalse(ok, "expected a revert, the call succeeded");
        assertEq(reason, expected, "revert data, byte for byte");
    }
}
