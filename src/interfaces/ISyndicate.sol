// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

// solhint-disable no-empty-blocks

import {IDaiBackstopSyndicate} from "./IDaiBackstopSyndicate.sol";
import {ISyndicateExtension} from "./ISyndicateExtension.sol";

/// @title Dai Backstop Syndicate: the whole surface
/// @notice Everything a syndicate answers to: `IDaiBackstopSyndicate` (its own code: deposits and exits,
///         auctions, skim, the owner, the share token; and the types, events and errors) and
///         `ISyndicateExtension` (round requests, cancels, claims and the views, whose code is
///         `SyndicateExtension`, run by delegatecall from the syndicate's fallback: the syndicate's code
///         would not fit EIP-170 with them). Call a syndicate through this.
interface ISyndicate is IDaiBackstopSyndicate, ISyndicateExtension {}
