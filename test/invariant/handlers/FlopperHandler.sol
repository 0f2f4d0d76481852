// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {HandlerBase} from "test/invariant/handlers/HandlerBase.sol";
import {KeeperHandler} from "test/invariant/handlers/KeeperHandler.sol";

/// @title FlopperHandler: what third parties do on the Flopper
/// @notice `deal` a finished auction (also one the pool won), `tick` an expired unbid auction, `yank` after
///         a cage (also the pool's bid). The fate of the pool's position is reported to the Ghost from what
///         the Flopper did. A diligent keeper (KeeperHandler.finalizeId) first finalizes the pool's
///         positions whose records are gone; the lazy-keeper configuration does not.
contract FlopperHandler is HandlerBase {
    KeeperHandler internal immutable keeper;

    constructor(Ghost ghost_, KeeperHandler keeper_) HandlerBase(ghost_) {
        keeper = keeper_;
    }

    /// @notice A third party deals a finished auction, possibly one the pool won.
    function deal(uint256 auctionSeed) external {
        _count("flopper.deal");
        if (flop.live() != 1) return _skip("deal.caged");
        uint256 id = _find(auctionSeed, _dealable);
        if (id == 0) return _skip("deal.noneFinished");
        _settleBeforeDeleting(id);
        (,, address guy,,) = _bids(id);
        if (guy == address(pool)) {
            _count("flopper.deal.forPool");
            ghost.onLeftPool(id, Ghost.Fate.Dealt);
        }
        flop.deal(id);
    }

    /// @notice Restarts an auction that expired with no bid, with `pad` more MKR on offer.
    function tick(uint256 auctionSeed) external {
        _count("flopper.tick");
        uint256 id = _find(auctionSeed, _tickable);
        if (id == 0) return _skip("tick.noneExpired");
        // Governance may file a `pad` or `tau` the Flopper's own arithmetic refuses: `pad * lot`
        // beyond 256 bits, or `now + tau` beyond 48.
        (, uint256 lot,,,) = _bids(id);
        if (lot != 0 && flop.pad() > type(uint256).max / lot) return _skip("tick.padOverflows");
        if (block.timestamp + flop.tau() > type(uint48).max) return _skip("tick.tauOverflows");
        flop.tick(id);
    }

    /// @notice After a cage, a third party yanks an auction, possibly one the pool holds.
    function yank(uint256 auctionSeed) external {
        _count("flopper.yank");
        if (flop.live() == 1) return _skip("yank.live");
        uint256 id = _find(auctionSeed, _hasBidder);
        if (id == 0) return _skip("yank.none");
        _settleBeforeDeleting(id);
        (,, address guy,,) = _bids(id);
        // The diligent keeper lets the pool yank its own bid (`finalize`), so no refund is ever inferred.
        if (guy == address(pool) && !ghost.lazyKeeper()) {
            _count("flopper.yank.poolFinalizedFirst");
            keeper.finalizeId(id);
            return;
        }
        if (guy == address(pool)) {
            _count("flopper.yank.forPool");
            ghost.onLeftPool(id, Ghost.Fate.Refunded);
        }
        flop.yank(id);
    }

    // ================================================================ internals

    /// @dev The keeper README's "diligent keeper": before a third party deletes auction `id`'s record
    ///      (deal, yank), it finalizes the positions whose records are already gone, and the pool's
    ///      outbid position in `id` if any. So at most one of the pool's positions ever waits with a
    ///      deleted record, and `finalize` never has to tell pooled evidence apart: that case is a
    ///      documented limitation (README, "Known limits"), reproduced in SyndicateRegressions.
    function _settleBeforeDeleting(uint256 id) internal {
        if (ghost.lazyKeeper()) return;
        uint256[] memory open = ghost.openIds();
        for (uint256 i; i < open.length; ++i) {
            (,, address guy,,) = _bids(open[i]);
            if (guy == address(0) || (open[i] == id && guy != address(pool))) {
                _count("flopper.finalizeBeforeDeleting");
                keeper.finalizeId(open[i]);
            }
        }
    }

    function _tickable(uint256 id) internal view returns (bool) {
        (,, address guy, uint48 tic, uint48 end) = _bids(id);
        return guy != address(0) && tic == 0 && end < block.timestamp;
    }

    function _hasBidder(uint256 id) internal view returns (bool) {
        (,, address guy,,) = _bids(id);
        return guy != address(0);
    }
}
