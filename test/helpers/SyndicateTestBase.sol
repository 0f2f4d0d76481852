// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {MARCH_12_2020_08H} from "test/helpers/March2020.sol";
import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {WAD} from "test/helpers/Units.sol";

/// @notice Base for every syndicate test: the local MCD of `McdTestBase` with the 12 March 2020
///         parameters (sump 50,000 DAI, dump 250 MKR, beg 3%, pad 20%, ttl 6 h, tau 3 days), at 12 March
///         2020 08:00 UTC, and one syndicate bidding against it. The test contract is ward of every MCD
///         contract. Tests reach the MCD as `mcd.vat`, `mcd.flop`, ... or through the base's `vat`,
///         `flop`, ...; funding comes from the base (`_giveDai`, `_giveInternalDai`).
abstract contract SyndicateTestBase is McdTestBase {
    /// @dev The default tier: 250 DAI per MKR, so the pool can bid on a fresh 250 MKR lot (ask
    ///      242.7 MKR, 206 DAI/MKR). The 2020 tier (100 DAI/MKR) needs a few ticks first.
    uint256 internal constant PRICE = 250e18;

    ISyndicate internal pool;
    address internal owner = makeAddr("owner");

    function setUp() public virtual override {
        vm.warp(MARCH_12_2020_08H);
        super.setUp();
        pool = _newPool(PRICE);
        vm.label(address(pool), "pool");
    }

    /// @dev Deployed from the compiled artifact rather than with `new`, so test contracts do not carry
    ///      the syndicate's creation code (and stay under the EIP-3860 initcode limit).
    function _newPool(uint256 priceWad) internal returns (ISyndicate) {
        bytes memory args = abi.encode(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            address(mcd.mkr),
            priceWad,
            owner
        );
        return ISyndicate(vm.deployCode("DaiBackstopSyndicate.sol:DaiBackstopSyndicate", args));
    }

    // ------------------------------------------------------------ money

    /// @dev Credits `usr` with `rad` internal DAI in the Vat and lets the Flopper take it.
    function _giveVatDai(address usr, uint256 rad) internal {
        _giveInternalDai(usr, rad);
        vm.prank(usr);
        mcd.vat.hope(address(mcd.flop));
    }

    /// @dev `usr` deposits `wad` freshly minted DAI; returns the shares.
    function _enlist(address usr, uint256 wad) internal returns (uint256 shares) {
        _giveDai(usr, wad);
        vm.startPrank(usr);
        mcd.dai.approve(address(pool), wad);
        shares = pool.enlist(wad);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ auctions

    /// @dev Gives the Vow `sump` of bad debt and kicks a debt auction: `dump` MKR for `sump` DAI. It can
    ///      kick after earlier auctions were dented: the first dent of each auction leaves DAI in the Vow
    ///      (March 2020 Flopper), which keepers kissed against the debt on auction, then healed whatever
    ///      was left, so `flop` passes again.
    function _kick() internal returns (uint256 id) {
        _createBadDebt(mcd.vow.sump());
        uint256 surplus = mcd.vat.dai(address(mcd.vow));
        uint256 kissed = surplus < mcd.vow.Ash() ? surplus : mcd.vow.Ash();
        if (kissed != 0) mcd.vow.kiss(kissed);
        if (surplus > kissed) mcd.vow.heal(surplus - kissed);
        id = mcd.vow.flop();
    }

    /// @dev `rival` outbids the current high bidder by asking for the largest lot the auction accepts.
    function _rivalDent(address rival, uint256 id) internal returns (uint256 lot) {
        (uint256 bid, uint256 current,,,) = mcd.flop.bids(id);
        lot = current * WAD / mcd.flop.beg();
        if (mcd.vat.dai(rival) < bid) _giveVatDai(rival, bid);
        vm.prank(rival);
        mcd.flop.dent(id, lot, bid);
    }

    /// @dev Lets an unbid auction expire and restarts it with its lot raised by `pad`.
    function _tick(uint256 id) internal {
        (,,,, uint48 end) = mcd.flop.bids(id);
        vm.warp(uint256(end) + 1);
        mcd.flop.tick(id);
    }

    /// @dev Moves past the moment auction `id` can be dealt (its bid's tic or its end).
    function _warpPastSettle(uint256 id) internal {
        (,,, uint48 tic, uint48 end) = mcd.flop.bids(id);
        uint256 settle = tic != 0 && tic < end ? tic : end;
        vm.warp(settle + 1);
    }

    function _position(uint256 id) internal view returns (IDaiBackstopSyndicate.Position memory) {
        return pool.positions(id);
    }

    function _books() internal view returns (uint256 daiBook, uint256 lockedBook, uint256 mkrBook) {
        return pool.nav();
    }
}
