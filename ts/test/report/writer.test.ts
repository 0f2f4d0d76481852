import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadReport } from '../../src/report/model.js';
import { writeReport } from '../../src/report/writer.js';
import { fixture } from './load.js';

const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-writer-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('report writer', { timeout: 60_000 }, () => {
  it('writes report.json (which loads back equal) and report.html into a new directory', async () => {
    const report = fixture('no-rivals');
    const dir = join(tmp(), 'report');
    const written = await writeReport(report, dir);
    expect(written).toEqual({ dir, json: join(dir, 'report.json'), html: join(dir, 'report.html'), warnings: [] });
    expect(loadReport(readFileSync(written.json, 'utf8'))).toEqual(report);
    expect(readFileSync(written.html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });

  it('writes nothing for an invalid report', async () => {
    const report = fixture('historical');
    report.flops[0]!.bids[0]!.impliedDaiPerMkrWad = '5';
    const dir = join(tmp(), 'report');
    await expect(writeReport(report, dir)).rejects.toThrow(/report\.json: 1 problem\(s\)\nflops\[0\]\.bids\[0\]\.impliedDaiPerMkrWad: is 5 but/);
    expect(existsSync(dir)).toBe(false);
  });
});
