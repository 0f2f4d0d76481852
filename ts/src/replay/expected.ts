/**
 * What the flip file itself implies, computed from its columns (never a hard-coded figure).
 *
 * Bad debt. A bite queues the vault's debt in the Vow (`vow.fess(art * rate)`, i.e. `vat.sin(vow)`
 * grows by the debt) and auctions the collateral for tab = debt * chop; every bid's DAI goes to the
 * Vow (`vat.dai(vow)` grows by the final bid). So once the auctions are over, the Vow is short
 *
 *     bad debt = sum over auctions of (tab / chop) - sum over auctions of final bid
 *
 * which is `vat.sin(vow) - vat.dai(vow)` on a Vow that started empty and healed nothing. Covered
 * auctions (final bid = tab, the 13% penalty included) reduce it by more than their own debt; zero-bid
 * auctions add their whole debt. Undealt auctions count too: their bids are already in the Vow.
 * The file keeps tabs to 3 decimals (mainnet's are exact rads), so the figure is good to about a
 * thousandth of a DAI per auction; it is computed exactly from what the file says: the sum of tabs
 * times RAY divided by chop, rounded down once.
 */
import { RAD, RAY } from '../units.js';
import type { FlipRecord } from './data.js';

/** ETH-A's liquidation penalty in March 2020 (13%; ../shared/spec/mcd.md), ray. */
export const MARCH_2020_CHOP_RAY = 1_130_000_000_000_000_000_000_000_000n;

/** A bid under this is a "zero bid" (the README's measure: under 1 DAI), rad. */
export const ZERO_BID_BELOW_RAD = RAD;

/** The file's totals. Amounts in rad DAI and wad ETH. */
export interface FlipFileTotals {
  auctions: number;
  /** ETH auctioned, wad. */
  lotWad: bigint;
  /** Sum of tabs (debt with the penalty), rad. */
  tabRad: bigint;
  /** Sum of debts, tab / chop, rad (rounded down once). */
  debtRad: bigint;
  /** Sum of final bids: what the auctions raised, rad. */
  raisedRad: bigint;
  /** debt - raised: the Vow's shortfall the file implies, rad (positive: bad debt). */
  badDebtRad: bigint;
  /** Auctions won with a bid under 1 DAI, their ETH (wad) and debt (rad). */
  zeroBid: { auctions: number; lotWad: bigint; debtRad: bigint };
  /** Auctions never dealt. */
  undealt: number;
  /** The chop used, ray. */
  chopRay: bigint;
}

/**
 * The totals and the implied bad debt of `records` (see the module's note for the formula).
 * @param chopRay the liquidation penalty, ray (default 1.13e27, ETH-A in March 2020)
 */
export function flipFileTotals(records: readonly FlipRecord[], { chopRay = MARCH_2020_CHOP_RAY }: { chopRay?: bigint } = {}): FlipFileTotals {
  let lotWad = 0n;
  let tabRad = 0n;
  let raisedRad = 0n;
  let undealt = 0;
  const zeroBid = { auctions: 0, lotWad: 0n, tabRad: 0n };
  for (const r of records) {
    lotWad += r.lotWad;
    tabRad += r.tabRad;
    raisedRad += r.finalBidRad;
    if (r.dealAt === undefined) undealt++;
    if (r.finalBidRad < ZERO_BID_BELOW_RAD) {
      zeroBid.auctions++;
      zeroBid.lotWad += r.lotWad;
      zeroBid.tabRad += r.tabRad;
    }
  }
  const debtRad = (tabRad * RAY) / chopRay;
  return {
    auctions: records.length,
    lotWad,
    tabRad,
    debtRad,
    raisedRad,
    badDebtRad: debtRad - raisedRad,
    zeroBid: { auctions: zeroBid.auctions, lotWad: zeroBid.lotWad, debtRad: (zeroBid.tabRad * RAY) / chopRay },
    undealt,
    chopRay,
  };
}

/**
 * The bad debt the file implies, rad: sum of (tab / chop) minus sum of final bids.
 * @param chopRay the liquidation penalty, ray (default 1.13e27)
 */
export function expectedBadDebtRad(records: readonly FlipRecord[], options: { chopRay?: bigint } = {}): bigint {
  return flipFileTotals(records, options).badDebtRad;
}

/**
 * How far `actualRad` is from `expectedRad`, in parts per million of `expectedRad` (absolute value,
 * rounded up). 10,000 ppm = 1%.
 * @throws RangeError when `expectedRad` is zero.
 */
export function relativeMissPpm(actualRad: bigint, expectedRad: bigint): bigint {
  if (expectedRad === 0n) throw new RangeError('relativeMissPpm: the expected value is zero');
  const diff = actualRad > expectedRad ? actualRad - expectedRad : expectedRad - actualRad;
  const base = expectedRad < 0n ? -expectedRad : expectedRad;
  return (diff * 1_000_000n + base - 1n) / base;
}
