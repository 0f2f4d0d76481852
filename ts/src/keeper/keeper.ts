/**
 * The keeper loop: follow the head, discover auctions, read one view, plan, send. Each step is
 *
 *   HeadFollower.poll        1 request (eth_getBlockByNumber), more only on a gap or a reorg
 *   AuctionIndex.follow      1 request (eth_getLogs over the new blocks)
 *   readKeeperView           2 requests (multicall: Flopper, live auctions, tiers, canEnter; positions),
 *                            1 when no position is open (Multicall3 deployed; more with viem's deployless fallback)
 *   TxManager.onBlock        1 request (the account's nonce), plus bumps of stuck transactions
 *   balance                  1 request (eth_getBalance)
 *   plan                     pure, no request
 *   submit per action        simulate, estimate, fees, send
 *
 * so the requests per block are a constant while no action is due, whatever the history and however
 * many auctions are open. With `claim` on, a round's close costs one `eth_getLogs` per page of the
 * blocks its requests can be in (rounds.ts; the first close after a start may first look up the block
 * of a time, about log2(head) requests), and the requesters' `pending` ride in the view's multicall. Dependencies (clients, logger, clock) come in one object; nothing here reads
 * the environment or the wall clock directly.
 */
import { getAddress, type Address, type LocalAccount } from 'viem';
import type { Logger } from 'pino';
import type { ReadClient } from '../chain/clients.js';
import { decodeKeeperCall, firstBlockAtOrAfter, keeperCallKey, readKeeperView, type KeeperCall, type KeeperView } from '../chain/keeperCalls.js';
import { readRoundRequesters } from '../chain/syndicate.js';
import { AuctionIndex } from './discovery.js';
import { HeadFollower, type Head } from './blocks.js';
import { plan, type ActionClass, type Plan, type PlannerOptions } from './planner.js';
import { trackRound, type ClosedRound, type RoundWatch } from './rounds.js';
import { TxManager, type FeePolicy, type SubmitResult, type TxEvent } from './txManager.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface KeeperOptions {
  planner: PlannerOptions;
  fees: FeePolicy;
  /** Log what would be sent, send nothing. */
  dryRun: boolean;
  /** First block to scan for Kick logs (the Flopper's deployment), and blocks per eth_getLogs page. */
  fromBlock: bigint;
  pageSize: bigint;
  /** How often to poll for a new head over HTTP, ms. */
  pollMs: number;
  /** Alarm when no new block arrived for this long, s. */
  stallSeconds: number;
  /** Warn when the account's ETH falls below this, wei. */
  minBalanceWei: bigint;
  /** Re-read the tier list every this many blocks (when running every tier of the factory). */
  tierRefreshBlocks: bigint;
}

/** Observers of what the keeper does: the metrics adapter, tests and benchmarks hook in here. */
export interface KeeperObserver {
  onStep?(report: StepReport): void;
  onTx?(event: TxEvent): void;
  onHead?(info: { head: Head; kind: 'advance' | 'reorg'; depth?: number }): void;
  onBalance?(wei: bigint): void;
  onStall?(seconds: number): void;
  /** A pool's round closed (seen in a view); `requesters` were queued for `claim` (0 with claims off). */
  onRoundClosed?(info: { pool: Address; round: bigint; requesters: number }): void;
}

export interface KeeperDeps {
  client: ReadClient;
  account: LocalAccount;
  log: Logger;
  clock: Clock;
  maker: { flop: Address; vow: Address; vat: Address };
  /** The tiers to run (their syndicates), re-read every `tierRefreshBlocks`. */
  tiers: () => Promise<readonly Address[]>;
  options: KeeperOptions;
  observer?: KeeperObserver;
}

/** What one step saw and did. */
export interface StepReport {
  head: Head;
  change: 'advance' | 'reorg';
  liveAuctions: number;
  /** The highest auction id known (every id up to it has been seen). */
  maxAuctionId: bigint;
  plan: Plan;
  results: { key: string; result: SubmitResult }[];
  /** Requesters of closed rounds waiting for the keeper's `claim` (0 with claims off). */
  claimQueue: number;
}

/** Health inputs the ops server turns into /healthz. */
export interface KeeperHealth {
  startedAtMs: number;
  headBlock: bigint | undefined;
  processedBlock: bigint | undefined;
  lastBlockAtMs: number | undefined;
  balanceWei: bigint | undefined;
  address: Address;
}

const CLASS_OF: Record<KeeperCall['kind'], ActionClass> = {
  enter: 'bid',
  finalize: 'settle',
  claim: 'upkeep',
  tick: 'upkeep',
  flop: 'upkeep',
  kiss: 'upkeep',
  heal: 'upkeep',
};

export class Keeper {
  readonly txs: TxManager;
  private readonly follower: HeadFollower;
  private readonly index: AuctionIndex;
  private pools: readonly Address[] = [];
  private poolsAt = -1n;
  private processed: Head | undefined;
  private lastBlockAtMs: number | undefined;
  private balanceWei: bigint | undefined;
  private lowBalanceWarned = false;
  private stallAlarmed = false;
  private started = false;
  private readonly startedAtMs: number;
  private lastView: KeeperView | undefined;
  private readonly log: Logger;
  private planner: PlannerOptions;
  /** Per pool: the round last seen and where its requests can be (rounds.ts). */
  private readonly rounds = new Map<Address, RoundWatch>();
  /** Per pool: requesters of closed rounds to `claim` for, with their round (claims on only). */
  private readonly claimQueue = new Map<Address, Map<Address, bigint>>();
  /** `pool:id` of the RoundClosing refusals already logged (once per auction and tier). */
  private readonly roundClosingLogged = new Set<string>();

  constructor(private readonly deps: KeeperDeps) {
    const { client, log, maker, options } = deps;
    this.log = log.child({ module: 'keeper' });
    this.planner = options.planner;
    this.startedAtMs = deps.clock.nowMs();
    this.follower = new HeadFollower({ client, log: log.child({ module: 'keeper.blocks' }) });
    this.index = new AuctionIndex({
      client,
      flopper: maker.flop,
      log: log.child({ module: 'keeper.discovery' }),
      fromBlock: options.fromBlock,
      pageSize: options.pageSize,
    });
    this.txs = new TxManager({
      client,
      account: deps.account,
      log: log.child({ module: 'keeper.tx' }),
      fees: options.fees,
      dryRun: options.dryRun,
      decode: (tx) => decodeKeeperCall(tx, { pools: this.pools, flopper: maker.flop, vow: maker.vow }),
      classify: (call) => ({ key: keeperCallKey(call), class: CLASS_OF[call.kind] }),
      onEvent: (event) => deps.observer?.onTx?.(event),
    });
  }

  /**
   * Turns the Vow's optional calls (`flop`, `kiss`, `heal`) on or off from the next step: what an
   * operator does when the market changes (auction keepers switched from heal to kiss on 20 March 2020).
   */
  configureVow(vow: PlannerOptions['vow']): void {
    this.planner = { ...this.planner, vow: { ...vow } };
    this.log.info({ event: 'keeper.configured', vow }, 'the Vow calls changed');
  }

  /** The view of the last step (for status output and tests). */
  get view(): KeeperView | undefined {
    return this.lastView;
  }

  health(): KeeperHealth {
    return {
      startedAtMs: this.startedAtMs,
      headBlock: this.follower.head?.number,
      processedBlock: this.processed?.number,
      lastBlockAtMs: this.lastBlockAtMs,
      balanceWei: this.balanceWei,
      address: this.deps.account.address,
    };
  }

  /** Reads the head, the tiers and the auction history, and adopts or cancels our pending transactions. */
  async start(): Promise<void> {
    const change = await this.follower.poll();
    const head = change.head;
    await this.refreshTiers(head.number);
    await this.index.start(head);
    await this.txs.init(head, this.deps.clock.nowMs());
    this.started = true;
    this.log.info(
      { event: 'keeper.started', block: head.number, tiers: this.pools, live: this.index.live().length, account: this.deps.account.address, dryRun: this.deps.options.dryRun },
      `following from block ${head.number}: ${this.pools.length} tier(s), ${this.index.live().length} live auction(s)`,
    );
  }

  /** One iteration: nothing when no new block arrived; otherwise follow, read, plan, send. */
  async step(): Promise<StepReport | undefined> {
    if (!this.started) await this.start();
    const { client, clock, options, observer } = this.deps;
    const log = this.log;
    const change = await this.follower.poll();
    const nowMs = clock.nowMs();
    if (change.kind === 'same' && this.processed && change.head.hash === this.processed.hash) {
      const silentS = (nowMs - (this.lastBlockAtMs ?? nowMs)) / 1000;
      if (silentS >= options.stallSeconds && !this.stallAlarmed) {
        this.stallAlarmed = true;
        observer?.onStall?.(silentS);
        log.error({ event: 'keeper.alarm.noBlocks', seconds: Math.round(silentS), block: this.processed.number }, `no new block for ${Math.round(silentS)} s`);
      }
      return undefined;
    }
    this.stallAlarmed = false;
    this.lastBlockAtMs = nowMs;
    const head = change.head;
    if (change.kind === 'reorg') {
      log.warn({ event: 'keeper.reorg', block: head.number, ancestor: change.ancestor, depth: change.depth }, `reorg of depth ${change.depth}`);
      observer?.onHead?.({ head, kind: 'reorg', depth: change.depth });
    } else observer?.onHead?.({ head, kind: 'advance' });

    if (this.poolsAt < 0n || head.number - this.poolsAt >= options.tierRefreshBlocks) await this.refreshTiers(head.number);
    await this.index.follow(change);
    const view = await readKeeperView(client, {
      flopper: this.deps.maker.flop,
      ids: this.index.live(),
      pools: this.pools,
      vow: this.planner.vow.flop || this.planner.vow.kiss || this.planner.vow.heal ? { vow: this.deps.maker.vow, vat: this.deps.maker.vat } : undefined,
      block: { number: head.number, timestamp: head.timestamp },
      requesters: this.claimsToRead(),
    });
    this.lastView = view;
    await this.followRounds(view);
    this.index.reconcile({ kicks: view.flopper.kicks, auctions: view.auctions, blockNumber: head.number });
    await this.txs.onBlock(head, nowMs);
    const decided = plan(view, { keys: this.txs.pendingKeys(), pendingBidDaiWad: this.txs.pendingBidDaiWad() }, this.planner);
    const results: StepReport['results'] = [];
    for (const action of decided.actions) {
      results.push({ key: action.key, result: await this.txs.submit(action, nowMs) });
    }
    this.logSkips(view, decided);
    await this.checkBalance();
    // A send that failed (a dropped connection, a refused replacement) is retried on this same head at
    // the next poll, not a block later: the head counts as processed only once nothing failed.
    if (!results.some((r) => r.result === 'failed')) this.processed = head;
    const report: StepReport = {
      head,
      change: change.kind === 'reorg' ? 'reorg' : 'advance',
      liveAuctions: view.auctions.length,
      maxAuctionId: this.index.stats().maxId,
      plan: decided,
      results,
      claimQueue: [...this.claimQueue.values()].reduce((n, q) => n + q.size, 0),
    };
    observer?.onStep?.(report);
    return report;
  }

  /**
   * Runs until `signal` aborts: a step per new block (polling every `pollMs`; a WebSocket client's
   * new-head subscription wakes it at once). A failed step is logged and retried after a back-off
   * (pollMs doubled per failure in a row, up to 30 s); a step with a failed send is run again on the
   * same head after two polls. The current step always finishes before the loop returns (graceful
   * shutdown).
   */
  async run(signal: AbortSignal): Promise<void> {
    const { client, clock, options } = this.deps;
    const log = this.log;
    let wake: (() => void) | undefined;
    // A new head announced while a step runs must not wait for the next poll.
    let announced = false;
    let unwatch: (() => void) | undefined;
    if (client.transport.type === 'webSocket') {
      unwatch = client.watchBlockNumber({
        emitOnBegin: false,
        onBlockNumber: () => {
          announced = true;
          wake?.();
        },
        onError: () => undefined,
      });
    }
    let failures = 0;
    let sendFailed = false;
    try {
      while (!signal.aborted) {
        try {
          const report = await this.step();
          failures = 0;
          sendFailed = report?.results.some((r) => r.result === 'failed') ?? false;
        } catch (error) {
          failures++;
          log.error({ event: 'keeper.step.failed', failures, error: String((error as Error)?.message ?? error).split('\n')[0] }, 'step failed; retrying');
        }
        if (signal.aborted) break;
        // A failed send is tried again on the same head after a doubled poll, not an escalating back-off:
        // one action that keeps failing (a key without ETH) must not slow down the others.
        const waitMs = failures === 0 ? options.pollMs * (sendFailed ? 2 : 1) : Math.min(options.pollMs * 2 ** Math.min(failures, 5), 30_000);
        if (announced && failures === 0) {
          announced = false;
          continue;
        }
        announced = false;
        const inner = new AbortController();
        wake = () => inner.abort();
        const onAbort = () => inner.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        await clock.sleep(waitMs, inner.signal);
        signal.removeEventListener('abort', onAbort);
      }
    } finally {
      unwatch?.();
      // What is still pending is worth knowing at exit: confirm what was mined since the last step.
      const head = this.follower.head;
      if (head) await this.txs.onBlock(head, clock.nowMs(), { bump: false }).catch(() => undefined);
      log.info({ event: 'keeper.stopped', block: this.processed?.number, pending: this.txs.inFlight().length }, 'keeper stopped');
    }
  }

  /**
   * Skipped auctions at debug level; a tier's `RoundClosing` refusal (requests pending there, and the
   * bid would settle after the round's deadline) once per auction and tier at info: it is expected
   * while a round closes, not an error.
   */
  private logSkips(view: KeeperView, decided: Plan) {
    const live = new Set(view.auctions.map((a) => a.id.toString()));
    for (const key of this.roundClosingLogged) if (!live.has(key.split(':')[1]!)) this.roundClosingLogged.delete(key);
    for (const skip of decided.skips) {
      this.log.debug({ event: 'keeper.enter.skipped', id: skip.id, reason: skip.reason }, `auction ${skip.id}: ${skip.reason}`);
      for (const r of skip.roundClosing) {
        const key = `${r.pool}:${skip.id}`;
        if (this.roundClosingLogged.has(key)) continue;
        this.roundClosingLogged.add(key);
        this.log.info(
          { event: 'keeper.enter.roundClosing', id: skip.id, pool: r.pool, closeBy: r.closeBy, settleAt: r.settleAt },
          `auction ${skip.id}: tier ${r.pool} waits for its round to close (requests pending, every position due by ${r.closeBy}; this bid would settle at ${r.settleAt})`,
        );
      }
    }
  }

  /** The queued requesters whose `pending` the next view reads: at most twice `claimsPerStep` per pool. */
  private claimsToRead(): Map<Address, Address[]> {
    const out = new Map<Address, Address[]>();
    if (!this.planner.claim) return out;
    for (const [pool, queue] of this.claimQueue) out.set(pool, [...queue.keys()].slice(0, this.planner.claimsPerStep * 2));
    return out;
  }

  /**
   * Notes each pool's round (rounds.ts); for every round that closed since the last view, logs it and,
   * with claims on, queues its requesters (their logs read once, over the blocks they can be in).
   * Requesters whose `pending` shows the round claimed (by anyone) leave the queue.
   */
  private async followRounds(view: KeeperView) {
    const window = view.flopper.ttl > view.flopper.tau ? view.flopper.ttl : view.flopper.tau;
    for (const pool of view.pools) {
      const address = getAddress(pool.address);
      const queue = this.claimQueue.get(address);
      if (queue) {
        for (const [holder, p] of pool.requesters) if (queue.get(holder) !== p.round) queue.delete(holder);
        if (queue.size === 0) this.claimQueue.delete(address);
      }
      const { next, closed } = trackRound(this.rounds.get(address), { round: pool.status.round, closeBy: pool.status.closeBy }, view.block.number, window);
      this.rounds.set(address, next);
      for (const c of closed) await this.onRoundClosed(address, c);
    }
  }

  private async onRoundClosed(pool: Address, c: ClosedRound) {
    let requesters: Address[] = [];
    if (this.planner.claim) {
      const fromBlock = c.fromBlock ?? (await firstBlockAtOrAfter(this.deps.client, { timestamp: c.fromTime ?? 0n, head: c.toBlock }));
      requesters = await readRoundRequesters(this.deps.client, { syndicate: pool, round: c.round, fromBlock, toBlock: c.toBlock, pageSize: this.deps.options.pageSize });
      if (requesters.length > 0) {
        const queue = this.claimQueue.get(pool) ?? new Map<Address, bigint>();
        for (const holder of requesters) queue.set(holder, c.round);
        this.claimQueue.set(pool, queue);
      }
    }
    this.log.info(
      { event: 'keeper.round.closed', pool, round: c.round, requesters: this.planner.claim ? requesters.length : undefined },
      `round ${c.round} of ${pool} closed${this.planner.claim ? `: ${requesters.length} requester(s) to claim for` : ''}`,
    );
    this.deps.observer?.onRoundClosed?.({ pool, round: c.round, requesters: requesters.length });
  }

  private async refreshTiers(block: bigint) {
    this.pools = await this.deps.tiers();
    this.poolsAt = block;
  }

  private async checkBalance() {
    const wei = await this.deps.client.getBalance({ address: this.deps.account.address });
    this.balanceWei = wei;
    this.deps.observer?.onBalance?.(wei);
    if (wei < this.deps.options.minBalanceWei) {
      if (!this.lowBalanceWarned) {
        this.log.warn({ event: 'keeper.balance.low', balanceWei: wei, minBalanceWei: this.deps.options.minBalanceWei }, 'the keeper account is low on ETH: top it up');
      }
      this.lowBalanceWarned = true;
    } else this.lowBalanceWarned = false;
  }
}
