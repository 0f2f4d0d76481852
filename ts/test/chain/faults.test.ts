// The fault helpers against the worker's real Anvil: the RPC proxy's drops, errors and delays as a
// viem client sees them (and as the keeper's RPC counters count them), reorgs, and a low-fee
// transaction that waits in the txpool with automine off until it is mined or replaced.
import { createPublicClient, http, parseGwei, type Hash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeeperMetrics, withRpcMetrics } from '../../src/keeper/metrics.js';
import {
  congest,
  dropTransaction,
  getAutomine,
  mine,
  nextBaseFee,
  reorg,
  seededRandom,
  setNextBaseFee,
  startRpcProxy,
  txpoolContent,
  withManualMining,
  type RpcProxy,
} from '../helpers/faults.js';
import { useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
/** Anvil's default account 3: a filler that outbids others for block space. */
const CAROL_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';

type Outcome = 'ok' | 'dropped' | 'http-503' | 'rpc-error';

/** How one request through the proxy ended, as a viem client with no retries sees it. */
async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    const text = String((error as Error).message);
    if (text.includes('Status: 503')) return 'http-503';
    if (text.includes('injected fault')) return 'rpc-error';
    if (text.includes('HTTP request failed')) return 'dropped';
    throw error;
  }
}

describe('the RPC proxy', () => {
  let proxy: RpcProxy;
  beforeEach(async () => {
    proxy = await startRpcProxy({ upstream: fx.rpcUrl, seed: 42 });
  });
  afterEach(async () => {
    await proxy.stop();
  });

  const viaProxy = () => createPublicClient({ chain: fx.chain, transport: http(proxy.url, { retryCount: 0 }) });

  it('forwards single calls and batches unchanged when there are no faults', async () => {
    const client = viaProxy();
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(await fx.client.getBlockNumber({ cacheTime: 0 }));
    expect(await client.getChainId()).toBe(fx.chain.id);
    const batch = [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
      { jsonrpc: '2.0', id: 3, method: 'eth_getBalance', params: [fx.alice.account.address, 'latest'] },
    ];
    const [viaProxyAnswer, directAnswer] = await Promise.all(
      [proxy.url, fx.rpcUrl].map(async (url) => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
        expect(response.status).toBe(200);
        return response.json();
      }),
    );
    expect(viaProxyAnswer).toEqual(directAnswer);
    expect(viaProxyAnswer).toHaveLength(3);
    expect(proxy.counts()).toEqual({
      requests: 3,
      dropped: 0,
      errored: 0,
      delayed: 0,
      forwarded: 3,
      byMethod: { eth_blockNumber: 2, eth_chainId: 2, eth_getBalance: 1 },
    });
  });

  it('drops and errors requests at about the set rates, then heal() stops it; the counts add up', async () => {
    const client = viaProxy();
    proxy.setFaults({ dropRate: 0.1, errorRate: 0.15 });
    const seen: Record<Outcome, number> = { ok: 0, dropped: 0, 'http-503': 0, 'rpc-error': 0 };
    const N = 200;
    for (let i = 0; i < N; i++) seen[await outcome(() => client.request({ method: 'eth_blockNumber' }))]++;
    const counts = proxy.counts();
    // What the client saw is what the proxy did.
    expect(seen.dropped).toBe(counts.dropped);
    expect(seen['http-503'] + seen['rpc-error']).toBe(counts.errored);
    expect(seen.ok).toBe(counts.forwarded);
    expect(counts.requests).toBe(N);
    expect(counts.dropped + counts.errored + counts.forwarded).toBe(N);
    // Errors alternate between the two kinds.
    expect(Math.abs(seen['http-503'] - seen['rpc-error'])).toBeLessThanOrEqual(1);
    // About the set rates (binomial, n = 200: 3 standard deviations are about 0.064 and 0.076).
    expect(counts.dropped / N).toBeGreaterThan(0.1 - 0.064);
    expect(counts.dropped / N).toBeLessThan(0.1 + 0.064);
    expect(counts.errored / N).toBeGreaterThan(0.15 - 0.076);
    expect(counts.errored / N).toBeLessThan(0.15 + 0.076);

    proxy.heal();
    for (let i = 0; i < 50; i++) expect(await outcome(() => client.request({ method: 'eth_blockNumber' }))).toBe('ok');
    expect(proxy.counts()).toMatchObject({ requests: N + 50, dropped: counts.dropped, errored: counts.errored, forwarded: counts.forwarded + 50 });
    expect(proxy.counts().byMethod).toEqual({ eth_blockNumber: N + 50 });
  });

  it('gives the same outcomes for the same seed', async () => {
    const sequence = async (p: RpcProxy) => {
      p.setFaults({ dropRate: 0.2, errorRate: 0.2 });
      const client = createPublicClient({ chain: fx.chain, transport: http(p.url, { retryCount: 0 }) });
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 40; i++) outcomes.push(await outcome(() => client.request({ method: 'eth_blockNumber' })));
      return outcomes;
    };
    const twin = await startRpcProxy({ upstream: fx.rpcUrl, seed: 42 });
    const other = await startRpcProxy({ upstream: fx.rpcUrl, seed: 7 });
    try {
      const first = await sequence(proxy);
      expect(await sequence(twin)).toEqual(first);
      expect(await sequence(other)).not.toEqual(first);
      expect(new Set(first)).toEqual(new Set(['ok', 'dropped', 'http-503', 'rpc-error']));
    } finally {
      await twin.stop();
      await other.stop();
    }
    // The PRNG itself: uniform-looking, in [0, 1), reproducible.
    const a = seededRandom(3);
    const b = seededRandom(3);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(draws.reduce((s, x) => s + x, 0) / 1000).toBeCloseTo(0.5, 1);
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
  });

  it('faults only the chosen methods', async () => {
    const client = viaProxy();
    proxy.setFaults({ dropRate: 1, methods: ['eth_chainId'] });
    for (let i = 0; i < 10; i++) {
      expect(await outcome(() => client.request({ method: 'eth_blockNumber' }))).toBe('ok');
      expect(await outcome(() => client.request({ method: 'eth_chainId' }))).toBe('dropped');
    }
    expect(proxy.counts()).toMatchObject({ requests: 20, dropped: 10, forwarded: 10, byMethod: { eth_blockNumber: 10, eth_chainId: 10 } });
  });

  it('delays requests by a time within the range', async () => {
    const client = viaProxy();
    proxy.setFaults({ delayMs: [60, 90] });
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await client.request({ method: 'eth_blockNumber' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    }
    expect(proxy.counts()).toMatchObject({ requests: 5, delayed: 5, forwarded: 5 });
  });

  it('answers an errored batch with one JSON-RPC error per call, or a 503', async () => {
    proxy.setFaults({ errorRate: 1 });
    const batch = [
      { jsonrpc: '2.0', id: 7, method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 8, method: 'eth_blockNumber', params: [] },
    ];
    const post = () => fetch(proxy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    const first = await post();
    expect(first.status).toBe(503);
    await first.text();
    const second = await post();
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32603, message: 'injected fault' } },
      { jsonrpc: '2.0', id: 8, error: { code: -32603, message: 'injected fault' } },
    ]);
    expect(proxy.counts()).toMatchObject({ requests: 2, errored: 2, byMethod: { eth_chainId: 2, eth_blockNumber: 2 } });
  });

  it("feeds the keeper's RPC counters: every request and every failure counted", async () => {
    const metrics = createKeeperMetrics({ defaultMetrics: false });
    const client = createPublicClient({ chain: fx.chain, transport: withRpcMetrics(http(proxy.url, { retryCount: 0 }), metrics) });
    proxy.setFaults({ dropRate: 0.1, errorRate: 0.1 });
    let failures = 0;
    for (let i = 0; i < 60; i++) if ((await outcome(() => client.request({ method: 'eth_blockNumber' }))) !== 'ok') failures++;
    proxy.heal();
    await client.getChainId();
    const requests = await metrics.rpcRequests.get();
    const errors = await metrics.rpcErrors.get();
    const value = (data: typeof requests, method: string) => data.values.find((v) => v.labels.method === method)?.value ?? 0;
    expect(value(requests, 'eth_blockNumber')).toBe(60);
    expect(value(requests, 'eth_chainId')).toBe(1);
    expect(value(errors, 'eth_blockNumber')).toBe(failures);
    expect(failures).toBe(proxy.counts().dropped + proxy.counts().errored);
    expect(failures).toBeGreaterThan(0);
    expect(value(errors, 'eth_chainId')).toBe(0);
  });
});

describe('reorg', () => {
  it('keeps the height and replaces the hashes of the top blocks', async () => {
    await mine(fx.testClient, 3);
    const head = await fx.client.getBlock();
    const below = await fx.client.getBlock({ blockNumber: head.number - 1n });
    const untouched = await fx.client.getBlock({ blockNumber: head.number - 2n });

    // Empty replacement blocks on the same second as the old ones would keep their hashes (the clock
    // an earlier test moved decides that): a 1-wei transfer in the first one makes them differ.
    const me = fx.deployer.account.address;
    const result = await reorg(fx.testClient, { depth: 2, txBlockPairs: [[{ from: me, to: me, value: '0x1' }, 0]] });

    expect(result.head).toBe(head.number);
    expect(await fx.client.getBlockNumber({ cacheTime: 0 })).toBe(head.number);
    const newHead = await fx.client.getBlock({ blockNumber: head.number });
    const newBelow = await fx.client.getBlock({ blockNumber: head.number - 1n });
    expect(newHead.hash).not.toBe(head.hash);
    expect(newBelow.hash).not.toBe(below.hash);
    expect((await fx.client.getBlock({ blockNumber: head.number - 2n })).hash).toBe(untouched.hash);
    // A chain still: the new head sits on the new block below, which sits on the untouched one.
    expect(newHead.parentHash).toBe(newBelow.hash);
    expect(newBelow.parentHash).toBe(untouched.hash);
    expect(result.replaced).toEqual([
      { number: head.number - 1n, before: below.hash, after: newBelow.hash },
      { number: head.number, before: head.hash, after: newHead.hash },
    ]);
  });

  it('removes the transactions of the replaced blocks, and includes the ones given, in the block given', async () => {
    const alice = fx.alice.account.address;
    const nonce = await fx.client.getTransactionCount({ address: alice });
    const raw = await fx.alice.signTransaction(await fx.alice.prepareTransactionRequest({ to: alice, value: 1n, nonce }));
    const sent = await fx.client.sendRawTransaction({ serializedTransaction: raw });
    const mined = await fx.mine(sent);
    await mine(fx.testClient, 1);

    await reorg(fx.testClient, { depth: 2 });
    await expect(fx.client.getTransactionReceipt({ hash: sent })).rejects.toThrow(/could not be found/);
    expect(await fx.client.getTransactionCount({ address: alice })).toBe(nonce);
    expect((await txpoolContent(fx.testClient, alice)).pending).toEqual([]);

    // Given again, the same signed transaction lands in the new block it is paired with (index 0:
    // the lowest replaced block, where it was before).
    await reorg(fx.testClient, { depth: 2, txBlockPairs: [[raw, 0]] });
    const receipt = await fx.client.getTransactionReceipt({ hash: sent });
    expect(receipt.blockNumber).toBe(mined.blockNumber);
    expect(receipt.status).toBe('success');
    expect(await fx.client.getTransactionCount({ address: alice })).toBe(nonce + 1);
    // Index 1: the block above.
    await reorg(fx.testClient, { depth: 2, txBlockPairs: [[raw, 1]] });
    expect((await fx.client.getTransactionReceipt({ hash: sent })).blockNumber).toBe(mined.blockNumber + 1n);
  });
});

describe('automine off: a low-fee transaction waits', () => {
  afterEach(async () => {
    // withManualMining restored it; a leak here would break every later test on this Anvil.
    expect(await getAutomine(fx.testClient)).toBe(true);
  });

  const alice = () => fx.alice.account.address;
  const transfer = (fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }, nonce?: number) =>
    fx.alice.sendTransaction({ to: alice(), value: 1n, gas: 21_000n, ...(nonce === undefined ? {} : { nonce }), ...fees });
  const pendingHashes = async () => (await txpoolContent(fx.testClient, alice())).pending.map((tx) => tx.hash);
  const notFound = (hash: Hash) => expect(fx.client.getTransaction({ hash })).rejects.toThrow(/could not be found/);

  it('stays pending until a block is mined, and is replaced by a same-nonce transaction paying more', async () => {
    await withManualMining(fx.testClient, async () => {
      const base = await nextBaseFee(fx.testClient);
      const low = { maxFeePerGas: base * 2n, maxPriorityFeePerGas: 1n };
      const stuck = await transfer(low);
      const [pending] = (await txpoolContent(fx.testClient, alice())).pending;
      expect(pending).toMatchObject({ hash: stuck, maxFeePerGas: low.maxFeePerGas, maxPriorityFeePerGas: 1n });
      await expect(fx.client.getTransactionReceipt({ hash: stuck })).rejects.toThrow(/could not be found/);

      // Replace it: same nonce, both fees raised by more than 10%.
      const replacement = await transfer({ maxFeePerGas: (low.maxFeePerGas * 12n) / 10n, maxPriorityFeePerGas: base }, pending!.nonce);
      expect(await pendingHashes()).toEqual([replacement]);
      await mine(fx.testClient, 1);
      const receipt = await fx.client.getTransactionReceipt({ hash: replacement });
      expect(receipt.status).toBe('success');
      await notFound(stuck);
      expect(await pendingHashes()).toEqual([]);
    });
  });

  it('waits behind better-paying transactions in full blocks until bumped above them', async () => {
    const carol = fx.wallet(CAROL_KEY);
    await withManualMining(fx.testClient, async () => {
      const base = await nextBaseFee(fx.testClient);
      const stuck = await transfer({ maxFeePerGas: base * 3n, maxPriorityFeePerGas: 1n });
      const { hashes: fillers } = await congest(fx.testClient, carol, { blocks: 4, victimGas: 21_000n, maxFeePerGas: base * 6n, maxPriorityFeePerGas: base });

      // Two blocks: each takes one filler; the low fee waits.
      for (const filler of fillers.slice(0, 2)) {
        await mine(fx.testClient, 1);
        expect((await fx.client.getBlock()).transactions).toEqual([filler]);
        expect(await pendingHashes()).toEqual([stuck]);
      }
      // A bump above the fillers goes into the next block, ahead of the two fillers left.
      const nonce = (await txpoolContent(fx.testClient, alice())).pending[0]!.nonce;
      const bumped = await transfer({ maxFeePerGas: base * 9n, maxPriorityFeePerGas: base * 2n }, nonce);
      await mine(fx.testClient, 1);
      expect((await fx.client.getBlock()).transactions).toEqual([bumped]);
      await notFound(stuck);
      // The fillers left are mined in the next blocks.
      await mine(fx.testClient, 2);
      for (const filler of fillers) expect((await fx.client.getTransactionReceipt({ hash: filler })).status).toBe('success');
    });
  });

  it('is mined once the better-paying transactions are gone', async () => {
    const carol = fx.wallet(CAROL_KEY);
    await withManualMining(fx.testClient, async () => {
      const base = await nextBaseFee(fx.testClient);
      const stuck = await transfer({ maxFeePerGas: base * 3n, maxPriorityFeePerGas: 1n });
      const { hashes: fillers } = await congest(fx.testClient, carol, { blocks: 2, victimGas: 21_000n, maxFeePerGas: base * 6n, maxPriorityFeePerGas: base });
      await mine(fx.testClient, 2);
      expect(await pendingHashes()).toEqual([stuck]);
      for (const filler of fillers) expect((await fx.client.getTransactionReceipt({ hash: filler })).status).toBe('success');
      await mine(fx.testClient, 1);
      expect((await fx.client.getTransactionReceipt({ hash: stuck })).status).toBe('success');
    });
  });

  it('is evicted, not kept, when the base fee rises above its fee cap (Anvil 1.7.1)', async () => {
    await withManualMining(fx.testClient, async () => {
      const base = await nextBaseFee(fx.testClient);
      const stuck = await transfer({ maxFeePerGas: base * 2n, maxPriorityFeePerGas: 1n });
      expect(await pendingHashes()).toEqual([stuck]);
      // The next block's base fee above the cap: the block is mined without it, and it is gone.
      await setNextBaseFee(fx.testClient, base * 10n);
      await mine(fx.testClient, 1);
      expect((await fx.client.getBlock()).transactions).toEqual([]);
      expect(await pendingHashes()).toEqual([]);
      await notFound(stuck);
    });
  });

  it('is removed by dropTransaction, its nonce free again', async () => {
    await withManualMining(fx.testClient, async () => {
      const nonce = await fx.client.getTransactionCount({ address: alice() });
      const base = await nextBaseFee(fx.testClient);
      const stuck = await transfer({ maxFeePerGas: base * 2n, maxPriorityFeePerGas: 1n });
      expect(await fx.client.getTransactionCount({ address: alice(), blockTag: 'pending' })).toBe(nonce + 1);
      await dropTransaction(fx.testClient, stuck);
      expect(await pendingHashes()).toEqual([]);
      expect(await fx.client.getTransactionCount({ address: alice(), blockTag: 'pending' })).toBe(nonce);
      await notFound(stuck);
    });
  });

  it('accepts a replacement raised by only 5% (Anvil does not enforce the 10% bump), not an equal fee cap', async () => {
    await withManualMining(fx.testClient, async () => {
      // Fees well above the base fee whatever earlier tests left it at (it decays towards zero).
      const base = await nextBaseFee(fx.testClient);
      const gwei = 10n ** 9n;
      const fees = { maxFeePerGas: base * 2n + 2n * gwei, maxPriorityFeePerGas: gwei };
      const first = await transfer(fees);
      const nonce = (await txpoolContent(fx.testClient, alice())).pending[0]!.nonce;
      const raised = { maxFeePerGas: (fees.maxFeePerGas * 105n) / 100n, maxPriorityFeePerGas: (fees.maxPriorityFeePerGas * 105n) / 100n };
      const small = await transfer(raised, nonce);
      expect(await pendingHashes()).toEqual([small]);
      await notFound(first);
      // The same fee cap with a higher tip is refused.
      await expect(transfer({ maxFeePerGas: raised.maxFeePerGas, maxPriorityFeePerGas: raised.maxFeePerGas }, nonce)).rejects.toThrow(/underpriced/);
    });
  });
});

describe('the worker Anvil after the manual-mining tests', () => {
  it('has its base fee back, mines on its own again, and holds nothing in its txpool', async () => {
    // The next base fee is at most the head's plus EIP-1559's 12.5%, not the 10x of the eviction
    // test, whose block the revert undid. (Lower it may be: blocks mined then reverted by other
    // tests leave their decay behind, which harms nobody.) Were it higher, viem's fee estimate (the
    // head's base fee x 1.2) would be refused below.
    const head = (await fx.client.getBlock()).baseFeePerGas!;
    expect((await nextBaseFee(fx.testClient)) * 8n).toBeLessThanOrEqual(head * 9n);
    const to = privateKeyToAccount(CAROL_KEY).address;
    const hash = await fx.alice.sendTransaction({ to, value: 1n });
    expect((await fx.client.waitForTransactionReceipt({ hash, timeout: 5_000 })).status).toBe('success');
    expect(await txpoolContent(fx.testClient, fx.alice.account.address)).toEqual({ pending: [], queued: [] });
  });
});
