// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Multicall: batched reads for the local chain, with Multicall3's `aggregate3` ABI
/// @notice Mainnet has Multicall3; a local Anvil has none. viem's deployless multicall runs a batch as
///         initcode, which EIP-3860 caps at 48 KiB, so a keeper following a hundred auctions would need
///         several `eth_call`s per block. DeployMcd deploys this contract and records its address
///         (`multicall3` in deployments/mcd-<chainid>.json); the TypeScript chain config points viem
///         at it. Only ever called with `eth_call`: it holds nothing and writes nothing.
contract Multicall {
    /// @notice One call: `target` is called with `callData`; if it reverts and `allowFailure` is false,
    ///         the whole batch reverts.
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    /// @notice The outcome of one call: whether it succeeded, and its return (or revert) data.
    struct Result {
        bool success;
        bytes returnData;
    }

    /// @notice Call `index` of the batch reverted and did not allow failure.
    error CallFailed(uint256 index);

    /// @notice Runs `calls` in order and returns each outcome (Multicall3's `aggregate3`).
    /// @dev Loops over the caller's own batch: a read helper for `eth_call`, no state is kept.
    /// @param calls The batch.
    /// @return results One per call, in order.
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory results) {
        results = new Result[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool success, bytes memory returnData) = calls[i].target.call(calls[i].callData);
            if (!success && !calls[i].allowFailure) revert CallFailed(i);
            results[i] = Result(success, returnData);
        }
    }
}
