// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {stdError} from "forge-std/StdError.sol";
import {StdStorage, stdStorage} from "forge-std/StdStorage.sol";
import {Vm} from "forge-std/Vm.sol";

import {DUMP, SUMP} from "test/helpers/March2020.sol";
import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";
import {Flopper} from "test/mcd/Flopper.sol";

/// @notice Shared setup of the March 2020 Flopper (debt auction) unit tests, on the deployed local
///         MCD with post-spell parameters (beg 3%, pad 20%, ttl 6 h, tau 3 days). The test
///         contract is ward and kicks auctions directly with `gal` as the payee.
abstract contract FlopperTestBase is McdTestBase {
    address internal gal = makeAddr("gal");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event Kick(uint256 id, uint256 lot, uint256 bid, address indexed gal);

    function setUp() public override {
        super.setUp();
        _fundBidder(alice, 200_000 * RAD);
        _fundBidder(bob, 200_000 * RAD);
    }

    function _kick() internal returns (uint256 id) {
        id = flop.kick(gal, DUMP, SUMP);
    }
}

/// @notice Flopper unit tests: constructor, parameters, auth, kick, cage.
contract FlopperAdminTest is FlopperTestBase {
    using stdStorage for StdStorage;

    // --- constructor, params, auth ---

    function test_constructor_setsMainnetDefaults() public {
        Flopper fresh =
            Flopper(vm.deployCode("test/mcd/Flopper.sol:Flopper", abi.encode(address(vat), address(mkr))));
        assertEq(fresh.wards(address(this)), 1);
        assertEq(address(fresh.vat()), address(vat));
        assertEq(address(fresh.gem()), address(mkr));
        assertEq(fresh.beg(), 1.05e18);
        assertEq(fresh.pad(), 1.5e18);
        assertEq(fresh.ttl(), 3 hours);
        assertEq(fresh.tau(), 2 days);
        assertEq(fresh.kicks(), 0);
        assertEq(fresh.live(), 1);
        assertEq(fresh.vow(), address(0));
    }

    function test_deployment_hasPostSpellParams() public view {
        assertEq(flop.beg(), 1.03e18);
        assertEq(flop.pad(), 1.2e18);
        assertEq(flop.ttl(), 6 hours);
        assertEq(flop.tau(), 3 days);
        assertEq(flop.wards(address(vow)), 1);
    }

    function test_rely_grantsAuth() public {
        flop.rely(alice);
        assertEq(flop.wards(alice), 1);
        vm.prank(alice);
        uint256 id = flop.kick(gal, DUMP, SUMP);
        assertEq(id, 1);
    }

    function test_deny_revokesAuth() public {
        flop.rely(alice);
        flop.deny(alice);
        assertEq(flop.wards(alice), 0);
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-authorized"));
        flop.kick(gal, DUMP, SUMP);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-authorized"));
        flop.rely(alice);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-authorized"));
        flop.deny(address(vow));
    }

    function test_file_setsEveryParam() public {
        flop.file("beg", 1.05e18);
        flop.file("pad", 1.5e18);
        flop.file("ttl", 10 minutes);
        flop.file("tau", 2 days);
        assertEq(flop.beg(), 1.05e18);
        assertEq(flop.pad(), 1.5e18);
        assertEq(flop.ttl(), 10 minutes);
        assertEq(flop.tau(), 2 days);
    }

    function test_file_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Flopper/file-unrecognized-param"));
        flop.file("lot", 1);
    }

    function test_file_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-authorized"));
        flop.file("beg", 1);
    }

    // --- kick ---

    function test_kick_startsAuction() public {
        uint256 id = _kick();
        assertEq(id, 1);
        assertEq(flop.kicks(), 1);
        FlopBid memory b = _flopBid(id);
        assertEq(b.bid, SUMP);
        assertEq(b.lot, DUMP);
        assertEq(b.guy, gal);
        assertEq(b.tic, 0);
        assertEq(b.end, block.timestamp + 3 days);
        assertEq(_kick(), 2);
    }

    function test_kick_emitsKick() public {
        vm.expectEmit(true, false, false, true, address(flop));
        emit Kick(1, DUMP, SUMP, gal);
        _kick();
    }

    function test_kick_eventTopicIsMainnet() public {
        vm.recordLogs();
        _kick();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1);
        assertEq(logs[0].topics.length, 2);
        assertEq(logs[0].topics[0], keccak256("Kick(uint256,uint256,uint256,address)"));
        assertEq(logs[0].topics[1], bytes32(uint256(uint160(gal))));
        (uint256 id, uint256 lot, uint256 bid) = abi.decode(logs[0].data, (uint256, uint256, uint256));
        assertEq(id, 1);
        assertEq(lot, DUMP);
        assertEq(bid, SUMP);
    }

    function test_kick_revertsOnKicksOverflow() public {
        // unreachable in practice (2**256 - 1 auctions): set the counter directly
        stdstore.target(address(flop)).sig("kicks()").checked_write(type(uint256).max);
        vm.expectRevert(bytes("Flopper/overflow"));
        _kick();
    }

    function test_kick_revertsWhenNotLive() public {
        flop.cage();
        vm.expectRevert(bytes("Flopper/not-live"));
        _kick();
    }

    function test_kick_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-authorized"));
        flop.kick(alice, DUMP, SUMP);
    }

    // --- cage ---

    function test_cage_stopsAndRecordsCaller() public {
        vm.prank(address(vow));
        flop.cage();
        assertEq(flop.live(), 0);
        assertEq(flop.vow(), address(vow));
    }

    function test_cage_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-authorized"));
        flop.cage();
    }
}

/// @notice Flopper unit tests: dent, tick, deal, yank.
contract FlopperAuctionTest is FlopperTestBase {
    // --- dent ---

    function test_dent_firstBidPaysGal() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 1 hours);
        _dentFlop(alice, id, 200 * WAD);
        assertEq(vat.dai(gal), SUMP);
        assertEq(vat.dai(alice), 200_000 * RAD - SUMP);
        FlopBid memory b = _flopBid(id);
        assertEq(b.guy, alice);
        assertEq(b.lot, 200 * WAD);
        assertEq(b.bid, SUMP);
        assertEq(b.tic, block.timestamp + 6 hours);
        assertEq(b.end, block.timestamp - 1 hours + 3 days);
    }

    function test_dent_repaysPreviousBidder() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        _dentFlop(bob, id, 190 * WAD);
        assertEq(vat.dai(alice), 200_000 * RAD);
        assertEq(vat.dai(bob), 200_000 * RAD - SUMP);
        assertEq(vat.dai(gal), SUMP);
        assertEq(_flopBid(id).guy, bob);
        assertEq(_flopBid(id).lot, 190 * WAD);
    }

    function test_dent_acceptsExactlyBegDecrease() public {
        uint256 id = _kick();
        uint256 lot = DUMP * WAD / 1.03e18; // 242.718... MKR
        _dentFlop(alice, id, lot);
        assertEq(_flopBid(id).lot, lot);
    }

    function test_dent_acceptsDecreaseEqualToBegExactly() public {
        // beg * lot == oldLot * ONE: 1.03 * 100 == 103
        uint256 id = flop.kick(gal, 103 * WAD, SUMP);
        _dentFlop(alice, id, 100 * WAD);
        assertEq(_flopBid(id).lot, 100 * WAD);
    }

    function test_dent_revertsWhenNotLive() public {
        uint256 id = _kick();
        flop.cage();
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-live"));
        flop.dent(id, 200 * WAD, SUMP);
    }

    function test_dent_liveCheckedFirst() public {
        flop.cage();
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-live"));
        flop.dent(99, 0, 0); // also no guy, wrong bid...
    }

    function test_dent_revertsWhenGuyNotSet() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/guy-not-set"));
        flop.dent(1, 200 * WAD, SUMP);
    }

    function test_dent_revertsWhenTicPassed() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.warp(block.timestamp + 6 hours);
        vm.prank(bob);
        vm.expectRevert(bytes("Flopper/already-finished-tic"));
        flop.dent(id, 190 * WAD, SUMP);
    }

    function test_dent_allowedJustBeforeTic() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.warp(block.timestamp + 6 hours - 1);
        _dentFlop(bob, id, 190 * WAD);
        assertEq(_flopBid(id).guy, bob);
    }

    function test_dent_revertsWhenEndPassed() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 3 days);
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/already-finished-end"));
        flop.dent(id, 200 * WAD, SUMP);
    }

    function test_dent_ticCheckedBeforeEnd() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.warp(block.timestamp + 3 days);
        vm.prank(bob);
        vm.expectRevert(bytes("Flopper/already-finished-tic"));
        flop.dent(id, 190 * WAD, SUMP);
    }

    function test_dent_revertsWhenBidNotMatching() public {
        uint256 id = _kick();
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-matching-bid"));
        flop.dent(id, 200 * WAD, SUMP - 1);
    }

    function test_dent_bidCheckedBeforeLot() public {
        uint256 id = _kick();
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/not-matching-bid"));
        flop.dent(id, DUMP, SUMP + 1);
    }

    function test_dent_revertsWhenLotNotLower() public {
        uint256 id = _kick();
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/lot-not-lower"));
        flop.dent(id, DUMP, SUMP);
    }

    function test_dent_revertsWhenDecreaseBelowBeg() public {
        uint256 id = _kick();
        uint256 lot = DUMP * WAD / 1.03e18 + 1;
        vm.prank(alice);
        vm.expectRevert(bytes("Flopper/insufficient-decrease"));
        flop.dent(id, lot, SUMP);
    }

    function test_dent_revertsWithoutHope() public {
        uint256 id = _kick();
        address carol = makeAddr("carol");
        _giveInternalDai(carol, SUMP);
        vm.prank(carol);
        vm.expectRevert(bytes("Vat/not-allowed"));
        flop.dent(id, 200 * WAD, SUMP);
    }

    function test_dent_revertsWithoutEnoughDai() public {
        uint256 id = _kick();
        address carol = makeAddr("carol");
        _fundBidder(carol, SUMP - 1);
        vm.prank(carol);
        vm.expectRevert(stdError.arithmeticError);
        flop.dent(id, 200 * WAD, SUMP);
    }

    function test_dent_highBidderRedentNeedsTheBidAgain() public {
        // March 2020: the high bidder lowering its own lot moves the full bid to itself, so it
        // must hold the bid a second time ("double liquidity"), though its balance is unchanged.
        uint256 id = _kick();
        address carol = makeAddr("carol");
        _fundBidder(carol, SUMP);
        _dentFlop(carol, id, 200 * WAD);
        assertEq(vat.dai(carol), 0);
        vm.prank(carol);
        vm.expectRevert(stdError.arithmeticError);
        flop.dent(id, 190 * WAD, SUMP);
        _giveInternalDai(carol, SUMP);
        _dentFlop(carol, id, 190 * WAD);
        assertEq(vat.dai(carol), SUMP);
        assertEq(_flopBid(id).lot, 190 * WAD);
    }

    // --- tick ---

    function test_tick_raisesLotByPadAndRestarts() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 3 days + 1);
        flop.tick(id);
        FlopBid memory b = _flopBid(id);
        assertEq(b.lot, 300 * WAD);
        assertEq(b.end, block.timestamp + 3 days);
        assertEq(b.tic, 0);
        assertEq(b.guy, gal);
        vm.warp(block.timestamp + 3 days + 1);
        flop.tick(id);
        assertEq(_flopBid(id).lot, 360 * WAD);
    }

    function test_tick_revertsBeforeEnd() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 3 days); // end == now: not yet finished
        vm.expectRevert(bytes("Flopper/not-finished"));
        flop.tick(id);
    }

    function test_tick_revertsWhenBidPlaced() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.warp(block.timestamp + 3 days + 1);
        vm.expectRevert(bytes("Flopper/bid-already-placed"));
        flop.tick(id);
    }

    function test_tick_isPermissionless() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 3 days + 1);
        vm.prank(alice);
        flop.tick(id);
        assertEq(_flopBid(id).lot, 300 * WAD);
    }

    // --- deal ---

    function test_deal_mintsLotToWinnerAfterTic() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        uint256 supply = mkr.totalSupply();
        vm.warp(block.timestamp + 6 hours + 1);
        vm.prank(bob);
        flop.deal(id);
        assertEq(mkr.balanceOf(alice), 200 * WAD);
        assertEq(mkr.totalSupply(), supply + 200 * WAD);
        FlopBid memory b = _flopBid(id);
        assertEq(b.guy, address(0));
        assertEq(b.lot + b.bid + b.tic + b.end, 0);
    }

    function test_deal_afterEndEvenIfTicLater() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 3 days - 1);
        _dentFlop(alice, id, 200 * WAD); // tic = end - 1 + 6 h
        vm.warp(block.timestamp + 2);
        flop.deal(id);
        assertEq(mkr.balanceOf(alice), 200 * WAD);
    }

    function test_deal_revertsWithoutBid() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 3 days + 1);
        vm.expectRevert(bytes("Flopper/not-finished"));
        flop.deal(id);
    }

    function test_deal_revertsWhileBidLive() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.warp(block.timestamp + 6 hours); // tic == now: not finished
        vm.expectRevert(bytes("Flopper/not-finished"));
        flop.deal(id);
    }

    function test_deal_revertsWhenNotLive() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.warp(block.timestamp + 6 hours + 1);
        flop.cage();
        vm.expectRevert(bytes("Flopper/not-live"));
        flop.deal(id);
    }

    function test_deal_revertsWhenMkrAuthorityDeniesFlopper() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.warp(block.timestamp + 6 hours + 1);
        mkrAuthority.deny(address(flop));
        vm.expectRevert();
        flop.deal(id);
        assertEq(mkr.balanceOf(alice), 0);
    }

    // --- yank ---

    function test_yank_repaysBidderWithSuckedDai() public {
        uint256 id = _kick();
        _dentFlop(alice, id, 200 * WAD);
        vm.prank(address(vow));
        flop.cage();
        uint256 sinBefore = vat.sin(address(vow));
        vm.prank(bob);
        flop.yank(id);
        assertEq(vat.dai(alice), 200_000 * RAD);
        assertEq(vat.sin(address(vow)), sinBefore + SUMP);
        assertEq(_flopBid(id).guy, address(0));
        assertEq(_flopBid(id).lot, 0);
    }

    function test_yank_unbidAuctionPaysGal() public {
        uint256 id = _kick();
        vm.prank(address(vow));
        flop.cage();
        flop.yank(id);
        assertEq(vat.dai(gal), SUMP);
        assertEq(_flopBid(id).guy, address(0));
    }

    function test_yank_revertsWhenLive() public {
        uint256 id = _kick();
        vm.expectRevert(bytes("Flopper/still-live"));
        flop.yank(id);
    }

    function test_yank_revertsWhenGuyNotSet() public {
        flop.cage();
        vm.expectRevert(bytes("Flopper/guy-not-set"));
        flop.yank(1);
    }

    function test_yank_revertsTwice() public {
        uint256 id = _kick();
        flop.cage();
        flop.yank(id);
        vm.expectRevert(bytes("Flopper/guy-not-set"));
        flop.yank(id);
    }
}
