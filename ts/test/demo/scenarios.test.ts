// `make demo` end to end, shortened: runDemo on an Anvil of its own (real Forge deploy, the flip replay
// through the local Cat/Flipper/Vow, the world of debt auctions, the keeper in-process, members through
// the CLI's chain code), then what its report.json says, read back with loadReport.
// - historical: rivals take every lot at the calibrated prices, the first dent blocks vow.flop() until
//   the keeper's kiss, the pool enters nothing and members get their DAI back;
// - no-rivals: lots tick four times to 518.4 MKR, the 100 DAI/MKR pool enters, wins and pays pro rata;
//   the largest member tries to leave during the first bid (refused), asks to leave, and claims at the
//   round's close: their part of the round's wins in MKR, and of the DAI left after it;
// - tiers: the 150, 120 and 100 DAI/MKR tiers enter after 2, 3 and 4 ticks.
// Each run has its own chain id (31350-31352) and --out under the OS's temp dir, and must leave nothing
// listening on its Anvil's port.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioOutcome } from '../../src/demo/outcome.js';
import type { Flop, Report } from '../../src/report/model.js';
import { portIsFree, rpcAnswers, runScenario, scratchDir, sum, type ScenarioRun } from './harness.js';

const WAD = 10n ** 18n;
const RAY = 10n ** 27n;
/** Wei of rounding a price or a pro-rata payout may differ by. */
const DUST = 3n;
/** The Flopper's start (dump) and 12 March spell's pad (1.2) and beg (1.03). */
const DUMP_WAD = 250n * WAD;
const PAD_PCT = 120n;
const BEG_PCT = 103n;

const scratch = scratchDir('scenarios');
afterAll(() => scratch.cleanup());

const byId = (flops: readonly Flop[]) => [...flops].sort((a, b) => a.id - b.id);
const abs = (x: bigint) => (x < 0n ? -x : x);
const ticksBefore = (flop: Flop, at: number) => flop.ticks.filter((t) => t.at <= at).length;

/** Nothing listens on the run's port any more, and no RPC answers there: the demo's Anvil is gone. */
async function expectAnvilGone(run: ScenarioRun) {
  expect(await rpcAnswers(run.port), `an RPC still answers on ${run.port}`).toBe(false);
  expect(await portIsFree(run.port), `port ${run.port} still taken`).toBe(true);
}

/** Every member's DAI and MKR back pro rata to what they enlisted (within DUST wei each). */
function expectProRata(payouts: Report['pool']['payouts'], { daiLeftWad, mkrWonWad }: { daiLeftWad: bigint; mkrWonWad: bigint }, { mkrDust = DUST }: { mkrDust?: bigint } = {}) {
  const enlisted = sum(payouts.map((p) => p.enlistedDaiWad));
  for (const p of payouts) {
    const share = BigInt(p.enlistedDaiWad);
    expect(abs(BigInt(p.mkrWad) - (share * mkrWonWad) / enlisted), `MKR of ${p.member}`).toBeLessThanOrEqual(mkrDust);
    expect(abs(BigInt(p.daiWad) - (share * daiLeftWad) / enlisted), `DAI of ${p.member}`).toBeLessThanOrEqual(DUST);
  }
}

describe('backstop demo, shortened, on its own Anvil', () => {
  it('historical (1500 flips): rivals win every lot at the calibrated prices; the first dent blocks flop() until the keeper kisses; members get their DAI back', async () => {
    const run = await runScenario('historical', { flips: 1500, chainId: 31350, out: join(scratch.dir, 'historical') });
    const { report, result } = run;
    process.stderr.write(`demo e2e: historical, 1500 flips, in ${run.wallMs} ms (${JSON.stringify(result.steps)})\n`);
    expect(report.scenario.name).toBe('historical');
    expect(report.run.chainId).toBe(31350);
    expect(report.flips).toHaveLength(1500);

    // Record mode: the replayed bad debt is what the replayed records imply, within 1%
    expect(result.badDebt.replayedRad).toBeGreaterThan(40n * 50_000n * 10n ** 45n);
    expect(result.badDebt.missPpm).toBeGreaterThanOrEqual(0n);
    expect(result.badDebt.missPpm).toBeLessThan(10_000n);

    // Every debt auction dealt to a rival; more lots than phase one's, so the Vow blocked and was kissed
    const refs = report.references;
    const flops = byId(report.flops);
    expect(flops.length).toBeGreaterThan(refs.phaseOne.lots);
    for (const f of flops) {
      expect(f.outcome, `flop ${f.id}`).toBe('won-by-rival');
      expect(f.settledAt, `flop ${f.id} dealt`).not.toBeNull();
      expect(f.bids.length).toBeGreaterThan(0);
      expect(f.bids.every((b) => b.bidder === 'rival')).toBe(true);
    }
    // Clearing prices: phase one at the published price; phase two within its published range; after
    // it, the published average. A rival asks the lot rounded up, so the price is at most its limit.
    const within = (price: bigint, low: bigint, high: bigint) => price >= low - DUST && price <= high;
    flops.forEach((f, i) => {
      const price = BigInt(f.bids.at(-1)!.impliedDaiPerMkrWad);
      if (i < refs.phaseOne.lots) {
        const p1 = BigInt(refs.phaseOne.daiPerMkrWad);
        expect(within(price, p1, p1), `lot ${i} (flop ${f.id}) cleared at ${price}, phase one's price is ${p1}`).toBe(true);
      } else if (i < refs.phaseOne.lots + refs.phaseTwo.lots) {
        const [low, high] = [BigInt(refs.phaseTwo.lowDaiPerMkrWad), BigInt(refs.phaseTwo.highDaiPerMkrWad)];
        expect(within(price, low, high), `lot ${i} (flop ${f.id}) cleared at ${price}, phase two's range is ${low}-${high}`).toBe(true);
      } else {
        const avg = BigInt(refs.debtAuctions.averageDaiPerMkrWad);
        expect(within(price, avg, avg), `lot ${i} (flop ${f.id}) cleared at ${price}, the average is ${avg}`).toBe(true);
      }
    });

    // The Vow: phase one's lots, then flop() refused (dent DAI in the Vow), the keeper's kiss, more flops
    const blocked = report.vowEvents.find((v) => v.kind === 'flop-blocked');
    expect(blocked, 'a flop-blocked vow event').toBeDefined();
    expect(BigInt(blocked!.amountRad!)).toBeGreaterThan(0n);
    const flopsBefore = report.vowEvents.filter((v) => v.kind === 'flop' && v.at < blocked!.at);
    expect(flopsBefore).toHaveLength(refs.phaseOne.lots);
    const kiss = report.keeper.actions.find((a) => a.action === 'kiss' && a.status === 'confirmed' && a.at >= blocked!.at);
    expect(kiss, "the keeper's kiss confirmed after the block").toBeDefined();
    expect(report.keeper.actions.some((a) => a.action === 'kiss' && a.at < blocked!.at)).toBe(false);
    expect(report.vowEvents.some((v) => v.kind === 'kiss' && v.by === 'keeper' && v.at === kiss!.at)).toBe(true);
    const flopsAfter = report.vowEvents.filter((v) => v.kind === 'flop' && v.at > kiss!.at);
    expect(flopsAfter.length).toBe(flops.length - refs.phaseOne.lots);
    expect(flopsAfter.length).toBeGreaterThan(0);

    // The pool entered nothing; every member defected with exactly their DAI and no MKR
    expect(report.pool.positions).toEqual([]);
    expect(report.keeper.actions.filter((a) => a.action === 'enter' || a.action === 'finalize')).toEqual([]);
    expect(report.pool.payouts).toHaveLength(129);
    expect(sum(report.pool.payouts.map((p) => p.enlistedDaiWad))).toBe(400_000n * WAD);
    for (const p of report.pool.payouts) {
      expect(p.daiWad, `DAI of ${p.member}`).toBe(p.enlistedDaiWad);
      expect(p.mkrWad, `MKR of ${p.member}`).toBe('0');
    }
    expect(existsSync(result.written.html)).toBe(true);
    await expectAnvilGone(run);
  }, 180_000);

  it('no-rivals (400 flips): each lot ticks four times to 518.4 MKR; the pool enters, wins, finalizes and pays MKR pro rata; a member who asks to leave mid-bid shares the round', async () => {
    const run = await runScenario('no-rivals', { flips: 400, chainId: 31351, out: join(scratch.dir, 'no-rivals') });
    const { report, result } = run;
    process.stderr.write(`demo e2e: no-rivals, 400 flips, in ${run.wallMs} ms (${JSON.stringify(result.steps)})\n`);
    expect(report.scenario.name).toBe('no-rivals');
    expect(result.badDebt.missPpm).toBeLessThan(10_000n);

    // The Flopper's ticks: 250 -> 300 -> 360 -> 432 -> 518.4 MKR
    const lots = [DUMP_WAD];
    for (let i = 0; i < 4; i++) lots.push((lots.at(-1)! * PAD_PCT) / 100n);
    expect(lots.at(-1)).toBe(5184n * 10n ** 17n);
    // The pool asks the largest lot beg allows: floor(518.4 / 1.03) MKR
    const askWad = (lots.at(-1)! * 100n) / BEG_PCT;
    expect(askWad).toBe(503_300_970_873_786_407_766n);

    const flops = byId(report.flops);
    expect(flops.length).toBeGreaterThanOrEqual(2);
    const [tier] = report.pool.tiers;
    expect(report.pool.tiers).toHaveLength(1);
    expect(BigInt(tier!.limitWad)).toBe(100n * WAD);
    for (const f of flops) {
      expect(f.initialLotWad).toBe(DUMP_WAD.toString());
      expect(f.ticks.map((t) => t.lotWad), `flop ${f.id} ticks`).toEqual(lots.slice(1).map(String));
      expect(f.outcome, `flop ${f.id}`).toBe('won-by-pool');
      expect(f.bids.map((b) => [b.bidder, b.lotWad, b.guy.toLowerCase()])).toEqual([['pool', askWad.toString(), tier!.address.toLowerCase()]]);
    }

    const positions = report.pool.positions;
    expect(positions.map((p) => p.auctionId).sort((a, b) => a - b)).toEqual(flops.map((f) => f.id));
    for (const p of positions) {
      const f = flops.find((x) => x.id === p.auctionId)!;
      expect(ticksBefore(f, p.enteredAt), `ticks before the pool entered ${p.auctionId}`).toBe(4);
      expect(p.lotWad).toBe(askWad.toString());
      expect(BigInt(p.lockedDaiWad)).toBe(BigInt(f.bidRad) / RAY);
      expect(p.outcome).toBe('won');
      expect(p.wonAt).not.toBeNull();
      expect(p.finalizedAt, `position ${p.auctionId} finalized`).not.toBeNull();
      expect(p.finalizedAt!).toBeGreaterThanOrEqual(p.wonAt!);
    }
    expect(result.allFinalized).toBe(true);
    const confirmed = (action: string) => report.keeper.actions.filter((a) => a.action === action && a.status === 'confirmed').length;
    expect(confirmed('enter')).toBe(flops.length);
    expect(confirmed('finalize')).toBe(flops.length);

    // The leaver: the largest member tried to defect while the first bid was out (refused RoundOpen,
    // no request yet), asked to leave with all their shares, and claimed when the round closed.
    expect(report.pool.leavers).toHaveLength(1);
    const leaver = report.pool.leavers[0]!;
    // Every member's exit is a payout: the leaver's by claim, the others' on defect.
    const claimed = report.pool.payouts.filter((p) => p.via === 'claim');
    expect(claimed.map((p) => ({ ...p, tier: p.tier.toLowerCase() }))).toEqual([{ member: leaver.member, tier: leaver.tier.toLowerCase(), via: 'claim', enlistedDaiWad: leaver.enlistedDaiWad, sharesWad: leaver.sharesWad, daiWad: leaver.daiWad, mkrWad: leaver.mkrWad, paidAt: leaver.claimedAt }]);
    const payouts = report.pool.payouts.filter((p) => p.via === 'defect');
    const enlistedAll = BigInt(report.scenario.parameters.poolDaiWad);
    expect(enlistedAll).toBe(400_000n * WAD);
    const supply = enlistedAll; // one share per DAI: every member enlisted before any bid
    // closeBy 0 (no request yet) said in words: no deadline, not a date in 1970
    expect(leaver).toMatchObject({ refusal: 'RoundOpen: the round is open, no deadline until the first request', round: 1, atCostMkrWad: '0', tier: tier!.address });
    expect(BigInt(leaver.enlistedDaiWad)).toBe(BigInt(leaver.sharesWad));
    expect(BigInt(leaver.enlistedDaiWad)).toBeGreaterThan(BigInt(payouts.reduce((m, p) => (BigInt(p.enlistedDaiWad) > BigInt(m) ? p.enlistedDaiWad : m), '0')));
    // Leaving at cost then: the shares' part of the liquid and the locked DAI, all of it still DAI.
    expect(leaver.atCostDaiWad).toBe(leaver.enlistedDaiWad);
    expect(leaver.requestedAt).toBeGreaterThanOrEqual(leaver.refusedAt);
    expect(leaver.openAtRequest.length).toBeGreaterThan(0);
    const firstEntry = Math.min(...positions.map((p) => p.enteredAt));
    expect(leaver.openAtRequest).toContain(positions.find((p) => p.enteredAt === firstEntry)!.auctionId);
    // The round: every position open at the request, or entered before the close; all won, all finalized by the close.
    expect(leaver.roundClosedAt).not.toBeNull();
    const roundPositions = positions.filter((p) => p.finalizedAt! >= leaver.requestedAt && p.enteredAt <= leaver.roundClosedAt!);
    expect(roundPositions.every((p) => p.outcome === 'won' && p.finalizedAt! <= leaver.roundClosedAt!)).toBe(true);
    expect(Math.max(...roundPositions.map((p) => p.finalizedAt!))).toBe(leaver.roundClosedAt);
    const spentInRound = sum(roundPositions.map((p) => p.lockedDaiWad));
    expect(leaver.closeTotalSharesWad).toBe(supply.toString());
    expect(leaver.closeNavDaiWad).toBe((enlistedAll - spentInRound).toString());
    // What the claim paid, from the rules: the only exit of the round takes all it set aside,
    // shares x book / supply; MKR, the shares times the round's credit per share (each win's lot over
    // the round's supply, rounded down), rounded down.
    const shares = BigInt(leaver.sharesWad);
    const accRay = roundPositions.reduce((acc, p) => acc + (BigInt(p.lotWad) * RAY) / supply, 0n);
    expect(leaver.claimedAt).not.toBeNull();
    expect(leaver.claimedAt!).toBeGreaterThanOrEqual(leaver.roundClosedAt!);
    expect(BigInt(leaver.daiWad)).toBe((shares * (enlistedAll - spentInRound)) / supply);
    expect(BigInt(leaver.mkrWad)).toBe((shares * accRay) / RAY);
    expect(BigInt(leaver.mkrWad)).toBeGreaterThan(0n);
    // Less DAI than at cost, made up in MKR at the price the pool paid.
    expect(BigInt(leaver.daiWad)).toBeLessThan(BigInt(leaver.atCostDaiWad));
    expect(report.keeper.actions.some((a) => a.action === 'finalize' && a.status === 'confirmed' && a.at === leaver.roundClosedAt)).toBe(true);

    // The other 128 defected at the end: the MKR won and the DAI left, pro rata to what each enlisted;
    // with the leaver's claim, all of it.
    const mkrWonWad = sum(positions.map((p) => p.lotWad));
    const spentWad = sum(positions.map((p) => p.lockedDaiWad));
    expect(payouts).toHaveLength(128);
    expect(report.pool.payouts).toHaveLength(129);
    const enlisted = sum(payouts.map((p) => p.enlistedDaiWad));
    expect(enlisted + BigInt(leaver.enlistedDaiWad)).toBe(enlistedAll);
    const mkrPaid = sum(payouts.map((p) => p.mkrWad)) + BigInt(leaver.mkrWad);
    expect(mkrPaid).toBeLessThanOrEqual(mkrWonWad);
    expect(mkrWonWad - mkrPaid).toBeLessThanOrEqual(129n); // each holder's credit rounds down by under a wei
    const daiPaid = sum(payouts.map((p) => p.daiWad)) + BigInt(leaver.daiWad);
    expect(abs(daiPaid - (enlistedAll - spentWad))).toBeLessThanOrEqual(129n * DUST);
    // Each stayer's MKR exactly: their shares times the credit per share of every win, rounded down; a
    // win of the leaver's round was credited over all the shares, a later one over the shares that stayed.
    const stayers = supply - shares;
    const accAllRay = positions.filter((p) => p.outcome === 'won').reduce((acc, p) => acc + (BigInt(p.lotWad) * RAY) / (roundPositions.includes(p) ? supply : stayers), 0n);
    for (const p of payouts) expect(BigInt(p.mkrWad), `MKR of ${p.member}`).toBe((BigInt(p.enlistedDaiWad) * accAllRay) / RAY);
    expectProRata(payouts, { daiLeftWad: sum(payouts.map((p) => p.daiWad)), mkrWonWad: sum(payouts.map((p) => p.mkrWad)) }, { mkrDust: 130n });

    // MKR per share is the accumulator: it rises at the wins and does not move at the leaver's claim or
    // at the others' exits (the MKR book over the shares left would jump).
    const nav = report.pool.nav.map((p) => [p.at, BigInt(p.mkrPerShareWad)] as const);
    const afterWins = nav.filter(([at]) => at >= leaver.roundClosedAt!).map(([, v]) => v);
    expect(afterWins.length).toBeGreaterThanOrEqual(2);
    expect(new Set(afterWins).size).toBe(1);
    expect(afterWins[0]).toBe(accAllRay / 10n ** 9n);
    expect(nav.filter(([at]) => at < Math.min(...positions.map((p) => p.finalizedAt!))).every(([, v]) => v === 0n)).toBe(true);

    // Progress goes on after the last debt auction is kicked: what happens, which auctions, which round.
    const settling = run.progress.split('\n').filter((l) => l.startsWith('settling'));
    expect(settling.some((l) => /: keeper ticks \d+ unbid debt auctions? \([\d, -]+\)$/.test(l))).toBe(true);
    expect(settling.some((l) => /: tier 100 DAI\/MKR bids in auctions? [\d, -]+$/.test(l))).toBe(true);
    expect(settling.some((l) => /tier 100 DAI\/MKR's round 1 opens .*tries to defect: refused \(RoundOpen: the round is open, no deadline until the first request\)/.test(l))).toBe(true);
    expect(settling.some((l) => /: tier 100 DAI\/MKR finalizes auctions? [\d, -]+$/.test(l))).toBe(true);
    expect(settling.some((l) => /tier 100 DAI\/MKR's round 1 closes; member 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} claims what round 1 paid their exit request$/.test(l))).toBe(true);
    expect(run.progress).toMatch(/\nmembers leave +2020-\S+ \S+ UTC: 128 members defect with their part of the pool/);

    // The keeper's JSON log went to the out dir
    expect(readFileSync(result.keeperLog, 'utf8')).toContain('keeper.started');
    await expectAnvilGone(run);
  }, 180_000);

  it('tiers (500 flips): the 150 DAI/MKR tier enters after 2 ticks, 120 after 3, 100 after 4', async () => {
    const run = await runScenario('tiers', { flips: 500, members: 30, chainId: 31352, out: join(scratch.dir, 'tiers') });
    const { report, result } = run;
    process.stderr.write(`demo e2e: tiers, 500 flips, in ${run.wallMs} ms (${JSON.stringify(result.steps)})\n`);
    const outcome = scenarioOutcome(report);
    const expected: Record<string, number> = { '100 DAI/MKR': 4, '120 DAI/MKR': 3, '150 DAI/MKR': 2 };
    expect(outcome.tiers.map((t) => t.label).sort()).toEqual(Object.keys(expected).sort());
    for (const t of outcome.tiers) {
      expect(t.ticksAtEntry.length, `${t.label} entered`).toBeGreaterThan(0);
      expect(t.ticksAtEntry, `${t.label} ticks at entry`).toEqual(t.ticksAtEntry.map(() => expected[t.label]));
      expect(t.won, `${t.label} won`).toBe(t.entered);
      expect(t.finalized, `${t.label} finalized`).toBe(t.entered);
      expect(t.mkrWonWad).toBeGreaterThan(0n);
      // Won MKR is credited per share, rounded down for each member: what they were paid is what the tier
      // won less under a wei a member (the dust stays in the pool).
      expect(t.paidMkrWad, `${t.label} paid out what it won`).toBeLessThanOrEqual(t.mkrWonWad);
      expect(t.mkrWonWad - t.paidMkrWad, `${t.label}: MKR left as dust`).toBeLessThan(BigInt(t.members) + 1n);
    }
    expect(result.allFinalized).toBe(true);
    await expectAnvilGone(run);
  }, 180_000);
});
