// The demo end to end (`backstop demo`, src/demo/run.ts) for the tests in this directory: a shortened
// run of a scenario on an Anvil runDemo starts itself, on a port picked here so the test can check that
// nothing listens there afterwards. No mocks: the real Forge deploy, flip replay, world and keeper.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, type DemoResult } from '../../src/demo/run.js';
import { parseDemoOptions } from '../../src/demo/scenarios.js';
import { loadReport, type Report, type ScenarioName } from '../../src/report/model.js';

/** A TCP port nothing listens on now (the OS picks it; closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether a listener could bind `port` on 127.0.0.1 right now (nothing else listens there). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Whether a JSON-RPC node answers `eth_chainId` at 127.0.0.1:`port` (within two seconds). */
export async function rpcAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** A scratch directory under the OS's temp dir (for a run's --out); removed by `cleanup`. */
export function scratchDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `demo-e2e-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ScenarioRun {
  result: DemoResult;
  /** report.json as written, read back and validated with loadReport. */
  report: Report;
  /** Anvil's port (chosen here, given as --port). */
  port: number;
  /** Everything the progress sink received. */
  progress: string;
  wallMs: number;
}

export interface RunOptions {
  flips: number;
  chainId: number;
  out: string;
  members?: number;
  poolDai?: string;
  signal?: AbortSignal;
  /** Sees each progress text as it is written (e.g. to abort at a phase). */
  onProgress?: (text: string) => void;
}

/** Validated demo options as `backstop demo` builds them from its flags. */
export function demoOptions(scenario: ScenarioName, o: Pick<RunOptions, 'flips' | 'chainId' | 'out' | 'members' | 'poolDai'>, port: number) {
  return parseDemoOptions({
    scenario,
    flips: String(o.flips),
    chainId: String(o.chainId),
    out: o.out,
    port: String(port),
    ...(o.members === undefined ? {} : { members: String(o.members) }),
    ...(o.poolDai === undefined ? {} : { poolDai: o.poolDai }),
  });
}

/**
 * Runs `scenario` shortened to the first `flips` recorded flip auctions on a free port, with the
 * progress captured (non-terminal: one line per phase), and reads its report.json back.
 */
export async function runScenario(scenario: ScenarioName, o: RunOptions): Promise<ScenarioRun> {
  const port = await freePort();
  const options = demoOptions(scenario, o, port);
  let progress = '';
  const started = Date.now();
  const result = await runDemo(options, {
    env: process.env,
    progress: {
      tty: false,
      write: (text) => {
        progress += text;
        o.onProgress?.(text);
      },
    },
    signal: o.signal,
  });
  const report = loadReport(readFileSync(result.written.json, 'utf8'), result.written.json);
  return { result, report, port, progress, wallMs: Date.now() - started };
}

/** Sum of bigint strings. */
export const sum = (values: readonly string[]) => values.reduce((s, v) => s + BigInt(v), 0n);
