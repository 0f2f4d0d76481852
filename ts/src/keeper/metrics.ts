/**
 * The keeper's Prometheus metrics, on a registry of their own (never prom-client's global one, so
 * two keepers, or a keeper and its tests, in one process never share or clash).
 *
 * Counters (`_total`):
 * - `backstop_auctions_seen_total`: debt auctions discovered (each id once);
 * - `backstop_bids_total{tier}`: `enter` transactions mined successfully, per tier;
 * - `backstop_finalizes_total{tier,outcome}`: positions finalized; outcome `won` (MKR claimed),
 *   `refunded` (outbid: DAI back), `yanked` (global settlement), `unknown`;
 * - `backstop_ticks_total`: `tick`s of expired unbid auctions mined;
 * - `backstop_round_closes_total{tier}`: rounds seen closing (the finalize that emptied a pool's queue);
 * - `backstop_claims_total{tier}`: `claim(holder)` transactions sent for requesters of closed rounds
 *   (`--claim`);
 * - `backstop_fee_bumps_total`: replacements of a stuck transaction at a higher fee;
 * - `backstop_tx_sent_total{action}`, `backstop_tx_reverted_total{action}`: transactions sent and
 *   mined-but-reverted, per action (`enter`, `finalize`, `tick`, `cancel`...);
 * - `backstop_simulation_refused_total{action,error}`: transactions not sent because their simulation
 *   reverted, with the decoded custom error's name (`RoundClosing`, `PriceAboveLimit`...);
 * - `backstop_rpc_requests_total{method}`, `backstop_rpc_errors_total{method}`: JSON-RPC requests and
 *   the failed ones (see {@link withRpcMetrics});
 * - `backstop_reorgs_total`: reorgs noticed (a known block's hash changed).
 *
 * Gauges:
 * - `backstop_head_block`: the chain's head as last seen;
 * - `backstop_lag_blocks`: the head minus the last block the keeper finished processing;
 * - `backstop_live_auctions`: auctions not yet dealt that the keeper follows;
 * - `backstop_pending_txs`: the keeper's transactions sent and not yet mined;
 * - `backstop_claim_queue`: requesters of closed rounds waiting for the keeper's `claim` (`--claim`);
 * - `backstop_keeper_eth_wei`: the keeper account's ETH, in wei;
 * - `backstop_last_block_age_seconds`: seconds since the keeper last saw a new head, computed when
 *   scraped.
 *
 * And prom-client's default process metrics (`process_cpu_seconds_total`,
 * `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, `nodejs_heap_size_used_bytes`...)
 * on the same registry.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Transport } from 'viem';
import { formatUnit } from '../units.js';

/** How a finalized position ended: its `outcome` label. */
export type FinalizeOutcome = 'won' | 'refunded' | 'yanked' | 'unknown';
/** Every {@link FinalizeOutcome}, in a fixed order. */
export const FINALIZE_OUTCOMES: readonly FinalizeOutcome[] = ['won', 'refunded', 'yanked', 'unknown'];

/** The metric handles. Label names are typed; label values are strings (see {@link tierLabel}). */
export interface KeeperMetrics {
  /** The registry holding every metric below and the default process metrics. */
  readonly registry: Registry;
  readonly auctionsSeen: Counter<never>;
  readonly bids: Counter<'tier'>;
  readonly finalizes: Counter<'tier' | 'outcome'>;
  readonly ticks: Counter<never>;
  readonly roundCloses: Counter<'tier'>;
  readonly claims: Counter<'tier'>;
  readonly claimQueue: Gauge<never>;
  readonly feeBumps: Counter<never>;
  readonly txSent: Counter<'action'>;
  readonly txReverted: Counter<'action'>;
  readonly simulationRefused: Counter<'action' | 'error'>;
  readonly rpcRequests: Counter<'method'>;
  readonly rpcErrors: Counter<'method'>;
  readonly reorgs: Counter<never>;
  readonly headBlock: Gauge<never>;
  readonly lagBlocks: Gauge<never>;
  readonly liveAuctions: Gauge<never>;
  readonly pendingTxs: Gauge<never>;
  /**
   * The keeper's ETH in wei. Prometheus samples are doubles: a balance is exact up to 2^53 wei
   * (about 0.009 ETH) and carries 15 to 16 significant digits beyond, which is plenty for an alarm
   * on a low balance; the exact figure is in the health report (`balanceWei`, a decimal string).
   * Set it with {@link KeeperMetrics.setKeeperEthWei}.
   */
  readonly keeperEthWei: Gauge<never>;
  /** Seconds since the last new head (or since the metrics were created, before the first head). */
  readonly lastBlockAgeSeconds: Gauge<never>;

  /**
   * A new chain head: sets `head_block` and `lag_blocks`, and restarts the block age clock. A head
   * at the same height with another hash (a reorg) is a new head too.
   */
  noteHead(headBlock: bigint): void;
  /** The keeper finished processing `block`: sets `lag_blocks`. */
  noteProcessed(block: bigint): void;
  /** Sets `keeper_eth_wei` from a bigint balance (see the precision note on `keeperEthWei`). */
  setKeeperEthWei(balanceWei: bigint): void;
  /**
   * Creates the series of one tier at zero (`bids_total{tier}`, `round_closes_total{tier}`,
   * `claims_total{tier}`, and `finalizes_total{tier,outcome}` for every outcome), so that a rate or an
   * alert on them sees a zero rather than nothing.
   */
  registerTier(tier: string): void;
  /** The last values given to {@link noteHead} and {@link noteProcessed}; undefined before any. */
  readonly blocks: { readonly head: bigint | undefined; readonly processed: bigint | undefined; readonly headSeenAtMs: number };
}

export interface KeeperMetricsOptions {
  /** The clock, in milliseconds since the epoch (for the block age); `Date.now` unless given. */
  now?: (() => number) | undefined;
  /** Also register prom-client's default process metrics (true unless false). */
  defaultMetrics?: boolean | undefined;
}

/**
 * The label value of a tier: its limit price in DAI per MKR, as a decimal string (`"250"`,
 * `"252.5"`), from the limit as a wad.
 */
export function tierLabel(limitWad: bigint): string {
  return formatUnit(limitWad, 'wad');
}

/** A registry with the keeper's metrics, and typed handles to them. */
export function createKeeperMetrics(options: KeeperMetricsOptions = {}): KeeperMetrics {
  const now = options.now ?? Date.now;
  const registry = new Registry();
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const gauge = (name: string, help: string, collect?: (this: Gauge<never>) => void) =>
    new Gauge<never>({ name, help, registers, ...(collect ? { collect } : {}) });

  let head: bigint | undefined;
  let processed: bigint | undefined;
  let headSeenAtMs = now();

  const headBlock = gauge('backstop_head_block', 'The chain head block number as last seen by the keeper.');
  const lagBlocks = gauge('backstop_lag_blocks', 'Blocks between the chain head and the last block the keeper finished processing.');
  const updateLag = () => {
    if (head !== undefined && processed !== undefined) lagBlocks.set(Number(head > processed ? head - processed : 0n));
  };

  const metrics: KeeperMetrics = {
    registry,
    auctionsSeen: counter('backstop_auctions_seen_total', 'Debt auctions discovered (each auction id counted once).'),
    bids: counter('backstop_bids_total', 'Bids (enter transactions) mined successfully, per tier (limit in DAI/MKR).', ['tier']),
    finalizes: counter('backstop_finalizes_total', 'Positions finalized, per tier and outcome (won, refunded, yanked, unknown).', ['tier', 'outcome']),
    ticks: counter('backstop_ticks_total', 'Ticks of expired unbid auctions mined.'),
    roundCloses: counter('backstop_round_closes_total', 'Rounds seen closing (the finalize that emptied the queue), per tier.', ['tier']),
    claims: counter('backstop_claims_total', 'claim(holder) transactions sent for requesters of closed rounds, per tier.', ['tier']),
    claimQueue: gauge('backstop_claim_queue', "Requesters of closed rounds waiting for the keeper's claim."),
    feeBumps: counter('backstop_fee_bumps_total', 'Stuck transactions replaced at a higher fee.'),
    txSent: counter('backstop_tx_sent_total', 'Transactions sent, per action.', ['action']),
    txReverted: counter('backstop_tx_reverted_total', 'Transactions mined with a revert, per action.', ['action']),
    simulationRefused: counter(
      'backstop_simulation_refused_total',
      'Transactions not sent because their simulation reverted, per action and decoded error name.',
      ['action', 'error'],
    ),
    rpcRequests: counter('backstop_rpc_requests_total', 'JSON-RPC requests, per method.', ['method']),
    rpcErrors: counter('backstop_rpc_errors_total', 'JSON-RPC requests that failed (after the transport retries), per method.', ['method']),
    reorgs: counter('backstop_reorgs_total', 'Reorgs noticed (the hash of a known block changed).'),
    headBlock,
    lagBlocks,
    liveAuctions: gauge('backstop_live_auctions', 'Debt auctions not yet dealt that the keeper follows.'),
    pendingTxs: gauge('backstop_pending_txs', "The keeper's transactions sent and not yet mined."),
    keeperEthWei: gauge('backstop_keeper_eth_wei', "The keeper account's ETH balance in wei (a double: about 16 significant digits)."),
    lastBlockAgeSeconds: gauge('backstop_last_block_age_seconds', 'Seconds since the keeper last saw a new chain head.', function () {
      this.set(Math.max(0, now() - headSeenAtMs) / 1000);
    }),
    noteHead(block) {
      head = block;
      headSeenAtMs = now();
      headBlock.set(Number(block));
      updateLag();
    },
    noteProcessed(block) {
      processed = block;
      updateLag();
    },
    setKeeperEthWei(balanceWei) {
      metrics.keeperEthWei.set(Number(balanceWei));
    },
    registerTier(tier) {
      metrics.bids.inc({ tier }, 0);
      metrics.roundCloses.inc({ tier }, 0);
      metrics.claims.inc({ tier }, 0);
      for (const outcome of FINALIZE_OUTCOMES) metrics.finalizes.inc({ tier, outcome }, 0);
    },
    get blocks() {
      return { head, processed, headSeenAtMs };
    },
  };
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return metrics;
}

/**
 * A transport that counts every JSON-RPC request in `backstop_rpc_requests_total{method}` and every
 * failed one in `backstop_rpc_errors_total{method}`, then behaves as `transport` does. Wrap the
 * keeper's transports with it (each of a `fallback`'s, or the `fallback` itself).
 *
 * What is counted is a request as viem's client makes it (`eth_blockNumber`, `eth_call`...): one per
 * call, whether or not the transport batches calls into one HTTP request, and an error once the
 * transport's own retries (`retryCount`) have all failed. WebSocket subscriptions are not requests.
 */
export function withRpcMetrics<T extends Transport>(transport: T, metrics: Pick<KeeperMetrics, 'rpcRequests' | 'rpcErrors'>): T {
  const counted = ((parameters: Parameters<T>[0]) => {
    const built = transport(parameters);
    const request: typeof built.request = async (args, options) => {
      const method = args.method;
      metrics.rpcRequests.inc({ method });
      try {
        return await built.request(args, options);
      } catch (error) {
        metrics.rpcErrors.inc({ method });
        throw error;
      }
    };
    return { ...built, request };
  }) as T;
  return counted;
}
