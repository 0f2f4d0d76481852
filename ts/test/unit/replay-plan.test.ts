// The record-mode plan, without a chain: which batch bites, bids and deals each recorded auction, when.
import { describe, expect, it } from 'vitest';
import { getAddress } from 'viem';
import { InputError } from '../../src/errors.js';
import type { FlipRecord } from '../../src/replay/data.js';
import { readFlipRecords } from '../../src/replay/data.js';
import { MARCH_2020_CHOP_RAY } from '../../src/replay/expected.js';
import { FLIP_GAS, maxUnsafePriceWad, planFlipReplay, type FlipPlanParams, type PlannedBatch } from '../../src/replay/flips.js';
import { RAD, RAY, WAD } from '../../src/units.js';

const URN = getAddress('0x00000000000000000000000000000000000000a1');
const T0 = 1_584_020_000n;
const MAT_RAY = 15n * RAY / 10n;

/** A vault of 50 ETH, debt 1,000 DAI (tab 1,130), OSM at 25 USD: unsafe (50 * 25 / 1.5 = 833 < 1,000). */
function record(id: bigint, over: Partial<FlipRecord> = {}): FlipRecord {
  return {
    id, line: Number(id), kickAt: T0, kickBlock: 1n, lastBidBlock: 2n, lotWad: 50n * WAD, tabRad: 1_130n * RAD, bidCount: 1,
    finalLotWad: 50n * WAD, finalBidRad: 10n * RAD, osmPriceWad: 25n * WAD, uniswapPriceWad: 25n * WAD, winner: URN, vaultOwner: URN,
    kicker: URN, dealer: URN, kickGasPriceWei: 1n, lastBidGasPriceWei: 1n, lastBidAt: T0, dealGasPriceWei: 1n, dealAt: T0 + 700n,
    ...over,
  };
}

const PARAMS: FlipPlanParams = {
  firstFlipId: 11n,
  ttl: 600n,
  tau: 3n * 86_400n,
  chopRay: MARCH_2020_CHOP_RAY,
  matRay: MAT_RAY,
  offsetSeconds: 1_000n,
  gasBudget: 24_000_000n,
  maxDelaySeconds: 900n,
  windowSeconds: 1n,
};

const ids = (rs: readonly FlipRecord[]) => rs.map((r) => r.id);
/** Where each auction's kick, bid and deal landed: batch times by recorded id. */
function placed(batches: readonly PlannedBatch[]) {
  const kick = new Map<bigint, bigint>();
  const bid = new Map<bigint, bigint>();
  const deal = new Map<bigint, bigint>();
  for (const b of batches) {
    for (const r of b.kicks) kick.set(r.id, b.at);
    for (const r of b.bids) bid.set(r.id, b.at);
    for (const r of b.deals) deal.set(r.id, b.at);
  }
  return { kick, bid, deal };
}

describe('planFlipReplay', () => {
  it('bites at the recorded kick time, bids at or after the last bid, deals after tic and the recorded deal', () => {
    const a = record(1n, { lastBidAt: T0, dealAt: T0 + 605n });
    const b = record(2n, { kickAt: T0 + 100n, lastBidAt: T0 + 300n, dealAt: T0 + 2_000n });
    const c = record(3n, { kickAt: T0 + 400n, lastBidAt: T0 + 450n, dealAt: undefined, dealer: undefined });
    const { batches, flipIds } = planFlipReplay([a, b, c], PARAMS);
    expect(batches.map((x) => [x.at, ids(x.kicks), ids(x.bids), ids(x.deals)])).toEqual([
      [T0, [1n], [1n], []],
      [T0 + 100n, [2n], [], []],
      [T0 + 400n, [3n], [2n], []], // b's bid (due at T0 + 300) rode on the next kick batch
      [T0 + 450n, [], [3n], []], // no kick left: c's bid when it falls due
      [T0 + 605n, [], [], [1n]], // a: tic passed at T0 + 601, recorded deal at T0 + 605
      [T0 + 2_000n, [], [], [2n]], // b: its recorded deal
    ]);
    expect([...flipIds]).toEqual([[1n, 11n], [2n, 12n], [3n, 13n]]);
    expect(batches.every((x) => x.chainAt === x.at + 1_000n)).toBe(true);
    expect(batches.map((x) => x.firstFlipId)).toEqual([11n, 12n, 13n, 14n, 14n, 14n]);
  });

  it('never deals before the bid has lived ttl, whatever the record says', () => {
    const late = record(1n, { lastBidAt: T0 + 500n, dealAt: T0 + 510n });
    const other = record(2n, { kickAt: T0 + 2_000n, lastBidAt: T0 + 2_000n, dealAt: undefined, dealer: undefined });
    const { bid, deal } = placed(planFlipReplay([late, other], { ...PARAMS, maxDelaySeconds: 60n }).batches);
    expect(bid.get(1n)).toBe(T0 + 560n); // due at T0 + 500, waited 60 s
    expect(deal.get(1n)).toBe(T0 + 560n + 601n + 60n); // dealable at T0 + 1,161 (tic + 1), waited 60 s
  });

  it('leaves undealt auctions undealt and places every other step once', () => {
    const records = [record(1n), record(2n, { dealAt: undefined, dealer: undefined }), record(3n, { kickAt: T0 + 5n, lastBidAt: T0 + 5n })];
    const { kick, bid, deal } = placed(planFlipReplay(records, PARAMS).batches);
    expect([...kick.keys()]).toEqual([1n, 2n, 3n]);
    expect([...bid.keys()]).toEqual([1n, 2n, 3n]);
    expect([...deal.keys()].sort()).toEqual([1n, 3n]);
  });

  it('bites a window of kicks together at its last kick time', () => {
    const records = [0n, 30n, 119n, 120n, 300n].map((dt, i) => record(BigInt(i + 1), { kickAt: T0 + dt, lastBidAt: T0 + dt }));
    const { batches } = planFlipReplay(records, { ...PARAMS, windowSeconds: 120n });
    const kicks = batches.filter((b) => b.kicks.length > 0);
    expect(kicks.map((b) => [b.at, ids(b.kicks)])).toEqual([
      [T0 + 119n, [1n, 2n, 3n]],
      [T0 + 120n, [4n]],
      [T0 + 300n, [5n]],
    ]);
  });

  it('shows the lowest recorded OSM price, lowered only where a vault would be safe', () => {
    const at25 = record(1n);
    const at24 = record(2n, { osmPriceWad: 24n * WAD });
    expect(planFlipReplay([at25, at24], PARAMS).batches[0]).toMatchObject({ osmPriceWad: 24n * WAD, priceAdjusted: false });
    // 50 ETH at 40 USD with mat 1.5 is worth 1,333 of collateral for 1,000 DAI of debt: safe
    const safe = record(3n, { osmPriceWad: 40n * WAD });
    const plan = planFlipReplay([safe], PARAMS);
    const bound = maxUnsafePriceWad(safe, PARAMS);
    expect(plan.batches[0]).toMatchObject({ osmPriceWad: bound, priceAdjusted: true });
    expect(plan.priceAdjustedKicks).toBe(1);
    // the bound: at it the vault is unsafe (lot * spot < debt), one wei above it is not
    const spot = (priceWad: bigint) => (priceWad * 10n ** 9n * RAY) / MAT_RAY;
    const debtRad = (safe.tabRad * RAY) / MARCH_2020_CHOP_RAY;
    expect(safe.lotWad * spot(bound)).toBeLessThan(debtRad);
    expect(safe.lotWad * spot(bound + 1n)).toBeGreaterThanOrEqual(debtRad);
  });

  it('keeps the shown price, or waits, when the OSM was set less than two seconds before', () => {
    const first = record(1n, { osmPriceWad: 20n * WAD });
    const higher = record(2n, { kickAt: T0 + 1n, lastBidAt: T0 + 1n, osmPriceWad: 25n * WAD }); // 20 still leaves it unsafe
    const lower = record(3n, { kickAt: T0 + 2n, lastBidAt: T0 + 2n, osmPriceWad: 10n * WAD });
    const batches = planFlipReplay([first, higher, lower], PARAMS).batches.filter((b) => b.kicks.length > 0);
    expect(batches.map((b) => [b.at, b.osmPriceWad])).toEqual([
      [T0, 20n * WAD],
      [T0 + 1n, 20n * WAD],
      [T0 + 2n, 10n * WAD],
    ]);
    const safeAt20 = record(2n, { kickAt: T0 + 1n, lastBidAt: T0 + 1n, osmPriceWad: 25n * WAD, tabRad: 700n * RAD }); // debt 619.5: safe at 20
    const moved = planFlipReplay([first, safeAt20], PARAMS).batches.filter((b) => b.kicks.length > 0);
    expect(moved.map((b) => b.at)).toEqual([T0, T0 + 2n]);
  });

  it('fits each batch in the gas budget: kicks spill into the next second, bids and deals wait', () => {
    const records = Array.from({ length: 10 }, (_, i) => record(BigInt(i + 1), { finalLotWad: 40n * WAD }));
    const budget = FLIP_GAS.call + FLIP_GAS.price + 3n * FLIP_GAS.kick + FLIP_GAS.tend + FLIP_GAS.dent;
    const { batches } = planFlipReplay(records, { ...PARAMS, gasBudget: budget });
    for (const b of batches) expect(b.gasEstimate).toBeLessThanOrEqual(budget);
    const kicks = batches.filter((b) => b.kicks.length > 0);
    expect(kicks.map((b) => [b.at, b.kicks.length])).toEqual([
      [T0, 3],
      [T0 + 1n, 3],
      [T0 + 2n, 3],
      [T0 + 3n, 1],
    ]);
    const { kick, bid, deal } = placed(batches);
    for (const r of records) {
      expect(bid.get(r.id)).toBeGreaterThanOrEqual(kick.get(r.id)!);
      expect(deal.get(r.id)).toBeGreaterThan(bid.get(r.id)! + PARAMS.ttl);
    }
    expect(() => planFlipReplay(records, { ...PARAMS, gasBudget: budget - 3n * FLIP_GAS.kick })).toThrow(InputError);
  });

  it('refuses a Flipper whose auctions end before their recorded bids (post-spell tau)', () => {
    const r = record(1n, { lastBidAt: T0 + 7n * 3600n, dealAt: T0 + 8n * 3600n });
    expect(() => planFlipReplay([r], { ...PARAMS, tau: 6n * 3600n })).toThrow('auction 1 would end (tau 21600 s) before its bid');
  });

  it('plans the whole file: every auction bitten once, in strictly increasing time, within the gas budget', () => {
    const records = readFlipRecords();
    const plan = planFlipReplay(records, { ...PARAMS, windowSeconds: 120n });
    const { kick, bid, deal } = placed(plan.batches);
    expect(kick.size).toBe(3780);
    expect(bid.size).toBe(3780);
    expect(deal.size).toBe(3780 - 17);
    for (let i = 1; i < plan.batches.length; i++) expect(plan.batches[i]!.at).toBeGreaterThan(plan.batches[i - 1]!.at);
    for (const b of plan.batches) expect(b.gasEstimate).toBeLessThanOrEqual(PARAMS.gasBudget);
    for (const r of records) {
      expect(kick.get(r.id)! - r.kickAt).toBeLessThan(120n);
      expect(kick.get(r.id)).toBeGreaterThanOrEqual(r.kickAt);
      expect(bid.get(r.id)).toBeGreaterThanOrEqual(r.lastBidAt);
      if (r.dealAt !== undefined) expect(deal.get(r.id)).toBeGreaterThanOrEqual(r.dealAt);
    }
    expect(plan.batches.length).toBeLessThan(250);
  });
});
