import { describe, expect, it } from 'vitest';
import { columns, terminalSummary } from '../../src/report/terminal.js';
import { fixture } from './load.js';

describe('report terminal summary', { timeout: 60_000 }, () => {
  it('pads columns to the widest cell', () => {
    expect(columns([['a', 'bb', 'c'], ['ddd', 'e', 'ffff']])).toEqual(['a    bb  c', 'ddd  e   ffff']);
  });

  it('prints the run against the record in aligned columns, then the findings per chart', () => {
    const text = terminalSummary(fixture('no-rivals'), { paths: { json: '/r/report.json', html: '/r/report.html' } });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Black Thursday, replayed: no-rivals [FIXTURE, not a replay result] (0.0 s wall time)');
    const header = lines.findIndex((l) => l.startsWith('measure'));
    const col = lines[header]!.indexOf('this run');
    const recordCol = lines[header]!.indexOf('record');
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      expect(row[col - 1]).toBe(' ');
      expect(row[recordCol - 1]).toBe(' ');
    }
    expect(text).toMatch(/^Debt auctions +3 +106$/m);
    expect(text).toMatch(/^Pool positions \(won\/outbid\/leading\) +3\/0\/0 /m);
    expect(text).toMatch(/^Keeper actions confirmed +12 tick, 3 enter, 3 finalize/m);
    expect(text).toContain('\nbad-debt:\n  = Bad debt after the flip auctions reaches 4.97M DAI');
    expect(text).toContain('\nreport: /r/report.html\ndata:   /r/report.json\n');
    expect(text).not.toMatch(/\x1b\[/); // no colour codes
  });

  it('can leave the findings out', () => {
    const text = terminalSummary(fixture('historical'), { withFindings: false });
    expect(text).not.toContain('bad-debt:');
    expect(text).toMatch(/^Bad debt \(DAI\) +4\.97M +4\.97M \(file\); 4M-5\.67M published/m);
  });
});
