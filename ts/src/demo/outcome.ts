/**
 * What a scenario came to, from its report (pure): per tier, the auctions entered and after how many
 * ticks, won, outbid and finalized, the MKR won and paid out; the debt auctions' clearing prices.
 */
import { leaverLines } from '../report/leavers.js';
import type { Report } from '../report/model.js';
import { formatUnit } from '../units.js';


export interface TierOutcome {
  tier: string;
  label: string;
  entered: number;
  won: number;
  outbid: number;
  finalized: number;
  /** Ticks each entered auction had when the tier first entered it (in entry order). */
  ticksAtEntry: number[];
  mkrWonWad: bigint;
  /** Paid out to members who left, on defect or by a round's claim, wad. */
  paidDaiWad: bigint;
  paidMkrWad: bigint;
  /** Members paid out, and how many of them by claim (they asked to leave during a round). */
  members: number;
  byClaim: number;
}

export interface ScenarioOutcome {
  flops: { kicked: number; wonByRivals: number; wonByPool: number; running: number; lowestDaiPerMkrWad: bigint | undefined; highestDaiPerMkrWad: bigint | undefined };
  tiers: TierOutcome[];
  /** One line per member who asked to leave during a round (see report/leavers.ts). */
  leavers: string[];
}

export function scenarioOutcome(report: Report): ScenarioOutcome {
  const flops = report.flops;
  const clearing = flops.filter((f) => f.outcome === 'won-by-rival' || f.outcome === 'won-by-pool').map((f) => BigInt(f.bids.at(-1)!.impliedDaiPerMkrWad));
  const tiers = report.pool.tiers.map((t): TierOutcome => {
    const mine = report.pool.positions.filter((p) => p.tier.toLowerCase() === t.address.toLowerCase());
    const payouts = report.pool.payouts.filter((p) => p.tier.toLowerCase() === t.address.toLowerCase());
    const seen = new Set<number>();
    const ticksAtEntry: number[] = [];
    for (const p of mine) {
      if (seen.has(p.auctionId)) continue;
      seen.add(p.auctionId);
      const flop = flops.find((f) => f.id === p.auctionId);
      ticksAtEntry.push(flop ? flop.ticks.filter((k) => k.at <= p.enteredAt).length : 0);
    }
    return {
      tier: t.address,
      label: t.label,
      entered: mine.length,
      won: mine.filter((p) => p.outcome === 'won').length,
      outbid: mine.filter((p) => p.outcome === 'outbid').length,
      finalized: mine.filter((p) => p.finalizedAt !== null).length,
      ticksAtEntry,
      mkrWonWad: mine.filter((p) => p.outcome === 'won').reduce((s, p) => s + BigInt(p.lotWad), 0n),
      paidDaiWad: payouts.reduce((s, p) => s + BigInt(p.daiWad), 0n),
      paidMkrWad: payouts.reduce((s, p) => s + BigInt(p.mkrWad), 0n),
      members: payouts.length,
      byClaim: payouts.filter((p) => p.via === 'claim').length,
    };
  });
  return {
    flops: {
      kicked: flops.length,
      wonByRivals: flops.filter((f) => f.outcome === 'won-by-rival').length,
      wonByPool: flops.filter((f) => f.outcome === 'won-by-pool').length,
      running: flops.filter((f) => f.outcome === 'running').length,
      lowestDaiPerMkrWad: clearing.length ? clearing.reduce((a, b) => (b < a ? b : a)) : undefined,
      highestDaiPerMkrWad: clearing.length ? clearing.reduce((a, b) => (b > a ? b : a)) : undefined,
    },
    tiers,
    leavers: leaverLines(report),
  };
}

/** Thousands grouped in the whole part: 400000.5 -> 400,000.5. */
const grouped = (text: string) => text.replace(/^(\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
const mkr = (wad: bigint) => `${grouped(formatUnit(wad, 'wad', 2))} MKR`;
const dai = (wad: bigint) => `${grouped(formatUnit(wad, 'wad', 2))} DAI`;

/** The outcome as text lines for the terminal. */
export function outcomeLines(o: ScenarioOutcome): string[] {
  const lines: string[] = [];
  const range = o.flops.lowestDaiPerMkrWad === undefined ? '' : `, cleared at ${formatUnit(o.flops.lowestDaiPerMkrWad, 'wad', 2)}-${formatUnit(o.flops.highestDaiPerMkrWad!, 'wad', 2)} DAI/MKR`;
  lines.push(`debt auctions: ${o.flops.kicked} kicked, ${o.flops.wonByRivals} won by rivals, ${o.flops.wonByPool} by the pool, ${o.flops.running} still running${range}`);
  for (const t of o.tiers) {
    const ticks = t.ticksAtEntry.length ? ` after ${[...new Set(t.ticksAtEntry)].join('/')} tick(s)` : '';
    lines.push(
      `tier ${t.label}: entered ${t.entered}${ticks}, won ${t.won} (${mkr(t.mkrWonWad)}), outbid ${t.outbid}, finalized ${t.finalized}/${t.entered}; ` +
        `${t.members} members paid ${dai(t.paidDaiWad)} and ${mkr(t.paidMkrWad)} (${t.members - t.byClaim} on defect${t.byClaim ? `, ${t.byClaim} by claim` : ''})`,
    );
  }
  for (const l of o.leavers) lines.push(`asked to leave mid-bid: ${l}`);
  return lines;
}

