// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Flopper} from "test/mcd/Flopper.sol";
import {LibNote} from "test/mcd/LibNote.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @notice The surplus auction, as far as the Vow's cage needs it (the local MCD deploys none)
// solhint-disable-next-line interface-starts-with-i
interface VowFlapper {
    function cage(uint256 rad) external;
}

/// @title Vow: the system balance sheet (dss 1.0 behaviour; `flap` left out)
/// @notice Bad debt from liquidations is queued (`fess`) for `wait` seconds, released (`flog`)
///         and then either healed against surplus dai or sold in debt auctions (`flop`).
contract Vow is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may call auth functions
    mapping(address => uint256) public wards;

    /// @notice Grant auth to `usr`
    function rely(address usr) external note auth {
        require(live == 1, "Vow/not-live");
        wards[usr] = 1;
    }

    /// @notice Revoke auth from `usr`
    function deny(address usr) external note auth {
        wards[usr] = 0;
    }

    modifier auth() {
        require(wards[msg.sender] == 1, "Vow/not-authorized");
        _;
    }

    // --- Data ---
    /// @notice The ledger
    Vat public vat;
    /// @notice Surplus auction house (address(0) in the local MCD)
    address public flapper;
    /// @notice Debt auction house
    Flopper public flopper;

    /// @notice Debt queue: debt [rad] fessed at each unix time
    mapping(uint256 => uint256) public sin;
    /// @notice Queued debt [rad]
    uint256 public Sin;
    /// @notice Debt on auction [rad]
    uint256 public Ash;

    /// @notice Flop delay: how long fessed debt stays queued [seconds]
    uint256 public wait;
    /// @notice Flop initial lot size [wad MKR]
    uint256 public dump;
    /// @notice Flop fixed bid size [rad]
    uint256 public sump;
    /// @notice Flap fixed lot size [rad]
    uint256 public bump;
    /// @notice Surplus buffer [rad]
    uint256 public hump;

    /// @notice 1 while live, 0 after cage
    uint256 public live;

    /// @param flapper_ may be address(0): the local MCD needs no surplus auction
    constructor(address vat_, address flapper_, address flopper_) {
        wards[msg.sender] = 1;
        vat = Vat(vat_);
        flapper = flapper_;
        flopper = Flopper(flopper_);
        Vat(vat_).hope(flapper_);
        live = 1;
    }

    // --- Administration ---
    /// @notice Set a parameter: "wait" [seconds], "bump" [rad], "sump" [rad], "dump" [wad], "hump" [rad]
    function file(bytes32 what, uint256 data) external note auth {
        if (what == "wait") wait = data;
        else if (what == "bump") bump = data;
        else if (what == "sump") sump = data;
        else if (what == "dump") dump = data;
        else if (what == "hump") hump = data;
        else revert("Vow/file-unrecognized-param");
    }

    /// @notice Set an auction house: "flapper" (moves the Vat permission), "flopper"
    function file(bytes32 what, address data) external note auth {
        if (what == "flapper") {
            vat.nope(flapper);
            flapper = data;
            vat.hope(data);
        } else if (what == "flopper") {
            flopper = Flopper(data);
        } else {
            revert("Vow/file-unrecognized-param");
        }
    }

    // --- Debt queue ---
    /// @notice Push `tab` [rad] of bad debt onto the queue at the current time (auth)
    function fess(uint256 tab) external note auth {
        sin[block.timestamp] += tab;
        Sin += tab;
    }

    /// @notice Release the debt queued at time `era` once `wait` has passed
    function flog(uint256 era) external note {
        // forge-lint: disable-next-line(block-timestamp)
        require(era + wait <= block.timestamp, "Vow/wait-not-finished");
        Sin -= sin[era];
        sin[era] = 0;
    }

    // --- Settlement ---
    /// @notice Cancel `rad` [rad] of released debt against the Vow's surplus dai
    function heal(uint256 rad) external note {
        require(rad <= vat.dai(address(this)), "Vow/insufficient-surplus");
        require(rad <= vat.sin(address(this)) - Sin - Ash, "Vow/insufficient-debt");
        vat.heal(rad);
    }

    /// @notice Cancel `rad` [rad] of on-auction debt against the Vow's surplus dai
    function kiss(uint256 rad) external note {
        require(rad <= Ash, "Vow/not-enough-ash");
        require(rad <= vat.dai(address(this)), "Vow/insufficient-surplus");
        Ash -= rad;
        vat.heal(rad);
    }

    // --- Debt auction ---
    /// @notice Sell `dump` [wad] MKR for `sump` [rad] dai; needs that much released debt and no surplus
    function flop() external note returns (uint256 id) {
        require(sump <= vat.sin(address(this)) - Sin - Ash, "Vow/insufficient-debt");
        require(vat.dai(address(this)) == 0, "Vow/surplus-not-zero");
        Ash += sump;
        id = flopper.kick(address(this), dump, sump);
    }

    // --- Shutdown ---
    /// @notice Shut down: clear the queues, cage the auction houses, heal what can be healed (auth)
    function cage() external note auth {
        require(live == 1, "Vow/not-live");
        live = 0;
        Sin = 0;
        Ash = 0;
        if (flapper != address(0)) VowFlapper(flapper).cage(vat.dai(flapper));
        flopper.cage();
        uint256 dai = vat.dai(address(this));
        uint256 debt = vat.sin(address(this));
        vat.heal(dai < debt ? dai : debt);
    }
}
