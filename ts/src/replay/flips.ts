/**
 * Record mode: every recorded ETH-A flip auction replayed on the local MCD, through the real Cat,
 * Flipper and Vow, by the FlipReplayer (test/replay/FlipReplayer.sol) in batches.
 *
 * The plan (`planFlipReplay`, pure) turns the records into batches at block times:
 * - a batch per kick window (`windowSeconds`, default 120): the kicks recorded within a window of its
 *   first are opened and bitten at the window's last kick time (with a 1 s window, every auction at
 *   exactly its recorded time), with the OSM showing the recorded OSM price (the lowest in the window;
 *   lowered further, and flagged, only where a vault would otherwise be safe: the file's OSM price and
 *   3-decimal tabs leave a few vaults just above the liquidation line);
 * - each vault is opened for the file's tab, or for the final bid where that is higher: the file keeps
 *   tabs to 3 decimals while a bid at the full tab keeps all 45 (1,466 auctions; it adds about 0.66
 *   DAI to the replayed bad debt over the file's figure, the whole of the difference);
 * - the recorded final bid and lot of an auction are placed at the first batch at or after its
 *   recorded last-bid time; the deal at the first batch at or after both its recorded deal time and
 *   the end of the bid's life (tic = bid time + ttl); auctions the file never dealt stay undealt;
 * - bids and deals ride on kick batches, but never wait more than `maxDelaySeconds` for one: past
 *   that (and after the last kick) a batch of their own is made at the time they fall due;
 * - each batch fits `gasBudget` by a gas model per operation (`FLIP_GAS`): kicks first (their time is
 *   the record's), then bids, then deals; what does not fit waits for the next batch. Batch times
 *   strictly increase: kicks that alone exceed the budget spill into the next second.
 *
 * The driver (`replayFlips`) sends the plan: per batch one `evm_setNextBlockTimestamp` and one
 * transaction; it returns a timeline (bites, bids, deals with zero-bid wins flagged, and per batch the
 * Vow's bad debt so far: `vat.sin(vow) - vat.dai(vow)`). Times in the timeline are the record's (UTC
 * unix s); the chain runs `offsetSeconds` later when it was already past March 2020.
 */
import { performance } from 'node:perf_hooks';
import type { Address, Hash } from 'viem';
import {
  ReplaySender,
  fundFlipReplayer,
  readFlipReplayContext,
  setNextBlockTimestamp,
  type ReadClient,
  type ReplayCall,
  type ReplayMaker,
  type SendClient,
} from '../chain/index.js';
import { BackstopError, InputError } from '../errors.js';
import type { FlipRecord } from './data.js';
import { ZERO_BID_BELOW_RAD } from './expected.js';

/**
 * Gas per operation inside `replay` on the local MCD (measured on Anvil; see the record-mode test),
 * with some headroom: a kick opens a vault and bites it (a new auction record), a tend, a dent, a deal,
 * the price change (feed, two OSM pokes, Spotter), and the call itself.
 */
export const FLIP_GAS = {
  call: 60_000n,
  price: 120_000n,
  kick: 330_000n,
  tend: 75_000n,
  dent: 50_000n,
  deal: 40_000n,
} as const;

/** Default gas a batch may use: well under Anvil's 30M block gas limit. */
export const DEFAULT_FLIP_GAS_BUDGET = 24_000_000n;
/** Default: a due bid or deal waits at most this long for the next kick batch, s. */
export const DEFAULT_MAX_DELAY_SECONDS = 900n;
/**
 * Default kick window, s. Anvil (1.7) rebuilds the whole state trie for every block it mines, so a
 * block costs more the more auctions the chain already holds (about 3 ms per 1,000 storage slots;
 * the Flipper alone keeps 6 per auction): one block per distinct kick time (893 in the file) costs
 * about a minute of Anvil's CPU. Kicks within two minutes share a block: about 190 kick batches (217
 * in all), each bite at most 119 s after its recorded time, about 8 s of Anvil's CPU.
 */
export const DEFAULT_KICK_WINDOW_SECONDS = 120n;

/** What the plan needs from the chain (see `readFlipReplayContext`). Amounts in their units. */
export interface FlipPlanParams {
  /** The id the Flipper gives the first kick. */
  firstFlipId: bigint;
  /** The Flipper's bid lifetime and auction length, s. */
  ttl: bigint;
  tau: bigint;
  /** The Cat's penalty and the Spotter's liquidation ratio, ray. */
  chopRay: bigint;
  matRay: bigint;
  /** Chain time = recorded time + offsetSeconds. */
  offsetSeconds: bigint;
  /** Gas a batch may use. */
  gasBudget: bigint;
  /** Longest wait of a due bid or deal for a kick batch, s. */
  maxDelaySeconds: bigint;
  /** Kicks within this many seconds of a window's first are bitten together at its last, s (1: each time its own batch). */
  windowSeconds: bigint;
}

/** One planned batch. `at` is the recorded (simulated) time; `chainAt = at + offsetSeconds`. */
export interface PlannedBatch {
  index: number;
  at: bigint;
  chainAt: bigint;
  /** The price the OSM must show, wad USD; 0 when the batch kicks nothing (the price is left). */
  osmPriceWad: bigint;
  /** The price was lowered below the recorded OSM price so that every vault is unsafe. */
  priceAdjusted: boolean;
  firstFlipId: bigint;
  kicks: FlipRecord[];
  bids: FlipRecord[];
  deals: FlipRecord[];
  /** By the gas model. */
  gasEstimate: bigint;
}

export interface FlipPlan {
  batches: PlannedBatch[];
  /** Recorded auction id -> local Flipper id. */
  flipIds: Map<bigint, bigint>;
  /** Kicks whose batch price was lowered below their recorded OSM price. */
  priceAdjustedKicks: number;
}

/**
 * The highest price (wad USD) at which the recorded vault is still unsafe (`lot * spot < debt`) with
 * `spot = price * 1e9 * RAY / mat` and `debt >= tab * RAY / chop` (the replayer rounds the debt up).
 */
export function maxUnsafePriceWad(record: Pick<FlipRecord, 'lotWad' | 'tabRad'>, { chopRay, matRay }: { chopRay: bigint; matRay: bigint }): bigint {
  // lot * p * 1e9 * RAY / mat < tab * RAY / chop  <=>  p < tab * mat / (chop * lot * 1e9)
  return (record.tabRad * matRay - 1n) / (chopRay * record.lotWad * 10n ** 9n);
}

function bidGas(r: FlipRecord): bigint {
  return FLIP_GAS.tend + (r.finalLotWad < r.lotWad ? FLIP_GAS.dent : 0n);
}

/**
 * Plans the replay of `records` (in file order) as batches (see the module's note).
 * @throws InputError when the gas budget cannot hold one operation, or an auction would outlive the
 *   Flipper's `tau` before its recorded bid (the Flipper's parameters are not March 2020's pre-spell).
 */
export function planFlipReplay(records: readonly FlipRecord[], p: FlipPlanParams): FlipPlan {
  const minimum = FLIP_GAS.call + FLIP_GAS.price + FLIP_GAS.kick + FLIP_GAS.tend + FLIP_GAS.dent;
  if (p.gasBudget < minimum) throw new InputError(`flip replay: a gas budget of ${p.gasBudget} cannot hold one kick and its bid (${minimum})`);

  if (p.windowSeconds < 1n) throw new InputError(`flip replay: the kick window must be at least 1 s (got ${p.windowSeconds})`);
  // Kick groups: a window opens at a kick and takes the kicks of the next windowSeconds; they are
  // bitten together at the window's last kick time (at most windowSeconds - 1 late). Sorted stably.
  const groups: { at: bigint; opensAt: bigint; records: FlipRecord[] }[] = [];
  for (const r of [...records].sort((a, b) => (a.kickAt < b.kickAt ? -1 : a.kickAt > b.kickAt ? 1 : 0))) {
    const last = groups[groups.length - 1];
    if (last && r.kickAt < last.opensAt + p.windowSeconds) {
      last.records.push(r);
      last.at = r.kickAt;
    } else {
      groups.push({ at: r.kickAt, opensAt: r.kickAt, records: [r] });
    }
  }

  const flipIds = new Map<bigint, bigint>();
  let nextFlipId = p.firstFlipId;
  const bids: { r: FlipRecord; readyAt: bigint }[] = [];
  const deals: { r: FlipRecord; readyAt: bigint }[] = [];
  const batches: PlannedBatch[] = [];
  let previousAt: bigint | undefined;
  let shownPriceWad = 0n;
  let priceChangedAt: bigint | undefined;
  let priceAdjustedKicks = 0;
  let g = 0;

  const earliest = () => {
    let t: bigint | undefined;
    for (const x of bids) if (t === undefined || x.readyAt < t) t = x.readyAt;
    for (const x of deals) if (t === undefined || x.readyAt < t) t = x.readyAt;
    return t;
  };

  while (g < groups.length || bids.length > 0 || deals.length > 0) {
    const due = earliest();
    const group = groups[g];
    let at: bigint;
    if (group) at = due === undefined || group.at <= due + p.maxDelaySeconds ? group.at : due + p.maxDelaySeconds;
    else at = due!;
    if (previousAt !== undefined && at <= previousAt) at = previousAt + 1n;

    // Kicks of the group due now (all, or as many as the budget holds)
    let gas = FLIP_GAS.call;
    const kicks: FlipRecord[] = [];
    if (group && group.at <= at) {
      gas += FLIP_GAS.price;
      while (group.records.length > 0 && (kicks.length === 0 || gas + FLIP_GAS.kick <= p.gasBudget)) {
        kicks.push(group.records.shift()!);
        gas += FLIP_GAS.kick;
      }
      if (group.records.length === 0) g++;
    }

    // The price: the lowest recorded OSM price of the kicks, lowered where a vault would be safe
    let osmPriceWad = 0n;
    let priceAdjusted = false;
    if (kicks.length > 0) {
      let recorded: bigint | undefined;
      let needed: bigint | undefined;
      for (const r of kicks) {
        if (recorded === undefined || r.osmPriceWad < recorded) recorded = r.osmPriceWad;
        const bound = maxUnsafePriceWad(r, p);
        const price = r.osmPriceWad < bound ? r.osmPriceWad : bound;
        if (needed === undefined || price < needed) needed = price;
      }
      osmPriceWad = needed!;
      priceAdjusted = osmPriceWad < recorded!;
      if (priceAdjusted) priceAdjustedKicks += kicks.filter((r) => r.osmPriceWad > osmPriceWad).length;
      // The OSM takes a new price only two seconds after its last one: keep the shown price when it
      // leaves every vault unsafe, else wait a second
      if (osmPriceWad !== shownPriceWad && priceChangedAt !== undefined && at < priceChangedAt + 2n) {
        const shownWorks = shownPriceWad > 0n && kicks.every((r) => shownPriceWad <= maxUnsafePriceWad(r, p));
        if (shownWorks) osmPriceWad = shownPriceWad;
        else at = priceChangedAt + 2n;
      }
      if (osmPriceWad !== shownPriceWad) priceChangedAt = at;
      shownPriceWad = osmPriceWad;
    }
    const firstFlipId = nextFlipId;
    for (const r of kicks) {
      flipIds.set(r.id, nextFlipId++);
      bids.push({ r, readyAt: r.lastBidAt });
    }

    // Bids, then deals, in order of readiness, while the budget holds
    const takeReady = (queue: { r: FlipRecord; readyAt: bigint }[], cost: (r: FlipRecord) => bigint) => {
      queue.sort((a, b) => (a.readyAt < b.readyAt ? -1 : a.readyAt > b.readyAt ? 1 : 0));
      const taken: FlipRecord[] = [];
      while (queue.length > 0 && queue[0]!.readyAt <= at && gas + cost(queue[0]!.r) <= p.gasBudget) {
        const { r } = queue.shift()!;
        gas += cost(r);
        taken.push(r);
      }
      return taken;
    };
    const batchBids = takeReady(bids, bidGas);
    for (const r of batchBids) {
      if (at >= r.kickAt + p.tau) {
        throw new InputError(`flip replay: auction ${r.id} would end (tau ${p.tau} s) before its bid at ${at}`, {
          hint: 'replay on the parameters before the 12 March 2020 spell (tau 3 days): castMcdSpell(profile pre)',
        });
      }
      // deal once the bid's life (tic = at + ttl) is over, not before the recorded deal
      if (r.dealAt !== undefined) deals.push({ r, readyAt: r.dealAt > at + p.ttl ? r.dealAt : at + p.ttl + 1n });
    }
    const batchDeals = takeReady(deals, () => FLIP_GAS.deal);

    if (kicks.length + batchBids.length + batchDeals.length === 0 && g >= groups.length && earliest()! <= at) {
      throw new InputError(`flip replay: the gas budget ${p.gasBudget} holds no pending operation`);
    }
    if (kicks.length + batchBids.length + batchDeals.length > 0) {
      batches.push({
        index: batches.length,
        at,
        chainAt: at + p.offsetSeconds,
        osmPriceWad,
        priceAdjusted,
        firstFlipId,
        kicks,
        bids: batchBids,
        deals: batchDeals,
        gasEstimate: gas,
      });
      previousAt = at;
    }
  }
  return { batches, flipIds, priceAdjustedKicks };
}

/** Events of the replay's timeline; `at` is the recorded time (UTC unix s). */
export type FlipEvent =
  | {
      kind: 'bite';
      at: bigint;
      /** The recorded kick time (`at` is up to the kick window later). */
      recordedAt: bigint;
      recordedId: bigint;
      flipId: bigint;
      lotWad: bigint;
      tabRad: bigint;
      /** The OSM price recorded at the kick, and the one the Vat saw, wad USD. */
      recordedOsmPriceWad: bigint;
      osmPriceWad: bigint;
      /** The market: ETH on Uniswap at the kick, as recorded, wad USD. */
      uniswapPriceWad: bigint;
    }
  | {
      kind: 'bid';
      at: bigint;
      recordedId: bigint;
      flipId: bigint;
      /** The recorded final bid (rad) and lot (wad). */
      bidRad: bigint;
      lotWad: bigint;
      /** The bid is under 1 DAI. */
      zeroBid: boolean;
    }
  | {
      kind: 'deal';
      at: bigint;
      recordedId: bigint;
      flipId: bigint;
      bidRad: bigint;
      lotWad: bigint;
      /** A zero-bid win: the lot went for under 1 DAI. */
      zeroBid: boolean;
    }
  | FlipBatchEvent;

/** After each batch: what it did and the Vow's books. */
export interface FlipBatchEvent {
  kind: 'batch';
  at: bigint;
  index: number;
  blockNumber: bigint;
  hash: Hash;
  gasUsed: bigint;
  kicks: number;
  bids: number;
  deals: number;
  /** The price the OSM showed after the batch, wad USD. */
  osmPriceWad: bigint;
  priceAdjusted: boolean;
  /** `vat.sin(vow)`, `vat.dai(vow)` and their difference, the bad debt so far, rad. */
  vowSinRad: bigint;
  vowDaiRad: bigint;
  badDebtRad: bigint;
  /** Running totals. */
  auctionsReplayed: number;
  zeroBidWins: number;
}

export interface FlipReplayOptions {
  /** The records to replay (`readFlipRecords`). */
  records: readonly FlipRecord[];
  /** Gas per batch (default 24M, capped at the block gas limit less 1M). */
  gasBudget?: bigint;
  maxDelaySeconds?: bigint;
  /** Kick window, s (default 120; 1 bites every auction at exactly its recorded time). */
  windowSeconds?: bigint;
  /** Chain time = recorded time + offset. Default: 0 when the chain is before the first kick, else whole days. */
  offsetSeconds?: bigint;
  /** Called after each batch (progress). */
  onBatch?: (event: FlipBatchEvent, progress: { batch: number; batches: number; auctions: number }) => void;
  /** Stops between batches (throws the signal's reason). */
  signal?: AbortSignal;
}

export interface FlipReplayResult {
  events: FlipEvent[];
  batches: number;
  gasUsed: bigint;
  /** Auctions bitten, dealt, left undealt (as in the file), and zero-bid wins (dealt under 1 DAI). */
  auctions: number;
  dealt: number;
  undealt: number;
  zeroBidWins: number;
  priceAdjustedKicks: number;
  /** The Vow before and after, rad: bad debt = vat.sin(vow) - vat.dai(vow). */
  startBadDebtRad: bigint;
  vowSinRad: bigint;
  vowDaiRad: bigint;
  badDebtRad: bigint;
  /** Chain time = recorded time + offsetSeconds. */
  offsetSeconds: bigint;
  /** Chain times at which debt was fessed to the Vow (the eras `flog` releases), unix s. */
  eras: bigint[];
  /** Recorded auction id -> local Flipper id. */
  flipIds: Map<bigint, bigint>;
  /** First and last block of the replay. */
  fromBlock: bigint;
  toBlock: bigint;
  wallMs: number;
}

/** Chains needed, and who sends: `wallet` owns the replayer. */
export interface FlipReplayDeps {
  client: ReadClient;
  wallet: SendClient;
  maker: ReplayMaker;
  replayer: Address;
}

const DAY = 86_400n;

/**
 * Replays `options.records` on the chain (see the module's note): funds the replayer with the ETH the
 * vaults need (Anvil's `anvil_setBalance`), then sends the batches.
 * @throws InputError for a plan that cannot work (see `planFlipReplay`); BackstopError (kind chain)
 *   when a batch reverts (the error named) or the node fails.
 */
export async function replayFlips(deps: FlipReplayDeps, options: FlipReplayOptions): Promise<FlipReplayResult> {
  const started = performance.now();
  const { client, wallet, maker, replayer } = deps;
  const { records } = options;
  if (records.length === 0) throw new InputError('flip replay: no records');
  const ctx = await readFlipReplayContext(client, { maker, replayer });

  const firstKickAt = records.reduce((m, r) => (r.kickAt < m ? r.kickAt : m), records[0]!.kickAt);
  const offsetSeconds = options.offsetSeconds ?? (ctx.now + 60n <= firstKickAt ? 0n : ((ctx.now + 60n - firstKickAt + DAY - 1n) / DAY) * DAY);
  if (firstKickAt + offsetSeconds <= ctx.now) {
    throw new InputError(`flip replay: offset ${offsetSeconds} s puts the first kick at ${firstKickAt + offsetSeconds}, not after the chain's time ${ctx.now}`);
  }
  const cap = ctx.blockGasLimit - 1_000_000n;
  const gasBudget = options.gasBudget === undefined ? (DEFAULT_FLIP_GAS_BUDGET < cap ? DEFAULT_FLIP_GAS_BUDGET : cap) : options.gasBudget;
  if (gasBudget > cap) throw new InputError(`flip replay: gas budget ${gasBudget} above the block gas limit ${ctx.blockGasLimit} less 1M`);
  const plan = planFlipReplay(records, {
    firstFlipId: ctx.kicks + 1n,
    ttl: ctx.ttl,
    tau: ctx.tau,
    chopRay: ctx.chopRay,
    matRay: ctx.matRay,
    offsetSeconds,
    gasBudget,
    maxDelaySeconds: options.maxDelaySeconds ?? DEFAULT_MAX_DELAY_SECONDS,
    windowSeconds: options.windowSeconds ?? DEFAULT_KICK_WINDOW_SECONDS,
  });

  // Collateral: every lot at once (won lots come back to the replayer, but this keeps it simple)
  const neededWad = records.reduce((s, r) => s + r.lotWad, 0n);
  if (ctx.replayerGemWad < neededWad) await fundFlipReplayer(client, wallet, { replayer, ethWad: neededWad - ctx.replayerGemWad });

  const sender = new ReplaySender(client, wallet, replayer, ctx.blockGasLimit);
  const events: FlipEvent[] = [];
  const eras: bigint[] = [];
  let gasUsed = 0n;
  let auctions = 0;
  let dealt = 0;
  let zeroBidWins = 0;
  let last = { vowSinRad: ctx.vowSinRad, vowDaiRad: ctx.vowDaiRad };
  let fromBlock: bigint | undefined;
  let toBlock = 0n;

  for (const batch of plan.batches) {
    if (options.signal?.aborted) throw options.signal.reason ?? new BackstopError('flip replay aborted');
    const call: ReplayCall = {
      osmPriceWad: batch.osmPriceWad,
      firstFlipId: batch.firstFlipId,
      kicks: batch.kicks.map((r) => ({ recordedId: r.id, urn: r.vaultOwner, lotWad: r.lotWad, tabRad: r.tabRad > r.finalBidRad ? r.tabRad : r.finalBidRad })),
      bids: batch.bids.map((r) => ({ flipId: plan.flipIds.get(r.id)!, bidRad: r.finalBidRad, lotWad: r.finalLotWad })),
      deals: batch.deals.map((r) => plan.flipIds.get(r.id)!),
    };
    await setNextBlockTimestamp(client, batch.chainAt);
    const mined = await sender.replay(call);
    if (mined.firstFlipId !== batch.firstFlipId) {
      throw new BackstopError(`flip replay: batch ${batch.index} kicked from id ${mined.firstFlipId}, planned ${batch.firstFlipId}`, { kind: 'chain' });
    }
    fromBlock ??= mined.blockNumber;
    toBlock = mined.blockNumber;
    gasUsed += mined.gasUsed;
    if (batch.kicks.length > 0) eras.push(batch.chainAt);

    for (const r of batch.kicks) {
      events.push({ kind: 'bite', at: batch.at, recordedAt: r.kickAt, recordedId: r.id, flipId: plan.flipIds.get(r.id)!, lotWad: r.lotWad, tabRad: r.tabRad, recordedOsmPriceWad: r.osmPriceWad, osmPriceWad: mined.osmPriceWad, uniswapPriceWad: r.uniswapPriceWad });
    }
    for (const r of batch.bids) {
      events.push({ kind: 'bid', at: batch.at, recordedId: r.id, flipId: plan.flipIds.get(r.id)!, bidRad: r.finalBidRad, lotWad: r.finalLotWad, zeroBid: r.finalBidRad < ZERO_BID_BELOW_RAD });
    }
    for (const r of batch.deals) {
      const zeroBid = r.finalBidRad < ZERO_BID_BELOW_RAD;
      if (zeroBid) zeroBidWins++;
      events.push({ kind: 'deal', at: batch.at, recordedId: r.id, flipId: plan.flipIds.get(r.id)!, bidRad: r.finalBidRad, lotWad: r.finalLotWad, zeroBid });
    }
    auctions += batch.kicks.length;
    dealt += batch.deals.length;
    last = { vowSinRad: mined.vowSinRad, vowDaiRad: mined.vowDaiRad };
    const event: FlipBatchEvent = {
      kind: 'batch',
      at: batch.at,
      index: batch.index,
      blockNumber: mined.blockNumber,
      hash: mined.hash,
      gasUsed: mined.gasUsed,
      kicks: batch.kicks.length,
      bids: batch.bids.length,
      deals: batch.deals.length,
      osmPriceWad: mined.osmPriceWad,
      priceAdjusted: batch.priceAdjusted,
      vowSinRad: mined.vowSinRad,
      vowDaiRad: mined.vowDaiRad,
      badDebtRad: mined.vowSinRad - mined.vowDaiRad,
      auctionsReplayed: auctions,
      zeroBidWins,
    };
    events.push(event);
    options.onBatch?.(event, { batch: batch.index + 1, batches: plan.batches.length, auctions: records.length });
  }

  return {
    events,
    batches: plan.batches.length,
    gasUsed,
    auctions,
    dealt,
    undealt: auctions - dealt,
    zeroBidWins,
    priceAdjustedKicks: plan.priceAdjustedKicks,
    startBadDebtRad: ctx.vowSinRad - ctx.vowDaiRad,
    vowSinRad: last.vowSinRad,
    vowDaiRad: last.vowDaiRad,
    badDebtRad: last.vowSinRad - last.vowDaiRad,
    offsetSeconds,
    eras,
    flipIds: plan.flipIds,
    fromBlock: fromBlock ?? 0n,
    toBlock,
    wallMs: performance.now() - started,
  };
}
