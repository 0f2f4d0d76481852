/**
 * Anvil as a child process: the project's own binary (tools/foundry-bin.mjs finds the npm
 * @foundry-rs/anvil platform package), started on a given or a free port, stopped by whoever started
 * it. Used by the demo (`make demo`), fork mode, the tests' global setup and the benchmarks.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BackstopError, InputError } from '../errors.js';

/** The repository's root (forge scripts, out/, deployments/ and tools/ are found from it). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The path of a Foundry binary: `override` when given (a native Foundry: FORGE=forge), else the npm
 * platform package's (tools/foundry-bin.mjs; the npm launcher in node_modules/.bin drops exit codes).
 * @throws BackstopError when the platform package is missing (run `make install`).
 */
export function foundryBin(tool: 'anvil' | 'forge' | 'cast', override?: string): string {
  if (override) return override;
  try {
    return execFileSync(process.execPath, ['tools/foundry-bin.mjs', tool], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    throw new BackstopError(`no ${tool} binary: the @foundry-rs package is not installed`, { hint: 'run make install (npm ci) first', cause: error });
  }
}

export interface AnvilOptions {
  /** The anvil binary (`foundryBin('anvil')`). */
  bin: string;
  /** Port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  chainId?: number;
  /** The genesis block's time, unix s (`--timestamp`): a chain that starts in the past. */
  timestamp?: bigint;
  /** Fork another chain (`--fork-url`), at a block (`--fork-block-number`; default its latest). */
  fork?: { url: string; blockNumber?: bigint | undefined };
  /** Start from a dumped state (`--load-state`), and dump it on exit (`--dump-state`). */
  loadState?: string;
  dumpState?: string;
  /** Anything else, as anvil's flags. */
  extraArgs?: readonly string[];
  /** How long to wait for "Listening on", ms (default 20 s; a fork's first fetch can be slow: 60 s). */
  startTimeoutMs?: number;
}

export interface AnvilInstance {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  /** SIGTERM, then resolves when the process has exited (at once if it already has). */
  stop(): Promise<void>;
}

/**
 * Refuses a port something already listens on (IPv4 loopback), before anything is started.
 * @throws InputError "port N is in use" with what to do.
 */
export async function assertPortFree(port: number): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new InputError(`port ${port} is not a TCP port (1-65535)`);
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!free) throw new InputError(`port ${port} is in use`, { hint: 'stop what listens there, or pick another port (PORT=... / --port)' });
}

/**
 * Starts Anvil and resolves once it listens. The process is killed if it does not listen in time.
 * @throws BackstopError with Anvil's output when it exits or stays silent; InputError for a busy port.
 */
export async function startAnvil(options: AnvilOptions): Promise<AnvilInstance> {
  const port = options.port ?? 0;
  if (port !== 0) await assertPortFree(port);
  const args = ['--port', String(port), '--host', '127.0.0.1'];
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));
  if (options.timestamp !== undefined) args.push('--timestamp', options.timestamp.toString());
  if (options.fork) {
    args.push('--fork-url', options.fork.url);
    if (options.fork.blockNumber !== undefined) args.push('--fork-block-number', options.fork.blockNumber.toString());
  }
  if (options.loadState) args.push('--load-state', options.loadState);
  if (options.dumpState) args.push('--dump-state', options.dumpState);
  args.push(...(options.extraArgs ?? []));

  const child = spawn(options.bin, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const timeoutMs = options.startTimeoutMs ?? (options.fork ? 60_000 : 20_000);
  const listening = await new Promise<{ rpcUrl: string; port: number }>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BackstopError(`anvil did not start in ${timeoutMs / 1000} s`, { details: output.trim() || undefined }));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on ([\d.]+):(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // keep draining, or anvil blocks on a full pipe
        resolve({ rpcUrl: `http://${match[1]}:${match[2]}`, port: Number(match[2]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new BackstopError(`anvil could not be started (${options.bin}): ${error.message}`, { hint: 'run make install', cause: error }));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = output.trim().split('\n').filter(Boolean).at(-1);
      reject(new BackstopError(`anvil exited with ${code} before listening${last ? `: ${last}` : ''}`, { details: output.trim() || undefined }));
    });
  });
  child.stderr?.resume();
  return { ...listening, process: child, stop };
}
