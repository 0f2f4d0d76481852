// What the CLI says without a chain: `--help` texts, and the pure wording of status and auctions lines.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

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
