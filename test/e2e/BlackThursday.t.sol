// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {ExactRevert} from "test/helpers/ExactRevert.sol";
import {BEG, DUMP, PAD, SUMP, TAU, TTL} from "test/helpers/March2020.sol";
import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {McdDeploy} from "test/mcd/McdDeploy.sol";

/// @notice What the Black Thursday tests share: the local MCD deployed with the parameters in force
///         before the 12 March 2020 spell (flip ttl 600 s, lump 50 ETH, Vow wait 2 days), the
///         timeline of 12 March, five vault owners, a zero-bid keeper and two debt-auction bidders
///         (Paradigm and the Maker Foundation), and the crash as the OSM lets the Vat see it.
abstract contract BlackThursdayBase is McdTestBase, ExactRevert {
    // --- Timeline (UTC) ---
    uint256 internal constant MARCH_12_12H = 1_584_014_400; // OSM poke, market still ~194
    uint256 internal constant MARCH_12_12H44 = 1_584_017_040; // intraday low: 124
    uint256 internal constant MARCH_12_13H = 1_584_018_000; // OSM poke: cur 194, nxt 124
    uint256 internal constant MARCH_12_14H = 1_584_021_600; // OSM poke: cur 124, liquidations
    uint256 internal constant MARCH_12_23H = 1_584_054_000; // the 12 March spell takes effect
    uint256 internal constant MARCH_19_14H28 = 1_584_628_080; // first debt auction

    uint256 internal constant VAULT_ETH = 200 * WAD;
    uint256 internal constant N_VAULTS = 5;

    address internal keeper = makeAddr("zeroBidKeeper");
    address internal paradigm = makeAddr("paradigm");
    address internal foundation = makeAddr("foundation");
    address[N_VAULTS] internal owners;

    function _mcdParams() internal pure override returns (McdDeploy.Params memory) {
        return McdDeploy.preSpell();
    }

    function setUp() public virtual override {
        super.setUp();
        for (uint256 i = 0; i < N_VAULTS; i++) {
            owners[i] = makeAddr(string.concat("vaultOwner", vm.toString(i)));
        }
        _fundBidder(keeper, 1 * RAD); // one DAI covers many 1-wei bids
        _fundBidder(paradigm, 200_000 * RAD);
        _fundBidder(foundation, 200_000 * RAD);
    }

    /// @dev 12 March: the market falls to 124 at 12:44; the OSM (poked hourly) shows it at 14:00
    function _crashMarketThroughOsm(uint256 spotBefore) internal {
        vm.warp(MARCH_12_12H);
        pip.poke(); // cur = 194, nxt = 194
        spotter.poke(ETH_A);

        vm.warp(MARCH_12_12H44);
        _setMarketPrice(124 * WAD);
        assertEq(_spot(), spotBefore, "the Vat does not see the market");

        vm.warp(MARCH_12_13H);
        pip.poke(); // cur = 194 (read at 12:00), nxt = 124
        spotter.poke(ETH_A);
        assertEq(_osmPrice(), 194 * WAD);
        assertEq(_osmNextPrice(), 124 * WAD);
        assertEq(_spot(), spotBefore, "one OSM poke later, spot is unchanged");
        assertFalse(_isUnsafe(owners[0]));
        vm.expectRevert(bytes("Cat/not-unsafe"));
        cat.bite(ETH_A, owners[0]); // worth 24,800 USD for 25,695 DAI of debt, yet not bitable

        vm.warp(MARCH_12_14H);
        pip.poke(); // cur = 124
        spotter.poke(ETH_A);
        assertEq(_osmPrice(), 124 * WAD);
        assertEq(_spot(), 124 * RAY * 2 / 3, "the Vat sees 124 after the OSM delay");
    }
}

/// @notice Black Thursday in miniature, on the local MCD deployed with the parameters in force
///         before the 12 March 2020 spell (flip ttl 600 s, lump 50 ETH, Vow wait 2 days).
///         Figures from March 2020 market data: ETH ~194 USD the evening before, ~124 USD low on
///         12 March; zero-bid flips; debt auctions of 250 MKR for 50,000 DAI from 19 March.
///         The story ends with the Dai Backstop Syndicate's 2020 tier (100 DAI/MKR): a handful of its
///         129 members enlist over 400,000 DAI; with the 12 March parameters (dump 250 MKR, sump 50,000
///         DAI, beg 3%, pad 20%, tau 3 days, ttl 6 h) and no rival, the pool is refused
///         (`PriceAboveLimit`) at 250, 300, 360 and 432 MKR and enters only after the fourth unbid
///         tick (518.4 MKR), asking for 503.3 MKR at 99.34 DAI/MKR; it wins unopposed. A member who asks
///         to leave halfway through the bid waits for it and gets its part of what the bid left, DAI and
///         MKR; a newcomer joins right after the win with none of its MKR; every member leaves with MKR
///         and DAI pro rata to their shares. Every lot, price and payout is
///         computed here (and off-chain, with Python) from the March 2020 figures, not read from the
///         pool.
contract BlackThursdayTest is BlackThursdayBase {
    // --- The syndicate's 2020 tier (`black-thursday.json`, "syndicate") ---
    uint256 internal constant SYNDICATE_LIMIT_WAD = 100 * WAD; // 100 DAI per MKR
    uint256 internal constant SYNDICATE_RAISED_2020_WAD = 400_000 * WAD; // "over 400,000 DAI" by April
    uint256 internal constant SYNDICATE_MIN_DAI_WAD = 1 * WAD; // "from 1 DAI"
    uint256 internal constant N_MEMBERS = 5; // a handful of the 129 it had by December 2020
    /// @dev What each member enlists, in the order they join (the last one joins while the lot grows)
    uint256 internal constant MEMBER_0_DAI_WAD = 200_000 * WAD;
    uint256 internal constant MEMBER_1_DAI_WAD = 120_000 * WAD;
    uint256 internal constant MEMBER_2_DAI_WAD = 79_862.5e18;
    uint256 internal constant MEMBER_3_DAI_WAD = 137.5e18;
    uint256 internal constant MEMBER_4_DAI_WAD = SYNDICATE_MIN_DAI_WAD;
    uint256 internal constant SYNDICATE_DAI_WAD = 400_001 * WAD; // the members' sum

    /// @dev The debt auction's fixed bid in wad: what the pool locks (sump is whole nano-DAI)
    uint256 internal constant BID_WAD = SUMP / RAY;
    /// @dev An unbid lot: dump, then raised by pad at each tick [wad MKR]
    uint256 internal constant LOT_FRESH_WAD = 250 * WAD;
    uint256 internal constant LOT_TICK_1_WAD = 300 * WAD;
    uint256 internal constant LOT_TICK_2_WAD = 360 * WAD;
    uint256 internal constant LOT_TICK_3_WAD = 432 * WAD;
    uint256 internal constant LOT_TICK_4_WAD = 518.4e18;
    /// @dev What the pool would ask for at each lot, floor(lot * 1e18 / 1.03e18) [wad MKR], and the
    ///      price that implies, ceil(50,000e45 / (ask * 1e9)) [wad DAI per MKR]. Computed with Python.
    uint256 internal constant ASK_FRESH_WAD = 242_718_446_601_941_747_572;
    uint256 internal constant PRICE_FRESH_WAD = 206_000_000_000_000_000_001;
    uint256 internal constant ASK_TICK_1_WAD = 291_262_135_922_330_097_087;
    uint256 internal constant PRICE_TICK_1_WAD = 171_666_666_666_666_666_667;
    uint256 internal constant ASK_TICK_2_WAD = 349_514_563_106_796_116_504;
    uint256 internal constant PRICE_TICK_2_WAD = 143_055_555_555_555_555_556;
    uint256 internal constant ASK_TICK_3_WAD = 419_417_475_728_155_339_805;
    uint256 internal constant PRICE_TICK_3_WAD = 119_212_962_962_962_962_964;
    /// @dev The lot the pool asks for and wins after the fourth tick, and its price
    uint256 internal constant LOT_WON_WAD = 503_300_970_873_786_407_766;
    uint256 internal constant PRICE_WON_WAD = 99_344_135_802_469_135_803;
    /// @dev The MKR credited per share when the lot is won by the 400,001 shares of the round,
    ///      floor(LOT_WON_WAD * 1e27 / 400,001e18) [ray], and what each member's shares earn of it,
    ///      floor(shares * that / 1e27), whenever they leave: 3 wei of rounding stay in the pool.
    ///      Computed with Python.
    uint256 internal constant MKR_PER_SHARE_RAY = 1_258_249_281_561_262_116_259_709;
    uint256 internal constant MEMBER_4_MKR_WAD = 1_258_249_281_561_262;
    uint256 internal constant MEMBER_3_MKR_WAD = 173_009_276_214_673_540;
    uint256 internal constant MEMBER_2_MKR_WAD = 100_486_933_248_686_295_759;
    uint256 internal constant MEMBER_1_MKR_WAD = 150_989_913_787_351_453_951;
    uint256 internal constant MEMBER_0_MKR_WAD = 251_649_856_312_252_423_251;
    uint256 internal constant MKR_DUST_WAD = 3;
    /// @dev Member 3 asks to leave in the middle of the bid: at the round's close its 137.5 shares are
    ///      paid floor(137.5e18 * 350,001e18 / 400,001e18) of the DAI the bid left. Computed with Python.
    uint256 internal constant MEMBER_3_DAI_OUT_WAD = 120_312_542_968_642_578_393;
    /// @dev A newcomer's 1 DAI after the win buys floor(1e18 * 399,863.5e18 / (350,001e18 - member 3's
    ///      DAI)) shares, and no MKR. Computed with Python.
    uint256 internal constant NEWCOMER_SHARES = 1_142_856_734_695_043_728;

    address internal anyone = makeAddr("anyone");
    address internal newcomer = makeAddr("newcomer");
    address internal syndicateOwner = makeAddr("syndicateOwner");
    address[N_MEMBERS] internal members;
    ISyndicate internal pool;

    function setUp() public override {
        super.setUp();
        for (uint256 i = 0; i < N_MEMBERS; i++) {
            members[i] = makeAddr(string.concat("member", vm.toString(i)));
        }
    }

    // --- Steps of the story, each small and named by what happens ---

    /// @dev 11 March 22:00: five 200-ETH vaults drawn to 151%-158% at 194 USD; returns total debt [rad]
    function _openVaultsNear150Pct() internal returns (uint256 debt) {
        uint16[N_VAULTS] memory ratioBps = [15_100, 15_200, 15_300, 15_500, 15_800];
        for (uint256 i = 0; i < N_VAULTS; i++) {
            debt += _openVaultAtRatio(owners[i], VAULT_ETH, ratioBps[i]) * _rate();
        }
    }

    /// @dev 12 March 14:00: bite every vault, lump (50 ETH) at a time; returns the flip ids
    function _biteEveryVault() internal returns (uint256[] memory ids) {
        ids = new uint256[](N_VAULTS * VAULT_ETH / (50 * WAD));
        uint256 n;
        for (uint256 i = 0; i < N_VAULTS; i++) {
            while (_isUnsafe(owners[i])) {
                ids[n++] = cat.bite(ETH_A, owners[i]);
            }
            (uint256 ink, uint256 art) = _urn(owners[i]);
            assertEq(ink + art, 0, "vault fully liquidated");
        }
        assertEq(n, ids.length, "4 bites of 50 ETH per vault");
    }

    /// @dev The zero-bid keeper bids 1 wei of rad on every flip and nobody else bids
    function _zeroBidEveryFlip(uint256[] memory ids) internal {
        for (uint256 i = 0; i < ids.length; i++) {
            _tendFlip(keeper, ids[i], 1);
        }
    }

    function _dealEveryFlip(uint256[] memory ids) internal {
        for (uint256 i = 0; i < ids.length; i++) {
            ethFlip.deal(ids[i]);
        }
    }

    // --- The story ---

    /// @dev What the chapters of the story hand to each other
    struct Story {
        uint256 totalDebt; // drawn by the vaults [rad]
        uint256[] flips; // collateral auction ids
        uint256 era; // when the seized debt was queued
        uint256 debtLeft; // the Vow's debt after healing the zero bids' dai [rad]
        uint256 id1; // first debt auction
        uint256 id2; // second debt auction
        uint256 id3; // the debt auction the syndicate wins
    }

    function test_blackThursday_story() public {
        Story memory s;
        // 11 March 22:00: ETH at 194 USD; vaults near 150%
        assertEq(_osmPrice(), 194 * WAD);
        uint256 spotBefore = _spot();
        s.totalDebt = _openVaultsNear150Pct();
        assertApproxEqRel(s.totalDebt, 126_170 * RAD, 0.001e18);

        // 12 March: the market crashes to 124; the Vat sees it one to two hours later
        _crashMarketThroughOsm(spotBefore);

        // 14:00: 20 flips of 50 ETH; zero bids win them all; the debt stays with the Vow
        _liquidateEveryVault(s);
        _zeroBidsWinEveryFlip(s);

        // 23:00: the 12 March spell; it also keeps the debt queued until 19 March
        _castSpellWhileDebtIsQueued(s);

        // 19 March: debt auctions until less than sump is left, blocked once by the first dent
        _flopUntilLessThanSumpLeft(s);

        // Settlement: deal mints MKR; the unbid auction ticks 250 -> 300 MKR
        _dealFirstAuctionTickSecond(s);

        // 22 March on: a 100 DAI/MKR syndicate (the 2020 tier) stands behind the next debt auction
        _membersEnlistInSyndicate();
        _kickTwoMoreLotsOfShortfall(s);
        // Nobody bids: the pool is refused at 250, 300, 360 and 432 MKR, tau (3 days) apart...
        _syndicateRefusedUntilFourthTick(s);
        // ...and enters at 518.4 MKR on 3 April; its dent blocks the next flop until someone kisses
        _syndicateEntersAfterFourthTick(s);
        // Nobody outbids it; a member asks to leave in the middle of the bid and waits for its outcome;
        // anyone finalizes, the pool deals and wins the MKR, and the round closes
        _syndicateWinsUnopposed(s);
        // Deposits reopen at once, at the DAI left per share, with none of the MKR won before
        _newcomerJoinsAfterTheWin();
        // Every member leaves with MKR and DAI pro rata; the pool ends with the MKR credits' rounding
        _membersDefectProRata();
    }

    function _liquidateEveryVault(Story memory s) internal {
        s.flips = _biteEveryVault();
        s.era = block.timestamp;
        assertEq(vow.Sin(), s.totalDebt, "all seized debt queued in the Vow");
        assertEq(vat.sin(address(vow)), s.totalDebt);
        assertEq(vat.gem(ETH_A, address(ethFlip)), N_VAULTS * VAULT_ETH);
        uint256 tabs;
        for (uint256 i = 0; i < s.flips.length; i++) {
            assertEq(_flipBid(s.flips[i]).bid, 0);
            tabs += _flipBid(s.flips[i]).tab;
        }
        assertEq(tabs, s.totalDebt * 113 / 100, "flips ask for the debt plus the 13% penalty");
        // the debt stays queued for wait (2 days before the spell)
        vm.expectRevert(bytes("Vow/wait-not-finished"));
        vow.flog(s.era);
    }

    /// @dev 1 wei of rad per auction wins the whole lot once ttl (600 s) passes unopposed
    function _zeroBidsWinEveryFlip(Story memory s) internal {
        _zeroBidEveryFlip(s.flips);
        vm.warp(block.timestamp + 600);
        vm.expectRevert(bytes("Flipper/not-finished"));
        ethFlip.deal(s.flips[0]); // tic == now
        vm.warp(block.timestamp + 1);
        _dealEveryFlip(s.flips);
        assertEq(vat.gem(ETH_A, keeper), N_VAULTS * VAULT_ETH, "keeper won all 1,000 ETH");
        assertEq(vat.dai(keeper), RAD - s.flips.length, "for 20 wei of rad");
        assertEq(vat.dai(address(vow)), s.flips.length, "the Vow raised 20 wei");
        assertEq(vat.sin(address(vow)), s.totalDebt, "the Vow's debt stayed");
        assertEq(vow.Sin(), s.totalDebt);
        vm.prank(keeper);
        ethJoin.exit(keeper, N_VAULTS * VAULT_ETH);
        assertEq(weth.balanceOf(keeper), N_VAULTS * VAULT_ETH);
    }

    /// @dev flip ttl/tau 6 h, lump 500 ETH, flop ttl 6 h, wait 156 h: the debt queued at 14:00
    ///      is released on 19 March, not 14 March
    function _castSpellWhileDebtIsQueued(Story memory s) internal {
        vm.warp(MARCH_12_23H);
        _applySpell(McdDeploy.postSpell());
        assertEq(ethFlip.ttl(), 6 hours);
        assertEq(ethFlip.tau(), 6 hours);
        assertEq(flop.ttl(), 6 hours);
        assertEq(vow.wait(), 156 hours);
        (,, uint256 lump) = cat.ilks(ETH_A);
        assertEq(lump, 500 * WAD);

        vm.warp(s.era + 2 days); // the old wait has passed...
        vm.expectRevert(bytes("Vow/wait-not-finished"));
        vow.flog(s.era); // ...but the new one has not
        vm.warp(s.era + 156 hours - 1);
        vm.expectRevert(bytes("Vow/wait-not-finished"));
        vow.flog(s.era);
    }

    function _flopUntilLessThanSumpLeft(Story memory s) internal {
        // 19 March 14:28: flog, clear the 20 wei of surplus, start the debt auctions
        vm.warp(MARCH_19_14H28);
        vow.flog(s.era);
        assertEq(vow.Sin(), 0);
        assertEq(_unbackedDebt(), s.totalDebt);
        vm.expectRevert(bytes("Vow/surplus-not-zero"));
        vow.flop();
        vow.heal(s.flips.length);
        s.debtLeft = s.totalDebt - s.flips.length;

        s.id1 = vow.flop();
        assertEq(s.id1, 1);
        assertEq(vow.Ash(), SUMP);
        assertEq(_flopBid(s.id1).lot, 250 * WAD);
        assertEq(_flopBid(s.id1).bid, SUMP);

        // The first dent pays 50,000 DAI into the Vow, which does not reduce Ash...
        _dentFlop(foundation, s.id1, 240 * WAD);
        assertEq(vat.dai(address(vow)), SUMP);
        assertEq(vow.Ash(), SUMP);
        // ...so the next flop is blocked though 76k DAI of debt is unauctioned
        assertGe(_unbackedDebt(), SUMP); // a lot of debt is left unauctioned...
        vm.expectRevert(bytes("Vow/surplus-not-zero"));
        vow.flop();
        // A rival's dent repays the first bidder in the Vat at once (the Vow keeps its dai)
        _dentFlop(paradigm, s.id1, 173 * WAD); // "the first lot went for 173 MKR"
        assertEq(vat.dai(foundation), 200_000 * RAD);
        assertEq(vat.dai(address(vow)), SUMP);
        // kiss clears the on-auction debt with that dai, and flop works again
        vow.kiss(SUMP);
        assertEq(vow.Ash(), 0);
        assertEq(vat.dai(address(vow)), 0);
        assertEq(vat.sin(address(vow)), s.debtLeft - SUMP);
        s.id2 = vow.flop();
        assertEq(s.id2, 2);

        // Less than sump is left unauctioned: no third auction
        assertLt(_unbackedDebt(), SUMP);
        assertEq(_unbackedDebt(), s.debtLeft - 2 * SUMP);
        vm.expectRevert(bytes("Vow/insufficient-debt"));
        vow.flop();
        assertEq(flop.kicks(), 2);
        assertEq(vow.Ash(), SUMP);
    }

    function _dealFirstAuctionTickSecond(Story memory s) internal {
        // Auction 1 ends 6 h after the last bid: deal mints exactly the lot to the winner
        vm.warp(block.timestamp + 6 hours + 1);
        uint256 supply = mkr.totalSupply();
        flop.deal(s.id1);
        assertEq(mkr.balanceOf(paradigm), 173 * WAD);
        assertEq(mkr.totalSupply(), supply + 173 * WAD, "MKR supply grows by exactly the lot");
        assertEq(_flopBid(s.id1).guy, address(0));

        // Auction 2 gets no bid for tau (3 days): tick raises the lot by pad, 250 -> 300 MKR
        FlopBid memory b2 = _flopBid(s.id2);
        vm.warp(b2.end);
        vm.expectRevert(bytes("Flopper/not-finished"));
        flop.tick(s.id2);
        vm.warp(b2.end + 1);
        flop.tick(s.id2);
        assertEq(_flopBid(s.id2).lot, 300 * WAD);
        assertEq(_flopBid(s.id2).end, block.timestamp + 3 days);

        // ...and a bid on the larger lot wins it
        _dentFlop(paradigm, s.id2, 227 * WAD); // ~220 DAI/MKR, as the second phase cleared
        vm.warp(block.timestamp + 6 hours + 1);
        supply = mkr.totalSupply();
        flop.deal(s.id2);
        assertEq(mkr.totalSupply(), supply + 227 * WAD);
        assertEq(mkr.balanceOf(paradigm), 400 * WAD);
        // 100,000 DAI raised against the debt; the Vow holds the second 50,000 until kissed
        assertEq(vat.dai(address(vow)), SUMP);
        vow.kiss(SUMP);
        assertEq(vat.sin(address(vow)), s.debtLeft - 2 * SUMP);
    }

    // --- The syndicate (2020 tier: 100 DAI/MKR) ---

    /// @dev Deployed from its artifact, not with `new`: this contract stays under the initcode limit
    function _deploySyndicate() internal {
        bytes memory args = abi.encode(
            address(vat),
            address(daiJoin),
            address(flop),
            address(dai),
            address(mkr),
            SYNDICATE_LIMIT_WAD,
            syndicateOwner
        );
        pool = ISyndicate(vm.deployCode("DaiBackstopSyndicate.sol:DaiBackstopSyndicate", args));
        vm.label(address(pool), "syndicate");
    }

    function _memberDaiWad() internal pure returns (uint256[N_MEMBERS] memory) {
        return [MEMBER_0_DAI_WAD, MEMBER_1_DAI_WAD, MEMBER_2_DAI_WAD, MEMBER_3_DAI_WAD, MEMBER_4_DAI_WAD];
    }

    /// @dev Member `i` enlists its DAI; nothing has been bid, so one share is one DAI
    function _enlistMember(uint256 i) internal {
        uint256 daiWad = _memberDaiWad()[i];
        uint256 supplyBefore = pool.totalSupply();
        _giveDai(members[i], daiWad);
        vm.startPrank(members[i]);
        dai.approve(address(pool), daiWad);
        uint256 shares = pool.enlist(daiWad);
        vm.stopPrank();
        assertEq(shares, daiWad, "one share per DAI while nothing is bid");
        assertEq(pool.balanceOf(members[i]), shares);
        assertEq(pool.totalSupply(), supplyBefore + shares);
    }

    /// @dev The first four members enlist before the auction; the fifth (1 DAI) joins later
    function _membersEnlistInSyndicate() internal {
        _deploySyndicate();
        assertEq(pool.limitWad(), SYNDICATE_LIMIT_WAD);
        assertEq(
            MEMBER_0_DAI_WAD + MEMBER_1_DAI_WAD + MEMBER_2_DAI_WAD + MEMBER_3_DAI_WAD + MEMBER_4_DAI_WAD,
            SYNDICATE_DAI_WAD
        );
        assertGt(SYNDICATE_DAI_WAD, SYNDICATE_RAISED_2020_WAD);
        for (uint256 i = 0; i < N_MEMBERS - 1; i++) {
            _enlistMember(i);
        }
        _assertSyndicateBooks(SYNDICATE_DAI_WAD - MEMBER_4_DAI_WAD, 0, 0);
        assertEq(dai.balanceOf(address(pool)), SYNDICATE_DAI_WAD - MEMBER_4_DAI_WAD);
    }

    /// @dev The miniature's five vaults left less than a lot unauctioned; two more lots of the real
    ///      shortfall (106 lots in all) are charged to the Vow, and the next debt auction is kicked
    function _kickTwoMoreLotsOfShortfall(Story memory s) internal {
        assertEq(vow.Ash(), 0);
        assertEq(vat.dai(address(vow)), 0);
        _createBadDebt(2 * SUMP);
        s.id3 = vow.flop();
        assertEq(s.id3, 3);
        FlopBid memory b = _flopBid(s.id3);
        assertEq(b.lot, DUMP);
        assertEq(b.bid, SUMP);
        assertEq(b.guy, address(vow));
        assertEq(b.end, block.timestamp + TAU);
    }

    /// @dev With no rival bid, each lot is too small for 100 DAI/MKR until the fourth tick; the
    ///      smallest member joins while the lot grows (nothing bid yet: still one share per DAI)
    function _syndicateRefusedUntilFourthTick(Story memory s) internal {
        // The named lots are dump raised by pad, tick after tick (the Flopper's lot = pad * lot / 1e18)
        assertEq(LOT_FRESH_WAD, DUMP);
        assertEq(LOT_TICK_1_WAD, LOT_FRESH_WAD * PAD / WAD);
        assertEq(LOT_TICK_2_WAD, LOT_TICK_1_WAD * PAD / WAD);
        assertEq(LOT_TICK_3_WAD, LOT_TICK_2_WAD * PAD / WAD);
        assertEq(LOT_TICK_4_WAD, LOT_TICK_3_WAD * PAD / WAD);
        uint256[4] memory lots = [LOT_FRESH_WAD, LOT_TICK_1_WAD, LOT_TICK_2_WAD, LOT_TICK_3_WAD];
        uint256[4] memory asks = [ASK_FRESH_WAD, ASK_TICK_1_WAD, ASK_TICK_2_WAD, ASK_TICK_3_WAD];
        uint256[4] memory prices = [PRICE_FRESH_WAD, PRICE_TICK_1_WAD, PRICE_TICK_2_WAD, PRICE_TICK_3_WAD];
        for (uint256 k = 0; k < lots.length; k++) {
            FlopBid memory b = _flopBid(s.id3);
            assertEq(b.lot, lots[k]);
            assertEq(b.guy, address(vow));
            assertEq(b.tic, 0);
            _assertSyndicateRefused(s.id3, lots[k], asks[k], prices[k]);
            if (k == 2) _enlistMember(N_MEMBERS - 1);
            _tickUnbidFlop(s.id3);
        }
        assertEq(_flopBid(s.id3).lot, LOT_TICK_4_WAD);
        _assertSyndicateBooks(SYNDICATE_DAI_WAD, 0, 0);
    }

    /// @dev `canEnter` refuses with exactly `PriceAboveLimit(price, 100 DAI/MKR)` and `enterAuction`
    ///      reverts with those bytes
    function _assertSyndicateRefused(uint256 id, uint256 lotWad, uint256 askWad, uint256 priceWad) internal {
        assertEq(askWad, lotWad * WAD / BEG);
        assertEq(priceWad, _impliedPriceWad(SUMP, askWad));
        assertGt(priceWad, SYNDICATE_LIMIT_WAD);
        bytes memory refusal = abi.encodeWithSelector(
            IDaiBackstopSyndicate.PriceAboveLimit.selector, priceWad, SYNDICATE_LIMIT_WAD
        );
        (bool ok, bytes memory why) = pool.canEnter(id);
        assertFalse(ok);
        assertEq(why, refusal);
        vm.prank(anyone);
        _assertRevert(address(pool), abi.encodeCall(pool.enterAuction, (id)), refusal);
    }

    function _tickUnbidFlop(uint256 id) internal {
        vm.warp(_flopBid(id).end + 1);
        flop.tick(id);
        assertEq(_flopBid(id).end, block.timestamp + TAU);
    }

    /// @dev 518.4 MKR: the pool asks for floor(518.4 / 1.03) MKR, under 100 DAI/MKR. Its DAI lands in
    ///      the Vow without reducing Ash, so the next flop waits for a kiss, as every first dent did.
    function _syndicateEntersAfterFourthTick(Story memory s) internal {
        assertEq(LOT_WON_WAD, LOT_TICK_4_WAD * WAD / BEG);
        assertEq(PRICE_WON_WAD, _impliedPriceWad(SUMP, LOT_WON_WAD));
        assertLe(PRICE_WON_WAD, SYNDICATE_LIMIT_WAD, "under 100 DAI/MKR");
        (bool ok, bytes memory why) = pool.canEnter(s.id3);
        assertTrue(ok);
        assertEq(why.length, 0);

        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.AuctionEntered(s.id3, LOT_WON_WAD, BID_WAD, PRICE_WON_WAD);
        vm.prank(anyone);
        pool.enterAuction(s.id3);

        FlopBid memory b = _flopBid(s.id3);
        assertEq(b.guy, address(pool));
        assertEq(b.lot, LOT_WON_WAD);
        assertEq(b.bid, SUMP);
        assertEq(b.tic, block.timestamp + TTL);
        IDaiBackstopSyndicate.Position memory p = pool.positions(s.id3);
        assertEq(p.lockedDaiWad, BID_WAD);
        assertEq(p.lotWad, LOT_WON_WAD);
        assertEq(p.settleAt, block.timestamp + TTL);
        _assertSyndicateBooks(SYNDICATE_DAI_WAD - BID_WAD, BID_WAD, 0);
        assertEq(dai.balanceOf(address(pool)), SYNDICATE_DAI_WAD - BID_WAD);
        assertEq(vat.dai(address(pool)), 0);

        // The pool's 50,000 DAI went to the Vow, which still counts the lot as on auction
        assertEq(vat.dai(address(vow)), SUMP);
        assertEq(vow.Ash(), SUMP);
        assertGe(_unbackedDebt(), SUMP); // a lot of debt is left unauctioned...
        vm.expectRevert(bytes("Vow/surplus-not-zero"));
        vow.flop(); // ...yet no auction can start
        vm.prank(anyone);
        vow.kiss(SUMP);
        assertEq(vow.Ash(), 0);
        assertEq(vat.dai(address(vow)), 0);
        assertEq(vow.flop(), s.id3 + 1);
    }

    /// @dev While the bid runs a round is open: nobody enlists or defects at cost. Halfway through the bid
    ///      member 3 asks to leave (its shares stay in the supply, exposed to the bid) and sets the round's
    ///      deadline. The bid expires after ttl with no rival; from that second the position is due, and a
    ///      second later anyone can finalize: the pool deals, credits the MKR per share, and the round
    ///      closes, paying member 3's exit at the value after the win.
    function _syndicateWinsUnopposed(Story memory s) internal {
        uint256 settleAt = pool.positions(s.id3).settleAt;
        uint256 requestedAt = settleAt - TTL / 2;
        vm.warp(requestedAt);
        vm.prank(members[3]);
        pool.requestDefect(MEMBER_3_DAI_WAD);
        assertEq(pool.round().closeBy, requestedAt + TTL);
        assertEq(pool.balanceOf(members[3]), 0);
        assertEq(pool.totalSupply(), SYNDICATE_DAI_WAD, "locked, still in the supply");

        vm.warp(settleAt);
        assertEq(pool.settlementDue(), s.id3);
        vm.prank(members[0]);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.defect, (1)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, requestedAt + TTL)
        );
        vm.prank(anyone);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.finalize, (s.id3)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.AuctionStillRunning.selector, s.id3, settleAt)
        );

        vm.warp(settleAt + 1);
        uint256 supply = mkr.totalSupply();
        assertEq(MEMBER_3_DAI_OUT_WAD, MEMBER_3_DAI_WAD * (SYNDICATE_DAI_WAD - BID_WAD) / SYNDICATE_DAI_WAD);
        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.RoundClosed(
            1, 0, 0, MEMBER_3_DAI_WAD, MEMBER_3_DAI_OUT_WAD, SYNDICATE_DAI_WAD - BID_WAD, SYNDICATE_DAI_WAD
        );
        vm.prank(anyone);
        assertTrue(pool.finalize(s.id3));
        assertEq(mkr.totalSupply(), supply + LOT_WON_WAD);
        assertEq(mkr.balanceOf(address(pool)), LOT_WON_WAD);
        assertEq(_flopBid(s.id3).guy, address(0));
        assertEq(pool.settlementDue(), 0);
        assertEq(MKR_PER_SHARE_RAY, LOT_WON_WAD * RAY / SYNDICATE_DAI_WAD);
        assertEq(pool.mkrPerShareRay(), MKR_PER_SHARE_RAY);
        _assertSyndicateBooks(SYNDICATE_DAI_WAD - BID_WAD - MEMBER_3_DAI_OUT_WAD, 0, LOT_WON_WAD);
        assertEq(pool.totalSupply(), SYNDICATE_DAI_WAD - MEMBER_3_DAI_WAD);
        _member3IsPaidItsExit();
    }

    /// @dev Anyone may claim for member 3: it gets its part of the DAI the bid left and of the MKR won.
    function _member3IsPaidItsExit() internal {
        IDaiBackstopSyndicate.Pending memory p = pool.pending(members[3]);
        assertTrue(p.executed);
        assertEq(p.daiOutWad, MEMBER_3_DAI_OUT_WAD);
        assertEq(p.mkrWad, MEMBER_3_MKR_WAD);
        vm.prank(anyone);
        (uint256 shares, uint256 daiWad, uint256 mkrWad) = pool.claim(members[3]);
        assertEq(shares, 0);
        assertEq(daiWad, MEMBER_3_DAI_OUT_WAD);
        assertEq(mkrWad, MEMBER_3_MKR_WAD);
        assertEq(dai.balanceOf(members[3]), MEMBER_3_DAI_OUT_WAD, "less than the 137.5 DAI it put in");
        assertEq(mkr.balanceOf(members[3]), MEMBER_3_MKR_WAD);
        assertEq(dai.balanceOf(anyone), 0);
        assertEq(mkr.balanceOf(anyone), 0);
    }

    /// @dev With MKR credited per share, a fund holding MKR takes newcomers at once: 1 DAI buys shares at the
    ///      DAI left per share and earns nothing of the lot won before.
    function _newcomerJoinsAfterTheWin() internal {
        uint256 daiLeft = SYNDICATE_DAI_WAD - BID_WAD - MEMBER_3_DAI_OUT_WAD;
        uint256 sharesLeft = SYNDICATE_DAI_WAD - MEMBER_3_DAI_WAD;
        assertEq(NEWCOMER_SHARES, SYNDICATE_MIN_DAI_WAD * sharesLeft / daiLeft);
        _giveDai(newcomer, SYNDICATE_MIN_DAI_WAD);
        vm.startPrank(newcomer);
        dai.approve(address(pool), SYNDICATE_MIN_DAI_WAD);
        assertEq(pool.enlist(SYNDICATE_MIN_DAI_WAD), NEWCOMER_SHARES);
        vm.stopPrank();
        assertEq(pool.claimableMkr(newcomer), 0, "none of the MKR won before it joined");
        _assertSyndicateBooks(daiLeft + SYNDICATE_MIN_DAI_WAD, 0, LOT_WON_WAD - MEMBER_3_MKR_WAD);
    }

    /// @dev The members who stayed leave in reverse order of joining, each with all their shares, then the
    ///      newcomer: floor(shares * DAI left / shares left) of DAI, and of MKR what their shares earned,
    ///      floor(shares * MKR per share / 1e27), computed here from the deposits and the lot won. The wei of
    ///      DAI rounded off stay in the pool until the last to leave takes them; the MKR credits' rounding
    ///      stays in the pool.
    function _membersDefectProRata() internal {
        uint256[N_MEMBERS] memory daiIn = _memberDaiWad();
        uint256[N_MEMBERS] memory mkrOut =
            [MEMBER_0_MKR_WAD, MEMBER_1_MKR_WAD, MEMBER_2_MKR_WAD, MEMBER_3_MKR_WAD, MEMBER_4_MKR_WAD];
        assertEq(
            MEMBER_0_MKR_WAD + MEMBER_1_MKR_WAD + MEMBER_2_MKR_WAD + MEMBER_3_MKR_WAD + MEMBER_4_MKR_WAD
                + MKR_DUST_WAD,
            LOT_WON_WAD
        );
        uint256 sharesLeft = SYNDICATE_DAI_WAD - MEMBER_3_DAI_WAD + NEWCOMER_SHARES;
        uint256 mkrLeftWad = LOT_WON_WAD - MEMBER_3_MKR_WAD;
        uint256 daiLeftWad = SYNDICATE_DAI_WAD - BID_WAD - MEMBER_3_DAI_OUT_WAD + SYNDICATE_MIN_DAI_WAD;
        for (uint256 j = N_MEMBERS; j > 0; j--) {
            uint256 i = j - 1;
            if (i == 3) continue; // left by request during the bid
            uint256 shares = daiIn[i];
            uint256 mkrWad = shares * MKR_PER_SHARE_RAY / RAY;
            uint256 daiWad = shares * daiLeftWad / sharesLeft;
            assertEq(mkrWad, mkrOut[i], "MKR: Python and Solidity agree");
            // pro rata to the shares enlisted: each credit rounds down by less than a wei
            assertApproxEqAbs(mkrWad, shares * LOT_WON_WAD / SYNDICATE_DAI_WAD, 1);
            assertApproxEqAbs(daiWad, shares * (SYNDICATE_DAI_WAD - BID_WAD) / SYNDICATE_DAI_WAD, N_MEMBERS);

            vm.prank(members[i]);
            (uint256 daiPaid, uint256 mkrPaid) = pool.defect(shares);
            assertEq(mkrPaid, mkrWad);
            assertEq(daiPaid, daiWad);
            assertEq(mkr.balanceOf(members[i]), mkrWad);
            assertEq(dai.balanceOf(members[i]), daiWad);
            assertEq(pool.balanceOf(members[i]), 0);
            sharesLeft -= shares;
            mkrLeftWad -= mkrWad;
            daiLeftWad -= daiWad;
            _assertSyndicateBooks(daiLeftWad, 0, mkrLeftWad);
        }
        // The newcomer, last, takes the DAI left: its deposit and the members' rounding; no MKR.
        assertEq(sharesLeft, NEWCOMER_SHARES);
        vm.prank(newcomer);
        (uint256 newcomerDai, uint256 newcomerMkr) = pool.defect(NEWCOMER_SHARES);
        assertEq(newcomerDai, daiLeftWad);
        assertApproxEqAbs(newcomerDai, SYNDICATE_MIN_DAI_WAD, N_MEMBERS, "its 1 DAI back, to a few wei");
        assertEq(newcomerMkr, 0);
        assertEq(pool.totalSupply(), 0);
        _assertSyndicateBooks(0, 0, MKR_DUST_WAD);
        assertEq(mkr.balanceOf(address(pool)), MKR_DUST_WAD, "the MKR credits' rounding");
        assertEq(dai.balanceOf(address(pool)), 0, "no DAI left");
        assertEq(vat.dai(address(pool)), 0);
    }

    function _assertSyndicateBooks(
        uint256 daiBookWad,
        uint256 lockedBookWad,
        uint256 mkrBookWad
    ) internal view {
        (uint256 d, uint256 locked, uint256 m) = pool.nav();
        assertEq(d, daiBookWad, "daiBook");
        assertEq(locked, lockedBookWad, "lockedBook");
        assertEq(m, mkrBookWad, "mkrBook");
    }

    /// @dev The price a bid of `bidRad` for `lotWad` implies, rounded up (against the pool) [wad DAI
    ///      per MKR]: rad / wad is a ray-scaled price, RAY / WAD of which make one wad
    function _impliedPriceWad(uint256 bidRad, uint256 lotWad) internal pure returns (uint256) {
        uint256 denominator = lotWad * (RAY / WAD);
        return (bidRad + denominator - 1) / denominator;
    }
}

/// @notice Smaller scenarios of March 2020 on the same local MCD: the OSM delay, a rival displacing
///         a zero bid, heal unblocking flop, the four ticks a 100 DAI/MKR bidder needs, and global
///         settlement yanking live debt auctions.
contract BlackThursdayScenariosTest is BlackThursdayBase {
    // --- Smaller scenarios ---

    function test_osm_vatSeesMarketPriceOnlyAfterTwoHops() public {
        uint256 spotBefore = _spot();
        _openVaultAtRatio(owners[0], VAULT_ETH, 15_100);
        _crashMarketThroughOsm(spotBefore);
        assertTrue(_isUnsafe(owners[0]));
    }

    function test_tend_rivalWithinTtlDisplacesZeroBid() public {
        // With pre-spell ttl of 600 s, a 1-wei bid stands unless a rival bids within 10 minutes
        _openVaultAtRatio(owners[0], 50 * WAD, 15_100);
        _setPriceAndRollOsm(124 * WAD);
        uint256 id = cat.bite(ETH_A, owners[0]);
        _tendFlip(keeper, id, 1);
        vm.warp(block.timestamp + 599);
        _tendFlip(paradigm, id, 1000 * RAD); // a rival in time displaces the keeper
        assertEq(vat.dai(keeper), RAD);
        vm.warp(block.timestamp + 601);
        ethFlip.deal(id);
        assertEq(vat.gem(ETH_A, paradigm), 50 * WAD);
        assertEq(vat.gem(ETH_A, keeper), 0);
    }

    function test_heal_alsoUnblocksFlopAfterFirstDent() public {
        _applySpell(McdDeploy.postSpell());
        _createBadDebt(3 * SUMP);
        uint256 id = vow.flop();
        _dentFlop(paradigm, id, 240 * WAD);
        vm.expectRevert(bytes("Vow/surplus-not-zero"));
        vow.flop();
        // heal (not kiss) cancels the surplus against unauctioned debt: Ash is untouched
        vow.heal(SUMP);
        assertEq(vow.Ash(), SUMP);
        assertEq(vow.flop(), 2);
    }

    function test_flop_syndicateNeedsFourTicksAtHundredDaiPerMkr() public {
        // 50,000 DAI at 100 DAI/MKR is 500 MKR: above 250 * 1.2^3 = 432 but under 250 * 1.2^4 = 518.4
        _applySpell(McdDeploy.postSpell());
        uint256 id = _createBadDebtAndKickFlop();
        for (uint256 i = 0; i < 3; i++) {
            vm.warp(_flopBid(id).end + 1);
            flop.tick(id);
        }
        assertEq(_flopBid(id).lot, 432 * WAD);
        vm.prank(paradigm);
        vm.expectRevert(bytes("Flopper/lot-not-lower"));
        flop.dent(id, 500 * WAD, SUMP);
        vm.warp(_flopBid(id).end + 1);
        flop.tick(id);
        assertEq(_flopBid(id).lot, 5184 * WAD / 10);
        _dentFlop(paradigm, id, 500 * WAD); // 518.4 / 1.03 = 503.3 >= 500
        assertEq(_flopBid(id).lot, 500 * WAD);
    }

    // --- Global settlement ---

    function test_globalSettlement_cageYanksLiveFlopBids() public {
        _applySpell(McdDeploy.postSpell());
        _createBadDebt(2 * SUMP);
        uint256 id1 = vow.flop();
        uint256 id2 = vow.flop();
        _dentFlop(foundation, id1, 240 * WAD);
        _dentFlop(paradigm, id2, 230 * WAD);
        assertEq(vat.dai(foundation), 150_000 * RAD);
        assertEq(vat.dai(paradigm), 150_000 * RAD);

        // Shutdown: the Vow cages itself and the Flopper
        vow.cage();
        assertEq(vow.live(), 0);
        assertEq(flop.live(), 0);
        assertEq(flop.vow(), address(vow));
        assertEq(vow.Ash(), 0);

        // Live auctions can no longer be bid on or dealt
        vm.prank(paradigm);
        vm.expectRevert(bytes("Flopper/not-live"));
        flop.dent(id1, 200 * WAD, SUMP);
        vm.warp(block.timestamp + 6 hours + 1);
        vm.expectRevert(bytes("Flopper/not-live"));
        flop.deal(id1);

        // yank repays each bidder with fresh dai (vat.suck charged to the Vow) and deletes the bid
        uint256 sinBefore = vat.sin(address(vow));
        flop.yank(id1);
        flop.yank(id2);
        assertEq(vat.dai(foundation), 200_000 * RAD, "foundation repaid");
        assertEq(vat.dai(paradigm), 200_000 * RAD, "paradigm repaid");
        assertEq(vat.sin(address(vow)), sinBefore + 2 * SUMP);
        assertEq(_flopBid(id1).guy, address(0));
        assertEq(_flopBid(id2).guy, address(0));
        assertEq(_flopBid(id1).lot + _flopBid(id2).lot, 0);
        assertEq(mkr.balanceOf(foundation) + mkr.balanceOf(paradigm), 0, "no MKR minted");
    }

    function test_globalSettlement_cageFlopperDirectly() public {
        _applySpell(McdDeploy.postSpell());
        uint256 id = _createBadDebtAndKickFlop();
        _dentFlop(paradigm, id, 240 * WAD);
        flop.cage(); // caller (this test, a ward) becomes the account charged by yank
        assertEq(flop.vow(), address(this));
        uint256 sinBefore = vat.sin(address(this));
        flop.yank(id);
        assertEq(vat.dai(paradigm), 200_000 * RAD);
        assertEq(vat.sin(address(this)), sinBefore + SUMP);
        assertEq(_flopBid(id).guy, address(0));
    }
}

/// @notice The July 2020 Flopper option (`flopKissesOnDent`): the first dent kisses the Vow, so
///         the next debt auction can start at once.
contract BlackThursdayJuly2020FlopperTest is McdTestBase {
    address internal paradigm = makeAddr("paradigm");

    function _mcdParams() internal pure override returns (McdDeploy.Params memory p) {
        p = McdDeploy.postSpell();
        p.flopKissesOnDent = true;
    }

    function test_firstDentKissesVowSoNextFlopWorks() public {
        _fundBidder(paradigm, 200_000 * RAD);
        _createBadDebt(3 * SUMP);
        uint256 id1 = vow.flop();
        assertEq(vow.Ash(), SUMP);
        _dentFlop(paradigm, id1, 240 * WAD);
        assertEq(vow.Ash(), 0, "kissed on the first dent");
        assertEq(vat.dai(address(vow)), 0);
        assertEq(vat.sin(address(vow)), 2 * SUMP);
        assertEq(vow.flop(), 2, "no surplus-not-zero block");
        assertEq(vow.flop(), 3);
        vm.expectRevert(bytes("Vow/insufficient-debt"));
        vow.flop();
    }
}
