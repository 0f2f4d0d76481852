/**
 * What the report says in words: per chart, where the run agrees with the record and where it differs
 * and why; and the summary rows the terminal and the HTML both show. Every sentence is computed from
 * the report's numbers (bigint arithmetic on the model's integer strings; no floats). Pure.
 */
import { formatUnitGrouped } from '../units.js';
import type { ChartId } from './charts.js';
import type { Flop, Report } from './model.js';

const WAD = 10n ** 18n;
const RAY = 10n ** 27n;

/** One sentence about a chart: it agrees with the record, differs from it (and why), or informs. */
export interface Finding {
  kind: 'agrees' | 'differs' | 'note';
  text: string;
}

/** One line of the summary: a measure, this run's value, the record's, and where the record is from. */
export interface SummaryRow {
  measure: string;
  run: string;
  record: string;
  source: string;
}

// ------------------------------------------------------------------------------------- formatting

/** Wad amount with at most `decimals` decimals (truncated), thousands separated. */
function num(valueWad: bigint, decimals = 0): string {
  return formatUnitGrouped(valueWad, 'wad', decimals);
}
/** Wad DAI in millions, two decimals: "4.97M". */
const millions = (daiWad: bigint) => `${num(daiWad / 10n ** 6n, 2)}M`;
const radToWad = (rad: bigint) => rad / RAY;
/** n / d rounded half away from zero to one decimal ("0.9", "-2.0"); d > 0. */
function oneDecimal(n: bigint, d: bigint): string {
  const scaled = n * 10n;
  const q = (scaled < 0n ? scaled - d / 2n : scaled + d / 2n) / d;
  const a = q < 0n ? -q : q;
  return `${q < 0n ? '-' : ''}${a / 10n}.${a % 10n}`;
}
/** a / b as a percentage, one decimal, rounded: "30.0%". */
function percent(a: bigint, b: bigint): string {
  if (b === 0n) return 'n/a';
  return `${oneDecimal(a * 100n, b)}%`;
}
/** (a - b) / b as a signed percentage, one decimal, rounded: "+0.9%". */
function change(a: bigint, b: bigint): string {
  if (b === 0n) return 'n/a';
  const text = oneDecimal((a - b) * 100n, b);
  return `${text.startsWith('-') ? '' : '+'}${text}%`;
}
/** Sources joined with "; ", each named once. */
function sources(...parts: string[]): string {
  return [...new Set(parts.flatMap((p) => p.split('; ')))].join('; ');
}
const abs = (x: bigint) => (x < 0n ? -x : x);
const utc = (unixS: number) => `${new Date(unixS * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const max = (xs: bigint[]) => xs.reduce((a, b) => (b > a ? b : a));
const min = (xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));

// ------------------------------------------------------------------------------------- derived figures

/** Figures derived from a report, shared by the findings and the summary. */
export interface Derived {
  badDebtEndRad: bigint | undefined;
  bandLowWad: bigint;
  bandHighWad: bigint;
  zeroBids: number;
  flipIds: { first: number; last: number } | undefined;
  won: { flop: Flop; lotWad: bigint; priceWad: bigint; bidder: 'pool' | 'rival' }[];
  mkrSoldWad: bigint;
  daiRaisedWad: bigint;
}

/** The figures the findings and summary are made of. */
export function derive(r: Report): Derived {
  const estimates = r.references.badDebtEstimates.map((e) => BigInt(e.daiWad));
  const won = r.flops.flatMap((flop) => {
    const last = flop.bids.at(-1);
    if (!last || !flop.outcome.startsWith('won')) return [];
    return [{ flop, lotWad: BigInt(last.lotWad), priceWad: BigInt(last.impliedDaiPerMkrWad), bidder: last.bidder }];
  });
  const ids = r.flips.map((f) => f.id);
  return {
    badDebtEndRad: r.series.badDebt.length ? BigInt(r.series.badDebt.at(-1)!.badDebtRad) : undefined,
    bandLowWad: min(estimates),
    bandHighWad: max(estimates),
    zeroBids: r.flips.filter((f) => f.zeroBid).length,
    flipIds: ids.length ? { first: Math.min(...ids), last: Math.max(...ids) } : undefined,
    won,
    mkrSoldWad: won.reduce((s, w) => s + w.lotWad, 0n),
    daiRaisedWad: won.reduce((s, w) => s + radToWad(BigInt(w.flop.bidRad)), 0n),
  };
}

// ------------------------------------------------------------------------------------- per chart

function ethPriceFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  const { market, osm } = r.series.ethPrice;
  // Each published point against the nearest market bar within an hour.
  for (const ref of r.references.ethPrice) {
    let best: { name: string; priceWad: bigint; gap: number } | undefined;
    for (const m of market) {
      for (const p of m.points) {
        const gap = Math.abs(p.at - ref.at);
        if (gap <= 3600 && (!best || gap < best.gap)) best = { name: m.name, priceWad: BigInt(p.priceWad), gap };
      }
    }
    const refWad = BigInt(ref.priceWad);
    if (!best) {
      out.push({ kind: 'note', text: `Published ${num(refWad)} USD at ${utc(ref.at)} (${ref.source}): no market bar within an hour to compare.` });
      continue;
    }
    const off = ((best.priceWad - refWad) * 100n) / refWad;
    const text = `Published ${num(refWad)} USD at ${utc(ref.at)} (${ref.source}); ${best.name} shows ${num(best.priceWad, 2)} (${change(best.priceWad, refWad)})`;
    if (abs(off) <= 5n) out.push({ kind: 'agrees', text: `${text}.` });
    else out.push({ kind: 'differs', text: `${text}: the files hold bar closes, the published figure is an intraday extreme or a recollection.` });
  }
  // OSM vs market: the largest gap and the largest single fall.
  const series = market[0];
  if (series && osm.length > 1) {
    let gap: { wad: bigint; at: number } | undefined;
    for (const p of series.points) {
      const seen = [...osm].reverse().find((o) => o.at <= p.at);
      if (!seen) continue;
      const d = BigInt(seen.priceWad) - BigInt(p.priceWad);
      if (!gap || d > gap.wad) gap = { wad: d, at: p.at };
    }
    let fall: { pct: bigint; at: number } | undefined;
    for (let i = 1; i < osm.length; i++) {
      const before = BigInt(osm[i - 1]!.priceWad);
      const drop = before === 0n ? 0n : ((before - BigInt(osm[i]!.priceWad)) * 100n * WAD) / before;
      if (!fall || drop > fall.pct) fall = { pct: drop, at: osm[i]!.at };
    }
    if (gap && gap.wad > 0n) {
      out.push({ kind: 'note', text: `The OSM let the Vat see up to ${num(gap.wad, 2)} USD more than the market (${series.name}, ${utc(gap.at)}): the one-hour delay kept vaults safe on paper while their collateral had already fallen.` });
    }
    if (fall && fall.pct > 0n) out.push({ kind: 'note', text: `Its largest single update was a fall of ${num(fall.pct, 1)}% (${utc(fall.at)}), making every vault between the two prices unsafe at once.` });
  }
  return out;
}

function badDebtFindings(r: Report, d: Derived): Finding[] {
  const out: Finding[] = [];
  const file = BigInt(r.references.flipFile.badDebtRad);
  const end = d.badDebtEndRad;
  if (end === undefined) return [{ kind: 'differs', text: 'No bad-debt series: the run recorded none.' }];
  const endWad = radToWad(end);
  const offBp = file === 0n ? 0n : (abs(end - file) * 10_000n) / file;
  const vsFile = `after the flip auctions reaches ${millions(endWad)} DAI, ${change(end, file)} from the ${millions(radToWad(file))} DAI the flip file implies (${r.references.flipFile.auctions} auctions: debt minus what they raised)`;
  if (offBp <= 100n) out.push({ kind: 'agrees', text: `Bad debt ${vsFile}: within the 1% the local Vat, Cat, Flipper and Vow must reach.` });
  else out.push({ kind: 'differs', text: `Bad debt ${vsFile}: more than 1% off, so the local Vat/Cat/Flipper/Vow accounting differs from mainnet's.` });
  const sources = r.references.badDebtEstimates.map((e) => e.source).join('; ');
  if (endWad >= d.bandLowWad && endWad <= d.bandHighWad) {
    out.push({ kind: 'agrees', text: `It lies inside the published band ${millions(d.bandLowWad)}-${millions(d.bandHighWad)} DAI (${sources}).` });
  } else {
    out.push({ kind: 'differs', text: `It lies outside the published band ${millions(d.bandLowWad)}-${millions(d.bandHighWad)} DAI (${sources}).` });
  }
  const covered = BigInt(r.references.coveredByDebtAuctions.daiWad);
  if (endWad < covered) {
    const missing = d.flipIds && d.flipIds.first > 1 ? `: the flip file starts at auction ${d.flipIds.first}, so the shortfall of auctions 1-${d.flipIds.first - 1} (kicked before ${utc(r.flips.find((f) => f.id === d.flipIds!.first)!.kickedAt)}), which the debt auctions also covered, is not replayed` : '';
    out.push({ kind: 'differs', text: `The debt auctions of 2020 raised ${millions(covered)} DAI (${r.references.coveredByDebtAuctions.source}), ${millions(covered - endWad)} more than this bad debt${missing}.` });
  } else {
    out.push({ kind: 'note', text: `The debt auctions of 2020 raised ${millions(covered)} DAI (${r.references.coveredByDebtAuctions.source}), no more than this bad debt.` });
  }
  return out;
}

function zeroBidFindings(r: Report, d: Derived): Finding[] {
  const ff = r.references.flipFile;
  const share = percent(BigInt(d.zeroBids), BigInt(r.flips.length));
  const fileShare = percent(BigInt(ff.zeroBidAuctions), BigInt(ff.auctions));
  const published = `${num(BigInt(r.references.zeroBidShare.shareWad) * 100n, 0)}%`;
  const out: Finding[] = [];
  const ids = d.flipIds ? ` (auctions ${d.flipIds.first}-${d.flipIds.last})` : '';
  const same = d.zeroBids * ff.auctions === ff.zeroBidAuctions * r.flips.length;
  out.push({
    kind: same ? 'agrees' : 'differs',
    text: `${d.zeroBids} of ${r.flips.length} auctions here${ids} ended under 1 DAI (${share}); the flip file: ${ff.zeroBidAuctions} of ${ff.auctions} (${fileShare})${same ? '.' : r.run.origin === 'fixture' ? ': this fixture holds a sample of the file.' : ': the run did not replay every auction of the file as recorded.'}`,
  });
  out.push({
    kind: 'differs',
    text: `Published: ${published} of liquidations won with zero bids (${r.references.zeroBidShare.source}); the file counts final bids under 1 DAI over auctions kicked from ${d.flipIds ? `id ${d.flipIds.first}` : 'its first id'} on, not every liquidation of the day.`,
  });
  out.push({ kind: 'note', text: `${ff.undealtAuctions} auctions of the file were never dealt.` });
  return out;
}

function debtAuctionFindings(r: Report, d: Derived): Finding[] {
  const refs = r.references;
  const out: Finding[] = [];
  const rivals = d.won.filter((w) => w.bidder === 'rival');
  const pool = d.won.filter((w) => w.bidder === 'pool');
  const lotDai = refs.debtAuctions.startingBidDaiWad;
  if (r.flops.length === refs.debtAuctions.auctions) {
    out.push({ kind: 'agrees', text: `${r.flops.length} debt auctions, as in March 2020 (${refs.debtAuctions.source}).` });
  } else {
    const bad = d.badDebtEndRad;
    const afford = bad === undefined ? '' : `; ${millions(radToWad(bad))} DAI of bad debt covers about ${radToWad(bad) / BigInt(lotDai)} lots of ${num(BigInt(lotDai))} DAI`;
    out.push({ kind: 'differs', text: `${r.flops.length} debt auctions here vs ${refs.debtAuctions.auctions} in March 2020 (${refs.debtAuctions.source})${afford}${r.run.origin === 'fixture' ? '; this fixture holds a handful' : ''}.` });
  }
  if (rivals.length) {
    const prices = rivals.map((w) => w.priceWad);
    const mean = prices.reduce((a, b) => a + b, 0n) / BigInt(prices.length);
    const low = BigInt(refs.phaseTwo.lowDaiPerMkrWad);
    const high = BigInt(refs.phaseOne.daiPerMkrWad) > BigInt(refs.phaseTwo.highDaiPerMkrWad) ? BigInt(refs.phaseOne.daiPerMkrWad) : BigInt(refs.phaseTwo.highDaiPerMkrWad);
    const avg = BigInt(refs.debtAuctions.averageDaiPerMkrWad);
    const within = min(prices) * 100n >= low * 95n && max(prices) * 100n <= high * 115n;
    const text = `Rivals won ${rivals.length} lots at ${num(min(prices), 1)}-${num(max(prices), 1)} DAI/MKR (mean ${num(mean, 1)}); published: about ${num(BigInt(refs.phaseOne.daiPerMkrWad))} in phase one (${refs.phaseOne.source}), ${num(low)}-${num(BigInt(refs.phaseTwo.highDaiPerMkrWad))} in phase two (${refs.phaseTwo.source}), ${num(avg, 1)} on average`;
    out.push({ kind: within ? 'agrees' : 'differs', text: within ? `${text}: the rivals' limits are calibrated to those prices.` : `${text}: the rivals' limits are not at the published prices.` });
  }
  const mkrRef = BigInt(refs.debtAuctions.mkrSoldWad);
  out.push({ kind: 'note', text: `${num(d.mkrSoldWad, 1)} MKR sold for ${num(d.daiRaisedWad)} DAI here; March 2020: ${num(mkrRef)} MKR for ${millions(BigInt(refs.debtAuctions.daiRaisedWad))} DAI (${refs.debtAuctions.source}).` });
  for (const tier of r.pool.tiers) {
    const limit = BigInt(tier.limitWad);
    const entered = r.pool.positions.filter((p) => p.tier.toLowerCase() === tier.address.toLowerCase());
    if (entered.length === 0) {
      const lowest = d.won.length ? min(d.won.map((w) => w.priceWad)) : undefined;
      const why = lowest !== undefined && lowest > limit ? `every lot cleared above it (lowest ${num(lowest, 1)} DAI/MKR), so it never became eligible, as in 2020 (${refs.syndicate.source})` : 'no lot reached it';
      out.push({ kind: 'note', text: `The ${tier.label} tier entered nothing: ${why}.` });
    } else {
      const tierWins = pool.filter((w) => w.bidder === 'pool' && w.flop.bids.at(-1)!.guy.toLowerCase() === tier.address.toLowerCase());
      const ticks = tierWins.map((w) => w.flop.ticks.length);
      const tickText = ticks.length ? `, after ${Math.min(...ticks)}${Math.max(...ticks) !== Math.min(...ticks) ? `-${Math.max(...ticks)}` : ''} unbid ticks` : '';
      const prices = tierWins.map((w) => w.priceWad);
      out.push({
        kind: 'note',
        text: `The ${tier.label} tier entered ${entered.length} auctions and won ${tierWins.length}${prices.length ? ` at ${num(min(prices), 2)}-${num(max(prices), 2)} DAI/MKR` : ''}${tickText}; in 2020 no lot went unbid long enough to fall to ${num(limit)} DAI/MKR.`,
      });
    }
  }
  return out;
}

function poolFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  for (const tier of r.pool.tiers) {
    const nav = r.pool.nav.filter((p) => p.tier.toLowerCase() === tier.address.toLowerCase() && p.totalSharesWad !== '0');
    const positions = r.pool.positions.filter((p) => p.tier.toLowerCase() === tier.address.toLowerCase());
    const count = (o: string) => positions.filter((p) => p.outcome === o).length;
    const first = nav[0];
    const last = nav.at(-1);
    const navText = first && last ? `: DAI per share ${num(BigInt(first.navPerShareWad), 4)} to ${num(BigInt(last.navPerShareWad), 4)}, MKR credited per share ${num(BigInt(last.mkrPerShareWad), 6)} by the end` : '';
    out.push({ kind: 'note', text: `${tier.label}: ${positions.length} positions (${count('won')} won, ${count('outbid')} outbid, ${count('leading')} still leading)${navText}.` });
    const open = positions.filter((p) => p.finalizedAt === null);
    if (open.length) out.push({ kind: 'differs', text: `${open.length} position(s) of ${tier.label} were never finalized.` });
    else if (positions.length) out.push({ kind: 'agrees', text: `Every position of ${tier.label} was finalized.` });
  }
  return out;
}

/** The sum of one amount field over payouts, wad. */
function sumOf(payouts: readonly Report['pool']['payouts'][number][], key: 'enlistedDaiWad' | 'daiWad' | 'mkrWad'): bigint {
  return payouts.reduce((s, p) => s + BigInt(p[key]), 0n);
}

/** How members were paid: "all on defect", or "128 on defect, 1 by claim after asking to leave during a round". */
function howPaid(payouts: readonly Report['pool']['payouts'][number][]): string {
  const claims = payouts.filter((p) => p.via === 'claim').length;
  const defects = payouts.length - claims;
  const byClaim = `by claim after asking to leave during a round`;
  if (claims === 0) return defects === 1 ? 'on defect' : 'all on defect';
  if (defects === 0) return claims === 1 ? byClaim : `all ${byClaim}`;
  return `${defects} on defect, ${claims} ${byClaim}`;
}

function payoutFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  for (const tier of r.pool.tiers) {
    const mine = r.pool.payouts.filter((p) => p.tier.toLowerCase() === tier.address.toLowerCase());
    if (mine.length === 0) {
      out.push({ kind: 'note', text: `No member of ${tier.label} left the pool.` });
      continue;
    }
    const enlisted = mine.reduce((s, p) => s + BigInt(p.enlistedDaiWad), 0n);
    const dai = mine.reduce((s, p) => s + BigInt(p.daiWad), 0n);
    const mkr = mine.reduce((s, p) => s + BigInt(p.mkrWad), 0n);
    const won = r.pool.positions
      .filter((p) => p.tier.toLowerCase() === tier.address.toLowerCase() && p.outcome === 'won')
      .reduce((s, p) => s + BigInt(p.lotWad), 0n);
    out.push({ kind: 'note', text: `${mine.length} members of ${tier.label} enlisted ${num(enlisted)} DAI and got back ${num(dai, 2)} DAI and ${num(mkr, 4)} MKR (${howPaid(mine)}; the pool won ${num(won, 4)} MKR).` });
    // Pro rata: each member's MKR and DAI against enlisted / total enlisted, among those who defected
    // (one paid by claim left at their round's close, at its price: their story is told on its own);
    // rounding is per member.
    const defected = mine.filter((p) => p.via === 'defect');
    const byClaim = mine.length - defected.length;
    const [dEnlisted, dDai, dMkr] = [sumOf(defected, 'enlistedDaiWad'), sumOf(defected, 'daiWad'), sumOf(defected, 'mkrWad')];
    const among = byClaim === 0 ? '' : ` among the ${defected.length} paid on defect; the ${byClaim} paid by claim left at their round's close (see "A member who asked to leave in the middle of a bid")`;
    let worst = 0n;
    for (const p of defected) {
      for (const [got, total] of [
        [BigInt(p.mkrWad), dMkr],
        [BigInt(p.daiWad), dDai],
      ] as const) {
        const expected = dEnlisted === 0n ? 0n : (total * BigInt(p.enlistedDaiWad)) / dEnlisted;
        const dev = abs(got - expected);
        if (dev > worst) worst = dev;
      }
    }
    if (defected.length === 0) continue;
    if (worst <= WAD / 10n ** 6n) out.push({ kind: 'agrees', text: `Paid pro rata to what each enlisted (largest deviation ${worst} wei)${among}.` });
    else out.push({ kind: 'differs', text: `Not pro rata to what each enlisted${among}: a member is off by ${num(worst, 6)} (DAI or MKR); shares bought at different NAVs or transfers explain it.` });
  }
  return out;
}

/** Per chart, what agrees with the record, what differs and why. */
export function findings(report: Report): Record<ChartId, Finding[]> {
  const d = derive(report);
  return {
    'eth-price': ethPriceFindings(report),
    'bad-debt': badDebtFindings(report, d),
    'zero-bids': zeroBidFindings(report, d),
    'debt-auctions': debtAuctionFindings(report, d),
    pool: poolFindings(report),
    payouts: payoutFindings(report),
  };
}

/** The summary table: this run vs the record, one row per measure. */
export function summaryRows(report: Report): SummaryRow[] {
  const d = derive(report);
  const refs = report.references;
  const ff = refs.flipFile;
  const positions = report.pool.positions;
  const won = positions.filter((p) => p.outcome === 'won');
  const payouts = report.pool.payouts;
  const payDai = payouts.reduce((s, p) => s + BigInt(p.daiWad), 0n);
  const payMkr = payouts.reduce((s, p) => s + BigInt(p.mkrWad), 0n);
  const claims = payouts.filter((p) => p.via === 'claim').length;
  const paidHow = claims === 0 ? `${payouts.length} on defect` : `${payouts.length - claims} on defect, ${claims} by claim`;
  // The 2020 pool's record (never needed) rests on the published clearing prices, all above its limit.
  const lowestWad = BigInt(refs.phaseTwo.lowDaiPerMkrWad) < BigInt(refs.phaseOne.daiPerMkrWad) ? BigInt(refs.phaseTwo.lowDaiPerMkrWad) : BigInt(refs.phaseOne.daiPerMkrWad);
  const neverNeeded = `2020 lots cleared at ${num(lowestWad)} DAI/MKR or more, above the syndicate's ${num(BigInt(refs.syndicate.priceDaiPerMkrWad))}: ${sources(refs.phaseOne.source, refs.phaseTwo.source)}`;
  const thisRunOnly = 'no published figure';
  const confirmed = report.keeper.actions.filter((a) => a.status === 'confirmed');
  const byKind = [...new Set(confirmed.map((a) => a.action))].map((k) => `${confirmed.filter((a) => a.action === k).length} ${k}`).join(', ');
  const rivalPrices = d.won.filter((w) => w.bidder === 'rival').map((w) => w.priceWad);
  return [
    { measure: 'Bad debt (DAI)', run: d.badDebtEndRad === undefined ? '-' : millions(radToWad(d.badDebtEndRad)), record: `${millions(radToWad(BigInt(ff.badDebtRad)))} (file); ${millions(d.bandLowWad)}-${millions(d.bandHighWad)} published`, source: sources(ff.source, ...refs.badDebtEstimates.map((e) => e.source)) },
    { measure: 'Flip auctions', run: String(report.flips.length), record: String(ff.auctions), source: ff.source },
    { measure: 'Zero-bid share', run: percent(BigInt(d.zeroBids), BigInt(report.flips.length)), record: `${percent(BigInt(ff.zeroBidAuctions), BigInt(ff.auctions))} (file); ${num(BigInt(refs.zeroBidShare.shareWad) * 100n)}% published`, source: refs.zeroBidShare.source },
    { measure: 'Debt auctions', run: String(report.flops.length), record: String(refs.debtAuctions.auctions), source: refs.debtAuctions.source },
    { measure: 'MKR sold', run: num(d.mkrSoldWad, 1), record: num(BigInt(refs.debtAuctions.mkrSoldWad)), source: refs.debtAuctions.source },
    { measure: 'DAI raised by debt auctions', run: millions(d.daiRaisedWad), record: millions(BigInt(refs.debtAuctions.daiRaisedWad)), source: refs.debtAuctions.source },
    {
      measure: 'Rival clearing price (DAI/MKR)',
      run: rivalPrices.length ? `${num(min(rivalPrices), 1)}-${num(max(rivalPrices), 1)}` : '-',
      record: `~${num(BigInt(refs.phaseOne.daiPerMkrWad))}, then ${num(BigInt(refs.phaseTwo.lowDaiPerMkrWad))}-${num(BigInt(refs.phaseTwo.highDaiPerMkrWad))}; avg ${num(BigInt(refs.debtAuctions.averageDaiPerMkrWad), 1)}`,
      source: sources(refs.phaseOne.source, refs.phaseTwo.source, refs.debtAuctions.source),
    },
    { measure: 'Pool positions (won/outbid/leading)', run: `${won.length}/${positions.filter((p) => p.outcome === 'outbid').length}/${positions.filter((p) => p.outcome === 'leading').length}`, record: '0 (never needed)', source: neverNeeded },
    { measure: 'Pool MKR won', run: num(won.reduce((s, p) => s + BigInt(p.lotWad), 0n), 4), record: '0 (never needed)', source: neverNeeded },
    { measure: 'Members / DAI enlisted', run: `${report.scenario.parameters.members} / ${num(BigInt(report.scenario.parameters.poolDaiWad))}`, record: `${refs.syndicate.members} / ${num(BigInt(refs.syndicate.raisedDaiWad))}`, source: refs.syndicate.source },
    { measure: 'Paid out to members', run: `${num(payDai, 2)} DAI, ${num(payMkr, 4)} MKR (${paidHow})`, record: '-', source: thisRunOnly },
    { measure: 'Keeper actions confirmed', run: byKind || 'none', record: '-', source: thisRunOnly },
  ];
}
