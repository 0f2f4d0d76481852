import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAINNET_MAKER, loadConfig, requireFactory, resolveAddressBook } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'backstop-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const MCD = { vat: A(1), dai: A(2), daiJoin: A(3), weth: A(4), ethJoin: A(5), mkr: A(6), mkrAuthority: A(7), feed: A(8), pip: A(9), spotter: A(10), jug: A(11), cat: A(12), ethFlip: A(13), vow: A(14), flop: A(15), chainId: 31337, profile: 'post' };

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    return e.details ? e.details.split('\n') : [e.shortMessage];
  }
  throw new Error('expected an InputError');
}

describe('config', () => {
  it('defaults to the local chain on 127.0.0.1:8545 with every tier', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({ chain: 'local', rpcUrl: 'http://127.0.0.1:8545', deploymentsDir: 'deployments', tierLimitsWad: undefined });
    expect(config.maxFeePerGasWei).toBe(300n * 10n ** 9n);
  });

  it('takes flags over the environment over the file, and parses tiers and fee caps exactly', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ rpcUrl: 'http://file:1', tiers: ['100'], maxPriorityFeeGwei: '1.5' }));
    const config = loadConfig({
      flags: { config: file, rpcUrl: 'http://flag:1' },
      env: { BACKSTOP_RPC_URL: 'http://env:1', BACKSTOP_TIERS: '100, 187.5', BACKSTOP_CHAIN: 'fork' },
    });
    expect(config.rpcUrl).toBe('http://flag:1');
    expect(config.chain).toBe('fork');
    expect(config.tierLimitsWad).toEqual([100n * 10n ** 18n, 1875n * 10n ** 17n]);
    expect(config.maxPriorityFeePerGasWei).toBe(1_500_000_000n);
  });

  it('names every bad value on its own line, with the flag and variable that set it', () => {
    const lines = problems(() =>
      loadConfig({ env: { BACKSTOP_RPC_URL: 'localhost', BACKSTOP_CHAIN: 'goerli', BACKSTOP_TIERS: '100,abc', BACKSTOP_FACTORY: '0x123', BACKSTOP_MAX_FEE_GWEI: '-1' } }),
    );
    expect(lines).toHaveLength(5);
    expect(lines).toContainEqual(expect.stringMatching(/^--rpc-url \(BACKSTOP_RPC_URL\): must be an http\(s\):\/\/ or ws\(s\):\/\/ URL, or several comma-separated, got "localhost"$/));
    expect(lines).toContainEqual(expect.stringMatching(/^--chain \(BACKSTOP_CHAIN\): must be one of local, fork, mainnet/));
    expect(lines).toContainEqual(expect.stringMatching(/^--tiers \(BACKSTOP_TIERS\): must be a decimal number of DAI per MKR/));
    expect(lines).toContainEqual(expect.stringMatching(/^--factory \(BACKSTOP_FACTORY\): must be a 0x address/));
    expect(lines).toContainEqual(expect.stringMatching(/^--max-fee-gwei \(BACKSTOP_MAX_FEE_GWEI\): must be a decimal number of gwei/));
  });

  it('asks for an RPC URL on mainnet and forks, and refuses a keystore with --key-env', () => {
    expect(problems(() => loadConfig({ env: { BACKSTOP_CHAIN: 'mainnet' } }))).toEqual([
      'invalid configuration: --rpc-url (BACKSTOP_RPC_URL): is missing; a mainnet chain has no default RPC URL',
    ]);
    const lines = problems(() => loadConfig({ flags: { keystore: 'k.json', keyEnv: 'MY_KEY' }, env: {} }));
    expect(lines[0]).toMatch(/--keystore \(BACKSTOP_KEYSTORE\): give a keystore or --key-env, not both/);
  });

  it('reports a config file that is not JSON, and unknown fields in it', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(problems(() => loadConfig({ flags: { config: bad }, env: {} }))[0]).toMatch(/--config \(BACKSTOP_CONFIG\): cannot read .*bad\.json as a JSON object/);
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ rpc: 'x' }));
    expect(problems(() => loadConfig({ flags: { config: unknown }, env: {} }))[0]).toMatch(/unknown field "rpc"/);
  });
});

describe('address book', () => {
  it('resolves the local chain from the deploy records', () => {
    const local = join(dir, 'local');
    rmSync(local, { recursive: true, force: true });
    mkdirSync(local);
    writeFileSync(join(local, 'mcd-31337.json'), JSON.stringify(MCD));
    writeFileSync(join(local, 'syndicate-31337.json'), JSON.stringify({ factory: A(99), chainId: 31337 }));
    const book = resolveAddressBook({ chain: 'local', chainId: 31337, deploymentsDir: local });
    expect(book.maker.flop.toLowerCase()).toBe(A(15));
    expect(book.maker.feed?.toLowerCase()).toBe(A(8));
    expect(book.factory?.toLowerCase()).toBe(A(99));
  });

  it('names each missing or malformed entry of a record on its own line', () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken, { recursive: true });
    const { vow: _vow, flop: _flop, ...rest } = MCD;
    writeFileSync(join(broken, 'mcd-31337.json'), JSON.stringify({ ...rest, vat: 'vat', chainId: 1 }));
    const lines = problems(() => resolveAddressBook({ chain: 'local', chainId: 31337, deploymentsDir: broken }));
    expect(lines).toHaveLength(4);
    expect(lines).toContainEqual(expect.stringMatching(/mcd-31337\.json: records chain id 1, but the RPC answers 31337/));
    expect(lines).toContainEqual(expect.stringMatching(/mcd-31337\.json: "vat" is "vat", not a 0x address/));
    expect(lines).toContainEqual(expect.stringMatching(/mcd-31337\.json: "vow" is missing/));
    expect(lines).toContainEqual(expect.stringMatching(/mcd-31337\.json: "flop" is missing/));
  });

  it('says how to get a missing record', () => {
    const [line] = problems(() => resolveAddressBook({ chain: 'local', chainId: 5, deploymentsDir: join(dir, 'none') }));
    expect(line).toMatch(/mcd-5\.json: not found; deploy the local MCD \(make chain\) or set --deployments \(BACKSTOP_DEPLOYMENTS\)/);
  });

  it("uses Maker's mainnet addresses on mainnet and forks, the factory from --factory", () => {
    const book = resolveAddressBook({ chain: 'mainnet', chainId: 1, deploymentsDir: join(dir, 'none'), factory: A(42) as `0x${string}` });
    expect(book.maker).toEqual(MAINNET_MAKER);
    expect(book.maker.flop).toBe('0x4D95A049d5B0b7d32058cd3F2163015747522e99');
    expect(book.factory).toBe(A(42));
    const fork = resolveAddressBook({ chain: 'fork', chainId: 31337, deploymentsDir: join(dir, 'none') });
    expect(fork.maker.vat).toBe(MAINNET_MAKER.vat);
    expect(() => requireFactory(fork, 'deployments')).toThrow(/no SyndicateFactory known for chain 31337/);
    expect(problems(() => resolveAddressBook({ chain: 'mainnet', chainId: 5, deploymentsDir: dir }))[0]).toMatch(/use --chain fork/);
  });
});

describe('keeper settings', () => {
  it('take flags over the environment over the config file, with the defaults documented', async () => {
    const { loadKeeperConfig } = await import('../../src/config/keeper.js');
    const defaults = loadKeeperConfig({ env: {} });
    expect(defaults).toMatchObject({ dryRun: false, bid: true, tick: true, claim: false, pollMs: 2_000, stallSeconds: 120, maxLagBlocks: 3, minBalanceWei: 10n ** 17n, bumpAfterMs: 42_000, bumpAfterBlocks: 3n, metrics: { host: '127.0.0.1', port: 9464 } });
    const set = loadKeeperConfig({ flags: { pollMs: '250', dryRun: true }, env: { BACKSTOP_POLL_MS: '999', BACKSTOP_VOW: 'flop,kiss', BACKSTOP_METRICS: 'off', BACKSTOP_SKIP_TICKS: 'true', BACKSTOP_MIN_BALANCE_ETH: '0.5' } });
    expect(set).toMatchObject({ pollMs: 250, dryRun: true, vow: { flop: true, kiss: true, heal: false }, metrics: undefined, tick: false, minBalanceWei: 5n * 10n ** 17n });
    expect(loadKeeperConfig({ flags: { claim: true }, env: {} }).claim).toBe(true);
    expect(loadKeeperConfig({ env: { BACKSTOP_CLAIM: 'yes' } }).claim).toBe(true);
  });

  it('names every bad value with its flag and variable', async () => {
    const { loadKeeperConfig } = await import('../../src/config/keeper.js');
    let error: unknown;
    try {
      loadKeeperConfig({ env: { BACKSTOP_POLL_MS: '10', BACKSTOP_DRY_RUN: 'maybe', BACKSTOP_FROM_BLOCK: '-3', BACKSTOP_METRICS: '127.0.0.1:99999' } });
    } catch (e) {
      error = e;
    }
    const details = String((error as { details?: string }).details).split('\n');
    expect(details).toEqual([
      '--dry-run (BACKSTOP_DRY_RUN): must be true or false, got "maybe"',
      '--from-block (BACKSTOP_FROM_BLOCK): must be a block number (digits only), got "-3"',
      '--poll-ms (BACKSTOP_POLL_MS): must be at least 50 ms, got "10"',
    ]);
    expect(() => loadKeeperConfig({ env: { BACKSTOP_METRICS: '127.0.0.1:99999' } })).toThrow(/port 99999 is above 65535/);
  });
});
