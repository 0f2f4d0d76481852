// What the flip file implies, from its columns: the figures data/README.md derives from it.
import { describe, expect, it } from 'vitest';
import { getAddress } from 'viem';
import type { FlipRecord } from '../../src/replay/data.js';
import { readFlipRecords } from '../../src/replay/data.js';
import { MARCH_2020_CHOP_RAY, expectedBadDebtRad, flipFileTotals, relativeMissPpm } from '../../src/replay/expected.js';
import { RAD, RAY, WAD } from '../../src/units.js';

const A = getAddress('0x00000000000000000000000000000000000000a1');

function record(over: Partial<FlipRecord>): FlipRecord {
  return {
    id: 1n, line: 2, kickAt: 1_584_020_000n, kickBlock: 1n, lastBidBlock: 2n, lotWad: 50n * WAD, tabRad: 1_130n * RAD, bidCount: 1,
    finalLotWad: 50n * WAD, finalBidRad: 1n, osmPriceWad: 100n * WAD, uniswapPriceWad: 100n * WAD, winner: A, vaultOwner: A, kicker: A,
    dealer: A, kickGasPriceWei: 1n, lastBidGasPriceWei: 1n, lastBidAt: 1_584_020_000n, dealGasPriceWei: 1n, dealAt: 1_584_020_700n,
    ...over,
  };
}

/** `rad` in whole DAI, rounded to the nearest. */
const dai = (rad: bigint) => Number((rad + RAD / 2n) / RAD);

describe('expected bad debt', () => {
  it('is the sum of tab / chop less the sum of final bids', () => {
    const zeroBid = record({ id: 1n, tabRad: 1_130n * RAD, finalBidRad: RAD / 10n ** 27n });
    const covered = record({ id: 2n, tabRad: 2_260n * RAD, finalBidRad: 2_260n * RAD, finalLotWad: 30n * WAD });
    const partial = record({ id: 3n, tabRad: 565n * RAD, finalBidRad: 100n * RAD, dealAt: undefined, dealer: undefined });
    // debts 1,000 + 2,000 + 500; bids 1e-27 + 2,260 + 100
    expect(expectedBadDebtRad([zeroBid, covered, partial])).toBe(3_500n * RAD - 2_360n * RAD - RAD / 10n ** 27n);
    const totals = flipFileTotals([zeroBid, covered, partial]);
    expect(totals.zeroBid).toEqual({ auctions: 1, lotWad: 50n * WAD, debtRad: 1_000n * RAD });
    expect(totals.undealt).toBe(1);
    // a covered auction brings the Vow its penalty too: the Vow ends 260 DAI ahead on it
    expect(expectedBadDebtRad([covered])).toBe(-260n * RAD);
  });

  it('divides the summed tabs by chop once, rounding down', () => {
    const r = [record({ tabRad: 1n }), record({ tabRad: 1n })];
    expect(flipFileTotals(r).debtRad).toBe((2n * RAY) / MARCH_2020_CHOP_RAY);
    expect(flipFileTotals(r, { chopRay: RAY }).debtRad).toBe(2n);
  });

  it('agrees with the figures data/README.md derives from the file', () => {
    const t = flipFileTotals(readFlipRecords());
    expect(t.auctions).toBe(3780);
    expect(Number((t.lotWad + WAD / 2n) / WAD)).toBe(148_847); // 148,847 ETH auctioned
    expect(Math.round(dai(t.tabRad) / 10_000)).toBe(1_494); // tab 14.94M DAI
    expect(Math.round(dai(t.debtRad) / 10_000)).toBe(1_323); // debt 13.23M DAI
    expect(Math.round(dai(t.raisedRad) / 10_000)).toBe(825); // 8.25M DAI raised
    expect(Math.round(dai(t.badDebtRad) / 10_000)).toBe(497); // a shortfall of about 4.97M DAI
    expect(t.zeroBid.auctions).toBe(1_134); // 1,134 auctions under 1 DAI
    expect(Number((t.zeroBid.lotWad + WAD / 2n) / WAD)).toBe(47_191); // carrying 47,191 ETH
    expect(Math.round(dai(t.zeroBid.debtRad) / 10_000)).toBe(442); // and 4.42M DAI of debt
    expect(t.undealt).toBe(17);
  });
});

describe('relativeMissPpm', () => {
  it('is the absolute miss in parts per million of the expected, rounded up', () => {
    expect(relativeMissPpm(101n, 100n)).toBe(10_000n);
    expect(relativeMissPpm(99n, 100n)).toBe(10_000n);
    expect(relativeMissPpm(100n, 100n)).toBe(0n);
    expect(relativeMissPpm(1_000_001n, 1_000_000_000n)).toBe(999_000n);
    expect(relativeMissPpm(3n, 1_000_000_000n)).toBe(1_000_000n); // 999,999.997 ppm, rounded up
    expect(() => relativeMissPpm(1n, 0n)).toThrow(RangeError);
  });
});
