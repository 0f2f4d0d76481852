// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {FixedPointMathLib as M} from "solady/utils/FixedPointMathLib.sol";

import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {Dai} from "test/mcd/Dai.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";

/// @title Ghost: the shared store and reference model of the syndicate invariant suite
/// @notice Holds what the handlers learn from the outside (the Flopper, the tokens, the amounts each call
///         took and paid) rather than from the pool's books: ghost sums for conservation, the true fate of
///         every position, the flags of properties 5, 8 and 12, call-summary counters, and the reference
///         model of property 6. Only the handlers write to it; it is never a fuzz target.
///
///         The reference model (property 6) is per holder and per round, and deliberately simple: it loops
///         over the six contributors at every event instead of keeping accumulators, and keeps amounts
///         scaled by 1e18 so its own rounding is negligible. For each holder it keeps:
///         - `value`: the DAI their shares own, liquid, locked by an exit request and minted for them by a
///           closed round and not yet claimed. A deposit adds what was paid; an exit takes `value * shares /
///           weight`; a transfer moves the same fraction; a won position takes its DAI from every holder
///           pro rata of their shares at the moment (the supply is frozen for the whole round, so these are
///           the shares that existed when the pool bid); DAI released by `skim` is added pro rata of the
///           shares at release time.
///         - `owed`: DAI an executed exit request is owed (and a deposit the round could not price), until
///           `claim`. At a round's close the locked shares' value moves here and a deposit request's DAI
///           joins `value` (it entered at the round's value, so at cost).
///         - `mkr`: every MKR wei earned: each won lot split pro rata over the shares at the moment (locked
///           ones included: an exit request still carries the round's outcome), each release of skimmed
///           MKR over the shares at release time. `mkrHidden` is the part earned by a pending exit
///           request's locked shares, which no view shows until the round closes (or the request is topped
///           up or cancelled). A newcomer's weight is zero before they join, so the model never gives them
///           MKR won before.
///         - share epochs: when a deposit (an enlist, or a round's close executing deposit requests) meets
///           shares that own less than 1 DAI in all and less than a wei per share (`writesOff`, on the
///           model's book with what skim is still releasing), the model writes them off: MKR being
///           released is credited to them at once, every holder's shares (liquid, minted for them and not
///           yet claimed) and the DAI they own (the dust) are gone, their MKR stays; the dust passes to
///           the new shares, minted one per DAI. At a round's close the exits leave first, at the round's
///           value.
///         Facts the model takes from the calls (not from the pool's books): the shares each call minted,
///         moved or paid (enlist's return value, claim's, the supply at a round's close from its event),
///         the amounts paid. The release of skimmed value is modelled by the spec's rule (linear over a day
///         of time with no round open and at least one share, brought up to date at the calls that do so).
///         The views count the release due now (what the next call would bring in): `entitlement` adds each
///         holder's part of it, split over the shares of the moment.
/// @dev Everything here is bounded: the actor sets are fixed at construction, there is at most one ghost
///      position per auction, and auctions are capped by the MakerHandler.
contract Ghost {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    /// @dev The reference model keeps amounts in wad * SCALE (and shares * SCALE), so its own rounding is
    ///      negligible.
    uint256 internal constant SCALE = 1e18;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant RAY = 1e27;
    /// @dev The spec's release period of `skim`.
    uint256 internal constant SKIM_RELEASE = 1 days;
    /// @dev The spec's bounds: the accumulator fits 112 bits; epochs are counted in 8 (after the 255th
    ///      write-off, none more).
    uint256 internal constant MAX_MKR_PER_SHARE = type(uint112).max;
    uint256 internal constant MAX_EPOCH = type(uint8).max;

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

    /// @notice DAI that entered the books: instant deposits, and deposit requests executed at a round's
    ///         close.
    uint256 public daiDeposited;
    /// @notice DAI `skim` found (released into the books over time).
    uint256 public daiSkimmed;
    /// @notice DAI of `skim` released into the books so far.
    uint256 public daiReleased;
    /// @notice DAI paid out by `defect`.
    uint256 public daiWithdrawn;
    /// @notice DAI moved out of the books at a round's close for its exit requests.
    uint256 public daiSetAside;
    /// @notice The lockedDai of positions that truly ended in MKR for the pool (per the Flopper).
    uint256 public daiSpentOnWins;
    /// @notice DAI the pool owes requesters of closed rounds (exits, and deposits it could not price), until
    ///         claimed.
    uint256 public owedDai;
    /// @notice DAI of the current round's deposit requests (held by the pool as ERC20, outside the books).
    uint256 public requestedDai;
    /// @notice Shares locked by the current round's exit requests.
    uint256 public requestedShares;
    /// @notice MKR the Flopper truly minted to the pool, counted when the position is finalized.
    uint256 public mkrWon;
    uint256 public mkrSkimmed;
    uint256 public mkrReleased;
    uint256 public mkrPaidOut;
    /// @notice DAI sent to the pool outside enlist, rad (ERC20 transfers count wad * RAY).
    uint256 public daiDonatedRad;
    uint256 public mkrDonated;

    // ------------------------------------------------------------ shares (facts) and the accumulator

    /// @notice Shares outstanding: every share a call minted less every share a call burned.
    uint256 public supply;
    /// @notice Shares minted by closed rounds to the escrow and not yet claimed.
    uint256 public escrowMinted;
    /// @notice The spec's accumulator: each won lot adds `lot * 1e27 / supply`, each release of skimmed
    ///         MKR `mkr * 1e27 / supply`, rounded down.
    uint256 public mkrPerShareRay;

    // ------------------------------------------------------------ skim's release (the spec's rule)

    uint256 public releaseDai;
    uint256 public releaseMkr;
    uint256 public releaseLast;
    uint256 public releaseEnd;

    // ------------------------------------------------------------ share epochs

    /// @notice The share epoch (from 1): one more at every write-off.
    uint256 public epoch = 1;
    uint256 public writeOffs;
    /// @notice The most the written-off holders lost together at one write-off (the DAI their shares owned in
    ///         the model), wad: at most the dust, below 1 DAI (property 6).
    uint256 public maxWriteOffLoss;

    /// @notice What a call's `SharesWrittenOff(epoch, shares, dustDaiWad)` said (`happened`: it emitted one).
    struct WriteOff {
        bool happened;
        uint256 epoch;
        uint256 shares;
        uint256 dustDaiWad;
    }

    /// @notice What the `finalize` that emptied the queue emitted: `RoundClosed` (`emitted`, its round and
    ///         values) and `SharesWrittenOff`.
    struct Close {
        bool emitted;
        uint256 round;
        uint256 enlistDai;
        uint256 minted;
        uint256 exitShares;
        uint256 paidDai;
        uint256 navDai;
        uint256 supply;
        WriteOff writeOff;
    }

    // ------------------------------------------------------------ rounds

    /// @notice The current round (from 1). It moves on only when a round with requests closes.
    uint256 public roundId = 1;
    /// @notice The current round's deadline: the first request's time + min(ttl, tau) (0: no request).
    uint256 public closeBy;
    /// @notice When the current round's first request was made (0: none).
    uint256 public firstRequestAt;
    /// @notice A round closed with values other than the spec's (or closed when it should not have).
    uint256 public closeMismatches;
    string public lastCloseMismatch;
    uint256 public roundsClosed;
    uint256 public roundsWithDepositsReturned;

    // ------------------------------------------------------------ property 12: deadline

    uint256 public deadlineViolations;
    string public lastDeadlineViolation;

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

    bool public haltObserved;
    uint256 public depositsAfterHalt;
    uint256 public positionsAfterHalt;
    uint256 public exitsAfterHalt;
    /// @notice enlist or defect succeeded while a position was open.
    uint256 public entryOrExitInRound;

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

    /// @notice One holder in the model. Amounts marked scaled are wad * SCALE (shares * SCALE).
    /// @param shares Liquid shares (a fact: what the calls moved).
    /// @param lockShares Shares locked by the current round's exit request.
    /// @param reqDai DAI of the current round's deposit request, wad.
    /// @param round The round of the holder's requests (0: none); below `roundId`: executed, to claim.
    /// @param pendShares Shares a closed round minted for the holder's deposit, not yet claimed, scaled.
    /// @param owed DAI owed for an executed exit request (or a deposit returned), scaled.
    /// @param value DAI owned through all the holder's shares, scaled.
    /// @param mkr MKR earned, scaled.
    /// @param mkrHidden The part of `mkr` a pending exit request's shares earned this round, scaled.
    /// @param mkrGot MKR received, wad.
    /// @param daiGot DAI received, wad.
    /// @param daiPaid DAI paid in (deposits and deposit requests), wad.
    /// @param execEnlist The holder's deposit request of round `round` executed (the pool keeps its record
    ///        until claimed).
    /// @param execDefect The holder's exit request of round `round` executed (likewise).
    struct Holder {
        uint256 shares;
        uint256 lockShares;
        uint256 reqDai;
        uint256 round;
        uint256 pendShares;
        uint256 owed;
        uint256 value;
        uint256 mkr;
        uint256 mkrHidden;
        uint256 mkrGot;
        uint256 daiGot;
        uint256 daiPaid;
        bool execEnlist;
        bool execDefect;
    }

    mapping(address => Holder) internal _holders;

    /// @notice Rounding bounds accumulated over the operations so far (see SyndicateProperties.fairness for
    ///         the table of what each operation adds), wad.
    uint256 public tolDai;
    /// @notice Shares lost to rounding so far (each deposit rounds its shares down by less than one; a
    /// round's close, per requester). Their DAI value moves with the share price (a release or a win after
    ///         them), so they count at the price of the moment: `tolDaiNow`.
    uint256 public tolShares;
    uint256 public tolMkr;
    uint256 public fairnessViolations;
    string public lastFairnessViolation;
    /// @notice A newcomer received MKR won before they joined, or paid for it (their shares were priced
    ///         with MKR in).
    uint256 public newcomerViolations;
    string public lastNewcomerViolation;

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

    function holder(address a) external view returns (Holder memory) {
        return _holders[a];
    }

    // ================================================================ call summary

    function count(string memory name) public onlyHandler {
        if (calls[name] == 0) _names.push(name);
        ++calls[name];
    }

    /// @notice Every call and skip name counted so far (see `calls`).
    function names() external view returns (string[] memory) {
        return _names;
    }

    // ================================================================ rounds

    /// @notice A round is open (the model's view: some position the ghost knows is open).
    function roundOpen() public view returns (bool) {
        return _openIds.length != 0;
    }

    /// @notice The DAI the books should hold (daiBook + lockedBook), wad.
    function bookDai() public view returns (uint256) {
        return daiDeposited + daiReleased - daiWithdrawn - daiSetAside - daiSpentOnWins;
    }

    /// @notice The MKR the book should hold, wad. In relaxed mode MKR dealt to the pool and booked (to the
    ///         wrong position) before the model saw that position's finalize can already have been paid
    ///         out, so what was paid may exceed what the model saw come in: 0 then (property 3 compares
    ///         without the subtraction). In exact mode that would be a model error.
    function bookMkr() public view returns (uint256) {
        uint256 inWad = mkrWon + mkrReleased;
        if (inWad >= mkrPaidOut) return inWad - mkrPaidOut;
        require(relaxed(), "Ghost: MKR paid out beyond MKR won and released");
        return 0;
    }

    /// @notice What the release would bring into the books if brought up to date now (the spec's rule):
    ///         nothing while a round is open or fewer than 1e18 shares exist; otherwise the part of what is
    ///         left proportional to the time since the last update over the time to the end.
    ///         MKR the accumulator or the book could not take stays, to be released later.
    function releaseDue() public view returns (uint256 daiOut, uint256 mkrOut) {
        if (roundOpen() || block.timestamp <= releaseLast || supply < WAD) return (0, 0);
        (daiOut, mkrOut) = (releaseDai, releaseMkr);
        if (block.timestamp < releaseEnd) {
            daiOut = releaseDai * (block.timestamp - releaseLast) / (releaseEnd - releaseLast);
            mkrOut = releaseMkr * (block.timestamp - releaseLast) / (releaseEnd - releaseLast);
        }
        if (!_mkrFits(mkrOut, supply)) mkrOut = 0;
    }

    /// @notice The spec's write-off rule: `supply` shares owning `daiWad` (with what skim is still
    ///         releasing) own less than 1 DAI in all and less than a wei of DAI per wei of shares.
    function writesOff(uint256 daiWad, uint256 supply_) public pure returns (bool) {
        return supply_ != 0 && daiWad < WAD && daiWad < supply_;
    }

    /// @notice The DAI skim is releasing to `supply_` shares, wad: all of it from one whole share up; below
    ///         that the release is paused and its DAI nobody's yet (it resumes for the next shares), so it
    ///         neither counts toward a write-off nor is folded by one.
    function releasingTo(uint256 supply_) public view returns (uint256) {
        return supply_ >= WAD ? releaseDai : 0;
    }

    /// @dev The accumulator (over `shares`) and the MKR book can take `mkrWad` more.
    function _mkrFits(uint256 mkrWad, uint256 shares) internal view returns (bool) {
        return mkrWad * RAY / shares <= MAX_MKR_PER_SHARE - mkrPerShareRay
            && mkrWad <= type(uint128).max - bookMkr();
    }

    /// @dev Brings the release up to date, as the calls that do so (enlist, defect, transfers, claim,
    ///      skim, the round's first entry) do before anything else.
    function _touch() internal {
        if (releaseDai == 0 && releaseMkr == 0) return;
        if (roundOpen() || block.timestamp <= releaseLast) return;
        if (supply < WAD) {
            _pushReleaseBack();
            return;
        }
        (uint256 daiOut, uint256 mkrOut) = releaseDue();
        releaseDai -= daiOut;
        releaseMkr -= mkrOut;
        releaseLast = block.timestamp;
        if (daiOut == 0 && mkrOut == 0) return;
        daiReleased += daiOut;
        mkrReleased += mkrOut;
        mkrPerShareRay += mkrOut * RAY / supply;
        _split(daiOut, true, mkrOut, true);
        // The model splits exactly; the pool credits MKR through the accumulator (rounded down).
        tolMkr += _creditBound(mkrOut);
        tolDai += 1;
    }

    /// @dev Nothing was released since `releaseLast`: the end moves back by as long.
    function _pushReleaseBack() internal {
        releaseEnd = M.min(releaseEnd + block.timestamp - releaseLast, type(uint32).max);
        releaseLast = block.timestamp;
    }

    /// @notice A call that brings the release up to date succeeded (the round's first `enterAuction`).
    function onTouch() external onlyHandler {
        _touch();
    }

    function _deadline() internal {
        if (closeBy != 0) return;
        closeBy = M.min(block.timestamp + M.min(flop.ttl(), flop.tau()), type(uint32).max);
        firstRequestAt = block.timestamp;
    }

    /// @dev The round's last request was cancelled: the deadline is lifted (the next request sets a new one).
    function _liftDeadline() internal {
        if (requestedDai != 0 || requestedShares != 0) return;
        closeBy = 0;
        firstRequestAt = 0;
    }

    /// @dev A write-off credits what skim is still releasing of MKR at once to the shares being written off,
    ///      `shares` of them (at a round's close every share of the round, the exits' too: they held it
    ///      through the round), unless the accumulator or the book could not take it (it then stays, to be
    ///      released to the next shares).
    function _foldMkr(uint256 shares) internal {
        uint256 m = releaseMkr;
        if (m == 0 || !_mkrFits(m, shares)) return;
        count("ghost.writeOff.mkrFolded");
        releaseMkr = 0;
        mkrReleased += m;
        mkrPerShareRay += m * RAY / shares;
        tolMkr += _creditBound(m);
        _split(0, true, m, true);
    }

    /// @dev Writes off the `supply` shares outstanding (a round's exits already gone): if `fold` (at least
    ///      one whole share: the release was theirs), the DAI skim is still releasing joins the book (theirs
    ///      for a moment), else it stays paused for the next shares; then every holder's shares, liquid or
    ///      minted for them and not yet claimed, are gone with the DAI they own; their MKR stays. Returns the
    ///      dust (the model's book, wad), which passes to the new shares. Checks `fact` (the pool's
    /// SharesWrittenOff) against the model (property 6): the epoch, the shares, the dust; and that the
    /// holders together
    ///      lost at most the dust, below 1 DAI (each holder's value may be off the book by its rounding
    ///      bound).
    function _writeOff(WriteOff memory fact, bool fold) internal returns (uint256 dust) {
        if (releaseDai == 0) {
            count("ghost.writeOff");
        } else if (!fold) {
            count("ghost.writeOff.releasePausedForTheNextShares");
        } else {
            count("ghost.writeOff.daiFolded");
            uint256 releasing = releaseDai;
            releaseDai = 0;
            daiReleased += releasing;
            _split(releasing, true, 0, true);
        }
        dust = bookDai();
        uint256 lost;
        for (uint256 i; i < _contributors.length; ++i) {
            Holder storage x = _holders[_contributors[i]];
            lost += x.value;
            x.value = 0;
            x.shares = 0;
            x.pendShares = 0;
        }
        lost /= SCALE;
        if (lost > maxWriteOffLoss) maxWriteOffLoss = lost;
        if (
            !fact.happened || fact.epoch != epoch || fact.shares != supply
                || (!relaxed() && fact.dustDaiWad != dust)
        ) {
            _violation(
                string.concat("6: SharesWrittenOff != the model's write-off of epoch ", VM.toString(epoch))
            );
        }
        if (!relaxed() && (dust >= WAD || lost > dust + _contributors.length * (tolDaiNow() + 1))) {
            _violation(
                string.concat("6: a write-off took more than the dust below 1 DAI: ", VM.toString(lost))
            );
        }
        ++epoch;
        ++writeOffs;
        supply = 0;
        escrowMinted = 0;
    }

    /// @notice The `finalize` that emptied the queue ran, emitting `c`. The model closes the round (if anyone
    ///         asked to join or leave) and checks the close priced it at the value after the round: exits
    ///         `shares * nav / supply`, then deposits `dai * remaining shares / remaining DAI`, both rounded
    ///         down, with the totals and the book the ghost expects; unless the shares that stay own less
    ///         than 1 DAI (`writesOff`, with what skim releases to them: `releasingTo`) and deposits come
    ///         in: then they are written off after the exits leave (from one whole share left, what is being
    ///         released is folded first, its MKR over every share of the round) and the deposits get one
    /// share per DAI and the dust.
    // solhint-disable-next-line function-max-lines
    function onQueueEmptied(Close memory c) external onlyHandler {
        if (releaseDai != 0 || releaseMkr != 0) _pushReleaseBack();
        if (closeBy == 0) {
            if (c.emitted) _closeMismatch("RoundClosed without any request");
            return;
        }
        if (!c.emitted) return _closeMismatch("requests were made but the round did not close");
        _checkTotals(c);
        // The spec's prices, on the pool's own nav (in relaxed mode the book may be short, never long): the
        // exits leave first at `nav / supply`, then the deposits buy into what stays at the same value (one
        // share per DAI if no share stays, or after a write-off).
        uint256 expPaid = M.fullMulDiv(c.exitShares, c.navDai, c.supply);
        uint256 remaining = c.supply - c.exitShares;
        uint256 daiLeft = c.navDai - expPaid;
        bool off =
            c.enlistDai != 0 && epoch < MAX_EPOCH && writesOff(daiLeft + releasingTo(remaining), remaining);
        if (off != c.writeOff.happened) _closeMismatch("RoundClosed: written off against the model");
        bool fold = remaining >= WAD;
        if (off && fold) _foldMkr(supply);
        uint256 priceUnit = _shareUnit(c.navDai, c.supply);
        uint256 requesters = _executeExits();
        daiSetAside += c.paidDai;
        owedDai += c.paidDai;
        supply -= c.exitShares;
        uint256 dust;
        if (off) {
            dust = _writeOff(c.writeOff, fold);
            remaining = 0;
        }
        uint256 expMinted;
        if (c.enlistDai != 0) {
            if (remaining == 0) expMinted = c.enlistDai;
            else if (daiLeft != 0) expMinted = M.fullMulDiv(c.enlistDai, remaining, daiLeft);
            if (expMinted > type(uint128).max - remaining) expMinted = 0;
        }
        if (c.paidDai != expPaid) _closeMismatch("RoundClosed: exits not paid shares * nav / supply");
        if (c.minted != expMinted) _closeMismatch("RoundClosed: deposits not minted dai * supply / nav");
        _executeDeposits(c.minted, c.enlistDai, dust);
        if (c.minted != 0) daiDeposited += c.enlistDai;
        else owedDai += c.enlistDai;
        if (c.minted == 0 && c.enlistDai != 0) ++roundsWithDepositsReturned;
        supply += c.minted;
        escrowMinted += c.minted;
        // Exits and deposits are priced rounded down (the rest stays with the others) and each claim takes
        // its part of what is left rounded down (the last claimer takes the rest): each requester may be
        // off by a share unit per claimer, plus a wei.
        tolDai += (requesters + 2) * (M.max(priceUnit, _shareUnit(bookDai(), supply)) + 1);
        tolShares += requesters + 2;
        requestedDai = 0;
        requestedShares = 0;
        closeBy = 0;
        firstRequestAt = 0;
        ++roundId;
        ++roundsClosed;
    }

    /// @dev `RoundClosed`'s round and totals are the model's, and its nav the model's book (but in relaxed
    ///      mode, where the book may be short).
    function _checkTotals(Close memory c) internal {
        if (c.round != roundId) _closeMismatch("RoundClosed: round");
        if (c.enlistDai != requestedDai) _closeMismatch("RoundClosed: enlistDai != requested DAI");
        if (c.exitShares != requestedShares) _closeMismatch("RoundClosed: defectShares != requested shares");
        if (c.supply != supply) _closeMismatch("RoundClosed: totalShares != supply");
        if (!relaxed() && c.navDai != bookDai()) {
            _closeMismatch("RoundClosed: nav != the book after the round");
        }
    }

    /// @dev At a round's close: each requester's locked shares leave with the value they carry (owed until
    ///      claimed). Returns the number of requesters.
    function _executeExits() internal returns (uint256 requesters) {
        for (uint256 i; i < _contributors.length; ++i) {
            Holder storage x = _holders[_contributors[i]];
            if (x.round != roundId) continue;
            ++requesters;
            x.execEnlist = x.reqDai != 0;
            x.execDefect = x.lockShares != 0;
            if (x.lockShares == 0) continue;
            uint256 v = M.fullMulDiv(x.value, x.lockShares * SCALE, _weight(x));
            x.value -= v;
            x.owed += v;
            x.lockShares = 0;
            x.mkrHidden = 0; // shown by claimableMkr once the round is closed
        }
    }

    /// @dev At a round's close: each deposit request buys its part of the `minted` shares with its DAI and
    /// its part of the `dust` a write-off passed on; or, if none were minted, its DAI is owed back.
    function _executeDeposits(uint256 minted, uint256 enlistDai, uint256 dust) internal {
        for (uint256 i; i < _contributors.length; ++i) {
            Holder storage x = _holders[_contributors[i]];
            if (x.round != roundId || x.reqDai == 0) continue;
            if (minted != 0) {
                x.value += x.reqDai * SCALE + M.fullMulDiv(dust * SCALE, x.reqDai, enlistDai);
                x.pendShares += M.fullMulDiv(minted * SCALE, x.reqDai, enlistDai);
            } else {
                x.owed += x.reqDai * SCALE;
            }
            x.reqDai = 0;
        }
    }

    /// @notice The pool's `SharesWrittenOff` among `logs`, if any (a fact: what the call emitted).
    function writtenOff(Vm.Log[] memory logs) external view returns (WriteOff memory w) {
        bytes32 topic = keccak256("SharesWrittenOff(uint256,uint256,uint256)");
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(pool) || logs[i].topics[0] != topic) continue;
            w.happened = true;
            w.epoch = uint256(logs[i].topics[1]);
            (w.shares, w.dustDaiWad) = abi.decode(logs[i].data, (uint256, uint256));
        }
    }

    function _closeMismatch(string memory what) internal {
        ++closeMismatches;
        lastCloseMismatch = what;
    }

    // ================================================================ contributors

    /// @notice `a` deposited `daiWad` and received `shares` (enlist, no round open), emitting `fact`. If the
    ///         shares outstanding own less than 1 DAI (`writesOff`, on the model's book with what skim
    ///         releases to them), the deposit writes them off first and buys the dust with its shares, one
    /// per DAI. In relaxed mode the model's book may be long, so it follows the pool's write-off.
    function onEnlist(
        address a,
        uint256 daiWad,
        uint256 shares,
        bool haltedBefore,
        WriteOff memory fact
    ) external onlyHandler {
        _touch();
        if (haltedBefore) ++depositsAfterHalt;
        if (roundOpen()) ++entryOrExitInRound;
        bool off = epoch < MAX_EPOCH && writesOff(bookDai() + releasingTo(supply), supply);
        if (relaxed()) off = fact.happened;
        uint256 dust;
        if (off) {
            bool fold = supply >= WAD;
            if (fold) _foldMkr(supply);
            dust = _writeOff(fact, fold);
        } else {
            if (fact.happened) _violation("6: enlist wrote off shares the model prices");
            // The depositor's shares are rounded down: they may give up to one share unit to the others.
            tolDai += _shareUnit(bookDai(), supply) + 1;
            ++tolShares;
        }
        tolMkr += 1;
        Holder storage x = _holders[a];
        x.value += (daiWad + dust) * SCALE;
        x.shares += shares;
        x.daiPaid += daiWad;
        supply += shares;
        daiDeposited += daiWad;
    }

    /// @notice `a` burned `shares` and received `daiWad` and `mkrWad` (defect, no round open). Checks the
    ///         DAI against the model: the value of `shares` out of all the holder's shares.
    function onDefect(
        address a,
        uint256 shares,
        uint256 daiWad,
        uint256 mkrWad,
        bool haltedBefore
    ) external onlyHandler {
        _touch();
        if (haltedBefore) ++exitsAfterHalt;
        if (roundOpen()) ++entryOrExitInRound;
        Holder storage x = _holders[a];
        uint256 v = M.fullMulDiv(x.value, shares * SCALE, _weight(x));
        _checkFair("defect DAI", a, daiWad, v, tolDaiNow());
        x.value -= v;
        x.shares -= shares;
        x.daiGot += daiWad;
        x.mkrGot += mkrWad;
        supply -= shares;
        daiWithdrawn += daiWad;
        mkrPaidOut += mkrWad;
        tolDai += 2;
        tolMkr += 1;
    }

    /// @notice `shares` of `from` moved to `to`, with the value they carry; the MKR they earned stays.
    function onTransfer(address from, address to, uint256 shares) external onlyHandler {
        _touch();
        if (from == to || shares == 0) return;
        Holder storage f = _holders[from];
        Holder storage t = _holders[to];
        uint256 v = M.fullMulDiv(f.value, shares * SCALE, _weight(f));
        f.value -= v;
        t.value += v;
        f.shares -= shares;
        t.shares += shares;
        tolDai += 1;
        tolMkr += 1;
    }

    /// @notice `a` asked to join the open round with `daiWad` (taken now).
    function onRequestEnlist(address a, uint256 daiWad, bool haltedBefore) external onlyHandler {
        if (haltedBefore) ++depositsAfterHalt;
        Holder storage x = _holders[a];
        x.reqDai += daiWad;
        x.round = roundId;
        x.daiPaid += daiWad;
        requestedDai += daiWad;
        _deadline();
    }

    /// @notice `a` asked to leave with `shares` (locked now, still in the supply).
    function onRequestDefect(address a, uint256 shares) external onlyHandler {
        Holder storage x = _holders[a];
        // Topping a request up credits what its shares earned so far aside, where claimableMkr shows it.
        x.mkrHidden = 0;
        x.shares -= shares;
        x.lockShares += shares;
        x.round = roundId;
        requestedShares += shares;
        tolMkr += 1;
        _deadline();
    }

    /// @notice `a` withdrew its deposit request: `daiWad` came back.
    function onCancelEnlist(address a, uint256 daiWad) external onlyHandler {
        Holder storage x = _holders[a];
        if (daiWad != x.reqDai) _checkFair("cancelEnlist DAI", a, daiWad, x.reqDai * SCALE, 0);
        requestedDai -= x.reqDai;
        x.daiGot += daiWad;
        x.reqDai = 0;
        if (x.lockShares == 0) x.round = 0;
        _liftDeadline();
    }

    /// @notice `a` withdrew its exit request: `shares` came back (with the MKR they earned while locked).
    function onCancelDefect(address a, uint256 shares) external onlyHandler {
        Holder storage x = _holders[a];
        if (shares != x.lockShares) {
            ++viewMismatches;
            lastViewMismatch = "cancelDefect: shares returned != shares locked";
        }
        requestedShares -= x.lockShares;
        x.shares += x.lockShares;
        x.lockShares = 0;
        x.mkrHidden = 0;
        if (x.reqDai == 0) x.round = 0;
        tolMkr += 1;
        _liftDeadline();
    }

    /// @notice `a`'s executed requests paid `shares`, `daiWad` and `mkrWad` (claim, by anyone, or the claim
    ///         a new request makes first). Checks the DAI against what the model says is owed.
    function onClaim(address a, uint256 shares, uint256 daiWad, uint256 mkrWad) external onlyHandler {
        _touch();
        Holder storage x = _holders[a];
        _checkFair("claim DAI", a, daiWad, x.owed, tolDaiNow());
        x.shares += shares;
        x.pendShares = 0;
        x.owed = 0;
        x.round = 0;
        x.execEnlist = false;
        x.execDefect = false;
        x.daiGot += daiWad;
        x.mkrGot += mkrWad;
        escrowMinted -= M.min(shares, escrowMinted); // a claim of more is caught by property 2
        owedDai -= M.min(daiWad, owedDai); // a claim of more is caught by the check above
        mkrPaidOut += mkrWad;
        tolMkr += 1;
    }

    /// @notice `a` collected `mkrWad` with claimMkr (which brings skim's release in first).
    function onClaimMkr(address a, uint256 mkrWad) external onlyHandler {
        _touch();
        _holders[a].mkrGot += mkrWad;
        mkrPaidOut += mkrWad;
        tolMkr += 1;
    }

    // ================================================================ auctions

    /// @notice The pool entered auction `id` for `lot` MKR at the Flopper's fixed `bidRad`, settling at
    ///         `settleAt`.
    function onEntered(
        uint256 id,
        uint256 bidRad,
        uint256 lot,
        uint256 lotExpected,
        uint256 settleAt,
        bool haltedBefore
    ) external onlyHandler {
        GhostPosition storage p = _positions[id];
        if (p.fate != Fate.None) {
            // Re-entry after being outbid: the old position closes as a refund, which it must be.
            if (p.fate != Fate.Refunded) _mismatch(id);
            _removeOpen(id);
        }
        if (haltedBefore) ++positionsAfterHalt;
        // Property 12: with requests pending, every new position settles by the round's deadline.
        if (closeBy != 0 && settleAt > closeBy) {
            ++deadlineViolations;
            lastDeadlineViolation = string.concat(
                "12: position ",
                VM.toString(id),
                " entered after the first request settles at ",
                VM.toString(settleAt),
                ", after closeBy ",
                VM.toString(closeBy)
            );
        }
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
            mkrWon += p.lot;
            daiSpentOnWins += p.lockedDaiWad;
            // The round's shares, frozen since the pool bid, share the lot and the DAI it cost.
            if (supply != 0) mkrPerShareRay += uint256(p.lot) * RAY / supply;
            _split(p.lockedDaiWad, false, p.lot, false);
            tolMkr += _creditBound(p.lot);
            tolDai += 1;
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

    /// @notice `skim` found `daiWad` and `mkrWad`: they are released over a day from now, together with
    ///         what was still being released.
    function onSkim(uint256 daiWad, uint256 mkrWad) external onlyHandler {
        _touch();
        daiSkimmed += daiWad;
        mkrSkimmed += mkrWad;
        releaseDai += daiWad;
        releaseMkr += mkrWad;
        releaseLast = block.timestamp;
        releaseEnd = block.timestamp + SKIM_RELEASE;
    }

    function onDonate(uint256 daiRad, uint256 mkrWad) external onlyHandler {
        daiDonatedRad += daiRad;
        mkrDonated += mkrWad;
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

    function onNewcomerViolation(string memory what) external onlyHandler {
        ++newcomerViolations;
        lastNewcomerViolation = what;
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

    /// @notice The model's entitlement of `a`, wad, rounded down: the DAI they own (through their shares,
    ///         owed for executed requests, and asked in by a pending deposit request), and the MKR they
    ///         earned that the pool's views can show now (`mkr - mkrHidden`), less what they received; both
    ///         with their part of what skim's release has due now (split over the shares of the moment, as
    ///         the next call that brings it in would), which the views count.
    function entitlement(address a) external view returns (uint256 daiWad, uint256 mkrWad, uint256 mkrTotal) {
        Holder storage x = _holders[a];
        (uint256 dueDai, uint256 dueMkr) = releaseDue();
        uint256 total;
        for (uint256 i; i < _contributors.length; ++i) {
            total += _weight(_holders[_contributors[i]]);
        }
        if (total != 0) {
            dueDai = M.fullMulDiv(dueDai * SCALE, _weight(x), total);
            dueMkr = M.fullMulDiv(dueMkr * SCALE, _weight(x), total);
        }
        daiWad = (x.value + x.owed + dueDai) / SCALE + x.reqDai;
        mkrWad = (x.mkr - x.mkrHidden + dueMkr) / SCALE;
        mkrTotal = (x.mkr + dueMkr) / SCALE;
    }

    /// @notice The rounding bound of the release due now, as the views count it (see `entitlement`): a wei of
    ///         DAI, and the accumulator's (`_creditBound`) for the MKR.
    /// @notice The DAI rounding bound now, wad: `tolDai`, plus the shares lost to rounding (`tolShares`) at
    ///         one share unit of the moment (the books with the due release over the supply, rounded up).
    function tolDaiNow() public view returns (uint256) {
        (uint256 dueDai,) = releaseDue();
        return tolDai + tolShares * _shareUnit(bookDai() + dueDai, supply);
    }

    function dueTolerance() external view returns (uint256 daiWad, uint256 mkrWad) {
        (uint256 dueDai, uint256 dueMkr) = releaseDue();
        if (dueDai != 0) daiWad = 1;
        if (dueMkr != 0) mkrWad = _creditBound(dueMkr);
    }

    /// @dev All the holder's shares (liquid, locked, minted for them and not yet claimed), scaled.
    function _weight(Holder storage x) internal view returns (uint256) {
        return (x.shares + x.lockShares) * SCALE + x.pendShares;
    }

    /// @dev Splits `daiWad` (added or taken) and `mkrWad` (added) over the holders pro rata of their shares
    ///      now. `release`: no exit request can be pending (no round is open), so no MKR is hidden.
    function _split(uint256 daiWad, bool daiIn, uint256 mkrWad, bool release) internal {
        uint256 total;
        for (uint256 i; i < _contributors.length; ++i) {
            total += _weight(_holders[_contributors[i]]);
        }
        if (total == 0) return;
        for (uint256 i; i < _contributors.length; ++i) {
            Holder storage x = _holders[_contributors[i]];
            uint256 w = _weight(x);
            if (w == 0) continue;
            uint256 d = M.fullMulDiv(daiWad * SCALE, w, total);
            if (daiIn) x.value += d;
            else x.value -= M.min(d, x.value);
            x.mkr += M.fullMulDiv(mkrWad * SCALE, w, total);
            if (!release && x.lockShares != 0) {
                x.mkrHidden += M.fullMulDiv(mkrWad * SCALE, x.lockShares * SCALE, total);
            }
        }
    }

    /// @dev The most a holder's MKR can fall short of (or, for a claimer of minted shares, exceed) the
    ///      model's exact split of `mkrWad` over the supply: the accumulator's step is rounded down (at most
    ///      `shares / 1e27` wei for any holder), each accrual rounds down (a wei), and the shares minted for
    ///      a deposit request are only fixed at claim (each claimer's part is off by at most one share per
    ///      claimer: `mkrWad / supply` wei a share).
    function _creditBound(uint256 mkrWad) internal view returns (uint256) {
        if (supply == 0) return 0;
        uint256 pendingClaimers;
        for (uint256 i; i < _contributors.length; ++i) {
            if (_holders[_contributors[i]].pendShares != 0) ++pendingClaimers;
        }
        return 2 + supply / RAY + (pendingClaimers + 1) * (M.divUp(mkrWad, supply) + 1);
    }

    /// @dev The DAI value of one share unit (1 wei of shares), rounded up: what rounding a share count
    ///      down can cost.
    function _shareUnit(uint256 navDai, uint256 shares) internal pure returns (uint256) {
        return shares == 0 ? 0 : M.divUp(navDai, shares);
    }

    function _checkFair(
        string memory what,
        address a,
        uint256 actual,
        uint256 expectedScaled,
        uint256 tol
    ) internal {
        uint256 actualScaled = actual * SCALE;
        uint256 tolScaled = (tol + 1) * SCALE;
        bool over = actualScaled > expectedScaled + tolScaled;
        if (over || (!relaxed() && actualScaled + tolScaled < expectedScaled)) {
            _violation(
                string.concat(
                    "6: ",
                    what,
                    ": ",
                    VM.toString(a),
                    " received ",
                    VM.toString(actual),
                    " entitled to ",
                    VM.toString(expectedScaled / SCALE),
                    " (tolerance ",
                    VM.toString(tol + 1),
                    ")"
                )
            );
        }
    }

    function _violation(string memory what) internal {
        ++fairnessViolations;
        lastFairnessViolation = what;
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
