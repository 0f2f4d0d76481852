// Keeper benchmarks (issue 8, section 5), reported, never asserted on time:
//   reaction    blocks from the block in which an auction becomes enterable (its kick; a rival's dent
//               that outbids the pool) to the block holding the pool's bid; the limit is the next block;
//   requests    JSON-RPC requests per new block while following 1 and 106 open auctions in steady state
//               (nothing to send), by method, with the bytes they carry and the step's time;
//   rss         the resident memory of `backstop keeper` (the real process) after 10,000 blocks;
//   status      wall time of `backstop status --tier 100`, the real bin, cold process each run.
// Each scenario starts its own Anvil from one deployed state (test/helpers/deploy.ts, as the tests do).
//
//   make bench-ts            (or, in ts/: node --import tsx bench/keeper.ts)
//   options: --only reaction,requests,rss,status   --blocks 10000   --blocks-per-step 1   --auctions 20
//            --runs 10   --steady-blocks 50
//
// Prints a Markdown table (metric, setting, value, unit) and writes everything measured to
// .bench/keeper.json at the repository's root.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getAddress } from 'viem';
import { syndicateAbi, flopperAbi } from '../src/chain/index.js';
import { RAD, WAD } from '../src/units.js';
import { foundryBin, ROOT } from '../test/helpers/anvil.js';
import { deployLocalState, type DeployedState } from '../test/helpers/deploy.js';
import { startBenchChain, type BenchChain } from './chain.js';
import { benchKeeper, CONTRIBUTOR_KEY, counterByLabel, KEEPER_KEY } from './rig.js';

const TS_DIR = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(ROOT, '.bench');

// ------------------------------------------------------------------ options

const SCENARIOS = ['reaction', 'requests', 'rss', 'status'] as const;
type Scenario = (typeof SCENARIOS)[number];

function parseArgs(argv: readonly string[]) {
  const opts = { only: new Set<Scenario>(SCENARIOS), blocks: 10_000, perStep: 1, auctions: 20, runs: 10, steadyBlocks: 50, open: [1, 106] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = () => {
      if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number`);
      i++;
      return Number(value);
    };
    if (flag === '--only') {
      if (!value) throw new Error('--only needs a list: reaction,requests,rss,status');
      const picked = value.split(',').map((s) => s.trim());
      for (const s of picked) if (!SCENARIOS.includes(s as Scenario)) throw new Error(`--only: unknown scenario ${s} (one of ${SCENARIOS.join(', ')})`);
      opts.only = new Set(picked as Scenario[]);
      i++;
    } else if (flag === '--blocks') opts.blocks = int();
    else if (flag === '--blocks-per-step') opts.perStep = Math.max(1, int());
    else if (flag === '--auctions') opts.auctions = int();
    else if (flag === '--runs') opts.runs = int();
    else if (flag === '--steady-blocks') opts.steadyBlocks = int();
    else throw new Error(`unknown option ${flag}`);
  }
  return opts;
}

// ------------------------------------------------------------------ helpers

interface Row {
  metric: string;
  setting: string;
  value: string;
  unit: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
function median(xs: readonly number[]): number {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const stats = (xs: readonly number[]) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length, n: xs.length });
const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => bytes / 1024 / 1024;
const progress = (text: string) => process.stderr.write(`[bench] ${text}\n`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Sends `count` kicks back to back from the ward (explicit nonces) and waits for all of them. */
async function kickMany(c: BenchChain, count: number, lot: { lotWad: bigint; bidRad: bigint }): Promise<void> {
  const first = await c.client.getTransactionCount({ address: c.deployer.account.address, blockTag: 'pending' });
  const hashes: `0x${string}`[] = [];
  for (let k = 0; k < count; k++) hashes.push(await c.sendKick({ ...lot, nonce: first + k }));
  for (const hash of hashes) await c.mined(hash);
}

/** Auctions the pool can enter: 500 DAI for 10 MKR (50 DAI/MKR, under the 100 tier). Every position holds one bid size. */
const ENTERABLE = { lotWad: 10n * WAD, bidRad: 500n * RAD } as const;
/** Auctions no tier can enter: 500 DAI for 0.5 MKR (1,000 DAI/MKR, above 100 and 250). */
const ABOVE_EVERY_TIER = { lotWad: WAD / 2n, bidRad: 500n * RAD } as const;
const BID_DAI_WAD = 500n * WAD;

// ------------------------------------------------------------------ 1. reaction

async function benchReaction(deployed: DeployedState, { auctions, blockTimeS = 1, pollMs = 200 }: { auctions: number; blockTimeS?: number; pollMs?: number }) {
  const c = await startBenchChain(deployed);
  try {
    const pool = getAddress(await c.tier(100n));
    await c.contribute(CONTRIBUTOR_KEY, pool, BigInt(auctions + 2) * BID_DAI_WAD);
    await c.armRival();

    const headSeenAt = new Map<bigint, number>();
    const sentAt = new Map<string, number[]>();
    const { keeper } = benchKeeper({
      rpcUrl: c.rpcUrl,
      chain: c.chain,
      book: c.book,
      pollMs,
      observer: {
        onHead: ({ head }) => {
          if (!headSeenAt.has(head.number)) headSeenAt.set(head.number, performance.now());
        },
        onTx: (event) => {
          if (event.type === 'sent') sentAt.set(event.key, [...(sentAt.get(event.key) ?? []), performance.now()]);
        },
      },
    });
    await keeper.start();
    // From here blocks come every `blockTimeS` whatever is sent, as on a real chain.
    await c.testClient.setAutomine(false);
    await c.testClient.setIntervalMining({ interval: blockTimeS });
    const stop = new AbortController();
    const running = keeper.run(stop.signal);

    /** The block of the pool's AuctionEntered for `id` at or after `fromBlock`, once the pool leads. */
    const entered = async (id: bigint, fromBlock: bigint) => {
      await waitFor(`the pool to lead auction ${id}`, async () => ((await c.auction(id)).guy === pool ? true : undefined), 30_000);
      const logs = await c.client.getContractEvents({ address: pool, abi: syndicateAbi, eventName: 'AuctionEntered', args: { id }, fromBlock, toBlock: 'latest' });
      const log = logs[0];
      if (!log) throw new Error(`no AuctionEntered(${id}) from block ${fromBlock}`);
      return log.blockNumber;
    };
    const latency = (key: string, nth: number, block: bigint) => {
      const sent = sentAt.get(key)?.[nth];
      const seen = headSeenAt.get(block);
      return sent !== undefined && seen !== undefined ? sent - seen : undefined;
    };

    const kicks: { id: bigint; enterable: bigint; bid: bigint; blocks: number; msBlockSeenToSent: number | undefined }[] = [];
    const dents: typeof kicks = [];
    try {
      for (let i = 0; i < auctions; i++) {
        const { id, block } = await c.kick(ENTERABLE);
        const bid = await entered(id, block);
        kicks.push({ id, enterable: block, bid, blocks: Number(bid - block), msBlockSeenToSent: latency(`enter:${id}`, 0, block) });
        if (i % 2 === 1) {
          // Every other auction, a rival outbids the pool (the same bid for 9 MKR: 55.6 DAI/MKR, still
          // under the limit) and the pool re-enters.
          const dent = await c.rivalDent(id, 9n * WAD);
          const again = await entered(id, dent);
          dents.push({ id, enterable: dent, bid: again, blocks: Number(again - dent), msBlockSeenToSent: latency(`enter:${id}`, 1, dent) });
        }
        progress(`reaction ${i + 1}/${auctions}: kick in block ${block}, bid in ${bid}${dents.at(-1)?.id === id ? `; dent in ${dents.at(-1)!.enterable}, re-entry in ${dents.at(-1)!.bid}` : ''}`);
      }
    } finally {
      stop.abort();
      await running;
    }
    return { auctions, blockTimeS, pollMs, kicks, dents };
  } finally {
    await c.stop();
  }
}

// ------------------------------------------------------------------ 2. requests per block

type Kind = 'above' | 'leads';

interface SteadyResult {
  kind: Kind;
  open: number;
  blocks: number;
  requestsPerBlock: ReturnType<typeof stats>;
  /** Mean requests per block, per method. */
  byMethod: Record<string, { requests: number; requestBytes: number; responseBytes: number }>;
  stepMs: ReturnType<typeof stats>;
  /** Requests of a poll that finds no new block. */
  idlePoll: Record<string, number>;
  /** The same total, read from the keeper's backstop_rpc_requests_total counter. */
  counterTotal: number;
  tallyTotal: number;
}

/**
 * A keeper following `open` auctions (each size in turn, on one chain), then `blocks` empty blocks
 * mined one at a time, a step after each. `kind`: auctions above every tier (nothing to do), or
 * auctions the pool already leads (its positions are read each block too).
 * Returns the results and the chain (the caller stops it: the status benchmark reuses it).
 */
async function benchRequests(deployed: DeployedState, kind: Kind, sizes: readonly number[], blocks: number) {
  const c = await startBenchChain(deployed);
  try {
    const pool = getAddress(await c.tier(100n));
    const most = Math.max(...sizes);
    if (kind === 'leads') await c.contribute(CONTRIBUTOR_KEY, pool, BigInt(most + 2) * BID_DAI_WAD);
    const { keeper, tally, metrics } = benchKeeper({ rpcUrl: c.rpcUrl, chain: c.chain, book: c.book, pollMs: 2_000 });
    await keeper.start();
    const results: SteadyResult[] = [];
    let open = 0;
    for (const n of sizes) {
      await kickMany(c, n - open, kind === 'leads' ? ENTERABLE : ABOVE_EVERY_TIER);
      open = n;
      // Until the keeper has nothing left to do (automine: its bids are mined as they are sent).
      await waitFor(
        `steady state with ${n} open auctions`,
        async () => {
          await c.testClient.mine({ blocks: 1 });
          const report = await keeper.step();
          const view = keeper.view;
          const settled =
            report !== undefined &&
            report.plan.actions.length === 0 &&
            keeper.txs.inFlight().length === 0 &&
            report.liveAuctions === n &&
            (kind === 'above' || (view?.auctions.every((a) => getAddress(a.guy) === pool) ?? false));
          return settled ? true : undefined;
        },
        300_000,
        0,
      );
      const counterBefore = sum(await counterByLabel(metrics.rpcRequests, 'method'));
      const tallyBefore = tally.snapshot();
      const perBlock: number[] = [];
      const stepMs: number[] = [];
      for (let b = 0; b < blocks; b++) {
        await c.testClient.mine({ blocks: 1 });
        const before = tally.snapshot();
        const t0 = performance.now();
        const report = await keeper.step();
        stepMs.push(performance.now() - t0);
        if (!report) throw new Error('the keeper saw no new block');
        if (report.plan.actions.length > 0) throw new Error(`not a steady state: the keeper planned ${report.plan.actions.map((a) => a.key).join(', ')}`);
        perBlock.push(sum(new Map([...tally.since(before)].map(([m, e]) => [m, e.requests]))));
      }
      const window = tally.since(tallyBefore);
      const tallyTotal = sum(new Map([...window].map(([m, e]) => [m, e.requests])));
      const counterTotal = sum(await counterByLabel(metrics.rpcRequests, 'method')) - counterBefore;
      const idleBefore = tally.snapshot();
      if ((await keeper.step()) !== undefined) throw new Error('a step without a new block did work');
      const idlePoll = Object.fromEntries([...tally.since(idleBefore)].map(([m, e]) => [m, e.requests]));
      const byMethod = Object.fromEntries(
        [...window].map(([m, e]) => [m, { requests: e.requests / blocks, requestBytes: Math.round(e.requestBytes / blocks), responseBytes: Math.round(e.responseBytes / blocks) }]),
      );
      results.push({ kind, open: n, blocks, requestsPerBlock: stats(perBlock), byMethod, stepMs: stats(stepMs), idlePoll, counterTotal, tallyTotal });
      progress(`requests (${kind}, ${n} open): ${fmt(median(perBlock))} per block, ${JSON.stringify(Object.fromEntries(Object.entries(byMethod).map(([m, e]) => [m, e.requests])))}`);
    }
    return { results, chain: c, pool };
  } catch (error) {
    await c.stop();
    throw error;
  }
}

function sum(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const v of counts.values()) total += v;
  return total;
}

// ------------------------------------------------------------------ 3. RSS after N blocks

interface MemorySample {
  /** Blocks since the keeper started following. */
  blocks: number;
  /** VmRSS of the keeper's process (/proc/<pid>/status), bytes. */
  rss: number;
  /** `nodejs_heap_size_used_bytes` and `process_resident_memory_bytes` from its /metrics (no forced GC). */
  heapUsed: number;
  metricsRss: number;
}

/** The sum of a metric's series in a Prometheus text exposition (undefined when absent). */
function metricValue(text: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] === name) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

/**
 * `backstop keeper` (the real bin, as an operator runs it: every tier of the factory, WebSocket URL,
 * /metrics on a free port, JSON logs to .bench/keeper-rss.log) following `blocks` blocks. The bench
 * mines `perStep` blocks at a time and waits, by /healthz, until the keeper processed them; every
 * `cycle` blocks one auction is kicked, which the keeper enters, and half a cycle later the bid
 * expires (time moves by ttl) and the keeper finalizes it (`deal`). Five auctions priced above every
 * tier stay open throughout (ticked when they end unbid).
 */
async function benchRss(deployed: DeployedState, { blocks, perStep, cycle = 500 }: { blocks: number; perStep: number; cycle?: number }) {
  const c = await startBenchChain(deployed);
  mkdirSync(OUT_DIR, { recursive: true });
  const logPath = join(OUT_DIR, 'keeper-rss.log');
  const logFd = openSync(logPath, 'w');
  try {
    const pool = getAddress(await c.tier(100n));
    const cycles = Math.ceil(blocks / cycle);
    await c.contribute(CONTRIBUTOR_KEY, pool, BigInt(cycles + 2) * BID_DAI_WAD);
    await kickMany(c, 5, ABOVE_EVERY_TIER);
    const ttl = BigInt(await c.client.readContract({ address: c.book.maker.flop, abi: flopperAbi, functionName: 'ttl' }));

    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('BACKSTOP_')) env[k] = v;
    Object.assign(env, {
      BACKSTOP_RPC_URL: c.rpcUrl.replace(/^http/, 'ws'),
      BACKSTOP_DEPLOYMENTS: c.deploymentsDir,
      BACKSTOP_PRIVATE_KEY: KEEPER_KEY,
      BACKSTOP_METRICS: '127.0.0.1:0',
      BACKSTOP_POLL_MS: '2000',
      BACKSTOP_LOG_LEVEL: 'info',
    });
    const child = spawn(process.execPath, [join(TS_DIR, 'bin/backstop.mjs'), 'keeper'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let exited: string | undefined;
    child.once('exit', (code, signal) => {
      exited = `backstop keeper exited (${code ?? signal}); see ${logPath}`;
    });
    const opsUrl = new Promise<string>((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`backstop keeper did not start its /metrics in 60 s; see ${logPath}`)), 60_000);
      child.stderr.on('data', (chunk: Buffer) => {
        writeSync(logFd, chunk);
        buffer += chunk.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line.includes('keeper.ops')) continue;
          try {
            const { event, url } = JSON.parse(line) as { event?: string; url?: string };
            if (event === 'keeper.ops' && url) {
              clearTimeout(timer);
              resolve(url);
            }
          } catch {
            // not a JSON line
          }
        }
      });
      child.once('exit', () => reject(new Error(exited)));
    });

    try {
      const url = await opsUrl;
      const processedBlock = async () => {
        const health = (await (await fetch(`${url}/healthz`)).json()) as { processedBlock: number | null };
        return health.processedBlock ?? -1;
      };
      const processedAtLeast = (block: bigint) =>
        waitFor(
          `backstop keeper to process block ${block}`,
          async () => {
            if (exited) throw new Error(exited);
            return BigInt(await processedBlock()) >= block ? true : undefined;
          },
          60_000,
          2,
        );
      const memory = async (blocksDone: number): Promise<MemorySample> => {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
        const metrics = await (await fetch(`${url}/metrics`)).text();
        return { blocks: blocksDone, rss: kib * 1024, heapUsed: metricValue(metrics, 'nodejs_heap_size_used_bytes') ?? NaN, metricsRss: metricValue(metrics, 'process_resident_memory_bytes') ?? NaN };
      };

      const first = await c.client.getBlockNumber({ cacheTime: 0 });
      await processedAtLeast(first);
      const samples: MemorySample[] = [await memory(0)];
      const t0 = performance.now();
      let head = first;
      let steps = 0;
      /** ms from the bench's new head to the keeper reporting it processed (on /healthz). */
      const waits: number[] = [];
      let nextSample = 1_000;
      let nextKick = 0;
      let nextExpiry = cycle / 2;
      while (head - first < BigInt(blocks)) {
        const done = Number(head - first);
        if (done >= nextKick) {
          await c.kick(ENTERABLE);
          nextKick += cycle;
        } else if (done >= nextExpiry) {
          // The pool's bid of this cycle expires: the keeper finalizes (deals) it.
          await c.testClient.increaseTime({ seconds: Number(ttl) + 1 });
          await c.testClient.mine({ blocks: perStep });
          nextExpiry += cycle;
        } else await c.testClient.mine({ blocks: perStep });
        head = await c.client.getBlockNumber({ cacheTime: 0 });
        const waitStart = performance.now();
        await processedAtLeast(head);
        waits.push(performance.now() - waitStart);
        steps++;
        if (Number(head - first) >= nextSample) {
          samples.push(await memory(Number(head - first)));
          const last = samples.at(-1)!;
          progress(`rss: ${fmt(last.blocks)} blocks, rss ${fmt(mib(last.rss), 1)} MiB, heap used ${fmt(mib(last.heapUsed), 1)} MiB`);
          nextSample += 1_000;
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      if (samples.at(-1)!.blocks < blocks) samples.push(await memory(Number(head - first)));
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const txSent = metricValue(metrics, 'backstop_tx_sent_total') ?? 0;
      const requests = metricValue(metrics, 'backstop_rpc_requests_total') ?? 0;
      return { mode: '`backstop keeper` process (bin/backstop.mjs)', blocks: Number(head - first), perStep, minesOrKicks: steps, cycle, seconds, txSent, requests, samples, msHeadToProcessed: { ...stats(waits), over1s: waits.filter((w) => w > 1_000).length } };
    } finally {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([gone, sleep(10_000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }
  } finally {
    closeSync(logFd);
    await c.stop();
  }
}

// ------------------------------------------------------------------ 4. status wall time

/** Wall time of the real bin, a cold process each run, from spawn to exit; `expect` checks its output. */
async function benchCli(c: BenchChain, argv: readonly string[], runs: number, expect: RegExp) {
  const env = { ...process.env, BACKSTOP_RPC_URL: c.rpcUrl, BACKSTOP_DEPLOYMENTS: c.deploymentsDir };
  const times: number[] = [];
  let last = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(TS_DIR, 'bin/backstop.mjs'), ...argv], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
    times.push(performance.now() - t0);
    if (code !== 0 || !expect.test(stdout)) throw new Error(`backstop ${argv.join(' ')} failed (exit ${code}):\n${stdout}\n${stderr}`);
    last = stdout;
  }
  const positions = /positions\s+(\d+) open/.exec(last)?.[1] ?? '0';
  return { argv, runs, ms: times, stats: stats(times), openPositions: Number(positions) };
}

// ------------------------------------------------------------------ main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const t0 = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'backstop-bench-'));
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  /** Seconds per scenario. */
  const took: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    took[name] = Math.round((now - mark) / 1000);
    mark = now;
  };
  let leadsChain: BenchChain | undefined;
  try {
    progress('deploying the local MCD and the tiers (forge scripts)');
    const deployed = await deployLocalState(scratch);
    lap('deploy');

    if (opts.only.has('reaction')) {
      progress(`reaction: ${opts.auctions} auctions, interval mining 1 s, keeper polling every 200 ms`);
      const r = await benchReaction(deployed, { auctions: opts.auctions });
      details.reaction = r;
      const settingOf = (n: number) => `${n} auctions, block time ${r.blockTimeS} s, poll ${r.pollMs} ms`;
      for (const [label, list] of [
        ['reaction: kick to the pool\'s bid', r.kicks],
        ['reaction: rival\'s dent to the pool\'s re-entry', r.dents],
      ] as const) {
        const setting = settingOf(list.length);
        const b = stats(list.map((k) => k.blocks));
        rows.push({ metric: label, setting, value: `${b.min} / ${b.median} / ${b.max}`, unit: 'blocks (min / median / max)' });
        const ms = list.flatMap((k) => (k.msBlockSeenToSent === undefined ? [] : [k.msBlockSeenToSent]));
        if (ms.length) {
          const m = stats(ms);
          rows.push({ metric: `${label}: block seen to bid sent`, setting, value: `${fmt(m.min)} / ${fmt(m.median)} / ${fmt(m.max)}`, unit: 'ms (min / median / max)' });
        }
      }
      lap('reaction');
    }

    if (opts.only.has('requests')) {
      const all: SteadyResult[] = [];
      for (const kind of ['above', 'leads'] as const) {
        progress(`requests: ${kind === 'above' ? 'auctions priced above every tier' : 'auctions the pool leads'}, ${opts.open.join(' then ')} open`);
        const { results, chain } = await benchRequests(deployed, kind, opts.open, opts.steadyBlocks);
        all.push(...results);
        if (kind === 'leads' && opts.only.has('status')) leadsChain = chain;
        else await chain.stop();
      }
      details.requests = all;
      for (const r of all) {
        const setting = `${r.open} open auction${r.open === 1 ? '' : 's'}, ${r.kind === 'above' ? 'priced above every tier' : 'led by the pool'} (${r.blocks} blocks)`;
        const methods = Object.entries(r.byMethod)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([m, e]) => `${m} ${fmt(e.requests, Number.isInteger(e.requests) ? 0 : 2)}`)
          .join(', ');
        const rpb = r.requestsPerBlock;
        rows.push({ metric: 'JSON-RPC requests per new block', setting, value: rpb.min === rpb.max ? fmt(rpb.median) : `${fmt(rpb.min)} / ${fmt(rpb.median)} / ${fmt(rpb.max)}`, unit: `requests (${methods})` });
        const call = r.byMethod.eth_call;
        if (call) rows.push({ metric: 'eth_call payload per new block', setting, value: `${fmt(call.requestBytes / 1024, 1)} / ${fmt(call.responseBytes / 1024, 1)}`, unit: 'KiB sent / received' });
        rows.push({ metric: 'keeper step time per new block', setting, value: `${fmt(r.stepMs.min, 1)} / ${fmt(r.stepMs.median, 1)} / ${fmt(r.stepMs.max, 1)}`, unit: 'ms (min / median / max)' });
      }
      const idle = all[0]?.idlePoll;
      lap('requests');
      if (idle) rows.push({ metric: 'JSON-RPC requests per poll without a new block', setting: 'any', value: fmt(sum(new Map(Object.entries(idle)))), unit: `requests (${Object.entries(idle).map(([m, n]) => `${m} ${n}`).join(', ')})` });
    }

    if (opts.only.has('rss')) {
      progress(`rss: backstop keeper following ${opts.blocks} blocks, mined ${opts.perStep} at a time`);
      const r = await benchRss(deployed, { blocks: opts.blocks, perStep: opts.perStep });
      details.rss = r;
      const start = r.samples[0]!;
      const end = r.samples.at(-1)!;
      const setting = `\`backstop keeper\`, ${fmt(r.blocks)} blocks${r.perStep > 1 ? ` mined ${r.perStep} at a time` : ''}; 5 auctions open, 1 kicked, won and finalized every ${r.cycle} blocks (${r.txSent} tx sent)`;
      rows.push({ metric: 'keeper RSS, start / after the blocks', setting, value: `${fmt(mib(start.rss), 1)} / ${fmt(mib(end.rss), 1)}`, unit: 'MiB' });
      rows.push({ metric: 'keeper heap used, start / after the blocks', setting, value: `${fmt(mib(start.heapUsed), 1)} / ${fmt(mib(end.heapUsed), 1)}`, unit: 'MiB (as scraped, no forced GC)' });
      const w = r.msHeadToProcessed;
      lap('rss');
      rows.push({ metric: 'new block to processed by the keeper (RSS run, /healthz)', setting, value: `${fmt(w.min)} / ${fmt(w.median)} / ${fmt(w.max)}`, unit: `ms (min / median / max); ${fmt(r.blocks / r.seconds)} blocks/s` });
    }

    if (opts.only.has('status')) {
      const status = ['status', '--tier', '100'] as const;
      const row = (setting: string, r: Awaited<ReturnType<typeof benchCli>>) =>
        rows.push({ metric: `\`backstop ${r.argv.join(' ')}\` wall time`, setting, value: `${fmt(r.stats.min)} / ${fmt(r.stats.median)} / ${fmt(r.stats.max)}`, unit: 'ms (min / median / max)' });
      const fresh = await startBenchChain(deployed);
      try {
        progress(`status: ${opts.runs} runs on a fresh tier, then ${opts.runs} of --help (the start-up alone)`);
        const empty = await benchCli(fresh, status, opts.runs, /limit 100 DAI\/MKR/);
        details.statusEmpty = empty;
        row(`no open position, ${empty.runs} runs`, empty);
        const help = await benchCli(fresh, ['--help'], opts.runs, /status/);
        details.help = help;
        row(`start-up only (no RPC), ${help.runs} runs`, help);
      } finally {
        await fresh.stop();
      }
      if (leadsChain) {
        progress(`status: ${opts.runs} runs with ${Math.max(...opts.open)} open positions`);
        const full = await benchCli(leadsChain, status, opts.runs, /limit 100 DAI\/MKR/);
        details.statusPositions = full;
        row(`${full.openPositions} open positions, ${full.runs} runs`, full);
      }
      lap('status');
    }
  } finally {
    await leadsChain?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }

  const seconds = (performance.now() - t0) / 1000;
  rows.push({ metric: 'benchmark run time', setting: Object.entries(took).map(([k, v]) => `${k} ${v} s`).join(', '), value: fmt(seconds, 0), unit: 's' });
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    anvil: execFileSync(foundryBin('anvil'), ['--version'], { cwd: ROOT, encoding: 'utf8' }).split('\n')[0]?.trim(),
    platform: `${process.platform} ${process.arch}`,
    /** 1, 5 and 15 minute load averages when the run started and ended: other work on the machine slows every figure in ms. */
    loadavg: { start: loadAtStart.map((x) => Number(x.toFixed(2))), end: loadavg().map((x) => Number(x.toFixed(2))) },
  };
  const table = [
    '| metric | setting | value | unit |',
    '|---|---|---:|---|',
    ...rows.map((r) => `| ${r.metric} | ${r.setting} | ${r.value} | ${r.unit} |`),
  ].join('\n');
  console.log(
    `Keeper benchmarks, ${startedAt.toISOString()}: ${machine.cpus} CPU(s) (${machine.cpu}), node ${machine.node}, ${machine.anvil}; ` +
      `load average ${machine.loadavg.start[0]} at the start, ${machine.loadavg.end[0]} at the end\n`,
  );
  console.log(table);
  console.log(`\nTook ${fmt(seconds, 0)} s. Details: .bench/keeper.json`);
  mkdirSync(OUT_DIR, { recursive: true });
  const json = JSON.stringify({ startedAt, seconds, took, machine, options: { ...opts, only: [...opts.only] }, rows, details }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  writeFileSync(join(OUT_DIR, 'keeper.json'), `${json}\n`);
}

await main();
