import { describe, expect, it } from 'vitest';
import { RAD, RAY, WAD, formatUnit, formatUnitGrouped, parseUnit, radToWad, wadToRad } from '../../src/units.js';

describe('units', () => {
  it('converts between rad and wad without losing whole DAI', () => {
    expect(wadToRad(50_000n * WAD)).toBe(50_000n * RAD);
    expect(radToWad(50_000n * RAD)).toBe(50_000n * WAD);
    // A rad remainder below one wei of wad rounds down, never up.
    expect(radToWad(RAY - 1n)).toBe(0n);
  });

  it('parses decimal strings into each unit exactly', () => {
    expect(parseUnit('100', 'wad')).toBe(100n * WAD);
    expect(parseUnit('1.03', 'wad')).toBe(1_030_000_000_000_000_000n);
    expect(parseUnit('1.13', 'ray')).toBe(113n * RAY / 100n);
    expect(parseUnit('0.000000000000000001', 'wad')).toBe(1n);
  });

  it('rejects input it cannot represent, saying why', () => {
    expect(() => parseUnit('-1', 'wad')).toThrow(/not a non-negative decimal/);
    expect(() => parseUnit('1e18', 'wad')).toThrow(/not a non-negative decimal/);
    expect(() => parseUnit('0.0000000000000000001', 'wad')).toThrow(/at most 18/);
  });

  it('formats without rounding up and round-trips with parse', () => {
    expect(formatUnit(250n * WAD, 'wad')).toBe('250');
    expect(formatUnit(1_999_999n, 'wad', 3)).toBe('0');
    expect(formatUnit(50_000n * RAD + RAD / 2n, 'rad', 2)).toBe('50000.5');
    for (const text of ['0', '1', '188.68', '0.000000000000000001']) {
      expect(formatUnit(parseUnit(text, 'wad'), 'wad')).toBe(text);
    }
  });
  it('groups the whole part of a display amount by thousands, sign and decimals kept', () => {
    expect(formatUnitGrouped(4_973_639_820n * RAD / 1000n, 'rad', 2)).toBe('4,973,639.82');
    expect(formatUnitGrouped(400_000n * WAD, 'wad', 0)).toBe('400,000');
    expect(formatUnitGrouped(-1_234_567n * WAD / 10n, 'wad')).toBe('-123,456.7');
    expect(formatUnitGrouped(999n * WAD, 'wad')).toBe('999');
    expect(formatUnitGrouped(0n, 'wad')).toBe('0');
  });
});
