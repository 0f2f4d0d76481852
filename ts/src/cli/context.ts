/**
 * What every command gets: the validated config, the address book and a read client; write commands
 * also ask it for the signing account (loaded on first use only, so a read never asks for a key).
 */
import type { Address, LocalAccount } from 'viem';
import { chainFor, createReadClient, createSendClient, fetchChainId, type ReadClient, type SendClient } from '../chain/clients.js';
import { readTier, readTierAddresses } from '../chain/factory.js';
import { readSyndicates } from '../chain/syndicate.js';
import { requireFactory, resolveAddressBook, type AddressBook } from '../config/addressBook.js';
import { loadAccount, type PasswordPrompt } from '../config/keys.js';
import { FIELDS, loadConfig, type Config, type ConfigSources } from '../config/schema.js';
import { BackstopError, InputError } from '../errors.js';
import { formatUnit, parseUnit } from '../units.js';

export interface Context {
  config: Config;
  book: AddressBook;
  client: ReadClient;
  /** The syndicates the command works on: `--tiers`, or every tier of the factory. */
  tiers(): Promise<readonly Address[]>;
  /** The syndicate of one tier, by its limit (wad DAI per MKR). */
  tier(limitWad: bigint): Promise<Address>;
  /** The signing account (env key or keystore); loaded once, on the first call. */
  account(): Promise<LocalAccount>;
  /** A wallet client for `account()` on this chain. */
  wallet(): Promise<SendClient>;
  /** The environment the settings were read from (a command's own settings read it too). */
  env: Record<string, string | undefined>;
  /** The `--config` file, if one was given. */
  configFile: string | undefined;
  /** Writes one line to standard error (the keeper's logs). */
  stderr: (line: string) => void;
  /** Aborts on SIGINT or SIGTERM: long-running commands (the keeper) stop gracefully on it. */
  shutdown: AbortSignal;
}

export interface ContextOptions {
  /** Asks for a keystore password; given only when stdin is a terminal. */
  prompt?: PasswordPrompt | undefined;
  stderr?: ((line: string) => void) | undefined;
  shutdown?: AbortSignal | undefined;
}

export async function createContext(sources: ConfigSources, options: ContextOptions = {}): Promise<Context> {
  const config = loadConfig(sources);
  let chainId: number;
  try {
    chainId = await fetchChainId(config.rpcUrl);
  } catch (error) {
    throw new InputError(`no chain answers at ${config.rpcUrl}`, {
      hint: `start one (make chain) or set ${FIELDS.rpcUrl.flag} (${FIELDS.rpcUrl.env})`,
      cause: error,
    });
  }
  const book = resolveAddressBook({ chain: config.chain, chainId, deploymentsDir: config.deploymentsDir, factory: config.factory });
  const chain = chainFor(config.chain, chainId, book.maker.multicall3);
  const client = createReadClient(config.rpcUrl, chain);
  let account: Promise<LocalAccount> | undefined;
  const loadOnce = () => (account ??= loadAccount(config, { env: sources.env ?? {}, prompt: options.prompt }));

  const tier = async (limitWad: bigint): Promise<Address> => {
    const factory = requireFactory(book, config.deploymentsDir);
    const address = await readTier(client, { factory, limitWad });
    if (address) return address;
    const known = await readTierLimits(client, factory);
    throw new InputError(`no tier at ${formatUnit(limitWad, 'wad')} DAI/MKR on factory ${factory}`, {
      hint: known.length ? `tiers: ${known.join(', ')} DAI/MKR (backstop tiers)` : 'the factory has no tier yet',
    });
  };
  return {
    config,
    book,
    client,
    tier,
    env: sources.env ?? {},
    configFile: sources.flags?.config ?? sources.env?.BACKSTOP_CONFIG,
    stderr: options.stderr ?? (() => undefined),
    shutdown: options.shutdown ?? new AbortController().signal,
    account: loadOnce,
    async wallet() {
      return createSendClient(config.rpcUrl, chain, await loadOnce());
    },
    async tiers() {
      if (config.tierLimitsWad) return Promise.all(config.tierLimitsWad.map(tier));
      return readTierAddresses(client, { factory: requireFactory(book, config.deploymentsDir) });
    },
  };
}

async function readTierLimits(client: ReadClient, factory: Address): Promise<string[]> {
  try {
    const pools = await readSyndicates(client, { syndicates: await readTierAddresses(client, { factory }) });
    return pools.map((p) => formatUnit(p.limitWad, 'wad'));
  } catch (error) {
    throw new BackstopError('cannot list the factory tiers', { kind: 'chain', cause: error });
  }
}

/** Parses a tier given as DAI per MKR ("100", "187.5") into its limit, wad. */
export function parseTier(text: string, flag = '--tier'): bigint {
  try {
    const limitWad = parseUnit(text, 'wad');
    if (limitWad === 0n) throw new Error('a tier of 0 DAI/MKR does not exist');
    return limitWad;
  } catch (error) {
    throw new InputError(`${flag}: ${(error as Error).message}`, { hint: `give the tier's limit in DAI per MKR, e.g. ${flag} 100` });
  }
}
