// getFlopperLogs against the real LibNote of the local Flopper: every kind decoded with its fields,
// in chain order, filtered by kind, and the range bounds honoured.
import { describe, expect, it } from 'vitest';
import { getFlopperLogs } from '../../src/chain/index.js';
import { RAD, WAD } from '../../src/units.js';
import { useAnvil } from '../helpers/fixtures.js';
import { useFlop } from '../helpers/flop.js';

const fx = useAnvil();
const flop = useFlop(fx);
const flopper = fx.book.maker.flop;

describe('getFlopperLogs', () => {
  it('decodes kick, dent, tick and deal with their fields, in chain order', async () => {
    const deployer = fx.deployer.account.address;
    const from = (await fx.client.getBlockNumber({ cacheTime: 0 })) + 1n;
    await fx.kick({ lotWad: 10n * WAD, bidRad: 1_000n * RAD });
    await fx.kick({ lotWad: 20n * WAD, bidRad: 2_000n * RAD });
    await flop.fundBidder(5_000n * RAD);
    await flop.dent(2n, 19n * WAD, 2_000n * RAD);
    await flop.warp(3n * 86400n + 1n);
    await flop.tick(1n);
    await flop.deal(2n);
    const to = await fx.client.getBlockNumber({ cacheTime: 0 });

    const logs = await getFlopperLogs(fx.client, { flopper, fromBlock: from, toBlock: to });
    expect(logs.map((l) => [l.kind, l.id])).toEqual([
      ['kick', 1n],
      ['kick', 2n],
      ['dent', 2n],
      ['tick', 1n],
      ['deal', 2n],
    ]);
    expect(logs[0]).toMatchObject({ kind: 'kick', lotWad: 10n * WAD, bidRad: 1_000n * RAD, gal: fx.book.maker.vow });
    expect(logs[2]).toMatchObject({ kind: 'dent', usr: deployer, lotWad: 19n * WAD, bidRad: 2_000n * RAD });
    expect(logs[4]).toMatchObject({ kind: 'deal', usr: deployer });
    const dealBlock = await fx.client.getBlock({ blockNumber: logs[4]!.blockNumber });
    expect(logs[4]!.blockHash).toBe(dealBlock.hash);
    expect(logs.every((l, i) => i === 0 || l.blockNumber > logs[i - 1]!.blockNumber)).toBe(true);

    const finishes = await getFlopperLogs(fx.client, { flopper, fromBlock: from, toBlock: to, kinds: ['deal', 'yank'] });
    expect(finishes.map((l) => l.kind)).toEqual(['deal']);
    const firstTwo = await getFlopperLogs(fx.client, { flopper, fromBlock: from, toBlock: logs[1]!.blockNumber });
    expect(firstTwo.map((l) => l.id)).toEqual([1n, 2n]);
  });
});
