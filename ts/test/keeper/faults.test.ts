// The keeper under faults, on a real Anvil: an RPC proxy that drops, errors and delays requests
// (a seeded campaign over several auctions, two tiers and a rival; and requests of one method lost
// on purpose); a reorg that removes the pool's bid; the keeper killed and restarted with
// transactions in flight (in-process, and the real `backstop keeper` process: SIGKILL, restart,
// SIGTERM); a low-fee bid stuck behind full blocks until bumped, under the fee cap; a cheap finalize
// that must not hold a bid up.
//
// The campaign prints its counts (`fault campaign ...` on stdout): requests, dropped, errored and
// delayed by the proxy, failed steps and sends, bids, finalizes, ticks, and the three counts below.
//
// What is counted and asserted, from the chain's own record (the Flopper's dent logs, the pools'
// events and open positions, the keeper account's mined transactions and the txpool) and from the
// keeper's TxEvents:
// - no double bid: never two dents of our tiers in one auction without a rival dent between them,
//   and no keeper transaction reverted;
// - no lost settlement: once the faults stop, no position is left open whose auction was dealt,
//   outbid or can be dealt;
// - no nonce gap: the keeper's mined nonces run on from where the test started, contiguous, and
//   nothing of the keeper's is left in the txpool.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getAddress, keccak256, toHex, zeroAddress, type Address, type Hash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { decodeKeeperCall, flopperAbi, getFlopperLogs, keeperCallKey, readSyndicate, readTierAddresses } from '../../src/chain/index.js';
import { dealable } from '../../src/keeper/planner.js';
import type { TxEvent } from '../../src/keeper/txManager.js';
import { RAD, WAD } from '../../src/units.js';
import { getAutomine, mine, setBlockGasLimit, startRpcProxy, txpoolContent, withManualMining, type RpcProxy } from '../helpers/faults.js';
import { ROOT } from '../helpers/anvil.js';
import { ALICE_KEY, useAnvil } from '../helpers/fixtures.js';
import { useFlop } from '../helpers/flop.js';
import { actors, CAROL_KEY, KEEPER_KEY, makeKeeper, TEST_KEEPER_OPTIONS } from '../helpers/keeperHarness.js';

const fx = useAnvil();
const a = actors(fx);
const flop = useFlop(fx);
const KEEPER = privateKeyToAccount(KEEPER_KEY).address;

/** The lot a dent must at least undercut to: `lot / beg`, rounded down, one wei less (wad). */
const undercut = (lotWad: bigint, begWad: bigint) => (lotWad * WAD) / begWad - 1n;

/**
 * Polls `probe` every `everyMs` until it returns something other than undefined; after `timeoutMs`
 * fails naming what it waited for and what `state` says (the last probe's view).
 */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 20_000, everyMs = 40, state }: { timeoutMs?: number; everyMs?: number; state?: () => Promise<unknown> } = {}): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) {
      const seen = state ? JSON.stringify(await state(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; state: ${seen}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The keeper's nonce at the start of a test (its mined transactions must run on from it). */
const nonceNow = () => fx.client.getTransactionCount({ address: KEEPER, blockTag: 'latest' });

/**
 * The chain's record of what the keeper did since `fromBlock`: its mined transactions decoded into
 * keeper calls, the nonces they used, the reverted ones, the double bids found in the Flopper's dent
 * logs, and what of the keeper's is still in the txpool.
 */
async function audit(fromBlock: bigint) {
  const { flop: flopper, vow } = fx.book.maker;
  const pools = (await readTierAddresses(fx.client, { factory: fx.book.factory! })).map((p) => getAddress(p));
  const mined = await a.keeperTxs(KEEPER, fromBlock);
  const keys = mined.map((t) => {
    const call = decodeKeeperCall({ to: t.to, input: t.input }, { pools, flopper, vow });
    return call ? keeperCallKey(call) : `other:${t.to}`;
  });
  const perKey = new Map<string, number>();
  for (const key of keys) perKey.set(key, (perKey.get(key) ?? 0) + 1);
  const head = await fx.client.getBlockNumber({ cacheTime: 0 });
  const logs = await getFlopperLogs(fx.client, { flopper, fromBlock, toBlock: head });
  const lastDent = new Map<bigint, 'ours' | 'rival'>();
  const ourDents = new Map<bigint, number>();
  const doubleBids: string[] = [];
  for (const log of logs) {
    if (log.kind !== 'dent') continue;
    const who = pools.includes(getAddress(log.usr)) ? 'ours' : 'rival';
    if (who === 'ours') {
      if (lastDent.get(log.id) === 'ours') doubleBids.push(`auction ${log.id}: a second bid of ours in block ${log.blockNumber}`);
      ourDents.set(log.id, (ourDents.get(log.id) ?? 0) + 1);
    }
    lastDent.set(log.id, who);
  }
  const pool = await txpoolContent(fx.testClient, KEEPER);
  return {
    nonces: mined.map((t) => t.nonce),
    reverted: mined.flatMap((t, i) => (t.status === 'success' ? [] : [`${keys[i]} (nonce ${t.nonce})`])),
    keys,
    perKey,
    count: (prefix: string) => keys.filter((k) => k.startsWith(prefix)).length,
    ourDents,
    doubleBids,
    txpool: [...pool.pending, ...pool.queued].map((t) => ({ nonce: t.nonce, hash: t.hash })),
  };
}

/** `n` consecutive nonces from `first`. */
const consecutive = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

/** Positions still open whose auction was dealt, outbid, or can be dealt now: settlements lost. */
async function lostSettlements(pools: readonly Address[]) {
  const now = (await fx.client.getBlock()).timestamp;
  const lost: string[] = [];
  for (const pool of pools) {
    const { positions } = await readSyndicate(fx.client, { syndicate: pool });
    for (const p of positions) {
      const auction = await a.auction(p.id);
      if (auction.guy === zeroAddress) lost.push(`${pool} ${p.id}: dealt`);
      else if (auction.guy !== getAddress(pool)) lost.push(`${pool} ${p.id}: outbid`);
      else if (dealable(auction, now)) lost.push(`${pool} ${p.id}: dealable`);
    }
  }
  return lost;
}

const ofType = <T extends TxEvent['type']>(events: readonly TxEvent[], type: T) => events.filter((e): e is Extract<TxEvent, { type: T }> => e.type === type);

/** The campaign's seed: the proxy's faults are drawn from it (12 March 2020). */
const CAMPAIGN_SEED = 20_200_312;

describe('fault: an RPC proxy that drops, errors and delays requests', () => {
  let proxy: RpcProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('bids, re-enters, finalizes and ticks through 20% drops, 10% errors and 0-50 ms delays: no double bid, no lost settlement, no nonce gap', async () => {
    const low = await a.contribute(ALICE_KEY, 100n, 200_000n * WAD);
    const high = await a.contribute(CAROL_KEY, 250n, 200_000n * WAD);
    const { begWad, tau } = await a.flopParams();
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();

    proxy = await startRpcProxy({ upstream: fx.rpcUrl, seed: CAMPAIGN_SEED });
    proxy.setFaults({ dropRate: 0.2, errorRate: 0.1, delayMs: [0, 50] });
    const { keeper, recorded } = makeKeeper(fx, { rpcUrl: proxy.url, options: { pollMs: 20 } });
    const stop = new AbortController();
    const running = keeper.run(stop.signal);
    try {
      // Auctions of 50,000 DAI: 600 MKR (about 88 DAI/MKR after beg: tier 100), 250 MKR (about 210:
      // tier 250 only), 100 MKR (about 525: nobody; it ends unbid and is ticked).
      const cheap = [await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD }), await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD }), await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD })];
      const dear = [await fx.kick({ lotWad: 250n * WAD, bidRad: 50_000n * RAD }), await fx.kick({ lotWad: 250n * WAD, bidRad: 50_000n * RAD })];
      const unbid = await fx.kick({ lotWad: 100n * WAD, bidRad: 50_000n * RAD });
      const [c1, c2, c3] = cheap as [bigint, bigint, bigint];
      const [d1, d2] = dear as [bigint, bigint];
      const leaders = async () => Object.fromEntries(await Promise.all([...cheap, ...dear, unbid].map(async (id) => [String(id), (await a.auction(id)).guy])));
      // What a timeout reports: who leads where, and what the keeper did and said last.
      const state = async () => ({
        leaders: await leaders(),
        head: await fx.client.getBlockNumber({ cacheTime: 0 }),
        processed: keeper.health().processedBlock,
        inFlight: keeper.txs.inFlight().map((p) => p.key),
        tx: recorded.tx.slice(-12).map((e) => `${e.type} ${'key' in e ? e.key : ''} ${'error' in e ? e.error.slice(0, 60) : ''}`),
        logs: recorded.logs.filter((l) => (l['level'] as number) >= 40).slice(-8).map((l) => `${l['event']}: ${String(l['error'] ?? '').slice(0, 80)}`),
      });
      const leads = async (pool: Address, id: bigint) => (await a.auction(id)).guy === getAddress(pool);
      const holds = async (pool: Address, id: bigint) => (await readSyndicate(fx.client, { syndicate: pool })).positions.some((p) => p.id === id);

      await waitFor(
        'the keeper to bid in every enterable auction (cheap ones with tier 100, dear ones with tier 250)',
        async () => ((await Promise.all([...cheap.map((id) => leads(low, id)), ...dear.map((id) => leads(high, id))])).every(Boolean) ? true : undefined),
        { state },
      );

      // A rival undercuts c1 by one step: tier 100 can still pay, and re-enters.
      await a.rivalDent(c1, undercut((await a.auction(c1)).lotWad, begWad));
      await waitFor(`tier 100 to re-enter auction ${c1}`, async () => ((await leads(low, c1)) ? true : undefined), { state });
      // A rival asks 300 MKR in c2 (about 167 DAI/MKR): tier 100 cannot follow, tier 250 can; tier
      // 100's outbid position must be finalized (its refund booked) at once.
      await a.rivalDent(c2, 300n * WAD);
      await waitFor(
        `tier 250 to take over auction ${c2} and tier 100's outbid position to be finalized`,
        async () => ((await leads(high, c2)) && !(await holds(low, c2)) ? true : undefined),
        { state },
      );
      // A rival asks 100 MKR in d1 (about 500 DAI/MKR): nobody follows; tier 250's position is finalized.
      await a.rivalDent(d1, 100n * WAD);
      await waitFor(`tier 250's outbid position in auction ${d1} to be finalized`, async () => ((await holds(high, d1)) ? undefined : true), { state });

      // Every auction ends: our bids can be dealt (finalize), the unbid one is restarted (tick).
      await a.warp(tau + 1n);
      const ended = await fx.client.getBlockNumber({ cacheTime: 0 });
      proxy.heal();
      const healedAt = proxy.counts();
      await waitFor(
        'every position of both tiers finalized and the unbid auction ticked, once the faults stopped',
        async () => {
          const open = [...(await readSyndicate(fx.client, { syndicate: low })).positions, ...(await readSyndicate(fx.client, { syndicate: high })).positions];
          const ticked = (await a.auction(unbid)).end > (await fx.client.getBlock({ blockNumber: ended })).timestamp;
          return open.length === 0 && ticked && keeper.txs.inFlight().length === 0 ? true : undefined;
        },
        { state: async () => ({ lost: await lostSettlements([low, high]), ...(await state()) }) },
      );
      // A few more blocks: nothing else is sent once everything is settled.
      const sentBefore = ofType(recorded.tx, 'sent').length;
      await flop.mineBlocks(3);
      await waitFor('the keeper to process the last block', async () => (keeper.health().processedBlock === (await fx.client.getBlockNumber({ cacheTime: 0 })) ? true : undefined));
      expect(ofType(recorded.tx, 'sent').length).toBe(sentBefore);

      stop.abort();
      await running;

      // The chain's record.
      const record = await audit(startBlock + 1n);
      expect(record.doubleBids).toEqual([]);
      expect(record.reverted).toEqual([]);
      expect(record.nonces).toEqual(consecutive(startNonce, record.nonces.length));
      expect(record.txpool).toEqual([]);
      expect(await lostSettlements([low, high])).toEqual([]);
      // Each action once: the bids (c1 twice: once per rival dent; c2 by tier 100, then tier 250),
      // one finalize per position not closed by a re-entry, one tick.
      const enters = Object.fromEntries([...cheap, ...dear, unbid].map((id) => [String(id), record.perKey.get(`enter:${id}`) ?? 0]));
      expect(enters).toEqual({ [String(c1)]: 2, [String(c2)]: 2, [String(c3)]: 1, [String(d1)]: 1, [String(d2)]: 1, [String(unbid)]: 0 });
      expect(Object.fromEntries([...record.ourDents].map(([id, n]) => [String(id), n]))).toEqual({ [String(c1)]: 2, [String(c2)]: 2, [String(c3)]: 1, [String(d1)]: 1, [String(d2)]: 1 });
      const finalizes = [...record.perKey].filter(([k]) => k.startsWith('finalize:')).map(([k, n]) => [k, n]);
      expect(finalizes.sort()).toEqual(
        [
          [`finalize:${low}:${c1}`, 1],
          [`finalize:${low}:${c2}`, 1],
          [`finalize:${low}:${c3}`, 1],
          [`finalize:${high}:${c2}`, 1],
          [`finalize:${high}:${d1}`, 1],
          [`finalize:${high}:${d2}`, 1],
        ].sort(),
      );
      expect(record.perKey.get(`tick:${unbid}`)).toBe(1);
      expect(record.keys).toHaveLength(7 + 6 + 1);
      // The keeper's own account of it agrees: each transaction confirmed once, as mined.
      expect(ofType(recorded.tx, 'confirmed').map((e) => `${e.key} ${e.status}`).sort()).toEqual(record.keys.map((k) => `${k} success`).sort());
      // Every position the pools opened was closed exactly once.
      for (const pool of [low, high]) {
        const events = await a.poolEvents(pool);
        const entered = events.filter((e) => e.eventName === 'AuctionEntered').map((e) => String(e.args.id)).sort();
        const finalized = events.filter((e) => e.eventName === 'AuctionFinalized').map((e) => String(e.args.id)).sort();
        expect(finalized).toEqual(entered);
      }

      const counts = proxy.counts();
      const faulted = counts.dropped + counts.errored;
      expect(counts.requests).toBe(counts.dropped + counts.errored + counts.forwarded);
      expect(healedAt.dropped).toBeGreaterThan(0);
      expect(healedAt.errored).toBeGreaterThan(0);
      expect(healedAt.delayed).toBeGreaterThan(0);
      const failedSteps = recorded.logs.filter((l) => l['event'] === 'keeper.step.failed').length;
      const summary = {
        requests: counts.requests,
        dropped: counts.dropped,
        errored: counts.errored,
        delayed: counts.delayed,
        faultedShare: Number(((faulted / counts.requests) * 100).toFixed(1)),
        failedSteps,
        steps: recorded.steps.length,
        sent: ofType(recorded.tx, 'sent').length,
        bids: record.count('enter:'),
        finalizes: record.count('finalize:'),
        ticks: record.count('tick:'),
        refused: ofType(recorded.tx, 'refused').length,
        sendFailures: ofType(recorded.tx, 'failed').length,
        doubleBids: record.doubleBids.length,
        lostSettlements: 0,
        nonceGaps: 0,
      };
      console.log(`fault campaign (RPC proxy, seed ${CAMPAIGN_SEED}): ${JSON.stringify(summary)}`);
    } finally {
      stop.abort();
      await running.catch(() => undefined);
    }
  }, 60_000);

  it('retries a lost gas estimate or send on the same head, without waiting for a block; a lost receipt is asked again, never read as "replaced"', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const kickBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();
    proxy = await startRpcProxy({ upstream: fx.rpcUrl, seed: 5 });
    // Every gas estimate fails (after the transport's own retries): the step fails and is retried.
    proxy.setFaults({ errorRate: 1, methods: ['eth_estimateGas'] });
    const { keeper, recorded } = makeKeeper(fx, { rpcUrl: proxy.url, options: { pollMs: 20 } });
    const stop = new AbortController();
    const running = keeper.run(stop.signal);
    const failedSteps = () => recorded.logs.filter((l) => l['event'] === 'keeper.step.failed').length;
    try {
      await waitFor('a step failed on the gas estimate', async () => (failedSteps() >= 2 ? true : undefined));
      // Every send is dropped now: the bid fails to go out, and is tried again at the next poll.
      proxy.setFaults({ dropRate: 1, methods: ['eth_sendRawTransaction'] });
      await waitFor('two failed sends', async () => (ofType(recorded.tx, 'failed').length >= 2 ? true : undefined));
      // Sends go through again; receipts cannot be read now.
      const before = failedSteps();
      proxy.setFaults({ dropRate: 1, methods: ['eth_getTransactionReceipt'] });
      const sending = await waitFor('the step that sends the bid', async () => recorded.steps.find((s) => s.results.some((r) => r.result === 'sent')));
      // No block came between: the bid went out on the kick's block, where it was first planned.
      expect(sending.head.number).toBe(kickBlock);
      expect((await a.auction(id)).guy).toBe(pool);
      const bid = (await a.keeperTxs(KEEPER, kickBlock + 1n))[0]!;
      expect(bid).toMatchObject({ nonce: startNonce, block: kickBlock + 1n, status: 'success' });
      expect(ofType(recorded.tx, 'refused')).toEqual([]);

      // The receipt cannot be read: the keeper concludes nothing, and asks again.
      await waitFor('the confirmation to fail on the receipt', async () => (failedSteps() > before ? true : undefined));
      expect(ofType(recorded.tx, 'confirmed')).toEqual([]);
      proxy.heal();
      await waitFor('the confirmation', async () => (ofType(recorded.tx, 'confirmed').length > 0 ? true : undefined));
      expect(ofType(recorded.tx, 'confirmed')).toEqual([{ type: 'confirmed', key: `enter:${id}`, nonce: BigInt(startNonce), action: 'enter', status: 'success' }]);
      stop.abort();
      await running;

      const record = await audit(kickBlock + 1n);
      expect(record.keys).toEqual([`enter:${id}`]);
      expect(record.nonces).toEqual([startNonce]);
      expect(record.txpool).toEqual([]);
      expect(ofType(recorded.tx, 'sent')).toHaveLength(1);
    } finally {
      stop.abort();
      await running.catch(() => undefined);
    }
  });
});

describe("fault: a reorg that removes the pool's bid", () => {
  it('notices the reorg by hash at the same height and sends the bid again on its nonce: one canonical enter', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();
    const { keeper, recorded } = makeKeeper(fx);

    expect((await keeper.step())?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
    const [sent] = ofType(recorded.tx, 'sent');
    expect(sent?.nonce).toBe(BigInt(startNonce));
    await flop.mineBlocks(1);
    await keeper.step();
    expect(ofType(recorded.tx, 'confirmed')).toEqual([{ type: 'confirmed', key: `enter:${id}`, nonce: BigInt(startNonce), action: 'enter', status: 'success' }]);

    // The bid's block and the one above are replaced: same height, new hashes, the bid gone.
    const head = await fx.client.getBlock();
    await flop.reorg(2);
    expect(await fx.client.getBlockNumber({ cacheTime: 0 })).toBe(head.number);
    expect((await fx.client.getBlock()).hash).not.toBe(head.hash);
    expect((await a.auction(id)).guy).not.toBe(pool);
    expect(await nonceNow()).toBe(startNonce);
    await expect(fx.client.getTransactionReceipt({ hash: sent!.hash })).rejects.toThrow(/could not be found/);

    const repair = await keeper.step();
    expect(repair?.change).toBe('reorg');
    expect(repair?.head).toMatchObject({ number: head.number });
    expect(ofType(recorded.tx, 'resent')).toEqual([{ type: 'resent', key: `enter:${id}`, nonce: BigInt(startNonce), reason: 'a reorg un-mined it' }]);
    // The planner saw the bid pending and did not enter a second time.
    expect(repair?.results).toEqual([]);
    expect(repair?.plan.skips).toEqual([{ id, reason: 'a bid is pending', roundClosing: [] }]);
    expect((await a.auction(id)).guy).toBe(pool);

    await flop.mineBlocks(2);
    expect((await keeper.step())?.results).toEqual([]);
    expect(ofType(recorded.tx, 'confirmed')).toHaveLength(2);
    expect(ofType(recorded.tx, 'sent')).toHaveLength(1);

    const record = await audit(startBlock + 1n);
    expect(record.keys).toEqual([`enter:${id}`]);
    expect(record.nonces).toEqual([startNonce]);
    expect(record.reverted).toEqual([]);
    expect(record.doubleBids).toEqual([]);
    expect(record.txpool).toEqual([]);
    // The same signed transaction (same nonce, same fees) is what the canonical chain holds.
    await expect(fx.client.getTransactionReceipt({ hash: sent!.hash })).resolves.toMatchObject({ status: 'success' });
    expect((await a.poolEvents(pool)).map((e) => e.eventName)).toEqual(['AuctionEntered']);
    expect((await readSyndicate(fx.client, { syndicate: pool })).positions.map((p) => p.id)).toEqual([id]);
  });

  it('a bid un-mined before the keeper saw it mined stays pending to it, and is bumped onto the same nonce once stuck', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();
    const { keeper, recorded } = makeKeeper(fx);
    const bumpAfter = Number(TEST_KEEPER_OPTIONS.fees.bumpAfterBlocks);

    expect((await keeper.step())?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
    await flop.reorg(1);
    expect((await a.auction(id)).guy).not.toBe(pool);
    // Blocks pass; the bid is pending to the keeper (not planned again) until it counts as stuck.
    for (let i = 1; i < bumpAfter; i++) {
      const step = await keeper.step();
      expect(step?.results).toEqual([]);
      expect(step?.plan.skips).toEqual([{ id, reason: 'a bid is pending', roundClosing: [] }]);
      expect(ofType(recorded.tx, 'bumped')).toEqual([]);
      await flop.mineBlocks(1);
    }
    await keeper.step();
    const [bump] = ofType(recorded.tx, 'bumped');
    expect(bump).toMatchObject({ key: `enter:${id}`, nonce: BigInt(startNonce) });
    // Automine answers with the hash; under load the block can land a moment later: wait for it.
    await a.mined(recorded);
    expect((await a.auction(id)).guy).toBe(pool);
    await flop.mineBlocks(1);
    expect((await keeper.step())?.results).toEqual([]);
    expect(ofType(recorded.tx, 'confirmed')).toEqual([{ type: 'confirmed', key: `enter:${id}`, nonce: BigInt(startNonce), action: 'enter', status: 'success' }]);

    const record = await audit(startBlock + 1n);
    expect(record.keys).toEqual([`enter:${id}`]);
    expect(record.nonces).toEqual([startNonce]);
    expect(record.doubleBids).toEqual([]);
    expect(record.reverted).toEqual([]);
    expect(record.txpool).toEqual([]);
    await expect(fx.client.getTransactionReceipt({ hash: bump!.hash })).resolves.toMatchObject({ status: 'success' });
  });
});

interface KeeperProcess {
  child: ChildProcess;
  out: string[];
  err: string[];
  /** The JSON log lines written so far (stderr). */
  logs(): Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node ts/bin/backstop.mjs keeper` as its own process against this worker's Anvil, as the keeper
 * account, with its ops server on a free port and a 100 ms poll (no BACKSTOP_* setting inherited).
 */
function spawnKeeper(): KeeperProcess {
  const env: Record<string, string | undefined> = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BACKSTOP_')));
  const child = spawn(process.execPath, [join(ROOT, 'ts/bin/backstop.mjs'), 'keeper'], {
    cwd: ROOT,
    env: { ...env, BACKSTOP_RPC_URL: fx.rpcUrl, BACKSTOP_DEPLOYMENTS: fx.deploymentsDir, BACKSTOP_PRIVATE_KEY: KEEPER_KEY, BACKSTOP_METRICS: '127.0.0.1:0', BACKSTOP_POLL_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  const lines = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      into.push(...parts.filter(Boolean));
    };
  };
  child.stdout!.on('data', lines(out));
  child.stderr!.on('data', lines(err));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const logs = () => err.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, out, err, logs, exited };
}

describe('fault: the keeper killed and restarted mid-flight', () => {
  it('a new keeper adopts the bids and the finalize left in the mempool: no second transaction for any action, no nonce gap', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 200_000n * WAD);
    const { ttl } = await a.flopParams();
    const won = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();
    const first = makeKeeper(fx);
    expect((await first.keeper.step())?.results).toEqual([{ key: `enter:${won}`, result: 'sent' }]);
    // The bid's block first (automine can land it a moment after the hash), then the bid's life passes.
    await a.mined(first.recorded);
    await a.warp(ttl + 1n);
    const b1 = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const b2 = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const finalize = `finalize:${pool}:${won}`;

    await withManualMining(fx.testClient, async () => {
      const sent = await first.keeper.step();
      expect(sent?.results).toEqual([
        { key: `enter:${b1}`, result: 'sent' },
        { key: `enter:${b2}`, result: 'sent' },
        { key: finalize, result: 'sent' },
      ]);
      expect((await txpoolContent(fx.testClient, KEEPER)).pending.map((t) => t.nonce)).toEqual(consecutive(startNonce + 1, 3));

      // The process dies here (nothing of it is used again); a new one starts while all three wait.
      const second = makeKeeper(fx);
      await second.keeper.start();
      expect(new Set(second.keeper.txs.pendingKeys())).toEqual(new Set([`enter:${b1}`, `enter:${b2}`, finalize]));
      expect(second.recorded.logs.filter((l) => l['event'] === 'keeper.tx.adopted').map((l) => l['nonce'])).toEqual(consecutive(startNonce + 1, 3));
      expect(second.recorded.tx).toEqual([]);

      await mine(fx.testClient, 1);
      for (let i = 0; i < 3; i++) {
        expect((await second.keeper.step())?.results).toEqual([]);
        await mine(fx.testClient, 1);
      }
      expect(ofType(second.recorded.tx, 'confirmed').map((e) => [e.key, e.nonce, e.status])).toEqual([
        [`enter:${b1}`, BigInt(startNonce + 1), 'success'],
        [`enter:${b2}`, BigInt(startNonce + 2), 'success'],
        [finalize, BigInt(startNonce + 3), 'success'],
      ]);
      expect(second.recorded.tx.filter((e) => e.type !== 'confirmed')).toEqual([]);

      const record = await audit(startBlock + 1n);
      expect(record.keys).toEqual([`enter:${won}`, `enter:${b1}`, `enter:${b2}`, finalize]);
      expect(record.nonces).toEqual(consecutive(startNonce, 4));
      expect(record.reverted).toEqual([]);
      expect(record.doubleBids).toEqual([]);
      expect(record.txpool).toEqual([]);
      expect((await a.auction(b1)).guy).toBe(pool);
      expect((await a.auction(b2)).guy).toBe(pool);
      expect((await readSyndicate(fx.client, { syndicate: pool })).positions.map((p) => p.id)).toEqual([b1, b2]);
    });
  });

  it('the real `backstop keeper` process: SIGKILLed with its bid pending, restarted, adopts the bid; SIGTERM stops it with exit 0', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();
    const processes: KeeperProcess[] = [];
    try {
      await withManualMining(fx.testClient, async () => {
        const first = spawnKeeper();
        processes.push(first);
        // In the mempool, and logged: killed before its log line reached the pipe, the process would
        // leave nothing to compare with (a race under load).
        const pool0 = await waitFor('the first process to send its bid', async () => {
          const { pending } = await txpoolContent(fx.testClient, KEEPER);
          return pending.length > 0 && first.logs().some((l) => l['event'] === 'keeper.tx.sent') ? pending : undefined;
        }, { timeoutMs: 30_000, state: async () => first.err.slice(-5) });
        expect(pool0.map((t) => t.nonce)).toEqual([startNonce]);
        first.child.kill('SIGKILL');
        expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

        const second = spawnKeeper();
        processes.push(second);
        const adopted = await waitFor('the restarted process to adopt the pending bid', async () => second.logs().find((l) => l['event'] === 'keeper.tx.adopted'), {
          timeoutMs: 30_000,
          state: async () => second.err.slice(-5),
        });
        // (the production logger writes bigints as strings, and censors every field named `key`)
        expect(adopted).toMatchObject({ nonce: String(startNonce), hash: pool0[0]!.hash });
        const ops = await waitFor('the ops server', async () => second.logs().find((l) => l['event'] === 'ops.started')?.['url'] as string | undefined);
        await mine(fx.testClient, 1);
        const minedAt = await fx.client.getBlockNumber({ cacheTime: 0 });
        expect((await a.auction(id)).guy).toBe(pool);
        await waitFor(`the restarted process to process block ${minedAt}`, async () => {
          const health = (await (await fetch(`${ops}/healthz`)).json()) as { processedBlock: number | null };
          return health.processedBlock !== null && BigInt(health.processedBlock) >= minedAt ? true : undefined;
        });

        second.child.kill('SIGTERM');
        expect(await second.exited).toEqual({ code: 0, signal: null });
        expect(second.out.join('\n')).toMatch(/^keeper stopped after block \d+; 0 transaction\(s\) still pending$/);
        const sent = (k: KeeperProcess) => k.logs().filter((l) => l['event'] === 'keeper.tx.sent' || l['event'] === 'keeper.tx.bumped').map((l) => [l['event'], l['nonce'], l['hash']]);
        expect(sent(first)).toEqual([['keeper.tx.sent', String(startNonce), pool0[0]!.hash]]);
        expect(sent(second)).toEqual([]);
        expect(second.logs().map((l) => l['event'])).toEqual(expect.arrayContaining(['keeper.started', 'keeper.stopped', 'ops.stopped']));

        const record = await audit(startBlock + 1n);
        expect(record.keys).toEqual([`enter:${id}`]);
        expect(record.nonces).toEqual([startNonce]);
        expect(record.reverted).toEqual([]);
        expect(record.txpool).toEqual([]);
      });
    } finally {
      for (const k of processes) if (k.child.exitCode === null && k.child.signalCode === null) k.child.kill('SIGKILL');
    }
  }, 60_000);
});

// --- Full blocks ------------------------------------------------------------------------------------
// Congestion as in March 2020: blocks filled by transactions that pay more. A filler calls a contract
// that loops until its gas runs out, so it uses exactly the gas limit it is given: with `room` gas
// left in the block after it, any transaction with a larger gas limit waits (Anvil fills a block by
// fee cap, highest first, with whatever still fits). The block gas limit stays large enough for the
// keeper's own reads (an eth_call is capped by it), unlike `congest`'s, which is sized to 21,000-gas
// fillers.

/** Blocks' gas limit during the congestion tests. */
const BLOCK_GAS = 3_000_000n;
/** Where the looping filler contract is put (`anvil_setCode`; undone by the test's revert). */
const BURNER: Address = '0x00000000000000000000000000000000000b0e25';

/**
 * Puts the burner (JUMPDEST; PUSH1 0; JUMP: a loop) in place and sets the block gas limit. Each filler
 * comes from an account of its own (funded here), so that no filler waits for another's nonce: Anvil
 * then picks among all of them, and the keeper's transactions, by fee cap.
 */
async function fullBlocks() {
  await fx.testClient.setCode({ address: BURNER, bytecode: '0x5b600056' });
  await setBlockGasLimit(fx.testClient, BLOCK_GAS);
  let count = 0;
  return {
    /** A filler using exactly `gas`, with these fees per gas (the tip defaults to the fee cap). */
    async fill(gas: bigint, maxFeePerGas: bigint, maxPriorityFeePerGas = maxFeePerGas) {
      const key = keccak256(toHex(`backstop fault filler ${count++}`));
      const filler = fx.wallet(key);
      await fx.testClient.setBalance({ address: filler.account.address, value: 10n ** 18n });
      return filler.sendTransaction({ to: BURNER, gas, nonce: 0, maxFeePerGas, maxPriorityFeePerGas });
    },
  };
}

describe('fault: automine off, a low-fee bid stuck behind full blocks', () => {
  afterEach(async () => {
    expect(await getAutomine(fx.testClient)).toBe(true);
  });

  /**
   * A bid sent at the node's fee estimate, then `fillers` blocks' worth of fillers with 1.5x its fee
   * cap (and its tip: the node's tip suggestion, which follows recent blocks, stays where it was),
   * each leaving less room than the bid's gas limit; one block mined at a time, with a keeper step
   * after each, until the bid is mined or `maxBlocks` pass.
   */
  async function stuckBid({ capOverEstimate, fillers, maxBlocks }: { capOverEstimate: [bigint, bigint]; fillers: number; maxBlocks: number }) {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();
    const estimate = await fx.client.estimateFeesPerGas();
    const capWei = (estimate.maxFeePerGas * capOverEstimate[0]) / capOverEstimate[1];
    const { keeper, recorded } = makeKeeper(fx, {
      options: { fees: { ...TEST_KEEPER_OPTIONS.fees, maxFeePerGasWei: capWei, bumpAfterBlocks: 1n } },
    });
    return withManualMining(fx.testClient, async () => {
      const blocks = await fullBlocks();
      expect((await keeper.step())?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
      const [bid] = (await txpoolContent(fx.testClient, KEEPER)).pending;
      const initialFeeWei = bid!.maxFeePerGas!;
      const fillerFeeWei = (initialFeeWei * 3n) / 2n;
      const fillerHashes: Hash[] = [];
      for (let i = 0; i < fillers; i++) fillerHashes.push(await blocks.fill(BLOCK_GAS - bid!.gas + 1n, fillerFeeWei, bid!.maxPriorityFeePerGas!));
      let mined = 0;
      while ((await a.auction(id)).guy !== pool) {
        if (++mined > maxBlocks) throw new Error(`the bid was not mined within ${maxBlocks} blocks; events: ${recorded.tx.map((e) => e.type).join(', ')}`);
        await mine(fx.testClient, 1);
        await keeper.step();
      }
      const bidBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
      await mine(fx.testClient, 2);
      await keeper.step();
      const fillerBlocks = await Promise.all(fillerHashes.map(async (hash) => (await fx.client.getTransactionReceipt({ hash })).blockNumber));
      const record = await audit(startBlock + 1n);
      return { id, startNonce, capWei, initialFeeWei, fillerFeeWei, bidBlock, mined, fillerBlocks, record, recorded };
    });
  }

  it('bumps the bid geometrically on the same nonce until it outbids the congestion, under the fee cap', async () => {
    const { id, startNonce, capWei, initialFeeWei, fillerFeeWei, bidBlock, mined, fillerBlocks, record, recorded } = await stuckBid({ capOverEstimate: [4n, 1n], fillers: 6, maxBlocks: 8 });
    const bumps = ofType(recorded.tx, 'bumped');
    // x1.125 a block: 1.125, 1.27 and 1.42 times the first fee cap stay below the fillers' 1.5; the
    // fourth bump (1.60) passes them, and the bid goes into the next block ahead of them.
    expect(bumps.map((b) => b.nonce)).toEqual([0, 0, 0, 0].map(() => BigInt(startNonce)));
    let previous = initialFeeWei;
    for (const bump of bumps) {
      expect(bump.maxFeePerGasWei * 1000n).toBeGreaterThanOrEqual(previous * 1125n);
      expect(bump.maxFeePerGasWei).toBeLessThanOrEqual(capWei);
      previous = bump.maxFeePerGasWei;
    }
    expect(bumps.at(-2)!.maxFeePerGasWei).toBeLessThan(fillerFeeWei);
    expect(bumps.at(-1)!.maxFeePerGasWei).toBeGreaterThan(fillerFeeWei);
    // Four blocks of fillers, then the bid first in its block, fillers still waiting behind it.
    expect(mined).toBe(5);
    expect(fillerBlocks.filter((b) => b < bidBlock)).toHaveLength(4);
    expect(fillerBlocks.filter((b) => b >= bidBlock)).toHaveLength(2);
    const receipt = await fx.client.getTransactionReceipt({ hash: bumps.at(-1)!.hash });
    expect(receipt).toMatchObject({ blockNumber: bidBlock, transactionIndex: 0, status: 'success' });
    expect(record.keys).toEqual([`enter:${id}`]);
    expect(record.nonces).toEqual([startNonce]);
    expect(record.reverted).toEqual([]);
    expect(record.txpool).toEqual([]);
    expect(ofType(recorded.tx, 'sent')).toHaveLength(1);
    expect(ofType(recorded.tx, 'confirmed')).toEqual([{ type: 'confirmed', key: `enter:${id}`, nonce: BigInt(startNonce), action: 'enter', status: 'success' }]);
  });

  it('stops bumping at the fee cap (below the congestion) and is mined once the congestion ends, still one nonce', async () => {
    const { id, startNonce, capWei, fillerFeeWei, bidBlock, fillerBlocks, record, recorded } = await stuckBid({ capOverEstimate: [13n, 10n], fillers: 4, maxBlocks: 7 });
    expect(capWei).toBeLessThan(fillerFeeWei);
    const bumps = ofType(recorded.tx, 'bumped');
    expect(bumps.length).toBeGreaterThan(0);
    for (const bump of bumps) {
      expect(bump.nonce).toBe(BigInt(startNonce));
      expect(bump.maxFeePerGasWei).toBeLessThanOrEqual(capWei);
    }
    expect(recorded.logs.filter((l) => l['event'] === 'keeper.tx.atCap')).toHaveLength(1);
    // Every filler first, then the bid.
    expect(fillerBlocks.every((b) => b < bidBlock)).toBe(true);
    const tx = await fx.client.getTransaction({ hash: bumps.at(-1)!.hash });
    expect(tx.maxFeePerGas).toBeLessThanOrEqual(capWei);
    expect(tx.blockNumber).toBe(bidBlock);
    expect(record.keys).toEqual([`enter:${id}`]);
    expect(record.nonces).toEqual([startNonce]);
    expect(record.reverted).toEqual([]);
    expect(record.txpool).toEqual([]);
  });
});

describe('fault: a cheap finalize pending when a bid is due', () => {
  afterEach(async () => {
    expect(await getAutomine(fx.testClient)).toBe(true);
  });

  it("the bid takes the finalize's nonce and is mined first; the finalize is planned again and mined after; no nonce gap", async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 200_000n * WAD);
    const { ttl } = await a.flopParams();
    const won = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    const startNonce = await nonceNow();
    const { keeper, recorded } = makeKeeper(fx, { options: { fees: { ...TEST_KEEPER_OPTIONS.fees, bumpAfterBlocks: 100n } } });
    expect((await keeper.step())?.results).toEqual([{ key: `enter:${won}`, result: 'sent' }]);
    // The bid's block first (automine can land it a moment after the hash), then the bid's life passes.
    await a.mined(recorded);
    await a.warp(ttl + 1n);
    const finalize = `finalize:${pool}:${won}`;
    const { flop: flopper, vow } = fx.book.maker;

    await withManualMining(fx.testClient, async () => {
      const blocks = await fullBlocks();
      expect((await keeper.step())?.results).toEqual([{ key: finalize, result: 'sent' }]);
      const [cheap] = (await txpoolContent(fx.testClient, KEEPER)).pending;
      expect(cheap?.nonce).toBe(startNonce + 1);
      const cheapFee = cheap!.maxFeePerGas!;

      // The finalize waits: two blocks filled by better-paying transactions, no room left for it.
      for (let i = 0; i < 2; i++) {
        await blocks.fill(BLOCK_GAS - cheap!.gas + 1n, cheapFee * 2n);
        await mine(fx.testClient, 1);
        expect((await keeper.step())?.results).toEqual([]);
        expect((await txpoolContent(fx.testClient, KEEPER)).pending.map((t) => t.hash)).toEqual([cheap!.hash]);
      }

      // A new auction is kicked in the next full block (the kick pays most, a filler takes the rest).
      const args = [vow, 600n * WAD, 50_000n * RAD] as const;
      const call = { account: fx.deployer.account, address: flopper, abi: flopperAbi, functionName: 'kick', args } as const;
      const { result: id } = await fx.client.simulateContract(call);
      const kickGas = await fx.client.estimateContractGas(call);
      const kickHash = await fx.deployer.writeContract({ ...call, gas: kickGas, maxFeePerGas: cheapFee * 10n, maxPriorityFeePerGas: cheapFee * 10n });
      await blocks.fill(BLOCK_GAS - kickGas, cheapFee * 2n);
      await mine(fx.testClient, 1);
      expect((await fx.client.getTransactionReceipt({ hash: kickHash })).status).toBe('success');
      expect((await txpoolContent(fx.testClient, KEEPER)).pending.map((t) => t.hash)).toEqual([cheap!.hash]);

      // The bid replaces the finalize on its nonce, paying at least 10% more.
      expect((await keeper.step())?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
      expect(ofType(recorded.tx, 'preempted')).toEqual([{ type: 'preempted', key: finalize, by: `enter:${id}`, nonce: BigInt(startNonce + 1) }]);
      const [bid] = (await txpoolContent(fx.testClient, KEEPER)).pending;
      expect(bid).toMatchObject({ nonce: startNonce + 1 });
      expect(bid!.maxFeePerGas! * 10n).toBeGreaterThanOrEqual(cheapFee * 11n);
      expect(keeper.txs.pendingKeys()).toEqual(new Set([`enter:${id}`]));
      await mine(fx.testClient, 1);
      const bidBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
      expect((await a.auction(id)).guy).toBe(pool);

      // Next block: the finalize is planned again, on the next nonce, and mined.
      expect((await keeper.step())?.results).toEqual([{ key: finalize, result: 'sent' }]);
      await mine(fx.testClient, 1);
      expect((await keeper.step())?.results).toEqual([]);
      expect((await a.auction(won)).guy).toBe(zeroAddress);

      const record = await audit(startBlock + 1n);
      expect(record.keys).toEqual([`enter:${won}`, `enter:${id}`, finalize]);
      expect(record.nonces).toEqual(consecutive(startNonce, 3));
      expect(record.reverted).toEqual([]);
      expect(record.doubleBids).toEqual([]);
      expect(record.txpool).toEqual([]);
      const txs = await a.keeperTxs(KEEPER, startBlock + 1n);
      expect(txs.find((t) => t.nonce === startNonce + 1)?.block).toBe(bidBlock);
      expect(txs.find((t) => t.nonce === startNonce + 2)!.block).toBeGreaterThan(bidBlock);
      expect(ofType(recorded.tx, 'confirmed').map((e) => [e.key, e.nonce, e.status])).toEqual([
        [`enter:${won}`, BigInt(startNonce), 'success'],
        [`enter:${id}`, BigInt(startNonce + 1), 'success'],
        [finalize, BigInt(startNonce + 2), 'success'],
      ]);
      expect((await readSyndicate(fx.client, { syndicate: pool })).positions.map((p) => p.id)).toEqual([id]);
    });
  });
});
