// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {BEG, DUMP, PAD, TAU, TTL} from "test/helpers/March2020.sol";
import {RAD, WAD} from "test/helpers/Units.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";
import {MakerHandler} from "test/invariant/handlers/MakerHandler.sol";

/// @title GovernanceHandler: Maker governance filing debt-auction parameters, degenerate ones included
/// @notice Files, between the other actors' calls, any value governance could set on the Vow (`sump`,
///         `dump`) and the Flopper (`beg`, `pad`, `ttl`, `tau`): the edges (0, 1 wei, the widths the
///         pool's positions keep, the type maxima) as often as ordinary March 2020 values. Half the
///         time a Vow change is followed at once by a kick (the MakerHandler's `kick`, which skips what
///         the Flopper itself refuses, e.g. `now + tau` past 48 bits), so auctions carry the new values.
///         `restore` files the whole March 2020 set again, so a campaign keeps bidding.
/// @dev Spec revision 11 (liveness): no governance parameter may let the pool open a position that
///      cannot be finalized. The pool refuses such auctions (`canEnter` names why); the keeper's model
///      must agree (property 9), and every position it opens must settle once due (property 11).
///      A changed `sump` makes new auctions un-enterable (`BidMismatch`) while positions with the old
///      bid are open: expected, and modelled by the keeper. It is a ward of the Vow and the Flopper.
contract GovernanceHandler is HandlerBase {
    /// @dev The suite's ordinary `sump`: 50,000 DAI plus 0.7 wei, so bids round (SyndicateInvariantsBase).
    uint256 public constant SUMP = 50_000 * RAD + 7e26;
    /// @dev The widest bid a position keeps: 2^64 - 1 nano-DAI, rad.
    uint256 internal constant MAX_BID_RAD = uint256(type(uint64).max) * 1e36;
    /// @dev The widest lot a position keeps, wad.
    uint256 internal constant MAX_LOT = type(uint96).max;

    MakerHandler internal immutable maker;

    constructor(Ghost ghost_, MakerHandler maker_) HandlerBase(ghost_) {
        maker = maker_;
    }

    // ================================================================ targets

    /// @notice Files the Vow's `sump` or `dump` from the menu; half the time the Vow kicks right away.
    function fileVow(uint256 seed) external {
        _count("governance.fileVow");
        if (vow.live() != 1) return _skip("fileVow.caged");
        if (seed % 2 == 0) {
            uint256 sump = _sump(seed >> 2);
            _count(string.concat("governance.sump.", vm.toString(sump)));
            vow.file("sump", sump);
        } else {
            uint256 dump = _dump(seed >> 2);
            _count(string.concat("governance.dump.", vm.toString(dump)));
            vow.file("dump", dump);
        }
        if ((seed >> 1) % 2 == 0) maker.kick();
    }

    /// @notice Files one of the Flopper's `beg`, `pad`, `ttl`, `tau` from the menu. `ttl` and `tau`
    ///         are truncated to 48 bits by the Flopper, as on mainnet.
    function fileFlopper(uint256 seed) external {
        _count("governance.fileFlopper");
        uint256 which = seed % 4;
        seed >>= 2;
        if (which == 0) {
            uint256 beg = _pick(seed, [uint256(0), 1, WAD, BEG, 1.05e18, 2e18, 1 << 200, BEG]);
            _count(string.concat("governance.beg.", vm.toString(beg)));
            flop.file("beg", beg);
        } else if (which == 1) {
            uint256 pad = _pick(seed, [uint256(0), 1, WAD, PAD, 1.5e18, 3e18, 1 << 100, PAD]);
            _count(string.concat("governance.pad.", vm.toString(pad)));
            flop.file("pad", pad);
        } else {
            // 2^31: settles in 2088 (fits the pool's 32 bits); 2^33: past 2106 (refused); the 48-bit
            // maximum (the Flopper's own arithmetic refuses it); 2^48 + 6 h truncates to 6 h.
            uint256 t = _pick(
                seed,
                [
                    uint256(0),
                    1,
                    which == 2 ? TTL : TAU,
                    which == 2 ? 3 hours : 2 days,
                    1 << 31,
                    1 << 33,
                    type(uint48).max,
                    (1 << 48) + 6 hours
                ]
            );
            _count(string.concat(which == 2 ? "governance.ttl." : "governance.tau.", vm.toString(t)));
            flop.file(which == 2 ? bytes32("ttl") : bytes32("tau"), t);
        }
    }

    /// @notice Files the ordinary values again: the suite's `sump`, March 2020 `dump`, `beg`, `pad`, `ttl`
    ///         and `tau`.
    function restore() external {
        _count("governance.restore");
        if (vow.live() != 1) return _skip("restore.caged");
        vow.file("sump", SUMP);
        vow.file("dump", DUMP);
        flop.file("beg", BEG);
        flop.file("pad", PAD);
        flop.file("ttl", TTL);
        flop.file("tau", TAU);
    }

    // ================================================================ menus

    /// @dev `sump`, rad: 0 (a zero bid would read as "no position"), 1 wei, just below and at 1 DAI (the
    ///      smallest bid the pool takes), ordinary bids, the widest bid a position keeps and one beyond.
    function _sump(uint256 seed) internal pure returns (uint256) {
        return
            _pick(
                seed, [uint256(0), 1, RAD - 1, RAD, 10_000 * RAD + 1, SUMP, MAX_BID_RAD, MAX_BID_RAD + 1e36]
            );
    }

    /// @dev `dump`, wad: 0, 1 wei, March 2020's 250 MKR, 2^90, the widest lot a position keeps, one wei
    ///      beyond, 2^128.
    function _dump(uint256 seed) internal pure returns (uint256) {
        return _pick(seed, [uint256(0), 1, DUMP, 1 << 90, MAX_LOT, MAX_LOT + 1, 1 << 128, DUMP]);
    }

    function _pick(uint256 seed, uint256[8] memory menu) internal pure returns (uint256) {
        return menu[seed % 8];
    }
}
