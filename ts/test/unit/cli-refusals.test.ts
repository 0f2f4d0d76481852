// How the CLI words a decoded refusal (src/cli/output.ts `refusal`, src/cli/write.ts `withCliHint`,
// src/cli/main.ts `describeError`): one line, arguments in their units, a hint saying what to do. Pure:
// the reverts are encoded here with the syndicate's ABI, as the chain returns them.
import { encodeErrorResult } from 'viem';
import { describe, expect, it } from 'vitest';
import { ChainRevertError, decodeSyndicateError, syndicateAbi } from '../../src/chain/index.js';
import { describeError } from '../../src/cli/main.js';
import { withCliHint } from '../../src/cli/write.js';

/** The one line the CLI prints for `what` reverting with `errorName(args)` in `functionName`. */
function line(functionName: string, what: string, errorName: string, args: readonly unknown[]): { code: number; text: string } {
  const revert = decodeSyndicateError(encodeErrorResult({ abi: syndicateAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0]));
  expect(revert?.name).toBe(errorName);
  return describeError(withCliHint(new ChainRevertError(`${what} reverted`, revert), functionName, undefined));
}

describe('RoundOpen on the command line', () => {
  it('says there is no deadline when closeBy is 0 (no request yet), never a 1970 date', () => {
    const { code, text } = line('defect', 'defect 10 shares of tier 100', 'RoundOpen', [0n]);
    expect(code).toBe(1);
    expect(text).toBe(
      'error: defect 10 shares of tier 100 reverted: RoundOpen(closeBy none (no request yet)). a bid of the pool is out, so its round is open (no deadline until the first request): defect waits for it to close; add --request to ask to leave when it closes',
    );
    expect(text).not.toMatch(/1970|closeBy 0\b|closeBy=0/);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('shows a deadline as a date', () => {
    const { text } = line('enlistWithPermit', 'enlist 5 DAI in tier 100', 'RoundOpen', [1_585_686_589n]);
    expect(text).toBe(
      'error: enlist 5 DAI in tier 100 reverted: RoundOpen(closeBy 2020-03-31T20:29:49Z). a bid of the pool is out, so its round is open (every position due by 2020-03-31T20:29:49Z): enlist waits for it to close; add --request to ask to join when it closes',
    );
  });
});
