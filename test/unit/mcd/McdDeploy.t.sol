// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {Permit} from "test/helpers/Permit.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {McdDeploy} from "test/mcd/McdDeploy.sol";
import {SpotterPip} from "test/mcd/Spotter.sol";

/// @notice Unit tests of the McdDeploy library: the March 2020 parameters (the spec's table),
///         the wiring of every ward and permission, the price priming, and applySpell.
contract McdDeployTest is McdTestBase {
    address internal alice = makeAddr("alice");

    function _mcdParams() internal pure override returns (McdDeploy.Params memory) {
        return McdDeploy.preSpell();
    }

    // --- parameters ---

    function test_preSpell_matchesMarch2020Table() public pure {
        McdDeploy.Params memory p = McdDeploy.preSpell();
        assertEq(p.mat, 1.5e27);
        assertEq(p.chop, 1.13e27);
        assertEq(p.lump, 50 * WAD);
        assertEq(p.dust, 20 * RAD);
        assertEq(p.flipBeg, 1.03e18);
        assertEq(p.flipTtl, 600);
        assertEq(p.flipTau, 3 days);
        assertEq(p.flopBeg, 1.03e18);
        assertEq(p.flopPad, 1.2e18);
        assertEq(p.flopTtl, 600);
        assertEq(p.flopTau, 3 days);
        assertEq(p.wait, 2 days);
        assertEq(p.dump, 250 * WAD);
        assertEq(p.sump, 50_000 * RAD);
        assertEq(p.bump, 10_000 * RAD);
        assertEq(p.hump, 500_000 * RAD);
        assertEq(p.hop, 3600);
        assertEq(p.duty, McdDeploy.FEE_8_PCT);
        assertEq(p.price, 194 * WAD);
        assertFalse(p.flopKissesOnDent);
    }

    function test_postSpell_changesOnlyTheSpellsParameters() public pure {
        McdDeploy.Params memory pre = McdDeploy.preSpell();
        McdDeploy.Params memory p = McdDeploy.postSpell();
        // changed by the 12 March spell
        assertEq(p.lump, 500 * WAD);
        assertEq(p.flipTtl, 6 hours);
        assertEq(p.flipTau, 6 hours);
        assertEq(p.flopTtl, 6 hours);
        assertEq(p.wait, 156 hours);
        assertEq(p.duty, McdDeploy.FEE_4_PCT);
        // unchanged
        assertEq(p.mat, pre.mat);
        assertEq(p.chop, pre.chop);
        assertEq(p.dust, pre.dust);
        assertEq(p.flipBeg, pre.flipBeg);
        assertEq(p.flopBeg, pre.flopBeg);
        assertEq(p.flopPad, pre.flopPad);
        assertEq(p.flopTau, pre.flopTau);
        assertEq(p.dump, pre.dump);
        assertEq(p.sump, pre.sump);
        assertEq(p.bump, pre.bump);
        assertEq(p.hump, pre.hump);
        assertEq(p.hop, pre.hop);
        assertEq(p.Line, pre.Line);
        assertEq(p.line, pre.line);
        assertFalse(p.flopKissesOnDent);
    }

    function test_feeConstants_compoundToTheirAnnualRates() public {
        // one year of drip at each per-second rate
        uint256[3] memory duties = [McdDeploy.FEE_8_PCT, McdDeploy.FEE_4_PCT, McdDeploy.FEE_0_5_PCT];
        uint256[3] memory annual = [uint256(1.08e27), 1.04e27, 1.005e27];
        for (uint256 i = 0; i < 3; i++) {
            uint256 snap = vm.snapshotState();
            jug.file(ETH_A, "duty", duties[i]);
            vm.warp(block.timestamp + 365 days);
            assertApproxEqRel(jug.drip(ETH_A), annual[i], 1e12);
            vm.revertToState(snap);
        }
        assertEq(McdDeploy.FEE_0_PCT, RAY);
    }

    // --- deployed state ---

    function test_deploy_appliesEveryParameter() public view {
        (,,, uint256 line, uint256 dust) = vat.ilks(ETH_A);
        assertEq(vat.Line(), 100_000_000 * RAD);
        assertEq(line, 100_000_000 * RAD);
        assertEq(dust, 20 * RAD);
        (, uint256 mat) = spotter.ilks(ETH_A);
        assertEq(mat, 1.5e27);
        (uint256 duty,) = jug.ilks(ETH_A);
        assertEq(duty, McdDeploy.FEE_8_PCT);
        (address flip, uint256 chop, uint256 lump) = cat.ilks(ETH_A);
        assertEq(flip, address(ethFlip));
        assertEq(chop, 1.13e27);
        assertEq(lump, 50 * WAD);
        assertEq(ethFlip.beg(), 1.03e18);
        assertEq(ethFlip.ttl(), 600);
        assertEq(ethFlip.tau(), 3 days);
        assertEq(flop.beg(), 1.03e18);
        assertEq(flop.pad(), 1.2e18);
        assertEq(flop.ttl(), 600);
        assertEq(flop.tau(), 3 days);
        assertEq(vow.wait(), 2 days);
        assertEq(vow.dump(), 250 * WAD);
        assertEq(vow.sump(), 50_000 * RAD);
        assertEq(vow.bump(), 10_000 * RAD);
        assertEq(vow.hump(), 500_000 * RAD);
        assertEq(pip.hop(), 3600);
    }

    function test_deploy_wiresAuth() public view {
        assertEq(vat.wards(address(daiJoin)), 1);
        assertEq(vat.wards(address(ethJoin)), 1);
        assertEq(vat.wards(address(spotter)), 1);
        assertEq(vat.wards(address(jug)), 1);
        assertEq(vat.wards(address(cat)), 1);
        assertEq(vat.wards(address(flop)), 1);
        assertEq(dai.wards(address(daiJoin)), 1);
        assertEq(address(mkr.authority()), address(mkrAuthority));
        assertEq(mkrAuthority.wards(address(flop)), 1);
        assertEq(ethFlip.wards(address(cat)), 1);
        assertEq(vow.wards(address(cat)), 1);
        assertEq(flop.wards(address(vow)), 1);
        assertEq(address(cat.vow()), address(vow));
        assertEq(vat.can(address(cat), address(ethFlip)), 1);
        assertEq(jug.vow(), address(vow));
        assertEq(address(vow.flopper()), address(flop));
        (SpotterPip p,) = spotter.ilks(ETH_A);
        assertEq(address(p), address(pip));
        assertEq(pip.bud(address(spotter)), 1);
        assertEq(pip.src(), address(feed));
        assertEq(address(ethJoin.gem()), address(weth));
        assertEq(address(daiJoin.dai()), address(dai));
        assertEq(address(flop.gem()), address(mkr));
    }

    function test_deploy_leavesCallerWardOfEverything() public view {
        address me = address(this);
        assertEq(vat.wards(me), 1);
        assertEq(dai.wards(me), 1);
        assertEq(daiJoin.wards(me), 1);
        assertEq(ethJoin.wards(me), 1);
        assertEq(mkr.owner(), me);
        assertEq(mkrAuthority.root(), me);
        assertEq(feed.wards(me), 1);
        assertEq(pip.wards(me), 1);
        assertEq(spotter.wards(me), 1);
        assertEq(jug.wards(me), 1);
        assertEq(cat.wards(me), 1);
        assertEq(ethFlip.wards(me), 1);
        assertEq(vow.wards(me), 1);
        assertEq(flop.wards(me), 1);
    }

    function test_deploy_domainSeparatorUsesChainId() public view {
        bytes32 expected = Permit.domainSeparator("Dai Stablecoin", "1", block.chainid, address(dai));
        assertEq(dai.DOMAIN_SEPARATOR(), expected);
    }

    function test_deploy_primesPriceThroughTheOsm() public view {
        assertEq(_osmPrice(), 194 * WAD);
        assertEq(_osmNextPrice(), 194 * WAD);
        assertEq(_spot(), 194 * RAY * 2 / 3);
        assertEq(pip.zzz(), block.timestamp);
        assertFalse(pip.pass());
        assertEq(_rate(), RAY);
    }

    function test_deploy_nextOsmPokeIsDueOneHopLater() public {
        _setMarketPrice(124 * WAD);
        vm.warp(block.timestamp + 3599);
        vm.expectRevert(bytes("OSM/not-passed"));
        pip.poke();
        vm.warp(block.timestamp + 1);
        pip.poke();
        assertEq(_osmPrice(), 194 * WAD);
        assertEq(_osmNextPrice(), 124 * WAD);
    }

    function test_deploy_atTimestampOneStillSetsSpot() public {
        vm.warp(1);
        McdDeploy.Mcd memory m = McdDeploy.deploy(McdDeploy.postSpell());
        (,, uint256 spot,,) = m.vat.ilks(ETH_A);
        assertEq(spot, 194 * RAY * 2 / 3);
        (SpotterPip p,) = m.spotter.ilks(ETH_A);
        assertEq(address(p), address(m.pip), "the Spotter reads the OSM again");
        m.pip.kiss(address(this));
        (, bool has) = m.pip.peep();
        assertTrue(has);
        vm.warp(3601);
        m.pip.poke();
        (bytes32 val, bool hasCur) = m.pip.peek();
        assertTrue(hasCur);
        assertEq(uint256(val), 194 * WAD);
    }

    function test_deploy_flopKissesOnDentSelectsJuly2020Flopper() public {
        McdDeploy.Params memory p = McdDeploy.postSpell();
        p.flopKissesOnDent = true;
        McdDeploy.Mcd memory m = McdDeploy.deploy(p);
        m.vat.suck(address(m.vow), address(this), 50_000 * RAD);
        uint256 id = m.vow.flop();
        m.vat.suck(address(this), alice, 50_000 * RAD);
        vm.startPrank(alice);
        m.vat.hope(address(m.flop));
        m.flop.dent(id, 200 * WAD, 50_000 * RAD);
        vm.stopPrank();
        assertEq(m.vow.Ash(), 0, "kissed");
        assertEq(m.vat.dai(address(m.vow)), 0);
    }

    // --- applySpell ---

    function test_applySpell_setsPostSpellParameters() public {
        _applySpell(McdDeploy.postSpell());
        (,, uint256 lump) = cat.ilks(ETH_A);
        assertEq(lump, 500 * WAD);
        assertEq(ethFlip.ttl(), 6 hours);
        assertEq(ethFlip.tau(), 6 hours);
        assertEq(flop.ttl(), 6 hours);
        assertEq(flop.tau(), 3 days);
        assertEq(vow.wait(), 156 hours);
        (uint256 duty, uint256 rho) = jug.ilks(ETH_A);
        assertEq(duty, McdDeploy.FEE_4_PCT);
        assertEq(rho, block.timestamp);
    }

    function test_applySpell_dripsAtTheOldDutyFirst() public {
        _openVault(alice, 10 * WAD, 1000 * WAD);
        vm.warp(block.timestamp + 365 days);
        _applySpell(McdDeploy.postSpell());
        assertApproxEqRel(_rate(), 1.08e27, 1e12); // a year at 8% accrued before the change
        assertApproxEqRel(vat.dai(address(vow)), 80 * RAD, 1e12);
    }

    function test_applySpell_pokesSpotterOnlyWhenMatChanges() public {
        feed.poke(100 * WAD);
        vm.warp(block.timestamp + 3600);
        pip.poke();
        vm.warp(block.timestamp + 3600);
        pip.poke(); // cur = 100, but nobody poked the Spotter
        uint256 spotBefore = _spot();
        _applySpell(McdDeploy.postSpell()); // same mat: no poke
        assertEq(_spot(), spotBefore);
        McdDeploy.Params memory p = McdDeploy.postSpell();
        p.mat = 2e27;
        _applySpell(p); // new mat: poke
        assertEq(_spot(), 50 * RAY);
    }

    function test_applySpell_keepsTheDeployedFlopper() public {
        address before = address(flop);
        McdDeploy.Params memory p = McdDeploy.postSpell();
        p.flopKissesOnDent = true;
        _applySpell(p);
        assertEq(address(vow.flopper()), before);
    }
}
