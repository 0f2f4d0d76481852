// The round's chain calls on a real Anvil (tier 250 DAI/MKR): while a bid is out, enlist and defect
// refuse RoundOpen and the requests take their place; the first request sets the deadline, after which
// canEnter refuses a bid settling later (RoundClosing); a request is cancelled and made again; claim
// waits for the close (RequestPending); the finalize that empties the queue closes the round at the
// value after it (RoundClosed); anyone claims for a requester; claimMkr with nothing credited; the
// requesters read back from the round's logs. Every expected amount is worked out here from the rules.
import { describe, expect, it } from 'vitest';
import {
  ChainRevertError,
  approveDai,
  cancelEnlist,
  claim,
  claimMkr,
  defect,
  enlist,
  enlistWithPermit,
  enterAuction,
  finalize,
  readCanEnter,
  readClaimableMkr,
  readFlopper,
  readHolder,
  readPending,
  readRound,
  readRoundRequesters,
  readSyndicate,
  requestDefect,
  requestEnlist,
  syndicateEvents,
} from '../../src/chain/index.js';
import { daiAbi } from '../../src/chain/index.js';
import { RAD, WAD } from '../../src/units.js';
import { BOB_KEY, useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
const RAY = 10n ** 27n;
const BEG_WAD = 103n * 10n ** 16n;
const LOT_WAD = 10n * WAD;
const BID_RAD = 1_000n * RAD;
/** The lot the pool asks: the largest beg allows. */
const ASKED_LOT_WAD = (LOT_WAD * WAD) / BEG_WAD;
const bob = fx.wallet(BOB_KEY);
const ALICE = fx.alice.account.address;
const BOB = bob.account.address;

async function refusal(work: Promise<unknown>) {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ChainRevertError);
  return (error as ChainRevertError).revert;
}

describe('a round, through the chain helpers', () => {
  it('holds enlist and defect while a bid is out, takes requests, closes at the finalize and pays through claim', async () => {
    const high = await fx.tierAddress(250n * WAD);
    const { ttl, tau } = await readFlopper(fx.client, { flopper: fx.book.maker.flop });
    const window = ttl < tau ? ttl : tau;
    await fx.fundDai(fx.alice, 5_000n * WAD);
    await fx.fundDai(bob, 2_000n * WAD);
    await enlistWithPermit(fx.client, fx.alice, { syndicate: high, dai: fx.book.maker.dai, daiWad: 5_000n * WAD });
    expect(await readRound(fx.client, { syndicate: high })).toEqual({ id: 1n, open: false, closeBy: 0n, enlistDaiWad: 0n, defectShares: 0n });
    // No round open: a request has nothing to wait for.
    expect((await refusal(requestDefect(fx.client, fx.alice, { syndicate: high, shares: WAD })))?.name).toBe('NoRoundOpen');

    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    await enterAuction(fx.client, fx.alice, { syndicate: high, id });
    expect(await readRound(fx.client, { syndicate: high })).toEqual({ id: 1n, open: true, closeBy: 0n, enlistDaiWad: 0n, defectShares: 0n });
    const open = await refusal(defect(fx.client, fx.alice, { syndicate: high, shares: WAD }));
    expect(open).toMatchObject({ name: 'RoundOpen', args: [0n], signature: 'RoundOpen(closeBy=0)' });
    await approveDai(fx.client, bob, { dai: fx.book.maker.dai, spender: high, daiWad: 2_000n * WAD });
    expect((await refusal(enlist(fx.client, bob, { syndicate: high, daiWad: WAD })))?.name).toBe('RoundOpen');

    // Bob asks to join with 1,000 DAI: the DAI is taken now; the first request sets the deadline.
    const asked = await requestEnlist(fx.client, bob, { syndicate: high, daiWad: 1_000n * WAD });
    const askedAt = (await fx.client.getBlock({ blockNumber: asked.blockNumber })).timestamp;
    expect(syndicateEvents(asked.receipt.logs, high).filter((e) => e.eventName !== 'Transfer')).toMatchObject([{ eventName: 'EnlistRequested', args: { holder: BOB, round: 1n, daiWad: 1_000n * WAD } }]);
    const firstCloseBy = askedAt + window;
    expect(await readRound(fx.client, { syndicate: high })).toEqual({ id: 1n, open: true, closeBy: firstCloseBy, enlistDaiWad: 1_000n * WAD, defectShares: 0n });
    const { status } = await readSyndicate(fx.client, { syndicate: high });
    expect(status).toMatchObject({ round: 1n, roundOpen: true, closeBy: firstCloseBy, daiBookWad: 4_000n * WAD, lockedBookWad: 1_000n * WAD });

    // He thinks better of it, then asks again for 500: the DAI came back, the round's total follows.
    // The round's last request withdrawn lifts the deadline; asking again sets it anew.
    const cancelled = await cancelEnlist(fx.client, bob, { syndicate: high });
    expect(cancelled.result).toBe(1_000n * WAD);
    expect(await readRound(fx.client, { syndicate: high })).toEqual({ id: 1n, open: true, closeBy: 0n, enlistDaiWad: 0n, defectShares: 0n });
    expect((await readPending(fx.client, { syndicate: high, holder: BOB })).round).toBe(0n);
    await fx.testClient.increaseTime({ seconds: 30 });
    const again = await requestEnlist(fx.client, bob, { syndicate: high, daiWad: 500n * WAD });
    const closeBy = (await fx.client.getBlock({ blockNumber: again.blockNumber })).timestamp + window;
    expect(closeBy).toBeGreaterThan(firstCloseBy);

    // Alice asks to leave with 2,000 of her 5,000 shares: locked in the pool, still in the supply.
    const leaving = await requestDefect(fx.client, fx.alice, { syndicate: high, shares: 2_000n * WAD });
    expect(syndicateEvents(leaving.receipt.logs, high).find((e) => e.eventName === 'DefectRequested')?.args).toEqual({ holder: ALICE, round: 1n, shares: 2_000n * WAD });
    expect(await readHolder(fx.client, { syndicate: high, holder: ALICE })).toEqual({
      shares: 3_000n * WAD,
      maxDefectShares: 0n,
      claimableMkrWad: 0n,
      pending: { round: 1n, enlistDaiWad: 0n, defectShares: 2_000n * WAD, executed: false, sharesOut: 0n, daiOutWad: 0n, mkrWad: 0n },
    });
    expect(await readRound(fx.client, { syndicate: high })).toEqual({ id: 1n, open: true, closeBy, enlistDaiWad: 500n * WAD, defectShares: 2_000n * WAD });

    // A minute later, a bid would settle a bid life from then, after the deadline: refused RoundClosing.
    await fx.testClient.increaseTime({ seconds: 60 });
    await fx.testClient.mine({ blocks: 1 });
    const late = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    const { timestamp: now } = await fx.client.getBlock();
    const [check] = await readCanEnter(fx.client, { syndicates: [high], ids: [late] });
    expect(check).toMatchObject({ ok: false, refusal: { name: 'RoundClosing', argNames: ['closeBy', 'settleAt'] } });
    const [deadline, settleAt] = check!.refusal!.args as readonly [bigint, bigint];
    expect(deadline).toBe(closeBy);
    expect(settleAt).toBeGreaterThanOrEqual(now + ttl);
    expect(settleAt).toBeGreaterThan(closeBy);

    // Nothing to claim while the round is open.
    expect(await refusal(claim(fx.client, bob, { syndicate: high, holder: BOB }))).toMatchObject({ name: 'RequestPending', args: [1n] });

    // The bid expires; the finalize that empties the queue closes the round at the value after it.
    await fx.testClient.increaseTime({ seconds: Number(ttl) + 1 });
    await fx.testClient.mine({ blocks: 1 });
    const settled = await finalize(fx.client, bob, { syndicate: high, id });
    const supply = 5_000n * WAD;
    const navDai = 4_000n * WAD; // the liquid book after the win: the 1,000 DAI bid bought the lot
    // The exits leave first at the round's value; the deposits are priced by the shares and DAI that stay.
    const paidDai = (2_000n * WAD * navDai) / supply;
    const minted = (500n * WAD * (supply - 2_000n * WAD)) / (navDai - paidDai);
    const events = syndicateEvents(settled.receipt.logs, high);
    expect(events.find((e) => e.eventName === 'AuctionFinalized')?.args).toEqual({ id, won: true, lotWad: ASKED_LOT_WAD, daiWad: 1_000n * WAD });
    expect(events.find((e) => e.eventName === 'RoundClosed')?.args).toEqual({
      round: 1n,
      enlistDaiWad: 500n * WAD,
      mintedShares: minted,
      defectShares: 2_000n * WAD,
      paidDaiWad: paidDai,
      navDaiWad: navDai,
      totalShares: supply,
    });
    expect(paidDai).toBe(1_600n * WAD);
    expect(minted).toBe(625n * WAD);
    expect(await readRound(fx.client, { syndicate: high })).toEqual({ id: 2n, open: false, closeBy: 0n, enlistDaiWad: 0n, defectShares: 0n });

    // The lot is credited per share to the round's shares: Alice's 3,000 and her 2,000 locked, each
    // balance accruing on its own (rounded down).
    const accRay = (ASKED_LOT_WAD * RAY) / supply;
    const aliceMkr = (3_000n * WAD * accRay) / RAY + (2_000n * WAD * accRay) / RAY;
    expect(await readClaimableMkr(fx.client, { syndicate: high, holder: ALICE })).toBe(aliceMkr);
    expect(await readPending(fx.client, { syndicate: high, holder: ALICE })).toEqual({ round: 1n, enlistDaiWad: 0n, defectShares: 2_000n * WAD, executed: true, sharesOut: 0n, daiOutWad: paidDai, mkrWad: aliceMkr });
    expect(await readPending(fx.client, { syndicate: high, holder: BOB })).toEqual({ round: 1n, enlistDaiWad: 500n * WAD, defectShares: 0n, executed: true, sharesOut: minted, daiOutWad: 0n, mkrWad: 0n });

    // The round's requesters, from its logs (Bob's cancelled request counts: he asked), on one page or many.
    const head = await fx.client.getBlockNumber({ cacheTime: 0 }); // viem caches the block number for a polling interval
    expect(await readRoundRequesters(fx.client, { syndicate: high, round: 1n, fromBlock: 0n, toBlock: head })).toEqual([BOB, ALICE]);
    expect(await readRoundRequesters(fx.client, { syndicate: high, round: 1n, fromBlock: 0n, toBlock: head, pageSize: 2n })).toEqual([BOB, ALICE]);
    expect(await readRoundRequesters(fx.client, { syndicate: high, round: 2n, fromBlock: 0n, toBlock: head })).toEqual([]);
    expect(await readRoundRequesters(fx.client, { syndicate: high, round: 1n, fromBlock: asked.blockNumber + 1n, toBlock: head })).toEqual([BOB, ALICE]);
    expect(await readRoundRequesters(fx.client, { syndicate: high, round: 1n, fromBlock: leaving.blockNumber + 1n, toBlock: head })).toEqual([]);

    // Bob claims for Alice (anyone may): she is paid; then his own shares.
    const daiBefore = await fx.client.readContract({ address: fx.book.maker.dai, abi: daiAbi, functionName: 'balanceOf', args: [ALICE] });
    const forAlice = await claim(fx.client, bob, { syndicate: high, holder: ALICE });
    expect(forAlice.result).toEqual([0n, paidDai, aliceMkr]);
    expect(syndicateEvents(forAlice.receipt.logs, high).find((e) => e.eventName === 'Claimed')?.args).toEqual({ holder: ALICE, round: 1n, shares: 0n, daiWad: paidDai, mkrWad: aliceMkr });
    const daiAfter = await fx.client.readContract({ address: fx.book.maker.dai, abi: daiAbi, functionName: 'balanceOf', args: [ALICE] });
    expect(daiAfter - daiBefore).toBe(paidDai);
    expect(await readHolder(fx.client, { syndicate: high, holder: ALICE })).toMatchObject({ shares: 3_000n * WAD, maxDefectShares: 3_000n * WAD, claimableMkrWad: 0n, pending: { round: 0n } });
    const own = await claim(fx.client, bob, { syndicate: high, holder: BOB });
    expect(own.result).toEqual([minted, 0n, 0n]);
    expect((await readHolder(fx.client, { syndicate: high, holder: BOB })).shares).toBe(minted);
    expect(await refusal(claim(fx.client, bob, { syndicate: high, holder: BOB }))).toMatchObject({ name: 'NoRequest', args: [BOB] });
    // Bob joined after the win: no MKR of it is his.
    expect(await refusal(claimMkr(fx.client, bob, { syndicate: high }))).toMatchObject({ name: 'NothingToClaim', args: [BOB] });
  });
});
