/**
 * Which Maker contracts a fork holds, and who governs them, for the three fork modes:
 * - `local`: an Anvil forking another local Anvil that holds the local MCD: the deployment record
 *   mcd-<chainid>.json (config/addressBook.ts), governance the local deployer (Anvil's account 0,
 *   devchain/deploy.ts DEV_DEPLOYER_KEY), a ward of every local contract;
 * - `march-2020`: mainnet just before the first debt auction: MAINNET_MAKER (config/networks.ts, the
 *   Flopper of that time), governance MCD_PAUSE_PROXY (MAINNET_PAUSE_PROXY);
 * - `recent`: mainnet at a recent block: Maker's on-chain changelog (MAINNET_CHAINLOG: MCD_VAT, MCD_VOW,
 *   MCD_FLOP, MCD_JOIN_DAI, MCD_DAI, MCD_GOV, MCD_PAUSE_PROXY), governance MCD_PAUSE_PROXY.
 * In every mode the addresses are checked on the fork: each holds code, and governance is a ward of
 * the Vat and the Vow (`wards(governance) == 1`), or the resolution fails with a one-line error.
 */
import { getAddress, type Address, type Chain } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { CHAINLOG_KEYS, readChainlog } from '../chain/chainlog.js';
import { chainFor, createReadClient, type ReadClient } from '../chain/clients.js';
import { readWards } from '../chain/governance.js';
import type { MakerAddresses } from '../config/addressBook.js';
import { resolveAddressBook } from '../config/addressBook.js';
import { MAINNET_CHAIN_ID, MAINNET_CHAINLOG, MAINNET_MAKER, MAINNET_MCD_FROM_BLOCK, MAINNET_PAUSE_PROXY } from '../config/networks.js';
import { DEV_DEPLOYER_KEY } from '../devchain/deploy.js';
import { BackstopError, InputError } from '../errors.js';

/** Where the fork comes from: a local Anvil with the local MCD, mainnet at March 2020, mainnet recently. */
export type ForkMode = 'local' | 'march-2020' | 'recent';
export const FORK_MODES: readonly ForkMode[] = ['local', 'march-2020', 'recent'];

/** The Maker contracts a debt-auction flow touches (the address book's names). */
export type ForkMaker = Pick<MakerAddresses, 'vat' | 'vow' | 'flop' | 'daiJoin' | 'dai' | 'mkr'>;
const FORK_MAKER_KEYS = ['vat', 'vow', 'flop', 'daiJoin', 'dai', 'mkr'] as const satisfies readonly (keyof ForkMaker)[];

export interface ForkAddresses {
  mode: ForkMode;
  chainId: number;
  maker: ForkMaker;
  /** A ward of the Vat and the Vow (checked on the fork). */
  governance: Address;
  /** Where each address came from ("deployments/mcd-31345.json", "chainlog MCD_VAT", "networks.ts MAINNET_MAKER"...). */
  sources: Record<keyof ForkMaker | 'governance', string>;
  /** The viem chain to talk to the fork with (its batch reads: the local deployment's contract, Multicall3, or viem's deployless one). */
  chain: Chain;
  /** The first block worth scanning for the Vow's and the Flopper's logs. */
  fromBlock: bigint;
  /** The changelog's `version()` (recent only). */
  chainlogVersion: string | undefined;
}

export interface ResolveForkAddressesOptions {
  mode: ForkMode;
  /** The fork's RPC URL (the checks run there). */
  rpcUrl: string;
  /** The fork's chain id (the upstream's). */
  chainId: number;
  /** local: the directory holding mcd-<chainid>.json. */
  deploymentsDir?: string | undefined;
  /** Act as this governance address instead of the mode's. */
  governance?: Address | undefined;
  /** recent: the changelog to read (default MAINNET_CHAINLOG). */
  chainlog?: Address | undefined;
}

/**
 * Resolves and checks the Maker addresses and governance of a fork (see the module's note).
 * @throws InputError for a mode that does not fit the chain (march-2020 or recent on a chain id other
 *   than 1), a missing or malformed deployment record, or a governance override that is no ward;
 *   BackstopError (kind chain) for a changelog key that is missing, an address without code, or a
 *   mode's governance that is no ward.
 */
export async function resolveForkAddresses(options: ResolveForkAddressesOptions): Promise<ForkAddresses> {
  const { mode, rpcUrl, chainId } = options;
  let maker: ForkMaker;
  let sources: ForkAddresses['sources'];
  let governance: Address;
  let chain: Chain;
  let fromBlock = MAINNET_MCD_FROM_BLOCK;
  let chainlogVersion: string | undefined;

  if (mode === 'local') {
    if (!options.deploymentsDir) throw new InputError('fork mode local needs the deployments directory of the upstream chain (mcd-<chainid>.json)');
    const book = resolveAddressBook({ chain: 'local', chainId, deploymentsDir: options.deploymentsDir });
    maker = pick(book.maker);
    sources = sourceAll(book.sources.maker, 'the local deployer (Anvil account 0)');
    governance = privateKeyToAccount(DEV_DEPLOYER_KEY).address;
    chain = chainFor('local', chainId, book.maker.multicall3);
    fromBlock = book.fromBlock;
  } else {
    if (chainId !== MAINNET_CHAIN_ID) {
      throw new InputError(`fork mode ${mode} forks mainnet, but the upstream RPC answers chain id ${chainId}`, { hint: 'give a mainnet RPC URL (MAINNET_RPC_URL)' });
    }
    if (mode === 'march-2020') {
      maker = pick(MAINNET_MAKER);
      sources = sourceAll('networks.ts MAINNET_MAKER (March 2020)', 'networks.ts MAINNET_PAUSE_PROXY');
      governance = MAINNET_PAUSE_PROXY;
      // Multicall3 came to mainnet in 2022: batch reads at March 2020 go through viem's deployless multicall.
      chain = chainFor('local', chainId);
    } else {
      chain = chainFor('fork', chainId);
      const chainlog = options.chainlog ?? MAINNET_CHAINLOG;
      const read = await readChainlog(createReadClient(rpcUrl, chain), { chainlog, keys: CHAINLOG_KEYS }).catch((error: unknown) => {
        throw new BackstopError(`the changelog at ${chainlog} could not be read: ${firstLine(error)}`, { kind: 'chain', cause: error });
      });
      const missing = Object.values(read.entries).filter((e): e is { key: string; error: string } => 'error' in e);
      if (missing.length > 0) {
        throw new BackstopError(`the changelog at ${chainlog} has no ${missing.map((m) => m.key).join(', ')} (${missing[0]!.error})`, { kind: 'chain' });
      }
      const at = (name: keyof typeof CHAINLOG_KEYS) => getAddress((read.entries[name] as { address: Address }).address);
      maker = { vat: at('vat'), vow: at('vow'), flop: at('flop'), daiJoin: at('daiJoin'), dai: at('dai'), mkr: at('mkr') };
      sources = Object.fromEntries([...FORK_MAKER_KEYS.map((k) => [k, `chainlog ${CHAINLOG_KEYS[k]}`]), ['governance', `chainlog ${CHAINLOG_KEYS.pauseProxy}`]]) as ForkAddresses['sources'];
      governance = at('pauseProxy');
      chainlogVersion = read.version;
    }
  }
  if (options.governance) {
    governance = getAddress(options.governance);
    sources.governance = 'given';
  }

  const client = createReadClient(rpcUrl, chain);
  const block = await client.getBlockNumber({ cacheTime: 0 });
  const codes = await Promise.all(FORK_MAKER_KEYS.map((k) => client.getCode({ address: maker[k] })));
  const empty = FORK_MAKER_KEYS.filter((_, i) => !codes[i] || codes[i] === '0x');
  if (empty.length > 0) {
    const k = empty[0]!;
    throw new BackstopError(`no contract at the ${k} address ${maker[k]} (${sources[k]}) on the fork at block ${block}${empty.length > 1 ? ` (nor at ${empty.slice(1).join(', ')})` : ''}`, {
      kind: 'chain',
      hint: mode === 'local' ? 'is the deployment record from the chain being forked?' : 'is the fork block after MCD\'s launch?',
    });
  }
  await assertGovernance(client, { maker, governance, source: sources.governance, block, given: options.governance !== undefined });
  return { mode, chainId, maker, governance, sources, chain, fromBlock, chainlogVersion };
}

/**
 * Checks that `governance` is a ward of the Vat and the Vow (`wards == 1`).
 * @throws InputError (a given address) or BackstopError (kind chain, the mode's own) naming the
 *   contracts it is no ward of, in one line.
 */
export async function assertGovernance(
  client: ReadClient,
  { maker, governance, source, block, given }: { maker: ForkMaker; governance: Address; source: string; block: bigint; given: boolean },
): Promise<void> {
  const wards = await readWards(client, { vat: maker.vat, vow: maker.vow, flop: maker.flop, usr: governance });
  const not = [!wards.vat ? `Vat ${maker.vat}` : undefined, !wards.vow ? `Vow ${maker.vow}` : undefined].filter(Boolean);
  if (not.length === 0) return;
  const message = `governance ${governance} (${source}) is not a ward of the ${not.join(' nor of the ')} at block ${block} (wards = 0): it cannot create bad debt or file parameters`;
  const hint = 'act as an address the contracts rely on (MCD_PAUSE_PROXY on mainnet, the deployer locally)';
  throw given ? new InputError(message, { hint }) : new BackstopError(message, { kind: 'chain', hint });
}

function pick(m: ForkMaker): ForkMaker {
  return { vat: getAddress(m.vat), vow: getAddress(m.vow), flop: getAddress(m.flop), daiJoin: getAddress(m.daiJoin), dai: getAddress(m.dai), mkr: getAddress(m.mkr) };
}

function sourceAll(maker: string, governance: string): ForkAddresses['sources'] {
  return { vat: maker, vow: maker, flop: maker, daiJoin: maker, dai: maker, mkr: maker, governance };
}

function firstLine(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return String(e?.shortMessage ?? e?.message ?? error).split('\n')[0]!;
}
