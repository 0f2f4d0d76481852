// Anvil for tests: the project's own binary (tools/foundry-bin.mjs, the npm @foundry-rs/anvil platform
// package), started on a free port (--port 0) and stopped by the test run that started it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** A chain id of its own, so the deploy records (deployments/*-31339.json) never clash with `make chain`'s. */
export const TEST_CHAIN_ID = 31339;

export function foundryBin(tool: 'anvil' | 'forge'): string {
  const fromEnv = process.env[tool.toUpperCase()];
  if (fromEnv) return fromEnv;
  return execFileSync(process.execPath, ['tools/foundry-bin.mjs', tool], { cwd: ROOT, encoding: 'utf8' }).trim();
}

export interface AnvilInstance {
  rpcUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startAnvil(args: readonly string[] = []): Promise<AnvilInstance> {
  const child = spawn(foundryBin('anvil'), ['--port', '0', '--chain-id', String(TEST_CHAIN_ID), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rpcUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`anvil did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on ([\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // keep draining, or anvil blocks on a full pipe
        resolve(`http://${match[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code} before listening:\n${output}`));
    });
  });
  child.stderr?.resume();
  return {
    rpcUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
