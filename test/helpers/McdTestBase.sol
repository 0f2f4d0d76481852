// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Cat} from "test/mcd/Cat.sol";
import {Dai} from "test/mcd/Dai.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";
import {Flipper} from "test/mcd/Flipper.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {GemJoin} from "test/mcd/GemJoin.sol";
import {Jug} from "test/mcd/Jug.sol";
import {McdDeploy} from "test/mcd/McdDeploy.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {MkrAuthority} from "test/mcd/MkrAuthority.sol";
import {OSM} from "test/mcd/Osm.sol";
import {PriceFeed} from "test/mcd/PriceFeed.sol";
import {Spotter} from "test/mcd/Spotter.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";
import {Weth} from "test/mcd/Weth.sol";

import {MARCH_11_2020_22H} from "test/helpers/March2020.sol";
import {RAY, WAD} from "test/helpers/Units.sol";

/// @title McdTestBase: a deployed local MCD and small helpers to drive it
/// @notice Deploys the local MCD (post-spell parameters by default; override `_mcdParams`) with
///         this test contract as ward of everything, at 11 March 2020 22:00 UTC with ETH at
///         194 USD. Helpers are named by what they do: open a vault, move the market price and
///         roll the OSM, give internal dai, create bad debt, kick and bid in auctions.
///         Units (`test/helpers/Units.sol`): wad = 1e18 (tokens, MKR lots, collateral), ray = 1e27
///         (rates, spot), rad = 1e45 (internal dai, bids, debt).
abstract contract McdTestBase is Test {
    bytes32 internal constant ETH_A = "ETH-A";

    /// @notice Where suck-printed dai that nobody should hold goes (see `_createBadDebt`)
    address internal constant DAI_SINK = address(0xDA151A7C);

    /// @notice Holds the sin of the dai printed to fund test accounts (`_giveInternalDai`, `_giveDai`), so
    ///         the Vow's own debt is only what tests give it on purpose.
    address internal constant SIN_SINK = address(0x5115);

    McdDeploy.Mcd internal mcd;

    Vat internal vat;
    Dai internal dai;
    DaiJoin internal daiJoin;
    Weth internal weth;
    GemJoin internal ethJoin;
    Mkr internal mkr;
    MkrAuthority internal mkrAuthority;
    PriceFeed internal feed;
    OSM internal pip;
    Spotter internal spotter;
    Jug internal jug;
    Cat internal cat;
    Flipper internal ethFlip;
    Vow internal vow;
    Flopper internal flop;

    /// @dev A Flopper auction, as `flop.bids(id)` returns it
    struct FlopBid {
        uint256 bid; // [rad]
        uint256 lot; // [wad MKR]
        address guy;
        uint48 tic;
        uint48 end;
    }

    /// @dev A Flipper auction, as `ethFlip.bids(id)` returns it
    struct FlipBid {
        uint256 bid; // [rad]
        uint256 lot; // [wad ETH]
        address guy;
        uint48 tic;
        uint48 end;
        address usr;
        address gal;
        uint256 tab; // [rad]
    }

    function setUp() public virtual {
        _deployMcd(_mcdParams());
    }

    /// @notice The parameters `setUp` deploys with: post-spell (12 March 2020) by default
    function _mcdParams() internal pure virtual returns (McdDeploy.Params memory) {
        return McdDeploy.postSpell();
    }

    // --- Deployment ---

    /// @notice Deploy the MCD with `p` (at 11 March 2020 22:00 UTC unless time is already later)
    function _deployMcd(McdDeploy.Params memory p) internal {
        if (block.timestamp < MARCH_11_2020_22H) vm.warp(MARCH_11_2020_22H);
        mcd = McdDeploy.deploy(p);
        vat = mcd.vat;
        dai = mcd.dai;
        daiJoin = mcd.daiJoin;
        weth = mcd.weth;
        ethJoin = mcd.ethJoin;
        mkr = mcd.mkr;
        mkrAuthority = mcd.mkrAuthority;
        feed = mcd.feed;
        pip = mcd.pip;
        spotter = mcd.spotter;
        jug = mcd.jug;
        cat = mcd.cat;
        ethFlip = mcd.ethFlip;
        vow = mcd.vow;
        flop = mcd.flop;
        pip.kiss(address(this)); // so tests can read the OSM
        vm.label(address(vat), "Vat");
        vm.label(address(vow), "Vow");
        vm.label(address(flop), "Flopper");
        vm.label(address(ethFlip), "Flipper-ETH-A");
        vm.label(address(cat), "Cat");
        vm.label(address(mkr), "MKR");
    }

    /// @notice Apply the parameters of `p` to the deployed MCD (e.g. the 12 March 2020 spell)
    function _applySpell(McdDeploy.Params memory p) internal {
        McdDeploy.applySpell(mcd, p);
    }

    // --- Reading state ---

    /// @notice ETH-A rate [ray]
    function _rate() internal view returns (uint256 rate) {
        (, rate,,,) = vat.ilks(ETH_A);
    }

    /// @notice ETH-A spot [ray]: the price the Vat sees, over the liquidation ratio
    function _spot() internal view returns (uint256 spot) {
        (,, spot,,) = vat.ilks(ETH_A);
    }

    /// @notice `usr`'s ETH-A vault: ink [wad], art [wad]
    function _urn(address usr) internal view returns (uint256 ink, uint256 art) {
        return vat.urns(ETH_A, usr);
    }

    /// @notice The OSM's current price [wad] (what the Spotter reads)
    function _osmPrice() internal view returns (uint256) {
        (bytes32 val,) = pip.peek();
        return uint256(val);
    }

    /// @notice The OSM's next price [wad]
    function _osmNextPrice() internal view returns (uint256) {
        (bytes32 val,) = pip.peep();
        return uint256(val);
    }

    /// @notice Whether `usr`'s vault can be bitten (the Cat's test)
    function _isUnsafe(address usr) internal view returns (bool) {
        (uint256 ink, uint256 art) = _urn(usr);
        uint256 spot = _spot();
        return spot > 0 && ink * spot < art * _rate();
    }

    /// @notice The Vow's debt that is neither queued nor on auction [rad]: what flop and heal use
    function _unbackedDebt() internal view returns (uint256) {
        return vat.sin(address(vow)) - vow.Sin() - vow.Ash();
    }

    function _flopBid(uint256 id) internal view returns (FlopBid memory b) {
        (b.bid, b.lot, b.guy, b.tic, b.end) = flop.bids(id);
    }

    function _flipBid(uint256 id) internal view returns (FlipBid memory b) {
        (b.bid, b.lot, b.guy, b.tic, b.end, b.usr, b.gal, b.tab) = ethFlip.bids(id);
    }

    // --- Vaults ---

    /// @notice Give `usr` `wad` of ETH, wrap it, join it to the Vat, lock it and draw `art` [wad]
    function _openVault(address usr, uint256 ink, uint256 art) internal {
        _joinEth(usr, ink);
        vm.prank(usr);
        vat.frob(ETH_A, usr, usr, usr, _int(ink), _int(art));
    }

    /// @notice Open a vault of `ink` [wad] ETH drawing as much dai as leaves it collateralised at
    ///         `ratioBps` (15_000 = 150%) at the OSM's current price; returns the art drawn
    function _openVaultAtRatio(address usr, uint256 ink, uint256 ratioBps) internal returns (uint256 art) {
        // debt [rad] = ink * price / ratio; art = debt / rate
        art = ink * _osmPrice() * 10_000 / ratioBps * RAY / WAD / _rate();
        _openVault(usr, ink, art);
    }

    /// @notice Give `usr` `wad` ETH as WETH joined to the Vat (free gem, not locked)
    function _joinEth(address usr, uint256 wad) internal {
        vm.deal(usr, usr.balance + wad);
        vm.startPrank(usr);
        weth.deposit{value: wad}();
        weth.approve(address(ethJoin), wad);
        ethJoin.join(usr, wad);
        vm.stopPrank();
    }

    // --- Prices ---

    /// @notice Set the market (source feed) price of ETH [wad USD]; the Vat does not see it yet
    function _setMarketPrice(uint256 priceWad) internal {
        feed.poke(priceWad);
    }

    /// @notice Warp to the OSM's next hop if it has not passed, and poke it (cur = nxt, nxt = feed)
    function _pokeOsm() internal {
        uint256 due = uint256(pip.zzz()) + pip.hop();
        if (block.timestamp < due) vm.warp(due);
        pip.poke();
    }

    /// @notice Roll the OSM through its delay (two pokes, a hop apart) and poke the Spotter: the
    ///         market price becomes the Vat's price
    function _rollOsm() internal {
        _pokeOsm();
        _pokeOsm();
        spotter.poke(ETH_A);
    }

    /// @notice Set the market price [wad USD] and roll the OSM so the Vat sees it
    function _setPriceAndRollOsm(uint256 priceWad) internal {
        _setMarketPrice(priceWad);
        _rollOsm();
    }

    // --- Dai ---

    /// @notice Print `rad` of internal dai to `usr` (vat.suck, the sin charged to SIN_SINK)
    function _giveInternalDai(address usr, uint256 rad) internal {
        vat.suck(SIN_SINK, usr, rad);
    }

    /// @notice Give `usr` `wad` ERC20 DAI, backed by Vat dai the way mainnet's is (printed to this test,
    ///         then exited through the DaiJoin to `usr`)
    function _giveDai(address usr, uint256 wad) internal {
        _giveInternalDai(address(this), wad * RAY);
        vat.hope(address(daiJoin));
        daiJoin.exit(usr, wad);
    }

    // --- Bad debt and the Vow ---

    /// @notice Charge the Vow `rad` of bad debt that is neither queued nor on auction (as if
    ///         collateral auctions had raised nothing); the matching dai goes to DAI_SINK
    function _createBadDebt(uint256 rad) internal {
        vat.suck(address(vow), DAI_SINK, rad);
    }

    /// @notice Charge the Vow `rad` of bad debt and queue it (`fess`) at the current time
    function _queueBadDebt(uint256 rad) internal returns (uint256 era) {
        vat.suck(address(vow), DAI_SINK, rad);
        vow.fess(rad);
        era = block.timestamp;
    }

    /// @notice Warp past `era + wait` and release the debt queued at `era` (`flog`)
    function _waitAndFlog(uint256 era) internal {
        uint256 due = era + vow.wait();
        if (block.timestamp < due) vm.warp(due);
        vow.flog(era);
    }

    /// @notice Create `sump` of bad debt and kick a debt auction; returns its id
    function _createBadDebtAndKickFlop() internal returns (uint256 id) {
        _createBadDebt(vow.sump());
        id = vow.flop();
    }

    // --- Bidders ---

    /// @notice Give `bidder` `rad` of internal dai and let both auction houses move it
    function _fundBidder(address bidder, uint256 rad) internal {
        _giveInternalDai(bidder, rad);
        vm.startPrank(bidder);
        vat.hope(address(flop));
        vat.hope(address(ethFlip));
        vm.stopPrank();
    }

    /// @notice `bidder` bids in debt auction `id` for `lot` [wad MKR] at the auction's fixed bid
    function _dentFlop(address bidder, uint256 id, uint256 lot) internal {
        uint256 bid = _flopBid(id).bid;
        vm.prank(bidder);
        flop.dent(id, lot, bid);
    }

    /// @notice The largest lot [wad] a dent may ask for in auction `id` (lot / beg, rounded down)
    function _maxDentLot(uint256 id) internal view returns (uint256) {
        return _flopBid(id).lot * WAD / flop.beg();
    }

    /// @notice `bidder` raises the dai bid in collateral auction `id` to `bid` [rad] (phase 1)
    function _tendFlip(address bidder, uint256 id, uint256 bid) internal {
        uint256 lot = _flipBid(id).lot;
        vm.prank(bidder);
        ethFlip.tend(id, lot, bid);
    }

    /// @notice `bidder` asks for less collateral, `lot` [wad], in collateral auction `id` at the
    ///         full tab (phase 2)
    function _dentFlip(address bidder, uint256 id, uint256 lot) internal {
        uint256 bid = _flipBid(id).bid;
        vm.prank(bidder);
        ethFlip.dent(id, lot, bid);
    }

    // --- Time ---

    /// @notice Warp to one second after `t`
    function _warpPast(uint256 t) internal {
        vm.warp(t + 1);
    }

    // --- Math ---

    function _int(uint256 x) internal pure returns (int256) {
        require(x <= uint256(type(int256).max), "McdTestBase/int-overflow");
        // casting to 'int256' is safe because x <= int256.max is required above
        // forge-lint: disable-next-line(unsafe-typecast)
        return int256(x);
    }
}
