/** The SyndicateFactory: its tiers (one syndicate per limit), and `create` of a new one. */
import { getAddress, parseEventLogs, zeroAddress, type Address, type Log } from 'viem';
import { syndicateFactoryAbi } from './abis.js';
import type { ReadClient, SendClient } from './clients.js';
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
