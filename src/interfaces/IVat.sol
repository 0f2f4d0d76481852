// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Maker's Vat (dss 1.0), as far as the syndicate uses it
/// @notice Internal DAI is in rad (1e45).
interface IVat {
    /// @notice Internal DAI of `usr`.
    /// @param usr The account.
    /// @return rad The balance, rad.
    function dai(address usr) external view returns (uint256 rad);

    /// @notice Lets `usr` move the caller's internal DAI and gems.
    /// @param usr The operator (the Flopper, to take bids; the DaiJoin, to pay exits).
    function hope(address usr) external;

    /// @notice Moves `rad` of internal DAI from `src` to `dst`; the caller needs `src`'s consent.
    /// @param src The payer.
    /// @param dst The recipient.
    /// @param rad The amount, rad.
    function move(address src, address dst, uint256 rad) external;
}
