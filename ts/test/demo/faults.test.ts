// `make demo` end to end when things go wrong: the congestion scenario (the keeper's RPC drops, errors
// and delays requests while blocks are full: it must still enter, win and finalize, bumping its fees),
// and an interrupt (the signal the CLI aborts on SIGINT) during the flip replay and during the debt
// auctions: runDemo rejects with a BackstopError and the Anvil it started is gone.
// Each run has its own chain id (31353-31355) and --out under the OS's temp dir.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run.js';
import { BackstopError } from '../../src/errors.js';
import { demoOptions, freePort, portIsFree, rpcAnswers, runScenario, scratchDir } from './harness.js';

const scratch = scratchDir('faults');
afterAll(() => scratch.cleanup());

describe('backstop demo under faults, on its own Anvil', () => {
  it('congestion (350 flips): with a faulty RPC and full blocks the keeper bumps its fees and still enters, wins and finalizes', async () => {
    const run = await runScenario('congestion', { flips: 350, members: 20, chainId: 31353, out: join(scratch.dir, 'congestion') });
    const { report, result } = run;
    process.stderr.write(`demo e2e: congestion, 350 flips, in ${run.wallMs} ms (${JSON.stringify(result.steps)}; rpc ${JSON.stringify(result.rpcFaults)})\n`);
    expect(report.scenario.name).toBe('congestion');
    expect(report.scenario.parameters.faults).toBe(true);

    // The pool had something to finalize, and finalized it all
    expect(report.pool.positions.length).toBeGreaterThan(0);
    for (const p of report.pool.positions) expect(p.outcome, `position ${p.auctionId}`).toBe('won');
    expect(result.allFinalized).toBe(true);
    expect(report.flops.every((f) => f.outcome === 'won-by-pool')).toBe(true);

    // It had to work for it: bumped transactions, blocks taken by the fillers, a faulty RPC
    expect(result.world.keeperActions.some((a) => a.status === 'bumped')).toBe(true);
    expect(result.world.congestedFrom).toBeDefined();
    expect(result.world.fillers.included).toBeGreaterThan(0);
    const faults = result.rpcFaults;
    expect(faults).toBeDefined();
    expect(faults!.dropped + faults!.errored).toBeGreaterThan(0);
    expect(faults!.requests).toBeGreaterThan(faults!.dropped + faults!.errored);

    expect(await rpcAnswers(run.port)).toBe(false);
    expect(await portIsFree(run.port)).toBe(true);
  }, 180_000);

  for (const [phase, chainId] of [
    ['flip replay', 31354],
    ['phase one', 31355],
  ] as const) {
    it(`interrupted during the ${phase}: rejects with a BackstopError and stops its Anvil`, async () => {
      const port = await freePort();
      const out = join(scratch.dir, `interrupt-${chainId}`);
      const stop = new AbortController();
      const seen: string[] = [];
      const options = demoOptions('no-rivals', { flips: 350, members: 5, chainId, out }, port);
      const error = await runDemo(options, {
        env: process.env,
        signal: stop.signal,
        progress: {
          tty: false,
          write: (text) => {
            seen.push(text);
            // As the CLI does on SIGINT: abort() without a reason
            if (!stop.signal.aborted && text.startsWith(phase)) stop.abort();
          },
        },
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(stop.signal.aborted, `progress never showed "${phase}": ${seen.join('')}`).toBe(true);
      expect(error, 'what runDemo rejected with (undefined: it resolved)').toBeInstanceOf(BackstopError);
      expect((error as BackstopError).shortMessage).toMatch(/interrupted/);
      expect((error as BackstopError).kind).toBe('input');
      // The Anvil it started (progress past deploy) is gone; no report was written
      expect(await rpcAnswers(port)).toBe(false);
      expect(await portIsFree(port)).toBe(true);
      expect(existsSync(join(out, 'report.json'))).toBe(false);
    }, 180_000);
  }
});
