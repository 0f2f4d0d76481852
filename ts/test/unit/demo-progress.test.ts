// The demo's progress (src/demo/progress.ts): the line, and how often it is written to a terminal, to
// a log (not a terminal), and not at all when quiet. The clock is injected.
import { describe, expect, it } from 'vitest';
import { Progress, progressLine, type ProgressSink, type ProgressState } from '../../src/demo/progress.js';
import { RAD } from '../../src/units.js';

const AT = BigInt(Date.UTC(2020, 2, 12, 14, 28, 45) / 1000); // 12 March 2020, 14:28:45 UTC

describe('progressLine', () => {
  it('shows the phase (padded), the simulated time to the minute, auctions replayed and bad debt, grouped', () => {
    const line = progressLine({ phase: 'flip replay', at: AT, flips: { done: 1234, of: 3780 }, badDebtRad: 4_970_123n * RAD + RAD / 2n });
    expect(line).toBe('flip replay   2020-03-12 14:28 UTC  flip auctions 1,234/3,780  bad debt 4,970,123 DAI');
  });

  it('shows debt auctions kicked and live, and leaves out what is not given', () => {
    expect(progressLine({ phase: 'phase one', at: AT, flops: { kicked: 40, live: 12 }, badDebtRad: 0n })).toBe('phase one     2020-03-12 14:28 UTC  debt auctions 40 kicked, 12 live  bad debt 0 DAI');
    expect(progressLine({ phase: 'deploy', at: 1_583_884_800n })).toBe('deploy        2020-03-11 00:00 UTC');
  });

  it('keeps a long phase whole', () => {
    expect(progressLine({ phase: 'a very long phase name', at: AT })).toBe('a very long phase name  2020-03-12 14:28 UTC');
  });

  it('shows a negative bad debt (a surplus) with its sign', () => {
    expect(progressLine({ phase: 'x', at: AT, badDebtRad: -1_234_567n * RAD })).toMatch(/bad debt -1,234,567 DAI$/);
  });
});

/** A sink that records every write, and a clock the test moves. */
function harness(tty: boolean) {
  const writes: string[] = [];
  const sink: ProgressSink = { tty, write: (t) => writes.push(t) };
  const clock = { ms: 1_000_000 };
  const progress = new Progress(sink, () => clock.ms);
  return { writes, clock, progress };
}

const state = (phase: string, done: number): ProgressState => ({ phase, at: AT, flips: { done, of: 3780 } });

describe('Progress on a terminal', () => {
  it('rewrites one line in place, at most every 100 ms', () => {
    const { writes, clock, progress } = harness(true);
    progress.update(state('flip replay', 1));
    expect(writes).toEqual([`\r\x1b[2K${progressLine(state('flip replay', 1))}`]);
    clock.ms += 50;
    progress.update(state('flip replay', 2)); // too soon: dropped
    clock.ms += 49;
    progress.update(state('flip replay', 3)); // 99 ms: still too soon
    expect(writes).toHaveLength(1);
    clock.ms += 1;
    progress.update(state('flip replay', 4)); // 100 ms after the first
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe(`\r\x1b[2K${progressLine(state('flip replay', 4))}`);
    expect(writes.join('')).not.toContain('\n');
  });

  it('keeps the finished phase’s line (a newline) and starts the next at once', () => {
    const { writes, clock, progress } = harness(true);
    progress.update(state('deploy', 0));
    clock.ms += 1;
    progress.update(state('flip replay', 5)); // a phase change is never throttled
    expect(writes).toEqual([`\r\x1b[2K${progressLine(state('deploy', 0))}`, '\n', `\r\x1b[2K${progressLine(state('flip replay', 5))}`]);
  });

  it('ends the line before a note, and once at the end', () => {
    const { writes, progress } = harness(true);
    progress.update(state('flip replay', 1));
    progress.note('record mode: done');
    expect(writes.slice(1)).toEqual(['\n', 'record mode: done\n']);
    progress.end(); // nothing pending: no extra newline
    expect(writes).toHaveLength(3);
    progress.note('another');
    expect(writes.at(-1)).toBe('another\n');
    expect(writes).toHaveLength(4);
  });
});

describe('Progress in a log (not a terminal)', () => {
  it('writes whole lines on a phase change and at most every 10 s', () => {
    const { writes, clock, progress } = harness(false);
    progress.update(state('flip replay', 1));
    for (let i = 0; i < 99; i++) {
      clock.ms += 100;
      progress.update(state('flip replay', 2 + i)); // 9.9 s of updates: dropped
    }
    expect(writes).toEqual([`${progressLine(state('flip replay', 1))}\n`]);
    clock.ms += 100; // 10 s after the last line
    progress.update(state('flip replay', 200));
    expect(writes.at(-1)).toBe(`${progressLine(state('flip replay', 200))}\n`);
    clock.ms += 1;
    progress.update(state('phase one', 0)); // a phase change: at once
    expect(writes).toHaveLength(3);
    expect(writes.at(-1)).toBe(`${progressLine(state('phase one', 0))}\n`);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b'))).toBe(true);
  });

  it('writes notes as lines of their own, and nothing at the end', () => {
    const { writes, progress } = harness(false);
    progress.update(state('flip replay', 1));
    progress.note('done');
    progress.end();
    expect(writes).toEqual([`${progressLine(state('flip replay', 1))}\n`, 'done\n']);
  });
});

describe('Progress with activities (what is happening, which auction or round)', () => {
  const settling = (at: bigint, activity?: string): ProgressState => ({ phase: 'settling', at, flops: { kicked: 99, live: 99 }, ...(activity ? { activity } : {}) });
  const DAY = 86_400n;

  it('puts the activity at the end of the line', () => {
    expect(progressLine(settling(AT, 'keeper ticks 40 unbid debt auctions (1-40)'))).toBe('settling      2020-03-12 14:28 UTC  debt auctions 99 kicked, 99 live: keeper ticks 40 unbid debt auctions (1-40)');
  });

  it('in a log: writes each new activity at once, within the same phase and under 10 s apart', () => {
    const { writes, clock, progress } = harness(false);
    progress.update(settling(AT));
    clock.ms += 50;
    progress.update(settling(AT + DAY, 'keeper ticks 40 unbid debt auctions (1-40)'));
    clock.ms += 50;
    progress.update(settling(AT + DAY + 13n)); // nothing new: throttled
    clock.ms += 50;
    progress.update(settling(AT + 9n * DAY, "tier 100 DAI/MKR bids in auctions 1-8; tier 100 DAI/MKR's round 1 opens"));
    clock.ms += 50;
    progress.update(settling(AT + 9n * DAY + 6n * 3_600n, 'tier 100 DAI/MKR finalizes auctions 1-8'));
    expect(writes).toEqual([
      `${progressLine(settling(AT))}\n`,
      `${progressLine(settling(AT + DAY, 'keeper ticks 40 unbid debt auctions (1-40)'))}\n`,
      `${progressLine(settling(AT + 9n * DAY, "tier 100 DAI/MKR bids in auctions 1-8; tier 100 DAI/MKR's round 1 opens"))}\n`,
      `${progressLine(settling(AT + 9n * DAY + 6n * 3_600n, 'tier 100 DAI/MKR finalizes auctions 1-8'))}\n`,
    ]);
  });

  it('the same activity again after a quiet block is news again (a tick three days later)', () => {
    const { writes, clock, progress } = harness(false);
    const tick = 'keeper ticks 40 unbid debt auctions (1-40)';
    progress.update(settling(AT, tick));
    clock.ms += 1;
    progress.update(settling(AT + 1n, tick)); // the same on the next update: not news
    clock.ms += 1;
    progress.update(settling(AT + 2n));
    clock.ms += 1;
    progress.update(settling(AT + 3n * DAY, tick));
    expect(writes).toHaveLength(2);
  });

  it('on a terminal: an activity replaces the line being rewritten and is kept (a newline), the next line starts fresh', () => {
    const { writes, clock, progress } = harness(true);
    progress.update(settling(AT));
    clock.ms += 10;
    progress.update(settling(AT + DAY, 'keeper ticks 40 unbid debt auctions (1-40)'));
    clock.ms += 200;
    progress.update(settling(AT + DAY + 13n));
    progress.end();
    expect(writes).toEqual([
      `\r\x1b[2K${progressLine(settling(AT))}`,
      `\r\x1b[2K${progressLine(settling(AT + DAY, 'keeper ticks 40 unbid debt auctions (1-40)'))}\n`,
      `\r\x1b[2K${progressLine(settling(AT + DAY + 13n))}`,
      '\n',
    ]);
  });
});

describe('Progress when quiet (--json, CI)', () => {
  it('writes nothing at all and never reads the clock', () => {
    let reads = 0;
    const progress = new Progress(undefined, () => {
      reads++;
      return 0;
    });
    progress.update(state('flip replay', 1));
    progress.update(state('phase one', 1));
    progress.note('a note');
    progress.end();
    expect(reads).toBe(0);
  });
});
