// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @dev Maker's fixed-point units, as file-level constants: `import {WAD, RAY, RAD} from
///      "test/helpers/Units.sol";`. wad: tokens, MKR lots, collateral, prices in USD; ray: rates,
///      spot, ratios; rad = wad * ray: internal dai, bids, debt.
uint256 constant WAD = 1e18;
uint256 constant RAY = 1e27;
uint256 constant RAD = 1e45;
