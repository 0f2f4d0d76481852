// The keeper's decisions, without a chain: views built by hand as readKeeperView would return them.
import { describe, expect, it } from 'vitest';
import { getAddress, type Address } from 'viem';
import type { DecodedRevert, FlopAuction, KeeperView, PoolView, VowView } from '../../src/chain/index.js';
import { DEFAULT_PLANNER_OPTIONS, dealable, insertionPoint, plan, type PendingState, type PlannerOptions } from '../../src/keeper/planner.js';
import { RAD, WAD } from '../../src/units.js';

const FLOPPER = getAddress('0x00000000000000000000000000000000000f1009');
const VOW = getAddress('0x0000000000000000000000000000000000000f0f');
const T100 = getAddress('0x0000000000000000000000000000000000000100');
const T250 = getAddress('0x0000000000000000000000000000000000000250');
const RIVAL = getAddress('0x000000000000000000000000000000000000bad1');
const NOW = 1_584_000_000n; // 12 March 2020, about
const TTL = 6n * 3600n;

const refusal = (name: string, args: readonly unknown[] = []) => ({ ok: false, refusal: { name, args, hint: '', argNames: [], signature: name } as unknown as DecodedRevert });
const OK = { ok: true, refusal: undefined };

function auction(id: bigint, over: Partial<FlopAuction> = {}): FlopAuction {
  return { id, bidRad: 50_000n * RAD, lotWad: 500n * WAD, guy: VOW, tic: 0n, end: NOW + 3n * 86_400n, ...over };
}

function pool(address: Address, limit: bigint, over: Partial<PoolView> & { entries?: [bigint, PoolView['entry'] extends ReadonlyMap<bigint, infer E> ? E : never][] } = {}): PoolView {
  const { entries = [], ...rest } = over;
  return {
    address,
    limitWad: limit * WAD,
    status: {
      halted: false,
      evidencePooled: false,
      flopperLive: true,
      daiJoinLive: true,
      daiBookWad: 1_000_000n * WAD,
      lockedBookWad: 0n,
      mkrBookWad: 0n,
      totalShares: 1_000_000n * WAD,
      openPositions: 0n,
      settlementDue: 0n,
      round: 1n,
      roundOpen: false,
      closeBy: 0n,
    },
    positions: [],
    entry: new Map(entries),
    requesters: new Map(),
    ...rest,
  };
}

function view(auctions: FlopAuction[], pools: PoolView[], over: Partial<KeeperView> = {}): KeeperView {
  return {
    block: { number: 100n, timestamp: NOW },
    flopper: { address: FLOPPER, live: true, kicks: BigInt(auctions.length), begWad: (WAD * 105n) / 100n, padWad: (WAD * 150n) / 100n, ttl: TTL, tau: 3n * 86_400n },
    auctions,
    pools,
    vow: undefined,
    ...over,
  };
}

const NONE: PendingState = { keys: new Set(), pendingBidDaiWad: new Map() };
const kinds = (p: ReturnType<typeof plan>) => p.actions.map((a) => a.key);

describe('plan: entering', () => {
  it('bids with the lowest tier that can enter, and only one tier per auction', () => {
    const p = plan(view([auction(1n)], [pool(T250, 250n, { entries: [[1n, OK]] }), pool(T100, 100n, { entries: [[1n, OK]] })]), NONE);
    expect(p.actions).toHaveLength(1);
    expect(p.actions[0]).toMatchObject({ key: 'enter:1', class: 'bid', call: { kind: 'enter', pool: T100, id: 1n, prevId: undefined }, bidDaiWad: 50_000n * WAD });
  });

  it('falls back to a higher tier when the lower one refuses, and says why nobody bids otherwise', () => {
    const p = plan(
      view([auction(1n), auction(2n)], [
        pool(T100, 100n, { entries: [[1n, refusal('PriceAboveLimit')], [2n, refusal('PriceAboveLimit')]] }),
        pool(T250, 250n, { entries: [[1n, OK], [2n, refusal('PriceAboveLimit')]] }),
      ]),
      NONE,
    );
    expect(p.actions.map((a) => a.call)).toEqual([{ kind: 'enter', pool: T250, id: 1n, prevId: undefined }]);
    expect(p.skips).toEqual([{ id: 2n, reason: 'tier 100: PriceAboveLimit; tier 250: PriceAboveLimit', roundClosing: [] }]);
  });

  it('never bids against its own tier: an auction one of our tiers leads is left alone', () => {
    const p = plan(view([auction(1n, { guy: T250, tic: NOW + TTL })], [pool(T100, 100n, { entries: [[1n, OK]] }), pool(T250, 250n, { entries: [[1n, refusal('AlreadyHighBidder', [1n])]] })]), NONE);
    expect(p.actions).toEqual([]);
  });

  it('re-enters after a rival outbid it (the re-entry books the refund: no finalize of its own)', () => {
    const outbid = auction(1n, { guy: RIVAL, tic: NOW + TTL, lotWad: 400n * WAD });
    const position = { id: 1n, lockedDaiWad: 50_000n * WAD, lotWad: 476n * WAD, settleAt: NOW + 60n };
    const p = plan(view([outbid], [pool(T100, 100n, { entries: [[1n, OK]], positions: [position] })]), NONE);
    expect(kinds(p)).toEqual(['enter:1']);
    // Another tier re-enters: the outbid tier's position is finalized at once.
    const other = plan(
      view([outbid], [pool(T100, 100n, { entries: [[1n, refusal('PriceAboveLimit')]], positions: [position] }), pool(T250, 250n, { entries: [[1n, OK]] })]),
      NONE,
    );
    expect(kinds(other)).toEqual(['enter:1', `finalize:${T100}:1`]);
    expect(other.actions[1]!.reason).toBe('outbid');
    // Outbid beyond the price: finalized at once.
    const priced = plan(view([outbid], [pool(T100, 100n, { entries: [[1n, refusal('PriceAboveLimit')]], positions: [position] })]), NONE);
    expect(kinds(priced)).toEqual([`finalize:${T100}:1`]);
  });

  it('computes the insertion hint the contract asks for, leaving the re-entered position out', () => {
    const positions = [
      { id: 4n, lockedDaiWad: 0n, lotWad: 1n, settleAt: NOW + 10n },
      { id: 7n, lockedDaiWad: 0n, lotWad: 1n, settleAt: NOW + 20n },
      { id: 9n, lockedDaiWad: 0n, lotWad: 1n, settleAt: NOW + 30n },
    ];
    const p = plan(view([auction(7n, { guy: RIVAL, tic: NOW + 5n })], [pool(T100, 100n, { positions, entries: [[7n, refusal('InsertionHintRequired', [NOW + 25n])]] })]), NONE);
    expect(p.actions[0]!.call).toEqual({ kind: 'enter', pool: T100, id: 7n, prevId: 4n });
    expect(insertionPoint(positions, NOW + 5n)).toBe(0n);
    expect(insertionPoint(positions, NOW + 30n)).toBe(9n);
  });

  it('budgets liquid DAI across the bids it plans and those already pending', () => {
    const small = pool(T100, 100n, { entries: [[1n, OK], [2n, OK], [3n, OK]] });
    small.status = { ...small.status, daiBookWad: 120_000n * WAD };
    const free = plan(view([auction(1n), auction(2n), auction(3n)], [small]), NONE);
    expect(kinds(free)).toEqual(['enter:1', 'enter:2']);
    expect(free.skips).toEqual([{ id: 3n, reason: 'tier 100: liquid DAI taken by pending bids', roundClosing: [] }]);

    const withPending = plan(view([auction(2n), auction(3n)], [small]), { keys: new Set(['enter:1']), pendingBidDaiWad: new Map([[T100, 50_000n * WAD]]) });
    expect(kinds(withPending)).toEqual(['enter:2']);
  });

  it('plans nothing for an action already pending', () => {
    const p = plan(view([auction(1n)], [pool(T100, 100n, { entries: [[1n, OK]] })]), { keys: new Set(['enter:1']), pendingBidDaiWad: new Map() });
    expect(p.actions).toEqual([]);
    expect(p.skips).toEqual([{ id: 1n, reason: 'a bid is pending', roundClosing: [] }]);
  });

  it('does not bid when bidding is off or the Flopper is caged', () => {
    const v = view([auction(1n)], [pool(T100, 100n, { entries: [[1n, OK]] })]);
    expect(plan(v, NONE, { ...DEFAULT_PLANNER_OPTIONS, bid: false }).actions).toEqual([]);
    expect(plan({ ...v, flopper: { ...v.flopper, live: false } }, NONE).actions).toEqual([]);
  });
});

describe('plan: settling', () => {
  const position = (id: bigint, settleAt: bigint) => ({ id, lockedDaiWad: 50_000n * WAD, lotWad: 476n * WAD, settleAt });

  it('finalizes a won position once deal is possible, not a second before', () => {
    const leading = (tic: bigint) => view([auction(1n, { guy: T100, tic })], [pool(T100, 100n, { positions: [position(1n, tic)], entries: [[1n, refusal('AlreadyHighBidder', [1n])]] })]);
    expect(plan(leading(NOW), NONE).actions).toEqual([]);
    const won = plan(leading(NOW - 1n), NONE);
    expect(won.actions).toEqual([expect.objectContaining({ key: `finalize:${T100}:1`, class: 'settle', reason: 'won' })]);
    expect(dealable({ tic: 0n, end: NOW - 1n }, NOW)).toBe(false); // unbid: tick, not deal
  });

  it('finalizes a position whose auction someone else settled', () => {
    const p = plan(view([], [pool(T100, 100n, { positions: [position(3n, NOW + 100n)] })]), NONE);
    expect(p.actions).toEqual([expect.objectContaining({ key: `finalize:${T100}:3`, reason: 'settled elsewhere' })]);
  });

  it('finalizes (yanks) every open position of every tier once the Flopper is caged', () => {
    const v = view(
      [auction(1n, { guy: T100, tic: NOW + 100n }), auction(2n, { guy: T250, tic: NOW + 100n })],
      [pool(T100, 100n, { positions: [position(1n, NOW + 100n)] }), pool(T250, 250n, { positions: [position(2n, NOW + 100n)] })],
    );
    const p = plan({ ...v, flopper: { ...v.flopper, live: false } }, NONE);
    expect(p.actions.map((a) => [a.key, a.reason])).toEqual([
      [`finalize:${T100}:1`, 'caged'],
      [`finalize:${T250}:2`, 'caged'],
    ]);
  });
});

describe('plan: upkeep and order', () => {
  it('ticks an unbid auction that ended, not one that still runs or has a bid', () => {
    const p = plan(view([auction(1n, { end: NOW - 1n }), auction(2n, { end: NOW }), auction(3n, { end: NOW - 1n, tic: NOW - 5n, guy: RIVAL })], []), NONE);
    expect(kinds(p)).toEqual(['tick:1']);
    expect(p.actions[0]!.call).toEqual({ kind: 'tick', flopper: FLOPPER, id: 1n });
    expect(plan(view([auction(1n, { end: NOW - 1n })], []), NONE, { ...DEFAULT_PLANNER_OPTIONS, tick: false }).actions).toEqual([]);
  });

  it('orders bids before settlements before upkeep', () => {
    const p = plan(
      view([auction(1n, { end: NOW - 1n }), auction(2n, { guy: RIVAL, tic: NOW + 1n }), auction(3n)], [pool(T100, 100n, { positions: [{ id: 2n, lockedDaiWad: 1n, lotWad: 1n, settleAt: NOW + 1n }], entries: [[3n, OK], [2n, refusal('PriceAboveLimit')], [1n, refusal('AuctionFinished', [1n])]] })]),
      NONE,
    );
    expect(p.actions.map((a) => a.class)).toEqual(['bid', 'settle', 'upkeep']);
  });

  it('calls the Vow only when asked to, and only when the Vow allows it', () => {
    const vow = (over: Partial<VowView>): VowView => ({ address: VOW, live: true, sinRad: 0n, ashRad: 0n, sumpRad: 50_000n * RAD, vatSinRad: 120_000n * RAD, vatDaiRad: 0n, ...over });
    const all: PlannerOptions = { ...DEFAULT_PLANNER_OPTIONS, vow: { flop: true, kiss: true, heal: true } };
    expect(plan(view([], [], { vow: vow({}) }), NONE).actions).toEqual([]);
    expect(kinds(plan(view([], [], { vow: vow({}) }), NONE, all))).toEqual(['vow:flop']);
    expect(plan(view([], [], { vow: vow({ ashRad: 100_000n * RAD }) }), NONE, all).actions).toEqual([]);
    const kiss = plan(view([], [], { vow: vow({ ashRad: 100_000n * RAD, vatDaiRad: 50_000n * RAD }) }), NONE, all);
    expect(kiss.actions.map((a) => a.call)).toEqual([{ kind: 'kiss', vow: VOW, rad: 50_000n * RAD }]);
    const heal = plan(view([], [], { vow: vow({ vatDaiRad: 7n * RAD }) }), NONE, all);
    expect(heal.actions.map((a) => a.call)).toEqual([{ kind: 'heal', vow: VOW, rad: 7n * RAD }]);
    expect(plan(view([], [], { vow: vow({ live: false }) }), NONE, all).actions).toEqual([]);
  });

  it('is pure: the same view gives the same plan and is not changed', () => {
    const v = view([auction(1n), auction(2n, { end: NOW - 1n })], [pool(T100, 100n, { entries: [[1n, OK], [2n, refusal('AuctionFinished')]] })]);
    const before = JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Map ? [...x] : x));
    expect(plan(v, NONE)).toEqual(plan(v, NONE));
    expect(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Map ? [...x] : x))).toBe(before);
  });
});

describe('plan: rounds', () => {
  const position = (id: bigint, settleAt: bigint) => ({ id, lockedDaiWad: 50_000n * WAD, lotWad: 476n * WAD, settleAt });
  const CLOSE_BY = NOW + 3_600n;
  const closing = (p: PoolView): PoolView => ({ ...p, status: { ...p.status, roundOpen: true, closeBy: CLOSE_BY, openPositions: BigInt(p.positions.length) } });
  /** Tier 100 holds a won position in auction 1 (deal possible); auction 2 is fresh and enterable. */
  const withWin = (entry2: { ok: boolean; refusal: DecodedRevert | undefined }) =>
    pool(T100, 100n, { positions: [position(1n, NOW - 10n)], entries: [[1n, refusal('AlreadyHighBidder', [1n])], [2n, entry2]] });
  const auctions = [auction(1n, { guy: T100, tic: NOW - 10n }), auction(2n)];

  it('with requests pending (closeBy set), finalizes the due positions of that pool before any bid of the block', () => {
    const p = plan(view(auctions, [closing(withWin(OK))]), NONE);
    expect(p.actions.map((a) => [a.key, a.class])).toEqual([
      [`finalize:${T100}:1`, 'close'],
      ['enter:2', 'bid'],
    ]);
    expect(p.actions[0]!.reason).toBe('won');
  });

  it('without requests (closeBy 0) the bid goes first, as before: the round closes with nobody waiting', () => {
    const open = withWin(OK);
    const p = plan(view(auctions, [{ ...open, status: { ...open.status, roundOpen: true, closeBy: 0n } }]), NONE);
    expect(p.actions.map((a) => [a.key, a.class])).toEqual([
      ['enter:2', 'bid'],
      [`finalize:${T100}:1`, 'settle'],
    ]);
  });

  it("a closing round's finalize goes first in another pool's block too; the other pool's finalizes stay settlement", () => {
    const other = pool(T250, 250n, { positions: [position(3n, NOW - 5n)], entries: [[2n, OK]] });
    const p = plan(view([...auctions, auction(3n, { guy: T250, tic: NOW - 5n })], [closing(withWin(refusal('PriceAboveLimit'))), other]), NONE);
    expect(p.actions.map((a) => [a.key, a.class])).toEqual([
      [`finalize:${T100}:1`, 'close'],
      ['enter:2', 'bid'],
      [`finalize:${T250}:3`, 'settle'],
    ]);
    expect(p.actions[1]!.call).toMatchObject({ pool: T250 });
  });

  it('RoundClosing is an expected refusal: the skip names the tier, its deadline and the settle time; another tier may bid', () => {
    const closingRefusal = refusal('RoundClosing', [CLOSE_BY, NOW + TTL]);
    const leading = auction(1n, { guy: T100, tic: NOW + 60n });
    const onlyTier = plan(view([leading, auction(2n)], [closing(pool(T100, 100n, { positions: [position(1n, NOW + 60n)], entries: [[1n, refusal('AlreadyHighBidder', [1n])], [2n, closingRefusal]] }))]), NONE);
    expect(onlyTier.actions).toEqual([]);
    expect(onlyTier.skips).toEqual([
      { id: 2n, reason: `tier 100: RoundClosing (requests pending, due by ${CLOSE_BY}; this bid would settle at ${NOW + TTL})`, roundClosing: [{ pool: T100, closeBy: CLOSE_BY, settleAt: NOW + TTL }] },
    ]);
    const fallback = plan(view([leading, auction(2n)], [closing(pool(T100, 100n, { positions: [position(1n, NOW + 60n)], entries: [[1n, refusal('AlreadyHighBidder', [1n])], [2n, closingRefusal]] })), pool(T250, 250n, { entries: [[2n, OK]] })]), NONE);
    expect(fallback.actions.map((a) => a.call)).toEqual([{ kind: 'enter', pool: T250, id: 2n, prevId: undefined }]);
    expect(fallback.skips).toEqual([]);
  });

  it('claims for the requesters of a closed round only when asked to, at most claimsPerStep a block, after bids and settlement', () => {
    const executed = { round: 1n, enlistDaiWad: 0n, defectShares: 10n * WAD, executed: true, sharesOut: 0n, daiOutWad: 10n * WAD, mkrWad: 0n };
    const holders = [1, 2, 3].map((i) => getAddress(`0x${i.toString(16).padStart(40, '0')}`));
    const requesters = new Map<Address, typeof executed>([
      [holders[0]!, executed],
      [holders[1]!, { ...executed, round: 2n, executed: false }], // asked again in the open round: nothing to claim yet
      [holders[2]!, executed],
    ]);
    const gone = getAddress('0x0000000000000000000000000000000000000004');
    requesters.set(gone, { ...executed, round: 0n, executed: false }); // claimed already
    const v = view([auction(2n)], [pool(T100, 100n, { entries: [[2n, OK]], requesters })]);
    expect(kinds(plan(v, NONE))).toEqual(['enter:2']);
    const on: PlannerOptions = { ...DEFAULT_PLANNER_OPTIONS, claim: true };
    const p = plan(v, NONE, on);
    expect(p.actions.map((a) => [a.key, a.class, a.reason])).toEqual([
      ['enter:2', 'bid', 'enterable'],
      [`claim:${T100}:${holders[0]}`, 'upkeep', 'round 1 closed'],
      [`claim:${T100}:${holders[2]}`, 'upkeep', 'round 1 closed'],
    ]);
    expect(p.actions[1]!.call).toEqual({ kind: 'claim', pool: T100, holder: holders[0] });
    // One a block at most: the second waits; a claim in flight is not planned again, so the next one goes.
    expect(kinds(plan(v, NONE, { ...on, claimsPerStep: 1 }))).toEqual(['enter:2', `claim:${T100}:${holders[0]}`]);
    expect(kinds(plan(v, { keys: new Set([`claim:${T100}:${holders[0]}`]), pendingBidDaiWad: new Map() }, { ...on, claimsPerStep: 1 }))).toEqual(['enter:2', `claim:${T100}:${holders[2]}`]);
  });
});
