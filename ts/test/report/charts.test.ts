import { describe, expect, it } from 'vitest';
import { CHART_IDS, chartSpecs, renderCharts, renderSvg, toNumber } from '../../src/report/charts.js';
import { fixture } from './load.js';

/** The text of an SVG's <text> elements (vega writes labels, titles and legend entries as <text>). */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'"));
}

describe('report charts', { timeout: 60_000 }, () => {
  it('makes one spec per chart, in order, with inline data only (no URL to fetch)', () => {
    const specs = chartSpecs(fixture('historical'));
    expect(specs.map((s) => s.id)).toEqual([...CHART_IDS]);
    for (const s of specs) {
      const text = JSON.stringify(s.spec);
      expect(text).not.toMatch(/"url"\s*:/);
      expect(s.sources.length).toBeGreaterThan(0);
    }
  });

  it('converts wad and rad strings to plotting numbers', () => {
    expect(toNumber('124000000000000000000', 'wad')).toBe(124);
    expect(toNumber('4973639167557471209388946917769117291680049682426689', 'rad')).toBeCloseTo(4973639.1675, 3);
    expect(toNumber('360000000000000000', 'wad')).toBe(0.36);
  });

  it('renders every chart of both fixtures to SVG without a warning', async () => {
    for (const name of ['historical', 'no-rivals'] as const) {
      const charts = await renderCharts(fixture(name));
      expect(charts).toHaveLength(CHART_IDS.length);
      for (const c of charts) {
        expect(c.warnings, `${name} ${c.id}`).toEqual([]);
        expect(c.svg).toMatch(/^<svg [^>]*width="\d+" height="\d+"/);
        expect(c.svg).toContain('role-mark');
      }
    }
  });

  it('labels the bad-debt references on the chart and names their sources', async () => {
    const report = fixture('historical');
    const chart = chartSpecs(report).find((c) => c.id === 'bad-debt')!;
    const texts = svgTexts(await renderSvg(chart.spec));
    expect(texts).toContain('Published estimates 4.00-5.67M DAI');
    expect(texts).toContain('Covered by debt auctions 5.30M DAI');
    expect(texts).toContain('Implied by the flip file 4.97M DAI');
    expect(chart.sources.join('\n')).toMatch(/White Rabbit analysis/);
    expect(chart.sources.join('\n')).toMatch(/Maker forum quote; Smith\+Crown/);
    expect(chart.sources.join('\n')).toMatch(/5\.30M DAI raised by the debt auctions: The Block/);
  });

  it('draws the references from the report, not from constants', async () => {
    const report = fixture('historical');
    report.references.badDebtEstimates.push({ daiWad: (6_100_000n * 10n ** 18n).toString(), source: 'a later estimate' });
    report.references.phaseOne.daiPerMkrWad = (270n * 10n ** 18n).toString();
    const specs = chartSpecs(report);
    const badDebt = svgTexts(await renderSvg(specs.find((c) => c.id === 'bad-debt')!.spec));
    expect(badDebt).toContain('Published estimates 4.00-6.10M DAI');
    const flops = svgTexts(await renderSvg(specs.find((c) => c.id === 'debt-auctions')!.spec));
    expect(flops).toContain('Phase one ~270 DAI/MKR (40 lots)');
  });

  it('debt auctions: phase prices, average, totals and the pool’s limit labelled; every bid and tick plotted', async () => {
    for (const name of ['historical', 'no-rivals'] as const) {
      const report = fixture(name);
      const chart = chartSpecs(report).find((c) => c.id === 'debt-auctions')!;
      const svg = await renderSvg(chart.spec);
      const texts = svgTexts(svg);
      expect(texts).toContain('Phase one ~265 DAI/MKR (40 lots)');
      expect(texts).toContain('Phase two 220-250 DAI/MKR (46 lots)');
      expect(texts).toContain('Average 252.6 DAI/MKR (106 auctions, 20,980 MKR)');
      expect(texts).toContain('Pool limit 100 DAI/MKR');
      expect(texts.join(' ')).toMatch(/March 2020: 106 auctions, 20,980 MKR \(The Block/);
      const layers = (chart.spec as any).layer as any[];
      const values = (kind: RegExp) => layers.flatMap((l) => (l.data?.values ?? []) as any[]).filter((v) => kind.test(v.kind ?? ''));
      expect(values(/Dent|dent/)).toHaveLength(report.flops.reduce((n, f) => n + f.bids.length, 0));
      expect(values(/^Tick/)).toHaveLength(report.flops.reduce((n, f) => n + f.ticks.length, 0));
    }
    const ticks = (chartSpecs(fixture('no-rivals')).find((c) => c.id === 'debt-auctions')!.spec as any).layer.flatMap((l: any) => l.data?.values ?? []).filter((v: any) => v.kind?.startsWith('Tick'));
    expect(ticks.map((t: any) => Math.round(t.price * 100) / 100).slice(0, 4)).toEqual([166.67, 138.89, 115.74, 96.45]);
  });

  it('ETH price: every market point and the OSM are plotted; published points labelled', async () => {
    const report = fixture('historical');
    const chart = chartSpecs(report).find((c) => c.id === 'eth-price')!;
    const rows = ((chart.spec as any).layer as any[]).flatMap((l) => l.data.values as any[]);
    const marketPoints = report.series.ethPrice.market.reduce((n, m) => n + m.points.length, 0);
    expect(rows.filter((r) => r.series?.startsWith('Market'))).toHaveLength(marketPoints);
    expect(rows.filter((r) => r.series?.startsWith('OSM'))).toHaveLength(report.series.ethPrice.osm.length);
    const texts = svgTexts(await renderSvg(chart.spec));
    for (const label of ['194 USD', '171 USD', '124 USD', '95 USD', 'OSM: the price the Vat saw']) expect(texts).toContain(label);
    expect(chart.sources).toContain('124 USD at 2020-03-12T12:44Z: CoinDesk: intraday low on 12 March');
  });

  it('zero bids: counts every flip by hour, and states the published share and its source', async () => {
    const report = fixture('historical');
    const chart = chartSpecs(report).find((c) => c.id === 'zero-bids')!;
    expect(((chart.spec as any).data.values as any[]).length).toBe(report.flips.length);
    const texts = svgTexts(await renderSvg(chart.spec)).join(' ');
    expect(texts).toMatch(/published 36% \(White Rabbit analysis\)/);
    expect(texts).toMatch(/flip file 30%/);
  });

  it('pool and payouts: an empty pool says so; a pool that won shows its positions and MKR paid', async () => {
    const empty = await renderCharts(fixture('historical'));
    expect(svgTexts(empty.find((c) => c.id === 'pool')!.svg)).toContain('No positions: the pool never entered a debt auction');
    const won = fixture('no-rivals');
    const charts = await renderCharts(won);
    const pool = svgTexts(charts.find((c) => c.id === 'pool')!.svg);
    for (const p of won.pool.positions) expect(pool).toContain(`#${p.auctionId} 100 DAI/MKR`);
    expect(pool).toContain('Won');
    const payouts = chartSpecs(won).find((c) => c.id === 'payouts')!;
    const mkr = ((payouts.spec as any).hconcat[1].data.values as any[]).map((v) => v.mkr);
    expect(mkr).toHaveLength(won.pool.payouts.length);
    // The member who asked to leave during a round is a payout too, marked as paid by claim.
    const how = ((payouts.spec as any).hconcat[1].data.values as any[]).map((v) => v.how);
    expect(how.filter((h: string) => h.startsWith('by claim'))).toHaveLength(1);
    expect(payouts.sources).toEqual(['129 members: 128 paid on defect, 1 by claim after asking to leave during a round; each point is one member']);
    expect(Math.min(...mkr)).toBeGreaterThan(0);
    const none = fixture('no-rivals');
    none.pool.payouts = [];
    expect(svgTexts(await renderSvg(chartSpecs(none).find((c) => c.id === 'payouts')!.spec))).toContain('No member left the pool');
  });
});
