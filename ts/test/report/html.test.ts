import { describe, expect, it } from 'vitest';
import { CHART_IDS } from '../../src/report/charts.js';
import { findings, summaryRows } from '../../src/report/findings.js';
import { formatUnit } from '../../src/units.js';

const grouped = (text: string) => text.replace(/^(\d+)/, (w) => w.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
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
    expect(findings(report).payouts).toContainEqual({
      kind: 'agrees',
      text: expect.stringMatching(/^Paid pro rata to what each enlisted \(largest deviation \d+ wei\) among the 128 paid on defect; the 1 paid by claim left at their round's close \(see "A member who asked to leave in the middle of a bid"\)\.$/),
    });
    const p = report.pool.payouts.find((x) => x.via === 'defect')!;
    p.mkrWad = (BigInt(p.mkrWad) + 10n ** 17n).toString();
    expect(findings(report).payouts).toContainEqual({ kind: 'differs', text: expect.stringMatching(/^Not pro rata/) });
  });

  it('count every member who left in the payouts, the one who claimed after a round too, so the numbers add up', () => {
    const report = fixture('no-rivals');
    const [leaver] = report.pool.leavers;
    const won = report.pool.positions.reduce((s, p) => s + BigInt(p.lotWad), 0n);
    const paid = report.pool.payouts.reduce((s, p) => s + BigInt(p.mkrWad), 0n);
    expect(won - paid).toBeGreaterThanOrEqual(0n);
    expect(won - paid).toBeLessThan(129n); // each member's credit rounds down
    const [line] = findings(report).payouts;
    expect(line).toEqual({
      kind: 'note',
      text: `129 members of 100 DAI/MKR enlisted 400,000 DAI and got back 250,000 DAI and ${grouped(formatUnit(paid, 'wad', 4))} MKR (128 on defect, 1 by claim after asking to leave during a round; the pool won ${grouped(formatUnit(won, 'wad', 4))} MKR).`,
    });
    expect(report.pool.payouts.filter((p) => p.via === 'claim').map((p) => p.member)).toEqual([leaver!.member]);
    const row = summaryRows(report).find((r) => r.measure === 'Paid out to members')!;
    expect(row.run).toBe(`250,000 DAI, ${grouped(formatUnit(paid, 'wad', 4))} MKR (128 on defect, 1 by claim)`);
    expect(findings(fixture('historical')).payouts[0]!.text).toMatch(/^129 members of 100 DAI\/MKR enlisted 400,000 DAI and got back 400,000 DAI and 0 MKR \(all on defect; the pool won 0 MKR\)\.$/);
  });

  it('give every summary row a source that says where its record comes from', () => {
    const rows = summaryRows(fixture('no-rivals'));
    const source = (measure: string) => rows.find((r) => r.measure.startsWith(measure))!.source;
    // The 2020 pool never bid: the published clearing prices, all above its limit, say so.
    for (const measure of ['Pool positions', 'Pool MKR won']) expect(source(measure)).toBe("2020 lots cleared at 220 DAI/MKR or more, above the syndicate's 100: Cointelegraph; Modern Consensus");
    expect(source('Members / DAI enlisted')).toMatch(/seed document/);
    for (const measure of ['Paid out to members', 'Keeper actions confirmed']) expect(source(measure)).toBe('no published figure');
    expect(rows.every((r) => r.source !== '-' && r.source.length > 0)).toBe(true);
  });

  it('report MKR per share from the accumulator: the same after the leaver’s claim', () => {
    const report = fixture('no-rivals');
    const [leaver] = report.pool.leavers;
    const nav = report.pool.nav.filter((p) => p.totalSharesWad !== '0');
    const atClose = nav.find((p) => p.at === leaver!.roundClosedAt)!;
    const afterClaim = nav.find((p) => p.at === leaver!.claimedAt)!;
    expect(afterClaim.mkrPerShareWad).toBe(atClose.mkrPerShareWad);
    expect(findings(report).pool[0]!.text).toMatch(new RegExp(`MKR credited per share ${formatUnit(BigInt(atClose.mkrPerShareWad), 'wad', 6).replace('.', '\\.')} by the end\\.$`));
  });

  it('flag positions never finalized', () => {
    const report = fixture('no-rivals');
    report.pool.positions[0]!.finalizedAt = null;
    expect(findings(report).pool).toContainEqual({ kind: 'differs', text: '1 position(s) of 100 DAI/MKR were never finalized.' });
  });
});
