// The write commands of the backstop CLI (enlist, defect, enter, finalize, skim, deploy) in-process
// against this worker's Anvil (local MCD, factory, tiers 100 and 250 DAI/MKR), as Bob with his key in
// BACKSTOP_PRIVATE_KEY. Every success is checked on the chain; every refusal for its one-line message,
// its exit code (1 refused by the chain, 2 bad input) and Bob's nonce (unchanged: nothing was sent).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFunctionData, maxUint256, toFunctionSelector } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { approveDai, daiAbi, readDaiHolder, syndicateAbi, readHolder, readSyndicate, readTier, readTierAddresses } from '../../src/chain/index.js';
import { RAD, WAD } from '../../src/units.js';
import { TEST_CHAIN_ID } from '../helpers/anvil.js';
import { cliRunner, expectRefusal, nonceOf } from '../helpers/cli.js';
import { BOB_KEY, useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
const bobWallet = fx.wallet(BOB_KEY);
const BOB = privateKeyToAccount(BOB_KEY).address;
const cli = cliRunner(fx, { BACKSTOP_PRIVATE_KEY: BOB_KEY });
// The auction the tests kick: 1,000 DAI for 10 MKR; the pool asks 10/1.03 MKR, about 103 DAI/MKR.
const LOT_WAD = 10n * WAD;
const BID_RAD = 1_000n * RAD;
const ASKED_LOT_WAD = (LOT_WAD * WAD) / (103n * 10n ** 16n);
const TTL = 6 * 3600;

async function advance(seconds: number) {
  await fx.testClient.increaseTime({ seconds });
  await fx.testClient.mine({ blocks: 1 });
}

async function ok(argv: string[], env: Record<string, string | undefined> = {}) {
  const r = await cli(argv, env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

async function json<T = Record<string, any>>(argv: string[], env: Record<string, string | undefined> = {}): Promise<T> {
  return JSON.parse((await ok([...argv, '--json'], env)).stdout) as T;
}

const shares = (syndicate: `0x${string}`) => readHolder(fx.client, { syndicate, holder: BOB }).then((h) => h.shares);
const daiOf = (spender: `0x${string}`) => readDaiHolder(fx.client, { dai: fx.book.maker.dai, holder: BOB, spender });

/** Bob funds and enlists `daiWad` in the 250 tier through the CLI, then enters a fresh auction: one open position. */
async function bobWithPosition(daiWad = 5_000n * WAD) {
  const high = await fx.tierAddress(250n * WAD);
  await fx.fundDai(bobWallet, daiWad);
  await ok(['enlist', (daiWad / WAD).toString(), '--tier', '250']);
  const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
  await ok(['enter', id.toString(), '--tier', '250']);
  return { high, id };
}

describe('backstop enlist', () => {
  it('deposits with DAI permit in one transaction, text and JSON', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fx.fundDai(bobWallet, 2_000n * WAD);
    const before = await nonceOf(fx, BOB);

    const r = await ok(['enlist', '1000', '--tier', '100']);
    expect(r.stdout).toMatch(/^enlisted 1,000 DAI in tier 100 \(DBS-100 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\): 1,000 shares minted\n  enlistWithPermit  tx 0x[0-9a-f]{64}  block \d+  gas \d+$/);
    expect(await nonceOf(fx, BOB)).toBe(before + 1);
    expect(await shares(low)).toBe(1_000n * WAD);

    const data = await json(['enlist', '250.5', '--tier', '100']);
    expect(data).toMatchObject({ command: 'enlist', chainId: TEST_CHAIN_ID, account: BOB, syndicate: low, limitWad: (100n * WAD).toString(), dryRun: false, mode: 'permit' });
    expect(data.daiWad).toBe((2505n * 10n ** 17n).toString());
    expect(data.shares).toBe((2505n * 10n ** 17n).toString());
    expect(data.transactions).toHaveLength(1);
    expect(data.transactions[0]).toMatchObject({ action: 'enlistWithPermit', from: BOB, to: low, hash: data.hash, blockNumber: data.blockNumber, status: 'success' });
    expect(data.events).toEqual([{ name: 'Enlisted', args: { holder: BOB, daiWad: data.daiWad, shares: data.shares } }]);
    const receipt = await fx.client.getTransactionReceipt({ hash: data.hash });
    expect(receipt.blockNumber.toString()).toBe(data.blockNumber);
    // The permit expires 20 minutes after the block the CLI read before signing (the one before the
    // enlist's: Anvil mines one block per transaction), never "0 = never".
    const tx = await fx.client.getTransaction({ hash: data.hash });
    const call = decodeFunctionData({ abi: syndicateAbi, data: tx.input });
    const signedAfter = await fx.client.getBlock({ blockNumber: receipt.blockNumber - 1n });
    expect(call.functionName).toBe('enlistWithPermit');
    expect(call.args![2]).toBe(signedAfter.timestamp + 20n * 60n);
    // DAI's permit is all or nothing: the pool may take all of Bob's DAI (what --help and the README say).
    expect((await daiOf(low)).allowanceWad).toBe(maxUint256);
    expect(await shares(low)).toBe(12505n * 10n ** 17n);
    expect((await daiOf(low)).daiWad).toBe(2_000n * WAD - 12505n * 10n ** 17n);
  });

  it('--approve approves exactly the amount, then enlists: two transactions; skips the approve only when the allowance is exactly the amount; nothing is left allowed', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fx.fundDai(bobWallet, 1_000n * WAD);
    const before = await nonceOf(fx, BOB);
    const data = await json(['enlist', '600', '--tier', '100', '--approve']);
    expect(data.mode).toBe('approve');
    expect(data.transactions.map((t: any) => t.action)).toEqual(['approve', 'enlist']);
    expect(data.transactions[0].to).toBe(fx.book.maker.dai);
    expect(data.shares).toBe((600n * WAD).toString());
    expect(await nonceOf(fx, BOB)).toBe(before + 2);
    // The approve was for exactly 600 DAI, and enlist spent it.
    expect(await daiOf(low)).toMatchObject({ daiWad: 400n * WAD, allowanceWad: 0n });

    await approveDai(fx.client, bobWallet, { dai: fx.book.maker.dai, spender: low, daiWad: 400n * WAD });
    const again = await json(['enlist', '400', '--tier', '100', '--approve']);
    expect(again.transactions.map((t: any) => t.action)).toEqual(['enlist']);
    expect(await shares(low)).toBe(1_000n * WAD);

    // An unlimited allowance (an earlier permit's) or a larger one is brought down to the amount first.
    await fx.fundDai(bobWallet, 300n * WAD);
    await approveDai(fx.client, bobWallet, { dai: fx.book.maker.dai, spender: low, daiWad: maxUint256 });
    const unlimited = await json(['enlist', '100', '--tier', '100', '--approve']);
    expect(unlimited.transactions.map((t: any) => t.action)).toEqual(['approve', 'enlist']);
    expect(await daiOf(low)).toMatchObject({ daiWad: 200n * WAD, allowanceWad: 0n });
    await approveDai(fx.client, bobWallet, { dai: fx.book.maker.dai, spender: low, daiWad: 500n * WAD });
    const larger = await json(['enlist', '10', '--tier', '100', '--approve']);
    expect(larger.transactions.map((t: any) => t.action)).toEqual(['approve', 'enlist']);
    expect(await daiOf(low)).toMatchObject({ daiWad: 190n * WAD, allowanceWad: 0n });
  });

  it('--no-permit spends the allowance already given, in one plain enlist', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fx.fundDai(bobWallet, 300n * WAD);
    await approveDai(fx.client, bobWallet, { dai: fx.book.maker.dai, spender: low, daiWad: 300n * WAD });
    const r = await ok(['enlist', '300', '--tier', '100', '--no-permit']);
    expect(r.stdout).toMatch(/^enlisted 300 DAI in tier 100 .*: 300 shares minted\n  enlist  tx 0x/);
    expect(await shares(low)).toBe(300n * WAD);
  });

  it('--dry-run simulates and prints what would be sent, and sends nothing', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fx.fundDai(bobWallet, 1_000n * WAD);
    const before = await nonceOf(fx, BOB);

    const text = await ok(['enlist', '1000', '--tier', '100', '--dry-run']);
    expect(text.stdout.split('\n')[0]).toMatch(/^dry run, nothing sent: enlist 1,000 DAI in tier 100 \(DBS-100 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\) via permit: would mint 1,000 shares$/);
    expect(text.stdout).toMatch(new RegExp(`would send 1 transaction from ${BOB}:\\n  1\\. enlistWithPermit\\(1000000000000000000000, 0, \\d{10}, 2[78], 0x[0-9a-f]{64}, 0x[0-9a-f]{64}\\) to ${low}\\n     calldata 0x`));

    const data = await json(['enlist', '1000', '--tier', '100', '--dry-run']);
    expect(data).toMatchObject({ dryRun: true, mode: 'permit', shares: (1_000n * WAD).toString() });
    expect(data.hash).toBeUndefined();
    expect(data.transactions[0]).toMatchObject({ action: 'enlistWithPermit', from: BOB, to: low });
    expect(data.transactions[0].data.startsWith(toFunctionSelector('enlistWithPermit(uint256,uint256,uint256,uint8,bytes32,bytes32)'))).toBe(true);

    // With --approve both transactions are simulated in sequence (the enlist sees the approve).
    const both = await json(['enlist', '1000', '--tier', '100', '--dry-run', '--approve']);
    expect(both.transactions.map((t: any) => t.action)).toEqual(['approve', 'enlist']);
    expect(both.shares).toBe((1_000n * WAD).toString());

    expect(await nonceOf(fx, BOB)).toBe(before);
    expect(await shares(low)).toBe(0n);
    expect(await daiOf(low)).toMatchObject({ daiWad: 1_000n * WAD, allowanceWad: 0n, nonce: 0n });
  });

  it('takes the tier by address, and needs no --tier when BACKSTOP_TIERS names one', async () => {
    const high = await fx.tierAddress(250n * WAD);
    await fx.fundDai(bobWallet, 30n * WAD);
    const byAddress = await json(['enlist', '10', '--tier', high.toLowerCase()]);
    expect(byAddress.syndicate).toBe(high);
    const only = await json(['enlist', '20'], { BACKSTOP_TIERS: '250' });
    expect(only.syndicate).toBe(high);
    expect(await shares(high)).toBe(30n * WAD);
  });
});

describe('backstop defect', () => {
  it('burns shares for DAI, then all that is left; dry run first', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fx.fundDai(bobWallet, 1_000n * WAD);
    await ok(['enlist', '1000', '--tier', '100']);
    const before = await nonceOf(fx, BOB);

    const dry = await ok(['defect', '400', '--tier', '100', '--dry-run']);
    expect(dry.stdout.split('\n')[0]).toMatch(/^dry run, nothing sent: defect 400 shares of tier 100 \(DBS-100 .*\): would pay 400 DAI and 0 MKR$/);
    expect(await nonceOf(fx, BOB)).toBe(before);

    const r = await ok(['defect', '400', '--tier', '100']);
    expect(r.stdout).toMatch(/^defected 400 shares of tier 100 \(DBS-100 .*\): received 400 DAI and 0 MKR; 600 shares left\n  defect  tx 0x/);
    const data = await json(['defect', 'all', '--tier', '100']);
    expect(data).toMatchObject({ command: 'defect', shares: (600n * WAD).toString(), daiWad: (600n * WAD).toString(), mkrWad: '0', sharesLeft: '0' });
    expect(data.events).toEqual([{ name: 'Defected', args: { holder: BOB, shares: data.shares, daiWad: data.daiWad, mkrWad: '0' } }]);
    expect(await shares(low)).toBe(0n);
    expect((await daiOf(low)).daiWad).toBe(1_000n * WAD);
  });

  it('while a bid of the pool is out, refuses in one line (exit 2, nothing sent): until when, and how to request', async () => {
    const { id } = await bobWithPosition();
    const { settleAt } = (await readSyndicate(fx.client, { syndicate: await fx.tierAddress(250n * WAD) })).positions.find((p) => p.id === id)!;
    const before = await nonceOf(fx, BOB);
    const until = new Date(Number(settleAt) * 1000).toISOString().replace('.000Z', 'Z');
    expectRefusal(
      await cli(['defect', 'all', '--tier', '250']),
      2,
      new RegExp(
        `^error: tier 250's round 1 is open at least until ${until}, when its last open position settles: a bid of the pool is out, and defect waits for the round to close\\. ` +
          'to leave when it closes, ask now: backstop defect all --tier 250 --request \\(your shares are locked now and carry the round, then are paid at the value after it\\); or try again once it has closed$',
      ),
    );
    expectRefusal(await cli(['defect', '10', '--tier', '250', '--dry-run']), 2, /^error: tier 250's round 1 is open .*ask now: backstop defect 10 --tier 250 --request/);
    expect(await nonceOf(fx, BOB)).toBe(before);
  });
});

describe('backstop enter, finalize, and defect with MKR', () => {
  it('enters an auction, finalizes the won position, and pays MKR out on defect', async () => {
    const high = await fx.tierAddress(250n * WAD);
    await fx.fundDai(bobWallet, 5_000n * WAD);
    await ok(['enlist', '5000', '--tier', '250']);
    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });

    const dry = await ok(['enter', id.toString(), '--tier', '250', '--dry-run']);
    expect(dry.stdout).toMatch(new RegExp(`^dry run, nothing sent: enter auction ${id} with tier 250 \\(DBS-250 .*\\)\\n.*\\n  1\\. enterAuction\\(${id}\\) to ${high}`));

    const entered = await json(['enter', id.toString(), '--tier', '250']);
    const { timestamp } = await fx.client.getBlock();
    expect(entered).toMatchObject({ command: 'enter', id: id.toString(), prevId: null, lotWad: ASKED_LOT_WAD.toString(), bidDaiWad: (1_000n * WAD).toString() });
    expect(BigInt(entered.settleAt)).toBe(timestamp + BigInt(TTL));
    expect(entered.events[0]).toMatchObject({ name: 'AuctionEntered', args: { id: id.toString(), lotWad: ASKED_LOT_WAD.toString() } });
    expect(BigInt(entered.priceWad)).toBeGreaterThan(103n * WAD);

    // Too early: the pool's bid stands until its settle time.
    expectRefusal(
      await cli(['finalize', id.toString(), '--tier', '250']),
      1,
      new RegExp(`^error: finalize auction ${id} in tier 250 reverted: AuctionStillRunning\\(id ${id}, settleAt \\S+Z\\)\\. the pool's bid stands until \\S+Z: finalize after that \\(backstop status --tier 250 shows what is due\\)$`),
    );

    await advance(TTL + 1);
    const wouldWin = await ok(['finalize', id.toString(), '--tier', '250', '--dry-run']);
    expect(wouldWin.stdout.split('\n')[0]).toMatch(/would settle it as won$/);
    const won = await ok(['finalize', id.toString(), '--tier', '250']);
    expect(won.stdout).toMatch(new RegExp(`^finalized auction ${id} in tier 250 .*: won 9\\.708737 MKR for 1,000 DAI, credited to the round's shares\\n  finalize  tx 0x`));
    expect((await readSyndicate(fx.client, { syndicate: high })).status).toMatchObject({ mkrBookWad: ASKED_LOT_WAD, lockedBookWad: 0n, daiBookWad: 4_000n * WAD });

    const out = await json(['defect', 'all', '--tier', '250']);
    expect(out).toMatchObject({ shares: (5_000n * WAD).toString(), daiWad: (4_000n * WAD).toString(), mkrWad: ASKED_LOT_WAD.toString() });
    const text = await cli(['defect', 'all', '--tier', '250']);
    expectRefusal(text, 2, /^error: you hold no DBS-250 shares: nothing to defect from tier 250\. check the account/);
  });

  it('uses enterAuctionAfter with the insertion point when the new position settles before the last open one', async () => {
    const high = await fx.tierAddress(250n * WAD);
    await fx.fundDai(bobWallet, 3_000n * WAD);
    await ok(['enlist', '3000', '--tier', '250']);
    const early = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    // An hour before the first auction ends, a second one starts: a bid in it settles in six hours,
    // a bid in the first when it ends, in one hour: before the open position.
    await advance(3 * 86400 - 3600);
    const late = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    await ok(['enter', late.toString(), '--tier', '250']);

    const r = await json(['enter', early.toString(), '--tier', '250']);
    expect(r.transactions[0].action).toBe('enterAuctionAfter');
    expect(r.prevId).toBe('0');
    const pool = await readSyndicate(fx.client, { syndicate: high });
    expect(pool.positions.map((p) => p.id)).toEqual([early, late]);
    expect(pool.positions[0]!.settleAt).toBeLessThan(pool.positions[1]!.settleAt);
  });

  it('refuses PriceAboveLimit with both prices in DAI/MKR', async () => {
    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    const before = await nonceOf(fx, BOB);
    expectRefusal(
      await cli(['enter', id.toString(), '--tier', '100']),
      1,
      new RegExp(
        `^error: enter auction ${id} with tier 100 reverted: PriceAboveLimit\\(priceWad 103(\\.\\d+)? DAI/MKR, limitWad 100 DAI/MKR\\)\\. ` +
          'the auction asks 103(\\.\\d+)? DAI/MKR, more than this tier pays \\(100 DAI/MKR\\): wait for tick to grow the lot, or use a higher tier$',
      ),
    );
    expect(await nonceOf(fx, BOB)).toBe(before);
  });

  it('refuses InsufficientLiquidity for a bid larger than the liquid DAI, and AuctionNotFound', async () => {
    await fx.fundDai(bobWallet, 500n * WAD);
    await ok(['enlist', '500', '--tier', '250']);
    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    const before = await nonceOf(fx, BOB);
    expectRefusal(
      await cli(['enter', id.toString(), '--tier', '250']),
      1,
      /InsufficientLiquidity\(availableWad 500 DAI\)\. only 500 DAI is liquid, less than the bid: enlist more DAI in this tier, or wait for open bids to settle$/,
    );
    expectRefusal(await cli(['enter', '99', '--tier', '250']), 1, /^error: enter auction 99 with tier 250 reverted: AuctionNotFound\(id 99\)\. auction 99 has no bidder/);
    expectRefusal(await cli(['finalize', '99', '--tier', '250']), 1, /^error: finalize auction 99 in tier 250 reverted: NoPosition\(id 99\)\. the pool has no open position in auction 99$/);
    expect(await nonceOf(fx, BOB)).toBe(before);
  });
});

describe('backstop skim', () => {
  it('finds DAI sent to the pool outside its books and releases it over a day; NothingToSkim otherwise', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fx.fundDai(bobWallet, 105n * WAD);
    await ok(['enlist', '100', '--tier', '100']);
    expectRefusal(await cli(['skim', '--tier', '100']), 1, /^error: skim tier 100 reverted: NothingToSkim\(\)\. nothing sits outside the books$/);
    await fx.mine(await bobWallet.writeContract({ address: fx.book.maker.dai, abi: daiAbi, functionName: 'transfer', args: [low, 5n * WAD] }));

    const dry = await ok(['skim', '--tier', '100', '--dry-run']);
    expect(dry.stdout.split('\n')[0]).toMatch(/would find 5 DAI and 0 MKR to release over a day$/);
    const r = await json(['skim', '--tier', '100']);
    const { timestamp } = await fx.client.getBlock();
    expect(r).toMatchObject({ daiWad: (5n * WAD).toString(), mkrWad: '0', releaseEnd: (timestamp + 86_400n).toString() });
    expect((await readSyndicate(fx.client, { syndicate: low })).status.daiBookWad).toBe(100n * WAD);
    // A day later all of it is in the book (brought up to date by the next touch: a deposit).
    await advance(86_400);
    await fx.fundDai(bobWallet, WAD);
    const text = await ok(['enlist', '1', '--tier', '100']);
    // 1 DAI against the 105 DAI behind 100 shares: 100/105 of a share.
    expect(text.stdout).toMatch(/^enlisted 1 DAI in tier 100 .*: 0\.9523 shares minted/);
    expect((await readSyndicate(fx.client, { syndicate: low })).status.daiBookWad).toBe(106n * WAD);
  });
});

describe('backstop deploy', () => {
  it('creates a new tier on the factory; a dry run creates nothing', async () => {
    const factory = fx.book.factory!;
    const before = await nonceOf(fx, BOB);
    const dry = await json(['deploy', '--price', '120', '--dry-run']);
    expect(dry).toMatchObject({ command: 'deploy', dryRun: true, factory, limitWad: (120n * WAD).toString() });
    expect(await readTier(fx.client, { factory, limitWad: 120n * WAD })).toBeUndefined();
    expect(await nonceOf(fx, BOB)).toBe(before);

    const r = await ok(['deploy', '--price', '120']);
    const address = await readTier(fx.client, { factory, limitWad: 120n * WAD });
    expect(address).toBe(dry.syndicate);
    expect(r.stdout).toMatch(new RegExp(`^created tier 120 DAI/MKR: DBS-120 at ${address} on factory ${factory}; join it with backstop enlist <dai> --tier 120\\n  create  tx 0x`));
    expect(await readTierAddresses(fx.client, { factory })).toHaveLength(3);

    const fractional = await json(['deploy', '--price', '187.5']);
    expect(fractional).toMatchObject({ symbol: 'DBS-187.5', limitWad: (1875n * 10n ** 17n).toString() });
    expect(fractional.events).toEqual([{ name: 'SyndicateCreated', args: { limitWad: fractional.limitWad, syndicate: fractional.syndicate } }]);
  });
});

describe('bad input: one line, exit code 2, nothing sent', () => {
  // [what, argv, message, env]
  const cases: [string, string[], RegExp, Record<string, string | undefined>?][] = [
    ['a malformed amount', ['enlist', '1.2.3', '--tier', '100'], /^error: <dai>: "1\.2\.3" is not a decimal number\. give a positive number of DAI with at most 18 decimals, e\.g\. backstop enlist 1000 --tier 100$/],
    ['a negative amount', ['enlist', '-5', '--tier', '100'], /^error: <dai>: "-5" is negative\. give a positive number of DAI/],
    ['too many decimals', ['enlist', '1.0000000000000000001', '--tier', '100'], /^error: <dai>: "1\.0000000000000000001" has 19 decimals; at most 18 are allowed\. give a positive number of DAI/],
    ['a zero amount', ['enlist', '0', '--tier', '100'], /^error: <dai>: "0" is zero\. give a positive number of DAI/],
    ['malformed shares', ['defect', 'half', '--tier', '100'], /^error: <shares\|all>: "half" is not a decimal number\. give a positive number of shares with at most 18 decimals, e\.g\. backstop defect 100 --tier 100, or backstop defect all --tier 100$/],
    ['zero shares', ['defect', '0.000', '--tier', '100'], /^error: <shares\|all>: "0\.000" is zero\./],
    ['negative shares', ['defect', '-0.5', '--tier', '100'], /^error: <shares\|all>: "-0\.5" is negative\./],
    ['a malformed auction id', ['enter', '1x', '--tier', '100'], /^error: <id>: "1x" is not an auction id\. give the Flopper auction id, a whole number from 1 \(backstop auctions lists them\)$/],
    ['auction id 0', ['finalize', '0', '--tier', '100'], /^error: <id>: "0" is not an auction id\./],
    ['a malformed --price', ['deploy', '--price', '1.2.3'], /^error: --price: "1\.2\.3" is not a decimal number\. give a positive number of DAI per MKR with at most 18 decimals, e\.g\. backstop deploy --price 120$/],
    ['a --price outside the tier limits', ['deploy', '--price', '0.0000000001'], /^error: --price: 0\.0000000001 DAI\/MKR is outside the limits a tier can have\. give from 0\.000000001 DAI\/MKR to 1,000,000,000,000 DAI\/MKR$/],
    ['no --price', ['deploy'], /^error: required option '--price <dai-per-mkr>' not specified\. Run backstop --help$/],
    ['an existing tier for deploy', ['deploy', '--price', '100'], /^error: tier 100 DAI\/MKR exists already, at 0x[0-9a-fA-F]{40}\. use it \(backstop enlist <dai> --tier 100\), or give another --price$/],
    ['a short address', ['enlist', '1', '--tier', '0x1234'], /^error: --tier: "0x1234" is not an address \(not 0x and 40 hex digits\)\. copy the address again, e\.g\. from backstop tiers$/],
    ['a bad checksum', ['skim', '--tier', '0x70997970C51812dc3A010C7d01b50e0d17dc79c8'], /^error: --tier: "0x70997970C51812dc3A010C7d01b50e0d17dc79c8" is not an address \(its mixed case does not match the EIP-55 checksum\)/],
    ['an address that is no tier', ['enlist', '1', '--tier', '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'], /^error: --tier: 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not a tier of factory 0x[0-9a-fA-F]{40}\. backstop tiers lists them/],
    ['a bad --factory', ['enlist', '1', '--tier', '100', '--factory', '0x12'], /^error: invalid configuration: --factory \(BACKSTOP_FACTORY\): must be a 0x address of 40 hex digits, got "0x12"\./],
    ['an unknown tier', ['enlist', '1', '--tier', '123'], /^error: no tier at 123 DAI\/MKR on factory 0x[0-9a-fA-F]{40}\. tiers: 100, 250 DAI\/MKR \(backstop tiers\)$/],
    ['no --tier with two tiers', ['defect', 'all'], /^error: --tier is required: the factory has 2 tiers, 100, 250 DAI\/MKR\. add --tier 100 \(or another\), or set BACKSTOP_TIERS to one tier$/],
    ['the wrong chain', ['--chain', 'mainnet', 'enlist', '1', '--tier', '100'], /^error: address book: --chain \(BACKSTOP_CHAIN\): mainnet, but the RPC answers chain id 31339; use --chain fork for a fork with another id$/],
    ['insufficient DAI', ['enlist', '1000', '--tier', '100'], /^error: insufficient DAI: you hold 0 DAI, need 1,000 DAI\. fund 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC with DAI, or enlist at most 0 DAI$/],
    ['insufficient shares', ['defect', '1', '--tier', '100'], /^error: you hold no DBS-100 shares: nothing to defect from tier 100\. check the account \(0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\) and the tier \(backstop status --tier 100\)$/],
    ['no key', ['enlist', '1', '--tier', '100'], /^error: no key: the environment variable BACKSTOP_PRIVATE_KEY is not set\. export BACKSTOP_PRIVATE_KEY=0x<64 hex digits> \(never on the command line\), or use a keystore: --key-env \(BACKSTOP_KEY_ENV\) names another variable; --keystore \(BACKSTOP_KEYSTORE\) reads an encrypted keystore$/, { BACKSTOP_PRIVATE_KEY: undefined }],
    ['no key in the variable --key-env names', ['--key-env', 'MY_KEY', 'skim', '--tier', '100'], /^error: no key: the environment variable MY_KEY is not set\. export MY_KEY=/],
    ['a malformed key', ['enlist', '1', '--tier', '100'], /^error: BACKSTOP_PRIVATE_KEY does not hold a private key: expected 64 hex digits, 0x optional, got 10 characters\. check the variable BACKSTOP_PRIVATE_KEY \(its value is never printed\)$/, { BACKSTOP_PRIVATE_KEY: '0xdeadbeef' }],
    ['a key outside the curve', ['enlist', '1', '--tier', '100'], /^error: BACKSTOP_PRIVATE_KEY does not hold a valid secp256k1 private key/, { BACKSTOP_PRIVATE_KEY: `0x${'f'.repeat(64)}` }],
    ['a key on the command line', ['enlist', '1', '--tier', '100', '--private-key', BOB_KEY], /^error: --private-key: keys and passwords are never read from the command line \(shell history, ps\)\. export BACKSTOP_PRIVATE_KEY/],
    ['a fee cap below the base fee', ['--max-fee-gwei', '0.000000001', 'deploy', '--price', '130'], /^error: the base fee is [\d.]+ gwei, above the cap --max-fee-gwei 0\.000000001\. raise --max-fee-gwei \(BACKSTOP_MAX_FEE_GWEI\), or wait for lower fees$/],
  ];
  for (const [what, argv, message, env] of cases) {
    it(what, async () => {
      const before = await nonceOf(fx, BOB);
      const r = await cli(argv, env);
      expectRefusal(r, 2, message);
      expect(r.stderr).not.toContain(BOB_KEY.slice(2));
      expect(await nonceOf(fx, BOB)).toBe(before);
    });
  }

  it('insufficient DAI, with some DAI held', async () => {
    await fx.fundDai(bobWallet, 10n * WAD);
    const before = await nonceOf(fx, BOB);
    expectRefusal(await cli(['enlist', '10.5', '--tier', '100']), 2, /^error: insufficient DAI: you hold 10 DAI, need 10\.5 DAI\./);
    expect(await nonceOf(fx, BOB)).toBe(before);
  });

  it('insufficient allowance on the plain path (--no-permit)', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fx.fundDai(bobWallet, 1_000n * WAD);
    await approveDai(fx.client, bobWallet, { dai: fx.book.maker.dai, spender: low, daiWad: 250n * WAD });
    const before = await nonceOf(fx, BOB);
    expectRefusal(
      await cli(['enlist', '1000', '--tier', '100', '--no-permit']),
      2,
      /^error: insufficient DAI allowance: tier 100 may take 250 DAI of your DAI, needs 1,000 DAI\. drop --no-permit \(one transaction with DAI permit\), or add --approve to approve the amount first$/,
    );
    expect(await nonceOf(fx, BOB)).toBe(before);
  });

  it('more shares than held', async () => {
    await fx.fundDai(bobWallet, 10n * WAD);
    await ok(['enlist', '10', '--tier', '100']);
    const before = await nonceOf(fx, BOB);
    expectRefusal(await cli(['defect', '10.000000000000000001', '--tier', '100']), 2, /^error: insufficient shares: you hold 10 shares of DBS-100, asked to burn 10 shares\. defect at most that, or backstop defect all --tier 100$/);
    expect(await nonceOf(fx, BOB)).toBe(before);
  });

  it('a deployments record for another chain id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backstop-wrong-chain-'));
    try {
      for (const name of [`mcd-${TEST_CHAIN_ID}.json`, `syndicate-${TEST_CHAIN_ID}.json`]) copyFileSync(join(fx.deploymentsDir, name), join(dir, name));
      const path = join(dir, `syndicate-${TEST_CHAIN_ID}.json`);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), chainId: 1 }));
      const before = await nonceOf(fx, BOB);
      expectRefusal(
        await cli(['enlist', '1', '--tier', '100'], { BACKSTOP_DEPLOYMENTS: dir }),
        2,
        new RegExp(`^error: address book: ${path.replace(/[.]/g, '\\.')}: records chain id 1, but the RPC answers 31339; check --rpc-url$`),
      );
      expect(await nonceOf(fx, BOB)).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a read command never asks for a key', async () => {
    const r = await cli(['status', '--tier', '100'], { BACKSTOP_PRIVATE_KEY: undefined, BACKSTOP_KEYSTORE: '/nonexistent/keystore.json' });
    expect(r.code).toBe(0);
  });
});
