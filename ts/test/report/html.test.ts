import { describe, expect, it } from 'vitest';
import { CHART_IDS } from '../../src/report/charts.js';
import { findings } from '../../src/report/findings.js';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import { fixture } from './load.js';

const RAD = 10n ** 45n;

describe('report HTML', { timeout: 60_000 }, () => {
  it('is one self-contained page: every chart an inline <svg> in its section, no script, nothing to fetch', async () => {
    const { html, warnings } = await renderHtml(fixture('historical'));
    expect(warnings).toEqual([]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of CHART_IDS) {
      const section = html.match(new RegExp(`<section id="chart-${id}"[^>]*>([\\s\\S]*?)</section>`));
      expect(section, id).not.toBeNull();
      expect(section![1]).toMatch(/<svg [^>]*class="marks"[^>]*>[\s\S]*role-mark[\s\S]*<\/svg>/);
      expect(section![1]).toContain('<figcaption>References and sources:');
      expect(section![1]).toMatch(/<ul class="findings"><li class="(agrees|differs|note)"/);
    }
    expect(html.match(/<svg /g)).toHaveLength(CHART_IDS.length);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|\bsrc=/i);
    // The only URLs are the SVG namespaces (never fetched).
    const urls = [...html.matchAll(/https?:\/\/[^"' )<]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
  });

  it('labels the references with their sources', async () => {
    const { html } = await renderHtml(fixture('historical'));
    for (const text of [
      'Published estimates 4.00-5.67M DAI',
      'Covered by debt auctions 5.30M DAI',
      'Phase one ~265 DAI/MKR (40 lots)',
      'Phase two 220-250 DAI/MKR (46 lots)',
      'Average 252.6 DAI/MKR (106 auctions, 20,980 MKR)',
      'Pool limit 100 DAI/MKR',
      '5.67M DAI estimate: White Rabbit analysis',
      '106 auctions, 20,980 MKR sold, 5.30M DAI raised, average 252.6 DAI/MKR: The Block',
      '36% of liquidations won with zero bids: White Rabbit analysis',
    ]) {
      expect(html).toContain(escapeHtml(text));
    }
  });

  it('marks a fixture as such, and a replay as a replay', async () => {
    const report = fixture('no-rivals');
    expect((await renderHtml(report)).html).toContain('FIXTURE: made by hand, not a replay result');
    report.run.origin = 'replay';
    report.run.notes = [];
    const { html } = await renderHtml(report);
    expect(html).not.toContain('FIXTURE');
    expect(html).toContain('<span class="badge">replay</span>');
  });

  it('escapes text from the report', async () => {
    const report = fixture('historical');
    report.scenario.description = '<script>alert(1)</script> & more';
    const { html } = await renderHtml(report);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).not.toContain('<script>');
  });
});

describe('report findings', () => {
  it('agree when the replayed bad debt is within 1% of the flip file, differ (and say why) beyond', () => {
    const report = fixture('historical');
    expect(findings(report)['bad-debt'][0]).toMatchObject({ kind: 'agrees', text: expect.stringMatching(/within the 1%/) });
    const file = BigInt(report.references.flipFile.badDebtRad);
    const last = report.series.badDebt.at(-1)!;
    last.badDebtRad = ((file * 1009n) / 1000n).toString();
    expect(findings(report)['bad-debt'][0]).toMatchObject({ kind: 'agrees', text: expect.stringMatching(/\+0\.9% from/) });
    last.badDebtRad = ((file * 1020n) / 1000n).toString();
    expect(findings(report)['bad-debt'][0]).toMatchObject({ kind: 'differs', text: expect.stringMatching(/\+2\.0% from .*more than 1% off, so the local Vat\/Cat\/Flipper\/Vow accounting differs/) });
    last.badDebtRad = (6_000_000n * RAD).toString();
    expect(findings(report)['bad-debt'][1]).toMatchObject({ kind: 'differs', text: expect.stringMatching(/outside the published band 4M-5.67M DAI/) });
  });

  it('explain the gap to the 5.3M the debt auctions raised by the auctions the file lacks', () => {
    const said = findings(fixture('historical'))['bad-debt'];
    expect(said[2]).toMatchObject({ kind: 'differs', text: expect.stringMatching(/5\.3M DAI .*0\.32M more than this bad debt: the flip file starts at auction 941, so the shortfall of auctions 1-940 \(kicked before 2020-03-12 13:35 UTC\)/) });
  });

  it('say why the pool entered nothing, or what it won after how many ticks', () => {
    const hist = findings(fixture('historical'))['debt-auctions'];
    expect(hist).toContainEqual({ kind: 'note', text: expect.stringMatching(/The 100 DAI\/MKR tier entered nothing: every lot cleared above it \(lowest 220 DAI\/MKR\)/) });
    expect(hist).toContainEqual({ kind: 'agrees', text: expect.stringMatching(/^Rivals won 9 lots at 220-289\.5 DAI\/MKR/) });
    const nr = findings(fixture('no-rivals'))['debt-auctions'];
    expect(nr).toContainEqual({ kind: 'note', text: expect.stringMatching(/entered 3 auctions and won 3 at 99\.34-99\.34 DAI\/MKR, after 4 unbid ticks/) });
  });

  it('check payouts are pro rata, and catch one that is not', () => {
    const report = fixture('no-rivals');
    expect(findings(report).payouts).toContainEqual({ kind: 'agrees', text: expect.stringMatching(/^Paid pro rata/) });
    const p = report.pool.payouts[0]!;
    p.mkrWad = (BigInt(p.mkrWad) + 10n ** 17n).toString();
    expect(findings(report).payouts).toContainEqual({ kind: 'differs', text: expect.stringMatching(/^Not pro rata/) });
  });

  it('flag positions never finalized', () => {
    const report = fixture('no-rivals');
    report.pool.positions[0]!.finalizedAt = null;
    expect(findings(report).pool).toContainEqual({ kind: 'differs', text: '1 position(s) of 100 DAI/MKR were never finalized.' });
  });
});
