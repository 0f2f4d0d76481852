// The keeper and the round, on a real Anvil, one step per block: with requests pending in a tier, its
// RoundClosing refusal is logged once per auction (info, not an error) and another tier may bid; the
// closing round's finalize goes out before a bid of the same step (lower nonce, mined first); and with
// claims on, the requesters found in the round's logs are claimed for once the round has closed.
import { getAddress, parseEventLogs } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { approveDai, readPending, readRound, requestDefect, requestEnlist, syndicateAbi } from '../../src/chain/index.js';
import { DEFAULT_PLANNER_OPTIONS } from '../../src/keeper/planner.js';
import { RAD, WAD } from '../../src/units.js';
import { ALICE_KEY, BOB_KEY, useAnvil } from '../helpers/fixtures.js';
import { actors, CAROL_KEY, KEEPER_KEY, makeKeeper } from '../helpers/keeperHarness.js';

const fx = useAnvil();
const a = actors(fx);
const KEEPER = privateKeyToAccount(KEEPER_KEY).address;
const BOB = privateKeyToAccount(BOB_KEY).address;
const CAROL = privateKeyToAccount(CAROL_KEY).address;
const RAY = 10n ** 27n;

describe('keeper and rounds', () => {
  it('logs RoundClosing once, finalizes the closing round before the bid of the same step, and claims for the requesters', async () => {
    const low = await a.contribute(ALICE_KEY, 100n, 200_000n * WAD);
    await a.contribute(CAROL_KEY, 100n, 100_000n * WAD);
    const { begWad, ttl } = await a.flopParams();
    const { keeper, recorded } = makeKeeper(fx, { options: { planner: { ...DEFAULT_PLANNER_OPTIONS, claim: true } } });
    const first = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
    expect((await keeper.step())?.results).toEqual([{ key: `enter:${first}`, result: 'sent' }]);
    await a.mined(recorded);

    // While the bid is out: Carol asks to leave with half her shares, Bob to join with 1,000 DAI.
    const carol = fx.wallet(CAROL_KEY);
    const bob = fx.wallet(BOB_KEY);
    await requestDefect(fx.client, carol, { syndicate: low, shares: 50_000n * WAD });
    await fx.fundDai(bob, 1_000n * WAD);
    await approveDai(fx.client, bob, { dai: fx.book.maker.dai, spender: low, daiWad: 1_000n * WAD });
    await requestEnlist(fx.client, bob, { syndicate: low, daiWad: 1_000n * WAD });
    const { closeBy } = await readRound(fx.client, { syndicate: low });
    expect(closeBy).toBeGreaterThan(0n);

    // A minute later a new auction: a bid now would settle after the deadline. The 100 tier refuses
    // RoundClosing; the 250 tier has no DAI. Logged once, at info, however many blocks it lasts.
    await a.warp(60n);
    const second = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const refused = await keeper.step();
    expect(refused?.results).toEqual([]);
    const skip = refused?.plan.skips.find((s) => s.id === second);
    expect(skip?.roundClosing).toEqual([{ pool: low, closeBy, settleAt: expect.any(BigInt) }]);
    expect(skip!.roundClosing[0]!.settleAt).toBeGreaterThan(closeBy);
    await fx.testClient.mine({ blocks: 1 });
    await keeper.step();
    const closingLogs = recorded.logs.filter((l) => l.event === 'keeper.enter.roundClosing');
    expect(closingLogs).toHaveLength(1);
    expect(closingLogs[0]).toMatchObject({ level: 30, id: Number(second), pool: low });
    expect(recorded.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);

    // The 250 tier gets DAI; the first bid expires. One step: the 100 tier's finalize (closing its
    // round) and the 250 tier's bid in the second auction, the finalize first.
    const high = await a.contribute(ALICE_KEY, 250n, 60_000n * WAD);
    await a.warp(ttl + 1n);
    const both = await keeper.step();
    expect(both?.plan.actions.map((x) => [x.key, x.class])).toEqual([
      [`finalize:${low}:${first}`, 'close'],
      [`enter:${second}`, 'bid'],
    ]);
    expect(both?.plan.actions[1]!.call).toMatchObject({ pool: high });
    await a.mined(recorded);
    const txs = await a.keeperTxs(KEEPER, startBlock);
    const finalizeTx = txs.find((t) => t.to && getAddress(t.to) === low && t.input.startsWith('0x05261aea'));
    const enterTx = txs.find((t) => t.to && getAddress(t.to) === high);
    expect(finalizeTx && enterTx && finalizeTx.nonce < enterTx.nonce && finalizeTx.block <= enterTx.block).toBe(true);
    expect(txs.every((t) => t.status === 'success')).toBe(true);
    expect((await readRound(fx.client, { syndicate: low })).id).toBe(2n);

    // The next step sees the round closed and reads its requesters from its logs; the one after claims for both.
    await fx.testClient.mine({ blocks: 1 });
    const noticed = await keeper.step();
    expect(noticed?.claimQueue).toBe(2);
    expect(recorded.logs.find((l) => l.event === 'keeper.round.closed')).toMatchObject({ level: 30, pool: low, round: 1, requesters: 2 });
    await fx.testClient.mine({ blocks: 1 });
    const claims = await keeper.step();
    expect(claims?.results).toEqual([
      { key: `claim:${low}:${CAROL}`, result: 'sent' },
      { key: `claim:${low}:${BOB}`, result: 'sent' },
    ]);
    await a.mined(recorded);

    // What they were paid, worked out from the rules: 300,000 shares, 250,000 DAI after the win.
    const supply = 300_000n * WAD;
    const navDai = 250_000n * WAD;
    const lot = (600n * WAD * WAD) / begWad;
    const accRay = (lot * RAY) / supply;
    // The exits leave first at the round's value; the deposits are priced by what stays.
    const exitShares = 50_000n * WAD;
    const paidDai = (exitShares * navDai) / supply;
    const minted = (1_000n * WAD * (supply - exitShares)) / (navDai - paidDai);
    const logs = await fx.client.getLogs({ address: low, fromBlock: startBlock, toBlock: 'latest' });
    const claimed = parseEventLogs({ abi: syndicateAbi, logs, eventName: 'Claimed' }).map((l) => l.args);
    expect(claimed).toEqual([
      { holder: CAROL, round: 1n, shares: 0n, daiWad: paidDai, mkrWad: (50_000n * WAD * accRay) / RAY + (50_000n * WAD * accRay) / RAY },
      { holder: BOB, round: 1n, shares: minted, daiWad: 0n, mkrWad: 0n },
    ]);
    for (const holder of [CAROL, BOB]) expect((await readPending(fx.client, { syndicate: low, holder })).round).toBe(0n);

    // Claimed by anyone means done: the queue empties and nothing more is planned.
    await fx.testClient.mine({ blocks: 1 });
    const after = await keeper.step();
    expect(after?.claimQueue).toBe(0);
    expect(after?.plan.actions.filter((x) => x.call.kind === 'claim')).toEqual([]);
  });

  it('with claims off (the default) sees the round close but reads no logs and claims nothing', async () => {
    const low = await a.contribute(ALICE_KEY, 100n, 200_000n * WAD);
    const { ttl } = await a.flopParams();
    const { keeper, recorded } = makeKeeper(fx);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    await keeper.step();
    await a.mined(recorded);
    await requestDefect(fx.client, fx.alice, { syndicate: low, shares: 1_000n * WAD });
    await a.warp(ttl + 1n);
    await keeper.step();
    await a.mined(recorded);
    await fx.testClient.mine({ blocks: 1 });
    const noticed = await keeper.step();
    expect(noticed?.claimQueue).toBe(0);
    expect(recorded.logs.find((l) => l.event === 'keeper.round.closed')).toMatchObject({ pool: low, round: 1 });
    expect(recorded.logs.find((l) => l.event === 'keeper.round.closed')).not.toHaveProperty('requesters');
    expect(recorded.tx.filter((e) => e.type === 'sent' && e.action === 'claim')).toEqual([]);
    expect((await readPending(fx.client, { syndicate: low, holder: fx.alice.account.address })).executed).toBe(true);
    expect(recorded.tx.filter((e) => e.type === 'sent').map((e) => (e as { key: string }).key)).toEqual([`enter:${id}`, `finalize:${low}:${id}`]);
  });
});
