/** The Vat: internal DAI (rad) and permissions. */
import type { Address } from 'viem';
import { vatAbi } from './abis.js';
import { multicallMode, type ReadClient } from './clients.js';

export async function readVatDai(client: ReadClient, { vat, holders }: { vat: Address; holders: readonly Address[] }): Promise<bigint[]> {
  if (holders.length === 0) return [];
  return client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: holders.map((h) => ({ address: vat, abi: vatAbi, functionName: 'dai', args: [h] }) as const),
  });
}

/** Whether `usr` may move `holder`'s Vat DAI (`can`, or `usr == holder`). */
export async function readCan(client: ReadClient, { vat, holder, usr }: { vat: Address; holder: Address; usr: Address }): Promise<boolean> {
  if (holder.toLowerCase() === usr.toLowerCase()) return true;
  return (await client.readContract({ address: vat, abi: vatAbi, functionName: 'can', args: [holder, usr] })) === 1n;
}
