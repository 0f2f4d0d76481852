// The demo's leaver (src/demo/world.ts describeRefusal): their refused defect in words for the report.
// closeBy 0 is a round with no request yet, so no deadline; a deadline is a recorded date (chain time
// less the replay's offset). Pure: the reverts are encoded with the syndicate's ABI and decoded.
import { encodeErrorResult } from 'viem';
import { describe, expect, it } from 'vitest';
import { decodeSyndicateError, syndicateAbi } from '../../src/chain/index.js';
import { describeRefusal } from '../../src/demo/world.js';

const OFFSET = 1_500n * 86_400n;
const AT = 1_585_664_975n; // 2020-03-31 14:29:35 UTC, recorded
const decoded = (errorName: string, args: readonly unknown[]) => decodeSyndicateError(encodeErrorResult({ abi: syndicateAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0]))!;

describe('describeRefusal', () => {
  it('RoundOpen with closeBy 0: the round is open with no deadline yet (not a date in 1970)', () => {
    const text = describeRefusal(decoded('RoundOpen', [0n]), { offsetSeconds: OFFSET, at: AT });
    expect(text).toBe('RoundOpen: the round is open, no deadline until the first request');
    expect(text).not.toMatch(/closeBy=0|1970/);
  });

  it('RoundOpen with a deadline: the recorded date and the time left', () => {
    const closeBy = AT + 6n * 3_600n + OFFSET; // chain time
    expect(describeRefusal(decoded('RoundOpen', [closeBy]), { offsetSeconds: OFFSET, at: AT })).toBe('RoundOpen: the round is open, every position due by 2020-03-31T20:29:35Z (in 6h 0m)');
  });

  it('any other refusal as decoded', () => {
    expect(describeRefusal(decoded('PoolHalted', []), { offsetSeconds: OFFSET, at: AT })).toBe('PoolHalted()');
  });
});
