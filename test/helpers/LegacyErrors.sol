// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @notice Errors the syndicate had before rounds (issue 10) and no longer has. Suites written for the old
///         rules still name them so they compile; where they expect them, they now fail, and are listed
///         in the issue's TODO to be rewritten for the rules of docs/design/01-fair-rounds.md. Nothing
///         new may use this file.
interface ILegacyErrors {
    /// @notice Was: position `id` can be settled now; `enlist` and `defect` first required `finalize(id)`.
    ///         Now `enlist` and `defect` revert `RoundOpen(closeBy)` whenever a position is open.
    error SettlementDue(uint256 id);
    /// @notice Was: deposits closed while the pool held won MKR. Now MKR is credited per share and
    ///         deposits stay open.
    error DepositsClosed(uint256 mkrBookWad);
}
