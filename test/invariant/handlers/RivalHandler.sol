// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {WAD} from "test/helpers/Units.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";

/// @title RivalHandler: other bidders in the debt auctions
/// @notice Three rivals dent running auctions at a random valid lot: at most the `beg` limit
///         (`beg * lot <= current * ONE`), usually within 2% of it, sometimes far lower. Their Vat DAI
///         is printed on demand (this handler is a Vat ward). Outbidding the pool is reported to the
///         Ghost: the pool's bid is back in the Vat from that moment.
contract RivalHandler is HandlerBase {
    uint256 internal constant RIVALS = 3;
    /// @dev Rivals leave lots above this alone (only degenerate `dump` or `pad` values reach them).
    uint256 internal constant MAX_LOT = 1 << 128;

    address[] internal _rivals;

    constructor(Ghost ghost_) HandlerBase(ghost_) {
        for (uint256 i; i < RIVALS; ++i) {
            address r = makeAddr(string.concat("rival", vm.toString(i)));
            _rivals.push(r);
            ghost.addRival(r);
            vm.prank(r);
            vat.hope(address(flop));
        }
    }

    /// @notice A rival asks for less MKR than the current high bid in a running auction.
    function dent(uint256 rivalSeed, uint256 auctionSeed, uint256 lotSeed) external {
        _count("rival.dent");
        if (flop.live() != 1) return _skip("dent.caged");
        uint256 id = _find(auctionSeed, _running);
        if (id == 0) return _skip("dent.noneRunning");

        (uint256 bid, uint256 current, address guy,,) = _bids(id);
        // Whatever governance filed (GovernanceHandler), a rival only makes dents the Flopper accepts:
        // none past 48-bit time (`now + ttl`) or on an absurd lot (`beg * lot` could overflow, and the
        // MKR minted at `deal` with it); `beg` of 0 or 1 wei bounds nothing but `lot < current`.
        if (block.timestamp + flop.ttl() > type(uint48).max) return _skip("dent.ttlOverflows");
        if (current > MAX_LOT) return _skip("dent.lotAbsurd");
        uint256 beg = flop.beg();
        uint256 maxLot = beg == 0 ? current : current * WAD / beg;
        if (maxLot >= current) maxLot = current == 0 ? 0 : current - 1;
        if (maxLot == 0) return _skip("dent.lotTooSmall");
        // Seven times in eight within 2% of the limit, else anywhere down to half of it.
        uint256 minLot = lotSeed % 8 != 0 ? maxLot * 98 / 100 : maxLot / 2;
        uint256 lot = _bound(lotSeed >> 3, minLot == 0 ? 1 : minLot, maxLot);

        address rival = _rivals[rivalSeed % RIVALS];
        uint256 held = vat.dai(rival);
        if (held < bid) vat.suck(SIN_SINK, rival, bid - held);
        if (guy == address(pool)) {
            _count("rival.dent.outbidPool");
            ghost.onLeftPool(id, Ghost.Fate.Refunded);
        }
        vm.prank(rival);
        flop.dent(id, lot, bid);
    }
}
