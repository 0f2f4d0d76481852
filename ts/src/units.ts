/**
 * Maker's fixed-point units. Every amount in this package carries its unit in its name
 * (`daiWad`, `bidRad`, `rateRay`) and is converted only through these helpers, so a rad is
 * never printed as a wad.
 */
export const WAD = 10n ** 18n;
export const RAY = 10n ** 27n;
export const RAD = 10n ** 45n;

export type Unit = 'wad' | 'ray' | 'rad';

const SCALE: Record<Unit, bigint> = { wad: WAD, ray: RAY, rad: RAD };
const DECIMALS: Record<Unit, number> = { wad: 18, ray: 27, rad: 45 };

/** Rad (1e45) to wad (1e18), rounding down: what a rad balance is worth in ERC20 DAI. */
export function radToWad(rad: bigint): bigint {
  return rad / RAY;
}

/** Wad (1e18) to rad (1e45): the Vat's internal DAI for an ERC20 amount. */
export function wadToRad(wad: bigint): bigint {
  return wad * RAY;
}

/**
 * Parses a decimal string ("1", "50000", "0.5") into a fixed-point integer of the given unit.
 * Throws with a message that says what was wrong, never rounds silently.
 */
export function parseUnit(text: string, unit: Unit): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a non-negative decimal number (e.g. 100 or 0.5)`);
  const [, whole = '0', fraction = ''] = match;
  const decimals = DECIMALS[unit];
  if (fraction.length > decimals) {
    throw new Error(`"${text}" has ${fraction.length} decimals; a ${unit} has at most ${decimals}`);
  }
  return BigInt(whole) * SCALE[unit] + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/**
 * Formats a fixed-point integer of the given unit as a decimal string, keeping at most
 * `maxDecimals` decimals (truncated, never rounded up), trailing zeros removed.
 */
export function formatUnit(value: bigint, unit: Unit, maxDecimals = 18): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = SCALE[unit];
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(DECIMALS[unit], '0').slice(0, maxDecimals);
  const trimmed = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${trimmed ? `.${trimmed}` : ''}`;
}

/**
 * `formatUnit` for display: the same decimal string with the whole part's thousands grouped by commas
 * ("4973639.82" -> "4,973,639.82"; the sign kept).
 */
export function formatUnitGrouped(value: bigint, unit: Unit, maxDecimals = 18): string {
  const text = formatUnit(value, unit, maxDecimals);
  const [whole = '0', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** Seconds as "2d 3h", "5h 12m", "42m 10s", "9s" ("0s" for none or less). */
export function formatDuration(seconds: bigint): string {
  if (seconds <= 0n) return '0s';
  const d = seconds / 86_400n;
  const h = (seconds % 86_400n) / 3_600n;
  const m = (seconds % 3_600n) / 60n;
  const s = seconds % 60n;
  if (d > 0n) return `${d}d ${h}h`;
  if (h > 0n) return `${h}h ${m}m`;
  if (m > 0n) return `${m}m ${s}s`;
  return `${s}s`;
}

/** Unix seconds as ISO 8601 UTC to the second: "2020-03-19T20:28:13Z". */
export function isoSeconds(unixS: bigint): string {
  return new Date(Number(unixS) * 1000).toISOString().replace('.000Z', 'Z');
}
