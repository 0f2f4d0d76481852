/**
 * The demo's progress line: phase, simulated date and time, auctions replayed, bad debt so far, and what
 * is happening (`activity`: which auctions the keeper ticks, bids in or finalizes, which round opens or
 * closes, the leaver's moves). On a terminal one line is rewritten in place (at most ten times a second);
 * elsewhere a line is written when the phase changes and at most every ten seconds. A new activity is
 * always a line of its own, kept (on a terminal too), so the days of simulated time after the last debt
 * auction are told as they pass. Quiet (nothing at all) under --json or CI.
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
  /** What is happening now, in words ("keeper ticks 40 unbid debt auctions (1-40)"); undefined: nothing new. */
  activity?: string | undefined;
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
  const line = parts.join('  ');
  return s.activity ? `${line}: ${s.activity}` : line;
}

export class Progress {
  private lastPhase = '';
  private lastActivity: string | undefined;
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
    const news = state.activity !== undefined && state.activity !== this.lastActivity;
    this.lastActivity = state.activity;
    const every = this.sink.tty ? 100 : 10_000;
    if (!phaseChanged && !news && now - this.lastAtMs < every) return;
    if (this.sink.tty && phaseChanged && this.pendingLine) {
      this.sink.write('\n');
      this.pendingLine = false;
    }
    this.lastPhase = state.phase;
    this.lastAtMs = now;
    const line = progressLine(state);
    if (news) {
      // An activity is a line kept whole: on a terminal it replaces the line being rewritten.
      this.sink.write(this.sink.tty && this.pendingLine ? `\r\x1b[2K${line}\n` : `${line}\n`);
      this.pendingLine = false;
    } else if (this.sink.tty) {
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
