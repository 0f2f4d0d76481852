// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";

/// @title PriceFeed: the settable price source the local MCD's OSM reads
/// @notice Stands in for mainnet's Median: same `peek() -> (bytes32, bool)` and `read()` shape,
///         but a ward sets the price directly. Prices are USD per unit of collateral in wad (1e18).
contract PriceFeed is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may set the price
    mapping(address => uint256) public wards;

    /// @notice Grant auth to `usr`
    function rely(address usr) external note auth {
        wards[usr] = 1;
    }

    /// @notice Revoke auth from `usr`
    function deny(address usr) external note auth {
        wards[usr] = 0;
    }

    modifier auth() {
        require(wards[msg.sender] == 1, "PriceFeed/not-authorized");
        _;
    }

    /// @notice Current price [wad]
    uint256 internal val;
    /// @notice Whether a price is set
    bool internal has;
    /// @notice Unix time of the last poke
    uint32 public age;

    event LogValue(bytes32 val);

    constructor() {
        wards[msg.sender] = 1;
    }

    /// @notice Set the price to `wad` [wad] (auth)
    function poke(uint256 wad) external auth {
        val = wad;
        has = true;
        age = uint32(block.timestamp);
        emit LogValue(bytes32(wad));
    }

    /// @notice Unset the price (auth)
    function void() external auth {
        val = 0;
        has = false;
        age = uint32(block.timestamp);
    }

    /// @notice The price [wad] as bytes32, and whether it is set
    function peek() external view returns (bytes32, bool) {
        return (bytes32(val), has);
    }

    /// @notice The price [wad] as bytes32; reverts when unset
    function read() external view returns (bytes32) {
        require(has, "PriceFeed/invalid-price-feed");
        return bytes32(val);
    }
}
