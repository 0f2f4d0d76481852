// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @title Flopper: the debt auction, as mainnet's Flopper in use Dec 2019 - July 2020
/// @notice The Vow sells newly minted MKR for a fixed dai `bid` [rad]; bidders compete by asking
///         for less MKR (`lot`, wad). The first `dent` repays the Vow inside the Vat but does NOT
///         `kiss` it, so `vow.flop()` reverts "Vow/surplus-not-zero" until someone calls
///         `kiss`/`heal` (the July 2020 behaviour is KissingFlopper). After `cage`, `yank`
///         repays the high bidder with freshly `suck`ed dai. Bidders need `vat.hope(flopper)`.
contract Flopper is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may kick and cage
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
        require(wards[msg.sender] == 1, "Flopper/not-authorized");
        _;
    }

    // --- Data ---
    struct Bid {
        uint256 bid; // dai paid [rad]
        uint256 lot; // gems in return for bid [wad]
        address guy; // high bidder (the Vow until the first dent)
        uint48 tic; // bid expiry time [unix time]
        uint48 end; // auction expiry time [unix time]
    }

    /// @notice Auctions by id
    mapping(uint256 => Bid) public bids;

    /// @notice The ledger (storage, as on mainnet: reading it costs an SLOAD)
    Vat public vat;
    /// @notice The token minted to winners (MKR)
    Mkr public gem;

    uint256 internal constant ONE = 1.0e18;
    /// @notice Minimum lot decrease [wad], e.g. 1.03e18 = 3%
    uint256 public beg = 1.05e18;
    /// @notice Lot increase on tick [wad], e.g. 1.20e18 = 20%
    uint256 public pad = 1.5e18;
    /// @notice Bid lifetime [seconds]
    uint48 public ttl = 3 hours;
    /// @notice Total auction length [seconds]
    uint48 public tau = 2 days;
    /// @notice Number of auctions started
    uint256 public kicks = 0;
    /// @notice 1 while live, 0 after cage
    uint256 public live;
    /// @notice Charged for the dai yank prints; set by cage (not used until shutdown)
    address public vow;

    /// @param lot MKR on offer [wad]
    /// @param bid dai wanted [rad]
    event Kick(uint256 id, uint256 lot, uint256 bid, address indexed gal);

    constructor(address vat_, address gem_) {
        wards[msg.sender] = 1;
        vat = Vat(vat_);
        gem = Mkr(gem_);
        live = 1;
    }

    function _now() internal view returns (uint48) {
        // casting to 'uint48' is safe until the year 8 million
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint48(block.timestamp);
    }

    // --- Admin ---
    /// @notice Set a parameter: "beg" [wad], "pad" [wad], "ttl" [seconds], "tau" [seconds]
    function file(bytes32 what, uint256 data) external note auth {
        // casting to 'uint48' truncates like mainnet's uint48(data)
        // forge-lint: disable-start(unsafe-typecast)
        if (what == "beg") beg = data;
        else if (what == "pad") pad = data;
        else if (what == "ttl") ttl = uint48(data);
        else if (what == "tau") tau = uint48(data);
        else revert("Flopper/file-unrecognized-param");
        // forge-lint: disable-end(unsafe-typecast)
    }

    // --- Auction ---
    /// @notice Start an auction of `lot` [wad] MKR for `bid` [rad] dai, paid to `gal` (auth)
    function kick(address gal, uint256 lot, uint256 bid) external auth returns (uint256 id) {
        require(live == 1, "Flopper/not-live");
        require(kicks < type(uint256).max, "Flopper/overflow");
        id = ++kicks;

        Bid storage b = bids[id];
        b.bid = bid;
        b.lot = lot;
        b.guy = gal;
        b.end = _now() + tau;

        emit Kick(id, lot, bid, gal);
    }

    /// @notice Restart an auction that ended with no bid, with `pad` more MKR on offer
    function tick(uint256 id) external note {
        // forge-lint: disable-next-line(block-timestamp)
        require(bids[id].end < block.timestamp, "Flopper/not-finished");
        require(bids[id].tic == 0, "Flopper/bid-already-placed");
        bids[id].lot = pad * bids[id].lot / ONE;
        bids[id].end = _now() + tau;
    }

    /// @notice Pay `bid` [rad] (must equal the auction's bid) for `lot` [wad] MKR, at least `beg`
    ///         less than the current lot; the previous high bidder is repaid in the Vat at once
    function dent(uint256 id, uint256 lot, uint256 bid) external note {
        require(live == 1, "Flopper/not-live");
        Bid storage b = bids[id];
        require(b.guy != address(0), "Flopper/guy-not-set");
        // forge-lint: disable-next-line(block-timestamp)
        require(b.tic > block.timestamp || b.tic == 0, "Flopper/already-finished-tic");
        // forge-lint: disable-next-line(block-timestamp)
        require(b.end > block.timestamp, "Flopper/already-finished-end");

        require(bid == b.bid, "Flopper/not-matching-bid");
        require(lot < b.lot, "Flopper/lot-not-lower");
        require(beg * lot <= b.lot * ONE, "Flopper/insufficient-decrease");

        _pay(b, bid);

        b.lot = lot;
        b.tic = _now() + ttl;
    }

    /// @dev Takes `bid` [rad] from the new bidder, repays the previous high bidder (on the first
    ///      dent: the Vow) and makes the caller the high bidder. March 2020 behaviour: always move
    ///      the full bid, even when the caller already is the high bidder; never kiss the Vow.
    function _pay(Bid storage b, uint256 bid) internal virtual {
        vat.move(msg.sender, b.guy, bid);
        b.guy = msg.sender;
    }

    /// @notice Settle a finished auction: mint the lot [wad] to the high bidder
    function deal(uint256 id) external note {
        require(live == 1, "Flopper/not-live");
        Bid storage b = bids[id];
        // forge-lint: disable-next-line(block-timestamp)
        require(b.tic != 0 && (b.tic < block.timestamp || b.end < block.timestamp), "Flopper/not-finished");
        gem.mint(b.guy, b.lot);
        delete bids[id];
    }

    // --- Shutdown ---
    /// @notice Stop the auctions; the caller (the Vow) is charged for yanked bids (auth)
    function cage() external note auth {
        live = 0;
        vow = msg.sender;
    }

    /// @notice After cage, cancel an auction and repay its high bidder `bid` [rad] of new dai
    function yank(uint256 id) external note {
        require(live == 0, "Flopper/still-live");
        require(bids[id].guy != address(0), "Flopper/guy-not-set");
        vat.suck(vow, bids[id].guy, bids[id].bid);
        delete bids[id];
    }
}
