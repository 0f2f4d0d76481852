// describeMiss: the replayed bad debt against the file's, in DAI and ppm (no float anywhere).
import { describe, expect, it } from 'vitest';
import { describeMiss } from '../../src/demo/run.js';
import { parseUnit } from '../../src/units.js';

const rad = (dai: string) => parseUnit(dai, 'rad');

describe('describeMiss', () => {
  it('gives the full replay’s figure: +0.66 DAI, 0.13 ppm', () => {
    expect(describeMiss(rad('4973639.829862456'), rad('4973639.167557471'))).toBe('+0.66 DAI, 0.13 ppm');
  });
  it('signs a shortfall and keeps two decimals of a ppm, rounded down', () => {
    expect(describeMiss(rad('999999'), rad('1000000'))).toBe('-1 DAI, 1.00 ppm');
    expect(describeMiss(rad('1000000.000001'), rad('1000000'))).toBe('+0 DAI, 0.00 ppm');
    expect(describeMiss(rad('1010000'), rad('1000000'))).toBe('+10000 DAI, 10000.00 ppm');
  });
  it('is exact when both agree', () => {
    expect(describeMiss(rad('5'), rad('5'))).toBe('+0 DAI, 0.00 ppm');
  });
});
