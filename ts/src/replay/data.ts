/**
 * The March 2020 ETH-A collateral auctions (data/march-2020/flip-eth-a-kicked-2020-03-12-to-13.csv,
 * scraped from the mainnet ETH-A Flipper by guifel/maker-liquidation-dashboard), read and validated.
 *
 * Every row is checked with zod and its amounts are parsed EXACTLY from the decimal strings with
 * `parseUnit` (never through a float): lots in wad ETH, tabs and bids in rad DAI, prices in wad USD.
 * The file's derived ratio columns (final price, discounts) are floats in the source and are not read.
 * A missing file, a wrong header or any bad row is one `InputError` naming the file, the line and the
 * column; nothing is half-read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { getAddress, isAddress, type Address } from 'viem';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseUnit, type Unit } from '../units.js';

/** The file this package replays by default: the repository's `data/` directory (the public record, vendored). */
export const DEFAULT_FLIP_DATA_PATH = fileURLToPath(new URL('../../../data/march-2020/flip-eth-a-kicked-2020-03-12-to-13.csv', import.meta.url));

/** The columns the file must have, in order (as guifel/maker-liquidation-dashboard exports them). */
export const FLIP_COLUMNS = [
  'auction id',
  'kick timestamp',
  'kick block',
  'last bid block',
  'lot',
  'tab',
  'number of bids',
  'final lot',
  'final bid',
  'final price',
  'discount OSM',
  'ETH price OSM',
  'discount uniswap',
  'ETH price uniswap',
  'winner',
  'dealer',
  'vault owner',
  'kicker',
  'kick gas price (wei)',
  'last bid gas price (wei)',
  'last bid timestamp',
  'deal gas price (wei)',
  'deal timestamp',
] as const;

/** What the file writes where an auction was never dealt. */
const NO_DEAL = 'NO DEAL';

/** One recorded ETH-A flip auction. Times are unix seconds (UTC). */
export interface FlipRecord {
  /** The mainnet Flipper's auction id. */
  id: bigint;
  /** Line in the file (the header is line 1), for messages. */
  line: number;
  kickAt: bigint;
  kickBlock: bigint;
  /** The file's "last bid block"; "NO DEAL" (undefined) for the auctions never dealt. */
  lastBidBlock: bigint | undefined;
  /** Collateral auctioned, wad ETH. */
  lotWad: bigint;
  /** DAI the auction had to raise: debt times chop, rad (the file keeps 3 decimals). */
  tabRad: bigint;
  bidCount: number;
  /** Collateral the winner got (below `lotWad` after `dent`s), wad ETH. */
  finalLotWad: bigint;
  /** The winning bid, rad DAI (exact: the file keeps all 45 decimals). */
  finalBidRad: bigint;
  /** ETH price the OSM showed the Vat at the kick, wad USD. */
  osmPriceWad: bigint;
  /** ETH price on Uniswap at the kick (the market), wad USD. */
  uniswapPriceWad: bigint;
  winner: Address;
  vaultOwner: Address;
  kicker: Address;
  /** Who dealt it; undefined when it was never dealt. */
  dealer: Address | undefined;
  kickGasPriceWei: bigint;
  lastBidGasPriceWei: bigint;
  lastBidAt: bigint;
  /** Deal gas price and time; undefined when never dealt. */
  dealGasPriceWei: bigint | undefined;
  dealAt: bigint | undefined;
}

const integer = z.string().regex(/^\d+$/, 'not a whole number').transform((s) => BigInt(s));
const smallInteger = z.string().regex(/^\d{1,6}$/, 'not a whole number below 1,000,000').transform((s) => Number(s));
const decimal = (unit: Unit) =>
  z.string().transform((s, ctx) => {
    try {
      return parseUnit(s, unit);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
const address = z.string().refine((s) => isAddress(s, { strict: false }), 'not a 0x address of 40 hex digits').transform((s) => getAddress(s));
const orNoDeal = <T extends z.ZodType<unknown, string>>(schema: T) => z.union([z.literal(NO_DEAL).transform(() => undefined), schema]);

/** One row by column name; the ratio columns are not read (floats in the source). */
const ROW = z
  .object({
    'auction id': integer,
    'kick timestamp': integer,
    'kick block': integer,
    'last bid block': orNoDeal(integer),
    lot: decimal('wad'),
    tab: decimal('rad'),
    'number of bids': smallInteger,
    'final lot': decimal('wad'),
    'final bid': decimal('rad'),
    'ETH price OSM': decimal('wad'),
    'ETH price uniswap': decimal('wad'),
    winner: address,
    dealer: orNoDeal(address),
    'vault owner': address,
    kicker: address,
    'kick gas price (wei)': integer,
    'last bid gas price (wei)': integer,
    'last bid timestamp': integer,
    'deal gas price (wei)': orNoDeal(integer),
    'deal timestamp': orNoDeal(integer),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (r.lot === 0n) issue('lot', 'is zero');
    if (r.tab === 0n) issue('tab', 'is zero');
    if (r['final lot'] > r.lot) issue('final lot', 'is above the lot');
    if (r['final bid'] === 0n) issue('final bid', 'is zero: every recorded auction had a bid');
    if (r['ETH price OSM'] === 0n) issue('ETH price OSM', 'is zero');
    if (r['last bid timestamp'] < r['kick timestamp']) issue('last bid timestamp', 'is before the kick');
    const dealAt = r['deal timestamp'];
    if (dealAt !== undefined && dealAt < r['last bid timestamp']) issue('deal timestamp', 'is before the last bid');
    if ((dealAt === undefined) !== (r.dealer === undefined)) issue('dealer', `and "deal timestamp" disagree on whether it was dealt`);
  });

/**
 * Reads and validates the recorded flip auctions at `path`.
 * @returns The records in file order (ids unique, kick times ascending).
 * @throws InputError when the file is missing or unreadable, is not CSV, lacks a column, or any row is
 *   malformed: the message names the file, the first bad line and column; `details` lists up to ten more.
 */
export function readFlipRecords(path: string = DEFAULT_FLIP_DATA_PATH): FlipRecord[] {
  if (!existsSync(path)) {
    throw new InputError(`flip data: ${path} not found`, { hint: 'give the path of the March 2020 flip CSV (data/march-2020/flip-eth-a-kicked-2020-03-12-to-13.csv)' });
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`flip data: ${path} cannot be read (${(error as Error).message})`, { cause: error });
  }
  return parseFlipRecords(text, path);
}

/**
 * Parses the CSV text of the flip file (see `readFlipRecords`); `source` names it in messages.
 * @throws InputError as `readFlipRecords` does.
 */
export function parseFlipRecords(text: string, source = 'flip data'): FlipRecord[] {
  let rows: { info: { lines: number }; record: string[] }[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof rows;
  } catch (error) {
    throw new InputError(`flip data: ${source} is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  const [header, ...body] = rows;
  if (!header) throw new InputError(`flip data: ${source} is empty`);
  const missing = FLIP_COLUMNS.filter((c, i) => header.record[i] !== c);
  if (missing.length > 0 || header.record.length !== FLIP_COLUMNS.length) {
    throw new InputError(`flip data: ${source} line 1: the header is not the flip file's`, {
      details: `expected ${FLIP_COLUMNS.length} columns: ${FLIP_COLUMNS.join(', ')}\nfound ${header.record.length}: ${header.record.join(', ')}`,
    });
  }
  if (body.length === 0) throw new InputError(`flip data: ${source} has a header but no auctions`);

  const problems: string[] = [];
  const records: FlipRecord[] = [];
  const seen = new Set<bigint>();
  let lastKickAt = 0n;
  for (const { info, record } of body) {
    const line = info.lines;
    const raw = Object.fromEntries(FLIP_COLUMNS.map((c, i) => [c, record[i]]));
    const parsed = ROW.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        const value = column in raw ? ` ${JSON.stringify(raw[column])}` : '';
        problems.push(`line ${line}, "${column}"${value}: ${issue.message}`);
      }
      continue;
    }
    const r = parsed.data;
    const id = r['auction id'];
    if (seen.has(id)) problems.push(`line ${line}, "auction id" ${id}: repeated`);
    seen.add(id);
    if (r['kick timestamp'] < lastKickAt) problems.push(`line ${line}, "kick timestamp" ${r['kick timestamp']}: before the previous row's (the file is in kick order)`);
    lastKickAt = r['kick timestamp'];
    records.push({
      id,
      line,
      kickAt: r['kick timestamp'],
      kickBlock: r['kick block'],
      lastBidBlock: r['last bid block'],
      lotWad: r.lot,
      tabRad: r.tab,
      bidCount: r['number of bids'],
      finalLotWad: r['final lot'],
      finalBidRad: r['final bid'],
      osmPriceWad: r['ETH price OSM'],
      uniswapPriceWad: r['ETH price uniswap'],
      winner: r.winner,
      vaultOwner: r['vault owner'],
      kicker: r.kicker,
      dealer: r.dealer,
      kickGasPriceWei: r['kick gas price (wei)'],
      lastBidGasPriceWei: r['last bid gas price (wei)'],
      lastBidAt: r['last bid timestamp'],
      dealGasPriceWei: r['deal gas price (wei)'],
      dealAt: r['deal timestamp'],
    });
  }
  if (problems.length > 0) {
    const more = problems.slice(1, 11);
    const rest = problems.length - 1 - more.length;
    throw new InputError(`flip data: ${source} ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
      details: more.length > 0 ? more.join('\n') + (rest > 0 ? `\n... ${rest} more` : '') : undefined,
      hint: 'the file must be the flip CSV as exported (see data/README.md)',
    });
  }
  return records;
}
