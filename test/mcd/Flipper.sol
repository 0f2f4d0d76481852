// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @title Flipper: the collateral auction (dss 1.0 behaviour)
/// @notice Phase 1 (`tend`): bidders raise the dai bid [rad] for a fixed lot [wad] up to `tab`.
///         Phase 2 (`dent`, once bid == tab): bidders ask for less collateral; the rest returns to
///         the vault owner. A first bid of 1 wei of rad passes every check (beg * 0 == 0), so with
///         no rival inside `ttl`, `deal` hands the whole lot to that bidder (Black Thursday).
///         Bidders need `vat.hope(flipper)` and internal dai.
contract Flipper is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may kick and yank
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
        require(wards[msg.sender] == 1, "Flipper/not-authorized");
        _;
    }

    // --- Data ---
    struct Bid {
        uint256 bid; // dai paid [rad]
        uint256 lot; // gems in return for bid [wad]
        address guy; // high bidder
        uint48 tic; // bid expiry time [unix time]
        uint48 end; // auction expiry time [unix time]
        address usr; // vault owner: receives the collateral given up in phase 2
        address gal; // receives the dai income (the Vow)
        uint256 tab; // total dai wanted [rad]
    }

    /// @notice Auctions by id
    mapping(uint256 => Bid) public bids;

    /// @notice The ledger (storage, as on mainnet)
    Vat public vat;
    /// @notice The collateral type sold
    bytes32 public ilk;

    uint256 internal constant ONE = 1.0e18;
    /// @notice Minimum bid increase (phase 1) / lot decrease (phase 2) [wad], e.g. 1.03e18 = 3%
    uint256 public beg = 1.05e18;
    /// @notice Bid lifetime [seconds]
    uint48 public ttl = 3 hours;
    /// @notice Total auction length [seconds]
    uint48 public tau = 2 days;
    /// @notice Number of auctions started
    uint256 public kicks = 0;

    /// @param lot collateral for sale [wad]
    /// @param bid starting bid [rad]
    /// @param tab dai wanted [rad]
    event Kick(uint256 id, uint256 lot, uint256 bid, uint256 tab, address indexed usr, address indexed gal);

    constructor(address vat_, bytes32 ilk_) {
        vat = Vat(vat_);
        ilk = ilk_;
        wards[msg.sender] = 1;
    }

    function _now() internal view returns (uint48) {
        // casting to 'uint48' is safe until the year 8 million
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint48(block.timestamp);
    }

    // --- Admin ---
    /// @notice Set a parameter: "beg" [wad], "ttl" [seconds], "tau" [seconds]
    function file(bytes32 what, uint256 data) external note auth {
        // casting to 'uint48' truncates like mainnet's uint48(data)
        // forge-lint: disable-start(unsafe-typecast)
        if (what == "beg") beg = data;
        else if (what == "ttl") ttl = uint48(data);
        else if (what == "tau") tau = uint48(data);
        else revert("Flipper/file-unrecognized-param");
        // forge-lint: disable-end(unsafe-typecast)
    }

    // --- Auction ---
    /// @notice Start an auction of `lot` [wad] (taken from the caller's gem) for up to `tab` [rad],
    ///         starting at `bid` [rad]; `usr` gets back unsold collateral, `gal` the dai (auth)
    function kick(
        address usr,
        address gal,
        uint256 tab,
        uint256 lot,
        uint256 bid
    ) public auth returns (uint256 id) {
        require(kicks < type(uint256).max, "Flipper/overflow");
        id = ++kicks;

        Bid storage b = bids[id];
        b.bid = bid;
        b.lot = lot;
        b.guy = msg.sender;
        b.end = _now() + tau;
        b.usr = usr;
        b.gal = gal;
        b.tab = tab;

        vat.flux(ilk, msg.sender, address(this), lot);

        emit Kick(id, lot, bid, tab, usr, gal);
    }

    /// @notice Restart an auction that ended with no bid
    function tick(uint256 id) external note {
        // forge-lint: disable-next-line(block-timestamp)
        require(bids[id].end < block.timestamp, "Flipper/not-finished");
        require(bids[id].tic == 0, "Flipper/bid-already-placed");
        bids[id].end = _now() + tau;
    }

    /// @notice Phase 1: bid `bid` [rad] for the whole `lot` [wad]
    function tend(uint256 id, uint256 lot, uint256 bid) external note {
        Bid storage b = bids[id];
        require(b.guy != address(0), "Flipper/guy-not-set");
        // forge-lint: disable-next-line(block-timestamp)
        require(b.tic > block.timestamp || b.tic == 0, "Flipper/already-finished-tic");
        // forge-lint: disable-next-line(block-timestamp)
        require(b.end > block.timestamp, "Flipper/already-finished-end");

        require(lot == b.lot, "Flipper/lot-not-matching");
        require(bid <= b.tab, "Flipper/higher-than-tab");
        require(bid > b.bid, "Flipper/bid-not-higher");
        require(bid * ONE >= beg * b.bid || bid == b.tab, "Flipper/insufficient-increase");

        vat.move(msg.sender, b.guy, b.bid);
        vat.move(msg.sender, b.gal, bid - b.bid);

        b.guy = msg.sender;
        b.bid = bid;
        b.tic = _now() + ttl;
    }

    /// @notice Phase 2: pay the full `bid` (== tab) [rad] for less collateral `lot` [wad]
    function dent(uint256 id, uint256 lot, uint256 bid) external note {
        Bid storage b = bids[id];
        require(b.guy != address(0), "Flipper/guy-not-set");
        // forge-lint: disable-next-line(block-timestamp)
        require(b.tic > block.timestamp || b.tic == 0, "Flipper/already-finished-tic");
        // forge-lint: disable-next-line(block-timestamp)
        require(b.end > block.timestamp, "Flipper/already-finished-end");

        require(bid == b.bid, "Flipper/not-matching-bid");
        require(bid == b.tab, "Flipper/tend-not-finished");
        require(lot < b.lot, "Flipper/lot-not-lower");
        require(beg * lot <= b.lot * ONE, "Flipper/insufficient-decrease");

        vat.move(msg.sender, b.guy, bid);
        vat.flux(ilk, address(this), b.usr, b.lot - lot);

        b.guy = msg.sender;
        b.lot = lot;
        b.tic = _now() + ttl;
    }

    /// @notice Settle a finished auction: the lot goes to the high bidder
    function deal(uint256 id) external note {
        Bid storage b = bids[id];
        // forge-lint: disable-next-line(block-timestamp)
        require(b.tic != 0 && (b.tic < block.timestamp || b.end < block.timestamp), "Flipper/not-finished");
        vat.flux(ilk, address(this), b.guy, b.lot);
        delete bids[id];
    }

    /// @notice Cancel a phase-1 auction: the lot goes to the caller, who repays the bidder (auth)
    function yank(uint256 id) external note auth {
        Bid storage b = bids[id];
        require(b.guy != address(0), "Flipper/guy-not-set");
        require(b.bid < b.tab, "Flipper/already-dent-phase");
        vat.flux(ilk, address(this), msg.sender, b.lot);
        vat.move(msg.sender, b.guy, b.bid);
        delete bids[id];
    }
}
