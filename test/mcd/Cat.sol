// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Flipper} from "test/mcd/Flipper.sol";
import {LibNote} from "test/mcd/LibNote.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";

/// @title Cat: liquidation of unsafe vaults (dss 1.0: no box, no litter, no dunk)
/// @notice `bite` seizes up to `lump` of an unsafe vault's collateral, queues the debt in the Vow
///         and starts a collateral (flip) auction for debt * chop.
contract Cat is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may call auth functions
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
        require(wards[msg.sender] == 1, "Cat/not-authorized");
        _;
    }

    // --- Data ---
    struct Ilk {
        address flip; // Liquidator (Flipper)
        uint256 chop; // Liquidation penalty [ray]
        uint256 lump; // Liquidation quantity [wad]
    }

    /// @notice Per-ilk liquidation parameters
    mapping(bytes32 => Ilk) public ilks;

    /// @notice 1 while live, 0 after cage
    uint256 public live;
    /// @notice The ledger
    Vat public vat;
    /// @notice The balance sheet that receives the seized debt
    Vow public vow;

    /// @param ink collateral seized [wad]
    /// @param art normalised debt seized [wad]
    /// @param tab debt seized, before the penalty [rad]
    event Bite(
        bytes32 indexed ilk,
        address indexed urn,
        uint256 ink,
        uint256 art,
        uint256 tab,
        address flip,
        uint256 id
    );

    uint256 internal constant ONE = 10 ** 27;

    constructor(address vat_) {
        wards[msg.sender] = 1;
        vat = Vat(vat_);
        live = 1;
    }

    // --- Administration ---
    /// @notice Set a global address: "vow"
    function file(bytes32 what, address data) external note auth {
        if (what == "vow") vow = Vow(data);
        else revert("Cat/file-unrecognized-param");
    }

    /// @notice Set an ilk parameter: "chop" [ray], "lump" [wad]
    function file(bytes32 ilk, bytes32 what, uint256 data) external note auth {
        if (what == "chop") ilks[ilk].chop = data;
        else if (what == "lump") ilks[ilk].lump = data;
        else revert("Cat/file-unrecognized-param");
    }

    /// @notice Set an ilk's liquidator: "flip". Moves the Cat's Vat permission from the old
    ///         flipper to the new one (the flipper takes the seized gem from the Cat).
    function file(bytes32 ilk, bytes32 what, address flip) external note auth {
        if (what == "flip") {
            vat.nope(ilks[ilk].flip);
            ilks[ilk].flip = flip;
            vat.hope(flip);
        } else {
            revert("Cat/file-unrecognized-param");
        }
    }

    // --- CDP Liquidation ---
    /// @notice Liquidate vault `urn` of `ilk`; returns the flip auction id
    function bite(bytes32 ilk, address urn) external returns (uint256 id) {
        (, uint256 rate, uint256 spot,,) = vat.ilks(ilk);
        (uint256 ink, uint256 art) = vat.urns(ilk, urn);

        require(live == 1, "Cat/not-live");
        require(spot > 0 && ink * spot < art * rate, "Cat/not-unsafe");

        Ilk memory milk = ilks[ilk];
        uint256 lot = ink < milk.lump ? ink : milk.lump; // [wad]
        uint256 prop = lot * art / ink;
        art = art < prop ? art : prop; // [wad]

        require(lot <= 2 ** 255 && art <= 2 ** 255, "Cat/overflow");
        // casting to 'int256' is safe because both are at most 2**255 (checked above; 2**255
        // itself wraps to int256.min and its negation reverts)
        // forge-lint: disable-next-line(unsafe-typecast)
        vat.grab(ilk, urn, address(this), address(vow), -int256(lot), -int256(art));

        uint256 tab = art * rate; // [rad]
        vow.fess(tab);
        id = Flipper(milk.flip)
            .kick({usr: urn, gal: address(vow), tab: tab * milk.chop / ONE, lot: lot, bid: 0});

        emit Bite(ilk, urn, lot, art, tab, milk.flip, id);
    }

    /// @notice Stop liquidations
    function cage() external note auth {
        live = 0;
    }
}
