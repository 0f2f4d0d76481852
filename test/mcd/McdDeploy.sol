// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {Cat} from "test/mcd/Cat.sol";
import {Dai} from "test/mcd/Dai.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";
import {Flipper} from "test/mcd/Flipper.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {GemJoin} from "test/mcd/GemJoin.sol";
import {Jug} from "test/mcd/Jug.sol";
// Imported so that its artifact is always compiled: `deploy` creates it by name.
// solhint-disable-next-line no-unused-import
import {KissingFlopper} from "test/mcd/KissingFlopper.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {MkrAuthority} from "test/mcd/MkrAuthority.sol";
import {OSM} from "test/mcd/Osm.sol";
import {PriceFeed} from "test/mcd/PriceFeed.sol";
import {Spotter} from "test/mcd/Spotter.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";
import {Weth} from "test/mcd/Weth.sol";

/// @title McdDeploy: deploys and wires the local MCD as it stood in March 2020
/// @notice Internal functions only: they run in the caller's context, so a Forge test that calls
///         `deploy` becomes ward (owner, root) of every contract, and a Forge script under
///         `vm.startBroadcast` deploys from the broadcaster. Contracts are created with Forge's
///         `vm.deployCode` from the compiled artifacts (so Forge tests and scripts only).
///         Units: wad = 1e18, ray = 1e27, rad = 1e45.
library McdDeploy {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The one collateral type of the local MCD
    bytes32 internal constant ETH_A = "ETH-A";

    uint256 internal constant WAD = 10 ** 18;
    uint256 internal constant RAY = 10 ** 27;
    uint256 internal constant RAD = 10 ** 45;

    /// @notice Per-second stability fees [ray]: (1 + annual)^(1 / 365 days)
    uint256 internal constant FEE_8_PCT = 1_000_000_002_440_418_608_258_400_030;
    uint256 internal constant FEE_4_PCT = 1_000_000_001_243_680_656_318_820_312;
    uint256 internal constant FEE_0_5_PCT = 1_000_000_000_158_153_903_837_946_257;
    uint256 internal constant FEE_0_PCT = RAY;

    struct Mcd {
        Vat vat;
        Dai dai;
        DaiJoin daiJoin;
        Weth weth;
        GemJoin ethJoin;
        Mkr mkr;
        MkrAuthority mkrAuthority;
        PriceFeed feed;
        OSM pip;
        Spotter spotter;
        Jug jug;
        Cat cat;
        Flipper ethFlip;
        Vow vow;
        Flopper flop;
    }

    struct Params {
        // --- Vat ---
        uint256 Line; // global debt ceiling [rad]
        uint256 line; // ETH-A debt ceiling [rad]
        uint256 dust; // ETH-A vault debt floor [rad]
        // --- Spotter ---
        uint256 mat; // ETH-A liquidation ratio [ray]
        // --- Jug ---
        uint256 duty; // ETH-A stability fee, per second [ray]
        // --- Cat ---
        uint256 chop; // ETH-A liquidation penalty [ray]
        uint256 lump; // ETH-A collateral per bite [wad]
        // --- Flipper ETH-A ---
        uint256 flipBeg; // minimum bid increase [wad]
        uint256 flipTtl; // bid lifetime [seconds]
        uint256 flipTau; // auction length [seconds]
        // --- Flopper ---
        uint256 flopBeg; // minimum lot decrease [wad]
        uint256 flopPad; // lot increase on tick [wad]
        uint256 flopTtl; // bid lifetime [seconds]
        uint256 flopTau; // auction length [seconds]
        // --- Vow ---
        uint256 wait; // debt queue delay [seconds]
        uint256 dump; // flop initial lot [wad MKR]
        uint256 sump; // flop fixed bid [rad]
        uint256 bump; // flap fixed lot [rad]
        uint256 hump; // surplus buffer [rad]
        // --- Prices ---
        uint16 hop; // OSM delay [seconds]
        uint256 price; // initial ETH price given to the feed [wad USD]
        // --- Deployment choice (deploy only; applySpell keeps the deployed Flopper) ---
        bool flopKissesOnDent; // true: July 2020 Flopper (KissingFlopper); false: March 2020 Flopper
    }

    /// @notice Mainnet parameters before the 12 March 2020 executive spell
    function preSpell() internal pure returns (Params memory p) {
        p.Line = 100_000_000 * RAD;
        p.line = 100_000_000 * RAD;
        p.dust = 20 * RAD;
        p.mat = 1.5e27;
        p.duty = FEE_8_PCT;
        p.chop = 1.13e27;
        p.lump = 50 * WAD;
        p.flipBeg = 1.03e18;
        p.flipTtl = 10 minutes;
        p.flipTau = 3 days;
        p.flopBeg = 1.03e18;
        p.flopPad = 1.2e18;
        p.flopTtl = 10 minutes;
        p.flopTau = 3 days;
        p.wait = 2 days;
        p.dump = 250 * WAD;
        p.sump = 50_000 * RAD;
        p.bump = 10_000 * RAD;
        p.hump = 500_000 * RAD;
        p.hop = 3600;
        p.price = 194 * WAD;
        p.flopKissesOnDent = false;
    }

    /// @notice Mainnet parameters after the 12 March 2020 executive spell
    function postSpell() internal pure returns (Params memory p) {
        p = preSpell();
        p.lump = 500 * WAD;
        p.flipTtl = 6 hours;
        p.flipTau = 6 hours;
        p.flopTtl = 6 hours;
        p.wait = 156 hours;
        p.duty = FEE_4_PCT;
    }

    /// @notice Deploy the local MCD with parameters `p`, wire all auth, initialise ETH-A and give
    ///         it a spot price from `p.price`. The caller is left ward (owner, root) of everything.
    function deploy(Params memory p) internal returns (Mcd memory m) {
        _create(m, p.flopKissesOnDent);
        _wire(m);
        applySpell(m, p);
        _prime(m, p);
    }

    /// @notice Set every parameter of `p` (except `flopKissesOnDent` and `price`). Drips the Jug
    ///         before changing `duty`, and pokes the Spotter only when `mat` changes.
    function applySpell(Mcd memory m, Params memory p) internal {
        m.vat.file("Line", p.Line);
        m.vat.file(ETH_A, "line", p.line);
        m.vat.file(ETH_A, "dust", p.dust);

        m.jug.drip(ETH_A);
        m.jug.file(ETH_A, "duty", p.duty);

        m.cat.file(ETH_A, "chop", p.chop);
        m.cat.file(ETH_A, "lump", p.lump);

        m.ethFlip.file("beg", p.flipBeg);
        m.ethFlip.file("ttl", p.flipTtl);
        m.ethFlip.file("tau", p.flipTau);

        m.flop.file("beg", p.flopBeg);
        m.flop.file("pad", p.flopPad);
        m.flop.file("ttl", p.flopTtl);
        m.flop.file("tau", p.flopTau);

        m.vow.file("wait", p.wait);
        m.vow.file("dump", p.dump);
        m.vow.file("sump", p.sump);
        m.vow.file("bump", p.bump);
        m.vow.file("hump", p.hump);

        m.pip.step(p.hop);

        (, uint256 mat) = m.spotter.ilks(ETH_A);
        if (mat != p.mat) {
            m.spotter.file(ETH_A, "mat", p.mat);
            if (mat != 0) m.spotter.poke(ETH_A);
        }
    }

    function _create(Mcd memory m, bool flopKissesOnDent) private {
        address vat = _deploy("Vat.sol:Vat", "");
        m.vat = Vat(vat);
        m.dai = Dai(_deploy("Dai.sol:Dai", abi.encode(block.chainid)));
        m.daiJoin = DaiJoin(_deploy("DaiJoin.sol:DaiJoin", abi.encode(vat, address(m.dai))));
        m.weth = Weth(payable(_deploy("Weth.sol:Weth", "")));
        m.ethJoin = GemJoin(_deploy("GemJoin.sol:GemJoin", abi.encode(vat, ETH_A, address(m.weth))));
        m.mkr = Mkr(_deploy("Mkr.sol:Mkr", ""));
        m.mkrAuthority = MkrAuthority(_deploy("MkrAuthority.sol:MkrAuthority", ""));
        m.feed = PriceFeed(_deploy("PriceFeed.sol:PriceFeed", ""));
        m.pip = OSM(_deploy("Osm.sol:OSM", abi.encode(address(m.feed))));
        m.spotter = Spotter(_deploy("Spotter.sol:Spotter", abi.encode(vat)));
        m.jug = Jug(_deploy("Jug.sol:Jug", abi.encode(vat)));
        m.cat = Cat(_deploy("Cat.sol:Cat", abi.encode(vat)));
        m.ethFlip = Flipper(_deploy("Flipper.sol:Flipper", abi.encode(vat, ETH_A)));
        m.flop = Flopper(
            _deploy(
                flopKissesOnDent ? "KissingFlopper.sol:KissingFlopper" : "Flopper.sol:Flopper",
                abi.encode(vat, address(m.mkr))
            )
        );
        m.vow = Vow(_deploy("Vow.sol:Vow", abi.encode(vat, address(0), address(m.flop))));
    }

    /// @dev CREATE from the calling contract (a test, or a script's broadcaster) with the compiled
    ///      artifact test/mcd/<name>. Deploying through the artifact keeps the fifteen creation
    ///      codes out of the caller's own bytecode, which `new` would not fit in (EIP-170/3860).
    function _deploy(string memory name, bytes memory args) private returns (address) {
        return VM.deployCode(string.concat("test/mcd/", name), args);
    }

    function _wire(Mcd memory m) private {
        // Vat wards: the joins (slip), spotter (file spot), jug (fold), cat (grab), vow, the
        // flipper, and the flopper (suck on yank)
        m.vat.rely(address(m.daiJoin));
        m.vat.rely(address(m.ethJoin));
        m.vat.rely(address(m.spotter));
        m.vat.rely(address(m.jug));
        m.vat.rely(address(m.cat));
        m.vat.rely(address(m.vow));
        m.vat.rely(address(m.ethFlip));
        m.vat.rely(address(m.flop));

        // DAI is minted by the DaiJoin
        m.dai.rely(address(m.daiJoin));

        // MKR is minted by the Flopper, through the MkrAuthority
        m.mkr.setAuthority(address(m.mkrAuthority));
        m.mkrAuthority.rely(address(m.flop));

        // Cat -> Flipper (kick) and Vow (fess); Vow -> Flopper (kick, cage)
        m.ethFlip.rely(address(m.cat));
        m.vow.rely(address(m.cat));
        m.flop.rely(address(m.vow));
        m.cat.file("vow", address(m.vow));
        m.cat.file(ETH_A, "flip", address(m.ethFlip)); // also vat.hope(ethFlip) from the Cat
        m.jug.file("vow", address(m.vow));

        // ETH-A
        m.vat.init(ETH_A);
        m.jug.init(ETH_A);
        m.spotter.file(ETH_A, "pip", address(m.pip));
        m.pip.kiss(address(m.spotter));
    }

    /// @dev Gives ETH-A its spot price. The OSM only moves `nxt` to `cur` once a hop has passed
    ///      since the last poke, so it is primed with a shortened hop: poke at a hop that leaves
    ///      `now` past the start of its window, then poke again at hop 1, then restore `p.hop`.
    ///      Afterwards cur == nxt == price, zzz == now, and the next poke is due at now + hop.
    ///      At block.timestamp < 3 (a fresh Forge test) two pokes cannot pass: the OSM then holds
    ///      the price in `nxt` only (cur after the next poke) and the Spotter reads the feed once.
    function _prime(Mcd memory m, Params memory p) private {
        m.feed.poke(p.price);

        uint256 h = _primingHop(p.hop);
        if (h != 0) {
            // casting to 'uint16' is safe because _primingHop returns at most p.hop
            // forge-lint: disable-next-line(unsafe-typecast)
            m.pip.step(uint16(h));
            m.pip.poke();
        }
        if (block.timestamp > 0) {
            m.pip.step(1);
            m.pip.poke();
        }
        m.pip.step(p.hop);

        (, uint128 has) = m.pip.cur();
        if (has == 1) {
            m.spotter.poke(ETH_A);
        } else {
            m.spotter.file(ETH_A, "pip", address(m.feed));
            m.spotter.poke(ETH_A);
            m.spotter.file(ETH_A, "pip", address(m.pip));
        }
    }

    /// @dev A hop h <= min(hop, now - 1) with now % h != 0 (so a second poke at hop 1 passes), or 0
    function _primingHop(uint16 hop) private view returns (uint256 h) {
        if (block.timestamp < 3) return 0;
        h = block.timestamp - 1 < hop ? block.timestamp - 1 : hop;
        while (h >= 2 && block.timestamp % h == 0) h--;
        if (h < 2) return 0;
    }
}
