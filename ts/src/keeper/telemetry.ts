/**
 * The keeper's telemetry: its observer events mapped onto the Prometheus metrics (metrics.ts), the
 * RPC transport counted, and the ops server (/metrics, /healthz) judged by `assessHealth` against the
 * keeper's limits. The keeper itself knows nothing of Prometheus.
 */
import { createRequire } from 'node:module';
import type { Address, Transport } from 'viem';
import type { AddressBook } from '../config/addressBook.js';
import type { KeeperConfig } from '../config/keeper.js';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Keeper, KeeperObserver } from './keeper.js';
import { createKeeperMetrics, tierLabel, withRpcMetrics, type FinalizeOutcome, type KeeperMetrics } from './metrics.js';
import { assessHealth, startOpsServer, type HealthReport, type OpsServer } from './ops.js';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** What the planner's finalize reasons mean as an outcome label. */
const OUTCOME: Record<string, FinalizeOutcome> = { won: 'won', outbid: 'refunded', 'settled elsewhere': 'unknown', caged: 'yanked' };

export interface KeeperTelemetry {
  metrics: KeeperMetrics;
  observer: KeeperObserver;
  /** Wraps the keeper's transport so every JSON-RPC request and error is counted. */
  wrapTransport: (transport: Transport) => Transport;
  /** Gives the telemetry the keeper whose health it reports. */
  attach(keeper: Keeper): void;
  health(): HealthReport;
  /** Starts /metrics and /healthz where the settings say; undefined when they say off. */
  listen(): Promise<OpsServer | undefined>;
}

export function createKeeperTelemetry({
  log,
  book,
  account,
  settings,
  startedAtMs,
  now = Date.now,
}: {
  log: Logger;
  book: Pick<AddressBook, 'chain' | 'chainId'>;
  account: Address;
  settings: Pick<KeeperConfig, 'metrics' | 'maxLagBlocks' | 'stallSeconds' | 'minBalanceWei'>;
  startedAtMs: number;
  now?: () => number;
}): KeeperTelemetry {
  const metrics = createKeeperMetrics({ now });
  let keeper: Keeper | undefined;
  let seenMaxId = 0n;
  const tierOf = (pool: Address | undefined): string => {
    const view = keeper?.view;
    const found = view?.pools.find((p) => p.address === pool);
    if (!found) return 'unknown';
    const label = tierLabel(found.limitWad);
    metrics.registerTier(label);
    return label;
  };

  const observer: KeeperObserver = {
    onHead({ head, kind }) {
      metrics.noteHead(head.number);
      if (kind === 'reorg') metrics.reorgs.inc();
    },
    onStep(report) {
      metrics.noteProcessed(report.head.number);
      metrics.liveAuctions.set(report.liveAuctions);
      metrics.pendingTxs.set(keeper?.txs.inFlight().length ?? 0);
      metrics.claimQueue.set(report.claimQueue);
      if (report.maxAuctionId > seenMaxId) {
        metrics.auctionsSeen.inc(Number(report.maxAuctionId - seenMaxId));
        seenMaxId = report.maxAuctionId;
      }
    },
    onTx(event) {
      switch (event.type) {
        case 'sent': {
          metrics.txSent.inc({ action: event.action });
          const pool = keeper?.txs.inFlight().find((p) => p.key === event.key)?.call;
          const address = pool && 'pool' in pool ? pool.pool : undefined;
          if (event.action === 'enter') metrics.bids.inc({ tier: tierOf(address) });
          if (event.action === 'finalize') metrics.finalizes.inc({ tier: tierOf(address), outcome: OUTCOME[event.reason] ?? 'unknown' });
          if (event.action === 'tick') metrics.ticks.inc();
          if (event.action === 'claim') metrics.claims.inc({ tier: tierOf(address) });
          break;
        }
        case 'bumped':
          metrics.feeBumps.inc();
          break;
        case 'refused':
          metrics.simulationRefused.inc({ action: event.action, error: event.error });
          break;
        case 'confirmed':
          if (event.status === 'reverted') metrics.txReverted.inc({ action: event.action });
          break;
        default:
          break;
      }
    },
    onBalance(wei) {
      metrics.setKeeperEthWei(wei);
    },
    onRoundClosed({ pool }) {
      metrics.roundCloses.inc({ tier: tierOf(pool) });
    },
  };

  const health = (): HealthReport => {
    const h = keeper?.health();
    return assessHealth(
      {
        startedAt: new Date(startedAtMs),
        version: VERSION,
        network: { chainId: book.chainId, kind: book.chain },
        account,
        balanceWei: h?.balanceWei ?? null,
        headBlock: metrics.blocks.head ?? null,
        processedBlock: h?.processedBlock ?? null,
        lastBlockAgeSeconds: (now() - metrics.blocks.headSeenAtMs) / 1000,
      },
      { maxLagBlocks: settings.maxLagBlocks, maxBlockAgeSeconds: settings.stallSeconds, minBalanceWei: settings.minBalanceWei },
    );
  };

  return {
    metrics,
    observer,
    wrapTransport: (transport) => withRpcMetrics(transport, metrics),
    attach(k) {
      keeper = k;
    },
    health,
    async listen() {
      if (!settings.metrics) return undefined;
      const { host, port } = settings.metrics;
      try {
        return await startOpsServer({ host, port, registry: metrics.registry, health, log });
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new InputError(`--metrics (BACKSTOP_METRICS): cannot listen on ${host}:${port} (${code ?? (error as Error).message})`, {
          hint: code === 'EADDRINUSE' ? 'another process holds that port: give another host:port, 127.0.0.1:0 for any free one, or off' : 'give another host:port, or off',
          cause: error,
        });
      }
    },
  };
}
