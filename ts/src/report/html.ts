/**
 * The report as one self-contained HTML page: inline CSS, the charts as inline SVG (rendered in Node by
 * charts.ts), no script, no network. Each chart has its sources as a caption and, under it, what agrees
 * with the record and what differs and why (findings.ts). Pure: returns the page as a string.
 */
import { renderCharts, type RenderedChart } from './charts.js';
import { findings, summaryRows, type Finding } from './findings.js';
import { leaverStories } from './leavers.js';
import { formatUnitGrouped } from '../units.js';
import type { Report } from './model.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fafafa; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 40px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.lede { color: #555; margin: 0 0 16px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px; background: #e0ecf8; color: #08519c; margin-right: 6px; }
.badge.fixture { background: #fde0dd; color: #a50f15; }
table { border-collapse: collapse; width: 100%; font-size: 14px; background: #fff; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.src { color: #666; font-size: 12px; }
figure { margin: 0; background: #fff; border: 1px solid #e4e4e4; border-radius: 6px; padding: 12px; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: #555; margin-top: 8px; }
figcaption ul { margin: 4px 0 0; padding-left: 18px; }
ul.findings { list-style: none; padding: 0; margin: 12px 0 0; }
ul.findings li { padding: 4px 0 4px 26px; position: relative; }
ul.findings li::before { position: absolute; left: 0; top: 4px; font-weight: 700; width: 20px; text-align: center; }
ul.findings li.agrees::before { content: "="; color: #31a354; }
ul.findings li.differs::before { content: "\\2260"; color: #d94801; }
ul.findings li.note::before { content: "\\2022"; color: #888; }
dl.params { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 14px; margin: 12px 0; }
dl.params dt { color: #666; }
dl.params dd { margin: 0; }
footer { margin-top: 48px; font-size: 12px; color: #777; }
table.leaver th { width: 180px; background: #f7f7f7; }
p.why { background: #fff; border-left: 3px solid #08519c; padding: 8px 12px; margin: 8px 0 0; }
`;

function findingList(items: readonly Finding[]): string {
  const label = { agrees: 'Agrees', differs: 'Differs', note: 'Note' } as const;
  return `<ul class="findings">${items.map((f) => `<li class="${f.kind}" title="${label[f.kind]}">${escapeHtml(f.text)}</li>`).join('')}</ul>`;
}

function chartSection(chart: RenderedChart, items: readonly Finding[]): string {
  return `
<section id="chart-${chart.id}" class="chart" data-chart="${chart.id}">
<h2>${escapeHtml(chart.title)}</h2>
<figure>
${chart.svg}
<figcaption>References and sources:<ul>${chart.sources.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul></figcaption>
</figure>
${findingList(items)}
</section>`;
}

function keeperTable(report: Report): string {
  const actions = report.keeper.actions;
  if (actions.length === 0) return '<p>The keeper sent nothing.</p>';
  const kinds = [...new Set(actions.map((a) => a.action))];
  const statuses = [...new Set(actions.map((a) => a.status))];
  const rows = kinds
    .map((k) => `<tr><td>${k}</td>${statuses.map((s) => `<td class="num">${actions.filter((a) => a.action === k && a.status === s).length}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr><th>action</th>${statuses.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** How the Vow's events read in the table. */
const VOW_EVENT_LABEL: Record<Report['vowEvents'][number]['kind'], string> = {
  flog: 'flog (queued debt released)',
  flop: 'flop (debt auction kicked)',
  'flop-blocked': 'flop refused: DAI in the Vow (surplus not zero)',
  kiss: 'kiss (Vow DAI against debt on auction)',
  heal: 'heal (Vow DAI against released debt)',
};

/** The Vow's events, consecutive ones of the same kind, time and caller in one row (40 flops: "1-40"). */
function vowTable(report: Report): string {
  if (report.vowEvents.length === 0) return '';
  const groups: { first: Report['vowEvents'][number]; count: number; lastId: number | null; amountRad: bigint | null }[] = [];
  for (const e of report.vowEvents) {
    const g = groups.at(-1);
    if (g && g.first.kind === e.kind && g.first.at === e.at && g.first.by === e.by) {
      g.count++;
      g.lastId = e.auctionId ?? g.lastId;
      if (e.amountRad !== null) g.amountRad = (g.amountRad ?? 0n) + BigInt(e.amountRad);
      continue;
    }
    groups.push({ first: e, count: 1, lastId: e.auctionId, amountRad: e.amountRad === null ? null : BigInt(e.amountRad) });
  }
  const rows = groups
    .map(({ first: e, count, lastId, amountRad }) => {
      const ids = e.auctionId === null ? '' : count > 1 && lastId !== null && lastId !== e.auctionId ? `${e.auctionId}-${lastId}` : String(e.auctionId);
      const label = VOW_EVENT_LABEL[e.kind];
      const kind = count > 1 ? `${label} &times; ${count}` : label;
      return `<tr><td class="num">${new Date(e.at * 1000).toISOString().slice(0, 16).replace('T', ' ')}</td><td>${kind}</td><td>${e.by}</td><td class="num">${ids}</td><td class="num">${amountRad === null ? '' : formatUnitGrouped(amountRad, 'rad', 2)}</td></tr>`;
    })
    .join('');
  return `<h2>The Vow: flop, blocked, kiss</h2><table><thead><tr><th>UTC</th><th>event</th><th>by</th><th>auction</th><th>DAI</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** 1234.5 DAI with thousands grouped, `decimals` decimals at most. */
const amount = (wad: string | bigint, decimals: number) => formatUnitGrouped(BigInt(wad), 'wad', decimals);
const utc = (at: number | null) => (at === null ? '-' : `${new Date(at * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`);

/** The members who asked to leave while a bid was out: the figures, then why they differ from leaving at cost. */
function leaversSection(report: Report): string {
  const stories = leaverStories(report);
  if (stories.length === 0) return '';
  const body = stories
    .map((st) => {
      const l = st.leaver;
      const rows: [string, string][] = [
        ['member', `${l.member} (${st.tierLabel}), enlisted ${amount(l.enlistedDaiWad, 2)} DAI`],
        ['tried to defect', `${utc(l.refusedAt)}: refused, ${l.refusal}`],
        ['asked to leave', `${utc(l.requestedAt)}: ${amount(l.sharesWad, 2)} shares locked in round ${l.round}; bids out: ${l.openAtRequest.join(', ') || 'none'}`],
        ['leaving at cost then', `${amount(l.atCostDaiWad, 2)} DAI${BigInt(l.atCostMkrWad) > 0n ? ` and ${amount(l.atCostMkrWad, 4)} MKR` : ''}`],
        ['the round', `${st.roundPositions.length} position(s), ${amount(st.roundDaiSpentWad, 2)} DAI for ${amount(st.roundMkrWonWad, 4)} MKR won; closed ${utc(l.roundClosedAt)}${st.closeDaiPerShareWad === undefined ? '' : ` at ${amount(st.closeDaiPerShareWad, 6)} DAI per share`}`],
        ['claimed', l.claimedAt === null ? 'not by the end' : `${utc(l.claimedAt)}: ${amount(l.daiWad, 2)} DAI and ${amount(l.mkrWad, 4)} MKR`],
      ];
      return `<table class="leaver" data-member="${escapeHtml(l.member)}"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>
<p class="why">${escapeHtml(st.why)}</p>`;
    })
    .join('\n');
  return `<section id="leavers">
<h2>A member who asked to leave in the middle of a bid</h2>
<p>While a bid of the pool is out its round is open: <code>defect</code> and <code>enlist</code> wait, and a member asks to leave (<code>requestDefect</code>). Their shares stay in the round, so each bid's outcome is shared by the shares that existed when the pool placed it; the round closes at the finalize that settles its last position, and the member collects with <code>claim</code>.</p>
${body}
</section>`;
}

/** What the demo's extra parameters mean (`scenario.parameters.extra`): a label for each known key. */
export const EXTRA_LABELS: Readonly<Record<string, (value: string) => string>> = {
  seed: (v) => `seed ${v}`,
  chainId: (v) => `chain id ${v}`,
  flipAuctions: (v) => `${v} flip auctions replayed`,
  debtPhaseBlocks: (v) => `${v} blocks mined in the debt-auction phase (one per moment something happened; the time between is skipped)`,
};

/** The extra parameters in words: known keys labelled (`EXTRA_LABELS`), others as `key=value`. */
export function extraText(extra: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(extra)
    .map(([k, v]) => EXTRA_LABELS[k]?.(String(v)) ?? `${k}=${String(v)}`)
    .join(', ');
}

/**
 * The whole report page. Renders the charts (vega, in Node) and assembles the HTML.
 * @returns The page and the charts' rendering warnings (empty when all is well).
 */
export async function renderHtml(report: Report): Promise<{ html: string; warnings: string[] }> {
  const charts = await renderCharts(report);
  const said = findings(report);
  const { scenario, run } = report;
  const p = scenario.parameters;
  const fixture = run.origin === 'fixture';
  const summary = summaryRows(report)
    .map((row) => `<tr><td>${escapeHtml(row.measure)}</td><td class="num">${escapeHtml(row.run)}</td><td class="num">${escapeHtml(row.record)}</td><td class="src">${escapeHtml(row.source)}</td></tr>`)
    .join('');
  const extra = extraText(p.extra);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Black Thursday, replayed: ${escapeHtml(scenario.name)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>Black Thursday, replayed</h1>
<p class="lede">${fixture ? '<span class="badge fixture">FIXTURE: made by hand, not a replay result</span>' : '<span class="badge">replay</span>'}<span class="badge">${escapeHtml(scenario.name)}</span> ${escapeHtml(scenario.description)}</p>
<dl class="params">
<dt>Members</dt><dd>${p.members}, ${escapeHtml(formatUnitGrouped(BigInt(p.poolDaiWad), 'wad', 2))} DAI enlisted</dd>
<dt>Tiers</dt><dd>${escapeHtml(report.pool.tiers.map((t) => t.label).join(', '))}</dd>
<dt>Rivals / faults</dt><dd>${p.rivals ? 'rivals bid' : 'no rivals'}; ${p.faults ? 'RPC faults injected' : 'no faults'}</dd>
${extra ? `<dt>Other</dt><dd>${escapeHtml(extra)}</dd>` : ''}
<dt>Simulated</dt><dd>${new Date(run.simulatedFrom * 1000).toISOString().slice(0, 16)}Z to ${new Date(run.simulatedTo * 1000).toISOString().slice(0, 16)}Z</dd>
<dt>Wall time</dt><dd>${(run.wallTimeMs / 1000).toFixed(1)} s (the run up to this report; writing it not counted)</dd>
<dt>Generated</dt><dd>${escapeHtml(run.generatedAt)} (chain ${run.chainId})</dd>
</dl>
${run.notes.length ? `<ul>${run.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
</header>
<section id="summary">
<h2>This run vs the record</h2>
<table><thead><tr><th>measure</th><th>this run</th><th>record</th><th>source</th></tr></thead><tbody>${summary}</tbody></table>
</section>
${charts.map((c) => chartSection(c, said[c.id])).join('\n')}
${leaversSection(report)}
${vowTable(report)}
<h2>The keeper's actions</h2>
${keeperTable(report)}
<footer>Charts: vega-lite, rendered to SVG when the report was written. Reference figures: data/black-thursday.json; market data: data/march-2020/ (the public record, in the repository).</footer>
</main>
</body>
</html>
`;
  return { html, warnings: charts.flatMap((c) => c.warnings.map((w) => `${c.id}: ${w}`)) };
}
