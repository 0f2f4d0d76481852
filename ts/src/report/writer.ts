/**
 * Writes the report to a directory: `report.json` (the model, validated first) and `report.html`
 * (self-contained). The report side's only I/O.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderHtml } from './html.js';
import { parseReport, type Report } from './model.js';

/** Where the report went, and what vega warned about while drawing it. */
export interface WrittenReport {
  dir: string;
  json: string;
  html: string;
  warnings: string[];
}

/**
 * Validates `report`, then writes `<dir>/report.json` and `<dir>/report.html` (creating `dir`).
 * Nothing is written if the report is invalid.
 * @param dir Output directory, e.g. `report` (the demo's default, git-ignored).
 * @throws InputError listing every validation problem (one line each); file system errors as they come.
 */
export async function writeReport(report: Report, dir: string): Promise<WrittenReport> {
  const valid = parseReport(report);
  const { html, warnings } = await renderHtml(valid);
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const json = join(out, 'report.json');
  const page = join(out, 'report.html');
  await writeFile(json, `${JSON.stringify(valid, null, 1)}\n`);
  await writeFile(page, html);
  return { dir: out, json, html: page, warnings };
}
