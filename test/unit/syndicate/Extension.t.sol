// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {ISyndicateExtension} from "src/interfaces/ISyndicateExtension.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice The syndicate's second code contract (`SyndicateExtension`: round requests, claims, views), run by
///         delegatecall from the syndicate's fallback in the syndicate's storage.
contract ExtensionTest is SyndicateUnitBase {
    function test_extension_deployedByTheSyndicateItself() public view {
        address ext = pool.extension();
        assertTrue(ext != address(0));
        assertGt(ext.code.length, 0);
        // The syndicate's constructor created it: its address is the syndicate's first CREATE.
        assertEq(ext, vm.computeCreateAddress(address(pool), 1));
    }

    function test_fallback_unknownSelector_revertsWithNoData() public {
        _assertRevert(address(pool), abi.encodeWithSignature("notAFunction(uint256)", 1), "");
    }

    function test_fallback_ethRefused() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        (bool ok,) = address(pool).call{value: 1 ether}("");
        assertFalse(ok, "plain send");
        vm.prank(alice);
        (ok,) = address(pool).call{value: 1 ether}(abi.encodeCall(ISyndicateExtension.round, ()));
        assertFalse(ok, "with an extension selector");
        assertEq(address(pool).balance, 0);
    }

    /// @dev Called directly, the extension runs in its own, empty, storage: it cannot reach the syndicate's.
    function test_extension_calledDirectly_seesOnlyItsOwnStorage() public {
        _enlist(alice, 1000e18);
        ISyndicate ext = ISyndicate(pool.extension());
        assertEq(ext.round().id, 0, "the syndicate's round is 1; the extension's own storage has none");
        (uint256 daiBookWad,,) = ext.nav();
        assertEq(daiBookWad, 0);
        (uint256 poolDai,,) = pool.nav();
        assertEq(poolDai, 1000e18);
    }

    /// @dev The extension's errors and events are the syndicate's (`IDaiBackstopSyndicate`): a request with
    ///      no position open reverts as documented, from the syndicate's address.
    function test_extension_revertsWithTheSyndicatesErrors() public {
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(ISyndicateExtension.requestDefect, (1)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.NoRoundOpen.selector)
        );
    }
}
