// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice The ERC20 surface a GemJoin needs from its collateral token
// solhint-disable-next-line interface-starts-with-i
interface GemJoinToken {
    function decimals() external view returns (uint256);
    function transfer(address dst, uint256 wad) external returns (bool);
    function transferFrom(address src, address dst, uint256 wad) external returns (bool);
}

/// @title GemJoin: moves an ERC20 collateral token [wad] in and out of the Vat's gem balances
contract GemJoin is LibNote {
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
        require(wards[msg.sender] == 1, "GemJoin/not-authorized");
        _;
    }

    /// @notice The ledger
    Vat public vat;
    /// @notice The collateral type
    bytes32 public ilk;
    /// @notice The collateral token
    GemJoinToken public gem;
    /// @notice The token's decimals
    uint256 public dec;
    /// @notice 1 while live, 0 after cage (join only)
    uint256 public live;

    constructor(address vat_, bytes32 ilk_, address gem_) {
        wards[msg.sender] = 1;
        live = 1;
        vat = Vat(vat_);
        ilk = ilk_;
        gem = GemJoinToken(gem_);
        dec = GemJoinToken(gem_).decimals();
    }

    /// @notice Stop joins
    function cage() external note auth {
        live = 0;
    }

    /// @notice Take `wad` [wad] tokens from the caller and credit `usr`'s gem in the Vat
    function join(address usr, uint256 wad) external note {
        require(live == 1, "GemJoin/not-live");
        require(wad <= uint256(type(int256).max), "GemJoin/overflow");
        // casting to 'int256' is safe because wad <= int256.max is required above
        // forge-lint: disable-next-line(unsafe-typecast)
        vat.slip(ilk, usr, int256(wad));
        require(gem.transferFrom(msg.sender, address(this), wad), "GemJoin/failed-transfer");
    }

    /// @notice Debit the caller's gem in the Vat by `wad` [wad] and send the tokens to `usr`
    function exit(address usr, uint256 wad) external note {
        require(wad <= 2 ** 255, "GemJoin/overflow");
        // casting to 'int256' is safe because wad <= 2**255 is required above (2**255 wraps to
        // int256.min, whose negation reverts, as on mainnet)
        // forge-lint: disable-next-line(unsafe-typecast)
        vat.slip(ilk, msg.sender, -int256(wad));
        require(gem.transfer(usr, wad), "GemJoin/failed-transfer");
    }
}
