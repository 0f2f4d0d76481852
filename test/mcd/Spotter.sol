// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice The price module a Spotter reads for an ilk (mainnet: an OSM)
// solhint-disable-next-line interface-starts-with-i
interface SpotterPip {
    function peek() external view returns (bytes32, bool);
}

/// @title Spotter: turns the collateral price into the Vat's `spot` (price / par / mat) [ray]
contract Spotter is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may call auth functions
    mapping(address => uint256) public wards;

    /// @notice Grant auth to `guy`
    function rely(address guy) external note auth {
        wards[guy] = 1;
    }

    /// @notice Revoke auth from `guy`
    function deny(address guy) external note auth {
        wards[guy] = 0;
    }

    modifier auth() {
        require(wards[msg.sender] == 1, "Spotter/not-authorized");
        _;
    }

    // --- Data ---
    struct Ilk {
        SpotterPip pip; // Price feed
        uint256 mat; // Liquidation ratio [ray]
    }

    /// @notice Per-ilk price feed and liquidation ratio
    mapping(bytes32 => Ilk) public ilks;

    /// @notice The ledger
    Vat public vat;
    /// @notice Reference per dai [ray]
    uint256 public par;
    /// @notice 1 while live, 0 after cage
    uint256 public live;

    /// @param val the price read [wad, as bytes32]
    /// @param spot the resulting spot [ray]
    event Poke(bytes32 ilk, bytes32 val, uint256 spot);

    uint256 internal constant ONE = 10 ** 27;

    constructor(address vat_) {
        wards[msg.sender] = 1;
        vat = Vat(vat_);
        par = ONE;
        live = 1;
    }

    function rdiv(uint256 x, uint256 y) internal pure returns (uint256) {
        return x * ONE / y;
    }

    // --- Administration ---
    /// @notice Set an ilk's price feed: "pip"
    function file(bytes32 ilk, bytes32 what, address pip_) external note auth {
        require(live == 1, "Spotter/not-live");
        if (what == "pip") ilks[ilk].pip = SpotterPip(pip_);
        else revert("Spotter/file-unrecognized-param");
    }

    /// @notice Set a global parameter: "par" [ray]
    function file(bytes32 what, uint256 data) external note auth {
        require(live == 1, "Spotter/not-live");
        if (what == "par") par = data;
        else revert("Spotter/file-unrecognized-param");
    }

    /// @notice Set an ilk parameter: "mat" [ray]
    function file(bytes32 ilk, bytes32 what, uint256 data) external note auth {
        require(live == 1, "Spotter/not-live");
        if (what == "mat") ilks[ilk].mat = data;
        else revert("Spotter/file-unrecognized-param");
    }

    // --- Update value ---
    /// @notice Read the ilk's price and set the Vat's spot; 0 when the price is unset
    function poke(bytes32 ilk) external {
        (bytes32 val, bool has) = ilks[ilk].pip.peek();
        uint256 spot = has ? rdiv(rdiv(uint256(val) * 10 ** 9, par), ilks[ilk].mat) : 0;
        vat.file(ilk, "spot", spot);
        emit Poke(ilk, val, spot);
    }

    /// @notice Stop parameter changes
    function cage() external note auth {
        live = 0;
    }
}
