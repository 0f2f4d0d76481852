// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Cat} from "test/mcd/Cat.sol";
import {Flipper} from "test/mcd/Flipper.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {Jug} from "test/mcd/Jug.sol";
import {McdDeploy} from "test/mcd/McdDeploy.sol";
import {OSM} from "test/mcd/Osm.sol";
import {Spotter} from "test/mcd/Spotter.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";

/// @title McdSpell: one of McdDeploy's parameter profiles, cast on a deployed local MCD
/// @notice Like a mainnet executive spell: governance (the MCD's ward) relies the spell on the
///         contracts it files, anyone casts it once, and governance denies it again. The
///         parameters are McdDeploy's own profiles (`postSpell`: the 12 March 2020 executive spell;
///         `preSpell`: what was in force before it), applied with `McdDeploy.applySpell`.
///         Wards it needs: the Vat, Jug, Cat, ETH-A Flipper, Flopper, Vow, OSM and Spotter.
contract McdSpell {
    /// @notice The spell was already cast
    error AlreadyCast();

    /// @notice The spell was cast
    /// @param postSpell true: the 12 March 2020 parameters; false: the ones before it
    event Cast(bool postSpell);

    /// @notice true: McdDeploy.postSpell (the 12 March 2020 spell); false: McdDeploy.preSpell
    bool public immutable postSpell;
    /// @notice 1 once cast
    uint256 public done;

    /// @notice The ledger
    Vat public immutable vat;
    /// @notice Stability fees
    Jug public immutable jug;
    /// @notice The liquidator
    Cat public immutable cat;
    /// @notice The ETH-A collateral auction
    Flipper public immutable ethFlip;
    /// @notice The debt auction
    Flopper public immutable flop;
    /// @notice The balance sheet
    Vow public immutable vow;
    /// @notice The ETH price module
    OSM public immutable pip;
    /// @notice The price reader
    Spotter public immutable spotter;

    /// @param vat_ the Vat
    /// @param jug_ the Jug
    /// @param cat_ the Cat
    /// @param ethFlip_ the ETH-A Flipper
    /// @param flop_ the Flopper
    /// @param vow_ the Vow
    /// @param pip_ the ETH OSM
    /// @param spotter_ the Spotter
    /// @param postSpell_ true for the 12 March 2020 parameters, false for the ones before
    constructor(
        address vat_,
        address jug_,
        address cat_,
        address ethFlip_,
        address flop_,
        address vow_,
        address pip_,
        address spotter_,
        bool postSpell_
    ) {
        vat = Vat(vat_);
        jug = Jug(jug_);
        cat = Cat(cat_);
        ethFlip = Flipper(ethFlip_);
        flop = Flopper(flop_);
        vow = Vow(vow_);
        pip = OSM(pip_);
        spotter = Spotter(spotter_);
        postSpell = postSpell_;
    }

    /// @notice The contracts the spell files: rely it on each before `cast`
    /// @return targets the Vat, Jug, Cat, Flipper, Flopper, Vow, OSM and Spotter
    function targets() external view returns (address[] memory) {
        address[] memory t = new address[](8);
        t[0] = address(vat);
        t[1] = address(jug);
        t[2] = address(cat);
        t[3] = address(ethFlip);
        t[4] = address(flop);
        t[5] = address(vow);
        t[6] = address(pip);
        t[7] = address(spotter);
        return t;
    }

    /// @notice Apply the profile's parameters now (once)
    function cast() external {
        if (done != 0) revert AlreadyCast();
        done = 1;
        McdDeploy.Mcd memory m;
        m.vat = vat;
        m.jug = jug;
        m.cat = cat;
        m.ethFlip = ethFlip;
        m.flop = flop;
        m.vow = vow;
        m.pip = pip;
        m.spotter = spotter;
        McdDeploy.applySpell(m, postSpell ? McdDeploy.postSpell() : McdDeploy.preSpell());
        emit Cast(postSpell);
    }
}
