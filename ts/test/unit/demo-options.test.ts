// `backstop demo` / `make demo` options (src/demo/scenarios.ts parseDemoOptions): the defaults, and every
// bad value refused with one InputError line that names the flag and says what to do.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, EXIT } from '../../src/cli/main.js';
import { parseDemoOptions, SCENARIOS } from '../../src/demo/scenarios.js';
import { InputError } from '../../src/errors.js';
import { SCENARIO_NAMES } from '../../src/report/model.js';
import { WAD } from '../../src/units.js';

type Raw = Parameters<typeof parseDemoOptions>[0];

/** The error parseDemoOptions throws for `raw`, and the line the CLI prints for it. */
function refusal(raw: Raw): { error: InputError; line: string } {
  let caught: unknown;
  try {
    parseDemoOptions(raw);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  const error = caught as InputError;
  const { code, text } = describeError(error);
  expect(code).toBe(EXIT.badInput);
  expect(text.split('\n')).toHaveLength(1);
  expect(error.shortMessage).not.toMatch(/\n/);
  return { error, line: text };
}

describe('parseDemoOptions: defaults', () => {
  it('gives the historical scenario, 129 members holding 400,000 DAI, any port, report/', () => {
    const o = parseDemoOptions({ scenario: 'historical' });
    expect(o).toEqual({
      scenario: SCENARIOS.historical,
      members: 129,
      poolDaiWad: 400_000n * WAD,
      port: 0,
      dataDir: undefined,
      out: 'report',
      seed: 20200312,
      flips: undefined,
      chainId: 31340,
    });
    expect(o.scenario).toMatchObject({ name: 'historical', tierLimits: [100n], rivals: true, faults: false });
  });

  it('knows every scenario of the report model, with its tiers', () => {
    expect(Object.keys(SCENARIOS)).toEqual([...SCENARIO_NAMES]);
    for (const name of SCENARIO_NAMES) expect(parseDemoOptions({ scenario: name }).scenario.name).toBe(name);
    expect(SCENARIOS.tiers.tierLimits).toEqual([100n, 120n, 150n]);
    expect(SCENARIOS.congestion).toMatchObject({ rivals: false, faults: true });
    expect(SCENARIOS['no-rivals']).toMatchObject({ rivals: false, faults: false });
  });

  it('takes the values given, at the ends of their ranges', () => {
    const o = parseDemoOptions({ scenario: 'tiers', members: '10000', poolDai: '1000000000', port: '65535', dataDir: tmpdir(), out: 'out/r', seed: '0', flips: '1', chainId: '1' });
    expect(o).toMatchObject({ members: 10_000, poolDaiWad: 1_000_000_000n * WAD, port: 65_535, dataDir: tmpdir(), out: 'out/r', seed: 0, flips: 1, chainId: 1 });
    expect(parseDemoOptions({ scenario: 'historical', members: '1', poolDai: '1' })).toMatchObject({ members: 1, poolDaiWad: WAD });
    expect(parseDemoOptions({ scenario: 'historical', members: '10', poolDai: '10' }).poolDaiWad).toBe(10n * WAD);
    expect(parseDemoOptions({ scenario: 'historical', poolDai: '400000.5' }).poolDaiWad).toBe(400_000n * WAD + WAD / 2n);
  });
});

describe('parseDemoOptions: bad values', () => {
  it('an unknown scenario, listing the valid ones', () => {
    const { line } = refusal({ scenario: 'nope' });
    expect(line).toMatch(/^error: unknown scenario "nope"/);
    for (const name of SCENARIO_NAMES) expect(line).toContain(name);
  });

  it.each([
    ['0', /^error: --members: 0 is out of range \(1-10000\)/],
    ['10001', /^error: --members: 10001 is out of range \(1-10000\)/],
    ['many', /^error: --members: "many" is not a whole number/],
    ['1.5', /^error: --members: "1.5" is not a whole number/],
    ['-3', /^error: --members: "-3" is not a whole number/],
    ['', /^error: --members: "" is not a whole number/],
  ])('--members %j', (members, message) => {
    const { line } = refusal({ scenario: 'historical', members });
    expect(line).toMatch(message);
    expect(line).toMatch(/--members 129/); // what to do
  });

  it.each(['lots', '1e9', '-5', '', '1,000'])('--pool-dai %j is not a number', (poolDai) => {
    const { line } = refusal({ scenario: 'historical', poolDai });
    expect(line).toMatch(/^error: --pool-dai: ".*" is not an amount of DAI\. give a decimal number of DAI/);
  });

  it('--pool-dai below 1 DAI a member', () => {
    const { line } = refusal({ scenario: 'historical', members: '10', poolDai: '5' });
    expect(line).toMatch(/^error: --pool-dai: 5 DAI is out of range for 10 members \(at least 1 DAI each/);
    expect(line).toMatch(/give between 10 and 1000000000 DAI, or fewer members/);
    // one wei short of 1 DAI each
    refusal({ scenario: 'historical', members: '10', poolDai: '9.999999999999999999' });
  });

  it('--pool-dai above 1,000,000,000 DAI', () => {
    const { line } = refusal({ scenario: 'historical', poolDai: '1000000000.000000000000000001' });
    expect(line).toMatch(/^error: --pool-dai: .* is out of range .*at most 1,000,000,000 DAI/);
    refusal({ scenario: 'historical', poolDai: '1000000001' });
  });

  it.each([
    ['70000', /^error: --port: 70000 is out of range \(0-65535\)/],
    ['http', /^error: --port: "http" is not a whole number/],
  ])('--port %s', (port, message) => {
    expect(refusal({ scenario: 'historical', port }).line).toMatch(message);
  });

  it.each([
    ['0', /^error: --flips: 0 is out of range \(1-1000000\)/],
    ['all', /^error: --flips: "all" is not a whole number/],
  ])('--flips %s', (flips, message) => {
    expect(refusal({ scenario: 'historical', flips }).line).toMatch(message);
  });

  it('--seed and --chain-id out of range', () => {
    expect(refusal({ scenario: 'historical', seed: '2147483648' }).line).toMatch(/^error: --seed: 2147483648 is out of range/);
    expect(refusal({ scenario: 'historical', chainId: '0' }).line).toMatch(/^error: --chain-id: 0 is out of range/);
  });

  it('--out empty (or blank)', () => {
    expect(refusal({ scenario: 'historical', out: '' }).line).toMatch(/^error: --out: the report directory is empty\. give a directory/);
    expect(refusal({ scenario: 'historical', out: '  ' }).line).toMatch(/^error: --out: /);
  });

  it('--data-dir that is missing, or a file', () => {
    const missing = join(tmpdir(), 'no-such-demo-data-dir');
    expect(refusal({ scenario: 'historical', dataDir: missing }).line).toBe(
      `error: --data-dir: ${missing} is not a directory. give the directory that holds black-thursday.json and march-2020/ (see data/README.md), or leave --data-dir out for the repository's data/`,
    );
    const file = new URL('../../package.json', import.meta.url).pathname;
    expect(refusal({ scenario: 'historical', dataDir: file }).line).toMatch(/^error: --data-dir: .*package\.json is not a directory/);
  });
});
