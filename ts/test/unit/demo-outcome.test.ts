// What a scenario came to (src/demo/outcome.ts), from the report fixtures (test/fixtures/report/).
import { describe, expect, it } from 'vitest';
import { outcomeLines, scenarioOutcome } from '../../src/demo/outcome.js';
import { parseReport } from '../../src/report/model.js';
import { WAD } from '../../src/units.js';
import { fixture, fixtureJson } from '../report/load.js';

const sum = (xs: readonly string[]) => xs.reduce((a, b) => a + BigInt(b), 0n);

describe('scenarioOutcome', () => {
  it('historical: every debt auction won by rivals, the pool never entered, members got their DAI back', () => {
    const report = fixture('historical');
    const o = scenarioOutcome(report);
    const clearing = report.flops.map((f) => BigInt(f.bids.at(-1)!.impliedDaiPerMkrWad));
    expect(o.flops).toEqual({
      kicked: report.flops.length,
      wonByRivals: report.flops.length,
      wonByPool: 0,
      running: 0,
      lowestDaiPerMkrWad: 220_002_640_031_680_380_165n,
      highestDaiPerMkrWad: 289_569_699_426_651_995_136n,
    });
    expect(clearing.every((p) => p >= o.flops.lowestDaiPerMkrWad! && p <= o.flops.highestDaiPerMkrWad!)).toBe(true);
    expect(o.tiers).toEqual([
      {
        tier: report.pool.tiers[0]!.address,
        label: '100 DAI/MKR',
        entered: 0,
        won: 0,
        outbid: 0,
        finalized: 0,
        ticksAtEntry: [],
        mkrWonWad: 0n,
        paidDaiWad: sum(report.pool.payouts.map((p) => p.enlistedDaiWad)),
        paidMkrWad: 0n,
        members: 129,
        byClaim: 0,
      },
    ]);
    expect(o.tiers[0]!.paidDaiWad).toBe(400_000n * WAD);
  });

  it('no-rivals: the pool enters after four ticks, wins and finalizes every auction, and pays the MKR out', () => {
    const report = fixture('no-rivals');
    const o = scenarioOutcome(report);
    expect(o.flops).toMatchObject({ kicked: 3, wonByRivals: 0, wonByPool: 3, running: 0 });
    expect(o.flops.lowestDaiPerMkrWad).toBe(o.flops.highestDaiPerMkrWad);
    const [tier] = o.tiers;
    // 128 members defected at the end; the 129th asked to leave during the first bid and claimed: all paid
    expect(tier).toMatchObject({ entered: 3, won: 3, outbid: 0, finalized: 3, ticksAtEntry: [4, 4, 4], members: 129, byClaim: 1 });
    expect(tier!.mkrWonWad).toBe(sum(report.pool.positions.map((p) => p.lotWad)));
    expect(tier!.paidMkrWad).toBe(sum(report.pool.payouts.map((p) => p.mkrWad)));
    expect(tier!.paidDaiWad).toBe(sum(report.pool.payouts.map((p) => p.daiWad)));
    // pro rata rounds down: members and the leaver (a payout by claim) get at most what was won, within a wei each
    const [leaver] = report.pool.leavers;
    expect(report.pool.payouts.find((p) => p.via === 'claim')).toMatchObject({ member: leaver!.member, mkrWad: leaver!.mkrWad, daiWad: leaver!.daiWad });
    expect(tier!.paidMkrWad <= tier!.mkrWonWad && tier!.mkrWonWad - tier!.paidMkrWad < 129n).toBe(true);
    expect(o.leavers).toEqual([`${leaver!.member} (100 DAI/MKR) asked to leave at 2020-03-31 14:30 UTC in round 1: at cost then 259.57 DAI; got 162.23 DAI and 0.9798 MKR`]);
  });

  it('counts per tier: an outbid position, a running auction, and ticks seen at entry', () => {
    const json = fixtureJson('no-rivals');
    const second = '0x00000000000000000000000000000005d1000002';
    json.pool.tiers.push({ address: second, limitWad: (150n * WAD).toString(), label: '150 DAI/MKR' });
    // auction 3: still running, the second tier entered it after two ticks and was outbid
    const flop3 = json.flops[2];
    flop3.outcome = 'running';
    flop3.settledAt = null;
    json.pool.positions[2] = { ...json.pool.positions[2], tier: second, enteredAt: flop3.ticks[1].at + 5, wonAt: null, finalizedAt: null, outbidAt: flop3.ticks[1].at + 50, outcome: 'outbid' };
    const report = parseReport(json, 'changed fixture');
    const o = scenarioOutcome(report);
    expect(o.flops).toMatchObject({ kicked: 3, wonByPool: 2, running: 1 });
    expect(o.tiers.map((t) => [t.label, t.entered, t.won, t.outbid, t.finalized, t.ticksAtEntry])).toEqual([
      ['100 DAI/MKR', 2, 2, 0, 2, [4, 4]],
      ['150 DAI/MKR', 1, 0, 1, 0, [2]],
    ]);
    expect(o.tiers[1]).toMatchObject({ mkrWonWad: 0n, paidMkrWad: 0n, members: 0 });
  });

  it('has no clearing range when nothing was won', () => {
    const report = fixture('no-rivals');
    for (const f of report.flops) f.outcome = 'running';
    const o = scenarioOutcome(report);
    expect(o.flops).toMatchObject({ kicked: 3, running: 3, wonByPool: 0, lowestDaiPerMkrWad: undefined, highestDaiPerMkrWad: undefined });
    expect(outcomeLines(o)[0]).toBe('debt auctions: 3 kicked, 0 won by rivals, 0 by the pool, 3 still running');
  });
});

describe('outcomeLines', () => {
  it('historical: the auctions and their clearing range, then each tier', () => {
    expect(outcomeLines(scenarioOutcome(fixture('historical')))).toEqual([
      'debt auctions: 9 kicked, 9 won by rivals, 0 by the pool, 0 still running, cleared at 220-289.56 DAI/MKR',
      'tier 100 DAI/MKR: entered 0, won 0 (0 MKR), outbid 0, finalized 0/0; 129 members paid 400,000 DAI and 0 MKR (129 on defect)',
    ]);
  });

  it('no-rivals: the ticks before entry, the MKR won and paid', () => {
    expect(outcomeLines(scenarioOutcome(fixture('no-rivals')))).toEqual([
      'debt auctions: 3 kicked, 0 won by rivals, 3 by the pool, 0 still running, cleared at 99.34-99.34 DAI/MKR',
      'tier 100 DAI/MKR: entered 3 after 4 tick(s), won 3 (1,509.9 MKR), outbid 0, finalized 3/3; 129 members paid 250,000 DAI and 1,509.9 MKR (128 on defect, 1 by claim)',
      'asked to leave mid-bid: 0x0000000000000000000000000000000a11000001 (100 DAI/MKR) asked to leave at 2020-03-31 14:30 UTC in round 1: at cost then 259.57 DAI; got 162.23 DAI and 0.9798 MKR',
    ]);
  });
});
