/**
 * The report's charts: vega-lite specs built from a `Report`, rendered to SVG in Node by vega's `View`
 * (`renderer: 'none'`, `toSVG`): no browser, no canvas, no network (every spec carries its data inline).
 *
 * This is the only module that turns the model's integer amounts (wad/rad decimal strings) into
 * numbers, for plotting, in display units (USD, DAI, MKR, millions of DAI). Times are drawn in UTC.
 *
 * Charts, in order (`ChartId`): `eth-price`, `bad-debt`, `zero-bids`, `debt-auctions`, `pool`,
 * `payouts`. Every reference value is drawn as a labelled mark and named, with its source, in the
 * legend or the chart's caption.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { formatUnit, type Unit } from '../units.js';
import type { Report } from './model.js';

/** The charts, in report order. */
export const CHART_IDS = ['eth-price', 'bad-debt', 'zero-bids', 'debt-auctions', 'pool', 'payouts'] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** One chart: its vega-lite spec, a title, and the caption naming every reference's source. */
export interface ChartSpec {
  id: ChartId;
  title: string;
  spec: TopLevelSpec;
  /** The reference values drawn and their sources, one line each ("label: source"). */
  sources: string[];
}

// ------------------------------------------------------------------------------------- numbers

/** A wad/rad decimal string as a plotting number (display units: 1e18 wad = 1). Charts only. */
export function toNumber(value: string, unit: Unit): number {
  return Number(formatUnit(BigInt(value), unit, 9));
}
const wadN = (v: string) => toNumber(v, 'wad');
const radN = (v: string) => toNumber(v, 'rad');
const ms = (unixS: number) => unixS * 1000;
const millions = (n: number) => n / 1e6;

const WIDTH = 720;
const HEIGHT = 260;
const COLORS = {
  market: ['#1f77b4', '#9ecae1', '#6baed6', '#08519c'],
  osm: '#d62728',
  published: '#222222',
  replay: '#1f77b4',
  band: '#fdd0a2',
  covered: '#e6550d',
  file: '#31a354',
  zero: '#d62728',
  bid: '#9ecae1',
  pool: '#2ca02c',
  rival: '#7f7f7f',
  tick: '#ff7f0e',
  limit: '#2ca02c',
  phaseOne: '#9467bd',
  phaseTwo: '#c5b0d5',
  average: '#8c564b',
};

const BASE_CONFIG = {
  font: 'sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 640 },
  title: { fontSize: 14, anchor: 'start' as const, subtitleFontSize: 11, subtitleColor: '#555' },
};

/** A UTC time axis. */
const timeX = (title: string) => ({
  field: 't',
  type: 'temporal' as const,
  title,
  scale: { type: 'utc' as const },
  axis: { format: '%d %b %H:%M', labelAngle: 0, tickCount: 8 },
});

/** Data for a layer drawn from `datum` encodings only (reference rules, bands, labels). */
const ONE_ROW = { values: [{}] };

/** A reference's label: text on the chart at value `y`, at the left or right edge of the plot. */
function refLabel(y: number, text: string, color: string, dy: number, side: 'left' | 'right') {
  return {
    data: ONE_ROW,
    mark: { type: 'text' as const, align: side, x: side === 'left' ? 4 : WIDTH - 4, dy, fontSize: 11, fill: color },
    encoding: { y: { datum: y, type: 'quantitative' as const }, text: { value: text } },
  };
}

const fmtM = (n: number) => `${millions(n).toFixed(2)}M`;

// ------------------------------------------------------------------------------------- charts

function ethPrice(r: Report): ChartSpec {
  const { market, osm } = r.series.ethPrice;
  const rows = [
    ...market.flatMap((m) => m.points.map((p) => ({ t: ms(p.at), usd: wadN(p.priceWad), series: `Market: ${m.name}` }))),
    ...osm.map((p) => ({ t: ms(p.at), usd: wadN(p.priceWad), series: 'OSM: the price the Vat saw' })),
  ];
  const seriesNames = [...market.map((m) => `Market: ${m.name}`), 'OSM: the price the Vat saw'];
  const seriesColors = [...market.map((_, i) => COLORS.market[i % COLORS.market.length]!), COLORS.osm];
  const published = r.references.ethPrice.map((p) => ({ t: ms(p.at), usd: wadN(p.priceWad), label: `${wadN(p.priceWad)} USD`, source: p.source }));
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: [...seriesNames, 'Published price (sources below)'], range: [...seriesColors, COLORS.published] } };
  return {
    id: 'eth-price',
    title: 'ETH price: the market vs what the OSM let the Vat see',
    sources: [
      ...market.map((m) => `Market: ${m.name}: ${m.source}`),
      ...r.references.ethPrice.map((p) => `${wadN(p.priceWad)} USD at ${new Date(ms(p.at)).toISOString().slice(0, 16)}Z: ${p.source}`),
    ],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      config: BASE_CONFIG,
      title: { text: 'ETH/USD: market vs OSM', subtitle: 'The OSM delays the price the Vat sees by one hour; published points labelled' },
      layer: [
        {
          data: { values: rows.filter((x) => x.series !== 'OSM: the price the Vat saw') },
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: { x: timeX('UTC'), y: { field: 'usd', type: 'quantitative', title: 'USD per ETH', scale: { zero: false } }, color },
        },
        {
          data: { values: rows.filter((x) => x.series === 'OSM: the price the Vat saw') },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
          encoding: { x: timeX('UTC'), y: { field: 'usd', type: 'quantitative' }, color },
        },
        {
          data: { values: published.map((p) => ({ ...p, series: 'Published price (sources below)' })) },
          mark: { type: 'point', shape: 'diamond', size: 90, filled: true },
          encoding: { x: timeX('UTC'), y: { field: 'usd', type: 'quantitative' }, color },
        },
        {
          data: { values: published },
          mark: { type: 'text', dy: -12, fontSize: 11, fill: COLORS.published },
          encoding: { x: timeX('UTC'), y: { field: 'usd', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    },
  };
}

function badDebt(r: Report): ChartSpec {
  const refs = r.references;
  const estimates = refs.badDebtEstimates.map((e) => millions(wadN(e.daiWad)));
  const low = Math.min(...estimates);
  const high = Math.max(...estimates);
  const covered = millions(wadN(refs.coveredByDebtAuctions.daiWad));
  const file = millions(radN(refs.flipFile.badDebtRad));
  const bandLabel = `Published estimates ${low.toFixed(2)}-${high.toFixed(2)}M DAI`;
  const coveredLabel = `Covered by debt auctions ${covered.toFixed(2)}M DAI`;
  const fileLabel = `Implied by the flip file ${file.toFixed(2)}M DAI`;
  const replayLabel = r.run.origin === 'fixture' ? 'Bad debt (fixture)' : 'Bad debt in the replay';
  const domain = [replayLabel, bandLabel, coveredLabel, fileLabel];
  const scale = { domain, range: [COLORS.replay, COLORS.band, COLORS.covered, COLORS.file] };
  const rows = r.series.badDebt.map((p) => ({ t: ms(p.at), m: millions(radN(p.badDebtRad)) }));
  const first = rows[0]?.t ?? ms(r.run.simulatedFrom);
  return {
    id: 'bad-debt',
    title: 'Bad debt accumulating',
    sources: [
      ...refs.badDebtEstimates.map((e) => `${fmtM(wadN(e.daiWad))} DAI estimate: ${e.source}`),
      `${covered.toFixed(2)}M DAI raised by the debt auctions: ${refs.coveredByDebtAuctions.source}`,
      `${file.toFixed(2)}M DAI implied by ${refs.flipFile.source} (${refs.flipFile.auctions} auctions: debt minus what they raised)`,
    ],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      config: BASE_CONFIG,
      title: { text: 'Bad debt in the Vow (M DAI)', subtitle: 'Debt of bitten vaults not covered by what their flip auctions raised' },
      layer: [
        {
          data: ONE_ROW,
          mark: { type: 'rect', opacity: 0.45 },
          encoding: { y: { datum: low, type: 'quantitative' }, y2: { datum: high }, color: { datum: bandLabel, type: 'nominal', scale, title: null } },
        },
        { data: ONE_ROW, mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { datum: covered, type: 'quantitative' }, color: { datum: coveredLabel, type: 'nominal', scale } } },
        { data: ONE_ROW, mark: { type: 'rule', strokeDash: [2, 2], strokeWidth: 2 }, encoding: { y: { datum: file, type: 'quantitative' }, color: { datum: fileLabel, type: 'nominal', scale } } },
        {
          data: { values: rows },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2.5 },
          encoding: {
            x: timeX('UTC'),
            y: { field: 'm', type: 'quantitative', title: 'M DAI', scale: { domain: [0, Math.max(high, covered, ...rows.map((x) => x.m)) * 1.1] } },
            color: { datum: replayLabel, type: 'nominal', scale },
          },
        },
        refLabel(high, bandLabel, '#a63603', -6, 'left'),
        refLabel(covered, coveredLabel, COLORS.covered, -6, 'right'),
        refLabel(file, fileLabel, COLORS.file, 12, 'left'),
      ],
    },
  };
}

function zeroBids(r: Report): ChartSpec {
  const rows = r.flips.map((f) => ({ t: ms(f.kickedAt), kind: f.zeroBid ? 'Won with a bid under 1 DAI' : 'Won with a real bid', eth: wadN(f.lotWad) }));
  const share = r.flips.length ? r.flips.filter((f) => f.zeroBid).length / r.flips.length : 0;
  const published = wadN(r.references.zeroBidShare.shareWad);
  const file = r.references.flipFile.auctions ? r.references.flipFile.zeroBidAuctions / r.references.flipFile.auctions : 0;
  return {
    id: 'zero-bids',
    title: 'Zero-bid liquidations over time',
    sources: [
      `${(published * 100).toFixed(0)}% of liquidations won with zero bids: ${r.references.zeroBidShare.source}`,
      `${(file * 100).toFixed(0)}% of the ${r.references.flipFile.auctions} auctions in ${r.references.flipFile.source} ended under 1 DAI`,
    ],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      config: BASE_CONFIG,
      title: {
        text: 'ETH-A collateral auctions kicked per hour',
        subtitle: `Here ${(share * 100).toFixed(0)}% under 1 DAI (${r.flips.length} auctions); flip file ${(file * 100).toFixed(0)}%; published ${(published * 100).toFixed(0)}% (${r.references.zeroBidShare.source})`,
      },
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 't', type: 'temporal', timeUnit: { unit: 'yearmonthdatehours', utc: true }, title: 'Kicked (UTC, hour)', axis: { format: '%d %b %H:%M', labelAngle: 0 } },
        y: { aggregate: 'count', type: 'quantitative', title: 'Auctions' },
        color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['Won with a bid under 1 DAI', 'Won with a real bid'], range: [COLORS.zero, COLORS.bid] } },
        order: { field: 'kind', sort: 'descending' },
      },
    },
  };
}

function debtAuctions(r: Report): ChartSpec {
  const refs = r.references;
  const bids = r.flops.flatMap((f) =>
    f.bids.map((b, i) => ({
      id: f.id,
      price: wadN(b.impliedDaiPerMkrWad),
      lot: wadN(b.lotWad),
      kind: i === f.bids.length - 1 && f.outcome.startsWith('won') ? `Winning dent (${b.bidder})` : `Dent (${b.bidder})`,
      size: i === f.bids.length - 1 ? 1 : 0,
    })),
  );
  const ticks = r.flops.flatMap((f) => f.ticks.map((t) => ({ id: f.id, price: radN(f.bidRad) / wadN(t.lotWad), lot: wadN(t.lotWad), kind: 'Tick (lot grown by pad)' })));
  const kicks = r.flops.map((f) => ({ id: f.id, price: radN(f.bidRad) / wadN(f.initialLotWad), kind: 'Kick (starting lot)' }));
  const ids = r.flops.map((f) => f.id).sort((a, b) => a - b);
  const phaseOne = wadN(refs.phaseOne.daiPerMkrWad);
  const low = wadN(refs.phaseTwo.lowDaiPerMkrWad);
  const high = wadN(refs.phaseTwo.highDaiPerMkrWad);
  const average = wadN(refs.debtAuctions.averageDaiPerMkrWad);
  const limits = r.pool.tiers.map((t) => ({ y: wadN(t.limitWad), label: `Pool limit ${t.label}` }));
  const pointKinds = ['Kick (starting lot)', 'Tick (lot grown by pad)', 'Dent (rival)', 'Winning dent (rival)', 'Dent (pool)', 'Winning dent (pool)'];
  const pointColors = ['#bbbbbb', COLORS.tick, '#bdbdbd', COLORS.rival, '#98df8a', COLORS.pool];
  const refLabels = [
    `Phase one ~${phaseOne} DAI/MKR (${refs.phaseOne.lots} lots)`,
    `Phase two ${low}-${high} DAI/MKR (${refs.phaseTwo.lots} lots)`,
    `Average ${average} DAI/MKR (${refs.debtAuctions.auctions} auctions, ${wadN(refs.debtAuctions.mkrSoldWad).toLocaleString('en-US')} MKR)`,
  ];
  const colorScale = { domain: [...pointKinds, ...refLabels, ...limits.map((l) => l.label)], range: [...pointColors, COLORS.phaseOne, COLORS.phaseTwo, COLORS.average, ...limits.map(() => COLORS.limit)] };
  const x = { field: 'id', type: 'ordinal' as const, title: 'Debt auction id', scale: { domain: ids.length ? ids : [0] }, axis: { labelAngle: 0, labelOverlap: 'greedy' as const } };
  const y = { field: 'price', type: 'quantitative' as const, title: 'Implied DAI per MKR (bid / lot)', scale: { domain: [0, Math.max(320, ...bids.map((b) => b.price), ...kicks.map((k) => k.price)) * 1.05] } };
  const mkr = r.flops.filter((f) => f.outcome.startsWith('won')).reduce((s, f) => s + wadN(f.bids.at(-1)!.lotWad), 0);
  return {
    id: 'debt-auctions',
    title: 'Debt auctions: implied DAI/MKR per lot vs the pool’s limit',
    sources: [
      `~${phaseOne} DAI/MKR, ${refs.phaseOne.lots} lots in phase one: ${refs.phaseOne.source}`,
      `${low}-${high} DAI/MKR, ${refs.phaseTwo.lots} lots in phase two: ${refs.phaseTwo.source}`,
      `${refs.debtAuctions.auctions} auctions, ${wadN(refs.debtAuctions.mkrSoldWad).toLocaleString('en-US')} MKR sold, ${fmtM(wadN(refs.debtAuctions.daiRaisedWad))} DAI raised, average ${average} DAI/MKR: ${refs.debtAuctions.source}`,
    ],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT + 40,
      config: BASE_CONFIG,
      title: {
        text: 'Debt auctions: the price each lot implies',
        subtitle: `Here ${r.flops.length} auctions, ${mkr.toLocaleString('en-US', { maximumFractionDigits: 0 })} MKR won; March 2020: ${refs.debtAuctions.auctions} auctions, ${wadN(refs.debtAuctions.mkrSoldWad).toLocaleString('en-US')} MKR (${refs.debtAuctions.source})`,
      },
      layer: [
        { data: ONE_ROW, mark: { type: 'rect', opacity: 0.35 }, encoding: { y: { datum: low, type: 'quantitative', scale: y.scale, title: y.title }, y2: { datum: high }, color: { datum: refLabels[1], type: 'nominal', scale: colorScale, title: null } } },
        { data: ONE_ROW, mark: { type: 'rule', strokeWidth: 2 }, encoding: { y: { datum: phaseOne, type: 'quantitative' }, color: { datum: refLabels[0], type: 'nominal', scale: colorScale } } },
        { data: ONE_ROW, mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { y: { datum: average, type: 'quantitative' }, color: { datum: refLabels[2], type: 'nominal', scale: colorScale } } },
        ...limits.map((l) => ({ data: ONE_ROW, mark: { type: 'rule' as const, strokeWidth: 2.5 }, encoding: { y: { datum: l.y, type: 'quantitative' as const }, color: { datum: l.label, type: 'nominal' as const, scale: colorScale } } })),
        { data: { values: kicks }, mark: { type: 'point', shape: 'circle', size: 40 }, encoding: { x, y, color: { field: 'kind', type: 'nominal', scale: colorScale } } },
        { data: { values: ticks }, mark: { type: 'tick', thickness: 3, size: 14 }, encoding: { x, y, color: { field: 'kind', type: 'nominal', scale: colorScale } } },
        {
          data: { values: bids },
          mark: { type: 'point', filled: true, size: 70 },
          encoding: { x, y, color: { field: 'kind', type: 'nominal', scale: colorScale }, size: { field: 'size', type: 'quantitative', legend: null, scale: { domain: [0, 1], range: [30, 110] } } },
        },
        refLabel(phaseOne, refLabels[0]!, COLORS.phaseOne, -6, 'right'),
        refLabel(low, refLabels[1]!, '#6a51a3', 12, 'left'),
        refLabel(average, refLabels[2]!, COLORS.average, -6, 'left'),
        ...limits.map((l, i) => refLabel(l.y, l.label, COLORS.limit, -6, i % 2 ? 'right' : 'left')),
      ],
    },
  };
}

function pool(r: Report): ChartSpec {
  const tierLabel = new Map(r.pool.tiers.map((t) => [t.address.toLowerCase(), t.label]));
  const tierOf = (a: string) => tierLabel.get(a.toLowerCase()) ?? a;
  const multi = r.pool.tiers.length > 1;
  const books = r.pool.nav.flatMap((p) => [
    { t: ms(p.at), tier: tierOf(p.tier), book: `Liquid DAI${multi ? ` (${tierOf(p.tier)})` : ''}`, dai: wadN(p.daiBookWad) / 1000 },
    { t: ms(p.at), tier: tierOf(p.tier), book: `DAI in bids${multi ? ` (${tierOf(p.tier)})` : ''}`, dai: wadN(p.lockedBookWad) / 1000 },
  ]);
  const perShare = r.pool.nav
    .filter((p) => p.totalSharesWad !== '0')
    .map((p) => ({ t: ms(p.at), tier: tierOf(p.tier), dai: wadN(p.navPerShareWad), mkr: wadN(p.mkrPerShareWad) }));
  const positions = r.pool.positions.map((p) => ({
    t: ms(p.enteredAt),
    t2: ms(p.finalizedAt ?? p.outbidAt ?? p.wonAt ?? r.run.simulatedTo),
    auction: `#${p.auctionId} ${tierOf(p.tier)}`,
    outcome: p.outcome === 'won' ? 'Won' : p.outcome === 'outbid' ? 'Outbid (refunded)' : 'Leading at the end',
  }));
  const noPositions = positions.length === 0;
  const navTime = timeX('UTC');
  return {
    id: 'pool',
    title: 'The pool: books, NAV and MKR credited per share, positions',
    sources: [`Tiers: ${r.pool.tiers.map((t) => t.label).join(', ')}; ${r.scenario.parameters.members} members`],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...BASE_CONFIG, legend: { ...BASE_CONFIG.legend, orient: 'right' } },
      title: { text: 'The pool over time', subtitle: 'Books (thousand DAI); DAI (left) and MKR (right) per share; each position from entry to finalize' },
      vconcat: [
        {
          width: WIDTH,
          height: 160,
          data: { values: books },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, point: true },
          encoding: { x: navTime, y: { field: 'dai', type: 'quantitative', title: 'thousand DAI' }, color: { field: 'book', type: 'nominal', title: 'Books' } },
        },
        {
          width: WIDTH,
          height: 140,
          data: { values: perShare },
          layer: [
            {
              mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, point: { color: '#1b9e77' }, color: '#1b9e77' },
              encoding: { x: navTime, y: { field: 'dai', type: 'quantitative', title: 'DAI per share (at cost)', axis: { titleColor: '#1b9e77' } }, ...(multi ? { strokeDash: { field: 'tier', type: 'nominal', title: 'Tier' } } : {}) },
            },
            {
              mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, point: { color: '#d95f02' }, color: '#d95f02' },
              encoding: { x: navTime, y: { field: 'mkr', type: 'quantitative', title: 'MKR credited per share', axis: { titleColor: '#d95f02', orient: 'right' } }, ...(multi ? { strokeDash: { field: 'tier', type: 'nominal', title: 'Tier' } } : {}) },
            },
          ],
          resolve: { scale: { y: 'independent' } },
        },
        noPositions
          ? {
              width: WIDTH,
              height: 40,
              data: { values: [{ text: 'No positions: the pool never entered a debt auction' }] },
              mark: { type: 'text', fontSize: 13, fill: '#555' },
              encoding: { text: { field: 'text' } },
            }
          : {
              width: WIDTH,
              height: Math.max(60, positions.length * 22),
              data: { values: positions },
              mark: { type: 'bar', height: 14 },
              encoding: {
                x: navTime,
                x2: { field: 't2' },
                y: { field: 'auction', type: 'nominal', title: 'Position', sort: null },
                color: { field: 'outcome', type: 'nominal', title: 'Positions', scale: { domain: ['Won', 'Outbid (refunded)', 'Leading at the end'], range: [COLORS.pool, COLORS.rival, '#bcbd22'] } },
              },
            },
      ],
      resolve: { scale: { color: 'independent', x: 'shared' } },
    },
  };
}

function payouts(r: Report): ChartSpec {
  const how = { defect: 'on defect', claim: 'by claim (asked to leave during a round)' } as const;
  const rows = r.pool.payouts.map((p) => ({ enlisted: wadN(p.enlistedDaiWad), dai: wadN(p.daiWad), mkr: wadN(p.mkrWad), how: how[p.via] }));
  const claims = r.pool.payouts.filter((p) => p.via === 'claim').length;
  const shape = { field: 'how', type: 'nominal' as const, title: 'Paid', scale: { domain: [how.defect, how.claim], range: ['circle', 'diamond'] } };
  const none = rows.length === 0;
  const xEnc = { field: 'enlisted', type: 'quantitative' as const, title: 'DAI enlisted' };
  const maxX = Math.max(1, ...rows.map((x) => x.enlisted));
  const placeholder = {
    width: 340,
    height: 220,
    data: { values: [{ text: 'No member left the pool' }] },
    mark: { type: 'text' as const, fontSize: 13, fill: '#555' },
    encoding: { text: { field: 'text' } },
  };
  return {
    id: 'payouts',
    title: 'Members’ payouts',
    sources: [`${rows.length} members: ${rows.length - claims} paid on defect, ${claims} by claim after asking to leave during a round; each point is one member`],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: BASE_CONFIG,
      title: { text: 'What each member got back when they left', subtitle: 'On defect, or by claim after a round they asked to leave in; DAI and MKR against DAI enlisted (grey line: DAI back in full)' },
      hconcat: none
        ? [placeholder]
        : [
            {
              width: 340,
              height: 220,
              layer: [
                { data: { values: [{ enlisted: 0, dai: 0 }, { enlisted: maxX, dai: maxX }] }, mark: { type: 'line', color: '#bbb', strokeDash: [4, 3] }, encoding: { x: xEnc, y: { field: 'dai', type: 'quantitative' } } },
                { data: { values: rows }, mark: { type: 'point', filled: true, color: COLORS.replay }, encoding: { x: xEnc, y: { field: 'dai', type: 'quantitative', title: 'DAI paid out' }, shape } },
              ],
            },
            { width: 340, height: 220, data: { values: rows }, mark: { type: 'point', filled: true, color: COLORS.pool }, encoding: { x: xEnc, y: { field: 'mkr', type: 'quantitative', title: 'MKR paid out' }, shape } },
          ],
    },
  };
}

/** Every chart of a report, in `CHART_IDS` order. Pure. */
export function chartSpecs(report: Report): ChartSpec[] {
  return [ethPrice(report), badDebt(report), zeroBids(report), debtAuctions(report), pool(report), payouts(report)];
}

/**
 * Renders a vega-lite spec to an SVG string in Node (vega `View`, `renderer: 'none'`; no browser, no
 * network: data must be inline). Warnings go to `warnings` (nothing is printed). Throws if vega-lite or
 * vega reject the spec.
 */
export async function renderSvg(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const compiled = compile(spec, { logger: collect(warnings) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: collect(warnings) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A vega logger that keeps warnings and errors in `sink` instead of printing them. */
function collect(sink: string[]): vega.LoggerInterface {
  return vega.logger(vega.Warn, 'warn', (_method, level, args) => {
    sink.push(`${level} ${args.map(String).join(' ')}`);
  });
}

/** A chart rendered: its spec and its SVG. */
export interface RenderedChart extends ChartSpec {
  svg: string;
  /** What vega-lite and vega warned about while compiling and rendering (empty when all is well). */
  warnings: string[];
}

/** Builds and renders every chart of a report, in order. */
export async function renderCharts(report: Report): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of chartSpecs(report)) {
    const warnings: string[] = [];
    out.push({ ...chart, svg: await renderSvg(chart.spec, warnings), warnings });
  }
  return out;
}
