// report.json from what the demo did (src/demo/report.ts buildReport, flipsOf), on small hand-made
// inputs: flip events, the Flopper's logs, the syndicates' logs and block times. Every report built
// here must pass the model's validation.
import { getAddress, type Address, type Hash } from 'viem';
import { describe, expect, it } from 'vitest';
import type { SyndicateLogEvent } from '../../src/chain/actors.js';
import type { FlopperLog } from '../../src/chain/flopper.js';
import type { PoolStatus } from '../../src/chain/syndicate.js';
import { buildReport, flipsOf, type ReportInput } from '../../src/demo/report.js';
import type { WorldRecord } from '../../src/demo/world.js';
import type { FlipEvent } from '../../src/replay/flips.js';
import { impliedDaiPerMkrWad, REPORT_FORMAT, validateReport, type Report } from '../../src/report/model.js';
import { RAD, WAD } from '../../src/units.js';
import { fixture } from '../report/load.js';

// ------------------------------------------------------------------------------ the hand-made run

const OFFSET = 1_500n * 86_400n; // chain time = recorded time + OFFSET
const TIER_100: Address = getAddress('0x00000000000000000000000000000000000a0100');
const TIER_120: Address = getAddress('0x00000000000000000000000000000000000a0120');
const RIVAL_A: Address = getAddress('0x00000000000000000000000000000000000b000a');
const RIVAL_B: Address = getAddress('0x00000000000000000000000000000000000b000b');
const MEMBER_1: Address = getAddress('0x00000000000000000000000000000000000c0001');
const MEMBER_2: Address = getAddress('0x00000000000000000000000000000000000c0002');
const KEEPER: Address = getAddress('0x00000000000000000000000000000000000d0001');
const VOW: Address = getAddress('0x00000000000000000000000000000000000e0001');
const HASH = `0x${'ab'.repeat(32)}` as Hash;

const PAD = (12n * WAD) / 10n; // 20%
const TTL = 6n * 3_600n;
const BID = 50_000n * RAD;
const DUMP = 250n * WAD;
const T0 = 1_584_628_080n; // 19 March 2020 14:28 UTC, recorded
const H = 3_600n;

/** Recorded time of each block. */
const BLOCK_AT = new Map<bigint, bigint>();
const block = (n: bigint, at: bigint) => (BLOCK_AT.set(n, at), n);

let logIndex = 0;
const place = (id: bigint, blockNumber: bigint) => ({ id, blockNumber, blockHash: HASH, logIndex: logIndex++, transactionHash: HASH });
const kick = (id: bigint, b: bigint, lotWad = DUMP): FlopperLog => ({ ...place(id, b), kind: 'kick', lotWad, bidRad: BID, gal: VOW });
const dent = (id: bigint, b: bigint, usr: Address, lotWad: bigint): FlopperLog => ({ ...place(id, b), kind: 'dent', usr, lotWad, bidRad: BID });
const note = (kind: 'tick' | 'deal' | 'yank', id: bigint, b: bigint, usr: Address = KEEPER): FlopperLog => ({ ...place(id, b), kind, usr });

// Flop 1: four ticks (250 -> 518.4 MKR), the 100 tier enters at 500 MKR, it is dealt, the tier finalizes (won).
// Flop 2: two rival dents, dealt: won by a rival.
// Flop 3: the 100 tier enters, a rival dents below it, the tier finalizes (refund): outbid; still running.
// Flop 4: the 120 tier enters; never dealt nor finalized, its bid expired before the end: won, not finalized.
// Flop 5: the 100 tier enters shortly before the end: still leading; running.
// Flop 6: kicked, never bid: running.
const B = {
  kick1: block(100n, T0),
  ticks1: [101n, 102n, 103n, 104n].map((n, i) => block(n, T0 + BigInt(i + 1) * 3n * 86_400n)),
  enter1: block(105n, T0 + 12n * 86_400n + 12n),
  deal1: block(106n, T0 + 12n * 86_400n + 12n + TTL + 100n),
  final1: block(107n, T0 + 12n * 86_400n + 12n + TTL + 113n),
  kick2: block(110n, T0 + H),
  dent2a: block(111n, T0 + 2n * H),
  dent2b: block(112n, T0 + 3n * H),
  deal2: block(113n, T0 + 3n * H + TTL + 13n),
  kick3: block(120n, T0 + 2n * H),
  enter3: block(121n, T0 + 13n * 86_400n),
  dent3: block(122n, T0 + 13n * 86_400n + 600n),
  final3: block(123n, T0 + 13n * 86_400n + 613n),
  kick4: block(130n, T0 + 3n * H),
  enter4: block(131n, T0 + 14n * 86_400n),
  kick5: block(140n, T0 + 4n * H),
  enter5: block(141n, T0 + 16n * 86_400n - H),
  kick6: block(150n, T0 + 5n * H),
  // member 2 asks to leave tier 120 while its bid in auction 4 is out; the round closes, they claim
  request4: block(132n, T0 + 14n * 86_400n + 73n),
  close4: block(133n, T0 + 14n * 86_400n + TTL + 13n),
  claim4: block(134n, T0 + 14n * 86_400n + TTL + 26n),
  members: block(90n, T0 - 8n * 86_400n),
  members2: block(91n, T0 - 8n * 86_400n + 13n),
  defect: block(160n, T0 + 16n * 86_400n + 60n),
};
const ENDED_AT = T0 + 16n * 86_400n + 120n;

const LOT_100 = 500n * WAD; // 50,000 DAI at 100 DAI/MKR
const LOT_120 = 416_666_666_666_666_666_667n; // 50,000 DAI at 120 DAI/MKR, rounded up
/** The MKR accumulator after tier 100's win: its lot over the 1,000,500 shares of the moment, ray. */
const ACC_RAY = (LOT_100 * 10n ** 27n) / (1_000_500n * WAD);
const lotsAfterTicks = [300n, 360n, 432n, 518_4n].map((x, i) => (i < 3 ? x * WAD : x * (WAD / 10n)));

const FLOPPER_LOGS: FlopperLog[] = [
  note('tick', 99n, B.kick1), // an auction kicked before the debt phase: ignored
  kick(1n, B.kick1),
  ...B.ticks1.map((b) => note('tick', 1n, b)),
  dent(1n, B.enter1, TIER_100, LOT_100),
  note('deal', 1n, B.deal1),
  kick(2n, B.kick2),
  dent(2n, B.dent2a, RIVAL_A, 240_384_615_384_615_384_616n),
  dent(2n, B.dent2b, RIVAL_B, 188_679_245_283_018_867_925n),
  note('deal', 2n, B.deal2),
  kick(3n, B.kick3, 600n * WAD),
  dent(3n, B.enter3, TIER_100, LOT_100),
  dent(3n, B.dent3, RIVAL_A, 400n * WAD),
  kick(4n, B.kick4, 600n * WAD),
  dent(4n, B.enter4, TIER_120, LOT_120),
  kick(5n, B.kick5, 600n * WAD),
  dent(5n, B.enter5, TIER_100, LOT_100),
  kick(6n, B.kick6),
];

const SYNDICATE_LOGS: SyndicateLogEvent[] = [
  { kind: 'enlisted', pool: TIER_100, holder: MEMBER_1, daiWad: 1_000_000n * WAD, shares: 1_000_000n * WAD, blockNumber: B.members },
  { kind: 'enlisted', pool: TIER_120, holder: MEMBER_2, daiWad: 300_000n * WAD, shares: 300_000n * WAD, blockNumber: B.members },
  // member 1 enlists again, with a checksummed-differently address: the payout adds both
  { kind: 'enlisted', pool: TIER_100.toUpperCase().replace('0X', '0x') as Address, holder: MEMBER_1, daiWad: 500n * WAD, shares: 500n * WAD, blockNumber: B.members2 },
  { kind: 'entered', pool: TIER_100, id: 1n, lotWad: LOT_100, bidDaiWad: 50_000n * WAD, blockNumber: B.enter1 },
  { kind: 'finalized', pool: TIER_100, id: 1n, won: true, lotWad: LOT_100, daiWad: 0n, blockNumber: B.final1 },
  { kind: 'entered', pool: TIER_100, id: 3n, lotWad: LOT_100, bidDaiWad: 50_000n * WAD, blockNumber: B.enter3 },
  { kind: 'finalized', pool: TIER_100, id: 3n, won: false, lotWad: LOT_100, daiWad: 50_000n * WAD, blockNumber: B.final3 },
  { kind: 'entered', pool: TIER_120, id: 4n, lotWad: LOT_120, bidDaiWad: 50_000n * WAD, blockNumber: B.enter4 },
  { kind: 'entered', pool: TIER_100, id: 5n, lotWad: LOT_100, bidDaiWad: 50_000n * WAD, blockNumber: B.enter5 },
  { kind: 'finalized', pool: TIER_100, id: 77n, won: true, lotWad: 1n, daiWad: 0n, blockNumber: B.defect }, // no such position: ignored
  { kind: 'defected', pool: TIER_100, holder: MEMBER_1, shares: 100_500n * WAD, daiWad: 50_000n * WAD, mkrWad: 50n * WAD, blockNumber: B.defect },
  { kind: 'defected', pool: TIER_120, holder: MEMBER_2, shares: 300_000n * WAD, daiWad: 250_000n * WAD, mkrWad: LOT_120, blockNumber: B.defect },
];

const FIRST_BITE = 1_584_020_109n;
const FLIP_EVENTS: FlipEvent[] = [
  { kind: 'bite', at: FIRST_BITE + 60n, recordedAt: FIRST_BITE, recordedId: 942n, flipId: 2n, lotWad: 50n * WAD, tabRad: 6_286_611n * (RAD / 1000n), recordedOsmPriceWad: 166_465n * (WAD / 1000n), osmPriceWad: 166_465n * (WAD / 1000n), uniswapPriceWad: 125n * WAD },
  { kind: 'bite', at: FIRST_BITE, recordedAt: FIRST_BITE, recordedId: 941n, flipId: 1n, lotWad: 50n * WAD, tabRad: 6_286_611n * (RAD / 1000n), recordedOsmPriceWad: 166_465n * (WAD / 1000n), osmPriceWad: 166_465n * (WAD / 1000n), uniswapPriceWad: 125n * WAD },
  batch(0, FIRST_BITE, 166_465n * (WAD / 1000n), 0n),
  { kind: 'bid', at: FIRST_BITE + 600n, recordedId: 941n, flipId: 1n, bidRad: RAD / 10n ** 18n, lotWad: 50n * WAD, zeroBid: true },
  { kind: 'bid', at: FIRST_BITE + 700n, recordedId: 942n, flipId: 2n, bidRad: 6_000n * RAD, lotWad: 45n * WAD, zeroBid: false },
  batch(1, FIRST_BITE + 600n, 166_465n * (WAD / 1000n), 6_286n * RAD), // same price: no new OSM point
  { kind: 'deal', at: FIRST_BITE + 3_000n, recordedId: 941n, flipId: 1n, bidRad: RAD / 10n ** 18n, lotWad: 50n * WAD, zeroBid: true },
  batch(2, FIRST_BITE + 3_000n, 0n, 6_300n * RAD), // no price read: no OSM point
  batch(3, FIRST_BITE + 3_600n, 130n * WAD, 6_500n * RAD),
  // a bite 20 hours later (the last kick)
  { kind: 'bite', at: FIRST_BITE + 20n * H, recordedAt: FIRST_BITE + 20n * H, recordedId: 4_720n, flipId: 3n, lotWad: 10n * WAD, tabRad: 1_000n * RAD, recordedOsmPriceWad: 110n * WAD, osmPriceWad: 110n * WAD, uniswapPriceWad: 110n * WAD },
  batch(4, FIRST_BITE + 20n * H, 110n * WAD, 7_500n * RAD),
];

function batch(index: number, at: bigint, osmPriceWad: bigint, badDebtRad: bigint): FlipEvent {
  return { kind: 'batch', at, index, blockNumber: BigInt(index + 1), hash: HASH, gasUsed: 1n, kicks: 0, bids: 0, deals: 0, osmPriceWad, priceAdjusted: false, vowSinRad: badDebtRad, vowDaiRad: 0n, badDebtRad, auctionsReplayed: 0, zeroBidWins: 0 };
}

const status = (daiBookWad: bigint, lockedBookWad: bigint, mkrBookWad: bigint, totalShares: bigint): PoolStatus => ({
  halted: false,
  evidencePooled: false,
  flopperLive: true,
  daiJoinLive: true,
  daiBookWad,
  lockedBookWad,
  mkrBookWad,
  totalShares,
  openPositions: lockedBookWad > 0n ? 1n : 0n,
  settlementDue: 0n,
  round: 1n,
  roundOpen: lockedBookWad > 0n,
  closeBy: 0n,
});

const WORLD: WorldRecord = {
  vowEvents: [
    { at: T0 - 60n, kind: 'flog', by: 'replay', amountRad: undefined, auctionId: undefined },
    { at: T0, kind: 'flop', by: 'replay', amountRad: undefined, auctionId: 1n },
    { at: T0 + 86_400n, kind: 'kiss', by: 'keeper', amountRad: 50_000n * RAD, auctionId: undefined },
  ],
  keeperActions: [
    { at: T0 + 12n * 86_400n, action: 'enter', status: 'sent', reason: 'eligible', tier: TIER_100, auctionId: 1n },
    { at: T0 + 12n * 86_400n + 12n, action: 'enter', status: 'confirmed', reason: '', tier: TIER_100, auctionId: 1n },
    { at: T0 + 12n * 86_400n + 20n, action: 'kiss', status: 'refused', reason: 'Vow/insufficient-surplus', tier: undefined, auctionId: undefined },
  ],
  nav: [
    { at: T0 - 8n * 86_400n, tier: TIER_100, status: status(1_000_500n * WAD, 0n, 0n, 1_000_500n * WAD), mkrPerShareRay: 0n },
    { at: T0 + 12n * 86_400n + 12n, tier: TIER_100, status: status(950_500n * WAD, 50_000n * WAD, 0n, 1_000_500n * WAD), mkrPerShareRay: 0n },
    // the win: its lot credited over the shares of the moment
    { at: T0 + 12n * 86_400n + 200n, tier: TIER_100, status: status(950_500n * WAD, 0n, LOT_100, 1_000_500n * WAD), mkrPerShareRay: ACC_RAY },
    // member 1 defects 100,500 shares with 50 MKR: the book and the shares fall, the accumulator stays
    { at: T0 + 16n * 86_400n + 60n, tier: TIER_100, status: status(900_500n * WAD, 0n, LOT_100 - 50n * WAD, 900_000n * WAD), mkrPerShareRay: ACC_RAY },
  ],
  kicks: new Map([[1n, T0]]),
  fromBlock: 100n,
  toBlock: 160n,
  blocks: 61,
  keeperStepFailures: 0,
  kissEnabledAt: undefined,
  congestedFrom: undefined,
  fillers: { included: 0, leftOut: 0 },
  leaver: undefined,
};

function input(over: Partial<ReportInput> = {}): ReportInput {
  const refs = fixture('historical').references;
  const market = [
    {
      name: 'Gemini 1 h',
      source: 'march-2020/eth-usd-1h-gemini-2020-03-10-to-15.csv',
      points: [-13n, -12n, 0n, 20n, 32n, 33n].map((h) => ({ at: FIRST_BITE + h * H + (h === -13n ? 3_599n : 0n), priceWad: 130n * WAD })),
    },
    { name: 'Old', source: 'old.csv', points: [{ at: FIRST_BITE - 5n * 86_400n, priceWad: 200n * WAD }] },
  ];
  return {
    scenario: { name: 'tiers', description: 'Hand-made: two tiers.', members: 2, poolDaiWad: 9n * WAD, rivals: true, faults: false, extra: { seed: 1 } },
    run: { generatedAt: new Date('2025-01-02T03:04:05.678Z'), wallTimeMs: 1234.4, chainId: 31340, notes: ['a note'] },
    flips: { events: FLIP_EVENTS, offsetSeconds: OFFSET },
    market,
    references: refs,
    world: WORLD,
    flopperLogs: FLOPPER_LOGS,
    flopper: { padWad: PAD, ttl: TTL },
    syndicateLogs: SYNDICATE_LOGS,
    blockTimes: new Map([...BLOCK_AT].map(([b, at]) => [b, at + OFFSET])),
    tiers: [
      { address: TIER_100, limitWad: 100n * WAD },
      { address: TIER_120, limitWad: 120n * WAD },
    ],
    keeper: KEEPER,
    endedAt: ENDED_AT,
    ...over,
  };
}

function built(over: Partial<ReportInput> = {}): Report {
  const report = buildReport(input(over));
  const validation = validateReport(JSON.parse(JSON.stringify(report)));
  expect(validation.ok ? [] : validation.problems).toEqual([]);
  return report;
}

const n = Number;

// ------------------------------------------------------------------------------ the tests

describe('flipsOf', () => {
  it('makes one flip per bite, with its last bid and deal, sorted by kick time then id', () => {
    const flips = flipsOf(FLIP_EVENTS);
    expect(flips).toEqual([
      { id: 941, kickedAt: n(FIRST_BITE), lotWad: (50n * WAD).toString(), tabRad: (6_286_611n * (RAD / 1000n)).toString(), finalBidRad: (RAD / 10n ** 18n).toString(), finalLotWad: (50n * WAD).toString(), dealtAt: n(FIRST_BITE + 3_000n), zeroBid: true },
      { id: 942, kickedAt: n(FIRST_BITE + 60n), lotWad: (50n * WAD).toString(), tabRad: (6_286_611n * (RAD / 1000n)).toString(), finalBidRad: (6_000n * RAD).toString(), finalLotWad: (45n * WAD).toString(), dealtAt: null, zeroBid: false },
      { id: 4720, kickedAt: n(FIRST_BITE + 20n * H), lotWad: (10n * WAD).toString(), tabRad: (1_000n * RAD).toString(), finalBidRad: '0', finalLotWad: (10n * WAD).toString(), dealtAt: null, zeroBid: true },
    ]);
  });

  it('calls a bid of exactly 1 DAI not a zero bid, and one wei under it a zero bid', () => {
    const bite: FlipEvent = { ...(FLIP_EVENTS[1] as Extract<FlipEvent, { kind: 'bite' }>) };
    const bid = (bidRad: bigint): FlipEvent => ({ kind: 'bid', at: bite.at + 1n, recordedId: bite.recordedId, flipId: bite.flipId, bidRad, lotWad: bite.lotWad, zeroBid: false });
    expect(flipsOf([bite, bid(RAD)])[0]!.zeroBid).toBe(false);
    expect(flipsOf([bite, bid(RAD - 1n)])[0]!.zeroBid).toBe(true);
  });
});

describe('buildReport', () => {
  it('writes every address checksummed (tiers, nav, positions, payouts, leavers, bidders, keeper)', () => {
    const text = JSON.stringify(built());
    const addresses = text.match(/0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/g) ?? [];
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((a) => a !== getAddress(a))).toEqual([]);
  });

  it('passes the model’s validation, with the run and scenario as given', () => {
    const r = built();
    expect(r.format).toBe(REPORT_FORMAT);
    expect(r.run).toEqual({ generatedAt: '2025-01-02T03:04:05Z', wallTimeMs: 1234, simulatedFrom: n(FIRST_BITE), simulatedTo: n(ENDED_AT), chainId: 31340, origin: 'replay', notes: ['a note'] });
    expect(r.scenario.parameters).toEqual({
      members: 2,
      // what the members enlisted on chain, not the option
      poolDaiWad: (1_300_500n * WAD).toString(),
      tierLimitsWad: [(100n * WAD).toString(), (120n * WAD).toString()],
      rivals: true,
      faults: false,
      extra: { seed: 1 },
    });
    expect(r.pool.tiers.map((t) => t.label)).toEqual(['100 DAI/MKR', '120 DAI/MKR']);
    expect(r.keeper.address).toBe(KEEPER);
  });

  it('falls back to the option’s pool DAI when no member enlisted', () => {
    const r = built({ syndicateLogs: [] });
    expect(r.scenario.parameters.poolDaiWad).toBe((9n * WAD).toString());
    expect(r.pool.positions).toEqual([]);
    expect(r.pool.payouts).toEqual([]);
  });

  it('gives each flop its outcome: won by the pool, won by a rival, running', () => {
    const r = built();
    expect(r.flops.map((f) => [f.id, f.outcome, f.settledAt])).toEqual([
      [1, 'won-by-pool', n(BLOCK_AT.get(B.deal1)!)],
      [2, 'won-by-rival', n(BLOCK_AT.get(B.deal2)!)],
      [3, 'running', null],
      [4, 'running', null],
      [5, 'running', null],
      [6, 'running', null],
    ]);
    expect(r.flops.find((f) => f.id === 99)).toBeUndefined();
    // times are recorded times: chain time less the offset
    expect(r.flops[0]).toMatchObject({ kickedAt: n(T0), initialLotWad: DUMP.toString(), bidRad: BID.toString() });
  });

  it('grows an unbid lot by pad on each tick: 250, 300, 360, 432, 518.4 MKR', () => {
    const [flop1] = built().flops;
    expect(flop1!.ticks).toEqual(B.ticks1.map((b, i) => ({ at: n(BLOCK_AT.get(b)!), lotWad: lotsAfterTicks[i]!.toString() })));
    expect(flop1!.ticks.at(-1)!.lotWad).toBe((5184n * (WAD / 10n)).toString());
  });

  it('records every dent with its bidder and implied price', () => {
    const r = built();
    const flop2 = r.flops[1]!;
    expect(flop2.bids).toEqual([
      { at: n(BLOCK_AT.get(B.dent2a)!), lotWad: '240384615384615384616', bidRad: BID.toString(), impliedDaiPerMkrWad: impliedDaiPerMkrWad(BID, 240_384_615_384_615_384_616n).toString(), bidder: 'rival', guy: RIVAL_A },
      { at: n(BLOCK_AT.get(B.dent2b)!), lotWad: '188679245283018867925', bidRad: BID.toString(), impliedDaiPerMkrWad: (265n * WAD).toString(), bidder: 'rival', guy: RIVAL_B },
    ]);
    expect(r.flops[0]!.bids.map((b) => [b.bidder, b.impliedDaiPerMkrWad])).toEqual([['pool', (100n * WAD).toString()]]);
    expect(r.flops[2]!.bids.map((b) => b.bidder)).toEqual(['pool', 'rival']);
  });

  it('follows each position: won and finalized, outbid and refunded, won but not finalized, still leading', () => {
    const r = built();
    const at = (b: bigint) => n(BLOCK_AT.get(b)!);
    expect(r.pool.positions).toEqual([
      // won when its bid expired (entered + ttl), finalized after the deal
      { tier: TIER_100, auctionId: 1, lotWad: LOT_100.toString(), lockedDaiWad: (50_000n * WAD).toString(), enteredAt: at(B.enter1), outbidAt: null, wonAt: at(B.enter1) + n(TTL), finalizedAt: at(B.final1), outcome: 'won' },
      // outbid by the rival's dent, then finalized (the refund)
      { tier: TIER_100, auctionId: 3, lotWad: LOT_100.toString(), lockedDaiWad: (50_000n * WAD).toString(), enteredAt: at(B.enter3), outbidAt: at(B.dent3), wonAt: null, finalizedAt: at(B.final3), outcome: 'outbid' },
      // nobody dealt or finalized it, but its bid expired before the end: won
      { tier: TIER_120, auctionId: 4, lotWad: LOT_120.toString(), lockedDaiWad: (50_000n * WAD).toString(), enteredAt: at(B.enter4), outbidAt: null, wonAt: at(B.enter4) + n(TTL), finalizedAt: null, outcome: 'won' },
      // entered an hour before the end: its bid lives on
      { tier: TIER_100, auctionId: 5, lotWad: LOT_100.toString(), lockedDaiWad: (50_000n * WAD).toString(), enteredAt: at(B.enter5), outbidAt: null, wonAt: null, finalizedAt: null, outcome: 'leading' },
    ]);
  });

  it('dates a win at the finalize when that came before the bid’s expiry (dealt at the auction’s end)', () => {
    const early = BLOCK_AT.get(B.enter1)! + 600n;
    const times = new Map([...BLOCK_AT].map(([b, t]) => [b, (b === B.deal1 || b === B.final1 ? early : t) + OFFSET]));
    const r = built({ blockTimes: times });
    expect(r.pool.positions[0]).toMatchObject({ outcome: 'won', wonAt: n(early), finalizedAt: n(early) });
  });

  it('marks a position outbid at its finalize when no rival dent shows it (refund without a seen dent)', () => {
    const logs = FLOPPER_LOGS.filter((l) => !(l.kind === 'dent' && l.id === 3n && l.usr === RIVAL_A));
    const r = built({ flopperLogs: logs });
    expect(r.pool.positions[1]).toMatchObject({ auctionId: 3, outcome: 'outbid', outbidAt: n(BLOCK_AT.get(B.final3)!), finalizedAt: n(BLOCK_AT.get(B.final3)!) });
  });

  it('pays each member out with what they enlisted in that tier (both deposits, addresses in any case)', () => {
    const r = built();
    const paidAt = n(BLOCK_AT.get(B.defect)!);
    expect(r.pool.payouts).toEqual([
      { member: MEMBER_1, tier: TIER_100, via: 'defect', enlistedDaiWad: (1_000_500n * WAD).toString(), sharesWad: (100_500n * WAD).toString(), daiWad: (50_000n * WAD).toString(), mkrWad: (50n * WAD).toString(), paidAt },
      { member: MEMBER_2, tier: TIER_120, via: 'defect', enlistedDaiWad: (300_000n * WAD).toString(), sharesWad: (300_000n * WAD).toString(), daiWad: (250_000n * WAD).toString(), mkrWad: LOT_120.toString(), paidAt },
    ]);
  });

  it('carries the keeper’s actions, the Vow’s events and the NAV (per share) over', () => {
    const r = built();
    expect(r.keeper.actions).toEqual([
      { at: n(T0 + 12n * 86_400n), action: 'enter', status: 'sent', reason: 'eligible', tier: TIER_100, auctionId: 1 },
      { at: n(T0 + 12n * 86_400n + 12n), action: 'enter', status: 'confirmed', reason: '', tier: TIER_100, auctionId: 1 },
      { at: n(T0 + 12n * 86_400n + 20n), action: 'kiss', status: 'refused', reason: 'Vow/insufficient-surplus', tier: null, auctionId: null },
    ]);
    expect(r.vowEvents).toEqual([
      { at: n(T0 - 60n), kind: 'flog', by: 'replay', amountRad: null, auctionId: null },
      { at: n(T0), kind: 'flop', by: 'replay', amountRad: null, auctionId: 1 },
      { at: n(T0 + 86_400n), kind: 'kiss', by: 'keeper', amountRad: (50_000n * RAD).toString(), auctionId: null },
    ]);
    expect(r.pool.nav[2]).toEqual({
      at: n(T0 + 12n * 86_400n + 200n),
      tier: TIER_100,
      daiBookWad: (950_500n * WAD).toString(),
      lockedBookWad: '0',
      mkrBookWad: LOT_100.toString(),
      totalSharesWad: (1_000_500n * WAD).toString(),
      navPerShareWad: ((950_500n * WAD * WAD) / (1_000_500n * WAD)).toString(),
      mkrPerShareWad: ((LOT_100 * WAD) / (1_000_500n * WAD)).toString(),
    });
  });

  it('reports MKR per share from the accumulator: it rises at a win and does not move when an exit lowers the MKR book', () => {
    const perShare = built().pool.nav.map((p) => p.mkrPerShareWad);
    const afterWin = (ACC_RAY / 10n ** 9n).toString();
    expect(perShare).toEqual(['0', '0', afterWin, afterWin]);
    // The MKR book over the shares left would have jumped at the exit: (500 - 50) / 900,000 > 500 / 1,000,500.
    expect(((LOT_100 - 50n * WAD) * WAD) / (900_000n * WAD)).toBeGreaterThan(BigInt(afterWin));
  });

  it('draws the flip replay: bad debt after each batch, the OSM price where it changed, the market 12 h around the kicks', () => {
    const r = built();
    expect(r.series.badDebt.map((p) => [p.at, BigInt(p.badDebtRad) / RAD])).toEqual([
      [n(FIRST_BITE), 0n],
      [n(FIRST_BITE + 600n), 6_286n],
      [n(FIRST_BITE + 3_000n), 6_300n],
      [n(FIRST_BITE + 3_600n), 6_500n],
      [n(FIRST_BITE + 20n * H), 7_500n],
    ]);
    expect(r.series.ethPrice.osm).toEqual([
      { at: n(FIRST_BITE), priceWad: (166_465n * (WAD / 1000n)).toString() },
      { at: n(FIRST_BITE + 3_600n), priceWad: (130n * WAD).toString() },
      { at: n(FIRST_BITE + 20n * H), priceWad: (110n * WAD).toString() },
    ]);
    // from 12 h before the first kick to 12 h after the last (inclusive); a series with nothing there is left out
    expect(r.series.ethPrice.market).toEqual([
      { name: 'Gemini 1 h', source: 'march-2020/eth-usd-1h-gemini-2020-03-10-to-15.csv', points: [-12n, 0n, 20n, 32n].map((h) => ({ at: n(FIRST_BITE + h * H), priceWad: (130n * WAD).toString() })) },
    ]);
    expect(r.flips.map((f) => f.id)).toEqual([941, 942, 4720]);
  });

  it('refuses a log whose block time is missing, naming the block', () => {
    const times = new Map([...input().blockTimes].filter(([b]) => b !== B.dent3));
    expect(() => buildReport(input({ blockTimes: times }))).toThrow(`no time for block ${B.dent3}`);
  });

  it('tells the leaver: refused, asked, the round closed at its price, claimed; their exit is a payout by claim', () => {
    const leaver = { member: MEMBER_2, tier: TIER_120, refusedAt: T0 + 14n * 86_400n + 60n, refusal: 'RoundOpen: the round is open, no deadline until the first request', shares: 300_000n * WAD, atCostDaiWad: 300_000n * WAD, atCostMkrWad: 0n, openAtRequest: [4n], claimed: true };
    const paidDai = 250_000n * WAD;
    const logs: SyndicateLogEvent[] = [
      ...SYNDICATE_LOGS.filter((e) => !(e.kind === 'defected' && e.holder === MEMBER_2)),
      { kind: 'defectRequested', pool: TIER_120, holder: MEMBER_2, round: 1n, shares: 300_000n * WAD, blockNumber: B.request4 },
      { kind: 'roundClosed', pool: TIER_120, round: 1n, enlistDaiWad: 0n, mintedShares: 0n, defectShares: 300_000n * WAD, paidDaiWad: paidDai, navDaiWad: paidDai, totalShares: 300_000n * WAD, blockNumber: B.close4 },
      { kind: 'claimed', pool: TIER_120, holder: MEMBER_2, round: 1n, shares: 0n, daiWad: paidDai, mkrWad: LOT_120, blockNumber: B.claim4 },
    ];
    const r = built({ syndicateLogs: logs, world: { ...WORLD, leaver } });
    const at = (b: bigint) => n(BLOCK_AT.get(b)!);
    expect(r.pool.leavers).toEqual([
      {
        member: MEMBER_2,
        tier: TIER_120,
        enlistedDaiWad: (300_000n * WAD).toString(),
        refusedAt: n(leaver.refusedAt),
        refusal: 'RoundOpen: the round is open, no deadline until the first request',
        requestedAt: at(B.request4),
        round: 1,
        sharesWad: (300_000n * WAD).toString(),
        atCostDaiWad: (300_000n * WAD).toString(),
        atCostMkrWad: '0',
        openAtRequest: [4],
        roundClosedAt: at(B.close4),
        closeNavDaiWad: paidDai.toString(),
        closeTotalSharesWad: (300_000n * WAD).toString(),
        claimedAt: at(B.claim4),
        daiWad: paidDai.toString(),
        mkrWad: LOT_120.toString(),
      },
    ]);
    // Every exit is a payout, the claim of the leaver's exit request too (in the logs' order).
    expect(r.pool.payouts.map((p) => [p.member, p.via])).toEqual([
      [MEMBER_1, 'defect'],
      [MEMBER_2, 'claim'],
    ]);
    expect(r.pool.payouts[1]).toEqual({ member: MEMBER_2, tier: TIER_120, via: 'claim', enlistedDaiWad: (300_000n * WAD).toString(), sharesWad: (300_000n * WAD).toString(), daiWad: paidDai.toString(), mkrWad: LOT_120.toString(), paidAt: at(B.claim4) });
    // A claim of a deposit request alone is no exit.
    const deposit = built({ syndicateLogs: [...SYNDICATE_LOGS, { kind: 'claimed', pool: TIER_100, holder: MEMBER_1, round: 2n, shares: 10n * WAD, daiWad: 0n, mkrWad: 0n, blockNumber: B.defect }] });
    expect(deposit.pool.payouts.map((p) => p.via)).toEqual(['defect', 'defect']);
    // Not closed by the end: no close, no claim.
    const open = built({ syndicateLogs: logs.filter((e) => e.kind !== 'roundClosed' && e.kind !== 'claimed'), world: { ...WORLD, leaver } });
    expect(open.pool.leavers[0]).toMatchObject({ roundClosedAt: null, closeNavDaiWad: null, closeTotalSharesWad: null, claimedAt: null, daiWad: '0', mkrWad: '0' });
    // A leaver without their request's log is a broken run, not a report.
    expect(() => buildReport(input({ world: { ...WORLD, leaver } }))).toThrow(`the leaver ${MEMBER_2} asked to leave, but no DefectRequested log of theirs was found`);
    expect(built().pool.leavers).toEqual([]);
  });

  it('marks a yanked auction', () => {
    const r = built({ flopperLogs: [...FLOPPER_LOGS, note('yank', 6n, B.defect)] });
    expect(r.flops.find((f) => f.id === 6)).toMatchObject({ outcome: 'yanked', settledAt: n(BLOCK_AT.get(B.defect)!) });
  });
});
