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
 * many auctions are open. Dependencies (clients, logger, clock) come in one object; nothing here reads
 * the environment or the wall clock directly.
 */
import type { Address, LocalAccount } from 'viem';
import type { Logger } from 'pino';
import type { ReadClient } from '../chain/clients.js';
import { decodeKeeperCall, keeperCallKey, readKeeperView, type KeeperCall, type KeeperView } from '../chain/keeperCalls.js';
import { AuctionIndex } from './discovery.js';
import { HeadFollower, type Head } from './blocks.js';
import { plan, type ActionClass, type Plan, type PlannerOptions } from './planner.js';
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
    });
    this.lastView = view;
    this.index.reconcile({ kicks: view.flopper.kicks, auctions: view.auctions, blockNumber: head.number });
    await this.txs.onBlock(head, nowMs);
    const decided = plan(view, { keys: this.txs.pendingKeys(), pendingBidDaiWad: this.txs.pendingBidDaiWad() }, this.planner);
    const results: StepReport['results'] = [];
    for (const action of decided.actions) {
      results.push({ key: action.key, result: await this.txs.submit(action, nowMs) });
    }
    for (const skip of decided.skips) log.debug({ event: 'keeper.enter.skipped', id: skip.id, reason: skip.reason }, `auction ${skip.id}: ${skip.reason}`);
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
