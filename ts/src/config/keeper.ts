/**
 * The keeper's own settings (`backstop keeper`), in the same shape as the global ones (schema.ts): one
 * zod schema, each field with its flag, environment variable and description; values from flags, then
 * the environment, then the `--config` file; every problem reported on its own line.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseUnit } from '../units.js';

const VOW_ACTIONS = ['flop', 'kiss', 'heal'] as const;
export type VowAction = (typeof VOW_ACTIONS)[number];

const bool = z.preprocess(
  (v) => (typeof v === 'string' ? (/^(1|true|yes|on)$/i.test(v) ? true : /^(0|false|no|off)$/i.test(v) ? false : v) : v),
  z.boolean({ error: 'must be true or false' }),
);
const int = (what: string, min: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number({ error: `must be a whole number of ${what}` }).int({ error: `must be a whole number of ${what}` }).min(min, { error: `must be at least ${min} ${what}` }),
  );
const blockNumber = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z
    .string({ error: 'must be a block number' })
    .trim()
    .regex(/^\d+$/, { error: 'must be a block number (digits only)' })
    .transform((s) => BigInt(s)),
);

export const keeperSchema = z.object({
  dryRun: bool.default(false),
  skipBids: bool.default(false),
  skipTicks: bool.default(false),
  claim: bool.default(false),
  vow: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
      z.array(z.enum(VOW_ACTIONS, { error: `each must be one of ${VOW_ACTIONS.join(', ')}` })),
    )
    .default([]),
  fromBlock: blockNumber.optional(),
  pollMs: int('ms', 50).default(2_000),
  stallSeconds: int('s', 1).default(120),
  maxLagBlocks: int('blocks', 0).default(3),
  minBalanceEth: z
    .string({ error: 'must be a decimal number of ETH' })
    .trim()
    .regex(/^\d+(\.\d{1,18})?$/, { error: 'must be a decimal number of ETH with at most 18 decimals, e.g. 0.1' })
    .transform((s) => parseUnit(s, 'wad'))
    .default(10n ** 17n),
  bumpAfterSeconds: int('s', 1).default(42),
  bumpAfterBlocks: int('blocks', 1).default(3),
  metrics: z
    .string({ error: 'must be host:port or off' })
    .trim()
    .regex(/^(off|[\w.-]+:\d{1,5}|\[[0-9a-f:]+\]:\d{1,5})$/i, { error: 'must be host:port (e.g. 127.0.0.1:9464) or off' })
    .default('127.0.0.1:9464'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
});

export type KeeperConfigKey = keyof z.input<typeof keeperSchema>;

/** Where each keeper field is set; `boolean` fields are flags without a value. */
export const KEEPER_FIELDS = {
  dryRun: { flag: '--dry-run', env: 'BACKSTOP_DRY_RUN', description: 'simulate and log what would be sent; send nothing', boolean: true },
  skipBids: { flag: '--skip-bids', env: 'BACKSTOP_SKIP_BIDS', description: 'never bid: only settle and tick', boolean: true },
  skipTicks: { flag: '--skip-ticks', env: 'BACKSTOP_SKIP_TICKS', description: 'never tick unbid auctions that ended', boolean: true },
  claim: { flag: '--claim', env: 'BACKSTOP_CLAIM', description: "after a round closes, claim(holder) for each of its requesters (their shares, DAI and MKR go to them; the keeper pays the gas; default off)", boolean: true },
  vow: { flag: '--vow', env: 'BACKSTOP_VOW', description: 'also call the Vow when it allows: flop, kiss, heal (comma-separated; default none)', boolean: false },
  fromBlock: { flag: '--from-block', env: 'BACKSTOP_FROM_BLOCK', description: "first block to scan for Kick logs (default: the deployment record's block, or the Flopper's on mainnet)", boolean: false },
  pollMs: { flag: '--poll-ms', env: 'BACKSTOP_POLL_MS', description: 'how often to ask for a new block, ms (default 2000)', boolean: false },
  stallSeconds: { flag: '--stall-seconds', env: 'BACKSTOP_STALL_SECONDS', description: 'alarm and fail /healthz when no block arrives for this long, s (default 120)', boolean: false },
  maxLagBlocks: { flag: '--max-lag-blocks', env: 'BACKSTOP_MAX_LAG_BLOCKS', description: 'fail /healthz when this many blocks behind the head (default 3)', boolean: false },
  minBalanceEth: { flag: '--min-balance-eth', env: 'BACKSTOP_MIN_BALANCE_ETH', description: "warn when the keeper's ETH falls below this (default 0.1)", boolean: false },
  bumpAfterSeconds: { flag: '--bump-after-seconds', env: 'BACKSTOP_BUMP_AFTER_SECONDS', description: 'bump the fees of a transaction pending this long, s (default 42)', boolean: false },
  bumpAfterBlocks: { flag: '--bump-after-blocks', env: 'BACKSTOP_BUMP_AFTER_BLOCKS', description: 'or pending this many blocks (default 3)', boolean: false },
  metrics: { flag: '--metrics', env: 'BACKSTOP_METRICS', description: '/metrics and /healthz listen here, host:port or off (default 127.0.0.1:9464)', boolean: false },
  logLevel: { flag: '--log-level', env: 'BACKSTOP_LOG_LEVEL', description: 'fatal|error|warn|info|debug|trace|silent (default info)', boolean: false },
} as const satisfies Record<KeeperConfigKey, { flag: string; env: string; description: string; boolean: boolean }>;

export interface KeeperConfig {
  dryRun: boolean;
  bid: boolean;
  tick: boolean;
  /** claim(holder) for the requesters of closed rounds. */
  claim: boolean;
  vow: { flop: boolean; kiss: boolean; heal: boolean };
  fromBlock: bigint | undefined;
  pollMs: number;
  stallSeconds: number;
  maxLagBlocks: number;
  /** wei */
  minBalanceWei: bigint;
  bumpAfterMs: number;
  bumpAfterBlocks: bigint;
  /** undefined: off */
  metrics: { host: string; port: number } | undefined;
  logLevel: string;
}

/**
 * Validates the keeper's settings. Throws one `InputError` naming every bad value's flag and variable.
 * @param file The `--config` JSON file's path, if any (its keeper fields are read; others are the global schema's).
 */
export function loadKeeperConfig({ flags = {}, env, file }: { flags?: Partial<Record<KeeperConfigKey, unknown>>; env: Record<string, string | undefined>; file?: string | undefined }): KeeperConfig {
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      fromFile = {}; // loadConfig reports an unreadable file
    }
  }
  const raw: Record<string, unknown> = {};
  for (const [key, doc] of Object.entries(KEEPER_FIELDS)) {
    const value = flags[key as KeeperConfigKey] ?? env[doc.env] ?? fromFile[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = keeperSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '') as KeeperConfigKey;
      const doc = KEEPER_FIELDS[key];
      const got = raw[key] === undefined ? '' : `, got ${JSON.stringify(raw[key])}`;
      return doc ? `${doc.flag} (${doc.env}): ${issue.message}${got}` : issue.message;
    });
    throw new InputError(problems.length === 1 ? `invalid keeper setting: ${problems[0]}` : `invalid keeper settings (${problems.length} problems)`, {
      details: problems.length === 1 ? undefined : problems.join('\n'),
      hint: 'backstop keeper --help lists every flag and variable',
    });
  }
  const c = result.data;
  let metrics: KeeperConfig['metrics'];
  if (c.metrics !== 'off') {
    const at = c.metrics.lastIndexOf(':');
    const port = Number(c.metrics.slice(at + 1));
    if (port > 65_535) throw new InputError(`invalid keeper setting: ${KEEPER_FIELDS.metrics.flag} (${KEEPER_FIELDS.metrics.env}): port ${port} is above 65535`);
    metrics = { host: c.metrics.slice(0, at).replace(/^\[|\]$/g, ''), port };
  }
  return {
    dryRun: c.dryRun,
    bid: !c.skipBids,
    tick: !c.skipTicks,
    claim: c.claim,
    vow: { flop: c.vow.includes('flop'), kiss: c.vow.includes('kiss'), heal: c.vow.includes('heal') },
    fromBlock: c.fromBlock,
    pollMs: c.pollMs,
    stallSeconds: c.stallSeconds,
    maxLagBlocks: c.maxLagBlocks,
    minBalanceWei: c.minBalanceEth,
    bumpAfterMs: c.bumpAfterSeconds * 1000,
    bumpAfterBlocks: BigInt(c.bumpAfterBlocks),
    metrics,
    logLevel: c.logLevel,
  };
}
