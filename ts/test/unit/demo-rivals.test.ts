// The demo's rival bidders (src/demo/rivals.ts): the calibrated clearing prices, each lot's plan, the
// lot a limit asks for, and the dents due under the Flopper's rules, on auctions built by hand.
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import type { FlopAuction } from '../../src/chain/flopper.js';
import {
  clearingPriceWad,
  dueDents,
  lotAtLimitWad,
  lotRivals,
  nextArrival,
  OPENER_DAI_PER_MKR_WAD,
  type LotRivals,
  type RivalCalibration,
} from '../../src/demo/rivals.js';
import { impliedDaiPerMkrWad } from '../../src/report/model.js';
import { referencesFromBlackThursday } from '../../src/report/references.js';
import { RAD, WAD } from '../../src/units.js';
import { blackThursday, fixture } from '../report/load.js';

/** The calibration as the demo builds it from black-thursday.json (run.ts readDemoInputs). */
function calibrationFromData(): RivalCalibration {
  const refs = referencesFromBlackThursday(blackThursday(), fixture('historical').references.flipFile);
  return {
    phaseOneLots: refs.phaseOne.lots,
    phaseOneDaiPerMkrWad: BigInt(refs.phaseOne.daiPerMkrWad),
    phaseTwoLots: refs.phaseTwo.lots,
    phaseTwoLowDaiPerMkrWad: BigInt(refs.phaseTwo.lowDaiPerMkrWad),
    phaseTwoHighDaiPerMkrWad: BigInt(refs.phaseTwo.highDaiPerMkrWad),
    averageDaiPerMkrWad: BigInt(refs.debtAuctions.averageDaiPerMkrWad),
  };
}

const CAL = calibrationFromData();
const BEG = (103n * WAD) / 100n; // the 12 March spell's beg: 3%
const BID = 50_000n * RAD; // sump
const LOT = 250n * WAD; // dump
const ACCOUNTS: Address[] = ['0x00000000000000000000000000000000000000a1', '0x00000000000000000000000000000000000000a2', '0x00000000000000000000000000000000000000a3'];
const VOW: Address = '0x00000000000000000000000000000000000000f0';
const NOW = 1_700_000_000n;

describe('clearingPriceWad: the calibration', () => {
  it('is read from black-thursday.json: 40 lots at 265, 46 at 220-250, then the 252.6 average', () => {
    expect(CAL).toEqual({
      phaseOneLots: 40,
      phaseOneDaiPerMkrWad: 265n * WAD,
      phaseTwoLots: 46,
      phaseTwoLowDaiPerMkrWad: 220n * WAD,
      phaseTwoHighDaiPerMkrWad: 250n * WAD,
      averageDaiPerMkrWad: 2526n * (WAD / 10n),
    });
  });

  it('prices every phase-one lot at the phase-one price', () => {
    for (let i = 0; i < CAL.phaseOneLots; i++) expect(clearingPriceWad(i, CAL)).toBe(265n * WAD);
  });

  it('prices phase two: the first half at the low, the rest rising evenly to exactly the high', () => {
    const two = Array.from({ length: CAL.phaseTwoLots }, (_, j) => clearingPriceWad(CAL.phaseOneLots + j, CAL));
    const half = Math.ceil(CAL.phaseTwoLots / 2);
    expect(two.slice(0, half).every((p) => p === 220n * WAD)).toBe(true);
    const rest = two.slice(half);
    expect(rest).toHaveLength(CAL.phaseTwoLots - half);
    expect(rest.at(-1)).toBe(250n * WAD);
    for (let k = 1; k < rest.length; k++) expect(rest[k]!).toBeGreaterThan(rest[k - 1]!);
    // evenly: consecutive steps differ by at most one wei (integer division)
    const steps = rest.slice(1).map((p, k) => p - rest[k]!);
    const [lo, hi] = [steps.reduce((a, b) => (b < a ? b : a)), steps.reduce((a, b) => (b > a ? b : a))];
    expect(hi - lo).toBeLessThanOrEqual(1n);
    expect(rest.every((p) => p >= 220n * WAD && p <= 250n * WAD)).toBe(true);
  });

  it('prices the lots after phase two at the average', () => {
    const after = CAL.phaseOneLots + CAL.phaseTwoLots;
    for (const i of [after, after + 1, after + 19, 500]) expect(clearingPriceWad(i, CAL)).toBe(2526n * (WAD / 10n));
  });

  it('handles small phases: one lot (the low), two lots (low then high), three (low, low, high)', () => {
    const cal = (lots: number): RivalCalibration => ({ ...CAL, phaseOneLots: 1, phaseTwoLots: lots });
    expect([1].map((j) => clearingPriceWad(j, cal(1)))).toEqual([220n * WAD]);
    expect([1, 2].map((j) => clearingPriceWad(j, cal(2)))).toEqual([220n * WAD, 250n * WAD]);
    expect([1, 2, 3].map((j) => clearingPriceWad(j, cal(3)))).toEqual([220n * WAD, 220n * WAD, 250n * WAD]);
    expect(clearingPriceWad(0, cal(3))).toBe(265n * WAD);
    expect(clearingPriceWad(4, cal(3))).toBe(2526n * (WAD / 10n));
  });
});

describe('lotRivals: each lot’s plan', () => {
  it('is the same for the same seed and index', () => {
    for (const index of [0, 7, 45, 100]) expect(lotRivals(index, CAL, { rivals: 6, seed: 20200312 })).toEqual(lotRivals(index, CAL, { rivals: 6, seed: 20200312 }));
  });

  it('changes with the seed (for some lot of the first twenty)', () => {
    const plan = (seed: number) => Array.from({ length: 20 }, (_, i) => lotRivals(i, CAL, { rivals: 6, seed }));
    expect(plan(1)).not.toEqual(plan(2));
  });

  it('has an opener at the opener limit and a winner at the clearing price, different accounts, on 10-minute marks', () => {
    const seen = { openers: new Set<number>(), winners: new Set<number>(), openerArrivals: new Set<bigint>(), winnerArrivals: new Set<bigint>() };
    for (let index = 0; index < 200; index++) {
      const plan: LotRivals = lotRivals(index, CAL, { rivals: 6, seed: 42 });
      expect(plan.clearingWad).toBe(clearingPriceWad(index, CAL));
      const [opener, winner, ...more] = plan.intents;
      expect(more).toEqual([]);
      expect(opener!.limitWad).toBe(OPENER_DAI_PER_MKR_WAD);
      expect(winner!.limitWad).toBe(plan.clearingWad);
      expect(opener!.rival).not.toBe(winner!.rival);
      for (const r of [opener!.rival, winner!.rival]) expect(r >= 0 && r < 6 && Number.isInteger(r)).toBe(true);
      for (const i of plan.intents) expect(i.arrivesAfterS % 600n).toBe(0n);
      // the opener comes first (10-40 min), the winner within one to four hours
      expect(opener!.arrivesAfterS >= 600n && opener!.arrivesAfterS <= 2_400n).toBe(true);
      expect(winner!.arrivesAfterS >= 3_600n && winner!.arrivesAfterS <= 14_400n).toBe(true);
      seen.openers.add(opener!.rival);
      seen.winners.add(winner!.rival);
      seen.openerArrivals.add(opener!.arrivesAfterS);
      seen.winnerArrivals.add(winner!.arrivesAfterS);
    }
    // drawn, not fixed: every account and several arrival marks occur
    expect(seen.openers.size).toBe(6);
    expect(seen.winners.size).toBe(6);
    expect(seen.openerArrivals.size).toBe(4);
    expect(seen.winnerArrivals.size).toBeGreaterThan(10);
  });

  it('keeps opener and winner apart with only two accounts', () => {
    for (let index = 0; index < 50; index++) {
      const [a, b] = lotRivals(index, CAL, { rivals: 2, seed: 7 }).intents;
      expect(new Set([a!.rival, b!.rival])).toEqual(new Set([0, 1]));
    }
  });

  it('needs two rival accounts', () => {
    expect(() => lotRivals(0, CAL, { rivals: 1, seed: 1 })).toThrow(RangeError);
  });

  it('opens under the 3% step of a 250 MKR lot: the opener’s first dent is one the Flopper takes', () => {
    const lot = lotAtLimitWad(BID, OPENER_DAI_PER_MKR_WAD);
    expect(lot).toBeLessThan(LOT);
    expect(BEG * lot <= LOT * WAD).toBe(true);
  });
});

describe('lotAtLimitWad', () => {
  it('rounds up: the implied price is at most the limit, and one wei less MKR would exceed it', () => {
    const cases: [bigint, bigint][] = [
      [BID, 265n * WAD],
      [BID, 100n * WAD],
      [BID, 2526n * (WAD / 10n)],
      [BID, 220n * WAD + 1_363_636_363_636_363_636n],
      [1n, WAD],
      [12_345n * RAD + 678n, 3n * WAD],
    ];
    for (const [bidRad, limitWad] of cases) {
      const lot = lotAtLimitWad(bidRad, limitWad);
      expect(impliedDaiPerMkrWad(bidRad, lot)).toBeLessThanOrEqual(limitWad);
      expect(lot * limitWad * 10n ** 9n).toBeGreaterThanOrEqual(bidRad);
      expect((lot - 1n) * limitWad * 10n ** 9n).toBeLessThan(bidRad);
    }
  });

  it('is exact when the limit divides the bid: 50,000 DAI at 100 DAI/MKR asks 500 MKR; at 265, 188.679... MKR', () => {
    expect(lotAtLimitWad(BID, 100n * WAD)).toBe(500n * WAD);
    expect(lotAtLimitWad(BID, 265n * WAD)).toBe(188_679_245_283_018_867_925n);
  });
});

/** A live auction as readAuctions returns it. */
function auction(over: Partial<FlopAuction> = {}): FlopAuction {
  return { id: 1n, bidRad: BID, lotWad: LOT, guy: VOW, tic: 0n, end: NOW + 3n * 86_400n, ...over };
}

/** A plan: rival 0 opens at 208 after 10 min, rival 1 wins at 265 after 60 min. */
const PLAN: LotRivals = {
  clearingWad: 265n * WAD,
  intents: [
    { rival: 0, limitWad: OPENER_DAI_PER_MKR_WAD, arrivesAfterS: 600n },
    { rival: 1, limitWad: 265n * WAD, arrivesAfterS: 3_600n },
  ],
};
const KICK = NOW - 7_200n; // both have arrived

function due(auctions: FlopAuction[], { now = NOW, kick = KICK, plan = PLAN }: { now?: bigint; kick?: bigint; plan?: LotRivals } = {}) {
  const plans = new Map(auctions.map((a) => [a.id, plan]));
  const kicks = new Map(auctions.map((a) => [a.id, kick]));
  return dueDents(auctions, plans, kicks, { now, begWad: BEG, accounts: ACCOUNTS });
}

describe('dueDents: the Flopper’s rules', () => {
  it('has the first rival in plan order bid its limit on an unbid lot: one dent per auction per call', () => {
    expect(due([auction()])).toEqual([{ rival: 0, id: 1n, lotWad: lotAtLimitWad(BID, OPENER_DAI_PER_MKR_WAD), bidRad: BID }]);
  });

  it('has the winner dent the opener’s bid down to the clearing price', () => {
    const opened = auction({ guy: ACCOUNTS[0]!, lotWad: lotAtLimitWad(BID, OPENER_DAI_PER_MKR_WAD), tic: NOW + 3_600n });
    const dents = due([opened]);
    expect(dents).toEqual([{ rival: 1, id: 1n, lotWad: lotAtLimitWad(BID, 265n * WAD), bidRad: BID }]);
    expect(impliedDaiPerMkrWad(BID, dents[0]!.lotWad)).toBe(265n * WAD);
  });

  it('matches the leader case-insensitively: a leading rival does not dent itself', () => {
    const won = auction({ guy: ACCOUNTS[1]!.toUpperCase().replace('0X', '0x') as Address, lotWad: lotAtLimitWad(BID, 265n * WAD), tic: NOW + 3_600n });
    // rival 1 leads; rival 0's limit asks a larger lot: nothing to do
    expect(due([won])).toEqual([]);
    const onlyLeader: LotRivals = { clearingWad: 265n * WAD, intents: [{ rival: 1, limitWad: 300n * WAD, arrivesAfterS: 0n }] };
    expect(due([won], { plan: onlyLeader })).toEqual([]);
  });

  it('waits for the rival to arrive (arrival is inclusive)', () => {
    const kick = NOW - 599n;
    expect(due([auction()], { kick })).toEqual([]);
    expect(due([auction()], { kick: NOW - 600n })).toHaveLength(1);
    // only the opener has arrived: it bids; after its dent, the winner is not there yet
    const opened = auction({ guy: ACCOUNTS[0]!, lotWad: lotAtLimitWad(BID, OPENER_DAI_PER_MKR_WAD), tic: NOW + 3_600n });
    expect(due([opened], { kick: NOW - 3_599n })).toEqual([]);
    expect(due([opened], { kick: NOW - 3_600n })).toHaveLength(1);
  });

  it('bids nothing once the bid’s tic has passed (or is now), or the auction has ended', () => {
    const leading = { guy: ACCOUNTS[0]!, lotWad: lotAtLimitWad(BID, OPENER_DAI_PER_MKR_WAD) };
    expect(due([auction({ ...leading, tic: NOW })])).toEqual([]);
    expect(due([auction({ ...leading, tic: NOW - 1n })])).toEqual([]);
    expect(due([auction({ ...leading, tic: NOW + 1n })])).toHaveLength(1);
    expect(due([auction({ end: NOW })])).toEqual([]);
    expect(due([auction({ end: NOW - 1n })])).toEqual([]);
    expect(due([auction({ end: NOW + 1n })])).toHaveLength(1);
  });

  it('skips a dealt auction (end 0) and one without a plan or a kick time', () => {
    expect(due([auction({ end: 0n, tic: 0n, guy: '0x0000000000000000000000000000000000000000' })])).toEqual([]);
    const a = auction();
    expect(dueDents([a], new Map(), new Map([[a.id, KICK]]), { now: NOW, begWad: BEG, accounts: ACCOUNTS })).toEqual([]);
    expect(dueDents([a], new Map([[a.id, PLAN]]), new Map(), { now: NOW, begWad: BEG, accounts: ACCOUNTS })).toEqual([]);
  });

  it('does not bid when its lot would not drop by beg (at most lot / 1.03), nor when it would not drop at all', () => {
    const limit = 265n * WAD;
    const ask = lotAtLimitWad(BID, limit);
    const plan: LotRivals = { clearingWad: limit, intents: [{ rival: 2, limitWad: limit, arrivesAfterS: 0n }] };
    // the largest current lot the ask is not a beg step below: beg * ask > lot * ONE
    const tooClose = (BEG * ask) / WAD - (BEG * ask % WAD === 0n ? 1n : 0n);
    expect(BEG * ask > tooClose * WAD).toBe(true);
    expect(due([auction({ lotWad: tooClose })], { plan })).toEqual([]);
    // one wei more and the step is enough
    expect(BEG * ask <= (tooClose + 1n) * WAD).toBe(true);
    expect(due([auction({ lotWad: tooClose + 1n })], { plan })).toEqual([{ rival: 2, id: 1n, lotWad: ask, bidRad: BID }]);
    // a current lot at or below the ask: no dent
    expect(due([auction({ lotWad: ask })], { plan })).toEqual([]);
    expect(due([auction({ lotWad: ask - 1n })], { plan })).toEqual([]);
  });

  it('passes to the next rival when the first may not bid, and returns one dent per auction for several auctions', () => {
    // rival 0 leads auction 1 (the winner may dent); auction 2 is unbid (the opener dents); auction 3 is over
    const a1 = auction({ id: 1n, guy: ACCOUNTS[0]!, lotWad: lotAtLimitWad(BID, OPENER_DAI_PER_MKR_WAD), tic: NOW + 600n });
    const a2 = auction({ id: 2n });
    const a3 = auction({ id: 3n, end: NOW - 10n });
    const dents = due([a1, a2, a3]);
    expect(dents.map((d) => [d.id, d.rival])).toEqual([
      [1n, 1],
      [2n, 0],
    ]);
  });

  it('uses the auction’s own bid (the Flopper requires the same bid)', () => {
    const other = 10_000n * RAD;
    const [dent] = due([auction({ bidRad: other, lotWad: 50n * WAD })]);
    expect(dent).toEqual({ rival: 0, id: 1n, bidRad: other, lotWad: lotAtLimitWad(other, OPENER_DAI_PER_MKR_WAD) });
  });
});

describe('nextArrival', () => {
  it('is the earliest arrival after now on a live auction', () => {
    const plans = new Map([
      [1n, PLAN],
      [2n, PLAN],
    ]);
    const kicks = new Map([
      [1n, 1_000n],
      [2n, 1_300n],
    ]);
    expect(nextArrival(plans, kicks, new Set([1n, 2n]), 0n)).toBe(1_600n);
    expect(nextArrival(plans, kicks, new Set([1n, 2n]), 1_600n)).toBe(1_900n);
    expect(nextArrival(plans, kicks, new Set([2n]), 0n)).toBe(1_900n);
    expect(nextArrival(plans, kicks, new Set([1n, 2n]), 4_900n)).toBeUndefined();
    expect(nextArrival(plans, kicks, new Set(), 0n)).toBeUndefined();
  });
});
