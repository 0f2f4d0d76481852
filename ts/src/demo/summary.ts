/**
 * What `backstop demo` prints at the end (pure): the report's terminal summary (without its own wall
 * time), the scenario's outcome, the bad debt against the file, the run's notes, and one wall-time line:
 * the whole run, the report written, with each step's share.
 */
import { formatUnit } from '../units.js';
import { terminalSummary } from '../report/terminal.js';
import type { Report } from '../report/model.js';
import { outcomeLines, scenarioOutcome } from './outcome.js';
import { describeMiss } from './run.js';

export interface DemoSummaryInput {
  report: Report;
  written: { json: string; html: string };
  /** The Vow's bad debt after the flip replay and what the file implies, rad. */
  badDebt: { replayedRad: bigint; fileRad: bigint };
  /** Wall time of the whole run (the report written), ms, and of each step, ms. */
  wallMs: number;
  steps: Record<string, number>;
  keeperLog: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The demo's closing text (see the module's note); one wall time in it. */
export function demoSummaryText(r: DemoSummaryInput): string {
  return [
    terminalSummary(r.report, { paths: { json: r.written.json, html: r.written.html }, wallTime: false }).trimEnd(),
    '',
    ...outcomeLines(scenarioOutcome(r.report)),
    `bad debt after the flip auctions: ${formatUnit(r.badDebt.replayedRad, 'rad', 2)} DAI replayed, ${formatUnit(r.badDebt.fileRad, 'rad', 2)} DAI implied by the file (${describeMiss(r.badDebt.replayedRad, r.badDebt.fileRad)})`,
    '',
    'notes:',
    ...r.report.run.notes.map((n) => `  - ${n}`),
    '',
    `wall time: ${seconds(r.wallMs)} in all, the report written (${Object.entries(r.steps).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}); keeper log: ${r.keeperLog}`,
  ].join('\n');
}
