// Global setup of the anvil project: deploy once, dump the state, give each vitest worker its own Anvil.
// 1. an Anvil on a free port; the Forge deploy scripts run against it (DeployMcd, then DeploySyndicate
//    twice: a factory with the 100 DAI/MKR tier, then a 250 DAI/MKR tier on the same factory);
// 2. Anvil stops and dumps its state (--dump-state); the deploy records are copied to a temp dir
//    (steps 1 and 2: deployLocalState in deploy.ts, shared with the keeper benchmarks);
// 3. one Anvil per worker (VITEST_POOL_ID 1..maxWorkers) starts from that state; tests snapshot and
//    revert around each test (fixtures.ts), so files that share a worker never see each other's state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ANVIL_WORKERS } from '../../vitest.config.js';
import { startAnvil, type AnvilInstance } from './anvil.js';
import { deployLocalState } from './deploy.js';

export { DEPLOYER_KEY } from './deploy.js';

declare module 'vitest' {
  export interface ProvidedContext {
    anvilUrls: string[];
    deploymentsDir: string;
  }
}

export default async function setup(project: TestProject) {
  const scratch = mkdtempSync(join(tmpdir(), 'backstop-anvil-'));
  const workers: AnvilInstance[] = [];
  let deploymentsDir = '';
  try {
    const deployed = await deployLocalState(scratch);
    deploymentsDir = deployed.deploymentsDir;
    for (let i = 0; i < ANVIL_WORKERS; i++) workers.push(await startAnvil(['--load-state', deployed.state]));
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
