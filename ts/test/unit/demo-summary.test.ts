// What `backstop demo` prints at the end (src/demo/summary.ts) and the report page's parameters
// (src/report/html.ts extraText): one wall time, labelled; every extra parameter said in words. Pure,
// on the hand-made no-rivals fixture.
import { describe, expect, it } from 'vitest';
import { demoSummaryText } from '../../src/demo/summary.js';
import { extraText } from '../../src/report/html.js';
import { RAD } from '../../src/units.js';
import { fixture } from '../report/load.js';

describe('demoSummaryText', () => {
  it('prints one wall time, labelled, with each step after it', () => {
    const report = fixture('no-rivals');
    report.run.wallTimeMs = 46_400; // the run up to the report
    const text = demoSummaryText({
      report,
      written: { json: '/r/report.json', html: '/r/report.html' },
      badDebt: { replayedRad: 4_973_639n * RAD, fileRad: 4_973_639n * RAD },
      wallMs: 48_500, // with the report written
      steps: { inputs: 500, deploy: 23_600, report: 1_200 },
      keeperLog: '/r/keeper.log',
    });
    expect(text.split('\n')[0]).toBe('Black Thursday, replayed: no-rivals [FIXTURE, not a replay result]');
    expect(text.match(/\d+\.\d s in all|wall time/g)).toEqual(['wall time', '48.5 s in all']);
    expect(text).not.toContain('46.4');
    expect(text.trimEnd().split('\n').at(-1)).toBe('wall time: 48.5 s in all, the report written (inputs 0.5 s, deploy 23.6 s, report 1.2 s); keeper log: /r/keeper.log');
    expect(text).toContain('129 members paid 250,000 DAI and 1,509.9 MKR (128 on defect, 1 by claim)');
  });
});

describe('extraText', () => {
  it('says what each of the demo’s extra parameters counts', () => {
    expect(extraText({ seed: 20200312, chainId: 31340, flipAuctions: 3780, debtPhaseBlocks: 114 })).toBe(
      'seed 20200312, chain id 31340, 3780 flip auctions replayed, 114 blocks mined in the debt-auction phase (one per moment something happened; the time between is skipped)',
    );
    expect(extraText({ fixture: true })).toBe('fixture=true');
    expect(extraText({})).toBe('');
  });
});
