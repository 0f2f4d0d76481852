// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {DaiBackstopSyndicate} from "./DaiBackstopSyndicate.sol";

/// @title Syndicate factory
/// @notice Deploys one Dai Backstop Syndicate per price tier (e.g. 100, 120, 150 DAI per MKR) against
///         one set of Maker contracts, at an address fixed by the price (CREATE2), and lists them.
///         Anyone may create a tier; every tier is owned by the factory's `syndicateOwner`, so nobody
///         can squat a tier and halt it.
contract SyndicateFactory {
    address public immutable vat;
    address public immutable daiJoin;
    address public immutable flopper;
    address public immutable dai;
    address public immutable mkr;
    /// @notice Owner of every syndicate this factory creates (may only halt it).
    address public immutable syndicateOwner;

    /// @notice The syndicate for a price (wad DAI per MKR), or 0.
    mapping(uint256 price => address) public syndicateOf;
    address[] internal _syndicates;

    /// @param price The tier's limit, wad DAI per MKR.
    event SyndicateCreated(uint256 indexed price, address indexed syndicate);

    /// @notice The tier for `price` exists already, at `syndicate`.
    error SyndicateExists(uint256 price, address syndicate);

    constructor(
        address vat_,
        address daiJoin_,
        address flopper_,
        address dai_,
        address mkr_,
        address syndicateOwner_
    ) {
        vat = vat_;
        daiJoin = daiJoin_;
        flopper = flopper_;
        dai = dai_;
        mkr = mkr_;
        syndicateOwner = syndicateOwner_;
    }

    /// @notice Creates the syndicate for `price` (wad DAI per MKR). The syndicate checks its arguments.
    function create(uint256 price) external returns (address syndicate) {
        syndicate = syndicateOf[price];
        if (syndicate != address(0)) revert SyndicateExists(price, syndicate);
        syndicate = address(
            new DaiBackstopSyndicate{salt: salt(price)}(
                vat, daiJoin, flopper, dai, mkr, price, syndicateOwner
            )
        );
        syndicateOf[price] = syndicate;
        _syndicates.push(syndicate);
        emit SyndicateCreated(price, syndicate);
    }

    /// @notice The CREATE2 salt of a tier: its price and the Maker contracts it binds. The address is
    ///         keccak256(0xff ++ factory ++ salt ++ keccak256(creation code ++ constructor args)); it is
    ///         computed off-chain (the creation code would not fit in the factory twice).
    function salt(uint256 price) public view returns (bytes32) {
        return keccak256(abi.encode(price, vat, daiJoin, flopper, dai, mkr));
    }

    /// @notice Every syndicate created, in creation order.
    function syndicates() external view returns (address[] memory) {
        return _syndicates;
    }

    function syndicateCount() external view returns (uint256) {
        return _syndicates.length;
    }
}
