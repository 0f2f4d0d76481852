// HeadFollower on a real Anvil: one request per poll in the normal case, one more for a gap, and a
// reorg noticed by hash though the height did not change (anvil_reorg), a head that went back
// (anvil_rollback), a reorg under a taller head, and one deeper than the window.
import { describe, expect, it } from 'vitest';
import { HeadFollower, type HeadChange } from '../../src/keeper/blocks.js';
import { useAnvil } from '../helpers/fixtures.js';
import { captureLog, countingClient, useFlop } from '../helpers/flop.js';

const fx = useAnvil();
const flop = useFlop(fx);

function follower(window?: number) {
  const rpc = countingClient(fx);
  const { log, events } = captureLog();
  const heads = new HeadFollower({ client: rpc.client, log, ...(window === undefined ? {} : { window }) });
  return { heads, rpc, events };
}

function reorgOf(change: HeadChange) {
  if (change.kind !== 'reorg') throw new Error(`expected a reorg, got ${change.kind}`);
  return change;
}

describe('HeadFollower', () => {
  it('starts with an advance, then reports the same head, one eth_getBlockByNumber per poll', async () => {
    const { heads, rpc } = follower();
    const first = await heads.poll();
    const latest = await fx.client.getBlock();
    expect(first).toEqual({ kind: 'advance', head: { number: latest.number, hash: latest.hash, parentHash: latest.parentHash, timestamp: latest.timestamp }, previous: undefined });
    expect(rpc.take()).toEqual(['eth_getBlockByNumber']);
    expect(await heads.poll()).toEqual({ kind: 'same', head: first.head });
    expect(rpc.take()).toEqual(['eth_getBlockByNumber']);
    expect(heads.head).toEqual(first.head);
  });

  it('advances block by block with one request, and over a gap with one more', async () => {
    const { heads, rpc } = follower();
    const first = (await heads.poll()).head;
    await flop.mineBlocks(1);
    rpc.take();
    const next = await heads.poll();
    expect(next).toMatchObject({ kind: 'advance', head: { number: first.number + 1n, parentHash: first.hash }, previous: first });
    expect(rpc.take()).toEqual(['eth_getBlockByNumber']);

    await flop.mineBlocks(3);
    const after = await heads.poll();
    expect(after).toMatchObject({ kind: 'advance', head: { number: first.number + 4n }, previous: next.head });
    expect(rpc.take()).toEqual(['eth_getBlockByNumber', 'eth_getBlockByNumber']);
  });

  it('notices anvil_reorg by hash although the height is unchanged', async () => {
    await flop.mineBlocks(5);
    const { heads, rpc, events } = follower();
    await heads.poll();
    await flop.mineBlocks(1);
    const before = (await heads.poll()).head;
    rpc.take();

    await flop.reorg(2);
    const latest = await fx.client.getBlock();
    expect(latest.number).toBe(before.number); // a watcher comparing numbers sees nothing
    expect(latest.hash).not.toBe(before.hash);

    const change = reorgOf(await heads.poll());
    expect(change).toMatchObject({ ancestor: before.number - 2n, depth: 2, head: { number: before.number, hash: latest.hash } });
    expect(change.beyondWindow).toBeUndefined();
    // the head, then the block two below (its parentHash checked the one between for free)
    expect(rpc.take()).toEqual(['eth_getBlockByNumber', 'eth_getBlockByNumber']);
    expect(events()).toContain('blocks.reorg');

    // and it follows the new branch afterwards
    await flop.mineBlocks(1);
    expect(await heads.poll()).toMatchObject({ kind: 'advance', head: { number: before.number + 1n, parentHash: latest.hash } });
  });

  it('finds the ancestor of a depth-1 reorg from the parent hash alone', async () => {
    const { heads, rpc } = follower();
    await flop.mineBlocks(2);
    await heads.poll();
    await flop.mineBlocks(1);
    const before = (await heads.poll()).head;
    rpc.take();
    await flop.reorg(1);
    expect(reorgOf(await heads.poll())).toMatchObject({ ancestor: before.number - 1n, depth: 1 });
    expect(rpc.take()).toEqual(['eth_getBlockByNumber']);
  });

  it('reports a head that went back as a reorg to the block it went back to', async () => {
    const { heads } = follower();
    await flop.mineBlocks(3);
    const before = (await heads.poll()).head;
    await flop.rollback(2);
    const change = reorgOf(await heads.poll());
    expect(change).toMatchObject({ ancestor: before.number - 2n, depth: 2, head: { number: before.number - 2n } });
  });

  it('finds the ancestor of a reorg under a taller head', async () => {
    const { heads } = follower();
    await flop.mineBlocks(4);
    await heads.poll();
    await flop.mineBlocks(1);
    const before = (await heads.poll()).head;
    await flop.reorg(3);
    await flop.mineBlocks(2);
    const change = reorgOf(await heads.poll());
    expect(change).toMatchObject({ ancestor: before.number - 3n, depth: 3, head: { number: before.number + 2n } });
  });

  it('flags a reorg deeper than its window and logs an error', async () => {
    const { heads, events } = follower(4);
    await heads.poll();
    for (let i = 0; i < 8; i++) {
      await flop.mineBlocks(1);
      expect((await heads.poll()).kind).toBe('advance');
    }
    const before = heads.head!;
    await flop.reorg(6);
    const change = reorgOf(await heads.poll());
    expect(change.beyondWindow).toBe(true);
    expect(change.ancestor).toBeLessThanOrEqual(before.number - 4n);
    expect(events()).toContain('blocks.reorg.deep');
    // and it starts over from the new head
    await flop.mineBlocks(1);
    expect((await heads.poll()).kind).toBe('advance');
  });
});
