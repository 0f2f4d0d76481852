// Record mode on Anvil: every ETH-A flip auction of 12-13 March 2020 replayed through the real Cat,
// Flipper and Vow of the local MCD (cast back to the parameters before the 12 March spell), and the
// Vow's bad debt checked against what the file implies; then the debt auctions' steps on that state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { getAddress, type Address } from 'viem';
import {
  ReplaySender,
  castMcdSpell,
  deployFlipReplayer,
  flipperAbi,
  flopperAbi,
  readFlipReplayContext,
  readVow,
  replayMaker,
  setNextBlockTimestamp,
  vatAbi,
  vowAbi,
  type ReplayMaker,
} from '../../src/chain/index.js';
import { BackstopError, InputError } from '../../src/errors.js';
import { readFlipRecords, type FlipRecord } from '../../src/replay/data.js';
import { DebtAuctions, MARCH_2020_FIRST_FLOP_AT } from '../../src/replay/debt.js';
import { flipFileTotals, relativeMissPpm, ZERO_BID_BELOW_RAD, type FlipFileTotals } from '../../src/replay/expected.js';
import { replayFlips, type FlipBatchEvent, type FlipReplayResult } from '../../src/replay/flips.js';
import { RAD, RAY, WAD, formatUnit } from '../../src/units.js';
import { nextBaseFee } from '../helpers/faults.js';
import { useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
const { client, testClient, deployer } = fx;

let maker: ReplayMaker;
let replayer: Address;
let records: FlipRecord[];
let totals: FlipFileTotals;
let result: FlipReplayResult;
let wallMs: number;
let before: `0x${string}`;
let baseFeeBefore: bigint;

beforeAll(async () => {
  // This file's state must not outlive it: other files share this worker's Anvil. A revert restores
  // the state but not Anvil's next base fee, which the replay's hundreds of blocks drive to zero.
  before = await testClient.snapshot();
  baseFeeBefore = await nextBaseFee(testClient);
  maker = replayMaker(fx.book.maker);
  await castMcdSpell(client, deployer, { maker, profile: 'pre' });
  replayer = await deployFlipReplayer(client, deployer, { maker });
  records = readFlipRecords();
  totals = flipFileTotals(records);
  const started = performance.now();
  result = await replayFlips({ client, wallet: deployer, maker, replayer }, { records });
  wallMs = performance.now() - started;
  console.info(
    `record mode: ${result.auctions} auctions in ${result.batches} batches, ${(wallMs / 1000).toFixed(1)} s wall, ${result.gasUsed} gas; ` +
      `bad debt ${formatUnit(result.badDebtRad, 'rad', 2)} DAI replayed vs ${formatUnit(totals.badDebtRad, 'rad', 2)} DAI implied by the file`,
  );
}, 300_000);

afterAll(async () => {
  await testClient.revert({ id: before });
  await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: baseFeeBefore });
});

const vatRead = (functionName: 'sin' | 'dai', who: Address) =>
  functionName === 'sin'
    ? client.readContract({ address: maker.vat, abi: vatAbi, functionName: 'sin', args: [who] })
    : client.readContract({ address: maker.vat, abi: vatAbi, functionName: 'dai', args: [who] });

describe('record mode: the March 2020 flip auctions on the local MCD', () => {
  it('leaves the Vow with the bad debt the file implies, within 1%', () => {
    expect(result.startBadDebtRad).toBe(0n);
    expect(result.badDebtRad).toBeGreaterThan(4_000_000n * RAD);
    expect(relativeMissPpm(result.badDebtRad, totals.badDebtRad)).toBeLessThan(10_000n);
  });

  it('misses the file only by its rounding of tabs: bids at the full tab are above the 3-decimal tab', () => {
    // The replay opens each vault for max(tab, final bid): the file keeps 3 decimals of the tab and
    // a bid at the full tab can exceed them. With that, Cat, Flipper and Vow reproduce the file's
    // arithmetic to within the Vat's rounding (debt rounded up to a whole art, < 1e-15 DAI a vault).
    const tabs = records.reduce((s, r) => s + (r.tabRad > r.finalBidRad ? r.tabRad : r.finalBidRad), 0n);
    const implied = (tabs * RAY) / totals.chopRay - totals.raisedRad;
    const miss = result.badDebtRad - implied;
    expect(miss >= 0n ? miss : -miss).toBeLessThan(RAD / 10n ** 9n);
    expect(result.badDebtRad - totals.badDebtRad).toBeGreaterThan(0n);
    expect(result.badDebtRad - totals.badDebtRad).toBeLessThan(RAD); // under 1 DAI over 3,780 auctions
  });

  it('went through the real Cat, Flipper and Vow: every debt queued, every bid in the Vow, every auction kicked', async () => {
    const [vowSin, vowDai] = await Promise.all([vatRead('sin', maker.vow), vatRead('dai', maker.vow)]);
    expect(vowSin).toBe(result.vowSinRad);
    expect(vowDai).toBe(result.vowDaiRad);
    const vow = await readVow(client, { vow: maker.vow, vat: maker.vat });
    expect(vow.sinRad).toBe(vowSin); // all of it fessed by the Cat, none flogged yet
    expect(vow.ashRad).toBe(0n);
    const implied = (records.reduce((s, r) => s + (r.tabRad > r.finalBidRad ? r.tabRad : r.finalBidRad), 0n) * RAY) / totals.chopRay;
    expect(vowSin - implied).toBeLessThan(RAD / 10n ** 9n);
    expect(vowSin).toBeGreaterThanOrEqual(implied);
    const kicks = await client.readContract({ address: maker.ethFlip, abi: flipperAbi, functionName: 'kicks' });
    expect(kicks).toBe(3780n);
    expect(result.flipIds.size).toBe(3780);
  });

  it('deals every auction the file dealt and leaves the 17 others open with their winning bid', async () => {
    expect(result.dealt).toBe(3780 - 17);
    expect(result.undealt).toBe(17);
    const undealt = records.filter((r) => r.dealAt === undefined);
    const dealt = records.filter((r) => r.dealAt !== undefined).slice(0, 20);
    for (const r of [...undealt, ...dealt]) {
      const [bidRad, lotWad, guy] = await client.readContract({ address: maker.ethFlip, abi: flipperAbi, functionName: 'bids', args: [result.flipIds.get(r.id)!] });
      if (r.dealAt === undefined) {
        expect(getAddress(guy)).toBe(getAddress(replayer));
        expect(lotWad).toBe(r.finalLotWad);
        expect(bidRad - r.finalBidRad).toBeLessThan(RAY * 2n); // the recorded bid (the Cat's exact tab when it reached it)
      } else {
        expect(guy).toBe('0x0000000000000000000000000000000000000000'); // dealt: the record is deleted
      }
    }
  });

  it('counts the zero-bid wins the file records (dealt for under 1 DAI)', () => {
    const zeroBidDealt = records.filter((r) => r.dealAt !== undefined && r.finalBidRad < ZERO_BID_BELOW_RAD).length;
    expect(result.zeroBidWins).toBe(zeroBidDealt);
    expect(totals.zeroBid.auctions).toBe(1_134);
    const deals = result.events.filter((e) => e.kind === 'deal');
    expect(deals.filter((e) => e.zeroBid)).toHaveLength(zeroBidDealt);
  });

  it('gives a timeline in recorded time: batches in order, bad debt so far after each', () => {
    const batches = result.events.filter((e): e is FlipBatchEvent => e.kind === 'batch');
    expect(batches).toHaveLength(result.batches);
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.at).toBeGreaterThan(batches[i - 1]!.at);
    expect(batches[0]!.at).toBeGreaterThanOrEqual(records[0]!.kickAt);
    expect(batches.at(-1)!.badDebtRad).toBe(result.badDebtRad);
    expect(batches.at(-1)!.auctionsReplayed).toBe(3780);
    const bites = result.events.filter((e) => e.kind === 'bite');
    expect(bites).toHaveLength(3780);
    for (const b of bites) {
      expect(b.at - b.recordedAt).toBeGreaterThanOrEqual(0n);
      expect(b.at - b.recordedAt).toBeLessThan(120n);
      expect(b.osmPriceWad).toBeLessThanOrEqual(b.recordedOsmPriceWad);
    }
    // the price the Vat saw is the recorded OSM price but for the few vaults the file leaves safe
    expect(bites.filter((b) => b.osmPriceWad !== b.recordedOsmPriceWad).length).toBeLessThan(300);
    expect(result.priceAdjustedKicks).toBeLessThan(60);
    // the shortfall grows over the two days: zero bids pile up debt that no DAI covers
    const midway = batches.find((b) => b.auctionsReplayed >= 1890)!;
    expect(midway.badDebtRad).toBeGreaterThan(0n);
    expect(midway.badDebtRad).toBeLessThan(result.badDebtRad);
  });

  // Batches are a property of the replay (gas-limited blocks); wall time is measured (`make demo` prints it),
  // never asserted: it depends on the machine's load.
  it('replays the 3,780 flips in under 250 gas-limited batches', () => {
    expect(result.batches).toBeLessThan(250);
  });
});

describe('record mode: refusals', () => {
  it('names the replayer\'s error when a vault would be safe', async () => {
    const ctx = await readFlipReplayContext(client, { maker, replayer });
    const sender = new ReplaySender(client, deployer, replayer, ctx.blockGasLimit);
    await setNextBlockTimestamp(client, ctx.now + 10n); // the OSM takes a new price 2 s after its last
    const kick = { recordedId: 941n, urn: records[0]!.vaultOwner, lotWad: 50n * WAD, tabRad: 1_130n * RAD };
    // at 1,000 USD, 50 ETH back 33,333 DAI of debt: the 1,000 DAI vault is safe
    const error = await sender.replay({ osmPriceWad: 1_000n * WAD, firstFlipId: ctx.kicks + 1n, kicks: [kick], bids: [], deals: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackstopError);
    expect((error as BackstopError).shortMessage).toMatch(/^replay batch reverted in block \d+: VaultNotUnsafe\(941, 33333333333333333333333333333300000000000000000000, 1000000000000000000000\d{27}\)$/);
    // 50 ETH at 1,000 USD / 1.5 against 1,000 DAI of debt (and its art times the rate, a hair above)
  });

  it('refuses to replay nothing', async () => {
    await expect(replayFlips({ client, wallet: deployer, maker, replayer }, { records: [] })).rejects.toThrow(InputError);
  });
});

describe('debt auctions after the replay, as in March 2020', () => {
  it('spell, flog, heal, flop until less than sump is left; a first dent blocks flop() until a kiss', async () => {
    const debt = new DebtAuctions({ client, wallet: deployer, maker, replayer, offsetSeconds: result.offsetSeconds });
    await debt.castSpell();
    expect(await client.readContract({ address: maker.vow, abi: vowAbi, functionName: 'wait' })).toBe(156n * 3600n);
    expect(await client.readContract({ address: maker.flop, abi: flopperAbi, functionName: 'ttl' })).toBe(6 * 3600);

    // 19 March 14:28: the debt of bites before 13 March 02:28 (156 h earlier) can be released
    await debt.warp(MARCH_2020_FIRST_FLOP_AT);
    const flogged = await debt.flog(result.eras);
    expect(flogged.slices).toBeGreaterThan(0);
    expect(flogged.slices).toBeLessThan(result.eras.length);
    let s = await debt.state();
    expect(s.sinRad).toBeGreaterThan(0n); // later bites still queued

    const healed = await debt.heal();
    expect(healed).toBe(result.vowDaiRad); // all the flip auctions' DAI cancels released debt
    s = await debt.state();
    expect(s.vatDaiRad).toBe(0n);

    const first = await debt.flop();
    expect(first.stop).toBe('done');
    expect(first.reason).toBe('Vow/insufficient-debt');
    s = await debt.state();
    expect(s.ashRad).toBe(BigInt(first.ids.length) * s.sumpRad);
    expect(s.vatSinRad - s.sinRad - s.ashRad).toBeLessThan(s.sumpRad);
    expect(first.ids.length).toBeGreaterThan(0);

    // A rival dents the first auction: its 50,000 DAI goes to the Vow, Ash unchanged
    const me = deployer.account.address;
    await fx.mine(await deployer.writeContract({ address: maker.vat, abi: vatAbi, functionName: 'suck', args: [me, me, 100_000n * RAD] }));
    await fx.mine(await deployer.writeContract({ address: maker.vat, abi: vatAbi, functionName: 'hope', args: [maker.flop] }));
    await fx.mine(await deployer.writeContract({ address: maker.flop, abi: flopperAbi, functionName: 'dent', args: [first.ids[0]!, 188_680_000_000_000_000_000n, s.sumpRad] }));
    s = await debt.state();
    expect(s.vatDaiRad).toBe(s.sumpRad);

    // The rest of the queue matures (20 March noon: every bite of 12-13 March is 156 h old)
    await debt.warp(MARCH_2020_FIRST_FLOP_AT + 86_400n);
    await debt.flog(result.eras);
    s = await debt.state();
    expect(s.sinRad).toBe(0n);
    expect(s.vatSinRad - s.sinRad - s.ashRad).toBeGreaterThanOrEqual(s.sumpRad);

    const blocked = await debt.flop();
    expect(blocked).toEqual({ ids: [], stop: 'blocked', reason: 'Vow/surplus-not-zero' });
    expect(await debt.kiss()).toBe(s.sumpRad);
    const second = await debt.flop();
    expect(second.stop).toBe('done');
    expect(second.ids.length).toBeGreaterThan(0);

    // Every DAI of bad debt went to auction but less than one sump: 50,000 DAI lots of the shortfall
    const lots = BigInt(first.ids.length + second.ids.length);
    expect(lots).toBe(result.badDebtRad / s.sumpRad);
    expect(debt.events.map((e) => e.kind)).toEqual([
      'spell',
      'flog',
      'heal',
      ...first.ids.map(() => 'flop'),
      'flop-refused',
      'flog',
      'flop-refused',
      'kiss',
      ...second.ids.map(() => 'flop'),
      'flop-refused',
    ]);
    const flop = debt.events.find((e) => e.kind === 'flop')!;
    expect(flop.at).toBeGreaterThanOrEqual(MARCH_2020_FIRST_FLOP_AT);
  }, 180_000);
});
