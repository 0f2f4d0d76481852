/**
 * Clients. Reads are batched into one `eth_call` with multicall:
 * - mainnet and mainnet forks have Multicall3 at its canonical address (viem's `mainnet` chain);
 * - the local chain has none, so reads there use viem's deployless multicall: the batch runs as the
 *   constructor of a contract that is never deployed, in one `eth_call`. No bytecode is vendored or
 *   planted with `anvil_setCode`, and `make chain` (where nobody deployed Multicall3) works the same.
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  fallback,
  http,
  webSocket,
  type Account,
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { mainnet } from 'viem/chains';
import type { ChainKind } from '../config/schema.js';

export type ReadClient = PublicClient<Transport, Chain>;
export type SendClient = WalletClient<Transport, Chain, Account>;

/**
 * The viem chain for a chain kind and id: mainnet's (with Multicall3) for mainnet and forks of it; for
 * the local chain, `multicall3` is the batch-read contract DeployMcd recorded (without it, reads fall
 * back to viem's deployless multicall, whose batches EIP-3860 caps at 48 KiB of initcode).
 */
export function chainFor(kind: ChainKind, chainId: number, multicall3?: Address): Chain {
  if (kind !== 'local' && chainId === mainnet.id) return mainnet;
  if (kind === 'fork') {
    // A mainnet fork under another chain id still holds Multicall3 at its canonical address.
    return defineChain({ ...mainnet, id: chainId, name: `mainnet fork (${chainId})` });
  }
  return defineChain({
    id: chainId,
    name: `local (${chainId})`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
    ...(multicall3 ? { contracts: { multicall3: { address: multicall3 } } } : {}),
  });
}

/**
 * The transport for `rpcUrl`: HTTP(S) or WebSocket by scheme, each retried 3 times on transient errors.
 * Several URLs, comma-separated, make a fallback transport: the next URL serves when one fails.
 */
export function transportFor(rpcUrl: string): Transport {
  const urls = rpcUrl.split(',').map((u) => u.trim()).filter(Boolean);
  const one = (url: string) => (url.startsWith('ws') ? webSocket(url, { retryCount: 3 }) : http(url, { retryCount: 3, timeout: 20_000 }));
  return urls.length > 1 ? fallback(urls.map(one), { retryCount: 1 }) : one(urls[0] ?? rpcUrl);
}

/**
 * A read client. `wrap` decorates the transport (the keeper counts its requests with it).
 */
export function createReadClient(rpcUrl: string, chain: Chain, wrap?: (transport: Transport) => Transport): ReadClient {
  const transport = transportFor(rpcUrl);
  // Waiting for a receipt polls every 500 ms (viem's default is 4 s: a local chain mines at once).
  return createPublicClient({ chain, transport: wrap ? wrap(transport) : transport, pollingInterval: 500 });
}

export function createSendClient(rpcUrl: string, chain: Chain, account: Account): SendClient {
  return createWalletClient({ chain, account, transport: transportFor(rpcUrl) });
}

/** Multicall options for this client's chain: deployless where the chain knows no Multicall3. */
export function multicallMode(client: ReadClient): { deployless: boolean } {
  return { deployless: client.chain.contracts?.multicall3 === undefined };
}

/** Asks the RPC for its chain id (before the chain, and so the client's chain, is known). */
export async function fetchChainId(rpcUrl: string): Promise<number> {
  const client = createPublicClient({ transport: transportFor(rpcUrl) });
  return client.getChainId();
}
