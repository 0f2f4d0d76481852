/**
 * The keeper's decisions: a pure function of the chain state read in one block (no client, no clock,
 * no I/O). `plan(view, pending, options)` says what to send, in priority order, and why everything
 * else waits. The loop (keeper.ts) reads the view, calls `plan`, and hands the actions to the
 * transaction manager; the planner is tested without a chain (test/unit/planner.test.ts).
 *
 * Rules, per block (time is the block's timestamp, as the contracts see it):
 * 1. Enter. For every live auction no tier of ours leads, the lowest-limit tier whose `canEnter` says
 *    yes (or asks for an insertion hint, computed here as `insertionPoint` would) bids, if its liquid
 *    DAI still covers the bid after the bids already pending or planned for it. One bid per auction at
 *    a time, whichever tier: our tiers never bid against each other. A tier refusing with
 *    `RoundClosing` (requests are pending and the bid would settle after the round's deadline) is an
 *    expected refusal: the skip says so (`roundClosing`), and the next tier is tried.
 * 2. Finalize. Every open position whose outcome is known: outbid (someone else leads: at once, the
 *    refund is needed for the next bids and the round cannot close while it is open), won (our bid
 *    expired or the auction ended: `deal` is possible), settled by someone else (the record is gone),
 *    or the Flopper caged (finalize yanks). In a pool whose round has requests pending
 *    (`closeBy != 0`) these finalizes come first, before any bid of the block (class `close`): the
 *    finalize that empties the queue closes the round, and a bid mined before it would keep the
 *    requesters waiting for one more position.
 * 3. Tick. Every auction that ended without a bid is restarted, so its lot grows by `pad`.
 * 4. Optionally (off by default) `claim(holder)` for the requesters of a closed round the keeper was
 *    given (`requesters` in the view: their `pending`), at most `claimsPerStep` a block.
 * 5. Optionally (off by default) the Vow: `kiss` debt on auction against its DAI, `heal` released debt,
 *    and `flop` a new debt auction when the Vow allows it.
 * An action whose key is already pending is never planned again: the transaction manager owns it.
 */
import { getAddress, zeroAddress, type Address } from 'viem';
import type { FlopAuction, KeeperCall, KeeperView, PoolView } from '../chain/index.js';
import { keeperCallKey } from '../chain/index.js';

const RAY = 10n ** 27n;

/**
 * Priority on the nonce lane, sooner first: finalizes that close a round with pending requests
 * (`close`), bids, other settlement, then upkeep (ticks, claims, the Vow). A bid takes over the nonce of
 * a pending `settle` or `upkeep` transaction, never of a `close` one.
 */
export type ActionClass = 'close' | 'bid' | 'settle' | 'upkeep';

export interface PlannedAction {
  key: string;
  call: KeeperCall;
  class: ActionClass;
  /** Why, for the logs: `outbid`, `won`, `settled elsewhere`, `caged`, `unbid auction ended`, ... */
  reason: string;
  /** For bids: the DAI the bid locks, wad (the auction's fixed bid, rounded up to a wad). */
  bidDaiWad?: bigint;
}

export interface Skip {
  id: bigint;
  /** One line: why no tier bids (each tier's refusal), or why a bid waits. */
  reason: string;
  /**
   * The tiers that refused with `RoundClosing`: requests are pending there, and this bid would settle
   * (`settleAt`, unix s) after the round's deadline (`closeBy`). Expected while a round closes: the tier
   * may bid again once its round has closed.
   */
  roundClosing: { pool: Address; closeBy: bigint; settleAt: bigint }[];
}

export interface PendingState {
  /** Keys of actions with a transaction in flight. */
  keys: ReadonlySet<string>;
  /** Bids in flight per pool (checksummed address): DAI they will lock, wad. */
  pendingBidDaiWad: ReadonlyMap<Address, bigint>;
}

export interface PlannerOptions {
  /** Restart unbid auctions that ended (on by default). */
  tick: boolean;
  /** Bid at all (`--no-bid` keeps a settle-only keeper). */
  bid: boolean;
  /** The Vow's permissionless calls, each off by default. */
  vow: { flop: boolean; kiss: boolean; heal: boolean };
  /** `claim(holder)` for the requesters of closed rounds in the view (off by default). */
  claim: boolean;
  /** At most this many claims planned per block. */
  claimsPerStep: number;
}

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = { tick: true, bid: true, vow: { flop: false, kiss: false, heal: false }, claim: false, claimsPerStep: 10 };

export interface Plan {
  actions: PlannedAction[];
  skips: Skip[];
}

const CLASS_ORDER: Record<ActionClass, number> = { close: 0, bid: 1, settle: 2, upkeep: 3 };

/** The DAI a bid of `bidRad` locks, wad: rounded up, so a budget never undercounts. */
export function bidDaiWad(bidRad: bigint): bigint {
  return (bidRad + RAY - 1n) / RAY;
}

/**
 * Where `enterAuctionAfter` inserts a position settling at `settleAt`: after the last position (in
 * queue order) that settles no later, 0 for the front. `positions` are in queue order; the auction
 * being re-entered is left out (its own record is replaced).
 */
export function insertionPoint(positions: readonly { id: bigint; settleAt: bigint }[], settleAt: bigint, reentering?: bigint): bigint {
  let prev = 0n;
  for (const p of positions) {
    if (p.id === reentering) continue;
    if (p.settleAt <= settleAt) prev = p.id;
    else break;
  }
  return prev;
}

/** Whether `deal` would pass now: a bid stands and it expired or the auction ended (strictly before `now`). */
export function dealable(a: Pick<FlopAuction, 'tic' | 'end'>, now: bigint): boolean {
  return a.tic !== 0n && (a.tic < now || a.end < now);
}

/** The plan for one block. Pure: same inputs, same plan. */
export function plan(view: KeeperView, pending: PendingState, options: PlannerOptions = DEFAULT_PLANNER_OPTIONS): Plan {
  const now = view.block.timestamp;
  const actions: PlannedAction[] = [];
  const skips: Skip[] = [];
  const byId = new Map(view.auctions.map((a) => [a.id, a]));
  const ours = new Set(view.pools.map((p) => getAddress(p.address)));
  const add = (action: Omit<PlannedAction, 'key'>) => {
    const key = keeperCallKey(action.call);
    if (!pending.keys.has(key) && !actions.some((a) => a.key === key)) actions.push({ ...action, key });
  };

  // 2. Finalize (first in code: a position's outcome is independent of this block's bids).
  for (const pool of view.pools) {
    const address = getAddress(pool.address);
    // Requests wait for this pool's round to close: its finalizes go before any bid.
    const closing = pool.status.closeBy !== 0n;
    for (const position of pool.positions) {
      const auction = byId.get(position.id);
      let reason: string | undefined;
      if (!view.flopper.live) reason = 'caged';
      else if (!auction || auction.guy === zeroAddress) reason = 'settled elsewhere';
      else if (getAddress(auction.guy) !== address) reason = 'outbid';
      else if (dealable(auction, now)) reason = 'won';
      if (reason) add({ call: { kind: 'finalize', pool: address, id: position.id }, class: closing ? 'close' : 'settle', reason });
    }
  }

  // 1. Enter.
  if (options.bid && view.flopper.live) {
    const tiers = [...view.pools].sort((a, b) => (a.limitWad < b.limitWad ? -1 : a.limitWad > b.limitWad ? 1 : 0));
    const budget = new Map<Address, bigint>(
      tiers.map((p) => {
        const address = getAddress(p.address);
        return [address, p.status.daiBookWad - (pending.pendingBidDaiWad.get(address) ?? 0n)];
      }),
    );
    for (const auction of view.auctions) {
      if (auction.guy === zeroAddress) continue;
      if (ours.has(getAddress(auction.guy))) continue; // one of our tiers leads
      const key = `enter:${auction.id}`;
      if (pending.keys.has(key)) {
        skips.push({ id: auction.id, reason: 'a bid is pending', roundClosing: [] });
        continue;
      }
      const choice = chooseTier(tiers, auction, budget);
      if ('skip' in choice) {
        skips.push({ id: auction.id, reason: choice.skip, roundClosing: choice.roundClosing });
        continue;
      }
      const address = getAddress(choice.pool.address);
      const dai = bidDaiWad(auction.bidRad);
      budget.set(address, budget.get(address)! - dai);
      add({
        call: { kind: 'enter', pool: address, id: auction.id, prevId: choice.prevId },
        class: 'bid',
        reason: choice.prevId === undefined ? 'enterable' : `enterable after position ${choice.prevId}`,
        bidDaiWad: dai,
      });
    }
  }

  // 3. Tick.
  if (options.tick && view.flopper.live) {
    for (const auction of view.auctions) {
      if (auction.guy !== zeroAddress && auction.tic === 0n && auction.end < now) {
        add({ call: { kind: 'tick', flopper: view.flopper.address, id: auction.id }, class: 'upkeep', reason: 'unbid auction ended' });
      }
    }
  }

  // 4. Claims for the requesters of closed rounds (their `pending` shows an executed request).
  if (options.claim) {
    let budget = options.claimsPerStep;
    for (const pool of view.pools) {
      const address = getAddress(pool.address);
      for (const [holder, p] of pool.requesters) {
        if (budget <= 0) break;
        if (p.round === 0n || !p.executed) continue;
        const before = actions.length;
        add({ call: { kind: 'claim', pool: address, holder }, class: 'upkeep', reason: `round ${p.round} closed` });
        if (actions.length > before) budget--;
      }
    }
  }

  // 5. The Vow.
  const vow = view.vow;
  if (vow?.live) {
    const freeRad = vow.vatSinRad - vow.sinRad - vow.ashRad;
    if (options.vow.kiss && vow.ashRad > 0n && vow.vatDaiRad > 0n) {
      const rad = vow.ashRad < vow.vatDaiRad ? vow.ashRad : vow.vatDaiRad;
      add({ call: { kind: 'kiss', vow: vow.address, rad }, class: 'upkeep', reason: 'debt on auction against surplus' });
    } else if (options.vow.heal && vow.vatDaiRad > 0n && freeRad > 0n) {
      const rad = freeRad < vow.vatDaiRad ? freeRad : vow.vatDaiRad;
      add({ call: { kind: 'heal', vow: vow.address, rad }, class: 'upkeep', reason: 'released debt against surplus' });
    } else if (options.vow.flop && vow.vatDaiRad === 0n && freeRad >= vow.sumpRad && vow.sumpRad > 0n) {
      add({ call: { kind: 'flop', vow: vow.address }, class: 'upkeep', reason: 'released debt of at least sump' });
    }
  }

  // A tier re-entering an auction it was outbid in books the old bid's refund itself: its finalize
  // would only meet the new bid (`AuctionStillRunning`).
  const reentered = new Set(actions.flatMap((a) => (a.call.kind === 'enter' ? [keeperCallKey({ kind: 'finalize', pool: a.call.pool, id: a.call.id })] : [])));
  const kept = actions.filter((a) => !reentered.has(a.key));
  kept.sort((a, b) => CLASS_ORDER[a.class] - CLASS_ORDER[b.class]);
  return { actions: kept, skips };
}

function chooseTier(
  tiers: readonly PoolView[],
  auction: FlopAuction,
  budget: ReadonlyMap<Address, bigint>,
): { pool: PoolView; prevId: bigint | undefined } | { skip: string; roundClosing: Skip['roundClosing'] } {
  const refusals: string[] = [];
  const roundClosing: Skip['roundClosing'] = [];
  const dai = bidDaiWad(auction.bidRad);
  for (const pool of tiers) {
    const address = getAddress(pool.address);
    const tier = `tier ${pool.limitWad / 10n ** 18n}`;
    const entry = pool.entry.get(auction.id);
    if (!entry) {
      refusals.push(`${tier}: not read`);
      continue;
    }
    let prevId: bigint | undefined;
    if (!entry.ok) {
      if (entry.refusal?.name === 'RoundClosing') {
        const [closeBy, settleAt] = entry.refusal.args as readonly [bigint, bigint];
        roundClosing.push({ pool: address, closeBy, settleAt });
        refusals.push(`${tier}: RoundClosing (requests pending, due by ${closeBy}; this bid would settle at ${settleAt})`);
        continue;
      }
      if (entry.refusal?.name !== 'InsertionHintRequired') {
        refusals.push(`${tier}: ${entry.refusal?.name ?? 'unknown refusal'}`);
        continue;
      }
      prevId = insertionPoint(pool.positions, entry.refusal.args[0] as bigint, auction.id);
    }
    if (budget.get(address)! < dai) {
      refusals.push(`${tier}: liquid DAI taken by pending bids`);
      continue;
    }
    return { pool, prevId };
  }
  return { skip: refusals.join('; ') || 'no tier', roundClosing };
}
