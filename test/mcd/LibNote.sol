// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title LibNote: the anonymous call log of the mainnet dss 1.0 contracts (all but the Vat)
/// @notice A `note`d function logs, once its body has run, the anonymous event
///         `LogNote(bytes4 indexed sig, address indexed usr, bytes32 indexed arg1,
///         bytes32 indexed arg2, bytes data)`: topics are the selector, the caller and the first
///         two calldata words; `data` is always the first 224 bytes of the calldata (zero-padded
///         when the call is shorter, cut when it is longer). The log costs about 4.2k gas, which
///         mainnet charges on every noted call, so the local MCD pays it too.
abstract contract LibNote {
    /// @notice Logged by every noted function (anonymous: no event-signature topic)
    event LogNote(
        bytes4 indexed sig, address indexed usr, bytes32 indexed arg1, bytes32 indexed arg2, bytes data
    ) anonymous;

    /// @dev After the body: write the ABI encoding of `bytes data` (offset 0x20, length 224,
    ///      then 224 bytes of calldata: 288 bytes in all) at the free memory pointer, claim that
    ///      memory, and log it with the four topics.
    modifier note() {
        _;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(0x40, add(ptr, 288))
            mstore(ptr, 0x20)
            mstore(add(ptr, 0x20), 224)
            calldatacopy(add(ptr, 0x40), 0, 224)
            log4(ptr, 288, shl(224, shr(224, calldataload(0))), caller(), calldataload(4), calldataload(36))
        }
    }
}
