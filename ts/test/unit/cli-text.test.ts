// What the CLI says without a chain: `--help` texts, and the pure wording of status and auctions lines.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { mkrLine } from '../../src/cli/commands/status.js';
import type { PendingRequests } from '../../src/chain/syndicate.js';

async function help(argv: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  expect({ code, stderr: err.join('\n') }).toEqual({ code: 0, stderr: '' });
  return out.join('\n').replace(/\s+/g, ' ');
}

describe('enlist --help', () => {
  it("says DAI's permit grants an unlimited allowance, and that --approve gives an exact one", async () => {
    const text = await help(['enlist', '--help']);
    expect(text).toMatch(/DAI's permit always grants the pool an unlimited allowance/);
    expect(text).toMatch(/--approve +approve the pool for exactly the amount first/);
  });
});

describe('status: who pays the claimable MKR', () => {
  const WAD = 10n ** 18n;
  const pending = (executed: boolean) => ({ round: 3n, executed }) as unknown as PendingRequests;

  it('with an executed request: claim pays all of it, claim-mkr only the part on shares still held', () => {
    const text = mkrLine({ claimableMkrWad: 3n * WAD, pending: pending(true) }, '100');
    expect(text).toBe('3 MKR: backstop claim --tier 100 pays all of it with your executed request below; backstop claim-mkr pays only the part on the shares you still hold, and claim the rest');
  });

  it('without one: claim-mkr pays it', () => {
    expect(mkrLine({ claimableMkrWad: 3n * WAD, pending: pending(false) }, '100')).toBe('3 MKR (backstop claim-mkr --tier 100)');
    expect(mkrLine({ claimableMkrWad: 0n, pending: pending(true) }, '100')).toBe('0 MKR');
  });
});
