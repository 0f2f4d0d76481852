/**
 * The report in a real browser: Debian's Chromium (installed by `make browser`), driven by
 * playwright-core, opens the generated report.html from file:// with JavaScript off (the page must
 * need none), and checks that nothing was logged as an error, nothing was fetched, and every chart
 * rendered (each SVG has a non-zero size and data marks). Saves a full-page screenshot next to the
 * page: report/browser-test/<fixture>/screenshot.png at the repository root (git-ignored). Besides the
 * hand-made fixtures, the report of a real shortened demo run (no-rivals, on an Anvil of its own) is
 * opened the same way: report/browser-test/demo-no-rivals/.
 *
 * Fails, never skips, when Chromium is missing: run `make browser`.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run.js';
import { parseDemoOptions } from '../../src/demo/scenarios.js';
import { CHART_IDS } from '../../src/report/charts.js';
import { writeReport } from '../../src/report/writer.js';
import { fixture } from './load.js';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../../../report/browser-test/', import.meta.url));
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let launched: Promise<BrowserContext> | undefined;
let profile: string | undefined;

/**
 * Launches Chromium once, on first use inside a test, so a missing Chromium fails each test (a hook's
 * error would only mark them skipped).
 */
function browser(): Promise<BrowserContext> {
  launched ??= (async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: run \`make browser\` (or apt-get install -y --no-install-recommends chromium), or set CHROMIUM`);
    }
    profile = mkdtempSync(join(tmpdir(), 'report-chromium-'));
    // A new empty profile (--user-data-dir), JavaScript off: the report must render without script.
    return chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      javaScriptEnabled: false,
      viewport: { width: 1100, height: 900 },
      offline: true,
    });
  })();
  return launched;
}

afterAll(async () => {
  await launched?.then((c) => c.close()).catch(() => undefined);
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** What a page did and shows: console errors and failed loads, every request, each chart's SVG box and marks. */
interface Inspection {
  errors: string[];
  requests: string[];
  status: number | undefined;
  scripts: number;
  charts: { id: string | null; width: number; height: number; marks: number; drawn: number }[];
}

async function inspect(page: Page, url: string): Promise<Inspection> {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  const charts = await page.$$eval('section.chart', (sections) =>
    sections.map((s) => {
      const svg = s.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      // Data marks (vega's role-mark groups), and those of them the browser laid out with a size.
      const marks = svg ? [...svg.querySelectorAll('g.role-mark')].filter((g) => g.querySelector('path, text, line, rect')).length : 0;
      const drawn = svg
        ? [...svg.querySelectorAll('g.role-mark path, g.role-mark text, g.role-mark line, g.role-mark rect')].filter((e) => {
            const b = e.getBoundingClientRect();
            return b.width > 0 || b.height > 0;
          }).length
        : 0;
      return { id: s.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, marks, drawn };
    }),
  );
  const scripts = await page.$$eval('script', (s) => s.length);
  return { errors, requests, status: response?.status(), scripts, charts };
}

/**
 * Opens `html` and asserts what every report page must be: every chart rendered with data marks, no
 * script, nothing fetched but the page, no console error. Saves `<dir>/screenshot.png`.
 */
async function expectReportRenders(html: string, dir: string, name: string): Promise<void> {
  const started = Date.now();
  const page = await (await browser()).newPage();
  const url = pathToFileURL(html).href;
  const seen = await inspect(page, url);

  expect(seen.charts.map((c) => c.id)).toEqual([...CHART_IDS]);
  for (const c of seen.charts) {
    expect(c.width, `${c.id} width`).toBeGreaterThan(100);
    expect(c.height, `${c.id} height`).toBeGreaterThan(100);
    expect(c.marks, `${c.id} mark groups`).toBeGreaterThan(0);
    expect(c.drawn, `${c.id} drawn marks`).toBeGreaterThan(0);
  }
  expect(seen.scripts).toBe(0);
  expect(seen.requests).toEqual([url]);

  const shot = join(dir, 'screenshot.png');
  await page.screenshot({ path: shot, fullPage: true });
  expect(statSync(shot).size).toBeGreaterThan(50_000);
  await page.close();
  expect(seen.errors).toEqual([]);
  // How long one page takes, for the record.
  process.stderr.write(`browser: ${name} report rendered and checked in ${Date.now() - started} ms; screenshot ${shot}\n`);
}

describe('report.html in Chromium', () => {
  for (const name of ['historical', 'no-rivals'] as const) {
    it(`${name}: opens from file:// with no console error, fetches nothing, renders every chart`, async () => {
      const written = await writeReport(fixture(name), join(OUT, name));
      await expectReportRenders(written.html, written.dir, name);
    });
  }

  it('a demo run (no-rivals, 400 flips, on its own Anvil): its report.html passes the same checks', async () => {
    const dir = join(OUT, 'demo-no-rivals');
    const options = parseDemoOptions({ scenario: 'no-rivals', flips: '400', chainId: '31356', out: dir });
    const started = Date.now();
    const result = await runDemo(options, { env: process.env, progress: undefined });
    process.stderr.write(`browser: demo no-rivals (400 flips) ran in ${Date.now() - started} ms\n`);
    expect(result.written.dir).toBe(dir);
    // A report with something in every chart: flips replayed, debt auctions the pool won, payouts
    expect(result.report.flips).toHaveLength(400);
    expect(result.report.flops.length).toBeGreaterThan(0);
    expect(result.report.pool.positions.length).toBeGreaterThan(0);
    expect(result.report.pool.payouts.length).toBeGreaterThan(0);
    await expectReportRenders(result.written.html, dir, 'demo no-rivals');
  }, 180_000);

  it('the inspection sees what it must refuse: an empty chart, a fetch, a failed load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-broken-'));
    try {
      const file = join(dir, 'broken.html');
      writeFileSync(
        file,
        '<!doctype html><html><body><section class="chart" data-chart="empty"><svg width="0" height="0"></svg></section>' +
          '<section class="chart" data-chart="axes-only"><svg width="300" height="200"><g class="role-axis"><line x1="0" x2="300" y1="1" y2="1" stroke="black"/></g></svg></section>' +
          '<img src="http://example.invalid/x.png"></body></html>',
      );
      const page = await (await browser()).newPage();
      const url = pathToFileURL(file).href;
      const seen = await inspect(page, url);
      await page.close();
      expect(seen.charts).toEqual([
        { id: 'empty', width: 0, height: 0, marks: 0, drawn: 0 },
        { id: 'axes-only', width: 300, height: 200, marks: 0, drawn: 0 },
      ]);
      expect(seen.requests).toEqual([url, 'http://example.invalid/x.png']);
      expect(seen.errors).toContainEqual('requestfailed: http://example.invalid/x.png');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
