// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Cat} from "test/mcd/Cat.sol";
import {Flipper} from "test/mcd/Flipper.sol";
import {GemJoin} from "test/mcd/GemJoin.sol";
import {OSM} from "test/mcd/Osm.sol";
import {PriceFeed} from "test/mcd/PriceFeed.sol";
import {Spotter} from "test/mcd/Spotter.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";
import {Weth} from "test/mcd/Weth.sol";

/// @title FlipReplayer: recorded ETH-A collateral auctions, replayed through the real Cat, Flipper and Vow
/// @notice One `replay` call is one batch of a recorded liquidation history at one block time:
///         1. the OSM is made to show the recorded price (feed poke, two OSM pokes, Spotter poke);
///         2. auctions whose last bid has expired are dealt (`Flipper.deal`);
///         3. for each recorded kick, a vault is opened at the recorded urn address holding the
///            recorded lot with the debt that makes the recorded tab (tab = debt * chop), and the Cat
///            bites it (`Cat.bite`): the vault is emptied (lot <= lump), the debt is fessed to the Vow
///            and a flip auction of the lot for the tab starts;
///         4. the recorded final bid is placed with `tend`, and, when the recorded final lot is
///            smaller, the lot is lowered with `dent` (so the bid is the whole tab).
///         The replayer is every vault owner and every bidder: its DAI comes from the vaults' debt
///         (topped up with `suck` when bids get ahead of it), its gem from ETH joined with
///         `joinEth`, and lots it wins come back to it. None of that touches the Vow: the Vow's
///         books change only through the Cat (`fess`, the seized debt) and the Flipper (the bids),
///         as on mainnet.
///         Wards it needs: the Vat (`suck`, `grab`), the OSM (`step`) and the price feed (`poke`).
///         Units: wad = 1e18, ray = 1e27, rad = 1e45.
contract FlipReplayer {
    /// @notice A recorded liquidation: the vault to open and bite
    struct Kick {
        /// @dev The auction's id in the record (mainnet's flip id), for errors
        uint256 recordedId;
        /// @dev The vault: the record's urn address (an empty vault here; reused once bitten)
        address urn;
        /// @dev Collateral the bite seizes and auctions [wad ETH]
        uint256 lotWad;
        /// @dev What the auction must raise: the vault's debt times chop [rad DAI]
        uint256 tabRad;
    }

    /// @notice A recorded outcome: the final bid and lot of a flip auction
    struct Bid {
        /// @dev The local Flipper's auction id
        uint256 flipId;
        /// @dev The final bid; raised to the tab when the lot is lowered or the bid reaches it [rad]
        uint256 bidRad;
        /// @dev The final lot; below the auction's lot means a `dent` after the `tend` [wad]
        uint256 lotWad;
    }

    /// @notice Only the owner may replay (it spends the replayer's DAI and gem)
    error NotOwner(address caller);
    /// @notice The Flipper would number the next auction `actualFlipId`, not `expectedFlipId`
    error FlipIdMismatch(uint256 expectedFlipId, uint256 actualFlipId);
    /// @notice The vault would be safe at the current spot, so the Cat could not bite it
    error VaultNotUnsafe(uint256 recordedId, uint256 collateralValueRad, uint256 debtRad);
    /// @notice A kick with no collateral, no tab, or amounts too large for the Vat
    error BadKick(uint256 recordedId);
    /// @notice The vault to open still holds collateral or debt
    error UrnNotEmpty(uint256 recordedId, address urn);
    /// @notice A bid of zero: the Flipper needs a bid above the current one
    error ZeroBid(uint256 flipId);
    /// @notice The OSM was poked less than two seconds ago: it cannot take a new price in this block
    error OsmPokeTooSoon(uint256 secondsSinceLastPoke);

    /// @notice One batch replayed
    /// @param firstFlipId the Flipper id of the batch's first kick (the next id if it kicked none)
    /// @param kicks vaults bitten
    /// @param bids auctions bid on
    /// @param deals auctions dealt
    /// @param osmPriceWad the ETH price the OSM shows after the batch [wad USD]
    /// @param vowSinRad the Vow's debt in the Vat after the batch, `vat.sin(vow)` [rad]
    /// @param vowDaiRad the Vow's DAI in the Vat after the batch, `vat.dai(vow)` [rad]
    event Replayed(
        uint256 indexed firstFlipId,
        uint256 kicks,
        uint256 bids,
        uint256 deals,
        uint256 osmPriceWad,
        uint256 vowSinRad,
        uint256 vowDaiRad
    );

    uint256 internal constant RAY = 10 ** 27;

    /// @notice Who may replay
    address public immutable owner;
    /// @notice The ledger
    Vat public immutable vat;
    /// @notice The liquidator
    Cat public immutable cat;
    /// @notice The ETH-A collateral auction
    Flipper public immutable flipper;
    /// @notice The balance sheet (the Cat's)
    Vow public immutable vow;
    /// @notice Reads the OSM into the Vat's spot
    Spotter public immutable spotter;
    /// @notice The ETH price module the Spotter reads
    OSM public immutable pip;
    /// @notice The settable source the OSM reads
    PriceFeed public immutable feed;
    /// @notice The ETH-A join
    GemJoin public immutable ethJoin;
    /// @notice The collateral token
    Weth public immutable weth;
    /// @notice The collateral type ("ETH-A")
    bytes32 public immutable ilk;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @param cat_ the Cat (its Vat and Vow are used)
    /// @param flipper_ the ETH-A Flipper (its ilk is replayed)
    /// @param spotter_ the Spotter reading `pip_`
    /// @param pip_ the ETH OSM
    /// @param feed_ the OSM's source
    /// @param ethJoin_ the join of the Flipper's ilk (its gem is the WETH)
    constructor(
        address cat_,
        address flipper_,
        address spotter_,
        address pip_,
        address feed_,
        address ethJoin_
    ) {
        owner = msg.sender;
        cat = Cat(cat_);
        vat = Cat(cat_).vat();
        vow = Cat(cat_).vow();
        flipper = Flipper(flipper_);
        ilk = Flipper(flipper_).ilk();
        spotter = Spotter(spotter_);
        pip = OSM(pip_);
        feed = PriceFeed(feed_);
        ethJoin = GemJoin(ethJoin_);
        weth = Weth(payable(address(GemJoin(ethJoin_).gem())));
        // The Flipper moves the bids' DAI out of this contract's Vat balance
        vat.hope(flipper_);
    }

    /// @notice Accepts ETH for `joinEth`
    receive() external payable {}

    /// @notice Wrap all the ETH this contract holds and join it as collateral (gem) for the vaults
    /// @return joinedWad collateral added to this contract's gem [wad]
    function joinEth() external onlyOwner returns (uint256 joinedWad) {
        joinedWad = address(this).balance;
        weth.deposit{value: joinedWad}();
        weth.approve(address(ethJoin), joinedWad);
        ethJoin.join(address(this), joinedWad);
    }

    /// @notice Replay one batch at the current block time (see the contract's notice for the order)
    /// @param osmPriceWad the price the OSM must show before the kicks; 0 leaves the price as it is [wad USD]
    /// @param firstFlipId the id the Flipper must give the first kick (checked; ignored without kicks)
    /// @param kicks vaults to open and bite, in order: they get ids firstFlipId, firstFlipId + 1, ...
    /// @param bids final bids to place, after the kicks (so they may bid on this batch's auctions)
    /// @param deals Flipper ids to deal, before the kicks
    function replay(
        uint256 osmPriceWad,
        uint256 firstFlipId,
        Kick[] calldata kicks,
        Bid[] calldata bids,
        uint256[] calldata deals
    ) external onlyOwner {
        if (osmPriceWad != 0) _showPrice(osmPriceWad);

        for (uint256 i = 0; i < deals.length; i++) {
            flipper.deal(deals[i]);
        }

        if (kicks.length != 0) _kickAll(kicks, firstFlipId);

        for (uint256 i = 0; i < bids.length; i++) {
            _bid(bids[i]);
        }

        _logBatch(firstFlipId, kicks.length, bids.length, deals.length);
    }

    /// @notice Release every queued debt slice in `eras` whose `wait` has passed (`vow.flog`); anyone
    /// @param eras times at which debt was fessed [unix s]; empty or not yet due slices are skipped
    /// @return flogged how many slices were released
    function flogDue(uint256[] calldata eras) external returns (uint256 flogged) {
        uint256 waitS = vow.wait();
        for (uint256 i = 0; i < eras.length; i++) {
            uint256 era = eras[i];
            if (era + waitS <= block.timestamp && vow.sin(era) != 0) {
                vow.flog(era);
                flogged++;
            }
        }
    }

    /// @dev Open and bite every kick of the batch; the first must get Flipper id `firstFlipId`
    function _kickAll(Kick[] calldata kicks, uint256 firstFlipId) internal {
        uint256 nextId = flipper.kicks() + 1;
        if (nextId != firstFlipId) revert FlipIdMismatch(firstFlipId, nextId);
        (, uint256 rateRay, uint256 spotRay,,) = vat.ilks(ilk);
        (, uint256 chopRay,) = cat.ilks(ilk);
        for (uint256 i = 0; i < kicks.length; i++) {
            _openAndBite(kicks[i], rateRay, spotRay, chopRay, firstFlipId + i);
        }
    }

    function _logBatch(uint256 firstFlipId, uint256 kicks, uint256 bids, uint256 deals) internal {
        (uint128 curWad,) = pip.cur();
        emit Replayed(firstFlipId, kicks, bids, deals, curWad, vat.sin(address(vow)), vat.dai(address(vow)));
    }

    /// @dev Open the recorded vault (ward `grab`: ink and art without the safety check, its DAI
    ///      drawn with `suck` against the same sin the grab clears) and have the Cat bite it
    function _openAndBite(
        Kick calldata k,
        uint256 rateRay,
        uint256 spotRay,
        uint256 chopRay,
        uint256 id
    ) internal {
        if (k.lotWad == 0 || k.tabRad == 0 || k.lotWad > uint256(type(int256).max)) {
            revert BadKick(k.recordedId);
        }
        // tab = art * rate * chop / RAY (the Cat): the smallest art whose tab reaches the record's
        uint256 debtWantedRad = _divUp(k.tabRad * RAY, chopRay);
        uint256 artWad = _divUp(debtWantedRad, rateRay);
        if (artWad > uint256(type(int256).max)) revert BadKick(k.recordedId);
        uint256 debtRad = artWad * rateRay;
        uint256 valueRad = k.lotWad * spotRay;
        if (valueRad >= debtRad) revert VaultNotUnsafe(k.recordedId, valueRad, debtRad);

        _openVault(k, artWad, debtRad);

        uint256 flipId = cat.bite(ilk, k.urn);
        if (flipId != id) revert FlipIdMismatch(id, flipId);
    }

    /// @dev An empty vault at `k.urn` gets `k.lotWad` of this contract's gem and `artWad` of debt
    ///      (`debtRad` = art * rate), the DAI coming to this contract
    function _openVault(Kick calldata k, uint256 artWad, uint256 debtRad) internal {
        (uint256 inkWad, uint256 artNowWad) = vat.urns(ilk, k.urn);
        if (inkWad != 0 || artNowWad != 0) revert UrnNotEmpty(k.recordedId, k.urn);
        vat.suck(address(this), address(this), debtRad);
        // casting to 'int256' is safe: both are at most type(int256).max (checked by the caller)
        // forge-lint: disable-next-line(unsafe-typecast)
        vat.grab(ilk, k.urn, address(this), address(this), int256(k.lotWad), int256(artWad));
    }

    /// @dev The recorded final bid: `tend` to the bid (the tab when the lot shrinks), then `dent`
    function _bid(Bid calldata b) internal {
        if (b.bidRad == 0) revert ZeroBid(b.flipId);
        (, uint256 lotWad,,,,,, uint256 tabRad) = flipper.bids(b.flipId);
        bool lowersLot = b.lotWad < lotWad;
        uint256 bidRad = lowersLot || b.bidRad >= tabRad ? tabRad : b.bidRad;

        uint256 heldRad = vat.dai(address(this));
        if (heldRad < bidRad) vat.suck(address(this), address(this), bidRad - heldRad);

        flipper.tend(b.flipId, lotWad, bidRad);
        if (lowersLot) flipper.dent(b.flipId, b.lotWad, tabRad);
    }

    /// @dev Make the OSM's current price `priceWad` now and poke the Spotter: the feed takes the
    ///      price, a first OSM poke (at a hop that ends before now) moves it to `nxt`, a second at
    ///      hop 1 moves it to `cur`; the hop is restored. Skipped when the OSM already shows it.
    function _showPrice(uint256 priceWad) internal {
        (uint128 curWad, uint128 has) = pip.cur();
        (uint128 nxtWad,) = pip.nxt();
        if (has == 1 && curWad == priceWad && nxtWad == priceWad) return;

        uint16 hopS = pip.hop();
        uint256 sinceS = block.timestamp - pip.zzz();
        // A first hop h in [2, sinceS] with now % h != 0: the poke passes and leaves zzz < now
        uint256 h = 2;
        while (h <= sinceS && block.timestamp % h == 0) h++;
        if (h > sinceS || h > type(uint16).max) revert OsmPokeTooSoon(sinceS);

        feed.poke(priceWad);
        // casting to 'uint16' is safe: h <= type(uint16).max (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        pip.step(uint16(h));
        pip.poke();
        pip.step(1);
        pip.poke();
        pip.step(hopS);
        spotter.poke(ilk);
    }

    function _divUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return x == 0 ? 0 : (x - 1) / y + 1;
    }
}
