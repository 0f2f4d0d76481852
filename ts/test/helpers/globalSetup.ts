// Global setup of the anvil project: deploy once, dump the state, give each vitest worker its own Anvil.
// 1. an Anvil on a free port; the Forge deploy scripts run against it (DeployMcd, then DeploySyndicate
//    twice: a factory with the 100 DAI/MKR tier, then a 250 DAI/MKR tier on the same factory);
// 2. Anvil stops and dumps its state (--dump-state); the deploy records are copied to a temp dir;
// 3. one Anvil per worker (VITEST_POOL_ID 1..maxWorkers) starts from that state; tests snapshot and
//    revert around each test (fixtures.ts), so files that share a worker never see each other's state.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ANVIL_WORKERS } from '../../vitest.config.js';
import { foundryBin, ROOT, startAnvil, TEST_CHAIN_ID, type AnvilInstance } from './anvil.js';

// Anvil's first default account: a well-known development key, never used on a real network.
export const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

declare module 'vitest' {
  export interface ProvidedContext {
    anvilUrls: string[];
    deploymentsDir: string;
  }
}

// Asynchronous: a synchronous child would stall this process's event loop, and with it the reading of
// Anvil's output, until Anvil blocks on a full pipe.
const execFileAsync = promisify(execFile);
async function forgeScript(script: string, rpcUrl: string, env: Record<string, string> = {}) {
  await execFileAsync(foundryBin('forge'), ['script', script, '--rpc-url', rpcUrl, '--broadcast', '--private-key', DEPLOYER_KEY, '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

export default async function setup(project: TestProject) {
  const scratch = mkdtempSync(join(tmpdir(), 'backstop-anvil-'));
  const state = join(scratch, 'state.json');
  const deploymentsDir = join(scratch, 'deployments');
  const workers: AnvilInstance[] = [];
  try {
    const deployer = await startAnvil(['--dump-state', state]);
    try {
      await forgeScript('script/DeployMcd.s.sol', deployer.rpcUrl);
      await forgeScript('script/DeploySyndicate.s.sol', deployer.rpcUrl, { LIMIT_WAD: '100000000000000000000' });
      const record = readFileSync(join(ROOT, `deployments/syndicate-${TEST_CHAIN_ID}.json`), 'utf8');
      const { factory } = JSON.parse(record) as { factory: string };
      await forgeScript('script/DeploySyndicate.s.sol', deployer.rpcUrl, { LIMIT_WAD: '250000000000000000000', FACTORY: factory });
    } finally {
      await deployer.stop();
    }
    mkdirSync(deploymentsDir);
    for (const name of [`mcd-${TEST_CHAIN_ID}.json`, `syndicate-${TEST_CHAIN_ID}.json`]) {
      copyFileSync(join(ROOT, 'deployments', name), join(deploymentsDir, name));
    }
    for (let i = 0; i < ANVIL_WORKERS; i++) workers.push(await startAnvil(['--load-state', state]));
  } catch (error) {
    await Promise.all(workers.map((w) => w.stop()));
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  project.provide('anvilUrls', workers.map((w) => w.rpcUrl));
  project.provide('deploymentsDir', deploymentsDir);
  return async () => {
    await Promise.all(workers.map((w) => w.stop()));
    rmSync(scratch, { recursive: true, force: true });
  };
}
