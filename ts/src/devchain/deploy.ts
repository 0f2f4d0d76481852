/**
 * The local MCD and the syndicate factory, deployed with the project's Forge scripts on a running
 * chain: DeployMcd (the local Maker core, with the parameters before or after the 12 March 2020 spell,
 * and the batch-read contract), then DeploySyndicate (a factory and its first tier; more tiers on the
 * same factory). The scripts write their records to the repository's deployments/ under the chain's
 * id; they are copied to `deploymentsDir` when given, so a run keeps its own address book even if
 * another run reuses the chain id later.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BackstopError } from '../errors.js';
import { REPO_ROOT } from './anvil.js';

/** Anvil's first default account: a well-known development key, never used on a real network. */
export const DEV_DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;

/** How long one Forge deploy script may take before it counts as hung, ms. */
export const FORGE_SCRIPT_TIMEOUT_MS = 120_000;

// Asynchronous: a synchronous child would stall the caller's event loop (and its reading of Anvil's
// output, until Anvil blocks on a full pipe).
const execFileAsync = promisify(execFile);

/**
 * Runs a Forge script against `rpcUrl`, broadcasting with the development deployer key.
 * @throws BackstopError with the script's output when it fails.
 */
export async function forgeScript(forge: string, script: string, rpcUrl: string, env: Record<string, string> = {}, baseEnv: Record<string, string | undefined> = {}): Promise<void> {
  try {
    // --slow: each transaction confirmed before the next is sent. Anvil 1.7 can leave a transaction
    // queued for good when several arrive while it mines (seen in CI, and once in 80 plain deploys
    // under load); on an idle machine --slow costs nothing measurable (DeployMcd 1.7 s either way). The
    // timeout turns any other hang into an error (the caller stops the Anvil), before a test's own
    // timeout would abandon the child processes.
    await execFileAsync(forge, ['script', script, '--rpc-url', rpcUrl, '--broadcast', '--slow', '--private-key', DEV_DEPLOYER_KEY, '--silent'], {
      cwd: REPO_ROOT,
      env: { ...baseEnv, ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: FORGE_SCRIPT_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string; killed?: boolean };
    if (e.killed) throw new BackstopError(`forge script ${script} did not finish in ${FORGE_SCRIPT_TIMEOUT_MS / 1000} s`, { hint: 'run it again (Anvil may have left a transaction queued)', cause: error });
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    throw new BackstopError(`forge script ${script} failed`, { details: output || e.message, hint: 'run make build first (the scripts deploy from out/)', cause: error });
  }
}

/** One JSON-RPC call to an Anvil (the deploy has no viem client yet). */
async function anvilCall(rpcUrl: string, method: string, params: unknown[]): Promise<void> {
  const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { error?: { message?: string } };
  if (body.error) throw new BackstopError(`${method} failed: ${body.error.message ?? 'unknown error'}`, { kind: 'chain' });
}

/**
 * Runs `body` with the chain's clock stopped: every block mined meanwhile gets the same timestamp
 * (`anvil_setBlockTimestampInterval 0`), then the clock runs again. The deploy scripts need it: each of
 * their calls is a transaction of its own, and some must share a second with the one before (the
 * Jug's `file duty` requires `now == rho`, set by the `drip` just before; the OSM's priming pokes).
 * Anvil gives blocks the wall clock's second, so a script crossing a second boundary there reverted.
 */
export async function withFrozenClock<T>(rpcUrl: string, body: () => Promise<T>): Promise<T> {
  await anvilCall(rpcUrl, 'anvil_setBlockTimestampInterval', [0]);
  try {
    return await body();
  } finally {
    await anvilCall(rpcUrl, 'anvil_removeBlockTimestampInterval', []).catch(() => undefined);
  }
}

export interface LocalDeployOptions {
  /** The forge binary (`foundryBin('forge')`). */
  forge: string;
  rpcUrl: string;
  /** The chain's id (the records are named by it). */
  chainId: number;
  /** The MCD's parameters: before (`pre`) or after (`post`) the 12 March 2020 spell. */
  profile: 'pre' | 'post';
  /** The factory's first tier, DAI per MKR, wad. */
  firstTierWad: bigint;
  /** Copy the records here (created if missing). */
  deploymentsDir?: string;
  /** The environment the scripts run in (PATH, HOME: the caller's). */
  env?: Record<string, string | undefined>;
}

export interface LocalDeployment {
  /** Holds mcd-<chainid>.json and syndicate-<chainid>.json. */
  deploymentsDir: string;
  factory: `0x${string}`;
}

/**
 * Deploys the local MCD, a factory and its first tier (see the module's note).
 * @throws BackstopError when a script fails (its output in the details).
 */
export async function deployLocal(options: LocalDeployOptions): Promise<LocalDeployment> {
  const { forge, rpcUrl, chainId, env = {} } = options;
  await withFrozenClock(rpcUrl, async () => {
    await forgeScript(forge, 'script/DeployMcd.s.sol', rpcUrl, { MCD_PROFILE: options.profile }, env);
    await forgeScript(forge, 'script/DeploySyndicate.s.sol', rpcUrl, { LIMIT_WAD: options.firstTierWad.toString() }, env);
  });
  const written = join(REPO_ROOT, 'deployments');
  const names = [`mcd-${chainId}.json`, `syndicate-${chainId}.json`];
  const record = JSON.parse(readFileSync(join(written, names[1]!), 'utf8')) as { factory: `0x${string}` };
  let deploymentsDir = written;
  if (options.deploymentsDir) {
    mkdirSync(options.deploymentsDir, { recursive: true });
    for (const name of names) copyFileSync(join(written, name), join(options.deploymentsDir, name));
    deploymentsDir = options.deploymentsDir;
  }
  return { deploymentsDir, factory: record.factory };
}
