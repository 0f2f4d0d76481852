/**
 * Everything the CLI prints: amounts formatted with their units (the only place besides report/
 * where a bigint becomes text), plain tables, and `--json` (bigints as decimal strings, raw units
 * in the key names).
 */
import type { Address } from 'viem';
import type { DecodedRevert } from '../chain/errors.js';
import { formatDuration, formatUnit, formatUnitGrouped, isoSeconds } from '../units.js';

export const dai = (wad: bigint, decimals = 4) => `${formatUnitGrouped(wad, 'wad', decimals)} DAI`;
export const daiRad = (rad: bigint, decimals = 4) => `${formatUnitGrouped(rad, 'rad', decimals)} DAI`;
export const mkr = (wad: bigint, decimals = 6) => `${formatUnitGrouped(wad, 'wad', decimals)} MKR`;
export const price = (wad: bigint, decimals = 4) => `${formatUnitGrouped(wad, 'wad', decimals)} DAI/MKR`;
export const shares = (amount: bigint, decimals = 4) => `${formatUnitGrouped(amount, 'wad', decimals)} shares`;
/** A wad ratio such as beg (1.03). */
export const ratio = (wad: bigint) => formatUnit(wad, 'wad');
export const tierLabel = (limitWad: bigint) => formatUnit(limitWad, 'wad', 4);


export function short(address: Address): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Seconds as "2d 3h", "5h 12m", "42m 10s", "9s". */
export const duration = formatDuration;

/** Unix seconds as ISO 8601 UTC: "2020-03-19T20:28:13Z". */
export const isoTime = isoSeconds;

/** A plain text table: a header, a rule, rows; columns padded, numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** JSON for `--json`: bigints as decimal strings, two-space indent. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

/** One argument of a custom error, formatted by the unit its name carries. */
function errorArg(name: string, value: unknown): string {
  if (typeof value !== 'bigint') return String(value);
  if (name === 'priceWad' || name === 'limitWad') return price(value);
  if (name === 'lotWad' || name === 'mkrBookWad') return mkr(value);
  if (name.endsWith('Rad')) return daiRad(value);
  if (name.endsWith('Wad')) return dai(value);
  if (name === 'settleAt') return isoTime(value);
  if (name === 'closeBy') return value === 0n ? 'none (no request yet)' : isoTime(value);
  if (name === 'shares' || name === 'balance' || name === 'totalShares') return shares(value);
  if (name === 'mkrPerShareRay') return `${formatUnit(value, 'ray')} MKR per share`;
  return value.toString();
}

/** `PriceAboveLimit(priceWad 227.3 DAI/MKR, limitWad 100 DAI/MKR)` */
export function refusal(decoded: DecodedRevert): string {
  const args = (decoded.args as readonly unknown[]).map((v, i) => {
    const name = decoded.argNames[i] ?? '';
    return `${name} ${errorArg(name, v)}`.trim();
  });
  return `${decoded.name}(${args.join(', ')})`;
}
