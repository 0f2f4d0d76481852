/**
 * The configuration: one zod schema, every field with the flag and environment variable that set it.
 * Values come from flags, then the environment, then an optional JSON file (`--config`); every
 * missing or malformed value is reported on its own line, naming where to set it.
 */
import { readFileSync } from 'node:fs';
import { isAddress, type Address } from 'viem';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseUnit } from '../units.js';
import { KEEPER_FIELDS } from './keeper.js';

export const CHAIN_KINDS = ['local', 'fork', 'mainnet'] as const;
export type ChainKind = (typeof CHAIN_KINDS)[number];

const GWEI = 10n ** 9n;
const decimal = /^\d+(\.\d+)?$/;
const wadString = (what: string) =>
  z
    .string({ error: `must be a decimal number of ${what}` })
    .trim()
    .regex(decimal, { error: `must be a decimal number of ${what}, e.g. 100 or 0.5` })
    .transform((text) => parseUnit(text, 'wad'));
const gweiString = z
  .string({ error: 'must be a decimal number of gwei' })
  .trim()
  .regex(decimal, { error: 'must be a decimal number of gwei, e.g. 50 or 1.5' })
  .refine((text) => (text.split('.')[1] ?? '').length <= 9, { error: 'has more than 9 decimals of gwei' })
  .transform((text) => parseUnit(text, 'wad') / 10n ** 9n);
const address = z
  .string({ error: 'must be an address' })
  .refine((text) => isAddress(text, { strict: false }), { error: 'must be a 0x address of 40 hex digits' })
  .transform((text) => text as Address);
const list = (item: z.ZodType) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(item, { error: 'must be a list' }),
  );

export const configSchema = z.object({
  chain: z.enum(CHAIN_KINDS, { error: `must be one of ${CHAIN_KINDS.join(', ')}` }).default('local'),
  rpcUrl: z
    .string({ error: 'is missing' })
    .trim()
    .regex(/^(https?|wss?):\/\/[^\s,]+(,\s*(https?|wss?):\/\/[^\s,]+)*$/, { error: 'must be an http(s):// or ws(s):// URL, or several comma-separated' })
    .optional(),
  deployments: z.string({ error: 'must be a directory' }).min(1, { error: 'must not be empty' }).default('deployments'),
  factory: address.optional(),
  tiers: list(wadString('DAI per MKR')).optional(),
  keyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be the name of an environment variable' })
    .default('BACKSTOP_PRIVATE_KEY'),
  keystore: z.string().min(1).optional(),
  passwordFile: z.string().min(1).optional(),
  maxFeeGwei: gweiString.default(300n * GWEI),
  maxPriorityFeeGwei: gweiString.default(3n * GWEI),
});

type Parsed = z.output<typeof configSchema>;
/** The validated configuration. Fees are in wei; tiers in wad DAI per MKR. */
export interface Config {
  chain: ChainKind;
  rpcUrl: string;
  deploymentsDir: string;
  factory: Address | undefined;
  tierLimitsWad: bigint[] | undefined;
  keyEnv: string;
  keystore: string | undefined;
  /** A file whose first line is the keystore's password (instead of the prompt). */
  passwordFile: string | undefined;
  maxFeePerGasWei: bigint;
  maxPriorityFeePerGasWei: bigint;
}

export type ConfigKey = keyof z.input<typeof configSchema>;

export interface FieldDoc {
  flag: string;
  env: string;
  description: string;
}

/** Where each field is set. `satisfies` makes a field without a flag or variable a compile error. */
export const FIELDS = {
  chain: { flag: '--chain', env: 'BACKSTOP_CHAIN', description: 'local (the deployments JSON), fork (mainnet addresses, any chain id) or mainnet' },
  rpcUrl: { flag: '--rpc-url', env: 'BACKSTOP_RPC_URL', description: 'JSON-RPC URL (http, https, ws, wss), or several comma-separated for fallback; local defaults to http://127.0.0.1:8545' },
  deployments: { flag: '--deployments', env: 'BACKSTOP_DEPLOYMENTS', description: 'directory with mcd-<chainid>.json and syndicate-<chainid>.json' },
  factory: { flag: '--factory', env: 'BACKSTOP_FACTORY', description: 'SyndicateFactory address (default: syndicate-<chainid>.json)' },
  tiers: { flag: '--tiers', env: 'BACKSTOP_TIERS', description: 'tiers to run, as limits in DAI per MKR, comma-separated (default: every tier of the factory)' },
  keyEnv: { flag: '--key-env', env: 'BACKSTOP_KEY_ENV', description: 'name of the environment variable holding the private key' },
  keystore: { flag: '--keystore', env: 'BACKSTOP_KEYSTORE', description: 'encrypted JSON keystore file (instead of --key-env)' },
  passwordFile: { flag: '--password-file', env: 'BACKSTOP_PASSWORD_FILE', description: "file holding the keystore's password (default: asked in a terminal)" },
  maxFeeGwei: { flag: '--max-fee-gwei', env: 'BACKSTOP_MAX_FEE_GWEI', description: 'cap on maxFeePerGas, gwei' },
  maxPriorityFeeGwei: { flag: '--max-priority-fee-gwei', env: 'BACKSTOP_MAX_PRIORITY_FEE_GWEI', description: 'cap on maxPriorityFeePerGas, gwei' },
} as const satisfies Record<ConfigKey, FieldDoc>;

export const DEFAULT_LOCAL_RPC = 'http://127.0.0.1:8545';

export interface ConfigSources {
  /** Parsed flags, keyed as the schema (commander's camelCase). */
  flags?: Partial<Record<ConfigKey, unknown>> & { config?: string | undefined };
  env?: Record<string, string | undefined>;
}

/**
 * Builds and validates the configuration. Throws one `InputError` listing every problem, one line each:
 * `--rpc-url (BACKSTOP_RPC_URL): must be an http(s):// or ws(s):// URL, got "foo"`.
 */
export function loadConfig({ flags = {}, env = process.env }: ConfigSources = {}): Config {
  const problems: string[] = [];
  let file: Record<string, unknown> = {};
  const filePath = flags.config ?? env.BACKSTOP_CONFIG;
  if (filePath) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      file = parsed as Record<string, unknown>;
      for (const key of Object.keys(file)) {
        if (!(key in FIELDS) && !(key in KEEPER_FIELDS)) {
          problems.push(`--config (BACKSTOP_CONFIG) ${filePath}: unknown field "${key}"; known: ${[...Object.keys(FIELDS), ...Object.keys(KEEPER_FIELDS)].join(', ')}`);
        }
      }
    } catch (error) {
      problems.push(`--config (BACKSTOP_CONFIG): cannot read ${filePath} as a JSON object (${(error as Error).message})`);
    }
  }

  const raw: Record<string, unknown> = {};
  const origin: Record<string, unknown> = {};
  for (const [key, doc] of Object.entries(FIELDS)) {
    const value = flags[key as ConfigKey] ?? env[doc.env] ?? file[key];
    if (value !== undefined && value !== '') {
      raw[key] = value;
      origin[key] = value;
    }
  }

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '') as ConfigKey;
      const doc: FieldDoc | undefined = FIELDS[key];
      const got = origin[key] === undefined ? '' : `, got ${JSON.stringify(origin[key])}`;
      problems.push(doc ? `${doc.flag} (${doc.env}): ${issue.message}${got}` : issue.message);
    }
  }
  const parsed: Parsed | undefined = result.success ? result.data : undefined;
  if (parsed && parsed.rpcUrl === undefined && parsed.chain !== 'local') {
    problems.push(`${FIELDS.rpcUrl.flag} (${FIELDS.rpcUrl.env}): is missing; a ${parsed.chain} chain has no default RPC URL`);
  }
  if (parsed?.keystore !== undefined && (flags.keyEnv ?? env[FIELDS.keyEnv.env]) !== undefined) {
    problems.push(`${FIELDS.keystore.flag} (${FIELDS.keystore.env}): give a keystore or ${FIELDS.keyEnv.flag}, not both`);
  }
  if (problems.length > 0 || !parsed) {
    throw new InputError(
      problems.length === 1 ? `invalid configuration: ${problems[0]}` : `invalid configuration (${problems.length} problems)`,
      { details: problems.length === 1 ? undefined : problems.join('\n'), hint: 'backstop --help lists every flag and variable' },
    );
  }
  return {
    chain: parsed.chain,
    rpcUrl: parsed.rpcUrl ?? DEFAULT_LOCAL_RPC,
    deploymentsDir: parsed.deployments,
    factory: parsed.factory,
    tierLimitsWad: parsed.tiers as bigint[] | undefined,
    keyEnv: parsed.keyEnv,
    keystore: parsed.keystore,
    passwordFile: parsed.passwordFile,
    maxFeePerGasWei: parsed.maxFeeGwei,
    maxPriorityFeePerGasWei: parsed.maxPriorityFeeGwei,
  };
}
