// The demo's members (src/demo/members.ts): how the pool's DAI splits over them, and their keys.
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { memberAmounts, memberKey } from '../../src/demo/members.js';
import { WAD } from '../../src/units.js';

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('memberAmounts', () => {
  const cases: [number, bigint][] = [
    [129, 400_000n * WAD],
    [1, 400_000n * WAD],
    [2, 3n * WAD],
    [10, 10n * WAD],
    [10, 10n * WAD + 1n],
    [7, 1_000n * WAD + 123_456_789n],
    [10_000, 1_000_000_000n * WAD],
    [10_000, 10_000n * WAD],
    [3, 100n * WAD + WAD / 3n],
  ];

  it.each(cases)('%i members, %s wad: sums exactly, at least 1 DAI each, non-increasing', (members, totalWad) => {
    const amounts = memberAmounts(members, totalWad);
    expect(amounts).toHaveLength(members);
    expect(sum(amounts)).toBe(totalWad);
    for (const a of amounts) expect(a).toBeGreaterThanOrEqual(WAD);
    for (let i = 1; i < amounts.length; i++) expect(amounts[i]!).toBeLessThanOrEqual(amounts[i - 1]!);
  });

  it('gives whole DAI to all but the first, who takes the remainder', () => {
    const amounts = memberAmounts(7, 1_000n * WAD + 123_456_789n);
    for (const a of amounts.slice(1)) expect(a % WAD).toBe(0n);
    expect(amounts[0]! % WAD).toBe(123_456_789n);
  });

  it('weights by 1/(i+1): a few large holders and a long tail (129 members, 400,000 DAI)', () => {
    const amounts = memberAmounts(129, 400_000n * WAD);
    // the first holds about twice the second and ten times the tenth, within the 1 DAI floor and rounding
    const dai = amounts.map((a) => Number(a / WAD));
    expect(dai[0]! / dai[1]!).toBeCloseTo(2, 1);
    expect(dai[0]! / dai[9]!).toBeCloseTo(10, 0);
    expect(dai[0]!).toBeGreaterThan(70_000);
    expect(dai.at(-1)!).toBeLessThan(1_000);
    expect(new Set(amounts).size).toBeGreaterThan(100);
  });

  it('gives exactly 1 DAI each when that is all there is', () => {
    expect(memberAmounts(5, 5n * WAD)).toEqual(Array(5).fill(WAD));
  });

  it('throws under 1 DAI a member, and with no members', () => {
    expect(() => memberAmounts(10, 10n * WAD - 1n)).toThrow(RangeError);
    expect(() => memberAmounts(10, 10n * WAD - 1n)).toThrow(/under 1 DAI a member/);
    expect(() => memberAmounts(1, 0n)).toThrow(RangeError);
    expect(() => memberAmounts(0, 100n * WAD)).toThrow(/at least one member/);
  });
});

describe('memberKey', () => {
  it('is deterministic: the same index and seed give the same key', () => {
    expect(memberKey(3, 20200312)).toBe(memberKey(3, 20200312));
    expect(memberKey(3, 20200312)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('is distinct across members and seeds, and a valid key for each', () => {
    const keys = new Set<string>();
    for (const seed of [0, 1, 20200312]) for (let i = 0; i < 200; i++) keys.add(memberKey(i, seed));
    expect(keys.size).toBe(600);
    // "1/23" and "12/3" must not collide through the label
    expect(memberKey(23, 1)).not.toBe(memberKey(3, 12));
    const addresses = new Set([...keys].slice(0, 50).map((k) => privateKeyToAccount(k as `0x${string}`).address));
    expect(addresses.size).toBe(50);
  });
});
