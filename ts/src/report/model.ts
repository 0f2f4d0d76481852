/**
 * The report's data model: the shape of `report/report.json`, which the replay (ts/src/replay/) writes
 * and the report side (charts, HTML, terminal summary) reads. Pure: no client, no clock, no I/O.
 *
 * Conventions, everywhere in the file:
 * - Amounts are decimal strings of integers in Maker's fixed-point units, the unit in the key's name:
 *   `...Wad` (1e18: ETH, MKR, DAI, shares, prices in USD per ETH or DAI per MKR), `...Rad` (1e45: Vat
 *   DAI, flip tabs and bids, flop bids). Never floats; converting to numbers happens in charts.ts only.
 * - Times are unix seconds (integers): `at` for a point of a series, `...At` for an event.
 * - Counts and auction ids are plain JSON integers.
 * - Lists that may be empty are still present (`[]`), so a missing key is always a mistake.
 *
 * `validateReport(value)` checks the schema and the cross-field rules (times in order, implied prices
 * equal to `bid / lot`, zero-bid flags equal to "final bid under 1 DAI", positions naming known tiers)
 * and returns one line per problem; `parseReport` and `loadReport` throw an `InputError` listing them.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';

/** The format tag of this model; bump it when a field changes meaning. */
export const REPORT_FORMAT = 'dbs-report/3' as const;

const RAY_PER_WAD = 10n ** 9n;
const RAD = 10n ** 45n;

// ------------------------------------------------------------------------------------- primitives

/** A non-negative integer amount as a decimal string ("0", "50000000000000000000000"). */
const amount = z.string().regex(/^(0|[1-9]\d*)$/, 'expected a non-negative integer as a decimal string (e.g. "1000000000000000000")');
/** A signed integer amount as a decimal string (a balance that may go negative). */
const signedAmount = z.string().regex(/^(0|-?[1-9]\d*)$/, 'expected an integer as a decimal string');
/** Unix seconds. */
const unixS = z.number().int('expected whole unix seconds').nonnegative();
/** An auction id (Flipper or Flopper `kicks`). */
const auctionId = z.number().int().positive();
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address');
const text = z.string().min(1);

/** Where a figure comes from: a publication (black-thursday.json's `source`) or a data file. */
const source = text;

// ------------------------------------------------------------------------------------- run

/** The replay's scenarios, in the order `make demo` lists them. */
export const SCENARIO_NAMES = ['historical', 'no-rivals', 'tiers', 'congestion'] as const;
export const ScenarioNameSchema = z.enum(SCENARIO_NAMES);
/** The replay's scenarios (`make demo SCENARIO=...`). */
export type ScenarioName = z.infer<typeof ScenarioNameSchema>;

const ScenarioSchema = z.strictObject({
  name: ScenarioNameSchema,
  /** One sentence: what the scenario shows. */
  description: text,
  parameters: z.strictObject({
    /** Number of members who enlisted. */
    members: z.number().int().nonnegative(),
    /** DAI the members enlisted in total (over all tiers), wad. */
    poolDaiWad: amount,
    /** The tiers' limit prices, DAI per MKR, wad (e.g. ["100000000000000000000"]). */
    tierLimitsWad: z.array(amount).min(1),
    /** Rival bidders took part. */
    rivals: z.boolean(),
    /** The keeper's RPC and transactions were disturbed (congestion). */
    faults: z.boolean(),
    /**
     * Anything else the scenario was run with (seed, chain id, flags), as given. The demo's keys:
     * `seed`, `chainId`, `flipAuctions` (flip auctions replayed), `debtPhaseBlocks` (blocks mined in
     * the debt-auction phase, one per moment something happened: flops, bids, ticks, settlements,
     * claims; the members' final defects not counted), labelled in the HTML.
     */
    extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
});

const RunSchema = z.strictObject({
  /** When the report was generated, ISO 8601 UTC (from the caller's clock; the model has none). */
  generatedAt: z.iso.datetime({ offset: false }),
  /** Wall-clock duration of the replay up to building the report (writing it not counted), milliseconds. */
  wallTimeMs: z.number().int().nonnegative(),
  /** Simulated time span covered, unix s (first kick to last deal). */
  simulatedFrom: unixS,
  simulatedTo: unixS,
  /** Chain the replay ran on. */
  chainId: z.number().int().positive(),
  /** `replay`: written by the replay. `fixture`: made by hand for tests; never a result. */
  origin: z.enum(['replay', 'fixture']),
  /** Free-form remarks from the replay (one sentence each), shown under the summary. */
  notes: z.array(text),
});

// ------------------------------------------------------------------------------------- series

const PricePointSchema = z.strictObject({ at: unixS, priceWad: amount });

const ethPriceSchema = z.strictObject({
  /** Market ETH/USD from the data files, one series per file (USD per ETH, wad). */
  market: z.array(
    z.strictObject({
      /** Short label for the legend, e.g. "CoinAPI 10 min". */
      name: text,
      /** The data file (or publication) the points come from. */
      source,
      points: z.array(PricePointSchema).min(1),
    }),
  ),
  /** What the OSM let the Vat see: the price in effect from each `poke` on (USD per ETH, wad). */
  osm: z.array(PricePointSchema),
});

const BadDebtPointSchema = z.strictObject({
  at: unixS,
  /**
   * The Vow's bad debt at `at`, rad: debt of bitten vaults not covered by what their flip auctions
   * raised (`vat.sin(vow) - vat.dai(vow)` while nothing is healed or flopped), cumulative.
   */
  badDebtRad: signedAmount,
});

const FlipSchema = z.strictObject({
  id: auctionId,
  kickedAt: unixS,
  /** ETH auctioned, wad. */
  lotWad: amount,
  /** DAI the auction tried to raise (debt plus the 13% penalty), rad. */
  tabRad: amount,
  /** The winning bid, rad (0 when no bid). */
  finalBidRad: amount,
  /** ETH the winner got, wad (below `lotWad` after dent bids). */
  finalLotWad: amount,
  /** When it was dealt, or null if never dealt. */
  dealtAt: unixS.nullable(),
  /** The final bid was under 1 DAI (the data README's definition of a zero-bid auction). */
  zeroBid: z.boolean(),
});

export const BidderKindSchema = z.enum(['pool', 'rival']);

const FlopBidSchema = z.strictObject({
  at: unixS,
  /** MKR the bidder asked for (the lot after this dent), wad. */
  lotWad: amount,
  /** The auction's fixed DAI bid, rad. */
  bidRad: amount,
  /** `bidRad / lotWad` rounded up: DAI per MKR, wad. See `impliedDaiPerMkrWad`. */
  impliedDaiPerMkrWad: amount,
  bidder: BidderKindSchema,
  /** The bidding account (a tier's syndicate for the pool). */
  guy: address,
});

const FlopSchema = z.strictObject({
  id: auctionId,
  kickedAt: unixS,
  /** The lot at kick (`dump`), MKR wad. */
  initialLotWad: amount,
  /** The fixed bid (`sump`), rad. */
  bidRad: amount,
  /** Each `tick` (restart of an unbid auction): when, and the lot after it (grown by `pad`). */
  ticks: z.array(z.strictObject({ at: unixS, lotWad: amount })),
  /** Every `dent`, in order. */
  bids: z.array(FlopBidSchema),
  /**
   * `won-by-pool` / `won-by-rival`: dealt (or ended) with that bidder leading; `running`: still live at
   * the end of the replay; `unbid`: ended with no bid and not restarted; `yanked`: caged.
   */
  outcome: z.enum(['won-by-pool', 'won-by-rival', 'running', 'unbid', 'yanked']),
  /** When it was dealt (or yanked), or null. */
  settledAt: unixS.nullable(),
});

const TierSchema = z.strictObject({
  /** The tier's syndicate. */
  address,
  /** Its limit price, DAI per MKR, wad. */
  limitWad: amount,
  /** Legend label, e.g. "100 DAI/MKR". */
  label: text,
});

const NavPointSchema = z.strictObject({
  at: unixS,
  tier: address,
  /** Liquid DAI, wad (`nav().daiBookWad`). */
  daiBookWad: amount,
  /** DAI in open bids, wad. */
  lockedBookWad: amount,
  /** Won MKR not yet paid out, wad. */
  mkrBookWad: amount,
  /** Shares outstanding, wad (18 decimals). */
  totalSharesWad: amount,
  /** DAI per share at cost, `(daiBook + lockedBook) / shares`, wad (0 with no shares). */
  navPerShareWad: amount,
  /**
   * MKR credited per whole share since the pool began, wad: the pool's accumulator `mkrPerShareRay()`
   * divided by 1e9 (MKR wei per wei of shares, ray, to MKR per 1e18 shares, wad). It grows when a lot is
   * won and never moves on a claim or an exit (unlike the MKR book over the shares left).
   */
  mkrPerShareWad: amount,
});

const PositionSchema = z.strictObject({
  tier: address,
  auctionId,
  /** The pool's bid: MKR asked for (wad) and DAI locked (wad). */
  lotWad: amount,
  lockedDaiWad: amount,
  enteredAt: unixS,
  /** When a rival's dent displaced it, or null. */
  outbidAt: unixS.nullable(),
  /** When it became won (bid expired or auction ended with the pool leading), or null. */
  wonAt: unixS.nullable(),
  /** When `finalize` closed it (refund booked or MKR claimed), or null if still open. */
  finalizedAt: unixS.nullable(),
  /** State at the end of the replay. */
  outcome: z.enum(['leading', 'outbid', 'won']),
});

/** What a member got back when they left the pool, one entry per exit. */
const PayoutSchema = z.strictObject({
  /** The member's account. */
  member: address,
  tier: address,
  /**
   * How they left: `defect` (at once, no bid of the pool out), or `claim` of an exit request a round
   * executed (they asked to leave while a bid was out: see `leavers`).
   */
  via: z.enum(['defect', 'claim']),
  /** DAI enlisted, wad. */
  enlistedDaiWad: amount,
  /** Shares burned (`defect`) or asked back by the request (`claim`), wad. */
  sharesWad: amount,
  /** Paid out: DAI (wad) and MKR (wad). */
  daiWad: amount,
  mkrWad: amount,
  /** When `defect` or `claim` paid them. */
  paidAt: unixS,
});

/**
 * A member who tried to leave while a bid of the pool was out (issue 10's rounds): `defect` was refused
 * (`RoundOpen`), they asked to leave instead (`requestDefect`: their shares locked, still carrying the
 * round's outcome), the round closed at the finalize that emptied the pool's queue, and they claimed.
 */
const LeaverSchema = z.strictObject({
  /** The member's account. */
  member: address,
  tier: address,
  /** DAI enlisted, wad. */
  enlistedDaiWad: amount,
  /** When `defect` was refused, and the refusal (the custom error with its arguments). */
  refusedAt: unixS,
  refusal: text,
  /** When the exit request was mined, its round, and the shares it locked (1e18 each). */
  requestedAt: unixS,
  round: z.number().int().positive(),
  sharesWad: amount,
  /**
   * What leaving at cost would have paid at the request (the rule before rounds): the shares' part of
   * the liquid and locked DAI, `shares * (daiBook + lockedBook) / totalShares`, wad, and the MKR then
   * credited to them, wad.
   */
  atCostDaiWad: amount,
  atCostMkrWad: amount,
  /** The pool's positions open when they asked (auction ids). */
  openAtRequest: z.array(auctionId),
  /** When the round closed (`RoundClosed`), and its price: DAI `navDaiWad` for `totalSharesWad` shares; null if not by the end. */
  roundClosedAt: unixS.nullable(),
  closeNavDaiWad: amount.nullable(),
  closeTotalSharesWad: amount.nullable(),
  /** When `claim` paid them, and what: DAI (wad) and MKR (wad); null and "0" if not by the end. */
  claimedAt: unixS.nullable(),
  daiWad: amount,
  mkrWad: amount,
});

export const KeeperActionKindSchema = z.enum(['enter', 'finalize', 'claim', 'tick', 'flop', 'kiss', 'heal']);

const KeeperActionSchema = z.strictObject({
  at: unixS,
  action: KeeperActionKindSchema,
  /** `sent`, `confirmed` (mined, success), `reverted`, `refused` (simulation), `bumped`, `failed`, ... */
  status: z.enum(['sent', 'confirmed', 'reverted', 'replaced', 'refused', 'bumped', 'resent', 'failed']),
  /** The keeper's reason or the refusal's error name. */
  reason: z.string(),
  /** The tier acted for (enter, finalize), or null. */
  tier: address.nullable(),
  /** The Flopper auction concerned, or null (flop, kiss, heal). */
  auctionId: auctionId.nullable(),
});

const VowEventSchema = z.strictObject({
  at: unixS,
  /**
   * `flog` (debt queued for flop), `flop` (a debt auction kicked), `flop-blocked` (`flop()` refused:
   * the Vow holds DAI from a dent, so surplus is not zero), `kiss`, `heal`.
   */
  kind: z.enum(['flog', 'flop', 'flop-blocked', 'kiss', 'heal']),
  /** Who called it. */
  by: z.enum(['keeper', 'replay', 'rival']),
  /** The amount moved (kiss, heal: rad), or null. */
  amountRad: amount.nullable(),
  auctionId: auctionId.nullable(),
});

// ------------------------------------------------------------------------------------- references

const RefSchema = z.strictObject({ source });

const ReferencesSchema = z.strictObject({
  /** What the flip file itself implies (computed by the replay from the CSV, never hard-coded). */
  flipFile: z.strictObject({
    source,
    auctions: z.number().int().nonnegative(),
    zeroBidAuctions: z.number().int().nonnegative(),
    undealtAuctions: z.number().int().nonnegative(),
    ethAuctionedWad: amount,
    tabRad: amount,
    raisedRad: amount,
    /** Debt (tab without the penalty) minus what was raised, rad. */
    badDebtRad: signedAmount,
  }),
  /** Published ETH/USD points. */
  ethPrice: z.array(RefSchema.extend({ at: unixS, priceWad: amount })),
  /** Published bad-debt estimates, DAI wad (the band is their min and max). */
  badDebtEstimates: z.array(RefSchema.extend({ daiWad: amount })).min(1),
  /** DAI the debt auctions raised, wad. */
  coveredByDebtAuctions: RefSchema.extend({ daiWad: amount }),
  /** Published share of liquidations won with zero bids, wad (0.36e18 = 36%). */
  zeroBidShare: RefSchema.extend({ shareWad: amount }),
  debtAuctions: RefSchema.extend({
    auctions: z.number().int().positive(),
    mkrSoldWad: amount,
    daiRaisedWad: amount,
    averageDaiPerMkrWad: amount,
    startingLotWad: amount,
    startingBidDaiWad: amount,
  }),
  /** Phase one clearing price (about 265 DAI/MKR), wad. */
  phaseOne: RefSchema.extend({ lots: z.number().int().positive(), daiPerMkrWad: amount }),
  /** Phase two clearing range (220-250 DAI/MKR), wad. */
  phaseTwo: RefSchema.extend({ lots: z.number().int().positive(), lowDaiPerMkrWad: amount, highDaiPerMkrWad: amount }),
  /** The syndicate of 2020: its price, members and DAI raised. */
  syndicate: RefSchema.extend({ priceDaiPerMkrWad: amount, members: z.number().int().nonnegative(), raisedDaiWad: amount }),
});

// ------------------------------------------------------------------------------------- the report

export const ReportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  scenario: ScenarioSchema,
  run: RunSchema,
  series: z.strictObject({
    ethPrice: ethPriceSchema,
    badDebt: z.array(BadDebtPointSchema),
  }),
  flips: z.array(FlipSchema),
  flops: z.array(FlopSchema),
  vowEvents: z.array(VowEventSchema),
  pool: z.strictObject({
    tiers: z.array(TierSchema).min(1),
    nav: z.array(NavPointSchema),
    positions: z.array(PositionSchema),
    /** Every member's exit, by `defect` or by a round's `claim` (see `PayoutSchema`). */
    payouts: z.array(PayoutSchema),
    /** Members who asked to leave during a round (see `LeaverSchema`), told in full; their exit is also a `payouts` entry (`via: 'claim'`). */
    leavers: z.array(LeaverSchema),
  }),
  keeper: z.strictObject({
    /** The keeper's account. */
    address,
    actions: z.array(KeeperActionSchema),
  }),
  references: ReferencesSchema,
});

/** report.json, as written by the replay and read by the report side. */
export type Report = z.infer<typeof ReportSchema>;
export type Scenario = Report['scenario'];
export type RunInfo = Report['run'];
export type PricePoint = z.infer<typeof PricePointSchema>;
export type BadDebtPoint = z.infer<typeof BadDebtPointSchema>;
export type Flip = z.infer<typeof FlipSchema>;
export type Flop = z.infer<typeof FlopSchema>;
export type FlopBid = z.infer<typeof FlopBidSchema>;
export type BidderKind = z.infer<typeof BidderKindSchema>;
export type Tier = z.infer<typeof TierSchema>;
export type NavPoint = z.infer<typeof NavPointSchema>;
export type Position = z.infer<typeof PositionSchema>;
export type Payout = z.infer<typeof PayoutSchema>;
export type Leaver = z.infer<typeof LeaverSchema>;
export type KeeperAction = z.infer<typeof KeeperActionSchema>;
export type VowEvent = z.infer<typeof VowEventSchema>;
export type References = z.infer<typeof ReferencesSchema>;

// ------------------------------------------------------------------------------------- helpers

/**
 * The implied price of a flop bid: `bidRad / lotWad` rounded up, DAI per MKR, wad (as the syndicate's
 * `priceWad`). Throws on a zero lot.
 */
export function impliedDaiPerMkrWad(bidRad: bigint, lotWad: bigint): bigint {
  if (lotWad <= 0n) throw new RangeError('impliedDaiPerMkrWad: the lot is zero');
  // rad per wad is a ray-scaled price; to wad, divide by 1e9. ceil(ceil(a / b) / c) = ceil(a / (b c)),
  // so this equals the contract's divUp(divUp(bidRad, lotWad), 1e9).
  const denominator = lotWad * RAY_PER_WAD;
  return (bidRad + denominator - 1n) / denominator;
}

/** One DAI in rad: a final flip bid below it is a zero bid. */
export const ONE_DAI_RAD = RAD;

/** A validation outcome: the report, or one line per problem (`path: message`). */
export type ReportValidation = { ok: true; report: Report } | { ok: false; problems: string[] };

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(root)';
}

/** Cross-field rules the schema cannot express. Each problem is one line. */
function crossCheck(report: Report): string[] {
  const problems: string[] = [];
  const ordered = <T>(items: readonly T[], time: (t: T) => number, where: string) => {
    for (let i = 1; i < items.length; i++) {
      if (time(items[i]!) < time(items[i - 1]!)) {
        problems.push(`${where}[${i}]: time ${time(items[i]!)} is before the previous point's ${time(items[i - 1]!)} (series must be in time order)`);
        return;
      }
    }
  };
  const { run, series } = report;
  if (run.simulatedTo < run.simulatedFrom) problems.push(`run.simulatedTo: ${run.simulatedTo} is before run.simulatedFrom ${run.simulatedFrom}`);
  series.ethPrice.market.forEach((m, i) => ordered(m.points, (p) => p.at, `series.ethPrice.market[${i}].points`));
  ordered(series.ethPrice.osm, (p) => p.at, 'series.ethPrice.osm');
  ordered(series.badDebt, (p) => p.at, 'series.badDebt');
  ordered(report.pool.nav, (p) => p.at, 'pool.nav');
  ordered(report.keeper.actions, (p) => p.at, 'keeper.actions');
  ordered(report.vowEvents, (p) => p.at, 'vowEvents');

  const flipIds = new Set<number>();
  report.flips.forEach((f, i) => {
    if (flipIds.has(f.id)) problems.push(`flips[${i}].id: auction ${f.id} appears twice`);
    flipIds.add(f.id);
    const zero = BigInt(f.finalBidRad) < ONE_DAI_RAD;
    if (f.zeroBid !== zero) problems.push(`flips[${i}].zeroBid: is ${f.zeroBid} but the final bid ${f.finalBidRad} rad is ${zero ? 'under' : 'at least'} 1 DAI`);
    if (BigInt(f.finalLotWad) > BigInt(f.lotWad)) problems.push(`flips[${i}].finalLotWad: ${f.finalLotWad} exceeds the lot ${f.lotWad}`);
    if (f.dealtAt !== null && f.dealtAt < f.kickedAt) problems.push(`flips[${i}].dealtAt: ${f.dealtAt} is before kickedAt ${f.kickedAt}`);
  });

  const flopIds = new Set<number>();
  report.flops.forEach((f, i) => {
    if (flopIds.has(f.id)) problems.push(`flops[${i}].id: auction ${f.id} appears twice`);
    flopIds.add(f.id);
    ordered(f.ticks, (t) => t.at, `flops[${i}].ticks`);
    ordered(f.bids, (b) => b.at, `flops[${i}].bids`);
    f.bids.forEach((b, j) => {
      const lot = BigInt(b.lotWad);
      if (lot === 0n) {
        problems.push(`flops[${i}].bids[${j}].lotWad: is zero`);
        return;
      }
      const implied = impliedDaiPerMkrWad(BigInt(b.bidRad), lot);
      if (implied.toString() !== b.impliedDaiPerMkrWad) {
        problems.push(`flops[${i}].bids[${j}].impliedDaiPerMkrWad: is ${b.impliedDaiPerMkrWad} but bidRad / lotWad rounded up is ${implied}`);
      }
      if (b.at < f.kickedAt) problems.push(`flops[${i}].bids[${j}].at: ${b.at} is before kickedAt ${f.kickedAt}`);
    });
    const last = f.bids.at(-1);
    if (f.outcome === 'won-by-pool' && last?.bidder !== 'pool') problems.push(`flops[${i}].outcome: won-by-pool but the last bid is not the pool's`);
    if (f.outcome === 'won-by-rival' && last?.bidder !== 'rival') problems.push(`flops[${i}].outcome: won-by-rival but the last bid is not a rival's`);
    if (f.outcome === 'unbid' && last) problems.push(`flops[${i}].outcome: unbid but it has ${f.bids.length} bid(s)`);
  });

  const tiers = new Set(report.pool.tiers.map((t) => t.address.toLowerCase()));
  const tierRef = (tier: string | null, where: string) => {
    if (tier !== null && !tiers.has(tier.toLowerCase())) problems.push(`${where}: ${tier} is not one of pool.tiers`);
  };
  report.pool.nav.forEach((p, i) => tierRef(p.tier, `pool.nav[${i}].tier`));
  report.pool.payouts.forEach((p, i) => tierRef(p.tier, `pool.payouts[${i}].tier`));
  report.keeper.actions.forEach((a, i) => tierRef(a.tier, `keeper.actions[${i}].tier`));
  report.pool.leavers.forEach((l, i) => {
    const where = `pool.leavers[${i}]`;
    tierRef(l.tier, `${where}.tier`);
    if (l.requestedAt < l.refusedAt) problems.push(`${where}.requestedAt: ${l.requestedAt} is before refusedAt ${l.refusedAt}`);
    if (l.roundClosedAt !== null && l.roundClosedAt < l.requestedAt) problems.push(`${where}.roundClosedAt: ${l.roundClosedAt} is before requestedAt ${l.requestedAt}`);
    if (l.claimedAt !== null && (l.roundClosedAt === null || l.claimedAt < l.roundClosedAt)) problems.push(`${where}.claimedAt: ${l.claimedAt} is not after the round's close`);
    if ((l.roundClosedAt === null) !== (l.closeNavDaiWad === null) || (l.roundClosedAt === null) !== (l.closeTotalSharesWad === null)) {
      problems.push(`${where}: roundClosedAt, closeNavDaiWad and closeTotalSharesWad are set together`);
    }
    l.openAtRequest.forEach((id, j) => {
      if (!flopIds.has(id)) problems.push(`${where}.openAtRequest[${j}]: ${id} is not in flops`);
    });
  });
  report.pool.positions.forEach((p, i) => {
    tierRef(p.tier, `pool.positions[${i}].tier`);
    if (!flopIds.has(p.auctionId)) problems.push(`pool.positions[${i}].auctionId: ${p.auctionId} is not in flops`);
    for (const key of ['outbidAt', 'wonAt', 'finalizedAt'] as const) {
      const at = p[key];
      if (at !== null && at < p.enteredAt) problems.push(`pool.positions[${i}].${key}: ${at} is before enteredAt ${p.enteredAt}`);
    }
    if (p.outcome === 'outbid' && p.outbidAt === null) problems.push(`pool.positions[${i}].outbidAt: outcome is outbid but outbidAt is null`);
    if (p.outcome === 'won' && p.wonAt === null) problems.push(`pool.positions[${i}].wonAt: outcome is won but wonAt is null`);
  });
  return problems;
}

/**
 * Validates a parsed report.json: the schema, then the cross-field rules.
 * @returns The typed report, or one line per problem (`path: message`), schema problems first.
 */
export function validateReport(value: unknown): ReportValidation {
  const parsed = ReportSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`) };
  }
  const problems = crossCheck(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, report: parsed.data };
}

/**
 * Validates a parsed report.json and returns it typed.
 * @throws InputError "report.json: N problem(s)" with one line per problem in `details`.
 */
export function parseReport(value: unknown, name = 'report.json'): Report {
  const result = validateReport(value);
  if (result.ok) return result.report;
  throw new InputError(`${name}: ${result.problems.length} problem(s)`, { details: result.problems.join('\n') });
}

/**
 * Loads report.json from its text (the caller reads the file): JSON, then `parseReport`.
 * @throws InputError on malformed JSON (one line, with the parser's message) or any validation problem.
 */
export function loadReport(jsonText: string, name = 'report.json'): Report {
  let value: unknown;
  try {
    value = JSON.parse(jsonText);
  } catch (error) {
    throw new InputError(`${name}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  return parseReport(value, name);
}
