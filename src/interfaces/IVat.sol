// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @notice The part of Maker's Vat (dss 1.0) the syndicate calls. Internal DAI is in rad (1e45).
interface IVat {
    /// @notice Internal DAI of `usr`, rad.
    function dai(address usr) external view returns (uint256 rad);

    /// @notice Lets `usr` move the caller's internal DAI and gems.
    function hope(address usr) external;

    /// @notice Moves `rad` of internal DAI from `src` to `dst`; the caller needs `src`'s consent.
    function move(address src, address dst, uint256 rad) external;
}
