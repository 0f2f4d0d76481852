// Keys of the write commands, through the CLI on this worker's Anvil: an encrypted V3 keystore (one
// written here with @ethereumjs/wallet, one by the project's own `cast wallet import`) with its password
// from a file or from a terminal prompt (@inquirer/password over a stream), and each way loading a key
// fails: exit 2, one line naming the flag, variable or file, the secret never printed, nothing sent.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Wallet } from '@ethereumjs/wallet';
import { hexToBytes } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { readHolder } from '../../src/chain/index.js';
import { terminalPrompt } from '../../src/cli/main.js';
import { WAD } from '../../src/units.js';
import { ROOT } from '../helpers/anvil.js';
import { cliRunner, expectRefusal, nonceOf } from '../helpers/cli.js';
import { useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
const dir = mkdtempSync(join(tmpdir(), 'backstop-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'correct horse battery staple';
const key = generatePrivateKey();
const owner = privateKeyToAccount(key).address;
// A V3 keystore as geth and cast write them (scrypt, aes-128-ctr); n small to keep the test fast.
const keystore = join(dir, 'keystore.json');
writeFileSync(keystore, JSON.stringify(await Wallet.fromPrivateKey(hexToBytes(key)).toV3(PASSWORD, { kdf: 'scrypt', n: 1024 })));
const passwordFile = join(dir, 'password.txt');
writeFileSync(passwordFile, `${PASSWORD}\n`);
const wrongPasswordFile = join(dir, 'wrong.txt');
writeFileSync(wrongPasswordFile, 'hunter2\n');

// No key in the environment: every run here signs from a keystore or fails.
const cli = cliRunner(fx, { BACKSTOP_PRIVATE_KEY: undefined });

/** The keystore's account gets ETH for gas and DAI (the state reverts after each test). */
async function fund(daiWad: bigint) {
  await fx.testClient.setBalance({ address: owner, value: 10n ** 18n });
  await fx.fundDai(fx.wallet(key), daiWad);
}

describe('an encrypted keystore', () => {
  it('signs a real enlist with the password from --password-file', async () => {
    const low = await fx.tierAddress(100n * WAD);
    await fund(100n * WAD);
    const before = await nonceOf(fx, owner);
    const r = await cli(['enlist', '100', '--tier', '100', '--keystore', keystore, '--password-file', passwordFile, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ account: owner, shares: (100n * WAD).toString() });
    expect(await nonceOf(fx, owner)).toBe(before + 1);
    expect((await readHolder(fx.client, { syndicate: low, holder: owner })).shares).toBe(100n * WAD);
  });

  it('takes both from the environment (BACKSTOP_KEYSTORE, BACKSTOP_PASSWORD_FILE), and a ~/ path', async () => {
    const r = await cli(['deploy', '--price', '130', '--dry-run', '--json'], { BACKSTOP_KEYSTORE: keystore, BACKSTOP_PASSWORD_FILE: passwordFile });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).account).toBe(owner);
    const home = await cli(['deploy', '--price', '130', '--dry-run', '--json', '--keystore', '~/keystore.json', '--password-file', '~/password.txt'], { HOME: dir });
    expect(home.stderr).toBe('');
    expect(JSON.parse(home.stdout).account).toBe(owner);
  });

  it('reads a keystore that cast wallet import wrote', async () => {
    const castKey = generatePrivateKey();
    const keystores = join(dir, 'cast');
    mkdirSync(keystores);
    const cast = execFileSync(process.execPath, ['tools/foundry-bin.mjs', 'cast'], { cwd: ROOT, encoding: 'utf8' }).trim();
    execFileSync(cast, ['wallet', 'import', 'contributor', '--keystore-dir', keystores, '--private-key', castKey], {
      cwd: ROOT,
      env: { ...process.env, CAST_UNSAFE_PASSWORD: 'cast-pw' },
      stdio: 'ignore',
    });
    const pw = join(dir, 'cast-pw.txt');
    writeFileSync(pw, 'cast-pw\r\n');
    const r = await cli(['deploy', '--price', '130', '--dry-run', '--json', '--keystore', join(keystores, 'contributor'), '--password-file', pw]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).account).toBe(privateKeyToAccount(castKey).address);
  });

  it('asks for the password at a terminal prompt when no file is given', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const prompt = terminalPrompt(input, output);
    const asked: string[] = [];
    const withPrompt = cliRunner(fx, { BACKSTOP_PRIVATE_KEY: undefined }, {
      prompt: (message) => {
        asked.push(message);
        setTimeout(() => input.write(`${PASSWORD}\r`), 20);
        return prompt(message);
      },
    });
    const r = await withPrompt(['deploy', '--price', '130', '--dry-run', '--json', '--keystore', keystore]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).account).toBe(owner);
    expect(asked).toEqual([`Password for keystore ${keystore}:`]);
    expect(shown).toContain(`Password for keystore ${keystore}:`);
    expect(shown).not.toContain(PASSWORD);

    // A read command never asks.
    asked.length = 0;
    expect((await withPrompt(['tiers', '--keystore', keystore])).code).toBe(0);
    expect(asked).toEqual([]);
  });
});

describe('key errors: one line, exit code 2, nothing sent', () => {
  const missing = join(dir, 'missing.json');
  const notJson = join(dir, 'not-json.json');
  writeFileSync(notJson, 'UTC--2020 not json');
  const v1 = join(dir, 'v1.json');
  writeFileSync(v1, JSON.stringify({ version: 1, Crypto: {} }));
  const flag = '--keystore \\(BACKSTOP_KEYSTORE\\)';
  const cases: [string, string[], RegExp][] = [
    ['a wrong password from the file', ['--keystore', keystore, '--password-file', wrongPasswordFile], new RegExp(`^error: wrong password for keystore ${keystore}\\. check the first line of ${wrongPasswordFile} \\(--password-file \\(BACKSTOP_PASSWORD_FILE\\)\\)$`)],
    ['an unreadable keystore', ['--keystore', missing, '--password-file', passwordFile], new RegExp(`^error: ${flag}: cannot read ${missing} \\(ENOENT\\)\\. give the path of a JSON keystore file; cast wallet import writes them to ~/\\.foundry/keystores/<name>$`)],
    ['a directory for a keystore', ['--keystore', dir, '--password-file', passwordFile], new RegExp(`^error: ${flag}: cannot read ${dir} \\(EISDIR\\)`)],
    ['a keystore that is not JSON', ['--keystore', notJson, '--password-file', passwordFile], new RegExp(`^error: ${flag}: ${notJson} is not a V3 JSON keystore \\(.*\\)\\. give a keystore written by cast wallet import or geth account new$`)],
    ['a keystore of another version', ['--keystore', v1, '--password-file', passwordFile], new RegExp(`^error: ${flag}: ${v1} is not a V3 JSON keystore \\(version 1, not 3\\)`)],
    ['an unreadable password file', ['--keystore', keystore, '--password-file', missing], new RegExp(`^error: --password-file \\(BACKSTOP_PASSWORD_FILE\\): cannot read ${missing} \\(ENOENT\\)\\. give a file whose first line is the keystore's password$`)],
    ['no password and no terminal', ['--keystore', keystore], new RegExp(`^error: ${flag} ${keystore} needs its password: no --password-file \\(BACKSTOP_PASSWORD_FILE\\), and stdin is not a terminal to ask\\. give --password-file <file>, or run in a terminal to be asked$`)],
    ['a keystore and --key-env', ['--keystore', keystore, '--key-env', 'MY_KEY'], /^error: invalid configuration: --keystore \(BACKSTOP_KEYSTORE\): give a keystore or --key-env, not both\./],
    ['a password on the command line', ['--keystore', keystore, '--password', PASSWORD], /^error: --password: keys and passwords are never read from the command line/],
  ];
  for (const [what, flags, message] of cases) {
    it(what, async () => {
      await fund(10n * WAD);
      const before = await nonceOf(fx, owner);
      const r = await cli(['enlist', '10', '--tier', '100', ...flags]);
      expectRefusal(r, 2, message);
      expect(r.stderr).not.toContain(key.slice(2));
      expect(r.stderr).not.toContain(PASSWORD);
      expect(await nonceOf(fx, owner)).toBe(before);
    });
  }

  it('an account without ETH for gas: refused before sending', async () => {
    const r = await cli(['deploy', '--price', '130', '--keystore', keystore, '--password-file', passwordFile]);
    expectRefusal(r, 2, new RegExp(`^error: create tier 130 DAI/MKR: ${owner} has too little ETH to pay for gas \\(0 wei\\)\\. send the account some ETH, then try again$`));
    expect(await nonceOf(fx, owner)).toBe(0);
  });

  it('a wrong password typed at the prompt, and a prompt closed without one', async () => {
    const typed = cliRunner(fx, { BACKSTOP_PRIVATE_KEY: undefined }, { prompt: async () => 'not it' });
    expectRefusal(await typed(['skim', '--tier', '100', '--keystore', keystore]), 2, new RegExp(`^error: wrong password for keystore ${keystore}\\. check the password typed$`));
    const closed = cliRunner(fx, { BACKSTOP_PRIVATE_KEY: undefined }, {
      prompt: () => Promise.reject(new Error('User force closed the prompt with SIGINT')),
    });
    expectRefusal(
      await closed(['skim', '--tier', '100', '--keystore', keystore]),
      2,
      new RegExp(`^error: no password given for keystore ${keystore} \\(User force closed the prompt with SIGINT\\)\\. type it at the prompt, or give --password-file <file>$`),
    );
  });
});

describe('the bin', () => {
  it('never prompts when stdin is not a terminal: it says how to give the password', async () => {
    const env = { ...process.env, BACKSTOP_RPC_URL: fx.rpcUrl, BACKSTOP_DEPLOYMENTS: fx.deploymentsDir, BACKSTOP_PRIVATE_KEY: '' };
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      // This tree's bin file itself (node_modules/.bin/backstop links to it after make install).
      const bin = ['ts/bin/backstop.mjs', 'enlist', '1', '--tier', '100', '--keystore', keystore];
      const child = execFile(process.execPath, bin, { cwd: ROOT, env, encoding: 'utf8' }, (_error, stdout, stderr) =>
        resolve({ status: child.exitCode, stdout, stderr }),
      );
    });
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(/^error: --keystore \(BACKSTOP_KEYSTORE\) .* needs its password: no --password-file \(BACKSTOP_PASSWORD_FILE\), and stdin is not a terminal to ask\./);
  });
});
