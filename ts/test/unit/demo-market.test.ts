// The ETH market of March 2020 (src/replay/market.ts readMarketSeries): the repository's data read
// exactly, and a broken or missing file refused in one line that names it.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/main.js';
import { InputError } from '../../src/errors.js';
import { DEFAULT_DATA_DIR, readMarketSeries } from '../../src/replay/market.js';
import { WAD } from '../../src/units.js';

const COIN = 'march-2020/eth-usd-10min-2020-03-12.json';
const GEMINI = 'march-2020/eth-usd-1h-gemini-2020-03-10-to-15.csv';
const BINANCE = 'march-2020/eth-usdt-1h-binance-2020-03-10-to-15.csv';
const ALL = { from: 0n, to: 10n ** 12n };
const at = (iso: string) => BigInt(Date.parse(iso) / 1000);
const cents = (c: bigint) => c * (WAD / 100n);

describe('readMarketSeries: the repository’s data', () => {
  const series = readMarketSeries(ALL);

  it('reads the three series, each named after its file', () => {
    expect(series.map((s) => [s.name, s.source, s.points.length])).toEqual([
      ['CoinAPI 10 min', COIN, 144],
      ['Gemini 1 h', GEMINI, 144],
      ['Binance 1 h (USDT)', BINANCE, 144],
    ]);
  });

  it('places each point at its bar’s close, in time order, within March 2020', () => {
    for (const s of series) {
      for (let i = 1; i < s.points.length; i++) expect(s.points[i]!.at).toBeGreaterThan(s.points[i - 1]!.at);
      expect(s.points[0]!.at).toBeGreaterThanOrEqual(at('2020-03-10T00:00:00Z'));
      expect(s.points.at(-1)!.at).toBeLessThanOrEqual(at('2020-03-16T00:00:00Z'));
      // ETH stayed between 80 and 250 USD those days
      for (const p of s.points) expect(p.priceWad > 80n * WAD && p.priceWad < 250n * WAD).toBe(true);
    }
    expect(series[0]!.points[0]!.at).toBe(at('2020-03-12T00:10:00Z')); // the first bar ends at 00:10
    expect(series[1]!.points[0]!.at).toBe(at('2020-03-10T01:00:00Z')); // the first hourly candle closes at 01:00
  });

  it('parses prices exactly: known bars’ closes', () => {
    const price = (i: number, iso: string) => series[i]!.points.find((p) => p.at === at(iso))?.priceWad;
    expect(price(0, '2020-03-12T00:10:00Z')).toBe(cents(19_452n)); // 194.52
    expect(price(0, '2020-03-12T14:30:00Z')).toBe(cents(13_837n)); // 138.37
    expect(price(0, '2020-03-13T00:00:00Z')).toBe(cents(10_752n)); // 107.52
    expect(price(1, '2020-03-12T15:00:00Z')).toBe(cents(14_044n)); // Gemini 14:00-15:00 closed at 140.44
    expect(price(2, '2020-03-12T15:00:00Z')).toBe(cents(13_966n)); // Binance 139.66
    expect(price(1, '2020-03-16T00:00:00Z')).toBe(cents(12_346n)); // the last candle, 123.46
  });

  it('keeps only the points within [from, to], both ends included', () => {
    const from = at('2020-03-12T14:00:00Z');
    const to = at('2020-03-12T16:00:00Z');
    const window = readMarketSeries({ from, to });
    expect(window.map((s) => s.points.length)).toEqual([13, 3, 3]);
    for (const s of window) {
      expect(s.points[0]!.at).toBe(from);
      expect(s.points.at(-1)!.at).toBe(to);
    }
  });

  it('refuses a range with no price in some series, naming the file', () => {
    expect(() => readMarketSeries({ from: at('2020-03-14T00:00:00Z'), to: at('2020-03-14T12:00:00Z') })).toThrow(new RegExp(`market data: ${COIN} has no price between`));
  });
});

describe('readMarketSeries: a broken data directory', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of the three market files in a temp directory; `change` edits one file's text. */
  function dataDir(file?: string, change?: (text: string) => string | undefined): string {
    dir = mkdtempSync(join(tmpdir(), 'market-test-'));
    mkdirSync(join(dir, 'march-2020'));
    for (const f of [COIN, GEMINI, BINANCE]) {
      if (f !== file) copyFileSync(join(DEFAULT_DATA_DIR, f), join(dir, f));
      else {
        const text = change!(readFileSync(join(DEFAULT_DATA_DIR, f), 'utf8'));
        if (text !== undefined) writeFileSync(join(dir, f), text);
      }
    }
    return dir;
  }

  /** The InputError readMarketSeries throws, checked to print as one line. */
  function refusal(dataDirPath: string): string {
    let caught: unknown;
    try {
      readMarketSeries({ dataDir: dataDirPath, ...ALL });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    const { text } = describeError(caught);
    expect(text.split('\n')).toHaveLength(1);
    return text;
  }

  const setLine = (text: string, line: number, row: string) => {
    const lines = text.split('\n');
    lines[line - 1] = row;
    return lines.join('\n');
  };

  it('a copy of the data reads the same as the original', () => {
    expect(readMarketSeries({ dataDir: dataDir(), ...ALL })).toEqual(readMarketSeries(ALL));
  });

  it('a missing file', () => {
    const text = refusal(dataDir(BINANCE, () => undefined));
    expect(text).toMatch(/^error: market data: .*eth-usdt-1h-binance-2020-03-10-to-15\.csv not found\. the data directory must hold/);
  });

  it('a malformed close price in a CSV row, naming the file and the line', () => {
    const text = refusal(dataDir(GEMINI, (t) => setLine(t, 64, '1584021600,2020-03-12T14:00:00Z,133.74,142.86,132.37,14o.44')));
    expect(text).toBe(`error: market data: ${GEMINI} line 64: close: expected a decimal price, got "14o.44"`);
  });

  it('a malformed time in a CSV row', () => {
    const text = refusal(dataDir(BINANCE, (t) => setLine(t, 3, '2020-03-10T01:00:00Z,2020-03-10T01:00:00Z,203.38,204.9,200.78,201.38')));
    expect(text).toBe(`error: market data: ${BINANCE} line 3: unix_s: not unix seconds`);
  });

  it('a CSV row with a column missing', () => {
    const text = refusal(dataDir(GEMINI, (t) => setLine(t, 10, '1584828000,133.74,142.86,132.37,140.44')));
    expect(text).toMatch(new RegExp(`^error: market data: ${GEMINI} is not valid CSV \\(.+\\)$`));
  });

  it('a CSV without its close column', () => {
    const text = refusal(dataDir(BINANCE, (t) => t.replace('unix_s,utc,open,high,low,close', 'unix_s,utc,open,high,low,last')));
    expect(text).toBe(`error: market data: ${BINANCE} line 2: close: Invalid input`);
  });

  it('a JSON file that is not JSON', () => {
    const text = refusal(dataDir(COIN, (t) => t.slice(0, 500)));
    expect(text).toMatch(new RegExp(`^error: market data: ${COIN} is not valid JSON \\(.+\\)$`));
  });

  it('a JSON bar with a price that is not a decimal, or a date that is not one', () => {
    const price = refusal(dataDir(COIN, (t) => t.replace('"price_close": 194.520000000', '"price_close": "n/a"')));
    expect(price).toBe(`error: market data: ${COIN} bar: 0.price_close: expected a decimal price, got "n/a"`);
    const negative = refusal(dataDir(COIN, (t) => t.replace('"price_close": 194.520000000', '"price_close": -194.52')));
    expect(negative).toBe(`error: market data: ${COIN} bar: 0.price_close: expected a decimal price, got -194.52`);
    const date = refusal(dataDir(COIN, (t) => t.replace('"time_period_end": "2020-03-12T00:10:00.0000000Z"', '"time_period_end": "soon"')));
    expect(date).toBe(`error: market data: ${COIN} bar: 0.time_period_end: not a date`);
  });
});
