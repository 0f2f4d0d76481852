// The round through the backstop CLI, in-process against this worker's Anvil, as Bob (key in
// BACKSTOP_PRIVATE_KEY): while a bid of the pool is out, enlist and defect refuse in one line (exit 2)
// unless --request; the requests, the deadline and the holder's requests in status; enter refused
// RoundClosing; claim before the close, cancel; finalize closes the round; claim (for oneself and for
// another holder) and claim-mkr pay. Every amount expected is worked out here from the rules.
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { approveDai, enlistWithPermit, readFlopper, readHolder, readRound, requestDefect } from '../../src/chain/index.js';
import { isoSeconds, RAD, WAD } from '../../src/units.js';
import { cliRunner, expectRefusal, nonceOf } from '../helpers/cli.js';
import { ALICE_KEY, BOB_KEY, useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
const bobWallet = fx.wallet(BOB_KEY);
const BOB = privateKeyToAccount(BOB_KEY).address;
const ALICE = fx.alice.account.address;
const cli = cliRunner(fx, { BACKSTOP_PRIVATE_KEY: BOB_KEY });
const RAY = 10n ** 27n;
/** Anvil's account 3: holds nothing in any tier. */
const CAROL_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
const LOT_WAD = 10n * WAD;
const BID_RAD = 1_000n * RAD;
const ASKED_LOT_WAD = (LOT_WAD * WAD) / (103n * 10n ** 16n);
const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

async function advance(seconds: number) {
  await fx.testClient.increaseTime({ seconds });
  await fx.testClient.mine({ blocks: 1 });
}

async function ok(argv: string[]) {
  const r = await cli(argv);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

async function json<T = Record<string, any>>(argv: string[]): Promise<T> {
  return JSON.parse((await ok([...argv, '--json'])).stdout) as T;
}

/** `wad` as the CLI prints it: thousands grouped, at most `decimals` decimals, trailing zeros dropped. */
function shown(wad: bigint, decimals: number): string {
  const whole = (wad / WAD).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (wad % WAD).toString().padStart(18, '0').slice(0, decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('backstop during a round', () => {
  it('refuses instant enlist and defect, takes requests, shows them, closes at the finalize and pays through claim', async () => {
    const high = await fx.tierAddress(250n * WAD);
    // Alice 1,000 and Bob 5,000 DAI in the 250 tier; Bob enters a bid of 1,000 DAI.
    await fx.fundDai(fx.alice, 1_000n * WAD);
    await enlistWithPermit(fx.client, fx.alice, { syndicate: high, dai: fx.book.maker.dai, daiWad: 1_000n * WAD });
    await fx.fundDai(bobWallet, 5_300n * WAD);
    await ok(['enlist', '5000', '--tier', '250']);
    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    await ok(['enter', id.toString(), '--tier', '250']);
    const before = await nonceOf(fx, BOB);

    // Instant forms: one line, exit 2, nothing sent.
    expectRefusal(
      await cli(['enlist', '300', '--tier', '250']),
      2,
      new RegExp(`^error: tier 250's round 1 is open at least until ${ISO}, when its last open position settles: a bid of the pool is out, and enlist waits for the round to close\\. to join when it closes, ask now: backstop enlist 300 --tier 250 --request \\(your DAI is taken now and priced at the value after the round\\); or try again once it has closed$`),
    );
    expectRefusal(await cli(['defect', '2000', '--tier', '250']), 2, /^error: tier 250's round 1 is open .*ask now: backstop defect 2000 --tier 250 --request /);
    // --request where no bid is out: nothing to wait for.
    expectRefusal(await cli(['enlist', '1', '--tier', '100', '--request']), 2, /^error: --request: tier 100 has no round open \(no bid of the pool is out\), so there is nothing to wait for\. enlist is instant now: backstop enlist 1 --tier 100$/);
    expect(await nonceOf(fx, BOB)).toBe(before);

    // Shares are checked before the round: a holder without enough shares gets the shares error, not
    // advice to --request that would then fail the same way.
    const carol = cliRunner(fx, { BACKSTOP_PRIVATE_KEY: CAROL_KEY });
    for (const argv of [['defect', '10', '--tier', '250'], ['defect', '10', '--tier', '250', '--request']]) {
      expectRefusal(await carol(argv), 2, /^error: you hold no DBS-250 shares: nothing to defect from tier 250\. /);
    }
    expectRefusal(await cli(['defect', '9000', '--tier', '250']), 2, /^error: insufficient shares: you hold 5,000 shares of DBS-250, asked to burn 9,000 shares\. defect at most that, or backstop defect all --tier 250 --request$/);
    expect(await nonceOf(fx, BOB)).toBe(before);

    // A request to join has no permit form: with no allowance left (the permit enlist gave an unlimited
    // one; Bob withdraws it), the approve and the request are simulated together first, then sent.
    await approveDai(fx.client, bobWallet, { dai: fx.book.maker.dai, spender: high, daiWad: 0n });
    const before2 = await nonceOf(fx, BOB);
    const dry = await json(['enlist', '300', '--tier', '250', '--request', '--dry-run']);
    expect(dry).toMatchObject({ command: 'enlist', dryRun: true, mode: 'approve', request: true, daiWad: (300n * WAD).toString(), round: '1' });
    expect(dry.transactions.map((t: any) => t.action)).toEqual(['approve', 'requestEnlist']);
    expect(await nonceOf(fx, BOB)).toBe(before2);
    const joined = await ok(['enlist', '300', '--tier', '250', '--request']);
    // The first request set the round's deadline: the confirmation shows it as status does, and labels
    // the last position's settle time as such.
    const deadline = isoSeconds((await readRound(fx.client, { syndicate: high })).closeBy);
    expect(joined.stdout).toMatch(
      new RegExp(`^asked to enlist 300 DAI in tier 250 \\(DBS-250 \\S+\\) when round 1 closes: the DAI waits outside the books while the round is open until about ${deadline}, its deadline \\(every position is due by then; the last open one settles at ${ISO}\\), then buys shares at the value after the round; collect them with backstop claim --tier 250 \\(backstop cancel --enlist --tier 250 takes the DAI back before then\\)\\n  approve  tx 0x[0-9a-f]{64}  block \\d+  gas \\d+\\n  requestEnlist  tx 0x`),
    );
    // ...withdrawn, and asked again.
    const cancelled = await json(['cancel', '--enlist', '--tier', '250']);
    expect(cancelled).toMatchObject({ command: 'cancel', request: 'enlist', daiWad: (300n * WAD).toString(), round: '1' });
    // Nothing left to cancel: refused before anything is simulated (one line, exit 2, nothing sent).
    const beforeCancel = await nonceOf(fx, BOB);
    expectRefusal(await cli(['cancel', '--enlist', '--tier', '250']), 2, /^error: you have no deposit request in tier 250: nothing to cancel\. backstop status --tier 250 shows your requests$/);
    expect(await nonceOf(fx, BOB)).toBe(beforeCancel);
    // The approve was for exactly 300 DAI and the request spent it: --no-permit has no allowance to use.
    expectRefusal(await cli(['enlist', '300', '--tier', '250', '--request', '--no-permit']), 2, /^error: insufficient DAI allowance: tier 250 may take 0 DAI of your DAI, needs 300 DAI\. drop --no-permit to approve the amount first$/);
    expect((await json(['enlist', '300', '--tier', '250', '--request'])).transactions.map((t: any) => t.action)).toEqual(['approve', 'requestEnlist']);

    // A request to leave: 2,000 of Bob's shares locked; the first request set the deadline.
    const left = await json(['defect', '2000', '--tier', '250', '--request']);
    expect(left).toMatchObject({ command: 'defect', request: true, round: '1', shares: (2_000n * WAD).toString(), sharesLeft: (3_000n * WAD).toString() });
    expect(left.events).toEqual([{ name: 'DefectRequested', args: { holder: BOB, round: '1', shares: (2_000n * WAD).toString() } }]);
    // Alice asks to leave with all of hers.
    await requestDefect(fx.client, fx.alice, { syndicate: high, shares: 1_000n * WAD });
    const { closeBy } = await readRound(fx.client, { syndicate: high });
    expect(closeBy).toBeGreaterThan(0n);
    expect(isoSeconds(closeBy)).toBe(deadline);

    // status: the round, its requests and Bob's own.
    const status = await ok(['status', '--tier', '250']);
    expect(status.stdout).toMatch(new RegExp(`round\\s+1: open \\(a bid is out\\), requests pending: every position due by ${deadline} \\(in \\d+h \\d+m\\)\\n\\s+requests\\s+300 DAI to enlist, 3,000 shares to defect when it closes`));
    expect(status.stdout).toMatch(new RegExp(`holder\\s+${re(short(BOB))}: 3,000 shares\\n\\s+MKR claimable\\s+0 MKR\\n\\s+your requests\\s+enlist 300 DAI and defect 2,000 shares in round 1, pending until it closes \\(by ${ISO}\\)`));
    // Members: Bob (3,000 shares); Alice's are all locked in her request. The pool itself, which holds
    // the locked shares (the requests' escrow), is no member.
    expect(status.stdout).toMatch(/shares\s+6,000 shares, 1 member\n/);
    expect((await json(['status', '--tier', '250'])).tiers[0].members).toBe(1);
    const alice = await json(['status', '--tier', '250', '--holder', ALICE]);
    expect(alice.holder).toBe(ALICE);
    expect(alice.tiers[0].holder).toMatchObject({ address: ALICE, shares: '0', claimableMkrWad: '0', pending: { round: '1', defectShares: (1_000n * WAD).toString(), executed: false } });
    expect(alice.tiers[0].round).toMatchObject({ id: '1', open: true, closeBy: closeBy.toString(), enlistDaiWad: (300n * WAD).toString(), defectShares: (3_000n * WAD).toString() });
    expectRefusal(await cli(['status', '--holder', '0x12']), 2, /^error: --holder: "0x12" is not an address/);

    // Nothing to claim yet; a bid that would settle after the deadline is refused.
    const beforeClaim = await nonceOf(fx, BOB);
    expectRefusal(
      await cli(['claim', '--tier', '250']),
      2,
      new RegExp(`^error: your requests of round 1 in tier 250 have not executed yet: the round is still open\\. they execute at the finalize of its last position \\(every position due by ${ISO}\\); claim after that \\(backstop status --tier 250 shows the round\\)$`),
    );
    expect(await nonceOf(fx, BOB)).toBe(beforeClaim);
    await advance(60);
    const late = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    expectRefusal(
      await cli(['enter', late.toString(), '--tier', '250']),
      1,
      new RegExp(`^error: enter auction ${late} with tier 250 reverted: RoundClosing\\(closeBy ${ISO}, settleAt ${ISO}\\)\\. requests to join or leave are pending and every position must be due by ${ISO}; this bid would settle at ${ISO}: enter once the round has closed$`),
    );

    // The bid expires; the finalize closes the round at the value after it.
    const { ttl } = await readFlopper(fx.client, { flopper: fx.book.maker.flop });
    await advance(Number(ttl) + 1);
    // Past the deadline the round waits for a finalize: status says so instead of "in 0s".
    expect((await ok(['status', '--tier', '250'])).stdout).toMatch(
      new RegExp(`round\\s+1: open \\(a bid is out\\), requests pending: every position due by ${deadline} \\(passed: the round closes at the next finalize, backstop finalize or a keeper\\)`),
    );
    const supply = 6_000n * WAD;
    const navDai = 5_000n * WAD; // 6,000 DAI less the 1,000 DAI bid that bought the lot
    const exitShares = 3_000n * WAD;
    const paidDai = (exitShares * navDai) / supply;
    // The exits leave first; the deposits are priced by the shares and DAI that stay.
    const minted = (300n * WAD * (supply - exitShares)) / (navDai - paidDai);
    const closed = await ok(['finalize', id.toString(), '--tier', '250']);
    expect(closed.stdout).toMatch(
      new RegExp(`^finalized auction ${id} in tier 250 .*: won 9\\.708737 MKR for 1,000 DAI, credited to the round's shares; round 1 closed: 300 DAI enlisted for ${re(shown(minted, 4))} shares, 3,000 shares asked back for ${re(shown(paidDai, 4))} DAI \\(the requesters collect with backstop claim\\)\\n`),
    );

    // Each balance accrues its MKR on its own, rounded down: Bob's 3,000 held and 2,000 locked; Alice's 1,000 locked.
    const accRay = (ASKED_LOT_WAD * RAY) / supply;
    const bobMkr = (3_000n * WAD * accRay) / RAY + (2_000n * WAD * accRay) / RAY;
    const aliceMkr = (1_000n * WAD * accRay) / RAY;
    // Pro rata of what is left; the last claimer takes the rest.
    const bobDai = (2_000n * WAD * paidDai) / exitShares;
    const after = await ok(['status', '--tier', '250']);
    expect(after.stdout).toMatch(/round\s+2: not open \(no bid out\): enlist and defect are instant/);
    // The MKR once: on its own line, paid by the claim; the request's line says what the request pays.
    expect(after.stdout).toMatch(
      new RegExp(
        `MKR claimable\\s+${re(shown(bobMkr, 6))} MKR: backstop claim --tier 250 pays all of it with your executed request below; backstop claim-mkr pays only the part on the shares you still hold, and claim the rest\\n\\s+your requests\\s+enlist 300 DAI and defect 2,000 shares in round 1, executed: backstop claim --tier 250 pays ${re(shown(minted, 4))} shares and ${re(shown(bobDai, 4))} DAI, and the MKR claimable above$`,
        'm',
      ),
    );
    expect(after.stdout.split(`${shown(bobMkr, 6)} MKR`)).toHaveLength(2);

    const wouldPay = await ok(['claim', '--tier', '250', '--dry-run']);
    expect(wouldPay.stdout.split('\n')[0]).toBe(`dry run, nothing sent: claim your requests of round 1 in tier 250 (DBS-250 ${short(high)}): would pay ${shown(minted, 4)} shares, ${shown(bobDai, 4)} DAI and ${shown(bobMkr, 6)} MKR`);
    const paid = await json(['claim', '--tier', '250']);
    expect(paid).toMatchObject({ command: 'claim', holder: BOB, round: '1', shares: minted.toString(), daiWad: bobDai.toString(), mkrWad: bobMkr.toString() });
    expect(paid.events).toEqual([{ name: 'Claimed', args: { holder: BOB, round: '1', shares: minted.toString(), daiWad: bobDai.toString(), mkrWad: bobMkr.toString() } }]);
    expect(await readHolder(fx.client, { syndicate: high, holder: BOB })).toMatchObject({ shares: 3_000n * WAD + minted, claimableMkrWad: 0n, pending: { round: 0n } });

    // Alice's MKR is all her locked shares': claim-mkr pays none of an executed request's MKR, and says so.
    expectRefusal(
      await cli(['claim-mkr', '--tier', '250'], { BACKSTOP_PRIVATE_KEY: ALICE_KEY }),
      2,
      new RegExp(`^error: no MKR to claim with claim-mkr in tier 250 now: your ${re(shown(aliceMkr, 6))} MKR comes with your executed request of round 1\\. backstop claim --tier 250 pays it, with the request$`),
    );
    // Bob claims for Alice: the payout goes to her.
    const forAlice = await ok(['claim', '--tier', '250', '--holder', ALICE]);
    expect(forAlice.stdout).toMatch(new RegExp(`^claimed ${re(short(ALICE))}'s requests of round 1 in tier 250 .*: ${re(short(ALICE))} received 0 shares, ${re(shown(paidDai - bobDai, 4))} DAI and ${re(shown(aliceMkr, 6))} MKR\\n  claim  tx 0x`));
    // Nothing left to act on: one line, exit 2, nothing sent.
    const beforeNothing = await nonceOf(fx, BOB);
    expectRefusal(
      await cli(['claim', '--tier', '250', '--holder', ALICE]),
      2,
      new RegExp(`^error: 0x7099…79C8 has no request in tier 250: nothing to claim\\. claim pays requests made with enlist/defect --request once their round has closed \\(backstop status --tier 250 --holder ${ALICE} shows theirs\\)$`),
    );
    // claim paid all of Bob's MKR: nothing claimable now, and it says why.
    const bobShares = 3_000n * WAD + minted;
    expectRefusal(
      await cli(['claim-mkr', '--tier', '250']),
      2,
      new RegExp(`^error: nothing to claim: no MKR is claimable by you in tier 250 now\\. MKR is credited to your ${re(shown(bobShares, 4))} shares when the pool wins an auction, and what was credited before has been paid \\(backstop status --tier 250 shows what is claimable\\)$`),
    );
    expect(await nonceOf(fx, BOB)).toBe(beforeNothing);
  });

  it('claim-mkr pays the MKR a win credited to the shares, at any time; defect pays none twice', async () => {
    const high = await fx.tierAddress(250n * WAD);
    await fx.fundDai(bobWallet, 2_000n * WAD);
    await ok(['enlist', '2000', '--tier', '250']);
    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    await ok(['enter', id.toString(), '--tier', '250']);
    const { ttl } = await readFlopper(fx.client, { flopper: fx.book.maker.flop });
    await advance(Number(ttl) + 1);
    await ok(['finalize', id.toString(), '--tier', '250']);
    const mkrWad = (2_000n * WAD * ((ASKED_LOT_WAD * RAY) / (2_000n * WAD))) / RAY;
    const status = await json(['status', '--tier', '250']);
    expect(status.tiers[0].holder).toMatchObject({ address: BOB, shares: (2_000n * WAD).toString(), claimableMkrWad: mkrWad.toString(), pending: { round: '0' } });
    expect((await ok(['status', '--tier', '250'])).stdout).toMatch(new RegExp(`holder\\s+${re(short(BOB))}: 2,000 shares\\n\\s+MKR claimable\\s+${re(shown(mkrWad, 6))} MKR \\(backstop claim-mkr --tier 250\\)\\n\\s+your requests\\s+none`));
    // claim is for requests; with none, it says where the MKR is collected (exit 2, nothing sent).
    const before = await nonceOf(fx, BOB);
    expectRefusal(await cli(['claim', '--tier', '250']), 2, new RegExp(`^error: you have no request in tier 250: nothing to claim\\. the ${re(shown(mkrWad, 6))} MKR credited to your shares is collected with backstop claim-mkr --tier 250$`));
    expect(await nonceOf(fx, BOB)).toBe(before);

    const dry = await ok(['claim-mkr', '--tier', '250', '--dry-run']);
    expect(dry.stdout.split('\n')[0]).toBe(`dry run, nothing sent: claim your MKR from tier 250 (DBS-250 ${short(high)}): would pay ${shown(mkrWad, 6)} MKR`);
    const paid = await json(['claim-mkr', '--tier', '250']);
    expect(paid).toMatchObject({ command: 'claim-mkr', mkrWad: mkrWad.toString() });
    expect(paid.events).toEqual([{ name: 'MkrClaimed', args: { holder: BOB, mkrWad: mkrWad.toString() } }]);
    // The DAI left (the other 1,000 went into the bid); the MKR is already paid.
    expect(await json(['defect', 'all', '--tier', '250'])).toMatchObject({ shares: (2_000n * WAD).toString(), daiWad: (1_000n * WAD).toString(), mkrWad: '0' });
  });

  it('cancel takes exactly one of --enlist and --defect, and refuses a request whose round has closed', async () => {
    for (const argv of [['cancel', '--tier', '250'], ['cancel', '--enlist', '--defect', '--tier', '250']]) {
      const r = await cli(argv);
      expectRefusal(r, 2, argv.length === 3 ? /^error: cancel: say which request, --enlist or --defect\. e\.g\. backstop cancel --defect --tier 100 \(one command per request\)$/ : /^error: cancel: give --enlist or --defect, not both\./);
    }
    const high = await fx.tierAddress(250n * WAD);
    await fx.fundDai(bobWallet, 2_000n * WAD);
    await ok(['enlist', '2000', '--tier', '250']);
    const id = await fx.kick({ lotWad: LOT_WAD, bidRad: BID_RAD });
    await ok(['enter', id.toString(), '--tier', '250']);
    await ok(['defect', '500', '--tier', '250', '--request']);
    const unlocked = await json(['cancel', '--defect', '--tier', '250']);
    expect(unlocked).toMatchObject({ request: 'defect', shares: (500n * WAD).toString(), round: '1' });
    expect((await readHolder(fx.client, { syndicate: high, holder: BOB })).shares).toBe(2_000n * WAD);
    await ok(['defect', '500', '--tier', '250', '--request']);
    const { ttl } = await readFlopper(fx.client, { flopper: fx.book.maker.flop });
    await advance(Number(ttl) + 1);
    await ok(['finalize', id.toString(), '--tier', '250']);
    const before = await nonceOf(fx, BOB);
    expectRefusal(await cli(['cancel', '--defect', '--tier', '250']), 2, /^error: your exit request of round 1 in tier 250 has executed \(the round closed\): it can no longer be cancelled\. collect it with backstop claim --tier 250$/);
    expect(await nonceOf(fx, BOB)).toBe(before);

  });
});
