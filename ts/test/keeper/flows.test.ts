// The keeper end to end on a real Anvil, one step per block, driven by the test: kick, enter, a rival
// outbids, re-enter, win, deal, finalize; several tiers at once; tick growth until a tier can enter;
// a restart with a transaction still in the mempool.
import { describe, expect, it } from 'vitest';
import { getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { readSyndicate } from '../../src/chain/index.js';
import { RAD, WAD } from '../../src/units.js';
import { useAnvil } from '../helpers/fixtures.js';
import { actors, CAROL_KEY, KEEPER_KEY, makeKeeper } from '../helpers/keeperHarness.js';
import { ALICE_KEY } from '../helpers/fixtures.js';

const fx = useAnvil();
const a = actors(fx);
const KEEPER = privateKeyToAccount(KEEPER_KEY).address;

/** The lot a dent must at least undercut to: `lot / beg`, rounded down (wad). */
const undercut = (lotWad: bigint, begWad: bigint) => (lotWad * WAD) / begWad - 1n;

describe('keeper flows', () => {
  it('enters, re-enters after a rival outbids it, wins, and finalizes the win once deal is possible', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 200_000n * WAD);
    const { begWad, ttl } = await a.flopParams();
    const { keeper, recorded } = makeKeeper(fx);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });

    const first = await keeper.step();
    expect(first?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
    await a.mined(recorded); // Anvil mines on arrival, but under load a read can still come first
    expect((await a.auction(id)).guy).toBe(pool);

    await a.rivalDent(id, undercut((await a.auction(id)).lotWad, begWad));
    expect((await a.auction(id)).guy).not.toBe(pool);
    const second = await keeper.step();
    expect(second?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
    await a.mined(recorded);
    expect((await a.auction(id)).guy).toBe(pool);

    // Nothing to do while the bid stands.
    await fx.testClient.mine({ blocks: 1 });
    expect((await keeper.step())?.results).toEqual([]);

    await a.warp(ttl + 1n);
    const third = await keeper.step();
    expect(third?.results).toEqual([{ key: `finalize:${pool}:${id}`, result: 'sent' }]);
    await a.mined(recorded);
    const after = await readSyndicate(fx.client, { syndicate: pool });
    expect(after.positions).toEqual([]);
    expect(after.status.mkrBookWad).toBeGreaterThan(500n * WAD);
    expect((await a.auction(id)).guy).toBe('0x0000000000000000000000000000000000000000');

    // Safety, over the chain's own record: every keeper transaction succeeded, nonces have no gap,
    // and the pool entered exactly twice (once per rival bid), finalized once.
    const txs = await a.keeperTxs(KEEPER, startBlock);
    expect(txs.map((t) => t.status)).toEqual(['success', 'success', 'success']);
    expect(txs.map((t) => t.nonce)).toEqual([0, 1, 2]);
    // (the re-entry closes the outbid position itself: its refund is the first AuctionFinalized)
    const events = await a.poolEvents(pool);
    expect(events.map((e) => [e.eventName, e.eventName === 'AuctionFinalized' ? e.args.won : undefined])).toEqual([
      ['AuctionEntered', undefined],
      ['AuctionFinalized', false],
      ['AuctionEntered', undefined],
      ['AuctionFinalized', true],
    ]);
    expect(recorded.tx.filter((e) => e.type === 'refused')).toEqual([]);
  });

  it('runs several tiers at once: each auction goes to the lowest tier whose price allows it', async () => {
    const low = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const high = await a.contribute(CAROL_KEY, 250n, 100_000n * WAD);
    const cheap = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD }); // ~86 DAI/MKR asked
    const dear = await fx.kick({ lotWad: 250n * WAD, bidRad: 50_000n * RAD }); // ~206 DAI/MKR asked
    const { keeper, recorded } = makeKeeper(fx);
    const report = await keeper.step();
    expect(report?.results.map((r) => r.result)).toEqual(['sent', 'sent']);
    await a.mined(recorded);
    expect((await a.auction(cheap)).guy).toBe(low);
    expect((await a.auction(dear)).guy).toBe(high);
    expect(report?.plan.skips).toEqual([]);
  });

  it('ticks an unbid auction until its lot makes it cheap enough for the tier, then enters', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const { tau, padWad } = await a.flopParams();
    // 50,000 DAI for 450 MKR: about 114 DAI/MKR asked after beg, above the only funded tier (100);
    // one tick (pad) makes it 540 MKR, about 95 DAI/MKR.
    const id = await fx.kick({ lotWad: 450n * WAD, bidRad: 50_000n * RAD });
    const { keeper, recorded } = makeKeeper(fx);
    const first = await keeper.step();
    expect(first?.results).toEqual([]);
    expect(first?.plan.skips[0]?.reason).toMatch(/tier 100: PriceAboveLimit; tier 250: InsufficientLiquidity/);

    await a.warp(tau + 1n);
    const tick = await keeper.step();
    expect(tick?.results).toEqual([{ key: `tick:${id}`, result: 'sent' }]);
    await a.mined(recorded);
    expect((await a.auction(id)).lotWad).toBe((450n * WAD * padWad) / WAD);

    await fx.testClient.mine({ blocks: 1 });
    const enter = await keeper.step();
    expect(enter?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
    await a.mined(recorded);
    expect((await a.auction(id)).guy).toBe(pool);
  });

  it('restarts with its bid still in the mempool: adopts it, bids nothing twice', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    await fx.testClient.setAutomine(false);
    try {
      const before = makeKeeper(fx);
      const sent = await before.keeper.step();
      expect(sent?.results).toEqual([{ key: `enter:${id}`, result: 'sent' }]);
      // The process dies here; a new one starts while the bid still waits in the mempool.
      const after = makeKeeper(fx);
      await after.keeper.start();
      expect([...after.keeper.txs.pendingKeys()]).toEqual([`enter:${id}`]);
      await fx.testClient.mine({ blocks: 1 });
      const next = await after.keeper.step();
      expect(next?.results).toEqual([]);
      expect((await a.auction(id)).guy).toBe(getAddress(pool));
      expect(await fx.client.getTransactionCount({ address: KEEPER })).toBe(1);
    } finally {
      await fx.testClient.setAutomine(true);
    }
  });
});
