/**
 * The SyndicateFactory: its tiers (one syndicate per limit), `create` of a new one, and the deployment
 * of a factory from its Forge artifact (fork mode binds one to whichever Maker contracts it finds).
 */
import { getAddress, parseEventLogs, zeroAddress, type Address, type Log } from 'viem';
import { BackstopError } from '../errors.js';
import { syndicateFactoryAbi } from './abis.js';
import type { ReadClient, SendClient } from './clients.js';
import { toChainError } from './errors.js';
import { readCreationCode } from './replay.js';
import { contractWrite, simulateAndSend, type SendOptions } from './send.js';

export async function readTierAddresses(client: ReadClient, { factory }: { factory: Address }): Promise<readonly Address[]> {
  return client.readContract({ address: factory, abi: syndicateFactoryAbi, functionName: 'syndicates' });
}

/** The syndicate of the tier with this limit, or undefined. */
export async function readTier(client: ReadClient, { factory, limitWad }: { factory: Address; limitWad: bigint }): Promise<Address | undefined> {
  const address = await client.readContract({ address: factory, abi: syndicateFactoryAbi, functionName: 'syndicateOf', args: [limitWad] });
  return address === zeroAddress ? undefined : address;
}

/** The limits the syndicate's constructor accepts, wad DAI per MKR (`LimitOutOfRange` outside). */
export const TIER_LIMIT_RANGE_WAD = { min: 10n ** 9n, max: 10n ** 30n } as const;

/** `create(limitWad)`: a new tier (syndicate) at its CREATE2 address; returns that address. */
export const createTierWrite = ({ factory, limitWad }: { factory: Address; limitWad: bigint }) =>
  contractWrite(`create(${limitWad} wad DAI/MKR)`, { address: factory, abi: syndicateFactoryAbi, functionName: 'create', args: [limitWad] });

/** Simulates and sends the factory's `create(limitWad)` (reverts `SyndicateExists` for an existing tier). */
export async function createTier(client: ReadClient, wallet: SendClient, params: { factory: Address; limitWad: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, createTierWrite(params), options);
}

/** The factory's events among `logs` (`SyndicateCreated`), decoded. */
export function factoryEvents(logs: readonly Log[], factory: Address) {
  const own = logs.filter((log) => getAddress(log.address) === getAddress(factory));
  return parseEventLogs({ abi: syndicateFactoryAbi, logs: own as Log[] });
}

/** The Maker contracts a factory (and each of its syndicates) is bound to, and the syndicates' owner. */
export interface FactoryBinding {
  vat: Address;
  daiJoin: Address;
  flop: Address;
  dai: Address;
  mkr: Address;
  /** May only halt a syndicate (never touches funds). */
  owner: Address;
}

/**
 * Deploys a SyndicateFactory from its Forge artifact (`out/SyndicateFactory.sol/SyndicateFactory.json`)
 * with the constructor of src/SyndicateFactory.sol: (vat, daiJoin, flopper, dai, mkr, syndicateOwner).
 * The Maker addresses are checked by each syndicate's constructor at `create` (`BadMakerAddresses`).
 * @returns the factory's address
 * @throws BackstopError (kind input) without the artifact (run make build); (kind chain) when the
 *   deployment fails or reverts.
 */
export async function deploySyndicateFactory(client: ReadClient, wallet: SendClient, binding: FactoryBinding, { outDir }: { outDir?: string | undefined } = {}): Promise<Address> {
  const bytecode = outDir === undefined ? readCreationCode('SyndicateFactory.sol/SyndicateFactory.json') : readCreationCode('SyndicateFactory.sol/SyndicateFactory.json', outDir);
  const what = 'deploy the SyndicateFactory';
  let hash: `0x${string}`;
  try {
    hash = await wallet.deployContract({
      abi: syndicateFactoryAbi,
      bytecode,
      args: [binding.vat, binding.daiJoin, binding.flop, binding.dai, binding.mkr, binding.owner],
      account: wallet.account,
      chain: wallet.chain,
    });
  } catch (error) {
    throw toChainError(error, what);
  }
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new BackstopError(`${what}: transaction ${hash} reverted in block ${receipt.blockNumber}`, { kind: 'chain' });
  }
  return getAddress(receipt.contractAddress);
}
