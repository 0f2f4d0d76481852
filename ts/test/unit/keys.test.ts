// Key loading and argument parsing, without a chain: every shape of key the environment may hold,
// keystores in the variants geth and cast write (scrypt and pbkdf2, "crypto" and "Crypto"), and the
// write commands' amounts, ids and addresses parsed exactly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from '@ethereumjs/wallet';
import { hexToBytes } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAddress, parseAmount, parseAuctionId } from '../../src/cli/args.js';
import { loadAccount } from '../../src/config/keys.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'backstop-keys-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = generatePrivateKey();
const address = privateKeyToAccount(key).address;
const config = { keyEnv: 'BACKSTOP_PRIVATE_KEY', keystore: undefined, passwordFile: undefined };

async function refusal(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return `${(error as InputError).shortMessage}. ${(error as InputError).hint ?? ''}`;
  }
  throw new Error('expected an InputError');
}

describe('loadAccount from the environment', () => {
  it('takes 64 hex digits with or without 0x, surrounding blanks ignored', async () => {
    expect((await loadAccount(config, { env: { BACKSTOP_PRIVATE_KEY: key } })).address).toBe(address);
    expect((await loadAccount(config, { env: { BACKSTOP_PRIVATE_KEY: ` ${key.slice(2)}\n` } })).address).toBe(address);
    expect((await loadAccount({ ...config, keyEnv: 'MY_KEY' }, { env: { MY_KEY: key } })).address).toBe(address);
  });

  it('names the variable, never the value', async () => {
    expect(await refusal(loadAccount(config, { env: {} }))).toMatch(/^no key: the environment variable BACKSTOP_PRIVATE_KEY is not set\./);
    expect(await refusal(loadAccount(config, { env: { BACKSTOP_PRIVATE_KEY: '' } }))).toMatch(/is not set/);
    const short = await refusal(loadAccount(config, { env: { BACKSTOP_PRIVATE_KEY: key.slice(0, 60) } }));
    expect(short).toMatch(/^BACKSTOP_PRIVATE_KEY does not hold a private key: expected 64 hex digits, 0x optional, got 60 characters\./);
    expect(short).not.toContain(key.slice(2, 60));
    const notHex = `0x${'g'.repeat(64)}`;
    expect(await refusal(loadAccount(config, { env: { BACKSTOP_PRIVATE_KEY: notHex } }))).toMatch(/does not hold a private key/);
    expect(await refusal(loadAccount(config, { env: { BACKSTOP_PRIVATE_KEY: `0x${'0'.repeat(64)}` } }))).toMatch(/does not hold a valid secp256k1 private key/);
  });
});

describe('loadAccount from a keystore', () => {
  const wallet = Wallet.fromPrivateKey(hexToBytes(key));
  const passwordFile = join(dir, 'pw');
  writeFileSync(passwordFile, 'pw\nsecond line ignored\n');

  it('decrypts scrypt and pbkdf2 keystores, and geth\'s capitalised "Crypto"', async () => {
    const scrypt = await wallet.toV3('pw', { kdf: 'scrypt', n: 1024 });
    const pbkdf2 = await wallet.toV3('pw', { kdf: 'pbkdf2', c: 1024 });
    const { crypto, ...rest } = scrypt as unknown as { crypto: unknown } & Record<string, unknown>;
    const capitalised = { ...rest, Crypto: crypto };
    for (const [name, json] of Object.entries({ scrypt, pbkdf2, capitalised })) {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify(json));
      const account = await loadAccount({ ...config, keystore: path, passwordFile }, { env: {} });
      expect(account.address, name).toBe(address);
    }
  });

  it('asks the prompt only when no password file is given', async () => {
    const path = join(dir, 'prompted.json');
    writeFileSync(path, JSON.stringify(await wallet.toV3('typed', { kdf: 'scrypt', n: 1024 })));
    const asked: string[] = [];
    const prompt = async (message: string) => {
      asked.push(message);
      return 'typed';
    };
    expect((await loadAccount({ ...config, keystore: path }, { env: {}, prompt })).address).toBe(address);
    expect(asked).toEqual([`Password for keystore ${path}:`]);
    expect(await refusal(loadAccount({ ...config, keystore: path, passwordFile }, { env: {}, prompt }))).toMatch(/^wrong password for keystore/);
    expect(asked).toHaveLength(1);
  });

  it('refuses an unsupported cipher or kdf with the file named', async () => {
    const json = (await wallet.toV3('pw', { kdf: 'scrypt', n: 1024 })) as unknown as { crypto: Record<string, unknown> };
    const path = join(dir, 'odd-kdf.json');
    writeFileSync(path, JSON.stringify({ ...json, crypto: { ...json.crypto, kdf: 'argon2' } }));
    expect(await refusal(loadAccount({ ...config, keystore: path, passwordFile }, { env: {} }))).toMatch(
      new RegExp(`^--keystore \\(BACKSTOP_KEYSTORE\\): cannot decrypt ${path} \\(Unsupported key derivation scheme\\)\\. give a keystore written by cast wallet import`),
    );
  });
});

describe('arguments of the write commands', () => {
  const amount = (text: string) => parseAmount(text, { arg: '<dai>', unit: 'DAI', example: 'backstop enlist 1000' });

  it('parses decimal amounts exactly into 18 decimals', () => {
    expect(amount('1000')).toBe(1000n * 10n ** 18n);
    expect(amount(' 0.5 ')).toBe(5n * 10n ** 17n);
    expect(amount('0.000000000000000001')).toBe(1n);
    expect(amount('123456789012345678901234567890.123456789012345678')).toBe(123456789012345678901234567890123456789012345678n);
  });

  it('refuses malformed, negative, over-precise and zero amounts, saying which', async () => {
    for (const [text, message] of [
      ['1.2.3', /^<dai>: "1\.2\.3" is not a decimal number\. give a positive number of DAI with at most 18 decimals, e\.g\. backstop enlist 1000$/],
      ['1e3', /is not a decimal number/],
      ['1,000', /is not a decimal number/],
      ['', /"" is not a decimal number/],
      ['.5', /is not a decimal number/],
      ['-5', /^<dai>: "-5" is negative\./],
      ['-.5', /is negative/],
      ['0.1234567890123456789', /has 19 decimals; at most 18 are allowed/],
      ['0', /"0" is zero/],
      ['0.000000000000000000', /is zero/],
    ] as const) {
      expect(await refusal(() => amount(text)), text).toMatch(message);
    }
  });

  it('parses auction ids and addresses', async () => {
    expect(parseAuctionId('42')).toBe(42n);
    expect(await refusal(() => parseAuctionId('-1'))).toMatch(/"-1" is not an auction id/);
    expect(await refusal(() => parseAuctionId('1.5'))).toMatch(/is not an auction id/);
    expect(await refusal(() => parseAuctionId('9'.repeat(80)))).toMatch(/is not an auction id/);
    expect(parseAddress(address.toLowerCase(), '--tier')).toBe(address);
    expect(await refusal(() => parseAddress('0x12', '--tier'))).toMatch(/^--tier: "0x12" is not an address \(not 0x and 40 hex digits\)\. copy the address again, e\.g\. from backstop tiers$/);
    // `backstop tiers` lists tiers, not holders: a holder's address comes from elsewhere.
    expect(await refusal(() => parseAddress('nobody', '--holder'))).toMatch(/^--holder: "nobody" is not an address .*\. copy the address again from where you got it \(a wallet, a block explorer\)$/);
  });
});
