// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";
import {McdDeploy} from "test/mcd/McdDeploy.sol";

/// @notice Unit tests of the July 2020 Flopper (KissingFlopper, `flopKissesOnDent = true`): the
///         first dent kisses the Vow, and a high bidder lowering its own lot pays nothing again.
contract KissingFlopperTest is McdTestBase {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function _mcdParams() internal pure override returns (McdDeploy.Params memory p) {
        p = McdDeploy.postSpell();
        p.flopKissesOnDent = true;
    }

    function setUp() public override {
        super.setUp();
        _fundBidder(alice, 100_000 * RAD);
        _fundBidder(bob, 100_000 * RAD);
    }

    function test_deployment_keepsFlopperAbiAndParams() public view {
        assertEq(flop.beg(), 1.03e18);
        assertEq(flop.pad(), 1.2e18);
        assertEq(flop.ttl(), 6 hours);
        assertEq(flop.tau(), 3 days);
        assertEq(flop.live(), 1);
    }

    function test_dent_firstDentKissesVow() public {
        uint256 id = _createBadDebtAndKickFlop();
        assertEq(vow.Ash(), 50_000 * RAD);
        uint256 sinBefore = vat.sin(address(vow));
        _dentFlop(alice, id, 200 * WAD);
        assertEq(vow.Ash(), 0);
        assertEq(vat.dai(address(vow)), 0);
        assertEq(vat.sin(address(vow)), sinBefore - 50_000 * RAD);
        assertEq(vat.dai(alice), 50_000 * RAD);
    }

    function test_dent_nextFlopWorksAfterFirstDent() public {
        _createBadDebt(2 * vow.sump());
        uint256 id = vow.flop();
        _dentFlop(alice, id, 200 * WAD);
        assertEq(vow.flop(), 2);
        assertEq(vow.Ash(), 50_000 * RAD);
    }

    function test_dent_laterDentsDoNotKiss() public {
        _createBadDebt(2 * vow.sump());
        uint256 id = vow.flop();
        vow.flop(); // Ash = 100,000
        _dentFlop(alice, id, 200 * WAD); // kisses 50,000
        assertEq(vow.Ash(), 50_000 * RAD);
        _dentFlop(bob, id, 190 * WAD); // repays alice, no kiss
        assertEq(vow.Ash(), 50_000 * RAD);
        assertEq(vat.dai(alice), 100_000 * RAD);
        assertEq(vat.dai(address(vow)), 0);
    }

    function test_dent_kissesAtMostAsh() public {
        // a bid kicked directly (not by flop) leaves Ash below the bid: kiss(min(bid, Ash))
        _createBadDebt(vow.sump());
        vow.file("sump", 10_000 * RAD);
        vow.flop(); // Ash = 10,000
        uint256 id = flop.kick(address(vow), 250 * WAD, 50_000 * RAD);
        _dentFlop(alice, id, 200 * WAD);
        assertEq(vow.Ash(), 0);
        assertEq(vat.dai(address(vow)), 40_000 * RAD);
    }

    function test_dent_highBidderLowersOwnLotWithoutPayingAgain() public {
        uint256 id = _createBadDebtAndKickFlop();
        address carol = makeAddr("carol");
        _fundBidder(carol, 50_000 * RAD);
        _dentFlop(carol, id, 200 * WAD);
        assertEq(vat.dai(carol), 0);
        _dentFlop(carol, id, 190 * WAD);
        assertEq(_flopBid(id).lot, 190 * WAD);
        assertEq(_flopBid(id).guy, carol);
        assertEq(vat.dai(carol), 0);
    }

    function test_deal_mintsToWinner() public {
        uint256 id = _createBadDebtAndKickFlop();
        _dentFlop(alice, id, 200 * WAD);
        uint256 supply = mkr.totalSupply();
        vm.warp(block.timestamp + 6 hours + 1);
        flop.deal(id);
        assertEq(mkr.balanceOf(alice), 200 * WAD);
        assertEq(mkr.totalSupply(), supply + 200 * WAD);
    }
}
