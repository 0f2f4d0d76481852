// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {Permit} from "test/helpers/Permit.sol";
import {WAD} from "test/helpers/Units.sol";
import {ContributorBase} from "test/invariant/handlers/ContributorBase.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";
import {RequestHandler} from "test/invariant/handlers/RequestHandler.sol";
import {ShareHandler} from "test/invariant/handlers/ShareHandler.sol";

/// @title ContributorHandler: deposits and exits by a fixed set of holders
/// @notice Six contributors with private keys (for DAI's permit and the shares' EIP-2612 permit). DAI comes
///         from this handler's own stash (minted in setUp), so funding works even after the DaiJoin is
///         caged. With no round open they `enlist` and `defect`; while one is, the same targets ask to join
///         or leave instead (RequestHandler, which also has the plain `requestEnlist`, `requestDefect`,
///         `cancelEnlist`, `cancelDefect`, `claim` and `claimMkr` targets), and at any time they move
///         shares (ShareHandler: `transfer`, `permit` + `transferFrom`). `aroundBid` is called by the
///         keeper just before it enters an auction, right after (the bid is running), and right after a
///         finalize, so some holder acts at every edge of every bid. Every call and what it moved is
///         reported to the Ghost, which keeps the reference model (property 6).
/// @dev Each call the rules forbid is either skipped (`skip.<reason>`) or, about one time in four, made
///      as a probe that must revert with the exact error, arguments included (properties 5 and 8).
contract ContributorHandler is ContributorBase {
    mapping(address => uint256) internal _keys;
    /// @dev Where requests, cancels and claims go, and share moves (set once, by the suite's setUp).
    RequestHandler public requests;
    ShareHandler public shareMoves;

    constructor(Ghost ghost_) ContributorBase(ghost_) {
        for (uint256 i; i < ACTORS; ++i) {
            (address a, uint256 key) = makeAddrAndKey(string.concat("contributor", vm.toString(i)));
            _actors.push(a);
            _keys[a] = key;
            ghost.addContributor(a);
        }
    }

    /// @notice Wires the RequestHandler and the ShareHandler, once (the suite's setUp; they are deployed
    /// after this handler, whose constructor registers the contributors they read).
    function wire(RequestHandler requests_, ShareHandler shareMoves_) external {
        require(address(requests) == address(0));
        requests = requests_;
        shareMoves = shareMoves_;
    }

    // ================================================================ targets

    /// @notice A contributor approves and deposits; while a round is open it asks to join instead (after,
    ///         sometimes, trying `enlist`, which must revert `RoundOpen(closeBy)`).
    function enlist(uint256 actorSeed, uint256 amountSeed) external {
        _count("contributor.enlist");
        _join(_actor(actorSeed), _amount(amountSeed), amountSeed);
    }

    /// @notice A contributor joins in one transaction with DAI's own permit (holder, spender, nonce,
    ///         expiry, allowed). One time in four a third party submits the permit first (front-run).
    function enlistWithPermit(uint256 actorSeed, uint256 amountSeed, uint256 mode) external {
        _count("contributor.enlistWithPermit");
        address a = _actor(actorSeed);
        uint256 amount = _amount(amountSeed);
        _fund(a, amount);
        vm.prank(a);
        dai.approve(address(pool), 0);

        uint256 nonce = dai.nonces(a);
        uint256 expiry = mode % 3 == 0 ? 0 : block.timestamp + _bound(mode >> 8, 0, 30 days);
        bytes32 digest = Permit.daiDigest(dai.DOMAIN_SEPARATOR(), a, address(pool), nonce, expiry, true);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[a], digest);
        if (mode % 4 == 1) {
            _count("contributor.enlistWithPermit.frontRun");
            dai.permit(a, address(pool), nonce, expiry, true, v, r, s);
        }
        _enlist(a, amount, abi.encodeCall(I.enlistWithPermit, (amount, nonce, expiry, v, r, s)), mode);
    }

    /// @notice A contributor burns part or all of its shares; while a round is open it asks to leave instead
    ///         (after, sometimes, trying `defect`, which must revert `RoundOpen(closeBy)`).
    function defect(uint256 actorSeed, uint256 sharesSeed) external {
        _count("contributor.defect");
        _leave(_actor(actorSeed), sharesSeed);
    }

    /// @notice Everyone leaves (a run on the pool): at once with no round open, by request while one is.
    function exitAll() external {
        _count("contributor.exitAll");
        for (uint256 i; i < ACTORS; ++i) {
            address a = _actors[i];
            uint256 balance = pool.balanceOf(a);
            if (balance == 0) continue;
            if (ghost.roundOpen()) requests.requestDefectAs(a, balance);
            else if (_defectError(a, balance).length == 0) _defect(a, balance);
        }
    }

    /// @notice Sizes the liquid book (no round open) to zero, one or two bids of the Vow's `sump` plus dust
    /// (0 to 1 DAI, both edges included), by a deposit or by exits of the contributors in turn, so that
    ///         the keeper can spend all but the dust: if those bids win (or at once, with no bid, if the pool
    ///         won before: a share is then worth under a wei), the shares own less than 1 DAI and the next
    ///         deposit (an enlist, or a round's deposit requests at its close) writes them off. Random
    /// amounts would almost never leave the pool there.
    function sizeToBids(uint256 actorSeed, uint256 seed) external {
        _count("contributor.sizeToBids");
        if (ghost.roundOpen()) return _skip("sizeToBids.roundOpen");
        uint256 bid = ghost.lockedDaiOf(vow.sump());
        if (bid < WAD || bid > 1e6 * WAD) return _skip("sizeToBids.sump");
        uint256 book = _liquid();
        // Once a share is worth under a wei (the pool won before), half the time no bid: the exits alone
        // leave the pool there (with dust of at least 1e6 wei: a few wei would leave a few shares, which
        // rounding
        // leaves worth a wei each), and half of those times a contributor deposits right after.
        bool noBid = book < pool.totalSupply() && (seed >> 2) % 2 == 0;
        uint256 dust = seed % 4 == 1 ? WAD : seed % 4 == 0 && !noBid ? 0 : _bound(seed >> 8, 1e6, WAD - 1);
        uint256 target = (noBid ? 0 : 1 + (seed >> 3) % 2) * bid + dust;
        if (book < target) return _join(_actor(actorSeed), target - book, seed);
        for (uint256 i; i < ACTORS && book > target; ++i) {
            address a = _actor(actorSeed % ACTORS + i);
            // Shares minted for an executed deposit request wait in the escrow: claimed first.
            Ghost.Holder memory x = ghost.holder(a);
            if (x.round != 0 && x.round < ghost.roundId()) requests.claimAs(a, seed);
            uint256 shares = M.min(M.fullMulDiv(book - target, pool.totalSupply(), book), pool.balanceOf(a));
            if (shares == 0 || _defectError(a, shares).length != 0) continue;
            _defect(a, shares);
            book = _liquid();
        }
        if (!noBid) return;
        _count("contributor.sizeToBids.noBid");
        if ((seed >> 4) % 2 == 0) _join(_actor(actorSeed >> 8), _amount(seed >> 16), seed >> 5);
    }

    /// @dev The liquid book with skim's due release (what a deposit or an exit brings in first).
    function _liquid() internal view returns (uint256) {
        (uint256 due,) = ghost.releaseDue();
        (uint256 book,,) = pool.nav();
        return book + due;
    }

    /// @notice Called by the keeper at the edges of every bid (just before `enterAuction`, right after
    ///         it, right after `finalize`): one contributor does what the moment allows. No round open:
    ///         deposit, leave, or claim a closed round's requests. A round open: ask to join or leave,
    ///         cancel, move shares, collect MKR.
    function aroundBid(uint256 seed) external {
        _count(ghost.roundOpen() ? "contributor.aroundBid.inRound" : "contributor.aroundBid.betweenRounds");
        address a = _actor(seed >> 8);
        uint256 pick = seed % 10;
        uint256 amountSeed = seed >> 16;
        if (!ghost.roundOpen()) {
            if (pick < 5) return _join(a, _amount(amountSeed), amountSeed);
            if (pick < 8) return _leave(a, amountSeed);
            return requests.claimAs(a, amountSeed);
        }
        if (pick < 3) return requests.requestEnlistAs(a, _amount(amountSeed), amountSeed);
        if (pick < 6) {
            uint256 balance = pool.balanceOf(a);
            if (balance == 0) return _skip("aroundBid.noShares");
            return requests.requestDefectAs(a, amountSeed % 3 == 0 ? balance : _bound(amountSeed, 1, balance));
        }
        if (pick == 6) return requests.cancelEnlistAs(a, amountSeed);
        if (pick == 7) return requests.cancelDefectAs(a, amountSeed);
        if (pick == 8) return shareMoves.transferAs(a, _actor(seed >> 12), amountSeed);
        requests.claimMkrAs(a, amountSeed);
    }

    // ================================================================ joining

    /// @dev With no round open, `enlist`; with one open, sometimes a probe of `enlist` (RoundOpen), then a
    ///      deposit request.
    function _join(address a, uint256 amount, uint256 seed) internal {
        if (ghost.roundOpen()) {
            if (_probe(seed)) {
                _fund(a, amount);
                vm.prank(a);
                dai.approve(address(pool), amount);
                _probeRevert(
                    a, abi.encodeCall(I.enlist, (amount)), _quoteEnlist(amount).err, "5: enlist in a round"
                );
            }
            return requests.requestEnlistAs(a, amount, seed);
        }
        _fund(a, amount);
        vm.prank(a);
        dai.approve(address(pool), amount);
        _enlist(a, amount, abi.encodeCall(I.enlist, (amount)), seed);
    }

    /// @dev What `enlist(amount)` does now, by the spec, on the pool's books with skim's due release brought
    ///      in (enlist releases first): the revert data (empty: none), the shares it mints, and whether it
    ///      writes the shares outstanding off first (shares owning less than 1 DAI, with what skim is still
    ///      releasing, and under a wei per share: one share per DAI then) and the dust they leave.
    struct EnlistQuote {
        bytes err;
        uint256 shares;
        bool writesOff;
        uint256 dust;
        uint256 unit;
    }

    ///      Between rounds `previewEnlist(amount)` must be `shares` (0 where enlist reverts).
    function _quoteEnlist(uint256 amount) internal view returns (EnlistQuote memory q) {
        q = _priceEnlist(amount);
        if (pool.halted()) q.err = abi.encodeWithSelector(I.PoolHalted.selector);
        else if (ghost.roundOpen()) q.err = abi.encodeWithSelector(I.RoundOpen.selector, ghost.closeBy());
        else if (amount == 0) q.err = abi.encodeWithSelector(I.ZeroAmount.selector);
    }

    /// @dev `_quoteEnlist`'s pricing (no round open).
    function _priceEnlist(uint256 amount) internal view returns (EnlistQuote memory q) {
        uint256 supply = pool.totalSupply();
        (uint256 dueDai,) = ghost.releaseDue();
        (uint256 daiBook,,) = pool.nav();
        daiBook += dueDai;
        uint256 owned = daiBook + ghost.releasingTo(supply) - dueDai; // due is 0 below one whole share
        if (ghost.epoch() < type(uint8).max && ghost.writesOff(owned, supply)) {
            (q.writesOff, q.dust, supply) = (true, owned, 0);
        }
        if (supply == 0) {
            q.shares = amount;
        } else if (daiBook == 0) {
            q.err = abi.encodeWithSelector(I.SharesWithoutDai.selector, supply);
        } else {
            q.shares = M.fullMulDiv(amount, supply, daiBook);
            q.unit = M.divUp(daiBook, supply);
            if (q.shares == 0) q.err = abi.encodeWithSelector(I.ZeroShares.selector, amount);
        }
    }

    /// @dev Deposits, or, when the rules forbid it, probes (halt, round open, no DAI to price against, no
    ///      share minted) or skips. `callData` is `enlist(amount)` or `enlistWithPermit(amount, ...)`, made
    /// as `a`. Avoided rather than probed: a deposit that would overflow the supply (a tiny DAI book behind
    ///      many shares).
    function _enlist(address a, uint256 amount, bytes memory callData, uint256 seed) internal {
        EnlistQuote memory q = _quoteEnlist(amount);
        if (!ghost.roundOpen() && pool.previewEnlist(amount) != q.shares) {
            ghost.onViewMismatch("previewEnlist");
        }
        if (q.err.length != 0) {
            _skip(string.concat("enlist.", _errorName(q.err)));
            if (!_probe(seed)) return;
            return _probeRevert(a, callData, q.err, "5/8: enlist the rules forbid");
        }
        if (q.shares > type(uint128).max - pool.totalSupply()) return _skip("enlist.supplyOverflow");

        (uint256 mkrBefore, bool newcomer) = _beforeReceiving(a, address(0));
        bool halted = pool.halted();
        (uint256 shares, Ghost.WriteOff memory w) = _callEnlist(a, callData, q);
        ghost.onEnlist(a, amount, shares, halted, w);
        _afterReceiving(a, mkrBefore, newcomer, "enlist");
        if (w.happened) _count("contributor.enlist.writeOff");
        // Nor does a newcomer pay for MKR: the shares bought are worth what was paid, less at most one share
        // unit (the value of a wei of shares before the deposit) and a wei; after a write-off, what was paid
        // and the dust, exactly.
        uint256 worth = pool.previewDefect(shares);
        if (worth > amount + q.dust || worth + q.unit + 1 < amount + q.dust) {
            ghost.onNewcomerViolation(
                "6: enlist bought shares worth more, or less, than paid (to a share unit)"
            );
        }
    }

    /// @dev The name of the error `err` (for the skip counters).
    function _errorName(bytes memory err) internal pure returns (string memory) {
        bytes4 sel = bytes4(err);
        if (sel == I.PoolHalted.selector) return "halted";
        if (sel == I.RoundOpen.selector) return "roundOpen";
        if (sel == I.SharesWithoutDai.selector) return "sharesWithoutDai";
        if (sel == I.ZeroShares.selector) return "zeroShares";
        return "zeroAmount";
    }

    /// @dev Makes the deposit `callData` as `a`, which the rules allow: a revert fails the run. Checks the
    ///      shares minted are the quote's and reached `a` (whose shares were gone if the deposit wrote them
    ///      off), and returns the write-off it emitted, if any.
    function _callEnlist(
        address a,
        bytes memory callData,
        EnlistQuote memory q
    ) internal returns (uint256 shares, Ghost.WriteOff memory w) {
        uint256 balanceAfter = (q.writesOff ? 0 : pool.balanceOf(a)) + q.shares;
        vm.recordLogs();
        vm.prank(a);
        (bool ok, bytes memory ret) = address(pool).call(callData);
        if (!ok) {
            // A call the rules allow reverted: bubble up, fail_on_revert reports it.
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        w = ghost.writtenOff(vm.getRecordedLogs());
        shares = abi.decode(ret, (uint256));
        if (shares != q.shares) ghost.onViewMismatch("enlist shares");
        if (pool.balanceOf(a) != balanceAfter) ghost.onViewMismatch("enlist balance");
    }

    // ================================================================ leaving

    /// @dev With no round open, `defect`; with one open, sometimes a probe of `defect` (RoundOpen), then an
    ///      exit request.
    function _leave(address a, uint256 sharesSeed) internal {
        uint256 balance = pool.balanceOf(a);
        if (balance == 0) return _skip("defect.noShares");
        // One exit in three is the whole balance.
        uint256 shares = sharesSeed % 3 == 0 ? balance : _bound(sharesSeed, 1, balance);
        if (ghost.roundOpen()) {
            if (pool.maxDefect(a) != 0) ghost.onViewMismatch("maxDefect in a round");
            if (_probe(sharesSeed)) {
                _probeRevert(
                    a,
                    abi.encodeCall(I.defect, (shares)),
                    abi.encodeWithSelector(I.RoundOpen.selector, ghost.closeBy()),
                    "5: defect in a round"
                );
            }
            return requests.requestDefectAs(a, shares);
        }
        if (pool.maxDefect(a) != balance) ghost.onViewMismatch("maxDefect");
        bytes memory err = _defectError(a, shares);
        if (err.length != 0) {
            _skip("defect.zeroPayout");
            // Probed only when certain (see _defectError): an uncertain one may pay MKR.
            bool certain = keccak256(err) == keccak256(abi.encodeWithSelector(I.ZeroPayout.selector, shares));
            if (certain && _probe(sharesSeed)) {
                _probeRevert(a, abi.encodeCall(I.defect, (shares)), err, "defect paying nothing");
            }
            return;
        }
        _defect(a, shares);
    }

    function _defect(address a, uint256 shares) internal {
        uint256 expDai = _defectDai(shares);
        bool mkrExact = _mkrShownExactly(a);
        uint256 expMkr = pool.claimableMkr(a);
        // previewDefect counts skim's due release, which defect brings in first.
        if (pool.previewDefect(shares) != expDai) ghost.onViewMismatch("previewDefect");
        uint256 daiBefore = _daiOf(a);
        uint256 mkrBefore = mkr.balanceOf(a);
        bool halted = pool.halted();
        vm.prank(a);
        (uint256 daiWad, uint256 mkrWad) = pool.defect(shares);
        if (daiWad != expDai) ghost.onViewMismatch("defect DAI");
        // Defect pays exactly what claimableMkr showed (its due release included).
        if (mkrExact && mkrWad != expMkr) ghost.onViewMismatch("defect MKR");
        _received(a, daiWad, mkrWad, daiBefore, mkrBefore, "defect");
        ghost.onDefect(a, shares, daiWad, mkrWad, halted);
    }
}
