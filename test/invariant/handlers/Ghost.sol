// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {console2} from "forge-std/console2.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {Dai} from "test/mcd/Dai.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";

/// @title Ghost: the shared store of the syndicate invariant suite
/// @notice Holds what the handlers learn from the outside (the Flopper, the tokens) rather than from
///         the pool's own books: ghost sums for conservation, the true fate of every position, the
///         reference model of each contributor's pro-rata entitlement, the flags of properties 5 and
///         8, and call-summary counters. Only the handlers write to it; it is never a fuzz target.
/// @dev Everything here is bounded: the actor sets are fixed at construction and there is at most
///      one ghost position per auction, and auctions are capped by the MakerHandler.
contract Ghost {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    /// @dev The reference model keeps entitlements in wad * SCALE, so its own rounding is negligible.
    uint256 internal constant SCALE = 1e18;

    ISyndicate public immutable pool;
    Vat public immutable vat;
    Dai public immutable dai;
    DaiJoin public immutable daiJoin;
    Mkr public immutable mkr;
    Flopper public immutable flop;
    Vow public immutable vow;
    address public immutable deployer;

    mapping(address => bool) public isHandler;

    /// @notice Lazy-keeper mode (SyndicateInvariantsLazyKeeper): nobody finalizes before third parties
    ///         delete records, so `finalize` may have to attribute pooled evidence (README "Known
    ///         limits"). Outcomes may then be swapped, which the README allows as long as it only
    ///         under-books; the properties check exactly that (see SyndicateProperties).
    bool public immutable lazyKeeper;

    // ------------------------------------------------------------ actors

    address[] internal _contributors;
    address[] internal _rivals;

    // ------------------------------------------------------------ property 3: conservation (wad)

    uint256 public daiDeposited;
    uint256 public daiSkimmed;
    uint256 public daiWithdrawn;
    /// @notice The lockedDai of positions that truly ended in MKR for the pool (per the Flopper).
    uint256 public daiSpentOnWins;
    /// @notice MKR the Flopper truly minted to the pool, counted when the position is finalized.
    uint256 public mkrWon;
    uint256 public mkrSkimmed;
    uint256 public mkrPaidOut;
    /// @notice DAI sent to the pool outside enlist, rad (ERC20 transfers count wad * RAY).
    uint256 public daiDonatedRad;
    uint256 public mkrDonated;

    // ------------------------------------------------------------ positions and their true fate

    /// @dev Open: the pool is (or was, until finalize) the high bidder; Refunded: outbid or yanked,
    ///      its bid is back in the Vat; Dealt: the Flopper minted the lot to the pool.
    enum Fate {
        None,
        Open,
        Refunded,
        Dealt
    }

    struct GhostPosition {
        Fate fate;
        uint128 lockedDaiWad;
        uint128 lot;
    }

    mapping(uint256 id => GhostPosition) internal _positions;
    uint256[] internal _openIds;

    /// @notice finalize (or a re-entry) booked an outcome other than the Flopper's.
    uint256 public outcomeMismatches;
    uint256 public lastMismatchId;
    /// @notice A refund was booked at less than the position's bid: the pool held back DAI for the other
    ///         open positions because MKR evidence may be pooled (finding 01).
    uint256 public refundsHeldBack;
    /// @notice An auction left the pool (outbid, dealt, yanked) with no ghost position for it.
    uint256 public strayPoolBids;

    // ------------------------------------------------------------ property 4: entry price

    uint256 public entries;
    uint256 public priceViolations;
    uint256 public lotViolations;
    /// @notice The highest implied price of any entry, wad DAI per MKR, rounded up.
    uint256 public maxEntryPrice;

    // ------------------------------------------------------------ properties 5 and 8

    uint256 public entryOrExitWhileDue;
    /// @notice Entries or exits made while the Flopper already fixed a position's outcome (the pool
    ///         holds the bid and nobody can dent any more: `tic <= now` or `end <= now`).
    uint256 public entryOrExitWhileOutcomeKnown;
    string public lastOutcomeKnown;
    bool public haltObserved;
    uint256 public depositsAfterHalt;
    uint256 public positionsAfterHalt;
    uint256 public exitsAfterHalt;

    // ------------------------------------------------------------ views checked against the handlers' own
    // math

    uint256 public viewMismatches;
    string public lastViewMismatch;
    /// @notice A call the rules forbid (a probe) succeeded.
    uint256 public forbiddenSuccesses;
    string public lastForbiddenSuccess;
    /// @notice A call expected to revert (a probe) reverted with another error.
    uint256 public wrongReverts;
    bytes public lastWrongRevert;

    // ------------------------------------------------------------ property 6: reference model

    mapping(address => uint256) public entDai; // wad * SCALE
    mapping(address => uint256) public entMkr; // wad * SCALE
    uint256 public totalEntDai;
    uint256 public totalEntMkr;
    /// @notice Rounding tolerance accumulated over the operations so far, wad.
    uint256 public dustDai;
    uint256 public dustMkr;
    /// @notice The most MKR wei any win paid per DAI wei, rounded down (0 at March 2020 prices). A wei of
    ///         DAI entitlement rounded away before a win is worth up to this plus one wei of MKR after it.
    uint256 public mkrPerDaiWei;
    uint256 public fairnessViolations;
    string public lastFairnessViolation;

    // ------------------------------------------------------------ call summary

    string[] internal _names;
    mapping(string => uint256) public calls;

    constructor(
        address pool_,
        address vat_,
        address dai_,
        address daiJoin_,
        address mkr_,
        address flop_,
        address vow_,
        bool lazyKeeper_
    ) {
        pool = ISyndicate(pool_);
        vat = Vat(vat_);
        dai = Dai(dai_);
        daiJoin = DaiJoin(daiJoin_);
        mkr = Mkr(mkr_);
        flop = Flopper(flop_);
        vow = Vow(vow_);
        deployer = msg.sender;
        lazyKeeper = lazyKeeper_;
    }

    modifier onlyHandler() {
        require(isHandler[msg.sender], "Ghost/not-handler");
        _;
    }

    function allow(address handler) external {
        require(msg.sender == deployer, "Ghost/not-deployer");
        isHandler[handler] = true;
    }

    // ================================================================ actors

    function addContributor(address a) external onlyHandler {
        _contributors.push(a);
    }

    function addRival(address a) external onlyHandler {
        _rivals.push(a);
    }

    function contributors() external view returns (address[] memory) {
        return _contributors;
    }

    function rivals() external view returns (address[] memory) {
        return _rivals;
    }

    // ================================================================ call summary

    function count(string memory name) public onlyHandler {
        if (calls[name] == 0) _names.push(name);
        ++calls[name];
    }

    function printCallSummary() external view {
        console2.log("---------------- call summary (this run) ----------------");
        for (uint256 i; i < _names.length; ++i) {
            console2.log(_names[i], calls[_names[i]]);
        }
        console2.log("entries", entries, "max entry price (wad DAI/MKR)", maxEntryPrice);
        console2.log("MKR won", mkrWon, "DAI spent on wins", daiSpentOnWins);
        console2.log("DAI deposited", daiDeposited, "withdrawn", daiWithdrawn);
        console2.log("halted", haltObserved, "flopper live", flop.live());
    }

    // ================================================================ contributors

    /// @notice A deposit of `daiWad` by `a` succeeded. `dueBefore`/`haltedBefore`: the state before it.
    function onEnlist(address a, uint256 daiWad, bool dueBefore, bool haltedBefore) external onlyHandler {
        _bumpDust();
        if (dueBefore) ++entryOrExitWhileDue;
        if (haltedBefore) ++depositsAfterHalt;
        daiDeposited += daiWad;
        entDai[a] += daiWad * SCALE;
        totalEntDai += daiWad * SCALE;
    }

    /// @notice `a` burned `shares` of its `balanceBefore` and received `daiWad` and `mkrWad`. Checks the
    ///         payout against the model's entitlement, then takes that entitlement out of the model.
    function onDefect(
        address a,
        uint256 shares,
        uint256 balanceBefore,
        uint256 daiWad,
        uint256 mkrWad,
        bool dueBefore,
        bool haltedBefore
    ) external onlyHandler {
        _bumpDust();
        if (dueBefore) ++entryOrExitWhileDue;
        if (haltedBefore) ++exitsAfterHalt;
        daiWithdrawn += daiWad;
        mkrPaidOut += mkrWad;

        uint256 expDai = M.fullMulDiv(entDai[a], shares, balanceBefore);
        uint256 expMkr = M.fullMulDiv(entMkr[a], shares, balanceBefore);
        _checkFair("defect DAI", a, daiWad, expDai, dustDai);
        _checkFair("defect MKR", a, mkrWad, expMkr, mkrTolerance());
        entDai[a] -= expDai;
        totalEntDai -= expDai;
        entMkr[a] -= expMkr;
        totalEntMkr -= expMkr;
    }

    /// @notice `shares` of `from` (out of `balanceBefore`) moved to `to`, with their entitlement.
    function onTransfer(
        address from,
        address to,
        uint256 shares,
        uint256 balanceBefore
    ) external onlyHandler {
        if (from == to || shares == 0) return;
        uint256 d = M.fullMulDiv(entDai[from], shares, balanceBefore);
        uint256 m = M.fullMulDiv(entMkr[from], shares, balanceBefore);
        entDai[from] -= d;
        entDai[to] += d;
        entMkr[from] -= m;
        entMkr[to] += m;
    }

    // ================================================================ auctions

    /// @notice The pool entered auction `id` for `lot` MKR at the Flopper's fixed `bidRad`.
    function onEntered(
        uint256 id,
        uint256 bidRad,
        uint256 lot,
        uint256 lotExpected,
        bool haltedBefore
    ) external onlyHandler {
        GhostPosition storage p = _positions[id];
        if (p.fate != Fate.None) {
            // Re-entry after being outbid: the old position closes as a refund, which it must be.
            if (p.fate != Fate.Refunded) _mismatch(id);
            _removeOpen(id);
        }
        if (haltedBefore) ++positionsAfterHalt;
        ++entries;
        uint256 lockedDai = lockedDaiOf(bidRad);
        _positions[id] = GhostPosition({fate: Fate.Open, lockedDaiWad: uint128(lockedDai), lot: uint128(lot)});
        _openIds.push(id);

        // Property 4: bid / lot <= price, exactly: bidRad / 1e27 DAI for lot / 1e18 MKR.
        uint256 priceUp = lot == 0 ? type(uint256).max : M.divUp(bidRad, lot * 1e9);
        if (priceUp > maxEntryPrice) maxEntryPrice = priceUp;
        if (lot == 0 || bidRad > pool.limitWad() * lot * 1e9) ++priceViolations;
        if (lot != lotExpected) ++lotViolations;
    }

    /// @notice Auction `id` stopped being the pool's while a position was open: `fate` is Refunded
    ///         (outbid, yanked) or Dealt (a third party dealt it to the pool).
    function onLeftPool(uint256 id, Fate fate) external onlyHandler {
        GhostPosition storage p = _positions[id];
        if (p.fate != Fate.Open) {
            ++strayPoolBids;
            return;
        }
        p.fate = fate;
    }

    /// @notice `finalize(id)` returned `won`. `fateIfStillPool`: what it did if the pool still held the
    ///         auction (Dealt while the Flopper is live, Refunded after a cage); None otherwise.
    function onFinalized(uint256 id, bool won, Fate fateIfStillPool) external onlyHandler {
        GhostPosition memory p = _positions[id];
        if (p.fate == Fate.None) {
            ++strayPoolBids;
            return;
        }
        Fate fate = p.fate == Fate.Open ? fateIfStillPool : p.fate;
        if ((fate == Fate.Dealt) != won || fate == Fate.None || fate == Fate.Open) _mismatch(id);
        _removeOpen(id);
        delete _positions[id];
        if (fate == Fate.Dealt) {
            if (p.lockedDaiWad != 0 && p.lot / p.lockedDaiWad > mkrPerDaiWei) {
                mkrPerDaiWei = p.lot / p.lockedDaiWad;
            }
            mkrWon += p.lot;
            daiSpentOnWins += p.lockedDaiWad;
            _modelWin(p.lockedDaiWad, p.lot);
        }
    }

    /// @notice In lazy-keeper mode once a finalize attributed pooled evidence to the wrong position, or
    ///         held a refund back for the other open positions: from then on under-booking (value left
    ///         outside the books until `skim`) is allowed and only over-booking and over-payment are
    ///         failures. A diligent keeper never meets either, so the default suite stays exact.
    function relaxed() public view returns (bool) {
        return lazyKeeper && (outcomeMismatches != 0 || refundsHeldBack != 0);
    }

    /// @notice A refund of `id` was booked at less than its bid.
    function onRefundHeldBack(uint256 id) external onlyHandler {
        ++refundsHeldBack;
        lastMismatchId = id;
    }

    function onSkim(uint256 daiWad, uint256 mkrWad) external onlyHandler {
        daiSkimmed += daiWad;
        mkrSkimmed += mkrWad;
        _modelSkim(daiWad, mkrWad);
    }

    function onDonate(uint256 daiRad, uint256 mkrWad) external onlyHandler {
        daiDonatedRad += daiRad;
        mkrDonated += mkrWad;
    }

    function onOutcomeKnown(string memory what) external onlyHandler {
        ++entryOrExitWhileOutcomeKnown;
        lastOutcomeKnown = what;
    }

    /// @notice Some open position's outcome is fixed by the Flopper's rules (independently of the
    ///         pool's `settlementDue`): the pool holds the bid and no dent is possible any more, or a
    ///         third party already dealt it to the pool.
    function outcomeKnown() external view returns (bool) {
        if (flop.live() != 1) return false; // every open bid comes back at cost (yank)
        for (uint256 i; i < _openIds.length; ++i) {
            uint256 id = _openIds[i];
            if (_positions[id].fate == Fate.Dealt) return true;
            (,, address guy, uint48 tic, uint48 end) = flop.bids(id);
            if (guy == address(pool) && ((tic != 0 && tic <= block.timestamp) || end <= block.timestamp)) {
                return true;
            }
        }
        return false;
    }

    function onHalt() external onlyHandler {
        haltObserved = true;
    }

    function onViewMismatch(string memory what) external onlyHandler {
        ++viewMismatches;
        lastViewMismatch = what;
    }

    function onForbiddenSuccess(string memory what) external onlyHandler {
        ++forbiddenSuccesses;
        lastForbiddenSuccess = what;
    }

    function onWrongRevert(bytes memory err) external onlyHandler {
        ++wrongReverts;
        lastWrongRevert = err;
    }

    /// @notice The DAI a bid of `bidRad` locks: the bid rounded up to a whole nano-DAI (1e9 wei), as the
    ///         pool documents (one storage slot per position; at most 1e-9 DAI more, against the pool).
    function lockedDaiOf(uint256 bidRad) public pure returns (uint256) {
        return M.divUp(bidRad, 1e36) * 1e9;
    }

    function position(uint256 id) external view returns (GhostPosition memory) {
        return _positions[id];
    }

    function openIds() external view returns (uint256[] memory) {
        return _openIds;
    }

    /// @notice The lockedDai of open positions whose lot was already dealt to the pool: DAI the pool
    ///         no longer controls but converted into MKR it holds, pending `finalize`.
    function pendingDealt() external view returns (uint256 lockedDai, uint256 lot) {
        for (uint256 i; i < _openIds.length; ++i) {
            GhostPosition memory p = _positions[_openIds[i]];
            if (p.fate == Fate.Dealt) {
                lockedDai += p.lockedDaiWad;
                lot += p.lot;
            }
        }
    }

    // ================================================================ reference model

    /// @notice The model's entitlement of `a`, wad, rounded down.
    function entitlement(address a) external view returns (uint256 daiWad, uint256 mkrWad) {
        return (entDai[a] / SCALE, entMkr[a] / SCALE);
    }

    /// @dev A won position turns `lockedDai` of the contributors' DAI into `lot` MKR, pro rata to the
    ///      DAI each one is entitled to (the bid came out of everyone's DAI alike).
    function _modelWin(uint256 lockedDai, uint256 lot) internal {
        _bumpDust();
        uint256 w = totalEntDai;
        if (w == 0) return;
        uint256 spent = M.min(lockedDai * SCALE, w);
        uint256 won = lot * SCALE;
        for (uint256 i; i < _contributors.length; ++i) {
            address c = _contributors[i];
            uint256 e = entDai[c];
            if (e == 0) continue;
            uint256 d = M.min(M.fullMulDiv(e, spent, w), e);
            uint256 m = M.fullMulDiv(e, won, w);
            entDai[c] = e - d;
            totalEntDai -= d;
            entMkr[c] += m;
            totalEntMkr += m;
        }
    }

    /// @dev Skimmed value goes to the current holders, per share.
    function _modelSkim(uint256 daiWad, uint256 mkrWad) internal {
        _bumpDust();
        uint256 supply = pool.totalSupply();
        if (supply == 0) return;
        for (uint256 i; i < _contributors.length; ++i) {
            address c = _contributors[i];
            uint256 b = pool.balanceOf(c);
            if (b == 0) continue;
            uint256 d = M.fullMulDiv(daiWad * SCALE, b, supply);
            uint256 m = M.fullMulDiv(mkrWad * SCALE, b, supply);
            entDai[c] += d;
            totalEntDai += d;
            entMkr[c] += m;
            totalEntMkr += m;
        }
    }

    /// @notice Rounding tolerance of MKR claims: MKR dust, plus the DAI dust as MKR at the richest win
    ///         (degenerate governance lots make one DAI wei worth many MKR wei).
    function mkrTolerance() public view returns (uint256) {
        return dustMkr + dustDai * (1 + mkrPerDaiWei);
    }

    /// @dev Each operation may move up to the value of one share unit (plus a wei) between holders.
    function _bumpDust() internal {
        (uint256 d, uint256 locked, uint256 m) = pool.nav();
        uint256 supply = pool.totalSupply();
        dustDai += 2 + (supply == 0 ? 0 : (d + locked) / supply);
        dustMkr += 2 + (supply == 0 ? 0 : m / supply);
    }

    function _checkFair(
        string memory what,
        address a,
        uint256 actual,
        uint256 expectedScaled,
        uint256 tol
    ) internal {
        uint256 actualScaled = actual * SCALE;
        uint256 tolScaled = tol * SCALE;
        bool over = actualScaled > expectedScaled + tolScaled;
        if (over || (!relaxed() && actualScaled + tolScaled < expectedScaled)) {
            ++fairnessViolations;
            lastFairnessViolation = string.concat(
                what,
                ": ",
                VM.toString(a),
                " received ",
                VM.toString(actual),
                " entitled to ",
                VM.toString(expectedScaled / SCALE),
                " (tolerance ",
                VM.toString(tol),
                ")"
            );
        }
    }

    function _mismatch(uint256 id) internal {
        ++outcomeMismatches;
        lastMismatchId = id;
    }

    function _removeOpen(uint256 id) internal {
        uint256 n = _openIds.length;
        for (uint256 i; i < n; ++i) {
            if (_openIds[i] == id) {
                _openIds[i] = _openIds[n - 1];
                _openIds.pop();
                return;
            }
        }
    }
}
