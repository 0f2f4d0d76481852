/**
 * The signing key of the write commands, from one of two places, never from argv:
 * - the environment variable `config.keyEnv` names (default BACKSTOP_PRIVATE_KEY): 64 hex digits, 0x
 *   optional;
 * - an encrypted JSON keystore, V3 as `cast wallet import` and geth write it (`config.keystore`), its
 *   password read from `config.passwordFile` (first line) or, only when the caller can ask, a prompt.
 * Every failure is an `InputError` naming the variable, flag or file to fix; the key and the password
 * never appear in a message.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { Wallet } from '@ethereumjs/wallet';
import { bytesToHex, type LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { InputError } from '../errors.js';
import { FIELDS, type Config } from './schema.js';

/** Asks for a secret (the keystore's password) without echoing it; given only when stdin is a terminal. */
export type PasswordPrompt = (message: string) => Promise<string>;

export interface LoadAccountOptions {
  /** Where the key variable is read (the CLI passes process.env). */
  env: Record<string, string | undefined>;
  /** Asks for the keystore's password; leave it out where nobody can answer (stdin not a terminal). */
  prompt?: PasswordPrompt | undefined;
}

const KEY_SHAPE = /^(0x)?[0-9a-fA-F]{64}$/;

/**
 * The account that signs the write commands: from the keystore when `config.keystore` is set, from the
 * environment variable `config.keyEnv` otherwise.
 * @throws InputError key variable unset or not 64 hex digits or outside the curve's range; keystore
 *   unreadable, not JSON or not V3; password file unreadable; no password source; wrong password.
 */
export async function loadAccount(config: Pick<Config, 'keyEnv' | 'keystore' | 'passwordFile'>, options: LoadAccountOptions): Promise<LocalAccount> {
  if (config.keystore !== undefined) return loadKeystore(config.keystore, config.passwordFile, options);
  return loadEnvKey(config.keyEnv, options.env);
}

const keySources = `${FIELDS.keyEnv.flag} (${FIELDS.keyEnv.env}) names another variable; ${FIELDS.keystore.flag} (${FIELDS.keystore.env}) reads an encrypted keystore`;

function loadEnvKey(name: string, env: Record<string, string | undefined>): LocalAccount {
  const value = env[name]?.trim();
  if (!value) {
    throw new InputError(`no key: the environment variable ${name} is not set`, {
      hint: `export ${name}=0x<64 hex digits> (never on the command line), or use a keystore: ${keySources}`,
    });
  }
  if (!KEY_SHAPE.test(value)) {
    throw new InputError(`${name} does not hold a private key: expected 64 hex digits, 0x optional, got ${value.length} characters`, {
      hint: `check the variable ${name} (its value is never printed)`,
    });
  }
  const key = (value.startsWith('0x') ? value : `0x${value}`) as `0x${string}`;
  try {
    return privateKeyToAccount(key);
  } catch (error) {
    throw new InputError(`${name} does not hold a valid secp256k1 private key (zero, or not below the curve order)`, {
      hint: `check the variable ${name} (its value is never printed)`,
      cause: error,
    });
  }
}

const keystoreFlag = `${FIELDS.keystore.flag} (${FIELDS.keystore.env})`;
const passwordFlag = `${FIELDS.passwordFile.flag} (${FIELDS.passwordFile.env})`;

/** `~/x` as the shell would expand it (config files and quoted flags keep the tilde). */
function expandHome(path: string, env: Record<string, string | undefined>): string {
  return path === '~' || path.startsWith('~/') ? `${env.HOME ?? homedir()}${path.slice(1)}` : path;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error as Error).message;
}

async function loadKeystore(path: string, passwordFile: string | undefined, { env, prompt }: LoadAccountOptions): Promise<LocalAccount> {
  const file = expandHome(path, env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${keystoreFlag}: cannot read ${file} (${reason(error)})`, {
      hint: 'give the path of a JSON keystore file; cast wallet import writes them to ~/.foundry/keystores/<name>',
      cause: error,
    });
  }
  let json: Record<string, unknown>;
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the file's first characters: a password or a key put here by
      // mistake would be printed. Say only what is wrong.
      throw new Error('not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    json = parsed as Record<string, unknown>;
    // geth wrote "Crypto" in some versions; the V3 definition says "crypto".
    if (json.crypto === undefined && json.Crypto !== undefined) json = { ...json, crypto: json.Crypto };
    if (json.version !== 3) throw new Error(`version ${JSON.stringify(json.version)}, not 3`);
    const crypto = json.crypto as Record<string, unknown> | undefined;
    if (typeof crypto !== 'object' || crypto === null || typeof crypto.ciphertext !== 'string' || typeof crypto.mac !== 'string') {
      throw new Error('no crypto section with ciphertext and mac');
    }
  } catch (error) {
    throw new InputError(`${keystoreFlag}: ${file} is not a V3 JSON keystore (${(error as Error).message})`, {
      hint: 'give a keystore written by cast wallet import or geth account new',
      cause: error,
    });
  }

  let password: string;
  let passwordSource: string;
  if (passwordFile !== undefined) {
    const pwFile = expandHome(passwordFile, env);
    try {
      password = readFileSync(pwFile, 'utf8').split(/\r?\n/)[0] ?? '';
    } catch (error) {
      throw new InputError(`${passwordFlag}: cannot read ${pwFile} (${reason(error)})`, {
        hint: "give a file whose first line is the keystore's password",
        cause: error,
      });
    }
    passwordSource = `the first line of ${pwFile} (${passwordFlag})`;
  } else if (prompt) {
    try {
      password = await prompt(`Password for keystore ${file}:`);
    } catch (error) {
      throw new InputError(`no password given for keystore ${file} (${(error as Error).message})`, {
        hint: `type it at the prompt, or give ${FIELDS.passwordFile.flag} <file>`,
        cause: error,
      });
    }
    passwordSource = 'the password typed';
  } else {
    throw new InputError(`${keystoreFlag} ${file} needs its password: no ${passwordFlag}, and stdin is not a terminal to ask`, {
      hint: `give ${FIELDS.passwordFile.flag} <file>, or run in a terminal to be asked`,
    });
  }

  let wallet: Wallet;
  try {
    wallet = await Wallet.fromV3(json as unknown as Parameters<typeof Wallet.fromV3>[0], password);
  } catch (error) {
    const message = (error as Error).message;
    if (/wrong passphrase/i.test(message)) {
      throw new InputError(`wrong password for keystore ${file}`, { hint: `check ${passwordSource}`, cause: error });
    }
    throw new InputError(`${keystoreFlag}: cannot decrypt ${file} (${message})`, {
      hint: 'give a keystore written by cast wallet import or geth account new (scrypt or pbkdf2-sha256, aes-128-ctr)',
      cause: error,
    });
  }
  return privateKeyToAccount(bytesToHex(wallet.getPrivateKey()));
}
