/**
 * The keeper's operations endpoint: a small HTTP server (node:http) for a Prometheus scraper and a
 * health probe.
 *
 * - `GET /metrics`: the registry in Prometheus' text format, with its content type;
 * - `GET /healthz`: a {@link HealthReport} as JSON, status 200 when `ok`, 503 when not;
 * - `HEAD` on either: the same status and headers, no body;
 * - another method on either path: 405 with `Allow: GET, HEAD`; any other path: 404.
 *
 * It listens on 127.0.0.1 unless told otherwise: metrics and health say what the keeper holds and
 * does, which is nobody else's business; put a reverse proxy in front to expose them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Address } from 'viem';
import type { ChainKind } from '../config/schema.js';
import type { Logger } from '../log.js';
import { formatUnit } from '../units.js';

/**
 * What `/healthz` answers (JSON). Block numbers are numbers (they fit a double); the balance is a
 * decimal string of wei, exactly.
 */
export interface HealthReport {
  /** True when no reason below was found. */
  ok: boolean;
  /** When the keeper started, ISO 8601. */
  startedAt: string;
  /** The package's version. */
  version: string;
  network: { chainId: number; kind: ChainKind };
  /** The keeper's account; null when it runs without one (a dry run without a key). */
  account: Address | null;
  /** The account's ETH in wei, a decimal string; null when not known (no account, not read yet). */
  balanceWei: string | null;
  /** The chain's head as last seen; null before the first block. */
  headBlock: number | null;
  /** The last block the keeper finished processing; null before the first. */
  processedBlock: number | null;
  /** `headBlock - processedBlock`; null while either is unknown. */
  lagBlocks: number | null;
  /** Seconds since the keeper last saw a new head (or since it started, before the first). */
  lastBlockAgeSeconds: number;
  /**
   * One line per problem, each starting with a keyword: `behind:` (falling behind the chain),
   * `stale:` (no new block for too long), `low-eth:` (the account's ETH below the floor). Empty when
   * ok.
   */
  reasons: string[];
}

/** What {@link assessHealth} judges: the keeper's state, with bigints where the chain has them. */
export interface HealthInput {
  startedAt: Date | string;
  version: string;
  network: { chainId: number; kind: ChainKind };
  account: Address | null;
  /** null when not known: no `low-eth` judgement is made then. */
  balanceWei: bigint | null;
  headBlock: bigint | null;
  processedBlock: bigint | null;
  /** Seconds since the last new head (see `backstop_last_block_age_seconds`). */
  lastBlockAgeSeconds: number;
}

/** The limits past which the keeper reports itself unhealthy. */
export interface HealthLimits {
  /** Most blocks the keeper may lag behind the head (`lagBlocks > maxLagBlocks` is unhealthy). */
  maxLagBlocks: number | bigint;
  /** Most seconds without a new head (`lastBlockAgeSeconds > maxBlockAgeSeconds` is unhealthy). */
  maxBlockAgeSeconds: number;
  /** Least ETH, in wei, the account may hold (`balanceWei < minBalanceWei` is unhealthy). */
  minBalanceWei: bigint;
}

/**
 * The health report for a state and limits: pure (no clock, no I/O). `ok` is false with one reason
 * per broken limit:
 * - `behind:` when `head - processed > maxLagBlocks`, or when no block has been processed yet;
 * - `stale:` when `lastBlockAgeSeconds > maxBlockAgeSeconds` (blocks stopped arriving, or the RPC
 *   stopped answering);
 * - `low-eth:` when the balance is known and below `minBalanceWei`.
 */
export function assessHealth(input: HealthInput, limits: HealthLimits): HealthReport {
  const reasons: string[] = [];
  const { headBlock, processedBlock, balanceWei } = input;
  const maxLag = BigInt(limits.maxLagBlocks);
  let lag: bigint | null = null;
  if (processedBlock === null) {
    reasons.push('behind: no block processed yet');
  } else if (headBlock !== null) {
    lag = headBlock > processedBlock ? headBlock - processedBlock : 0n;
    if (lag > maxLag) {
      reasons.push(`behind: processed block ${processedBlock} is ${lag} blocks behind the head ${headBlock} (limit ${maxLag})`);
    }
  }
  if (input.lastBlockAgeSeconds > limits.maxBlockAgeSeconds) {
    reasons.push(`stale: no new block for ${Math.floor(input.lastBlockAgeSeconds)} s (limit ${limits.maxBlockAgeSeconds} s)`);
  }
  if (balanceWei !== null && balanceWei < limits.minBalanceWei) {
    reasons.push(`low-eth: balance ${formatUnit(balanceWei, 'wad')} ETH is below ${formatUnit(limits.minBalanceWei, 'wad')} ETH`);
  }
  return {
    ok: reasons.length === 0,
    startedAt: typeof input.startedAt === 'string' ? input.startedAt : input.startedAt.toISOString(),
    version: input.version,
    network: { chainId: input.network.chainId, kind: input.network.kind },
    account: input.account,
    balanceWei: balanceWei === null ? null : balanceWei.toString(),
    headBlock: headBlock === null ? null : Number(headBlock),
    processedBlock: processedBlock === null ? null : Number(processedBlock),
    lagBlocks: lag === null ? null : Number(lag),
    lastBlockAgeSeconds: input.lastBlockAgeSeconds,
    reasons,
  };
}

export interface OpsServerOptions {
  /** The interface to listen on; `127.0.0.1` unless given. */
  host?: string | undefined;
  /** The port; 0 (or unset) takes any free one (read it from `url`). */
  port?: number | undefined;
  /** The registry `/metrics` serves (from `createKeeperMetrics().registry`). */
  registry: Registry;
  /** The report `/healthz` serves, made fresh for each request (see {@link assessHealth}). */
  health: () => HealthReport | Promise<HealthReport>;
  /** For `ops.started`, `ops.stopped` and `ops.failed` events. */
  log: Logger;
}

export interface OpsServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  /** Stops listening, closes open connections (keep-alive ones too) and frees the port. */
  close(): Promise<void>;
}

const ROUTES = new Set(['/metrics', '/healthz']);

/**
 * Starts the operations server. Resolves once it listens; rejects if it cannot (port taken: the
 * `listen` error, e.g. EADDRINUSE). A failing health function answers 503 with its error as the
 * reason; a failing registry answers 500. Neither stops the server.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { host = '127.0.0.1', port = 0, registry, health } = options;
  const log = options.log.child({ module: 'ops' });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!ROUTES.has(path)) return send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    const head = request.method === 'HEAD';
    if (path === '/metrics') {
      try {
        const text = await registry.metrics();
        return send(response, 200, registry.contentType, head ? '' : text);
      } catch (error) {
        log.error({ event: 'ops.failed', path, err: error });
        return send(response, 500, 'text/plain; charset=utf-8', 'metrics failed\n');
      }
    }
    let report: HealthReport;
    try {
      report = await health();
    } catch (error) {
      log.error({ event: 'ops.failed', path, err: error });
      const message = error instanceof Error ? error.message : String(error);
      const body = JSON.stringify({ ok: false, reasons: [`health check failed: ${message}`] });
      return send(response, 503, 'application/json; charset=utf-8', head ? '' : `${body}\n`);
    }
    const body = `${JSON.stringify(report)}\n`;
    return send(response, report.ok ? 200 : 503, 'application/json; charset=utf-8', head ? '' : body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error({ event: 'ops.failed', err: error });
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  server.on('error', (error) => log.error({ event: 'ops.failed', err: error }));
  log.info({ event: 'ops.started', url }, `operations endpoint on ${url} (/metrics, /healthz)`);

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) return reject(error);
          log.info({ event: 'ops.stopped', url });
          resolve();
        });
        // Idle keep-alive connections (fetch keeps them) would otherwise hold the server open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.statusCode = status;
  response.setHeader('content-type', contentType);
  response.setHeader('cache-control', 'no-store');
  response.end(body);
}
