// Anvil for tests: src/devchain/anvil.ts on a free port (--port 0) under the tests' own chain id,
// with the binary from the environment (ANVIL=...) or the npm platform package.
import { foundryBin as findBin, REPO_ROOT, startAnvil as start, type AnvilInstance } from '../../src/devchain/anvil.js';

export type { AnvilInstance } from '../../src/devchain/anvil.js';
export const ROOT = REPO_ROOT;
/** A chain id of its own, so the deploy records (deployments/*-31339.json) never clash with `make chain`'s. */
export const TEST_CHAIN_ID = 31339;

export function foundryBin(tool: 'anvil' | 'forge'): string {
  return findBin(tool, process.env[tool.toUpperCase()]);
}

/** An Anvil on a free port with the tests' chain id; `args` are anvil's flags. */
export function startAnvil(args: readonly string[] = []): Promise<AnvilInstance> {
  return start({ bin: foundryBin('anvil'), chainId: TEST_CHAIN_ID, extraArgs: args });
}
