// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {RAD, WAD} from "test/helpers/Units.sol";

/// @dev March 2020 as the tests need it: the two moments the bases start at and the debt-auction
///      parameters after the 12 March 2020 spell. Written here on their own, not read from
///      `McdDeploy`, so tests check the deployment against independent values.

/// @dev 2020-03-11 22:00 UTC: ETH at about 194 USD, hours before the crash (McdTestBase starts here).
uint256 constant MARCH_11_2020_22H = 1_583_964_000;
/// @dev 2020-03-12 08:00 UTC, in the crash (SyndicateTestBase starts here).
uint256 constant MARCH_12_2020_08H = 1_584_000_000;

/// @dev The Vow's `sump`: the fixed bid of every debt auction [rad].
uint256 constant SUMP = 50_000 * RAD;
/// @dev The Vow's `dump`: MKR on offer in a fresh debt auction [wad].
uint256 constant DUMP = 250 * WAD;
/// @dev The Flopper's `beg`: a dent must ask for at least 3% less MKR [wad].
uint256 constant BEG = 1.03e18;
/// @dev The Flopper's `pad`: `tick` raises an unbid lot by 20% [wad].
uint256 constant PAD = 1.2e18;
/// @dev The Flopper's `ttl` after the spell: a bid expires 6 hours after it is made.
uint256 constant TTL = 6 hours;
/// @dev The Flopper's `tau`: an auction ends 3 days after it is kicked.
uint256 constant TAU = 3 days;
