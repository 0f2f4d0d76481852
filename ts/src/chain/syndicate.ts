/**
 * The syndicate: snapshots (status, limit, open positions), `canEnter` with the refusal decoded, and
 * the transactions this slice needs (`enlistWithPermit`, `enterAuction`), each simulated first.
 */
import { getAddress, type Address, type Hash, type Hex } from 'viem';
import { daiBackstopSyndicateAbi } from './abis.js';
import { multicallMode, type ReadClient, type SendClient } from './clients.js';
import { decodeSyndicateError, toChainError, type DecodedRevert } from './errors.js';
import { signDaiPermit } from './tokens.js';

const abi = daiBackstopSyndicateAbi;

export interface PoolStatus {
  halted: boolean;
  evidencePooled: boolean;
  flopperLive: boolean;
  daiJoinLive: boolean;
  daiBookWad: bigint;
  lockedBookWad: bigint;
  mkrBookWad: bigint;
  totalShares: bigint;
  openPositions: bigint;
  /** A position to finalize before entry or exit, or 0. */
  settlementDue: bigint;
}

export interface OpenPosition {
  id: bigint;
  lockedDaiWad: bigint;
  lotWad: bigint;
  settleAt: bigint;
}

export interface SyndicateSnapshot {
  address: Address;
  name: string;
  symbol: string;
  limitWad: bigint;
  owner: Address;
  status: PoolStatus;
  positions: OpenPosition[];
}

/** Snapshots of several syndicates: one multicall for their state, one for their open positions. */
export async function readSyndicates(client: ReadClient, { syndicates }: { syndicates: readonly Address[] }): Promise<SyndicateSnapshot[]> {
  if (syndicates.length === 0) return [];
  const mode = { ...multicallMode(client), allowFailure: false } as const;
  const perPool = ['name', 'symbol', 'limitWad', 'owner', 'status', 'openPositions'] as const;
  const first = await client.multicall({
    ...mode,
    contracts: syndicates.flatMap((address) => perPool.map((functionName) => ({ address, abi, functionName }) as const)),
  });
  const pools = syndicates.map((address, i) => {
    const at = i * perPool.length;
    return {
      address: getAddress(address),
      name: first[at] as string,
      symbol: first[at + 1] as string,
      limitWad: first[at + 2] as bigint,
      owner: first[at + 3] as Address,
      status: first[at + 4] as PoolStatus,
      ids: first[at + 5] as readonly bigint[],
    };
  });
  const wanted = pools.flatMap((p) => p.ids.map((id) => ({ address: p.address, id })));
  const records = wanted.length
    ? await client.multicall({ ...mode, contracts: wanted.map(({ address, id }) => ({ address, abi, functionName: 'positions', args: [id] }) as const) })
    : [];
  return pools.map(({ ids, ...p }) => ({
    ...p,
    positions: ids.map((id) => {
      const record = records[wanted.findIndex((w) => w.address === p.address && w.id === id)]!;
      return { id, lockedDaiWad: record.lockedDaiWad, lotWad: record.lotWad, settleAt: record.settleAt };
    }),
  }));
}

export async function readSyndicate(client: ReadClient, { syndicate }: { syndicate: Address }): Promise<SyndicateSnapshot> {
  const [snapshot] = await readSyndicates(client, { syndicates: [syndicate] });
  return snapshot!;
}

export interface EntryCheck {
  syndicate: Address;
  id: bigint;
  ok: boolean;
  /** The error `enterAuction(id)` would revert with, decoded; undefined when ok. */
  refusal: DecodedRevert | undefined;
  /** The raw revert data, for errors this ABI does not know. */
  refusalData: Hex;
}

/** `canEnter(id)` of every (syndicate, id) pair, one multicall, refusals decoded. */
export async function readCanEnter(
  client: ReadClient,
  { syndicates, ids }: { syndicates: readonly Address[]; ids: readonly bigint[] },
): Promise<EntryCheck[]> {
  const pairs = syndicates.flatMap((syndicate) => ids.map((id) => ({ syndicate, id })));
  if (pairs.length === 0) return [];
  const results = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: pairs.map(({ syndicate, id }) => ({ address: syndicate, abi, functionName: 'canEnter', args: [id] }) as const),
  });
  return results.map(([ok, refusalData], i) => ({
    ...pairs[i]!,
    ok,
    refusal: ok ? undefined : decodeSyndicateError(refusalData),
    refusalData,
  }));
}

/** Simulates, sends and waits for a syndicate call; a revert is decoded into a `ChainRevertError`. */
async function send(
  client: ReadClient,
  wallet: SendClient,
  what: string,
  request: Parameters<ReadClient['simulateContract']>[0],
): Promise<Hash> {
  try {
    const { request: simulated } = await client.simulateContract({ ...request, account: wallet.account });
    const hash = await wallet.writeContract(simulated as Parameters<SendClient['writeContract']>[0]);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return hash;
  } catch (error) {
    throw toChainError(error, what);
  }
}

/** `enlist` in one transaction: signs DAI's permit for the pool, then `enlistWithPermit`. */
export async function enlistWithPermit(
  client: ReadClient,
  wallet: SendClient,
  { syndicate, dai, daiWad, expiry = 0n }: { syndicate: Address; dai: Address; daiWad: bigint; expiry?: bigint },
): Promise<Hash> {
  const account = wallet.account;
  if (account.type !== 'local') throw new Error('enlistWithPermit signs the permit itself: it needs a local account');
  const permit = await signDaiPermit(client, { dai, account, spender: syndicate, expiry });
  return send(client, wallet, `enlistWithPermit(${daiWad})`, {
    address: syndicate,
    abi,
    functionName: 'enlistWithPermit',
    args: [daiWad, permit.nonce, permit.expiry, permit.v, permit.r, permit.s],
  });
}

export async function enterAuction(client: ReadClient, wallet: SendClient, { syndicate, id }: { syndicate: Address; id: bigint }): Promise<Hash> {
  return send(client, wallet, `enterAuction(${id})`, { address: syndicate, abi, functionName: 'enterAuction', args: [id] });
}

/** NAV per share: DAI and MKR per 1e18 shares, wad, rounded down (0 with no shares). */
export function navPerShare(status: Pick<PoolStatus, 'daiBookWad' | 'lockedBookWad' | 'mkrBookWad' | 'totalShares'>) {
  if (status.totalShares === 0n) return { daiWad: 0n, mkrWad: 0n };
  const one = 10n ** 18n;
  return {
    daiWad: ((status.daiBookWad + status.lockedBookWad) * one) / status.totalShares,
    mkrWad: (status.mkrBookWad * one) / status.totalShares,
  };
}

/** Holders with a positive share balance, from the share token's Transfer logs (one eth_getLogs). */
export async function readMembers(client: ReadClient, { syndicate, fromBlock = 0n }: { syndicate: Address; fromBlock?: bigint }): Promise<number> {
  const logs = await client.getContractEvents({ address: syndicate, abi, eventName: 'Transfer', fromBlock, toBlock: 'latest' });
  const balances = new Map<string, bigint>();
  for (const log of logs) {
    const { from, to, amount } = log.args as { from: Address; to: Address; amount: bigint };
    balances.set(from, (balances.get(from) ?? 0n) - amount);
    balances.set(to, (balances.get(to) ?? 0n) + amount);
  }
  balances.delete('0x0000000000000000000000000000000000000000');
  return [...balances.values()].filter((b) => b > 0n).length;
}
