// The March 2020 flip file: read exactly, and every kind of bad file refused with one clear error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { DEFAULT_FLIP_DATA_PATH, FLIP_COLUMNS, parseFlipRecords, readFlipRecords } from '../../src/replay/data.js';
import { RAD, WAD } from '../../src/units.js';

const HEADER = FLIP_COLUMNS.join(',');
// Auction 941, as the file has it (a zero bid, dealt)
const ROW_941 =
  '941,1584020109,9656986,9657208,50.000000000000000000,6286.611,1,50.000000000000000000,0.000000000000000000000000001000000000000000000,2.0000000000000002e-29,1.0,166.465,1.0,124.97167187396545,0x9c05a05893Ada984FC20D0DA0c046De5Cc0e8273,0xA5818f45c41df902Db3fa74B6181D91F351d2694,0xfD7660B6E70FEFE9A4d73523d35C511BdBd7e1FC,0xaDC374E77b89aF0B8b39f7C47E8E0A37b6dAF073,200000000000,200000000000,1584020109,300000000000,1584023089';
// Auction 3173, as the file has it (a bid at the full tab, never dealt)
const ROW_3173 =
  '3173,1584057495,9659818,NO DEAL,11.230357630243322739,1130.478,3,11.230357630243322739,1130.478132227695615486210290720291380715426107755,100.66270099745721,0.21268076338463726,127.855,-0.011431496128854104,99.52498155607466,0x4D27E99AeACC3BDa29A91c9dbc73aFc80Bc24782,NO DEAL,0x5400490a09c97e1fD23D970cd2d82FE823B45B62,0x97087E7273b580EfC004e5b8C09c6B36B49f600d,100000000001,100000000000,1584057523,NO DEAL,NO DEAL';

/** ROW_941 with column `name` set to `value`. */
function with941(name: (typeof FLIP_COLUMNS)[number], value: string): string {
  const cells = ROW_941.split(',');
  cells[FLIP_COLUMNS.indexOf(name)] = value;
  return cells.join(',');
}

function parseError(text: string): InputError {
  try {
    parseFlipRecords(text, 'test.csv');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('parsed without error');
}

describe('flip data: the file', () => {
  const records = readFlipRecords(DEFAULT_FLIP_DATA_PATH);

  it('holds 3,780 auctions, ids 941 to 4720, each once, in kick order', () => {
    expect(records).toHaveLength(3780);
    expect(records[0]!.id).toBe(941n);
    expect(records.at(-1)!.id).toBe(4720n);
    expect(new Set(records.map((r) => r.id)).size).toBe(3780);
    for (let i = 1; i < records.length; i++) expect(records[i]!.kickAt).toBeGreaterThanOrEqual(records[i - 1]!.kickAt);
  });

  it('parses every amount exactly from its decimal string', () => {
    const r = records[0]!;
    expect(r.lotWad).toBe(50n * WAD);
    expect(r.tabRad).toBe(6_286_611n * RAD / 1000n);
    expect(r.finalBidRad).toBe(RAD / 10n ** 27n); // 1e-27 DAI: the zero bid, 1e18 in rad
    expect(r.osmPriceWad).toBe(166_465n * WAD / 1000n);
    expect(r.uniswapPriceWad).toBe(124_971_671_873_965_450_000n);
    expect(r.dealAt).toBe(1_584_023_089n);
    expect(r.kickGasPriceWei).toBe(200_000_000_000n);
    const covered = records.find((x) => x.id === 3173n)!;
    expect(covered.finalBidRad).toBe(1_130_478_132_227_695_615_486_210_290_720_291_380_715_426_107_755n);
    expect(covered.finalLotWad).toBe(11_230_357_630_243_322_739n);
  });

  it('keeps the 17 auctions never dealt undealt (no dealer, deal time or last bid block)', () => {
    const undealt = records.filter((r) => r.dealAt === undefined);
    expect(undealt).toHaveLength(17);
    for (const r of undealt) {
      expect(r.dealer).toBeUndefined();
      expect(r.dealGasPriceWei).toBeUndefined();
      expect(r.lastBidBlock).toBeUndefined();
    }
  });

  it('reads a row of each kind the same as the file', () => {
    const [a, b] = parseFlipRecords(`${HEADER}\n${ROW_941}\n${ROW_3173}\n`);
    expect(a).toEqual(records.find((r) => r.id === 941n));
    expect({ ...b, line: 0 }).toEqual({ ...records.find((r) => r.id === 3173n), line: 0 });
  });
});

describe('flip data: bad files are one clear error', () => {
  it('a missing file names the path', () => {
    const path = join(tmpdir(), 'no-such-flip-file.csv');
    expect(() => readFlipRecords(path)).toThrow(InputError);
    expect(() => readFlipRecords(path)).toThrow(`flip data: ${path} not found`);
  });

  it('an empty file, or a header with no rows', () => {
    expect(parseError('').shortMessage).toBe('flip data: test.csv is empty');
    expect(parseError(`${HEADER}\n`).shortMessage).toBe('flip data: test.csv has a header but no auctions');
  });

  it('a header that is not the flip file\'s lists what it expected', () => {
    const e = parseError(`${HEADER.replace('final bid', 'final_bid')}\n${ROW_941}\n`);
    expect(e.shortMessage).toBe("flip data: test.csv line 1: the header is not the flip file's");
    expect(e.details).toContain('expected 23 columns');
  });

  it('text that is not CSV (a row with a missing cell)', () => {
    const e = parseError(`${HEADER}\n${ROW_941.split(',').slice(0, 22).join(',')}\n`);
    expect(e.shortMessage).toBe('flip data: test.csv is not valid CSV: Invalid Record Length: expect 23, got 22 on line 2');
  });

  it('a malformed amount names the line, the column and the value', () => {
    expect(parseError(`${HEADER}\n${ROW_941}\n${with941('lot', '50.0.0')}\n`).shortMessage).toBe(
      'flip data: test.csv line 3, "lot" "50.0.0": "50.0.0" is not a non-negative decimal number (e.g. 100 or 0.5)',
    );
    expect(parseError(`${HEADER}\n${with941('final lot', '1.0000000000000000001')}\n`).shortMessage).toBe(
      'flip data: test.csv line 2, "final lot" "1.0000000000000000001": "1.0000000000000000001" has 19 decimals; a wad has at most 18',
    );
    expect(parseError(`${HEADER}\n${with941('tab', '-5')}\n`).shortMessage).toContain('line 2, "tab" "-5"');
  });

  it('bad addresses, times and counts', () => {
    expect(parseError(`${HEADER}\n${with941('winner', '0x9c05')}\n`).shortMessage).toContain('"winner" "0x9c05": not a 0x address');
    expect(parseError(`${HEADER}\n${with941('kick timestamp', '2020-03-12')}\n`).shortMessage).toContain('"kick timestamp" "2020-03-12": not a whole number');
    expect(parseError(`${HEADER}\n${with941('number of bids', '1.5')}\n`).shortMessage).toContain('"number of bids" "1.5"');
  });

  it('rows that contradict themselves', () => {
    expect(parseError(`${HEADER}\n${with941('final lot', '51')}\n`).shortMessage).toContain('"final lot" "51": is above the lot');
    expect(parseError(`${HEADER}\n${with941('final bid', '0')}\n`).shortMessage).toContain('"final bid" "0": is zero');
    expect(parseError(`${HEADER}\n${with941('last bid timestamp', '1584020108')}\n`).shortMessage).toContain('is before the kick');
    expect(parseError(`${HEADER}\n${with941('dealer', 'NO DEAL')}\n`).shortMessage).toContain('"dealer" "NO DEAL": and "deal timestamp" disagree');
  });

  it('repeated ids and rows out of kick order', () => {
    expect(parseError(`${HEADER}\n${ROW_941}\n${ROW_941}\n`).shortMessage).toBe('flip data: test.csv line 3, "auction id" 941: repeated');
    const earlier = with941('auction id', '940').replace('1584020109,9656986', '1584020000,9656986');
    expect(parseError(`${HEADER}\n${ROW_941}\n${earlier.replace(',1584020109,200000000000', ',1584020000,200000000000')}\n`).shortMessage).toContain(
      'line 3, "kick timestamp" 1584020000: before the previous row\'s',
    );
  });

  it('counts the other problems and lists up to ten in the details', () => {
    const bad = Array.from({ length: 13 }, (_, i) => with941('auction id', `x${i}`));
    const e = parseError(`${HEADER}\n${bad.join('\n')}\n`);
    expect(e.shortMessage).toBe('flip data: test.csv line 2, "auction id" "x0": not a whole number (and 12 more)');
    expect(e.details!.split('\n')).toHaveLength(11);
    expect(e.details).toContain('... 2 more');
  });

  it('a file on disk goes through the same checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flip-data-'));
    const path = join(dir, 'bad.csv');
    writeFileSync(path, `${HEADER}\n${with941('lot', 'fifty')}\n`);
    expect(() => readFlipRecords(path)).toThrow(`flip data: ${path} line 2, "lot" "fifty"`);
  });
});
