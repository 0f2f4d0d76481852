// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Script} from "forge-std/Script.sol";
import {VmSafe} from "forge-std/Vm.sol";

import {SyndicateFactory} from "src/SyndicateFactory.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";

/// @title DeploySyndicate: deploys a SyndicateFactory and one syndicate (a limit tier)
/// @notice Maker contracts:
///         - mainnet's when `block.chainid == 1` or `MAKER=mainnet` (`FLOPPER` overrides the Flopper, e.g.
///           the July 2020 one 0xA41B6EF151E06da0e34B009B86E828308986736D);
///         - otherwise the local MCD recorded by script/DeployMcd.s.sol in deployments/mcd-<chainid>.json.
///         Settings (environment): `LIMIT_WAD` the tier's limit, wad DAI per MKR (default 100e18);
///         `SYNDICATE_OWNER` (default: the broadcaster), who may only halt the pool; `FACTORY` an existing
///         factory to add the tier to (its Maker addresses and owner must match) instead of a new one.
///         Writes deployments/syndicate-<chainid>.json (factory, syndicate, limitWad, owner, Maker
///         addresses).
///         forge script script/DeploySyndicate.s.sol --rpc-url $RPC --broadcast --private-key $KEY
contract DeploySyndicate is Script {
    /// @notice Maker's mainnet contracts (MCD, as of 2020).
    address internal constant MAINNET_VAT = 0x35D1b3F3D7966A1DFe207aa4514C12a259A0492B;
    address internal constant MAINNET_DAI_JOIN = 0x9759A6Ac90977b93B58547b4A71c78317f391A28;
    /// @dev The Flopper in use since July 2020 is 0xA41B6EF151E06da0e34B009B86E828308986736D (`FLOPPER`).
    address internal constant MAINNET_FLOPPER = 0x4D95A049d5B0b7d32058cd3F2163015747522e99;
    address internal constant MAINNET_DAI = 0x6B175474E89094C44Da98b954EedeAC495271d0F;
    address internal constant MAINNET_MKR = 0x9f8F72aA9304c8B593d555F12eF6589cC3A579A2;

    struct Maker {
        string source; // "mainnet" or the path of the local MCD record
        address vat;
        address daiJoin;
        address flopper;
        address dai;
        address mkr;
    }

    struct Deployment {
        SyndicateFactory factory;
        ISyndicate syndicate;
        uint256 limitWad;
        address owner;
    }

    function run() external returns (Deployment memory d) {
        Maker memory m = makerAddresses();
        d.limitWad = vm.envOr("LIMIT_WAD", uint256(100e18));

        vm.startBroadcast();
        (, address broadcaster,) = vm.readCallers();
        d.factory = SyndicateFactory(vm.envOr("FACTORY", address(0)));
        if (address(d.factory) == address(0)) {
            d.owner = vm.envOr("SYNDICATE_OWNER", broadcaster);
            // Through the artifact, as DeployMcd does: `new` would put the factory's creation code (which
            // holds the syndicate's) into this script's bytecode, past the EIP-170 size the build checks.
            d.factory = SyndicateFactory(
                vm.deployCode(
                    "SyndicateFactory.sol:SyndicateFactory",
                    abi.encode(m.vat, m.daiJoin, m.flopper, m.dai, m.mkr, d.owner)
                )
            );
        } else {
            d.owner = d.factory.syndicateOwner();
            require(
                vm.envOr("SYNDICATE_OWNER", d.owner) == d.owner, "DeploySyndicate: FACTORY has another owner"
            );
        }
        d.syndicate = ISyndicate(d.factory.create(d.limitWad));
        vm.stopBroadcast();

        _check(d, m);
        _write(d, m);
    }

    /// @notice The Maker contracts this run binds the syndicate to (see the contract's notice).
    function makerAddresses() public view returns (Maker memory m) {
        if (block.chainid == 1 || _eq(vm.envOr("MAKER", string("local")), "mainnet")) {
            m.source = "mainnet";
            m.vat = MAINNET_VAT;
            m.daiJoin = MAINNET_DAI_JOIN;
            m.flopper = vm.envOr("FLOPPER", MAINNET_FLOPPER);
            m.dai = MAINNET_DAI;
            m.mkr = MAINNET_MKR;
        } else {
            m.source = string.concat("deployments/mcd-", vm.toString(block.chainid), ".json");
            string memory path = string.concat(vm.projectRoot(), "/", m.source);
            require(vm.isFile(path), string.concat("DeploySyndicate: no ", m.source, "; run DeployMcd first"));
            string memory json = vm.readFile(path);
            m.vat = vm.parseJsonAddress(json, ".vat");
            m.daiJoin = vm.parseJsonAddress(json, ".daiJoin");
            m.flopper = vm.envOr("FLOPPER", vm.parseJsonAddress(json, ".flop"));
            m.dai = vm.parseJsonAddress(json, ".dai");
            m.mkr = vm.parseJsonAddress(json, ".mkr");
        }
    }

    /// @dev The syndicate sits at its CREATE2 address, and the syndicate's immutables match what was asked.
    function _check(Deployment memory d, Maker memory m) internal view {
        ISyndicate s = d.syndicate;
        // The factory carries no `predict` (two copies of the creation code would not fit EIP-170). The
        // creation code comes from the artifact: `type(...).creationCode` would put it into this script's
        // own bytecode, past the size limit the build checks (deny = "warnings").
        bytes memory initCode = abi.encodePacked(
            vm.getCode("DaiBackstopSyndicate.sol:DaiBackstopSyndicate"),
            abi.encode(m.vat, m.daiJoin, m.flopper, m.dai, m.mkr, d.limitWad, d.owner)
        );
        address predicted =
            vm.computeCreate2Address(d.factory.salt(d.limitWad), keccak256(initCode), address(d.factory));
        require(address(s) == predicted, "DeploySyndicate: address is not the predicted one");
        require(d.factory.syndicateOf(d.limitWad) == address(s), "DeploySyndicate: factory does not list it");
        require(s.limitWad() == d.limitWad && s.owner() == d.owner, "DeploySyndicate: limit or owner");
        require(
            address(s.vat()) == m.vat && address(s.daiJoin()) == m.daiJoin
                && address(s.flopper()) == m.flopper && address(s.dai()) == m.dai
                && address(s.mkr()) == m.mkr,
            "DeploySyndicate: Maker addresses"
        );
    }

    function _write(Deployment memory d, Maker memory m) internal {
        // Only a broadcast (or a dry run against a node) leaves a record; `forge script` without an RPC
        // simulates on a throwaway chain whose record would mislead.
        if (
            !vm.isContext(VmSafe.ForgeContext.ScriptBroadcast)
                && !vm.isContext(VmSafe.ForgeContext.ScriptResume)
        ) {
            return;
        }
        string memory o = "syndicate";
        vm.serializeAddress(o, "factory", address(d.factory));
        vm.serializeAddress(o, "syndicate", address(d.syndicate));
        vm.serializeString(o, "limitWad", vm.toString(d.limitWad));
        vm.serializeString(o, "name", d.syndicate.name());
        vm.serializeString(o, "symbol", d.syndicate.symbol());
        vm.serializeAddress(o, "owner", d.owner);
        vm.serializeString(o, "maker", m.source);
        vm.serializeAddress(o, "vat", m.vat);
        vm.serializeAddress(o, "daiJoin", m.daiJoin);
        vm.serializeAddress(o, "flopper", m.flopper);
        vm.serializeAddress(o, "dai", m.dai);
        vm.serializeAddress(o, "mkr", m.mkr);
        string memory json = vm.serializeUint(o, "chainId", block.chainid);

        string memory dir = string.concat(vm.projectRoot(), "/deployments");
        vm.createDir(dir, true);
        vm.writeJson(json, string.concat(dir, "/syndicate-", vm.toString(block.chainid), ".json"));
    }

    function _eq(string memory a, string memory b) internal pure returns (bool) {
        return keccak256(bytes(a)) == keccak256(bytes(b));
    }
}
