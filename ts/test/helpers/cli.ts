// The backstop CLI run in-process (main() with captured output) against this worker's Anvil, as a
// contributor whose key is in the environment; and what a test checks about a refusal.
import { expect } from 'vitest';
import type { Address } from 'viem';
import { main, type Io } from '../../src/cli/main.js';
import type { useAnvil } from './fixtures.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

type Fixture = ReturnType<typeof useAnvil>;

/**
 * A CLI runner for `fx`'s chain. `env` adds to (or, with undefined values, removes from) the base
 * environment: the RPC URL, the deployments directory, and the key when given.
 */
export function cliRunner(fx: Fixture, base: Record<string, string | undefined> = {}, io: Partial<Pick<Io, 'prompt'>> = {}) {
  return async (argv: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const merged: Record<string, string | undefined> = { BACKSTOP_RPC_URL: fx.rpcUrl, BACKSTOP_DEPLOYMENTS: fx.deploymentsDir, ...base, ...env };
    const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: merged, ...io });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
}

/** The account's nonce: unchanged across a refused command means nothing was sent. */
export function nonceOf(fx: Fixture, address: Address): Promise<number> {
  return fx.client.getTransactionCount({ address, blockTag: 'pending' });
}

/** A refusal: the exit code, nothing on stdout, one line on stderr matching `message`. */
export function expectRefusal(r: CliRun, code: 1 | 2, message: RegExp): void {
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toMatchObject({ code, stdout: '' });
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}
