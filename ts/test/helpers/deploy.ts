// The local MCD and the syndicate factory, deployed once with the Forge scripts and dumped as an Anvil
// state: the vitest global setup (globalSetup.ts) and the keeper benchmarks (bench/keeper.ts) start their
// Anvils from it.
// 1. an Anvil on a free port; the Forge deploy scripts run against it (DeployMcd, then DeploySyndicate
//    twice: a factory with the 100 DAI/MKR tier, then a 250 DAI/MKR tier on the same factory);
// 2. Anvil stops and dumps its state (--dump-state); the deploy records are copied next to it.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_DEPLOYER_KEY, forgeScript as runScript, withFrozenClock } from '../../src/devchain/deploy.js';
import { foundryBin, ROOT, startAnvil, TEST_CHAIN_ID } from './anvil.js';

// Anvil's first default account: a well-known development key, never used on a real network.
export const DEPLOYER_KEY = DEV_DEPLOYER_KEY;

const forgeScript = (script: string, rpcUrl: string, env: Record<string, string> = {}) => runScript(foundryBin('forge'), script, rpcUrl, env, process.env);

/** Where a deployed state was written: the Anvil state file and a directory with the deploy records. */
export interface DeployedState {
  /** For `anvil --load-state`. */
  state: string;
  /** Holds mcd-<chainid>.json and syndicate-<chainid>.json (an address book's `deploymentsDir`). */
  deploymentsDir: string;
}

/**
 * Deploys the local MCD and a factory with the 100 and 250 DAI/MKR tiers on a fresh Anvil (chain id
 * TEST_CHAIN_ID), stops it, and leaves its state in `scratch`/state.json and the deploy records in
 * `scratch`/deployments/. `scratch` must exist; the caller removes it. The scripts also write their
 * records to the repository's deployments/ (as `make chain` does, under another chain id).
 * Errors: Anvil failing to start, or a Forge script failing (its output in the error).
 */
export async function deployLocalState(scratch: string): Promise<DeployedState> {
  const state = join(scratch, 'state.json');
  const deploymentsDir = join(scratch, 'deployments');
  const deployer = await startAnvil(['--dump-state', state]);
  try {
    // The clock stopped while the scripts run (see withFrozenClock: a script crossing a second reverts).
    await withFrozenClock(deployer.rpcUrl, async () => {
      await forgeScript('script/DeployMcd.s.sol', deployer.rpcUrl);
      await forgeScript('script/DeploySyndicate.s.sol', deployer.rpcUrl, { LIMIT_WAD: '100000000000000000000' });
      const record = readFileSync(join(ROOT, `deployments/syndicate-${TEST_CHAIN_ID}.json`), 'utf8');
      const { factory } = JSON.parse(record) as { factory: string };
      await forgeScript('script/DeploySyndicate.s.sol', deployer.rpcUrl, { LIMIT_WAD: '250000000000000000000', FACTORY: factory });
    });
  } finally {
    await deployer.stop();
  }
  mkdirSync(deploymentsDir);
  for (const name of [`mcd-${TEST_CHAIN_ID}.json`, `syndicate-${TEST_CHAIN_ID}.json`]) {
    copyFileSync(join(ROOT, 'deployments', name), join(deploymentsDir, name));
  }
  return { state, deploymentsDir };
}
