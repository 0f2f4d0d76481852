// The chain module against a real Anvil holding the local MCD, a factory and two tiers (100 and 250
// DAI/MKR): reads, DAI's permit through enlistWithPermit, an auction kicked with the ward's rights,
// canEnter's refusal decoded, and enterAuction.
import { maxUint256 } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  ChainRevertError,
  daiAbi,
  enlistWithPermit,
  enterAuction,
  navPerShare,
  readAuctions,
  readBalances,
  readCanEnter,
  readFlopper,
  readMkrMeta,
  readSyndicate,
  readSyndicates,
  readTierAddresses,
  readVow,
} from '../../src/chain/index.js';
import { RAD, WAD } from '../../src/units.js';
import { useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
const BEG_WAD = 103n * 10n ** 16n;
// A small auction: 1,000 DAI for 10 MKR (100 DAI/MKR as kicked; the pool asks 10/1.03 MKR, ~103 DAI/MKR).
const LOT_WAD = 10n * WAD;
const BID_RAD = 1_000n * RAD;
const ASKED_LOT_WAD = (LOT_WAD * WAD) / BEG_WAD;

describe('reads', () => {
  it('lists both tiers of the factory, empty', async () => {
    const tiers = await readTierAddresses(fx.client, { factory: fx.book.factory! });
    const pools = await readSyndicates(fx.client, { syndicates: tiers });
    expect(pools.map((p) => p.limitWad).sort()).toEqual([100n * WAD, 250n * WAD]);
    for (const pool of pools) {
      expect(pool.status).toMatchObject({ totalShares: 0n, daiBookWad: 0n, openPositions: 0n, settlementDue: 0n, halted: false, flopperLive: true });
      expect(pool.positions).toEqual([]);
      expect(navPerShare(pool.status)).toEqual({ daiWad: 0n, mkrWad: 0n });
    }
  });

  it("decodes MKR's bytes32 name and symbol, and reads the Flopper and the Vow", async () => {
    expect(await readMkrMeta(fx.client, { mkr: fx.book.maker.mkr })).toEqual({ name: 'Maker', symbol: 'MKR', decimals: 18 });
    const flopper = await readFlopper(fx.client, { flopper: fx.book.maker.flop });
    expect(flopper).toMatchObject({ begWad: BEG_WAD, padWad: 12n * 10n ** 17n, ttl: 6n * 3600n, tau: 3n * 86400n, kicks: 0n, live: true });
    const vow = await readVow(fx.client, { vow: fx.book.maker.vow, vat: fx.book.maker.vat });
    expect(vow).toMatchObject({ sumpRad: 50_000n * RAD, dumpWad: 250n * WAD, ashRad: 0n, canFlop: false });
  });
});

describe('a funded pool with an open position', () => {
  it('enlists with DAI permit, refuses the low tier with PriceAboveLimit, and enters the high tier', async () => {
    const low = await fx.tierAddress(100n * WAD);
    const high = await fx.tierAddress(250n * WAD);
    const alice = fx.alice.account.address;
    await fx.fundDai(fx.alice, 5_000n * WAD);

    // One transaction: DAI's permit signed off chain, then enlistWithPermit.
    await enlistWithPermit(fx.client, fx.alice, { syndicate: high, dai: fx.book.maker.dai, daiWad: 5_000n * WAD });
    const balances = await readBalances(fx.client, { dai: fx.book.maker.dai, mkr: fx.book.maker.mkr, holder: alice });
    expect(balances).toMatchObject({ daiWad: 0n, daiNonce: 1n });
    expect(await fx.client.readContract({ address: fx.book.maker.dai, abi: daiAbi, functionName: 'allowance', args: [alice, high] })).toBe(maxUint256);

    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    expect(id).toBe(1n);

    const [lowCheck, highCheck] = await readCanEnter(fx.client, { syndicates: [low, high], ids: [id] });
    expect(highCheck).toMatchObject({ ok: true, refusal: undefined });
    expect(lowCheck!.ok).toBe(false);
    expect(lowCheck!.refusal?.name).toBe('PriceAboveLimit');
    const [priceWad, limitWad] = lowCheck!.refusal!.args as readonly [bigint, bigint];
    expect(limitWad).toBe(100n * WAD);
    expect(priceWad).toBeGreaterThan(100n * WAD);
    expect(priceWad).toBe(((BID_RAD + ASKED_LOT_WAD - 1n) / ASKED_LOT_WAD + 10n ** 9n - 1n) / 10n ** 9n);

    // The low tier has no DAI at all, but the price check comes first: the decoded revert says so.
    const refused = await enterAuction(fx.client, fx.alice, { syndicate: low, id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChainRevertError);
    expect((refused as ChainRevertError).revert?.name).toBe('PriceAboveLimit');
    expect((refused as ChainRevertError).kind).toBe('chain');

    await enterAuction(fx.client, fx.alice, { syndicate: high, id });
    const [auction] = await readAuctions(fx.client, { flopper: fx.book.maker.flop, ids: [id] });
    expect(auction).toMatchObject({ guy: high, lotWad: ASKED_LOT_WAD, bidRad: BID_RAD });

    const pool = await readSyndicate(fx.client, { syndicate: high });
    expect(pool.status).toMatchObject({ totalShares: 5_000n * WAD, daiBookWad: 4_000n * WAD, lockedBookWad: 1_000n * WAD, openPositions: 1n, settlementDue: 0n });
    expect(pool.positions).toEqual([{ id, lockedDaiWad: 1_000n * WAD, lotWad: ASKED_LOT_WAD, settleAt: auction!.tic }]);
    expect(navPerShare(pool.status)).toEqual({ daiWad: WAD, mkrWad: 0n });

    // Entering again: the pool already leads.
    const [again] = await readCanEnter(fx.client, { syndicates: [high], ids: [id] });
    expect(again!.refusal?.name).toBe('AlreadyHighBidder');
    expect(again!.refusal?.args).toEqual([id]);
  });

  it('starts every test from the deployed state (snapshot and revert)', async () => {
    expect((await readFlopper(fx.client, { flopper: fx.book.maker.flop })).kicks).toBe(0n);
  });
});
