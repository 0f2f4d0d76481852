/**
 * report.json from what the demo did: the flip replay's timeline, the world's record, and the chain's
 * own logs of the debt phase (the Flopper's Kick and dent/tick/deal notes, the syndicates' events).
 * Pure: every input is already read; times come in as chain times and leave as recorded times
 * (chain time - offset). The model (report/model.ts) validates the result when it is written.
 */
import { getAddress, type Address } from 'viem';
import type { FlopperLog } from '../chain/flopper.js';
import type { SyndicateLogEvent } from '../chain/actors.js';
import { mkrPerShareWadOfRay, navPerShare } from '../chain/syndicate.js';
import type { FlipEvent, FlipReplayResult } from '../replay/flips.js';
import { ZERO_BID_BELOW_RAD } from '../replay/expected.js';
import type { MarketSeries } from '../replay/market.js';
import { REPORT_FORMAT, impliedDaiPerMkrWad, type Flip, type Flop, type KeeperAction, type Report, type ScenarioName } from '../report/model.js';
import type { References } from '../report/model.js';
import type { WorldRecord } from './world.js';

const WAD = 10n ** 18n;

export interface ReportInput {
  scenario: { name: ScenarioName; description: string; members: number; poolDaiWad: bigint; rivals: boolean; faults: boolean; extra: Record<string, string | number | boolean> };
  run: { generatedAt: Date; wallTimeMs: number; chainId: number; notes: string[] };
  flips: Pick<FlipReplayResult, 'events' | 'offsetSeconds'>;
  market: MarketSeries[];
  references: References;
  world: WorldRecord;
  /** The Flopper's logs of the debt phase (getFlopperLogs), and its pad (wad) and ttl (s). */
  flopperLogs: readonly FlopperLog[];
  flopper: { padWad: bigint; ttl: bigint };
  /** The syndicates' events from the members' deposits on. */
  syndicateLogs: readonly SyndicateLogEvent[];
  /** Chain time of every block that holds one of the logs above, unix s. */
  blockTimes: ReadonlyMap<bigint, bigint>;
  tiers: readonly { address: Address; limitWad: bigint }[];
  keeper: Address;
  /** Recorded time the replay ended (the last block), unix s. */
  endedAt: bigint;
}

const n = (x: bigint) => Number(x);
const s = (x: bigint) => x.toString();

/** The report's flips: one per bitten auction, by the recorded (mainnet) id. */
export function flipsOf(events: readonly FlipEvent[]): Flip[] {
  const flips = new Map<bigint, Flip>();
  for (const e of events) {
    if (e.kind === 'bite') {
      flips.set(e.recordedId, { id: n(e.recordedId), kickedAt: n(e.at), lotWad: s(e.lotWad), tabRad: s(e.tabRad), finalBidRad: '0', finalLotWad: s(e.lotWad), dealtAt: null, zeroBid: true });
    } else if (e.kind === 'bid') {
      const f = flips.get(e.recordedId)!;
      f.finalBidRad = s(e.bidRad);
      f.finalLotWad = s(e.lotWad);
      f.zeroBid = e.bidRad < ZERO_BID_BELOW_RAD;
    } else if (e.kind === 'deal') {
      flips.get(e.recordedId)!.dealtAt = n(e.at);
    }
  }
  return [...flips.values()].sort((a, b) => a.kickedAt - b.kickedAt || a.id - b.id);
}

/** The OSM's price as the Vat saw it: a point wherever a batch changed it. */
function osmSeries(events: readonly FlipEvent[]): Report['series']['ethPrice']['osm'] {
  const out: Report['series']['ethPrice']['osm'] = [];
  let last = 0n;
  for (const e of events) {
    if (e.kind !== 'batch' || e.osmPriceWad === last || e.osmPriceWad === 0n) continue;
    last = e.osmPriceWad;
    out.push({ at: n(e.at), priceWad: s(e.osmPriceWad) });
  }
  return out;
}

/** Builds report.json (see the module's note). */
export function buildReport(input: ReportInput): Report {
  return checksummed(buildReportRaw(input));
}

/** Every 20-byte address in `value` (a report: hashes are 32 bytes) in its EIP-55 checksummed form. */
function checksummed<T>(value: T): T {
  if (typeof value === 'string') return (/^0x[0-9a-fA-F]{40}$/.test(value) ? getAddress(value) : value) as T;
  if (Array.isArray(value)) return value.map(checksummed) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, checksummed(v)])) as T;
  return value;
}

function buildReportRaw(input: ReportInput): Report {
  const { world, flips: flipResult, blockTimes } = input;
  const offset = flipResult.offsetSeconds;
  const timeOf = (block: bigint) => {
    const t = blockTimes.get(block);
    if (t === undefined) throw new Error(`buildReport: no time for block ${block}`);
    return n(t - offset);
  };
  const tierSet = new Set(input.tiers.map((t) => t.address.toLowerCase()));
  const isPool = (a: Address) => tierSet.has(a.toLowerCase());

  // ---------------------------------------------------------------- flops, from the Flopper's logs
  const flops = new Map<bigint, Flop & { lot: bigint; leader: Address | undefined }>();
  for (const log of input.flopperLogs) {
    const at = timeOf(log.blockNumber);
    if (log.kind === 'kick') {
      flops.set(log.id, { id: n(log.id), kickedAt: at, initialLotWad: s(log.lotWad), bidRad: s(log.bidRad), ticks: [], bids: [], outcome: 'running', settledAt: null, lot: log.lotWad, leader: undefined });
      continue;
    }
    const f = flops.get(log.id);
    if (!f) continue; // an auction kicked before the debt phase (none in the demo)
    if (log.kind === 'dent') {
      f.lot = log.lotWad;
      f.leader = log.usr;
      f.bids.push({ at, lotWad: s(log.lotWad), bidRad: s(log.bidRad), impliedDaiPerMkrWad: s(impliedDaiPerMkrWad(log.bidRad, log.lotWad)), bidder: isPool(log.usr) ? 'pool' : 'rival', guy: log.usr });
    } else if (log.kind === 'tick') {
      f.lot = (f.lot * input.flopper.padWad) / WAD;
      f.ticks.push({ at, lotWad: s(f.lot) });
    } else if (log.kind === 'deal' || log.kind === 'yank') {
      f.settledAt = at;
      f.outcome = log.kind === 'yank' ? 'yanked' : f.leader && isPool(f.leader) ? 'won-by-pool' : f.leader ? 'won-by-rival' : 'unbid';
    }
  }
  const flopList: Flop[] = [...flops.values()].map(({ lot: _lot, leader: _leader, ...f }) => f);

  // ---------------------------------------------------------------- the pool: positions and payouts
  const positions: Report['pool']['positions'] = [];
  const enlisted = new Map<string, bigint>();
  const payouts: Report['pool']['payouts'] = [];
  /** Exit requests by pool, holder and round: the shares asked back. */
  const exitRequests = new Map<string, bigint>();
  for (const e of input.syndicateLogs) {
    const at = timeOf(e.blockNumber);
    if (e.kind === 'enlisted') {
      const key = `${e.pool.toLowerCase()}:${e.holder.toLowerCase()}`;
      enlisted.set(key, (enlisted.get(key) ?? 0n) + e.daiWad);
    } else if (e.kind === 'defected') {
      payouts.push({ member: e.holder, tier: e.pool, via: 'defect', enlistedDaiWad: s(enlisted.get(`${e.pool.toLowerCase()}:${e.holder.toLowerCase()}`) ?? 0n), sharesWad: s(e.shares), daiWad: s(e.daiWad), mkrWad: s(e.mkrWad), paidAt: at });
    } else if (e.kind === 'defectRequested') {
      exitRequests.set(`${e.pool.toLowerCase()}:${e.holder.toLowerCase()}:${e.round}`, e.shares);
    } else if (e.kind === 'claimed') {
      // A claim of an exit request a round executed is a member leaving, as a defect is; a claim of a
      // deposit request alone is not.
      const shares = exitRequests.get(`${e.pool.toLowerCase()}:${e.holder.toLowerCase()}:${e.round}`);
      if (shares === undefined) continue;
      payouts.push({ member: e.holder, tier: e.pool, via: 'claim', enlistedDaiWad: s(enlisted.get(`${e.pool.toLowerCase()}:${e.holder.toLowerCase()}`) ?? 0n), sharesWad: s(shares), daiWad: s(e.daiWad), mkrWad: s(e.mkrWad), paidAt: at });
    } else if (e.kind !== 'entered' && e.kind !== 'finalized') {
      continue; // deposit requests, cancels, round closes, claimMkr: the leaver's story reads them (below)
    } else if (e.kind === 'entered') {
      const flop = flops.get(e.id);
      const outbid = flop?.bids.find((b) => b.at >= at && b.bidder === 'rival' && BigInt(b.lotWad) < e.lotWad);
      positions.push({ tier: e.pool, auctionId: n(e.id), lotWad: s(e.lotWad), lockedDaiWad: s(e.bidDaiWad), enteredAt: at, outbidAt: outbid ? outbid.at : null, wonAt: null, finalizedAt: null, outcome: outbid ? 'outbid' : 'leading' });
    } else {
      const p = [...positions].reverse().find((x) => x.auctionId === n(e.id) && x.tier.toLowerCase() === e.pool.toLowerCase() && x.finalizedAt === null);
      if (!p) continue;
      p.finalizedAt = at;
      if (e.won) {
        p.outcome = 'won';
        const flop = flops.get(e.id);
        const bid = flop?.bids.filter((b) => b.bidder === 'pool').at(-1);
        // won when the pool's bid expired (tic = bid time + ttl), or when it was dealt if sooner
        const expiry = bid ? bid.at + n(input.flopper.ttl) : at;
        p.wonAt = Math.max(p.enteredAt, Math.min(expiry, at));
      } else if (p.outcome !== 'outbid') {
        p.outcome = 'outbid';
        p.outbidAt = at;
      }
    }
  }
  // positions still leading whose bid life is over at the end are won (not yet finalized)
  for (const p of positions) {
    if (p.outcome !== 'leading') continue;
    const expiry = p.enteredAt + n(input.flopper.ttl);
    if (expiry <= n(input.endedAt)) {
      p.outcome = 'won';
      p.wonAt = expiry;
    }
  }

  // ---------------------------------------------------------------- the leaver: request, close, claim
  const leavers: Report['pool']['leavers'] = [];
  const l = world.leaver;
  if (l) {
    const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();
    const request = input.syndicateLogs.find((e) => e.kind === 'defectRequested' && same(e.pool, l.tier) && same(e.holder, l.member));
    if (request?.kind !== 'defectRequested') throw new Error(`buildReport: the leaver ${l.member} asked to leave, but no DefectRequested log of theirs was found`);
    const closed = input.syndicateLogs.find((e) => e.kind === 'roundClosed' && same(e.pool, l.tier) && e.round === request.round);
    const claimed = input.syndicateLogs.find((e) => e.kind === 'claimed' && same(e.pool, l.tier) && same(e.holder, l.member) && e.round === request.round);
    const round = closed?.kind === 'roundClosed' ? closed : undefined;
    const paid = claimed?.kind === 'claimed' ? claimed : undefined;
    leavers.push({
      member: l.member,
      tier: l.tier,
      enlistedDaiWad: s(enlisted.get(`${l.tier.toLowerCase()}:${l.member.toLowerCase()}`) ?? 0n),
      refusedAt: n(l.refusedAt),
      refusal: l.refusal,
      requestedAt: timeOf(request.blockNumber),
      round: n(request.round),
      sharesWad: s(request.shares),
      atCostDaiWad: s(l.atCostDaiWad),
      atCostMkrWad: s(l.atCostMkrWad),
      openAtRequest: l.openAtRequest.map(n),
      roundClosedAt: round ? timeOf(round.blockNumber) : null,
      closeNavDaiWad: round ? s(round.navDaiWad) : null,
      closeTotalSharesWad: round ? s(round.totalShares) : null,
      claimedAt: paid ? timeOf(paid.blockNumber) : null,
      daiWad: s(paid?.daiWad ?? 0n),
      mkrWad: s(paid?.mkrWad ?? 0n),
    });
  }

  // ---------------------------------------------------------------- keeper and the Vow
  const keeperActions: KeeperAction[] = world.keeperActions.map((a) => ({
    at: n(a.at),
    action: a.action,
    status: a.status,
    reason: a.reason,
    tier: a.tier ?? null,
    auctionId: a.auctionId === undefined ? null : n(a.auctionId),
  }));
  const vowEvents: Report['vowEvents'] = world.vowEvents.map((v) => ({ at: n(v.at), kind: v.kind, by: v.by, amountRad: v.amountRad === undefined ? null : s(v.amountRad), auctionId: v.auctionId === undefined ? null : n(v.auctionId) }));

  const nav: Report['pool']['nav'] = world.nav.map((p) => {
    const per = navPerShare(p.status);
    return {
      at: n(p.at),
      tier: p.tier,
      daiBookWad: s(p.status.daiBookWad),
      lockedBookWad: s(p.status.lockedBookWad),
      mkrBookWad: s(p.status.mkrBookWad),
      totalSharesWad: s(p.status.totalShares),
      navPerShareWad: s(per.daiWad),
      // The accumulator, not the MKR book over the shares left: it never moves on a claim or an exit.
      mkrPerShareWad: s(mkrPerShareWadOfRay(p.mkrPerShareRay)),
    };
  });

  // ---------------------------------------------------------------- flips, bad debt, prices
  const flipList = flipsOf(flipResult.events);
  const badDebt = flipResult.events.flatMap((e) => (e.kind === 'batch' ? [{ at: n(e.at), badDebtRad: s(e.badDebtRad) }] : []));
  const firstKick = flipList[0]?.kickedAt ?? n(input.endedAt);
  const from = BigInt(firstKick) - 12n * 3600n;
  const to = BigInt(flipList.reduce((m, f) => Math.max(m, f.kickedAt), firstKick)) + 12n * 3600n;
  const market = input.market.map((m) => ({ name: m.name, source: m.source, points: m.points.filter((p) => p.at >= from && p.at <= to).map((p) => ({ at: n(p.at), priceWad: s(p.priceWad) })) })).filter((m) => m.points.length > 0);

  const totalDai = input.syndicateLogs.reduce((sum, e) => (e.kind === 'enlisted' ? sum + e.daiWad : sum), 0n);
  return {
    format: REPORT_FORMAT,
    scenario: {
      name: input.scenario.name,
      description: input.scenario.description,
      parameters: {
        members: input.scenario.members,
        poolDaiWad: s(totalDai > 0n ? totalDai : input.scenario.poolDaiWad),
        tierLimitsWad: input.tiers.map((t) => s(t.limitWad)),
        rivals: input.scenario.rivals,
        faults: input.scenario.faults,
        extra: input.scenario.extra,
      },
    },
    run: {
      generatedAt: input.run.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      wallTimeMs: Math.round(input.run.wallTimeMs),
      simulatedFrom: firstKick,
      simulatedTo: Math.max(n(input.endedAt), firstKick),
      chainId: input.run.chainId,
      origin: 'replay',
      notes: input.run.notes,
    },
    series: { ethPrice: { market, osm: osmSeries(flipResult.events) }, badDebt },
    flips: flipList,
    flops: flopList,
    vowEvents,
    pool: {
      tiers: input.tiers.map((t) => ({ address: t.address, limitWad: s(t.limitWad), label: `${s(t.limitWad / WAD)} DAI/MKR` })),
      nav,
      positions,
      payouts,
      leavers,
    },
    keeper: { address: input.keeper, actions: keeperActions },
    references: input.references,
  };
}
