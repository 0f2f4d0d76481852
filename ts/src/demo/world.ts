/**
 * The debt auctions of March 2020 as a world the keeper lives in: after the flip replay, the 12 March
 * spell's parameters, then from 19 March the Vow's debt released (`flog`), healed against the flip
 * auctions' DAI, and auctioned (`flop`) in three phases; rival bidders dent, Maker's keepers deal;
 * the syndicate's keeper (the real one, stepped in-process) enters, finalizes, ticks and, once the
 * operator turns it on, kisses. Time jumps from one event to the next; every action of one moment
 * shares a block (devchain/blocks.ts: automine is off for the whole phase).
 *
 * The phases (recorded time, UTC):
 * 1. 19 March 14:28 (the first debt auction): flog what is due, heal the Vow's DAI, flop phase one's
 *    lots (black-thursday.json: 40).
 * 2. 20 March 14:00: flog; `flop()` is tried. If a first dent left DAI in the Vow (the March 2020
 *    Flopper does not kiss), it is refused ("Vow/surplus-not-zero"): recorded as `flop-blocked`, and
 *    the operator turns on the keeper's optional kiss (auction keepers switched to kiss on 20 March
 *    2020); once the keeper's kiss is mined, phase two's lots (46) are flopped.
 * 3. 23 March 14:00: flog; flop until less than `sump` of released debt is left (the unblocking
 *    spell's lots).
 * The world ends when the scenario's `done` says so (everything dealt, or the pools idle) or at the
 * deadline.
 *
 * A leaver (the no-rivals scenario): as soon as their tier has a bid out (its round is open), the
 * member tries `defect` (refused: `RoundOpen`, simulated, nothing sent), asks to leave instead
 * (`requestDefect` of all their shares), and once the round has closed (at the keeper's finalize that
 * empties the pool's queue) sends `claim` for themselves: what `backstop defect all`, `backstop defect
 * all --request` and `backstop claim` do.
 */
import type { Address, LocalAccount } from 'viem';
import { flopDealWrite, flopDentWrite, flopKicks, vowFlopRefusal } from '../chain/actors.js';
import { vatHopeWrite, vatSuckWrite, vowFlopWrite, vowHealWrite } from '../chain/governance.js';
import type { ReadClient } from '../chain/clients.js';
import { readAuctions, readFlopper, type FlopAuction, type FlopperParams } from '../chain/flopper.js';
import type { KeeperCall } from '../chain/keeperCalls.js';
import { flogDueWrite } from '../chain/replay.js';
import { ChainRevertError, roundDeadlineText, type DecodedRevert } from '../chain/errors.js';
import { simulateWrite } from '../chain/send.js';
import { claimWrite, defectWrite, readHolder, readSyndicate, readSyndicates, requestDefectWrite, type PoolStatus } from '../chain/syndicate.js';
import { readVow, type VowState } from '../chain/vow.js';
import type { MakerAddresses } from '../config/addressBook.js';
import type { BlockBuilder } from '../devchain/blocks.js';
import { setBlockGasLimit, setNextBaseFee } from '../devchain/faults.js';
import { BackstopError } from '../errors.js';
import type { Keeper, StepReport } from '../keeper/keeper.js';
import type { TxEvent } from '../keeper/txManager.js';
import { formatUnit } from '../units.js';
import { CONGESTED_BLOCK_GAS, fill } from './congestion.js';
import { dueDents, lotRivals, nextArrival, type LotRivals, type RivalCalibration } from './rivals.js';

const RAD = 10n ** 45n;
const shortAddress = (a: Address) => `${a.slice(0, 6)}…${a.slice(-4)}`;
/** Seconds between blocks while something is in flight. */
export const BLOCK_SECONDS = 13n;

const at = (iso: string) => BigInt(Date.parse(iso) / 1000);
/** The phases' recorded times (see the module's note). */
export const PHASE_TIMES = {
  one: at('2020-03-19T14:28:00Z'),
  two: at('2020-03-20T14:00:00Z'),
  three: at('2020-03-23T14:00:00Z'),
} as const;

/** Gas limits of the world's own transactions (their real use is well under). */
const GAS = { flop: 400_000n, heal: 200_000n, flog: 15_000_000n, dent: 300_000n, deal: 300_000n, suck: 200_000n, hope: 100_000n, request: 400_000n, claim: 400_000n } as const;

export type WorldPhase = 'spell' | 'waiting' | 'phase one' | 'phase two' | 'phase three' | 'settling' | 'done';

/** What the world recorded; times are recorded times (chain time - offset), unix s. */
export interface WorldRecord {
  vowEvents: { at: bigint; kind: 'flog' | 'flop' | 'flop-blocked' | 'kiss' | 'heal'; by: 'keeper' | 'replay' | 'rival'; amountRad: bigint | undefined; auctionId: bigint | undefined }[];
  keeperActions: { at: bigint; action: KeeperCall['kind']; status: 'sent' | 'confirmed' | 'reverted' | 'replaced' | 'refused' | 'bumped' | 'resent' | 'failed'; reason: string; tier: Address | undefined; auctionId: bigint | undefined }[];
  /** The tiers' books whenever they changed, with the MKR accumulator (`mkrPerShareRay()`, ray). */
  nav: { at: bigint; tier: Address; status: PoolStatus; mkrPerShareRay: bigint }[];
  /** Flopper auctions kicked in the world: id -> recorded kick time. */
  kicks: Map<bigint, bigint>;
  /** First and last block of the debt phase. */
  fromBlock: bigint;
  toBlock: bigint;
  /** Blocks the world mined: one per moment something happened in the debt-auction phase (the report's `debtPhaseBlocks`). */
  blocks: number;
  /** Keeper steps that failed (a faulty RPC) and were retried. */
  keeperStepFailures: number;
  /** The operator turned on the keeper's kiss at this recorded time. */
  kissEnabledAt: bigint | undefined;
  /** Blocks were congested (and the keeper's RPC faulty) from this recorded time. */
  congestedFrom: bigint | undefined;
  /** Congestion fillers that took a block's room, and that the keeper outbid (left out). */
  fillers: { included: number; leftOut: number };
  /** The leaver, once they asked to leave (see `LeaverRecord`). */
  leaver: LeaverRecord | undefined;
}

/** A member who tries to leave while a bid of their tier is out. */
export interface Leaver {
  account: LocalAccount;
  tier: Address;
}

/** What the world saw of the leaver (the rest is in the chain's logs: the request, the close, the claim). */
export interface LeaverRecord {
  member: Address;
  tier: Address;
  /** Recorded time of the refused `defect`, and the refusal in words (`describeRefusal`). */
  refusedAt: bigint;
  refusal: string;
  /** Shares asked back: all they held. */
  shares: bigint;
  /** Leaving at cost then, the rule before rounds: `shares * (daiBook + lockedBook) / totalShares`, wad; and the MKR credited to them then, wad. */
  atCostDaiWad: bigint;
  atCostMkrWad: bigint;
  /** Positions of the tier open when they asked (auction ids). */
  openAtRequest: bigint[];
  /** `claim` was sent (once the round had closed). */
  claimed: boolean;
}

export interface WorldProgress {
  phase: WorldPhase;
  /** Recorded time, unix s. */
  at: bigint;
  kicked: number;
  live: number;
  /** The Vow's debt not yet covered, rad: vat.sin(vow) - vat.dai(vow). */
  badDebtRad: bigint;
  /** What happened in the block just mined, in words (`blockActivity`); undefined when nothing did. */
  activity: string | undefined;
}

/** Auction ids compressed: "1-8", "1, 3, 5-7" (sorted, each once). */
export function idRanges(ids: readonly bigint[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1n) j++;
    out.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** A tier's round as the snapshot saw it. */
export interface RoundSeen {
  round: bigint;
  open: boolean;
}

/**
 * What happened in one block of the world, in words, for the progress line (pure): the keeper's
 * transactions sent on it (ticks, bids, finalizes, kisses: which auctions, which tier), the rounds that
 * opened or closed, and the leaver's move. Undefined when nothing did (the world jumped in time).
 * @param actions The keeper's actions recorded since the previous block.
 * @param rounds Per tier: its label, its round before the block (undefined at the first) and after.
 * @param leaver The leaver's move on this block, in words, if any.
 */
export function blockActivity({
  actions,
  rounds,
  leaver,
}: {
  actions: readonly WorldRecord['keeperActions'][number][];
  rounds: readonly { tier: Address; label: string; before: RoundSeen | undefined; after: RoundSeen }[];
  leaver?: string | undefined;
}): string | undefined {
  const parts: string[] = [];
  const label = (tier: Address | undefined) => rounds.find((r) => tier !== undefined && r.tier.toLowerCase() === tier.toLowerCase())?.label ?? tier ?? '';
  const sent = actions.filter((a) => a.status === 'sent');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const ticks = sent.filter((a) => a.action === 'tick' && a.auctionId !== undefined).map((a) => a.auctionId!);
  if (ticks.length) parts.push(`keeper ticks ${plural(ticks.length, 'unbid debt auction')} (${idRanges(ticks)})`);
  for (const [kind, verb] of [['enter', 'bids in'], ['finalize', 'finalizes']] as const) {
    const byTier = new Map<string, bigint[]>();
    for (const a of sent) if (a.action === kind && a.tier !== undefined && a.auctionId !== undefined) byTier.set(label(a.tier), [...(byTier.get(label(a.tier)) ?? []), a.auctionId]);
    for (const [tier, ids] of byTier) parts.push(`tier ${tier} ${verb} ${ids.length === 1 ? 'auction' : 'auctions'} ${idRanges(ids)}`);
  }
  if (sent.some((a) => a.action === 'kiss')) parts.push("keeper kisses the Vow's DAI against its debt");
  for (const r of rounds) {
    const b = r.before;
    if (b && b.open && (!r.after.open || r.after.round !== b.round)) parts.push(`tier ${r.label}'s round ${b.round} closes`);
    if (r.after.open && (!b || !b.open || b.round !== r.after.round)) parts.push(`tier ${r.label}'s round ${r.after.round} opens (a bid is out: enlist and defect wait)`);
  }
  if (leaver) parts.push(leaver);
  return parts.length ? parts.join('; ') : undefined;
}

/** Congestion of the chain during part of the world (the `congestion` scenario). */
export interface Congestion {
  /**
   * From the first block after the keeper sends its first bid (the moment that matters: the pool is
   * bidding), each block is filled by a transaction paying `fillerFeeWei`, to the world's end.
   */
  fillerFeeWei: bigint;
  /** Sends the fillers (funded by the world). */
  filler: LocalAccount;
  /** Fixed base fee while congested (so only the fillers' fee cap decides who waits), wei. */
  baseFeeWei: bigint;
  /** Called once when the congestion begins (the keeper's RPC turns faulty then). */
  onStart?: (() => void) | undefined;
}

export interface WorldDeps {
  /** Direct to the chain (never through the keeper's faulty proxy). */
  client: ReadClient;
  builder: BlockBuilder;
  /** The MCD's ward: casts nothing here, but funds rivals (`suck`) and plays Maker's keepers (flog, heal, flop). */
  governance: LocalAccount;
  maker: MakerAddresses;
  replayer: Address;
  keeper: Keeper;
  tiers: readonly Address[];
  /** Chain time = recorded time + offsetSeconds. */
  offsetSeconds: bigint;
  /** Chain times of the bites (the Vow's queued debt slices). */
  eras: readonly bigint[];
  /** Lots per phase (black-thursday.json's phase one and two). */
  phaseLots: { one: number; two: number };
  /** Rivals: their accounts and calibration, or undefined for a market without them. */
  rivals: { accounts: readonly LocalAccount[]; calibration: RivalCalibration; seed: number } | undefined;
  congestion?: Congestion | undefined;
  /** A member who tries to leave in the middle of a bid (see the module's note). */
  leaver?: Leaver | undefined;
  /** Ends the world early (checked after each block), e.g. every pool idle. */
  done: (state: { live: readonly FlopAuction[]; pools: readonly PoolStatus[]; keeperIdle: boolean; phase: WorldPhase }) => boolean;
  /** Recorded time at which the world stops in any case. */
  deadline: bigint;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: WorldProgress) => void) | undefined;
}

/**
 * A refusal of the leaver's `defect` in words, for the report: `RoundOpen` says whether the round has a
 * deadline yet (`closeBy` 0: no request made, so none) or when it is, as a recorded date (chain time less
 * `offsetSeconds`) with the time left from `at` (recorded, unix s); any other error as decoded. Pure.
 * @returns e.g. "RoundOpen: the round is open, no deadline until the first request".
 */
export function describeRefusal(revert: Pick<DecodedRevert, 'name' | 'args' | 'signature'>, { offsetSeconds, at }: { offsetSeconds: bigint; at: bigint }): string {
  if (revert.name !== 'RoundOpen') return revert.signature;
  const closeBy = (revert.args as readonly unknown[])[0] as bigint;
  return `RoundOpen: the round is open, ${roundDeadlineText(closeBy === 0n ? 0n : closeBy - offsetSeconds, at)}`;
}

function actionOf(call: KeeperCall): { tier: Address | undefined; auctionId: bigint | undefined } {
  switch (call.kind) {
    case 'enter':
    case 'finalize':
      return { tier: call.pool, auctionId: call.id };
    case 'claim':
      return { tier: call.pool, auctionId: undefined };
    case 'tick':
      return { tier: undefined, auctionId: call.id };
    default:
      return { tier: undefined, auctionId: undefined };
  }
}

export class World {
  readonly record: WorldRecord = {
    vowEvents: [],
    keeperActions: [],
    nav: [],
    kicks: new Map(),
    fromBlock: 0n,
    toBlock: 0n,
    blocks: 0,
    keeperStepFailures: 0,
    kissEnabledAt: undefined,
    congestedFrom: undefined,
    fillers: { included: 0, leftOut: 0 },
    leaver: undefined,
  };
  /** The leaver's progress: waiting for a bid, asked (waiting for the close), claim sent, done. */
  private leaverStage: 'waiting' | 'asked' | 'claiming' | 'done' = 'waiting';
  private phase: WorldPhase = 'waiting';
  /** Lots still to flop in the current phase (Infinity: until the Vow refuses for lack of debt). */
  private toFlop = 0;
  private blockedSeen = false;
  /** Why `vow.flop()` was refused when the world found it blocked ("Vow/surplus-not-zero"). */
  blockedReason: string | undefined;
  private readonly plans = new Map<bigint, LotRivals>();
  private readonly kickChainAt = new Map<bigint, bigint>();
  private readonly dealt = new Set<bigint>();
  private flopper!: FlopperParams;
  private now = 0n;
  private lastNav = new Map<Address, string>();
  /** Keys of keeper calls, for recording the transaction events (which carry the key only). */
  private readonly calls = new Map<string, KeeperCall>();
  private rivalsReady = false;
  private congested = false;
  private congestionDue = false;
  private gasLimitBefore: bigint | undefined;
  /** For the progress line: keeper actions already told, each tier's label and round as last seen, the leaver's move on this block. */
  private actionsTold = 0;
  private readonly tierLabels = new Map<Address, string>();
  private readonly roundsSeen = new Map<Address, RoundSeen>();
  private leaverNews: string | undefined;

  constructor(private readonly deps: WorldDeps) {}

  /** Recorded time now. */
  get at(): bigint {
    return this.now - this.deps.offsetSeconds;
  }

  /** The keeper's observer `onStep`: remembers what each action key calls. */
  onKeeperStep(report: StepReport): void {
    for (const a of report.plan.actions) this.calls.set(a.key, a.call);
  }

  /** The keeper's observer `onTx`: records its transactions (and a kiss as a Vow event). */
  onKeeperTx(event: TxEvent): void {
    if (event.type === 'preempted' || event.type === 'cancelled') return;
    if (event.type === 'sent') {
      this.calls.set(event.key, event.call);
      if (event.call.kind === 'enter') this.congestionDue = this.deps.congestion !== undefined;
    }
    const call = this.calls.get(event.key);
    if (!call) return;
    const status = event.type === 'confirmed' ? (event.status === 'success' ? 'confirmed' : event.status) : event.type;
    const reason = event.type === 'sent' ? event.reason : event.type === 'refused' || event.type === 'failed' ? event.error : event.type === 'resent' ? event.reason : '';
    this.record.keeperActions.push({ at: this.at, action: call.kind, status, reason, ...actionOf(call) });
    if (call.kind === 'kiss' && event.type === 'confirmed' && event.status === 'success') {
      this.record.vowEvents.push({ at: this.at, kind: 'kiss', by: 'keeper', amountRad: call.rad, auctionId: undefined });
    }
  }

  /** Runs the world from now to its end (see the module's note). Automine must be off (builder.start()). */
  async run(): Promise<WorldRecord> {
    const { client, maker } = this.deps;
    this.flopper = await readFlopper(client, { flopper: maker.flop });
    const latest = await client.getBlock({ blockTag: 'latest' });
    this.now = latest.timestamp;
    this.record.fromBlock = latest.number + 1n;
    await this.snapshot({ force: true });
    const schedule: { at: bigint; phase: WorldPhase; lots: number }[] = [
      { at: PHASE_TIMES.one, phase: 'phase one', lots: this.deps.phaseLots.one },
      { at: PHASE_TIMES.two, phase: 'phase two', lots: this.deps.phaseLots.two },
      { at: PHASE_TIMES.three, phase: 'phase three', lots: Number.POSITIVE_INFINITY },
    ];
    let next = schedule.shift();

    if (this.deps.rivals) await this.fundRivals();
    // The live auctions as of the latest block: read once per block mined.
    let live = await this.live();
    for (;;) {
      if (this.deps.signal?.aborted) throw this.deps.signal.reason ?? new BackstopError('the demo was stopped');
      // 1. the time of the next block
      let t = this.nextTime(next?.at, live);
      if (t > this.deps.deadline) t = this.deps.deadline;
      const chainAt = t + this.deps.offsetSeconds;
      if (chainAt <= this.now) this.now = this.now + 1n;
      else this.now = chainAt;

      // 2. phase boundaries: release debt first (its own block), then flop what the phase allows
      if (next && this.at >= next.at) {
        this.phase = next.phase;
        this.toFlop = next.lots;
        next = schedule.shift();
        await this.deps.builder.add(this.deps.governance, flogDueWrite({ replayer: this.deps.replayer, eras: this.deps.eras }), { gas: GAS.flog });
        await this.mine();
        const vow = await this.vow();
        this.record.vowEvents.push({ at: this.at, kind: 'flog', by: 'replay', amountRad: undefined, auctionId: undefined });
        this.now += BLOCK_SECONDS;
        // The flip auctions' DAI in the Vow: healed against released debt first (flop() refuses while
        // the Vow holds DAI), in a block of its own.
        if (this.phase === 'phase one' && vow.vatDaiRad > 0n && (await this.heal(vow))) {
          await this.mine();
          this.now += BLOCK_SECONDS;
        }
        live = await this.live();
      }

      // 3. the actors: flops due, rivals' dents and deals
      if (this.toFlop > 0) await this.flops();
      if (this.deps.rivals) await this.rivalActions(live);
      await this.congest();

      // 4. the block, then the keeper on it
      await this.mine();
      await this.keeperStep();
      await this.leaverStep();
      const pools = await this.snapshot();
      live = await this.live();
      const progress = await this.progress(live, pools);
      this.deps.onProgress?.(progress);
      const keeperIdle = this.deps.keeper.txs.inFlight().length === 0;
      const scheduled = next !== undefined || this.toFlop > 0;
      // Every lot kicked: what is left is bidding and settling.
      if (!scheduled && this.phase === 'phase three') this.phase = 'settling';
      const leaverBusy = this.leaverStage === 'asked' || this.leaverStage === 'claiming';
      if (this.at >= this.deps.deadline || (!scheduled && !leaverBusy && this.deps.done({ live, pools, keeperIdle, phase: this.phase }))) break;
    }
    // What the keeper still has in flight: one more block, so it can confirm
    if (this.deps.keeper.txs.inFlight().length > 0) {
      this.now += BLOCK_SECONDS;
      await this.mine();
      await this.keeperStep();
      await this.snapshot();
    }
    if (this.gasLimitBefore !== undefined) await setBlockGasLimit(this.deps.client, this.gasLimitBefore);
    this.phase = 'done';
    return this.record;
  }

  // ------------------------------------------------------------------ the leaver

  /**
   * The leaver's move after each block (see the module's note): try `defect` once the tier's round is
   * open, ask to leave instead; `claim` once the round has closed. Their transactions go into the next
   * block.
   */
  private async leaverStep(): Promise<void> {
    const leaver = this.deps.leaver;
    if (!leaver || this.leaverStage === 'done') return;
    const { client, builder } = this.deps;
    const holder = leaver.account.address;
    if (this.leaverStage === 'waiting') {
      const pool = await readSyndicate(client, { syndicate: leaver.tier });
      if (!pool.status.roundOpen) return;
      const held = await readHolder(client, { syndicate: leaver.tier, holder });
      if (held.shares === 0n) {
        this.leaverStage = 'done';
        return;
      }
      let refusal: string;
      try {
        await simulateWrite(client, leaver.account, { ...defectWrite({ syndicate: leaver.tier, shares: held.shares }), what: 'the leaver defects' });
        throw new BackstopError('the leaver could defect while a bid of the pool was out: the contract does not hold shares in a round', { kind: 'chain' });
      } catch (error) {
        if (!(error instanceof ChainRevertError) || error.revert?.name !== 'RoundOpen') throw error;
        refusal = describeRefusal(error.revert, { offsetSeconds: this.deps.offsetSeconds, at: this.at });
      }
      const s = pool.status;
      const request = { ...requestDefectWrite({ syndicate: leaver.tier, shares: held.shares }), what: 'the leaver asks to leave when the round closes' };
      await simulateWrite(client, leaver.account, request);
      await builder.add(leaver.account, request, { gas: GAS.request });
      this.record.leaver = {
        member: holder,
        tier: leaver.tier,
        refusedAt: this.at,
        refusal,
        shares: held.shares,
        atCostDaiWad: ((s.daiBookWad + s.lockedBookWad) * held.shares) / s.totalShares,
        atCostMkrWad: held.claimableMkrWad,
        openAtRequest: pool.positions.map((p) => p.id),
        claimed: false,
      };
      this.leaverNews = `member ${shortAddress(holder)} tries to defect: refused (${refusal}); asks to leave at round ${s.round}'s close instead`;
      this.leaverStage = 'asked';
      return;
    }
    const held = await readHolder(client, { syndicate: leaver.tier, holder });
    if (this.leaverStage === 'asked' && held.pending.executed) {
      const claim = { ...claimWrite({ syndicate: leaver.tier, holder }), what: 'the leaver claims' };
      await simulateWrite(client, leaver.account, claim);
      await builder.add(leaver.account, claim, { gas: GAS.claim });
      this.record.leaver!.claimed = true;
      this.leaverNews = `member ${shortAddress(holder)} claims what round ${held.pending.round} paid their exit request`;
      this.leaverStage = 'claiming';
    } else if (this.leaverStage === 'claiming' && held.pending.round === 0n) {
      this.leaverStage = 'done';
    }
  }

  // ------------------------------------------------------------------ time

  /** The next moment anything happens (`live`: the auctions as of the latest block). */
  private nextTime(phaseAt: bigint | undefined, live: readonly FlopAuction[]): bigint {
    const at = this.at;
    const soon = at + BLOCK_SECONDS;
    if (this.deps.keeper.txs.inFlight().length > 0 || this.deps.builder.size > 0 || this.toFlop > 0) return soon;
    const candidates: bigint[] = [];
    if (phaseAt !== undefined) candidates.push(phaseAt);
    const liveIds = new Set(live.map((a) => a.id));
    for (const a of live) {
      const tic = a.tic - this.deps.offsetSeconds;
      const end = a.end - this.deps.offsetSeconds;
      if (a.tic !== 0n) candidates.push((tic < end ? tic : end) + 1n);
      else candidates.push(end + 1n);
    }
    if (this.deps.rivals) {
      const arrival = nextArrival(this.plans, this.kickChainAt, liveIds, this.now);
      if (arrival !== undefined) candidates.push(arrival - this.deps.offsetSeconds);
    }
    let t: bigint | undefined;
    for (const c of candidates) if (c > at && (t === undefined || c < t)) t = c;
    return t ?? this.deps.deadline;
  }

  // ------------------------------------------------------------------ reads

  private async vow(): Promise<VowState> {
    return readVow(this.deps.client, { vow: this.deps.maker.vow, vat: this.deps.maker.vat });
  }

  /** The auctions kicked in the world and not dealt (one multicall). */
  private async live(): Promise<FlopAuction[]> {
    const ids = [...this.record.kicks.keys()].filter((id) => !this.dealt.has(id));
    const auctions = await readAuctions(this.deps.client, { flopper: this.deps.maker.flop, ids });
    for (const a of auctions) if (a.end === 0n) this.dealt.add(a.id);
    return auctions.filter((a) => a.end !== 0n);
  }

  private async progress(live: readonly FlopAuction[], pools: readonly PoolStatus[]): Promise<WorldProgress> {
    const vow = await this.vow();
    const rounds = this.deps.tiers.map((tier, i) => {
      const after = { round: pools[i]!.round, open: pools[i]!.roundOpen };
      const before = this.roundsSeen.get(tier);
      this.roundsSeen.set(tier, after);
      return { tier, label: this.tierLabels.get(tier) ?? tier, before, after };
    });
    const activity = blockActivity({ actions: this.record.keeperActions.slice(this.actionsTold), rounds, leaver: this.leaverNews });
    this.actionsTold = this.record.keeperActions.length;
    this.leaverNews = undefined;
    return { phase: this.phase, at: this.at, kicked: this.record.kicks.size, live: live.length, badDebtRad: vow.vatSinRad - vow.vatDaiRad, activity };
  }

  /** NAV points: one per tier whenever its books changed (`force`: one per tier whatever, at the start and the end). */
  async snapshot({ force = false, at = this.at }: { force?: boolean; at?: bigint } = {}): Promise<PoolStatus[]> {
    const snaps = await readSyndicates(this.deps.client, { syndicates: this.deps.tiers });
    for (const s of snaps) {
      if (!this.tierLabels.has(s.address)) this.tierLabels.set(s.address, `${formatUnit(s.limitWad, 'wad', 4)} DAI/MKR`);
      const key = [s.status.daiBookWad, s.status.lockedBookWad, s.status.mkrBookWad, s.status.totalShares, s.mkrPerShareRay].join(',');
      if (!force && this.lastNav.get(s.address) === key) continue;
      this.lastNav.set(s.address, key);
      this.record.nav.push({ at, tier: s.address, status: s.status, mkrPerShareRay: s.mkrPerShareRay });
    }
    return snaps.map((s) => s.status);
  }

  // ------------------------------------------------------------------ actions

  private async mine(): Promise<void> {
    const c = this.deps.congestion;
    if (c && this.congested) await setNextBaseFee(this.deps.client, c.baseFeeWei);
    const block = await this.deps.builder.mine(this.now);
    this.record.toBlock = block.number;
    this.record.blocks++;
    this.record.fillers.included += block.optional.included;
    this.record.fillers.leftOut += block.optional.leftOut;
    for (const r of block.receipts) {
      for (const k of flopKicks(r.logs, this.deps.maker.flop)) {
        this.record.kicks.set(k.id, this.at);
        this.kickChainAt.set(k.id, this.now);
        this.record.vowEvents.push({ at: this.at, kind: 'flop', by: 'replay', amountRad: k.bidRad, auctionId: k.id });
        if (this.deps.rivals) this.plans.set(k.id, lotRivals(this.record.kicks.size - 1, this.deps.rivals.calibration, { rivals: this.deps.rivals.accounts.length, seed: this.deps.rivals.seed }));
      }
    }
  }

  /** Steps the keeper on the block just mined; a step that fails (a faulty RPC) is retried, as its loop would. */
  private async keeperStep(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const report = await this.deps.keeper.step();
        if (!report?.results.some((r) => r.result === 'failed')) return;
      } catch (error) {
        if (attempt >= 20) throw new BackstopError(`the keeper failed 20 steps in a row on one block: ${(error as Error).message.split('\n')[0]}`, { kind: 'chain', cause: error });
      }
      this.record.keeperStepFailures++;
      if (attempt >= 20) return;
    }
  }

  /** Queues `vow.heal` of what the Vow's DAI can cancel; false when there is nothing to heal. */
  private async heal(vow: VowState): Promise<boolean> {
    const free = vow.vatSinRad - vow.sinRad - vow.ashRad;
    const rad = vow.vatDaiRad < free ? vow.vatDaiRad : free;
    if (rad <= 0n) return false;
    await this.deps.builder.add(this.deps.governance, vowHealWrite({ vow: this.deps.maker.vow, rad }), { gas: GAS.heal });
    this.record.vowEvents.push({ at: this.at, kind: 'heal', by: 'replay', amountRad: rad, auctionId: undefined });
    return true;
  }

  /** Queues as many `vow.flop()` as the phase wants and the Vow allows; records a refusal for DAI in the Vow once. */
  private async flops(): Promise<void> {
    const vow = await this.vow();
    if (vow.vatDaiRad > 0n) {
      if (!this.blockedSeen) {
        this.blockedSeen = true;
        this.blockedReason = await vowFlopRefusal(this.deps.client, { vow: this.deps.maker.vow, from: this.deps.governance.address });
        this.record.vowEvents.push({ at: this.at, kind: 'flop-blocked', by: 'replay', amountRad: vow.vatDaiRad, auctionId: undefined });
        this.record.kissEnabledAt = this.at;
        this.deps.keeper.configureVow({ flop: false, kiss: true, heal: false });
      }
      return; // the keeper's kiss will clear it
    }
    const free = vow.vatSinRad - vow.sinRad - vow.ashRad;
    const possible = free / vow.sumpRad;
    const n = Number(possible < BigInt(Math.min(this.toFlop, 1_000)) ? possible : BigInt(Math.min(this.toFlop, 1_000)));
    for (let i = 0; i < n; i++) await this.deps.builder.add(this.deps.governance, vowFlopWrite({ vow: this.deps.maker.vow }), { gas: GAS.flop });
    this.toFlop = possible <= BigInt(n) ? 0 : this.toFlop - n;
  }

  private async fundRivals(): Promise<void> {
    const { maker, governance } = this.deps;
    for (const rival of this.deps.rivals!.accounts) {
      await this.deps.builder.add(governance, vatSuckWrite({ vat: maker.vat, u: governance.address, v: rival.address, rad: 1_000_000_000n * RAD }), { gas: GAS.suck });
      await this.deps.builder.add(rival, vatHopeWrite({ vat: maker.vat, usr: maker.flop }), { gas: GAS.hope });
    }
    await this.mine();
    this.rivalsReady = true;
  }

  private async rivalActions(live: readonly FlopAuction[]): Promise<void> {
    if (!this.rivalsReady) return;
    const accounts = this.deps.rivals!.accounts;
    const addresses = accounts.map((a) => a.address);
    for (const d of dueDents(live, this.plans, this.kickChainAt, { now: this.now, begWad: this.flopper.begWad, accounts: addresses })) {
      await this.deps.builder.add(accounts[d.rival]!, flopDentWrite({ flop: this.deps.maker.flop, id: d.id, lotWad: d.lotWad, bidRad: d.bidRad }), { gas: GAS.dent });
    }
    // A rival deals the lots it won once its bid expired or the auction ended.
    for (const a of live) {
      const rival = accounts.find((r) => r.address.toLowerCase() === a.guy.toLowerCase());
      if (!rival || a.tic === 0n) continue;
      if ((a.tic <= this.now && a.tic !== 0n) || a.end <= this.now) {
        await this.deps.builder.add(rival, flopDealWrite({ flop: this.deps.maker.flop, id: a.id }), { gas: GAS.deal });
      }
    }
  }

  /** While congested: one filler that takes what the block has left, paying the congestion's fee cap. */
  private async congest(): Promise<void> {
    const c = this.deps.congestion;
    if (!c || !this.congestionDue) return;
    if (!this.congested) {
      this.congested = true;
      this.record.congestedFrom = this.at;
      this.gasLimitBefore = (await this.deps.client.getBlock({ blockTag: 'latest' })).gasLimit;
      await setBlockGasLimit(this.deps.client, CONGESTED_BLOCK_GAS);
      c.onStart?.();
    }
    await fill(this.deps.builder, c, CONGESTED_BLOCK_GAS);
  }
}

