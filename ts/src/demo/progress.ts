/**
 * The demo's progress line: phase, simulated date and time, auctions replayed, bad debt so far. On a
 * terminal one line is rewritten in place (at most ten times a second); elsewhere a line is written
 * when the phase changes and at most every ten seconds. Quiet (nothing at all) under --json or CI.
 */
import { formatUnit } from '../units.js';

export interface ProgressState {
  phase: string;
  /** Simulated (recorded) time, unix s. */
  at: bigint;
  /** Flip auctions replayed of all, debt auctions kicked and live. */
  flips?: { done: number; of: number } | undefined;
  flops?: { kicked: number; live: number } | undefined;
  /** The Vow's uncovered debt, rad. */
  badDebtRad?: bigint | undefined;
}

export interface ProgressSink {
  /** Writes text without a newline (a terminal line being rewritten) or with one. */
  write(text: string): void;
  /** A terminal: rewrite one line in place. */
  tty: boolean;
}

const grouped = (text: string) => text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** One progress line (pure). */
export function progressLine(s: ProgressState): string {
  const when = new Date(Number(s.at) * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const parts = [`${s.phase.padEnd(12)}`, `${when} UTC`];
  if (s.flips) parts.push(`flip auctions ${grouped(String(s.flips.done))}/${grouped(String(s.flips.of))}`);
  if (s.flops) parts.push(`debt auctions ${s.flops.kicked} kicked, ${s.flops.live} live`);
  if (s.badDebtRad !== undefined) parts.push(`bad debt ${grouped(formatUnit(s.badDebtRad, 'rad', 0))} DAI`);
  return parts.join('  ');
}

export class Progress {
  private lastPhase = '';
  private lastAtMs = 0;
  private pendingLine = false;

  constructor(
    private readonly sink: ProgressSink | undefined,
    private readonly nowMs: () => number,
  ) {}

  update(state: ProgressState): void {
    if (!this.sink) return;
    const now = this.nowMs();
    const phaseChanged = state.phase !== this.lastPhase;
    const every = this.sink.tty ? 100 : 10_000;
    if (!phaseChanged && now - this.lastAtMs < every) return;
    if (this.sink.tty && phaseChanged && this.pendingLine) this.sink.write('\n');
    this.lastPhase = state.phase;
    this.lastAtMs = now;
    const line = progressLine(state);
    if (this.sink.tty) {
      this.sink.write(`\r\x1b[2K${line}`);
      this.pendingLine = true;
    } else this.sink.write(`${line}\n`);
  }

  /** A line of its own (a step finished), after the progress line. */
  note(text: string): void {
    if (!this.sink) return;
    if (this.pendingLine) this.sink.write('\n');
    this.pendingLine = false;
    this.sink.write(`${text}\n`);
  }

  /** Ends the rewritten line. */
  end(): void {
    if (this.sink && this.pendingLine) this.sink.write('\n');
    this.pendingLine = false;
  }
}
