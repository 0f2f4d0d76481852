// The keeper's metrics registry, the health judgement, and the operations server on a real HTTP port
// (port 0) fetched with fetch(): /metrics, /healthz (200 and 503), 404, 405, and close() freeing it.
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { register as globalRegistry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeeperMetrics, tierLabel } from '../../src/keeper/metrics.js';
import { assessHealth, startOpsServer, type HealthInput, type HealthLimits, type HealthReport, type OpsServer } from '../../src/keeper/ops.js';
import { createLogger } from '../../src/log.js';
import { WAD } from '../../src/units.js';

const KEEPER_METRICS = [
  ['backstop_auctions_seen_total', 'counter'],
  ['backstop_bids_total', 'counter'],
  ['backstop_finalizes_total', 'counter'],
  ['backstop_ticks_total', 'counter'],
  ['backstop_round_closes_total', 'counter'],
  ['backstop_claims_total', 'counter'],
  ['backstop_fee_bumps_total', 'counter'],
  ['backstop_tx_sent_total', 'counter'],
  ['backstop_tx_reverted_total', 'counter'],
  ['backstop_simulation_refused_total', 'counter'],
  ['backstop_rpc_requests_total', 'counter'],
  ['backstop_rpc_errors_total', 'counter'],
  ['backstop_reorgs_total', 'counter'],
  ['backstop_head_block', 'gauge'],
  ['backstop_lag_blocks', 'gauge'],
  ['backstop_live_auctions', 'gauge'],
  ['backstop_pending_txs', 'gauge'],
  ['backstop_claim_queue', 'gauge'],
  ['backstop_keeper_eth_wei', 'gauge'],
  ['backstop_last_block_age_seconds', 'gauge'],
] as const;

/** A logger writing JSON lines into an array. */
function memoryLog() {
  const lines: string[] = [];
  const log = createLogger({
    destination: new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        callback();
      },
    }),
  });
  return { log, events: () => lines.map((line) => (JSON.parse(line) as { event?: string }).event) };
}

/** The value of one sample line (`name{labels} value`) in Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createKeeperMetrics', () => {
  it('registers every keeper metric with its type, and the default process metrics, on its own registry', async () => {
    const metrics = createKeeperMetrics();
    const text = await metrics.registry.metrics();
    for (const [name, type] of KEEPER_METRICS) expect(text).toContain(`# TYPE ${name} ${type}\n`);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // Not on prom-client's global registry, and a second instance does not clash with the first.
    expect(await globalRegistry.metrics()).not.toContain('backstop_');
    const other = createKeeperMetrics({ defaultMetrics: false });
    other.ticks.inc();
    expect(sample(await metrics.registry.metrics(), 'backstop_ticks_total')).toBe(0);
    expect(await other.registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });

  it('counts with typed labels', async () => {
    const metrics = createKeeperMetrics({ defaultMetrics: false });
    const tier = tierLabel(250n * WAD);
    metrics.auctionsSeen.inc(3);
    metrics.bids.inc({ tier });
    metrics.bids.inc({ tier });
    metrics.finalizes.inc({ tier, outcome: 'refunded' });
    metrics.txSent.inc({ action: 'enter' });
    metrics.simulationRefused.inc({ action: 'enter', error: 'PriceAboveLimit' });
    metrics.rpcRequests.inc({ method: 'eth_blockNumber' }, 5);
    metrics.rpcErrors.inc({ method: 'eth_blockNumber' });
    metrics.reorgs.inc();
    metrics.roundCloses.inc({ tier });
    metrics.claims.inc({ tier }, 4);
    metrics.claimQueue.set(7);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'backstop_round_closes_total{tier="250"}')).toBe(1);
    expect(sample(text, 'backstop_claims_total{tier="250"}')).toBe(4);
    expect(sample(text, 'backstop_claim_queue')).toBe(7);
    expect(sample(text, 'backstop_auctions_seen_total')).toBe(3);
    expect(sample(text, 'backstop_bids_total{tier="250"}')).toBe(2);
    expect(sample(text, 'backstop_finalizes_total{tier="250",outcome="refunded"}')).toBe(1);
    expect(sample(text, 'backstop_tx_sent_total{action="enter"}')).toBe(1);
    expect(sample(text, 'backstop_simulation_refused_total{action="enter",error="PriceAboveLimit"}')).toBe(1);
    expect(sample(text, 'backstop_rpc_requests_total{method="eth_blockNumber"}')).toBe(5);
    expect(sample(text, 'backstop_rpc_errors_total{method="eth_blockNumber"}')).toBe(1);
    expect(sample(text, 'backstop_reorgs_total')).toBe(1);
  });

  it('creates a tier series at zero for every outcome', async () => {
    const metrics = createKeeperMetrics({ defaultMetrics: false });
    metrics.registerTier(tierLabel(100n * WAD));
    const text = await metrics.registry.metrics();
    expect(sample(text, 'backstop_bids_total{tier="100"}')).toBe(0);
    expect(sample(text, 'backstop_round_closes_total{tier="100"}')).toBe(0);
    expect(sample(text, 'backstop_claims_total{tier="100"}')).toBe(0);
    for (const outcome of ['won', 'refunded', 'yanked', 'unknown']) {
      expect(sample(text, `backstop_finalizes_total{tier="100",outcome="${outcome}"}`)).toBe(0);
    }
  });

  it('tracks head, lag and block age against its clock', async () => {
    let nowMs = 1_000_000;
    const metrics = createKeeperMetrics({ defaultMetrics: false, now: () => nowMs });
    nowMs += 4_000;
    // Before any head: the age runs from creation.
    expect(sample(await metrics.registry.metrics(), 'backstop_last_block_age_seconds')).toBe(4);
    metrics.noteHead(105n);
    metrics.noteProcessed(100n);
    nowMs += 2_500;
    let text = await metrics.registry.metrics();
    expect(sample(text, 'backstop_head_block')).toBe(105);
    expect(sample(text, 'backstop_lag_blocks')).toBe(5);
    expect(sample(text, 'backstop_last_block_age_seconds')).toBe(2.5);
    metrics.noteProcessed(105n);
    metrics.noteHead(106n);
    text = await metrics.registry.metrics();
    expect(sample(text, 'backstop_lag_blocks')).toBe(1);
    expect(sample(text, 'backstop_last_block_age_seconds')).toBe(0);
    expect(metrics.blocks).toEqual({ head: 106n, processed: 105n, headSeenAtMs: nowMs });
  });

  it('holds the ETH balance as a double', async () => {
    const metrics = createKeeperMetrics({ defaultMetrics: false });
    metrics.setKeeperEthWei(1_234_567_890_123_456_789n);
    expect(sample(await metrics.registry.metrics(), 'backstop_keeper_eth_wei')).toBeCloseTo(1.2345678901234568e18, -4);
  });

  it('labels tiers by their DAI/MKR limit', () => {
    expect(tierLabel(100n * WAD)).toBe('100');
    expect(tierLabel(2525n * 10n ** 17n)).toBe('252.5');
  });
});

const LIMITS: HealthLimits = { maxLagBlocks: 3, maxBlockAgeSeconds: 60, minBalanceWei: WAD / 10n };
const HEALTHY: HealthInput = {
  startedAt: new Date('2026-01-02T03:04:05.000Z'),
  version: '0.1.0',
  network: { chainId: 31339, kind: 'local' },
  account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  balanceWei: WAD,
  headBlock: 110n,
  processedBlock: 108n,
  lastBlockAgeSeconds: 12,
};

describe('assessHealth', () => {
  it('is ok within every limit, and writes the report as JSON can hold it', () => {
    expect(assessHealth(HEALTHY, LIMITS)).toEqual({
      ok: true,
      startedAt: '2026-01-02T03:04:05.000Z',
      version: '0.1.0',
      network: { chainId: 31339, kind: 'local' },
      account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      balanceWei: '1000000000000000000',
      headBlock: 110,
      processedBlock: 108,
      lagBlocks: 2,
      lastBlockAgeSeconds: 12,
      reasons: [],
    } satisfies HealthReport);
  });

  it('is ok exactly at each limit', () => {
    const report = assessHealth({ ...HEALTHY, processedBlock: 107n, lastBlockAgeSeconds: 60, balanceWei: WAD / 10n }, LIMITS);
    expect(report).toMatchObject({ ok: true, lagBlocks: 3, reasons: [] });
  });

  it.each([
    ['falling behind', { processedBlock: 100n }, ['behind: processed block 100 is 10 blocks behind the head 110 (limit 3)']],
    ['no block processed yet', { processedBlock: null }, ['behind: no block processed yet']],
    ['no new block for too long', { lastBlockAgeSeconds: 61.7 }, ['stale: no new block for 61 s (limit 60 s)']],
    ['ETH low', { balanceWei: WAD / 20n }, ['low-eth: balance 0.05 ETH is below 0.1 ETH']],
  ] as const)('fails when %s', (_name, change, reasons) => {
    const report = assessHealth({ ...HEALTHY, ...change }, LIMITS);
    expect(report.ok).toBe(false);
    expect(report.reasons).toEqual(reasons);
  });

  it('gives one reason per broken limit', () => {
    const report = assessHealth({ ...HEALTHY, processedBlock: 90n, lastBlockAgeSeconds: 600, balanceWei: 0n }, { ...LIMITS, maxLagBlocks: 5n });
    expect(report.ok).toBe(false);
    expect(report.reasons.map((r) => r.split(':')[0])).toEqual(['behind', 'stale', 'low-eth']);
    expect(report.lagBlocks).toBe(20);
  });

  it('makes no balance judgement without a balance, and reads a head behind the processed block as no lag', () => {
    const report = assessHealth({ ...HEALTHY, account: null, balanceWei: null, headBlock: 100n, processedBlock: 101n }, LIMITS);
    expect(report).toMatchObject({ ok: true, account: null, balanceWei: null, lagBlocks: 0 });
  });
});

describe('startOpsServer', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function start(health: () => HealthReport | Promise<HealthReport>) {
    const metrics = createKeeperMetrics();
    const { log, events } = memoryLog();
    return { metrics, events, ready: startOpsServer({ port: 0, registry: metrics.registry, health, log }) };
  }

  it('serves /metrics as Prometheus text with its content type', async () => {
    const { metrics, ready, events } = start(() => assessHealth(HEALTHY, LIMITS));
    server = await ready;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    metrics.bids.inc({ tier: '250' });
    metrics.noteHead(42n);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const [name] of KEEPER_METRICS) expect(text).toContain(`# HELP ${name} `);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(sample(text, 'backstop_bids_total{tier="250"}')).toBe(1);
    expect(sample(text, 'backstop_head_block')).toBe(42);
    expect(events()).toContain('ops.started');
  });

  it('answers /healthz with the report: 200 when ok, 503 when not', async () => {
    let input: HealthInput = HEALTHY;
    const { ready } = start(() => assessHealth(input, LIMITS));
    server = await ready;
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await ok.json()).toEqual(assessHealth(HEALTHY, LIMITS));

    input = { ...HEALTHY, processedBlock: 50n, lastBlockAgeSeconds: 3600 };
    const failing = await fetch(`${server.url}/healthz`);
    expect(failing.status).toBe(503);
    const report = (await failing.json()) as HealthReport;
    expect(report.ok).toBe(false);
    expect(report.reasons).toHaveLength(2);
    expect(report).toMatchObject({ headBlock: 110, processedBlock: 50, lagBlocks: 60, balanceWei: '1000000000000000000' });
  });

  it('answers 503 when the health function throws, and keeps serving', async () => {
    let fail = true;
    const { ready } = start(async () => {
      if (fail) throw new Error('rpc down');
      return assessHealth(HEALTHY, LIMITS);
    });
    server = await ready;
    const failing = await fetch(`${server.url}/healthz`);
    expect(failing.status).toBe(503);
    expect(await failing.json()).toEqual({ ok: false, reasons: ['health check failed: rpc down'] });
    fail = false;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers 404 elsewhere, 405 to other methods, and HEAD without a body', async () => {
    const { ready } = start(() => assessHealth(HEALTHY, LIMITS));
    server = await ready;
    for (const path of ['/', '/metric', '/healthz/x', '/favicon.ico']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      await response.text();
    }
    const post = await fetch(`${server.url}/metrics`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await post.text();
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    // A query string does not change the route.
    expect((await fetch(`${server.url}/healthz?verbose=1`)).status).toBe(200);
  });

  it('close() frees the port, even with a keep-alive connection open', async () => {
    const { ready, events } = start(() => assessHealth(HEALTHY, LIMITS));
    const started = await ready;
    const port = Number(new URL(started.url).port);
    // fetch keeps the connection alive after this answer.
    expect((await fetch(`${started.url}/healthz`)).status).toBe(200);
    await started.close();
    await started.close(); // idempotent
    await expect(fetch(`${started.url}/healthz`)).rejects.toThrow();
    expect(events()).toContain('ops.stopped');
    // The same port can be bound again at once.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  it('refuses to start on a port already taken', async () => {
    const first = start(() => assessHealth(HEALTHY, LIMITS));
    server = await first.ready;
    const port = Number(new URL(server.url).port);
    const metrics = createKeeperMetrics({ defaultMetrics: false });
    await expect(startOpsServer({ port, registry: metrics.registry, health: () => assessHealth(HEALTHY, LIMITS), log: memoryLog().log })).rejects.toThrow(/EADDRINUSE/);
  });
});
