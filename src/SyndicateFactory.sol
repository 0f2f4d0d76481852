// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {DaiBackstopSyndicate} from "./DaiBackstopSyndicate.sol";
import {LibBytes} from "solady/utils/LibBytes.sol";
import {SSTORE2} from "solady/utils/SSTORE2.sol";

/// @title Syndicate factory
/// @notice Deploys one Dai Backstop Syndicate per price tier (e.g. 100, 120, 150 DAI per MKR) against
///         one set of Maker contracts, at an address fixed by the price (CREATE2), and lists them.
///         Anyone may create a tier; every tier is owned by the factory's `syndicateOwner`, so nobody
///         can squat a tier and halt it.
contract SyndicateFactory {
    /// @notice Maker's Vat every syndicate binds.
    address public immutable vat;
    /// @notice Maker's DaiJoin every syndicate binds.
    address public immutable daiJoin;
    /// @notice Maker's Flopper every syndicate bids in.
    address public immutable flopper;
    /// @notice The DAI token.
    address public immutable dai;
    /// @notice The MKR token.
    address public immutable mkr;
    /// @notice Owner of every syndicate this factory creates (may only halt it).
    address public immutable syndicateOwner;
    /// @notice The first half of the syndicate's creation code, in a data contract (SSTORE2) the constructor
    ///         writes. The code is about 42 KB: neither the factory's own code nor one data contract could
    ///         hold it under EIP-170's 24,576 bytes, so it is kept in two halves (`creationCode()`).
    address public immutable blueprintHead;
    /// @notice The second half of the syndicate's creation code (see `blueprintHead`).
    address public immutable blueprintTail;

    /// @notice The syndicate whose limit is `limitWad` (wad DAI per MKR), or 0.
    mapping(uint256 limitWad => address) public syndicateOf;
    address[] internal _syndicates;

    /// @notice A tier was created.
    /// @param limitWad The tier's limit, wad DAI per MKR.
    /// @param syndicate The new syndicate.
    event SyndicateCreated(uint256 indexed limitWad, address indexed syndicate);

    /// @notice The tier for `limitWad` exists already, at `syndicate`.
    error SyndicateExists(uint256 limitWad, address syndicate);

    /// @notice Binds the factory to one set of Maker contracts and the owner of every tier.
    /// @dev The Maker addresses are checked by each syndicate's constructor.
    /// @param vat_ Maker's Vat.
    /// @param daiJoin_ Maker's DaiJoin.
    /// @param flopper_ Maker's Flopper.
    /// @param dai_ The DAI token.
    /// @param mkr_ The MKR token.
    /// @param syndicateOwner_ Owner of every syndicate created (may only halt it).
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
        bytes memory code = type(DaiBackstopSyndicate).creationCode;
        uint256 half = code.length / 2;
        blueprintHead = SSTORE2.write(LibBytes.slice(code, 0, half));
        blueprintTail = SSTORE2.write(LibBytes.slice(code, half, code.length));
    }

    /// @notice Creates the syndicate whose limit is `limitWad` (wad DAI per MKR).
    /// @dev Reverts `SyndicateExists(limitWad, syndicate)`, and as the syndicate's constructor does
    ///      (`LimitOutOfRange`, `BadMakerAddresses`).
    /// @param limitWad The tier's limit, wad DAI per MKR (100e18 = 100 DAI/MKR).
    /// @return syndicate The new syndicate.
    function create(uint256 limitWad) external returns (address syndicate) {
        syndicate = syndicateOf[limitWad];
        if (syndicate != address(0)) revert SyndicateExists(limitWad, syndicate);
        bytes memory initCode = abi.encodePacked(
            creationCode(), abi.encode(vat, daiJoin, flopper, dai, mkr, limitWad, syndicateOwner)
        );
        bytes32 tierSalt = salt(limitWad);
        assembly {
            syndicate := create2(0, add(initCode, 0x20), mload(initCode), tierSalt)
            // A constructor's revert comes back as is (`LimitOutOfRange`, `BadMakerAddresses`).
            if iszero(syndicate) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
        syndicateOf[limitWad] = syndicate;
        _syndicates.push(syndicate);
        emit SyndicateCreated(limitWad, syndicate);
    }

    /// @notice The syndicate's creation code, read back from the two blueprint halves; a tier's init code
    ///         is this followed by its ABI-encoded constructor arguments.
    /// @return code The creation code.
    function creationCode() public view returns (bytes memory code) {
        code = abi.encodePacked(SSTORE2.read(blueprintHead), SSTORE2.read(blueprintTail));
    }

    /// @notice The CREATE2 salt of a tier: its limit and the Maker contracts it binds. The address is
    ///         keccak256(0xff ++ factory ++ salt ++ keccak256(creation code ++ constructor args)); see
    ///         `creationCode()`.
    /// @param limitWad The tier's limit, wad DAI per MKR.
    /// @return The salt.
    function salt(uint256 limitWad) public view returns (bytes32) {
        return keccak256(abi.encode(limitWad, vat, daiJoin, flopper, dai, mkr));
    }

    /// @notice Every syndicate created, in creation order.
    /// @dev Copies the whole list: meant for `eth_call`.
    /// @return The syndicates' addresses.
    function syndicates() external view returns (address[] memory) {
        return _syndicates;
    }

    /// @notice The number of syndicates created.
    /// @return The count.
    function syndicateCount() external view returns (uint256) {
        return _syndicates.length;
    }
}
