import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { impliedDaiPerMkrWad, loadReport, parseReport, validateReport } from '../../src/report/model.js';
import { fixture, fixtureJson } from './load.js';

const RAD = 10n ** 45n;
const WAD = 10n ** 18n;

/** The problems validateReport finds in the historical fixture after `change`. */
function problemsAfter(change: (json: any) => void, name: 'historical' | 'no-rivals' = 'historical'): string[] {
  const json = fixtureJson(name);
  change(json);
  const result = validateReport(json);
  return result.ok ? [] : result.problems;
}

describe('report model', () => {
  it('accepts both fixtures, marked as fixtures', () => {
    for (const name of ['historical', 'no-rivals'] as const) {
      const report = fixture(name);
      expect(report.run.origin).toBe('fixture');
      expect(report.run.notes[0]).toMatch(/^FIXTURE/);
      expect(report.scenario.name).toBe(name);
    }
  });

  it('names a missing key, a float amount, a wrong type and an unknown key, one line each', () => {
    const problems = problemsAfter((j) => {
      delete j.scenario.name;
      j.flips[0].lotWad = '1.5';
      j.run.wallTimeMs = '12';
      j.pool.surprise = 1;
    });
    expect(problems).toHaveLength(4);
    for (const p of problems) expect(p).not.toContain('\n');
    expect(problems).toContainEqual(expect.stringMatching(/^scenario\.name: /));
    expect(problems).toContainEqual(expect.stringMatching(/^flips\[0\]\.lotWad: expected a non-negative integer as a decimal string/));
    expect(problems).toContainEqual(expect.stringMatching(/^run\.wallTimeMs: /));
    expect(problems).toContainEqual(expect.stringMatching(/^pool: .*surprise/));
  });

  it('refuses a negative amount, a fractional time, a bad address, an unknown scenario and a non-UTC date', () => {
    const problems = problemsAfter((j) => {
      j.flips[1].tabRad = '-5';
      j.series.badDebt[0].at = 1.5;
      j.keeper.address = '0x12';
      j.scenario.name = 'tiers-x';
      j.run.generatedAt = 'yesterday';
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['flips[1].tabRad', 'series.badDebt[0].at', 'keeper.address', 'scenario.name', 'run.generatedAt']),
    );
    expect(problems).toHaveLength(5);
  });

  it('checks series are in time order', () => {
    const problems = problemsAfter((j) => {
      const [a, b] = j.series.badDebt;
      j.series.badDebt[0] = b;
      j.series.badDebt[1] = a;
    });
    expect(problems).toEqual([expect.stringMatching(/^series\.badDebt\[1\]: time \d+ is before the previous point's \d+/)]);
  });

  it('checks each implied price is bid / lot rounded up', () => {
    const problems = problemsAfter((j) => {
      j.flops[0].bids[0].impliedDaiPerMkrWad = '1';
    });
    expect(problems).toEqual([expect.stringMatching(/^flops\[0\]\.bids\[0\]\.impliedDaiPerMkrWad: is 1 but bidRad \/ lotWad rounded up is \d+/)]);
  });

  it('checks the zero-bid flag against "final bid under 1 DAI"', () => {
    const problems = problemsAfter((j) => {
      const i = j.flips.findIndex((f: any) => f.zeroBid);
      j.flips[i].zeroBid = false;
    });
    expect(problems).toEqual([expect.stringMatching(/zeroBid: is false but the final bid \d+ rad is under 1 DAI$/)]);
  });

  it('checks outcomes, duplicate ids, and that positions name known tiers and auctions', () => {
    const problems = problemsAfter((j) => {
      j.flops[0].outcome = 'won-by-rival';
      j.flops[2].id = j.flops[1].id;
      j.pool.positions[0].tier = '0x000000000000000000000000000000000000dead';
      j.pool.positions[1].auctionId = 999;
      j.pool.positions[2].wonAt = null;
    }, 'no-rivals');
    expect(problems).toEqual(
      expect.arrayContaining([
        'flops[0].outcome: won-by-rival but the last bid is not a rival\'s',
        expect.stringMatching(/^flops\[2\]\.id: auction 2 appears twice$/),
        'pool.positions[0].tier: 0x000000000000000000000000000000000000dead is not one of pool.tiers',
        'pool.positions[1].auctionId: 999 is not in flops',
        'pool.positions[2].wonAt: outcome is won but wonAt is null',
      ]),
    );
  });

  it('parseReport throws an InputError with one line per problem; loadReport says when JSON is malformed', () => {
    const json = fixtureJson('historical');
    json.format = 'dbs-report/0';
    json.flips[0].id = 0;
    let error: unknown;
    try {
      parseReport(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.kind).toBe('input');
    expect(e.shortMessage).toBe('report.json: 2 problem(s)');
    expect(e.details!.split('\n')).toHaveLength(2);
    expect(() => loadReport('{"format": ', 'x.json')).toThrow(/^x\.json: not valid JSON \(.+\)$/);
    expect(() => loadReport('{}')).toThrow(/report\.json: \d+ problem\(s\)/);
  });

  it('impliedDaiPerMkrWad is the contract’s divUp(divUp(bid, lot), 1e9)', () => {
    expect(impliedDaiPerMkrWad(50_000n * RAD, 250n * WAD)).toBe(200n * WAD);
    // 50,000 DAI for 518.4 MKR (four ticks of 250 MKR) is 96.4506172839506172839... DAI/MKR: rounded up.
    expect(impliedDaiPerMkrWad(50_000n * RAD, (5184n * WAD) / 10n)).toBe(96450617283950617284n);
    const divUp = (a: bigint, b: bigint) => (a + b - 1n) / b;
    let seed = 7n;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      const bid = seed * 10n ** 27n + (seed % 1000n);
      const lot = (seed % 10n ** 21n) + 1n;
      expect(impliedDaiPerMkrWad(bid, lot)).toBe(divUp(divUp(bid, lot), 10n ** 9n));
    }
    expect(impliedDaiPerMkrWad(1n, 1n)).toBe(1n); // rounds up, never to zero
    expect(() => impliedDaiPerMkrWad(RAD, 0n)).toThrow(/lot is zero/);
  });
});
