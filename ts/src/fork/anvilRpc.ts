/**
 * The Anvil-only JSON-RPC methods fork mode uses (impersonation and balances), and the development
 * accounts it makes. Time moves with chain/replay.ts `setNextBlockTimestamp` and `mineBlockAt`.
 */
import { keccak256, numberToHex, stringToHex, type Address, type Hex } from 'viem';
import type { ReadClient } from '../chain/clients.js';

type AnvilRequest = (args: { method: string; params?: unknown }) => Promise<unknown>;

function anvil(client: ReadClient): AnvilRequest {
  return client.request as unknown as AnvilRequest;
}

/** Sends transactions from `address` without its key (`anvil_impersonateAccount`; a contract too). */
export async function impersonate(client: ReadClient, address: Address): Promise<void> {
  await anvil(client)({ method: 'anvil_impersonateAccount', params: [address] });
}

/** Sets `address`'s ETH balance to `wei` (`anvil_setBalance`). */
export async function setBalance(client: ReadClient, address: Address, wei: bigint): Promise<void> {
  await anvil(client)({ method: 'anvil_setBalance', params: [address, numberToHex(wei)] });
}

/**
 * A private key of fork mode's own, derived from `role` ("operator", "keeper", "member 1"): the same
 * on every run, and an account nobody uses on mainnet (Anvil's default accounts carry code there).
 * For forks only: the key is public.
 */
export function forkAccountKey(role: string): Hex {
  return keccak256(stringToHex(`dai-backstop-syndicate fork mode: ${role}`));
}
