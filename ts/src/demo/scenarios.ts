/**
 * The demo's scenarios (`make demo SCENARIO=...`) and its options, validated with zod before anything
 * is started: a bad value is one InputError line (the CLI exits 2) and nothing runs.
 */
import { statSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { SCENARIO_NAMES } from '../report/model.js';
import { parseUnit } from '../units.js';

const WAD = 10n ** 18n;

export interface ScenarioDefinition {
  name: (typeof SCENARIO_NAMES)[number];
  /** One sentence for the report. */
  description: string;
  /** The tiers' limits, DAI per MKR (whole numbers). */
  tierLimits: readonly bigint[];
  rivals: boolean;
  /** The keeper's RPC drops, errors and delays requests; blocks are congested once the pool can bid. */
  faults: boolean;
  /**
   * The largest member tries to leave as soon as the pool's first bid is out: `defect` is refused (the
   * round is open), they ask to leave (`requestDefect`) and claim once the round has closed.
   */
  leaver: boolean;
}

export const SCENARIOS: Readonly<Record<ScenarioDefinition['name'], ScenarioDefinition>> = {
  historical: {
    name: 'historical',
    description: 'March 2020 as it happened: rival bidders, calibrated to the published clearing prices, take every debt auction far above the pool’s 100 DAI/MKR.',
    tierLimits: [100n],
    rivals: true,
    faults: false,
    leaver: false,
  },
  'no-rivals': {
    name: 'no-rivals',
    description:
      'No rival bids: unbid lots tick up by pad until the 100 DAI/MKR pool may bid (four ticks: 518.4 MKR for 50,000 DAI); it wins and pays the MKR out pro rata. The largest member tries to leave while the first bid is out: refused, they ask to leave and are paid when the round closes.',
    tierLimits: [100n],
    rivals: false,
    faults: false,
    leaver: true,
  },
  tiers: {
    name: 'tiers',
    description: 'No rival bids, three tiers side by side (100, 120 and 150 DAI/MKR): the higher a tier’s limit, the fewer ticks before it may bid.',
    tierLimits: [100n, 120n, 150n],
    rivals: false,
    faults: false,
    leaver: false,
  },
  congestion: {
    name: 'congestion',
    description: 'No rival bids, and the keeper’s RPC drops, errors and delays requests while blocks are full of transactions paying the March 2020 gas price: it must still enter, win and finalize everything.',
    tierLimits: [100n],
    rivals: false,
    faults: true,
    leaver: false,
  },
};

/** The options of `backstop demo` / `make demo`, as given (strings from flags or make variables). */
export const DemoOptionsSchema = z.strictObject({
  scenario: z.string(),
  members: z.string().default('129'),
  poolDai: z.string().default('400000'),
  port: z.string().default('0'),
  dataDir: z.string().optional(),
  out: z.string().default('report'),
  seed: z.string().default('20200312'),
  /** Replay only the first N recorded flip auctions (a shortened run, e.g. for tests). */
  flips: z.string().optional(),
  chainId: z.string().default('31340'),
});

/** Limits on the options, for the one-line errors. */
export const DEMO_LIMITS = { members: { min: 1, max: 10_000 }, poolDaiWad: { max: 1_000_000_000n * WAD } } as const;

export interface DemoOptions {
  scenario: ScenarioDefinition;
  members: number;
  /** DAI the members enlist in total, wad. */
  poolDaiWad: bigint;
  /** Anvil's port; 0 takes a free one. */
  port: number;
  /** The data directory (black-thursday.json and march-2020/); undefined: the repository's data/. */
  dataDir: string | undefined;
  out: string;
  seed: number;
  flips: number | undefined;
  chainId: number;
}

function integer(value: string, what: string, min: number, max: number, hint: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InputError(`${what}: "${value}" is not a whole number`, { hint });
  const n = Number(value);
  if (n < min || n > max) throw new InputError(`${what}: ${n} is out of range (${min}-${max})`, { hint });
  return n;
}

/**
 * Validates the demo's options (see `DemoOptionsSchema`).
 * @throws InputError, one line: an unknown scenario, a member count or amount out of range, a bad port,
 *   a data directory that is not one.
 */
export function parseDemoOptions(raw: z.input<typeof DemoOptionsSchema>): DemoOptions {
  const o = DemoOptionsSchema.parse(raw);
  const scenario = SCENARIOS[o.scenario as ScenarioDefinition['name']];
  if (!scenario) {
    throw new InputError(`unknown scenario "${o.scenario}"`, { hint: `choose one of: ${Object.keys(SCENARIOS).join(', ')} (make demo SCENARIO=no-rivals)` });
  }
  const members = integer(o.members, '--members', DEMO_LIMITS.members.min, DEMO_LIMITS.members.max, 'give the number of members who enlist, e.g. --members 129 (MEMBERS=129)');
  let poolDaiWad: bigint;
  try {
    poolDaiWad = parseUnit(o.poolDai, 'wad');
  } catch {
    throw new InputError(`--pool-dai: "${o.poolDai}" is not an amount of DAI`, { hint: 'give a decimal number of DAI, e.g. --pool-dai 400000 (POOL_DAI=400000)' });
  }
  const minimum = BigInt(members) * WAD;
  if (poolDaiWad < minimum || poolDaiWad > DEMO_LIMITS.poolDaiWad.max) {
    throw new InputError(`--pool-dai: ${o.poolDai} DAI is out of range for ${members} members (at least 1 DAI each, at most 1,000,000,000 DAI in all)`, {
      hint: `give between ${members} and 1000000000 DAI, or fewer members`,
    });
  }
  const port = integer(o.port, '--port', 0, 65_535, 'give a free TCP port, or 0 for any (PORT=8545)');
  const seed = integer(o.seed, '--seed', 0, 2 ** 31 - 1, 'give a whole number, e.g. --seed 20200312');
  const flips = o.flips === undefined ? undefined : integer(o.flips, '--flips', 1, 1_000_000, 'give how many recorded flip auctions to replay, e.g. --flips 400');
  const chainId = integer(o.chainId, '--chain-id', 1, 2 ** 31 - 1, 'give a chain id for the demo’s Anvil, e.g. 31340');
  if (o.out.trim() === '') throw new InputError('--out: the report directory is empty', { hint: 'give a directory, e.g. --out report' });
  if (o.dataDir !== undefined && !statSync(o.dataDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(`--data-dir: ${o.dataDir} is not a directory`, { hint: "give the directory that holds black-thursday.json and march-2020/ (see data/README.md), or leave --data-dir out for the repository's data/" });
  }
  return { scenario, members, poolDaiWad, port, dataDir: o.dataDir, out: o.out, seed, flips, chainId };
}
