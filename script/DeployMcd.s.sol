// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Script} from "forge-std/Script.sol";

import {McdDeploy} from "test/mcd/McdDeploy.sol";

import {Multicall} from "./Multicall.sol";

/// @title DeployMcd: deploys the local MCD and records its addresses
/// @notice `MCD_PROFILE=pre|post` (default post) picks the parameters before or after the 12 March
///         2020 executive spell. Writes deployments/mcd-<chainid>.json.
///         forge script script/DeployMcd.s.sol --rpc-url $RPC --broadcast --private-key $KEY
contract DeployMcd is Script {
    function run() external returns (McdDeploy.Mcd memory m) {
        string memory profile = vm.envOr("MCD_PROFILE", string("post"));
        McdDeploy.Params memory p;
        if (_eq(profile, "pre")) p = McdDeploy.preSpell();
        else if (_eq(profile, "post")) p = McdDeploy.postSpell();
        else revert("DeployMcd/unknown-profile");

        vm.startBroadcast();
        m = McdDeploy.deploy(p);
        // Last, so the MCD's addresses are the same with or without it.
        Multicall multicall = new Multicall();
        vm.stopBroadcast();

        _write(m, profile, address(multicall));
    }

    function _write(McdDeploy.Mcd memory m, string memory profile, address multicall) internal {
        string memory o = "mcd";
        vm.serializeAddress(o, "multicall3", multicall);
        vm.serializeAddress(o, "vat", address(m.vat));
        vm.serializeAddress(o, "dai", address(m.dai));
        vm.serializeAddress(o, "daiJoin", address(m.daiJoin));
        vm.serializeAddress(o, "weth", address(m.weth));
        vm.serializeAddress(o, "ethJoin", address(m.ethJoin));
        vm.serializeAddress(o, "mkr", address(m.mkr));
        vm.serializeAddress(o, "mkrAuthority", address(m.mkrAuthority));
        vm.serializeAddress(o, "feed", address(m.feed));
        vm.serializeAddress(o, "pip", address(m.pip));
        vm.serializeAddress(o, "spotter", address(m.spotter));
        vm.serializeAddress(o, "jug", address(m.jug));
        vm.serializeAddress(o, "cat", address(m.cat));
        vm.serializeAddress(o, "ethFlip", address(m.ethFlip));
        vm.serializeAddress(o, "vow", address(m.vow));
        vm.serializeAddress(o, "flop", address(m.flop));
        vm.serializeUint(o, "chainId", block.chainid);
        // The block the deployment starts in: where a keeper starts scanning the Flopper's logs.
        vm.serializeUint(o, "block", block.number);
        string memory json = vm.serializeString(o, "profile", profile);

        string memory dir = string.concat(vm.projectRoot(), "/deployments");
        vm.createDir(dir, true);
        vm.writeJson(json, string.concat(dir, "/mcd-", vm.toString(block.chainid), ".json"));
    }

    function _eq(string memory a, string memory b) internal pure returns (bool) {
        return keccak256(bytes(a)) == keccak256(bytes(b));
    }
}
