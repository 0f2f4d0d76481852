/**
 * The ETH market of 10-15 March 2020 from the data directory (data/march-2020/, see its README):
 * CoinAPI 10-minute bars of 12 March, and hourly Gemini (USD) and Binance (USDT) candles. Each series
 * is read and validated with zod; prices are parsed exactly from their decimal text (never through a
 * float) as wad USD per ETH; each bar's point is placed at its close (start + length).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseUnit } from '../units.js';

/** The repository's data/ directory (the public record, vendored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

/** One market series: `points` are (close time unix s, close price wad USD), in time order. */
export interface MarketSeries {
  name: string;
  /** The file, relative to the data directory. */
  source: string;
  points: { at: bigint; priceWad: bigint }[];
}

const decimal = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? v.toString() : v;
  if (!/^\d+(\.\d+)?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `expected a decimal price, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return parseUnit(text, 'wad');
});

const CoinApiBar = z.object({ time_period_end: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'), price_close: decimal });
const CandleRow = z.object({ unix_s: z.string().regex(/^\d+$/, 'not unix seconds'), close: decimal });

function readText(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new InputError(`market data: ${path} not found`, { hint: 'the data directory must hold the March 2020 files (see data/README.md)' });
  return readFileSync(path, 'utf8');
}

/** The first issue of a file's rows, at `where`; `skip` leading path keys are said by `where` already (a CSV row's index). */
function problem(file: string, where: string, error: z.ZodError, skip = 0): InputError {
  const issue = error.issues[0]!;
  return new InputError(`market data: ${file} ${where}: ${issue.path.slice(skip).join('.') || '(row)'}: ${issue.message}`);
}

/**
 * The three market series (CoinAPI 10 min, Gemini 1 h, Binance 1 h USDT) between `from` and `to`
 * (unix s, inclusive, by close time).
 * @throws InputError naming the file and the row when a file is missing or malformed.
 */
export function readMarketSeries({ dataDir = DEFAULT_DATA_DIR, from, to }: { dataDir?: string; from: bigint; to: bigint }): MarketSeries[] {
  const inRange = (p: { at: bigint }) => p.at >= from && p.at <= to;

  const coinFile = 'march-2020/eth-usd-10min-2020-03-12.json';
  let bars: unknown;
  try {
    bars = JSON.parse(readText(dataDir, coinFile));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`market data: ${coinFile} is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const coin = z.array(CoinApiBar).safeParse(bars);
  if (!coin.success) throw problem(coinFile, 'bar', coin.error);
  const series: MarketSeries[] = [
    { name: 'CoinAPI 10 min', source: coinFile, points: coin.data.map((b) => ({ at: BigInt(Date.parse(b.time_period_end) / 1000), priceWad: b.price_close })).filter(inRange) },
  ];

  for (const [name, file] of [
    ['Gemini 1 h', 'march-2020/eth-usd-1h-gemini-2020-03-10-to-15.csv'],
    ['Binance 1 h (USDT)', 'march-2020/eth-usdt-1h-binance-2020-03-10-to-15.csv'],
  ] as const) {
    let rows: unknown[];
    try {
      rows = parse(readText(dataDir, file), { columns: true, skip_empty_lines: true, trim: true }) as unknown[];
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`market data: ${file} is not valid CSV (${(error as Error).message.split('\n')[0]})`);
    }
    const candles = z.array(CandleRow).safeParse(rows);
    if (!candles.success) throw problem(file, `line ${Number(candles.error.issues[0]!.path[0] ?? 0) + 2}`, candles.error, 1);
    series.push({ name, source: file, points: candles.data.map((r) => ({ at: BigInt(r.unix_s) + 3600n, priceWad: r.close })).filter(inRange) });
  }
  for (const s of series) {
    s.points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    if (s.points.length === 0) throw new InputError(`market data: ${s.source} has no price between ${from} and ${to}`);
  }
  return series;
}
