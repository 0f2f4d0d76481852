// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {stdError} from "forge-std/StdError.sol";
import {StdStorage, stdStorage} from "forge-std/StdStorage.sol";

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, WAD} from "test/helpers/Units.sol";
import {Flipper} from "test/mcd/Flipper.sol";

/// @notice Shared setup of the ETH-A Flipper (collateral auction) unit tests, on the deployed local
///         MCD with post-spell parameters (beg 3%, ttl 6 h, tau 6 h). The test contract is ward and
///         kicks auctions itself: 10 ETH for up to 1,000 DAI, `usr` = the vault owner, `gal` = payee.
abstract contract FlipperTestBase is McdTestBase {
    uint256 internal constant LOT = 10 * WAD;
    uint256 internal constant TAB = 1000 * RAD;

    address internal usr = makeAddr("usr");
    address internal gal = makeAddr("gal");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event Kick(uint256 id, uint256 lot, uint256 bid, uint256 tab, address indexed usr, address indexed gal);

    function setUp() public override {
        super.setUp();
        vat.hope(address(ethFlip));
        _fundBidder(alice, 10_000 * RAD);
        _fundBidder(bob, 10_000 * RAD);
    }

    function _kick() internal returns (uint256 id) {
        vat.slip(ETH_A, address(this), _int(LOT));
        id = ethFlip.kick(usr, gal, TAB, LOT, 0);
    }

    /// @dev Kick and take the bid to tab (phase 2 starts), by alice
    function _kickToDentPhase() internal returns (uint256 id) {
        id = _kick();
        _tendFlip(alice, id, TAB);
    }
}

/// @notice Flipper unit tests: constructor, parameters, auth, kick, tick, yank.
contract FlipperAdminTest is FlipperTestBase {
    using stdStorage for StdStorage;

    // --- constructor, params, auth ---

    function test_constructor_setsMainnetDefaults() public {
        Flipper fresh =
            Flipper(vm.deployCode("test/mcd/Flipper.sol:Flipper", abi.encode(address(vat), ETH_A)));
        assertEq(fresh.wards(address(this)), 1);
        assertEq(address(fresh.vat()), address(vat));
        assertEq(fresh.ilk(), ETH_A);
        assertEq(fresh.beg(), 1.05e18);
        assertEq(fresh.ttl(), 3 hours);
        assertEq(fresh.tau(), 2 days);
        assertEq(fresh.kicks(), 0);
    }

    function test_deployment_hasPostSpellParams() public view {
        assertEq(ethFlip.beg(), 1.03e18);
        assertEq(ethFlip.ttl(), 6 hours);
        assertEq(ethFlip.tau(), 6 hours);
        assertEq(ethFlip.wards(address(cat)), 1);
    }

    function test_rely_grantsAuth() public {
        ethFlip.rely(alice);
        assertEq(ethFlip.wards(alice), 1);
        vm.prank(alice);
        ethFlip.file("beg", 1.1e18);
        assertEq(ethFlip.beg(), 1.1e18);
    }

    function test_deny_revokesAuth() public {
        ethFlip.rely(alice);
        ethFlip.deny(alice);
        assertEq(ethFlip.wards(alice), 0);
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/not-authorized"));
        ethFlip.file("beg", 1);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/not-authorized"));
        ethFlip.rely(alice);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/not-authorized"));
        ethFlip.deny(address(cat));
    }

    function test_file_setsEveryParam() public {
        ethFlip.file("beg", 1.05e18);
        ethFlip.file("ttl", 10 minutes);
        ethFlip.file("tau", 3 days);
        assertEq(ethFlip.beg(), 1.05e18);
        assertEq(ethFlip.ttl(), 10 minutes);
        assertEq(ethFlip.tau(), 3 days);
    }

    function test_file_revertsOnUnknownParam() public {
        vm.expectRevert(bytes("Flipper/file-unrecognized-param"));
        ethFlip.file("pad", 1);
    }

    function test_file_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/not-authorized"));
        ethFlip.file("ttl", 1);
    }

    // --- kick ---

    function test_kick_startsAuctionAndTakesCollateral() public {
        vat.slip(ETH_A, address(this), _int(LOT));
        vm.expectEmit(true, true, false, true, address(ethFlip));
        emit Kick(1, LOT, 0, TAB, usr, gal);
        uint256 id = ethFlip.kick(usr, gal, TAB, LOT, 0);
        assertEq(id, 1);
        assertEq(ethFlip.kicks(), 1);
        assertEq(vat.gem(ETH_A, address(this)), 0);
        assertEq(vat.gem(ETH_A, address(ethFlip)), LOT);
        FlipBid memory b = _flipBid(id);
        assertEq(b.bid, 0);
        assertEq(b.lot, LOT);
        assertEq(b.guy, address(this));
        assertEq(b.tic, 0);
        assertEq(b.end, block.timestamp + 6 hours);
        assertEq(b.usr, usr);
        assertEq(b.gal, gal);
        assertEq(b.tab, TAB);
    }

    function test_kick_revertsOnKicksOverflow() public {
        // unreachable in practice (2**256 - 1 auctions): set the counter directly
        stdstore.target(address(ethFlip)).sig("kicks()").checked_write(type(uint256).max);
        vm.expectRevert(bytes("Flipper/overflow"));
        ethFlip.kick(usr, gal, TAB, LOT, 0);
    }

    function test_kick_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/not-authorized"));
        ethFlip.kick(usr, gal, TAB, LOT, 0);
    }

    function test_kick_revertsWithoutCollateral() public {
        vm.expectRevert(stdError.arithmeticError);
        ethFlip.kick(usr, gal, TAB, LOT, 0);
    }

    // --- tick ---

    function test_tick_restartsUnbidAuction() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 6 hours + 1);
        vm.prank(alice);
        ethFlip.tick(id);
        assertEq(_flipBid(id).end, block.timestamp + 6 hours);
        assertEq(_flipBid(id).lot, LOT);
    }

    function test_tick_revertsBeforeEnd() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 6 hours);
        vm.expectRevert(bytes("Flipper/not-finished"));
        ethFlip.tick(id);
    }

    function test_tick_revertsWhenBidPlaced() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 1);
        vm.warp(block.timestamp + 6 hours + 1);
        vm.expectRevert(bytes("Flipper/bid-already-placed"));
        ethFlip.tick(id);
    }

    // --- yank ---

    function test_yank_returnsLotToCallerAndRepaysBidder() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        _giveInternalDai(address(this), 100 * RAD);
        ethFlip.yank(id);
        assertEq(vat.gem(ETH_A, address(this)), LOT);
        assertEq(vat.dai(alice), 10_000 * RAD);
        assertEq(vat.dai(address(this)), 0);
        assertEq(_flipBid(id).guy, address(0));
    }

    function test_yank_revertsWhenGuyNotSet() public {
        vm.expectRevert(bytes("Flipper/guy-not-set"));
        ethFlip.yank(1);
    }

    function test_yank_revertsInDentPhase() public {
        uint256 id = _kickToDentPhase();
        vm.expectRevert(bytes("Flipper/already-dent-phase"));
        ethFlip.yank(id);
    }

    function test_yank_revertsWhenNotAuthorized() public {
        uint256 id = _kick();
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/not-authorized"));
        ethFlip.yank(id);
    }
}

/// @notice Flipper unit tests: tend, dent, deal.
contract FlipperAuctionTest is FlipperTestBase {
    // --- tend ---

    function test_tend_firstBidPaysGal() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        assertEq(vat.dai(gal), 100 * RAD);
        assertEq(vat.dai(alice), 9900 * RAD);
        FlipBid memory b = _flipBid(id);
        assertEq(b.guy, alice);
        assertEq(b.bid, 100 * RAD);
        assertEq(b.tic, block.timestamp + 6 hours);
    }

    function test_tend_zeroBidOfOneWeiPasses() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 1);
        assertEq(_flipBid(id).bid, 1);
        assertEq(_flipBid(id).guy, alice);
        assertEq(vat.dai(gal), 1);
    }

    function test_tend_refundsPreviousBidderAndPaysIncrement() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        _tendFlip(bob, id, 103 * RAD);
        assertEq(vat.dai(alice), 10_000 * RAD);
        assertEq(vat.dai(bob), 10_000 * RAD - 103 * RAD);
        assertEq(vat.dai(gal), 103 * RAD);
        assertEq(_flipBid(id).guy, bob);
    }

    function test_tend_allowsBidEqualToTabBelowBeg() public {
        uint256 id = _kick();
        _tendFlip(alice, id, TAB - 1);
        _tendFlip(bob, id, TAB); // + 1 wei, far under 3%, but it is the tab
        assertEq(_flipBid(id).bid, TAB);
    }

    function test_tend_revertsWhenGuyNotSet() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/guy-not-set"));
        ethFlip.tend(1, LOT, 1);
    }

    function test_tend_revertsWhenTicPassed() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 1);
        vm.warp(block.timestamp + 6 hours);
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/already-finished-tic"));
        ethFlip.tend(id, LOT, 2 * RAD);
    }

    function test_tend_revertsWhenEndPassed() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 6 hours);
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/already-finished-end"));
        ethFlip.tend(id, LOT, 1);
    }

    function test_tend_revertsWhenLotNotMatching() public {
        uint256 id = _kick();
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/lot-not-matching"));
        ethFlip.tend(id, LOT - 1, 1);
    }

    function test_tend_revertsWhenHigherThanTab() public {
        uint256 id = _kick();
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/higher-than-tab"));
        ethFlip.tend(id, LOT, TAB + 1);
    }

    function test_tend_revertsWhenBidNotHigher() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/bid-not-higher"));
        ethFlip.tend(id, LOT, 100 * RAD);
    }

    function test_tend_revertsWhenZeroBid() public {
        uint256 id = _kick();
        vm.prank(alice);
        vm.expectRevert(bytes("Flipper/bid-not-higher"));
        ethFlip.tend(id, LOT, 0);
    }

    function test_tend_revertsWhenIncreaseBelowBeg() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/insufficient-increase"));
        ethFlip.tend(id, LOT, 103 * RAD - 1);
    }

    function test_tend_revertsWithoutHope() public {
        uint256 id = _kick();
        address carol = makeAddr("carol");
        _giveInternalDai(carol, 10 * RAD);
        vm.prank(carol);
        vm.expectRevert(bytes("Vat/not-allowed"));
        ethFlip.tend(id, LOT, 1 * RAD);
    }

    // --- dent ---

    function test_dent_returnsCollateralToUsr() public {
        uint256 id = _kickToDentPhase();
        _dentFlip(bob, id, 8 * WAD);
        assertEq(vat.gem(ETH_A, usr), 2 * WAD);
        assertEq(vat.gem(ETH_A, address(ethFlip)), 8 * WAD);
        // alice repaid her full bid by bob
        assertEq(vat.dai(alice), 10_000 * RAD);
        assertEq(vat.dai(bob), 10_000 * RAD - TAB);
        FlipBid memory b = _flipBid(id);
        assertEq(b.guy, bob);
        assertEq(b.lot, 8 * WAD);
        assertEq(b.bid, TAB);
        assertEq(b.tic, block.timestamp + 6 hours);
    }

    function test_dent_revertsWhenGuyNotSet() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/guy-not-set"));
        ethFlip.dent(1, LOT, TAB);
    }

    function test_dent_revertsWhenTicPassed() public {
        uint256 id = _kickToDentPhase();
        vm.warp(block.timestamp + 6 hours);
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/already-finished-tic"));
        ethFlip.dent(id, 8 * WAD, TAB);
    }

    function test_dent_revertsWhenEndPassed() public {
        ethFlip.file("ttl", 7 hours); // so the auction end comes before the bid expiry
        uint256 id = _kickToDentPhase();
        vm.warp(block.timestamp + 6 hours);
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/already-finished-end"));
        ethFlip.dent(id, 8 * WAD, TAB);
    }

    function test_dent_revertsWhenBidNotMatching() public {
        uint256 id = _kickToDentPhase();
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/not-matching-bid"));
        ethFlip.dent(id, 8 * WAD, TAB - 1);
    }

    function test_dent_revertsInTendPhase() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/tend-not-finished"));
        ethFlip.dent(id, 8 * WAD, 100 * RAD);
    }

    function test_dent_revertsWhenLotNotLower() public {
        uint256 id = _kickToDentPhase();
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/lot-not-lower"));
        ethFlip.dent(id, LOT, TAB);
    }

    function test_dent_revertsWhenDecreaseBelowBeg() public {
        uint256 id = _kickToDentPhase();
        vm.prank(bob);
        vm.expectRevert(bytes("Flipper/insufficient-decrease"));
        ethFlip.dent(id, LOT * WAD / 1.03e18 + 1, TAB);
    }

    function test_dent_acceptsDecreaseEqualToBegExactly() public {
        // beg * lot == oldLot * ONE: 1.03 * 100 == 103
        vat.slip(ETH_A, address(this), _int(103 * WAD));
        uint256 id = ethFlip.kick(usr, gal, TAB, 103 * WAD, 0);
        _tendFlip(alice, id, TAB);
        _dentFlip(bob, id, 100 * WAD);
        assertEq(_flipBid(id).lot, 100 * WAD);
        assertEq(vat.gem(ETH_A, usr), 3 * WAD);
    }

    function test_tend_acceptsIncreaseEqualToBegExactly() public {
        // bid * ONE == beg * oldBid: 103 == 1.03 * 100
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        _tendFlip(bob, id, 103 * RAD);
        assertEq(_flipBid(id).bid, 103 * RAD);
    }

    function test_dent_acceptsExactlyBegDecrease() public {
        uint256 id = _kickToDentPhase();
        uint256 lot = LOT * WAD / 1.03e18;
        _dentFlip(bob, id, lot);
        assertEq(_flipBid(id).lot, lot);
        assertEq(vat.gem(ETH_A, usr), LOT - lot);
    }

    // --- deal ---

    function test_deal_givesLotToWinnerAfterTic() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 1);
        vm.warp(block.timestamp + 6 hours); // tic == end == now: not yet
        vm.expectRevert(bytes("Flipper/not-finished"));
        ethFlip.deal(id);
        vm.warp(block.timestamp + 1);
        vm.prank(bob);
        ethFlip.deal(id);
        assertEq(vat.gem(ETH_A, alice), LOT);
        assertEq(vat.gem(ETH_A, address(ethFlip)), 0);
        FlipBid memory b = _flipBid(id);
        assertEq(b.guy, address(0));
        assertEq(b.lot + b.bid + b.tab, 0);
    }

    function test_deal_afterEndEvenIfTicLater() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 6 hours - 1);
        _tendFlip(alice, id, 1); // tic = end - 1 + 6 h
        vm.warp(block.timestamp + 2);
        ethFlip.deal(id);
        assertEq(vat.gem(ETH_A, alice), LOT);
    }

    function test_deal_revertsWithoutBid() public {
        uint256 id = _kick();
        vm.warp(block.timestamp + 6 hours + 1);
        vm.expectRevert(bytes("Flipper/not-finished"));
        ethFlip.deal(id);
    }
}
