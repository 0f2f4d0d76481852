/**
 * The members who asked to leave while a bid of the pool was out (`pool.leavers`), told in numbers and
 * in words: when they asked, what leaving at cost would have paid then, what the round's bids came to,
 * what their claim paid, and why the two differ. Pure (bigint arithmetic on the model's integer
 * strings); the HTML and the terminal summary show it.
 */
import { formatUnitGrouped } from '../units.js';
import type { Leaver, Position, Report } from './model.js';

const WAD = 10n ** 18n;

/** One leaver's story. Amounts wad; times unix s. */
export interface LeaverStory {
  leaver: Leaver;
  /** The tier's label ("100 DAI/MKR"). */
  tierLabel: string;
  /** The positions that carried their locked shares: open at the request, or entered before the round closed. */
  roundPositions: Position[];
  /** MKR the round's won positions brought in, and the DAI they cost, wad. */
  roundMkrWonWad: bigint;
  roundDaiSpentWad: bigint;
  /** DAI per share at the round's close (`navDaiWad / totalShares`), wad; undefined if it never closed. */
  closeDaiPerShareWad: bigint | undefined;
  /**
   * What they got against leaving at cost: DAI less (at cost minus paid, wad) and MKR more (paid minus
   * the MKR already credited at the request, wad); the DAI per MKR that swap came to, wad (undefined
   * without MKR gained).
   */
  daiLessWad: bigint;
  mkrMoreWad: bigint;
  swapDaiPerMkrWad: bigint | undefined;
  /** Why, in sentences. */
  why: string;
}

/** 1234567.891 with `decimals` decimals (truncated), thousands grouped. */
function num(wad: bigint, decimals: number): string {
  return formatUnitGrouped(wad, 'wad', decimals);
}
const utc = (at: number) => `${new Date(at * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const ids = (list: readonly number[]) => (list.length === 1 ? `auction ${list[0]}` : `auctions ${list.join(', ')}`);

/** What the round's positions came to, in one sentence. */
function roundText(positions: number, won: number, daiSpentWad: bigint, mkrWonWad: bigint): string {
  if (positions === 0) return 'No position of the pool settled in the round.';
  if (won === 0) return `None of the round's ${positions} position${positions === 1 ? '' : 's'} was won: the DAI in them came back.`;
  const bought = `${num(daiSpentWad, 2)} DAI of the pool bought ${num(mkrWonWad, 4)} MKR (${num((daiSpentWad * WAD) / mkrWonWad, 2)} DAI/MKR), credited per share to the shares of the round, theirs included`;
  if (won === positions) return `The round's ${positions === 1 ? 'position was' : `${positions} positions were all`} won: ${bought}.`;
  return `Of the round's ${positions} positions ${won} ${won === 1 ? 'was' : 'were'} won: ${bought}; the DAI of the others came back.`;
}

/** The story of every leaver of the report, in the report's order. */
export function leaverStories(report: Report): LeaverStory[] {
  return report.pool.leavers.map((leaver) => {
    const tier = report.pool.tiers.find((t) => t.address.toLowerCase() === leaver.tier.toLowerCase());
    const closedAt = leaver.roundClosedAt ?? Number.POSITIVE_INFINITY;
    const roundPositions = report.pool.positions.filter(
      (p) => p.tier.toLowerCase() === leaver.tier.toLowerCase() && (p.finalizedAt ?? Number.POSITIVE_INFINITY) >= leaver.requestedAt && p.enteredAt <= closedAt,
    );
    const won = roundPositions.filter((p) => p.outcome === 'won');
    const roundMkrWonWad = won.reduce((s, p) => s + BigInt(p.lotWad), 0n);
    const roundDaiSpentWad = won.reduce((s, p) => s + BigInt(p.lockedDaiWad), 0n);
    const closeDaiPerShareWad =
      leaver.closeNavDaiWad !== null && leaver.closeTotalSharesWad !== null && leaver.closeTotalSharesWad !== '0'
        ? (BigInt(leaver.closeNavDaiWad) * WAD) / BigInt(leaver.closeTotalSharesWad)
        : undefined;
    const atCostDai = BigInt(leaver.atCostDaiWad);
    const atCostMkr = BigInt(leaver.atCostMkrWad);
    const gotDai = BigInt(leaver.daiWad);
    const gotMkr = BigInt(leaver.mkrWad);
    const daiLessWad = atCostDai - gotDai;
    const mkrMoreWad = gotMkr - atCostMkr;
    const swapDaiPerMkrWad = mkrMoreWad > 0n ? (daiLessWad * WAD) / mkrMoreWad : undefined;

    const open = leaver.openAtRequest;
    const sentences = [
      `They asked to leave at ${utc(leaver.requestedAt)}, while the pool's bid${open.length === 1 ? '' : 's'} in ${ids(open)} ${open.length === 1 ? 'was' : 'were'} out: ` +
        `defect was refused (${leaver.refusal}), so they asked to leave at the round's close, and their ${num(BigInt(leaver.sharesWad), 2)} shares stayed locked in round ${leaver.round}, sharing the outcome of its bids.`,
      `Leaving at cost then, the rule before rounds, would have paid ${num(atCostDai, 2)} DAI${atCostMkr > 0n ? ` and ${num(atCostMkr, 4)} MKR` : ''}: their part of the DAI in the bids as well as of the liquid DAI.`,
      roundText(roundPositions.length, won.length, roundDaiSpentWad, roundMkrWonWad),
      leaver.roundClosedAt === null
        ? 'The round had not closed by the end of the run.'
        : `The round closed at ${utc(leaver.roundClosedAt)}, at the finalize that settled its last position, at ${num(closeDaiPerShareWad ?? 0n, 6)} DAI per share` +
          (leaver.claimedAt === null ? '; they had not claimed by the end.' : `; their claim at ${utc(leaver.claimedAt)} paid ${num(gotDai, 2)} DAI and ${num(gotMkr, 4)} MKR.`),
    ];
    if (leaver.claimedAt !== null && swapDaiPerMkrWad !== undefined) {
      sentences.push(
        `So the ${num(daiLessWad, 2)} DAI they did not take out at cost came back as ${num(mkrMoreWad, 4)} MKR, at ${num(swapDaiPerMkrWad, 2)} DAI/MKR: that DAI was in bids placed while their shares were in the pool, and their part of what those bids won is theirs; leaving at cost would have handed it, win or loss, to the members who stayed.`,
      );
    }
    return {
      leaver,
      tierLabel: tier?.label ?? leaver.tier,
      roundPositions,
      roundMkrWonWad,
      roundDaiSpentWad,
      closeDaiPerShareWad,
      daiLessWad,
      mkrMoreWad,
      swapDaiPerMkrWad,
      why: sentences.join(' '),
    };
  });
}

/** One line per leaver for the terminal. */
export function leaverLines(report: Report): string[] {
  return leaverStories(report).map((s) => {
    const l = s.leaver;
    const got = l.claimedAt === null ? 'not claimed by the end' : `got ${num(BigInt(l.daiWad), 2)} DAI and ${num(BigInt(l.mkrWad), 4)} MKR`;
    return `${l.member} (${s.tierLabel}) asked to leave at ${utc(l.requestedAt)} in round ${l.round}: at cost then ${num(BigInt(l.atCostDaiWad), 2)} DAI; ${got}`;
  });
}
