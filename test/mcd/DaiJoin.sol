// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Dai} from "test/mcd/Dai.sol";
import {LibNote} from "test/mcd/LibNote.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @title DaiJoin: converts internal Vat dai [rad] to and from the DAI token [wad]
/// @notice `exit` needs the caller to have `vat.hope(daiJoin)`; `join` needs a DAI allowance
///         for the DaiJoin (it burns from the caller).
contract DaiJoin is LibNote {
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
        require(wards[msg.sender] == 1, "DaiJoin/not-authorized");
        _;
    }

    /// @notice The ledger
    Vat public vat;
    /// @notice The DAI token
    Dai public dai;
    /// @notice 1 while live, 0 after cage (exit only)
    uint256 public live;

    uint256 internal constant ONE = 10 ** 27;

    constructor(address vat_, address dai_) {
        wards[msg.sender] = 1;
        live = 1;
        vat = Vat(vat_);
        dai = Dai(dai_);
    }

    /// @notice Stop exits
    function cage() external note auth {
        live = 0;
    }

    /// @notice Burn `wad` [wad] DAI from the caller and credit `usr` with `wad * 1e27` [rad] in the Vat
    function join(address usr, uint256 wad) external note {
        vat.move(address(this), usr, ONE * wad);
        dai.burn(msg.sender, wad);
    }

    /// @notice Debit the caller `wad * 1e27` [rad] in the Vat and mint `wad` [wad] DAI to `usr`
    function exit(address usr, uint256 wad) external note {
        require(live == 1, "DaiJoin/not-live");
        vat.move(msg.sender, address(this), ONE * wad);
        dai.mint(usr, wad);
    }
}
