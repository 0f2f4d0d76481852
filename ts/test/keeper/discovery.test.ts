// AuctionIndex on a real Anvil with the local MCD: auctions kicked, dented, dealt and ticked; an index
// started mid-history in pages of 3 blocks finds exactly the live ones; following picks up kicks and
// deals; anvil_reorg removing a kick or a deal is rolled back; a reorg deeper than the journal
// resyncs; and the requests per followed block do not depend on how many auctions have finished.
import { zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { readAuctions, readKicks, type FlopAuction } from '../../src/chain/index.js';
import { HeadFollower } from '../../src/keeper/blocks.js';
import { AuctionIndex } from '../../src/keeper/discovery.js';
import { RAD, WAD } from '../../src/units.js';
import { useAnvil } from '../helpers/fixtures.js';
import { captureLog, countingClient, useFlop } from '../helpers/flop.js';

const fx = useAnvil();
const flop = useFlop(fx);
const flopper = fx.book.maker.flop;

// The deployed Flopper: beg 1.03, ttl 6 h, tau 3 days.
const LOT_WAD = 10n * WAD;
const BID_RAD = 1_000n * RAD;
const DENT_LOT_WAD = (LOT_WAD * 100n) / 103n;
const TTL = 6n * 3600n;
const TAU = 3n * 86400n;

const kick = () => fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
const blockNumber = () => fx.client.getBlockNumber({ cacheTime: 0 });
const head = async () => {
  const b = await fx.client.getBlock();
  return { number: b.number, hash: b.hash, parentHash: b.parentHash, timestamp: b.timestamp };
};

/** The ground truth the brute-force way: every id up to kicks() whose record still has a high bidder. */
async function liveOnChain(): Promise<bigint[]> {
  const kicks = await readKicks(fx.client, { flopper });
  const ids = Array.from({ length: Number(kicks) }, (_, i) => BigInt(i + 1));
  const records = await readAuctions(fx.client, { flopper, ids });
  return records.filter((r) => r.guy !== zeroAddress).map((r) => r.id);
}

/** The keeper's per-block read, as it would do it in its own multicall: kicks() and the live records. */
async function keeperView(index: AuctionIndex) {
  const at = await blockNumber();
  const [kicks, auctions] = await Promise.all([
    readKicks(fx.client, { flopper, blockNumber: at }),
    readAuctions(fx.client, { flopper, ids: index.live(), blockNumber: at }),
  ]);
  return { kicks, auctions: auctions as readonly FlopAuction[], blockNumber: at };
}

function follower(client = fx.client) {
  const { log, events, lines } = captureLog();
  const heads = new HeadFollower({ client, log });
  return { heads, events, log, lines };
}

describe('AuctionIndex.start', () => {
  it('finds exactly the live auctions when started mid-history in pages of 3 blocks', async () => {
    // ids 1..5; 2 and 3 dented; time runs out; 2 dealt, 4 ticked (an unbid auction restarts); 6 kicked.
    expect(await kick()).toBe(1n);
    expect(await kick()).toBe(2n);
    const kick3Block = (await blockNumber()) + 1n;
    expect(await kick()).toBe(3n);
    await kick();
    await kick();
    await flop.fundBidder(10n * BID_RAD);
    await flop.dent(2n, DENT_LOT_WAD, BID_RAD);
    await flop.dent(3n, DENT_LOT_WAD, BID_RAD);
    await flop.warp(TAU + 1n);
    await flop.deal(2n);
    await flop.tick(4n);
    expect(await kick()).toBe(6n);
    const expected = [1n, 3n, 4n, 5n, 6n];
    expect(await liveOnChain()).toEqual(expected);

    // From the block of kick 3: ids 1 and 2 have no Kick log in range; 2's deal is in range.
    const mid = countingClient(fx);
    const { log } = captureLog();
    const fromMid = new AuctionIndex({ client: mid.client, flopper, log, fromBlock: kick3Block, pageSize: 3n });
    const at = await head();
    await fromMid.start(at);
    expect(fromMid.live()).toEqual(expected);
    expect(fromMid.stats()).toMatchObject({ live: 5, maxId: 6n, lastScanned: at.number });
    const pages = Number((at.number - kick3Block) / 3n) + 1;
    const methods = mid.take();
    expect(methods.filter((m) => m === 'eth_getLogs')).toHaveLength(pages);
    // kicks(), then the one id without a Kick log nor a deal log (1) read with bids()
    expect(methods.filter((m) => m === 'eth_call')).toHaveLength(2);

    // From the head: nothing in range, every id read once with bids() (2 found dealt that way).
    const fromHead = new AuctionIndex({ client: fx.client, flopper, log, fromBlock: at.number, pageSize: 3n });
    await fromHead.start(at);
    expect(fromHead.live()).toEqual(expected);
    expect(fromHead.stats().maxId).toBe(6n);

    // From before the first kick: everything from logs, and no record read at all.
    const all = countingClient(fx);
    const fromStart = new AuctionIndex({ client: all.client, flopper, log, fromBlock: flop.startBlock, pageSize: 3n });
    await fromStart.start(at);
    expect(fromStart.live()).toEqual(expected);
    expect(all.take().filter((m) => m === 'eth_call')).toHaveLength(1);
  });

  it('is empty when nothing was kicked, and a reconcile adds what kicks() reveals at no request', async () => {
    const rpc = countingClient(fx);
    const { log } = captureLog();
    const index = new AuctionIndex({ client: rpc.client, flopper, log, fromBlock: flop.startBlock });
    await index.start(await head());
    expect(index.live()).toEqual([]);
    await kick();
    await kick();
    rpc.take();
    const view = await keeperView(index);
    expect(index.reconcile(view)).toEqual({ kicked: [1n, 2n], finished: [], resync: false });
    expect(rpc.take()).toEqual([]);
    expect(index.live()).toEqual([1n, 2n]);
  });
});

describe('AuctionIndex.follow', () => {
  it('picks up new kicks and deals, keeps a ticked auction live, and agrees with the keeper reconcile', async () => {
    await kick();
    await kick();
    await flop.fundBidder(10n * BID_RAD);
    await flop.dent(1n, DENT_LOT_WAD, BID_RAD);
    const { heads, log } = follower();
    const index = new AuctionIndex({ client: fx.client, flopper, log, fromBlock: flop.startBlock });
    const first = await heads.poll();
    await index.start(first.head);
    expect(index.live()).toEqual([1n, 2n]);
    expect(await index.follow(await heads.poll())).toEqual({ kicked: [], finished: [], resync: false });

    await kick();
    expect(await index.follow(await heads.poll())).toEqual({ kicked: [3n], finished: [], resync: false });

    await flop.warp(TTL + 1n);
    await flop.deal(1n);
    expect(await index.follow(await heads.poll())).toEqual({ kicked: [], finished: [1n], resync: false });

    await flop.warp(TAU);
    await flop.tick(2n);
    expect(await index.follow(await heads.poll())).toEqual({ kicked: [], finished: [], resync: false });

    // Several blocks between two polls: one range.
    await kick();
    await kick();
    await flop.mineBlocks(2);
    const change = await heads.poll();
    expect(change.kind).toBe('advance');
    expect(await index.follow(change)).toEqual({ kicked: [4n, 5n], finished: [], resync: false });

    expect(index.live()).toEqual([2n, 3n, 4n, 5n]);
    expect(index.live()).toEqual(await liveOnChain());
    expect(index.reconcile(await keeperView(index))).toEqual({ kicked: [], finished: [], resync: false });
    expect(index.stats()).toMatchObject({ live: 4, maxId: 5n, lastScanned: change.head.number });
  });

  it('rolls back a kick removed by anvil_reorg, noticed at the same height', async () => {
    await kick();
    const { heads, log, events } = follower();
    const index = new AuctionIndex({ client: fx.client, flopper, log, fromBlock: flop.startBlock });
    await index.start((await heads.poll()).head);

    await kick();
    const kicked = await heads.poll();
    expect(await index.follow(kicked)).toEqual({ kicked: [2n], finished: [], resync: false });

    await flop.reorg(1); // the block of kick 2 replaced by an empty one
    const change = await heads.poll();
    expect(change).toMatchObject({ kind: 'reorg', ancestor: kicked.head.number - 1n, depth: 1, head: { number: kicked.head.number } });
    expect(await index.follow(change)).toEqual({ kicked: [], finished: [2n], resync: false });
    expect(index.live()).toEqual([1n]);
    expect(index.stats().maxId).toBe(1n);
    expect(await liveOnChain()).toEqual([1n]);
    expect(events()).toContain('discovery.rolledBack');

    // the next kick takes id 2 again, and is found
    expect(await kick()).toBe(2n);
    expect(await index.follow(await heads.poll())).toEqual({ kicked: [2n], finished: [], resync: false });
  });

  it('rolls back a deal removed by anvil_reorg: the auction is live again', async () => {
    await kick();
    await kick();
    await flop.fundBidder(10n * BID_RAD);
    await flop.dent(1n, DENT_LOT_WAD, BID_RAD);
    await flop.warp(TTL + 1n);
    const { heads, log } = follower();
    const index = new AuctionIndex({ client: fx.client, flopper, log, fromBlock: flop.startBlock });
    await index.start((await heads.poll()).head);
    expect(index.live()).toEqual([1n, 2n]);

    await flop.deal(1n);
    await flop.mineBlocks(1);
    expect(await index.follow(await heads.poll())).toEqual({ kicked: [], finished: [1n], resync: false });
    expect(index.live()).toEqual([2n]);

    await flop.reorg(2); // the deal's block and the one after
    const change = await heads.poll();
    expect(change).toMatchObject({ kind: 'reorg', depth: 2 });
    expect(await index.follow(change)).toEqual({ kicked: [1n], finished: [], resync: false });
    expect(index.live()).toEqual([1n, 2n]);
    expect(await liveOnChain()).toEqual([1n, 2n]);
    expect(index.reconcile(await keeperView(index))).toEqual({ kicked: [], finished: [], resync: false });
  });

  it('rescans from fromBlock when a reorg reaches below its journal, and logs it as an error', async () => {
    await kick();
    const { heads, log, lines } = follower();
    const index = new AuctionIndex({ client: fx.client, flopper, log, fromBlock: flop.startBlock, reorgWindow: 2 });
    await index.start((await heads.poll()).head);
    await kick();
    await flop.mineBlocks(3);
    expect(await index.follow(await heads.poll())).toEqual({ kicked: [2n], finished: [], resync: false });

    await flop.reorg(4); // removes kick 2, deeper than the 2 blocks the journal keeps
    const change = await heads.poll();
    expect(change).toMatchObject({ kind: 'reorg', depth: 4 });
    expect(await index.follow(change)).toEqual({ kicked: [], finished: [2n], resync: true });
    expect(index.live()).toEqual([1n]);
    // pino's error level is 50
    expect(lines.find((l) => l['msg'] === 'discovery.resync')).toMatchObject({ level: 50, event: 'discovery.resync', beyondWindow: false });
  });

  it('makes the same requests per followed block with 2 and with 30 finished auctions', async () => {
    await flop.fundBidder(100n * BID_RAD);
    const rpc = countingClient(fx);
    const { log } = captureLog();
    const heads = new HeadFollower({ client: rpc.client, log });
    const index = new AuctionIndex({ client: rpc.client, flopper, log, fromBlock: flop.startBlock });

    let next = 1n;
    async function finishAuctions(count: number) {
      const ids: bigint[] = [];
      for (let i = 0; i < count; i++) ids.push(await kick());
      for (const id of ids) await flop.dent(id, DENT_LOT_WAD, BID_RAD);
      await flop.warp(TTL + 1n);
      for (const id of ids) await flop.deal(id);
      next += BigInt(count);
    }
    /** Requests of poll + follow over three blocks: one with a kick, one empty, one with a deal. */
    async function requestsPerBlock(): Promise<string[][]> {
      await index.follow(await heads.poll()); // catch up (a gap), not counted
      rpc.take();
      const perBlock: string[][] = [];
      const id = await kick();
      rpc.take();
      const kicked = await index.follow(await heads.poll());
      expect(kicked.kicked).toEqual([id]);
      perBlock.push(rpc.take());
      await flop.mineBlocks(1);
      rpc.take();
      await index.follow(await heads.poll());
      perBlock.push(rpc.take());
      await flop.dent(id, DENT_LOT_WAD, BID_RAD);
      await index.follow(await heads.poll());
      await flop.warp(TTL + 1n);
      await index.follow(await heads.poll());
      await flop.deal(id);
      rpc.take();
      const dealt = await index.follow(await heads.poll());
      expect(dealt.finished).toEqual([id]);
      perBlock.push(rpc.take());
      next += 1n;
      return perBlock;
    }

    await finishAuctions(2);
    await index.start((await heads.poll()).head);
    expect(index.live()).toEqual([]);
    const withTwo = await requestsPerBlock(); // 3 finished by now

    await finishAuctions(27); // 30 finished
    const withThirty = await requestsPerBlock(); // 31 finished

    const perBlock = ['eth_getBlockByNumber', 'eth_getLogs'];
    expect(withTwo).toEqual([perBlock, perBlock, perBlock]);
    expect(withThirty).toEqual(withTwo);
    expect(index.stats()).toMatchObject({ live: 0, maxId: next - 1n });
    expect(await liveOnChain()).toEqual([]);
  }, 120_000);
});
