// Several RPC URLs, comma-separated, fall back in turn: a dead first URL does not stop the reads.
import { describe, expect, it } from 'vitest';
import { createReadClient, readFlopper } from '../../src/chain/index.js';
import { startRpcProxy } from '../helpers/faults.js';
import { useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();

describe('fallback transport', () => {
  it('reads through the second URL when the first refuses every request', async () => {
    const dead = await startRpcProxy({ upstream: fx.rpcUrl, seed: 1 });
    try {
      dead.setFaults({ dropRate: 0, errorRate: 1, delayMs: [0, 0] });
      const client = createReadClient(`${dead.url},${fx.rpcUrl}`, fx.chain);
      const flopper = await readFlopper(client, { flopper: fx.book.maker.flop });
      expect(flopper.live).toBe(true);
      expect(dead.counts().errored).toBeGreaterThan(0);
      // The first URL alone fails: the fallback, not luck, answered.
      await expect(readFlopper(createReadClient(dead.url, fx.chain), { flopper: fx.book.maker.flop })).rejects.toThrow();
    } finally {
      await dead.stop();
    }
  });
});
