// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title DSNote: the anonymous call log of the 2017 DSToken (mainnet MKR)
/// @notice Older than dss's LibNote and shaped differently: a `note`d function logs, BEFORE its
///         body runs, `LogNote(bytes4 indexed sig, address indexed guy, bytes32 indexed foo,
///         bytes32 indexed bar, uint256 wad, bytes fax)`: topics are the selector, the caller and
///         the first two calldata words; the data is the call value (`wad`, 0 for MKR's
///         non-payable functions) and the whole calldata (`fax`), ABI-encoded.
abstract contract DSNote {
    /// @notice Logged by every noted function (anonymous: no event-signature topic)
    event LogNote(
        bytes4 indexed sig,
        address indexed guy,
        bytes32 indexed foo,
        bytes32 indexed bar,
        uint256 wad,
        bytes fax
    ) anonymous;

    modifier note() {
        bytes32 foo;
        bytes32 bar;
        uint256 wad;
        assembly {
            foo := calldataload(4)
            bar := calldataload(36)
            wad := callvalue()
        }
        emit LogNote(msg.sig, msg.sender, foo, bar, wad, msg.data);
        _;
    }
}
