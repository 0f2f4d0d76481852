// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";

/// @title RevertReason: revert data as text, for failure messages
library RevertReason {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Error(string), Panic(code), the pool's settlement errors by name, anything else as hex.
    function decode(bytes memory err) internal pure returns (string memory) {
        if (err.length < 4) return err.length == 0 ? "(no revert data)" : VM.toString(err);
        bytes4 sel = bytes4(err);
        bytes memory args = new bytes(err.length - 4);
        for (uint256 i; i < args.length; ++i) {
            args[i] = err[i + 4];
        }
        if (sel == bytes4(keccak256("Error(string)"))) {
            return string.concat("Error(\"", abi.decode(args, (string)), "\")");
        }
        if (sel == bytes4(keccak256("Panic(uint256)"))) {
            return string.concat("Panic(", VM.toString(abi.decode(args, (uint256))), ")");
        }
        if (sel == I.NoPosition.selector) {
            return string.concat("NoPosition(", VM.toString(abi.decode(args, (uint256))), ")");
        }
        if (sel == I.AuctionStillRunning.selector) {
            (uint256 id, uint256 settleAt) = abi.decode(args, (uint256, uint256));
            return string.concat("AuctionStillRunning(", VM.toString(id), ", ", VM.toString(settleAt), ")");
        }
        return VM.toString(err);
    }
}
