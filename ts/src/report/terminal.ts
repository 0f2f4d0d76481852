/**
 * The report's terminal summary: plain text in padded columns (no colours, no table library), so it
 * reads the same in a terminal, a CI log or a file. Pure: returns the text; the caller prints it.
 */
import { findings, summaryRows, type Finding } from './findings.js';
import { CHART_IDS } from './charts.js';
import { leaverStories } from './leavers.js';
import type { Report } from './model.js';

/** Pads columns to their widest cell; the last column is left unpadded. */
export function columns(rows: readonly (readonly string[])[], gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join(gap).trimEnd());
}

const MARK: Record<Finding['kind'], string> = { agrees: '=', differs: '!', note: '-' };

/**
 * The summary: scenario line, the run-vs-record table (sources are in the findings and the HTML), then
 * per chart its findings (`=` agrees, `!` differs, `-` note). `withFindings: false` keeps only the table;
 * `wallTime: false` leaves the run's wall time out of the first line (for a caller that prints its own).
 * @param paths Where report.json and report.html were written, shown at the end.
 */
export function terminalSummary(report: Report, options: { withFindings?: boolean; paths?: { json: string; html: string }; wallTime?: boolean } = {}): string {
  const { scenario, run } = report;
  const lines: string[] = [];
  const fixture = run.origin === 'fixture' ? ' [FIXTURE, not a replay result]' : '';
  // The caller that times the whole run itself (the demo, with the report written) leaves this one out.
  const wall = options.wallTime === false ? '' : ` (${(run.wallTimeMs / 1000).toFixed(1)} s wall time)`;
  lines.push(`Black Thursday, replayed: ${scenario.name}${fixture}${wall}`);
  lines.push('');
  const rows = summaryRows(report);
  lines.push(...columns([['measure', 'this run', 'record'], ...rows.map((r) => [r.measure, r.run, r.record])]));
  if (options.withFindings !== false) {
    const said = findings(report);
    for (const id of CHART_IDS) {
      lines.push('', `${id}:`);
      for (const f of said[id]) lines.push(`  ${MARK[f.kind]} ${f.text}`);
    }
  }
  const stories = leaverStories(report);
  if (stories.length) {
    lines.push('', 'asked to leave in the middle of a bid:');
    for (const st of stories) lines.push(`  - ${st.leaver.member} (${st.tierLabel}): ${st.why}`);
  }
  if (options.paths) lines.push('', `report: ${options.paths.html}`, `data:   ${options.paths.json}`);
  return `${lines.join('\n')}\n`;
}
