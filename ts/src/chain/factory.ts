/** The SyndicateFactory: its tiers (one syndicate per limit). */
import { zeroAddress, type Address } from 'viem';
import { syndicateFactoryAbi } from './abis.js';
import type { ReadClient } from './clients.js';

export async function readTierAddresses(client: ReadClient, { factory }: { factory: Address }): Promise<readonly Address[]> {
  return client.readContract({ address: factory, abi: syndicateFactoryAbi, functionName: 'syndicates' });
}

/** The syndicate of the tier with this limit, or undefined. */
export async function readTier(client: ReadClient, { factory, limitWad }: { factory: Address; limitWad: bigint }): Promise<Address | undefined> {
  const address = await client.readContract({ address: factory, abi: syndicateFactoryAbi, functionName: 'syndicateOf', args: [limitWad] });
  return address === zeroAddress ? undefined : address;
}
