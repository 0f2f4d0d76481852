/**
 * The syndicate: snapshots (status, limit, open positions), a holder's shares and what they would get,
 * `canEnter` with the refusal decoded, and every contributor and keeper transaction (`enlist`,
 * `enlistWithPermit`, `defect`, `enterAuction`/`enterAuctionAfter`, `finalize`, `skim`). Each write comes
 * as a description (`...Write`), a simulation (`prepare...`, through send.ts) and a send (the plain name).
 */
import { getAddress, parseEventLogs, type Account, type Address, type Hex, type LocalAccount, type Log } from 'viem';
import { daiBackstopSyndicateAbi } from './abis.js';
import { multicallMode, type ReadClient, type SendClient } from './clients.js';
import { ChainRevertError, decodeSyndicateError, type DecodedRevert } from './errors.js';
import {
  contractWrite,
  sendWrite,
  simulateAndSend,
  simulateWrite,
  type ContractWrite,
  type SendOptions,
  type SentWrite,
  type SimulatedWrite,
} from './send.js';
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

// ---------------------------------------------------------------- a holder's shares

/** Shares `holder` holds (`balanceOf`, 1e18 = one share) and the most they can `defect` now (`maxDefect`). */
export async function readHolder(client: ReadClient, { syndicate, holder }: { syndicate: Address; holder: Address }): Promise<{ shares: bigint; maxDefectShares: bigint }> {
  const [shares, maxDefectShares] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: syndicate, abi, functionName: 'balanceOf', args: [holder] },
      { address: syndicate, abi, functionName: 'maxDefect', args: [holder] },
    ],
  });
  return { shares, maxDefectShares };
}

/** Shares `enlist(daiWad)` would mint now (`previewEnlist`, before its checks). */
export async function readPreviewEnlist(client: ReadClient, { syndicate, daiWad }: { syndicate: Address; daiWad: bigint }): Promise<bigint> {
  return client.readContract({ address: syndicate, abi, functionName: 'previewEnlist', args: [daiWad] });
}

/** DAI and MKR `defect(shares)` would pay now, wad (`previewDefect`, before its checks). */
export async function readPreviewDefect(client: ReadClient, { syndicate, shares }: { syndicate: Address; shares: bigint }): Promise<{ daiWad: bigint; mkrWad: bigint }> {
  const [daiWad, mkrWad] = await client.readContract({ address: syndicate, abi, functionName: 'previewDefect', args: [shares] });
  return { daiWad, mkrWad };
}

/** The most shares `holder` can `defect` now: 0 while a position is due, else the balance capped by the liquid DAI. */
export async function readMaxDefect(client: ReadClient, { syndicate, holder }: { syndicate: Address; holder: Address }): Promise<bigint> {
  return client.readContract({ address: syndicate, abi, functionName: 'maxDefect', args: [holder] });
}

/** The `prevId` for `enterAuctionAfter` of a position settling at `settleAt` (unix s); 0 is the front. */
export async function readInsertionPoint(client: ReadClient, { syndicate, settleAt }: { syndicate: Address; settleAt: bigint }): Promise<bigint> {
  return client.readContract({ address: syndicate, abi, functionName: 'insertionPoint', args: [settleAt] });
}

/** Open position `id`, or undefined when the pool has none in that auction. */
export async function readPosition(client: ReadClient, { syndicate, id }: { syndicate: Address; id: bigint }): Promise<OpenPosition | undefined> {
  const p = await client.readContract({ address: syndicate, abi, functionName: 'positions', args: [id] });
  return p.lockedDaiWad === 0n ? undefined : { id, lockedDaiWad: p.lockedDaiWad, lotWad: p.lotWad, settleAt: p.settleAt };
}

// ---------------------------------------------------------------- writes: descriptions

/** `enlist(daiWad)`: deposits DAI the holder approved the pool for; returns the shares minted. */
export const enlistWrite = ({ syndicate, daiWad }: { syndicate: Address; daiWad: bigint }) =>
  contractWrite(`enlist(${daiWad} wad DAI)`, { address: syndicate, abi, functionName: 'enlist', args: [daiWad] });

/** `enlistWithPermit(daiWad, nonce, expiry, v, r, s)` with a signed DAI permit for the pool. */
export const enlistWithPermitWrite = ({ syndicate, daiWad, permit }: { syndicate: Address; daiWad: bigint; permit: { nonce: bigint; expiry: bigint; v: number; r: Hex; s: Hex } }) =>
  contractWrite(`enlistWithPermit(${daiWad} wad DAI)`, {
    address: syndicate,
    abi,
    functionName: 'enlistWithPermit',
    args: [daiWad, permit.nonce, permit.expiry, permit.v, permit.r, permit.s],
  });

/** `defect(shares)`: burns shares; returns `[daiWad, mkrWad]` paid. */
export const defectWrite = ({ syndicate, shares }: { syndicate: Address; shares: bigint }) =>
  contractWrite(`defect(${shares} shares)`, { address: syndicate, abi, functionName: 'defect', args: [shares] });

/** `enterAuction(id)`, or `enterAuctionAfter(id, prevId)` when `prevId` is given. */
export const enterAuctionWrite = ({ syndicate, id, prevId }: { syndicate: Address; id: bigint; prevId?: bigint | undefined }) =>
  prevId === undefined
    ? contractWrite(`enterAuction(${id})`, { address: syndicate, abi, functionName: 'enterAuction', args: [id] })
    : contractWrite(`enterAuctionAfter(${id}, ${prevId})`, { address: syndicate, abi, functionName: 'enterAuctionAfter', args: [id, prevId] });

/** `finalize(id)`: settles position `id`; returns whether it was won. */
export const finalizeWrite = ({ syndicate, id }: { syndicate: Address; id: bigint }) =>
  contractWrite(`finalize(${id})`, { address: syndicate, abi, functionName: 'finalize', args: [id] });

/** `skim()`: folds DAI and MKR outside the books in; returns `[daiWad, mkrWad]`. */
export const skimWrite = ({ syndicate }: { syndicate: Address }) => contractWrite('skim()', { address: syndicate, abi, functionName: 'skim', args: [] });

// ---------------------------------------------------------------- writes: simulated (nothing sent)

/** A write with its `what` replaced (the CLI words its messages itself). */
function named<R>(write: ContractWrite<R>, what: string | undefined): ContractWrite<R> {
  return what === undefined ? write : { ...write, what };
}

/**
 * Signs DAI's permit for the pool (holder = `account`, allowed, `expiry` 0 = never) and simulates
 * `enlistWithPermit`. The signature stays local until the write is sent.
 * @throws ChainRevertError as `enlist` reverts (`SettlementDue`, `DepositsClosed`, ...).
 */
export async function prepareEnlistWithPermit(
  client: ReadClient,
  account: LocalAccount,
  { syndicate, dai, daiWad, expiry = 0n, what }: { syndicate: Address; dai: Address; daiWad: bigint; expiry?: bigint; what?: string },
): Promise<SimulatedWrite<bigint>> {
  const permit = await signDaiPermit(client, { dai, account, spender: syndicate, expiry });
  return simulateWrite(client, account, named(enlistWithPermitWrite({ syndicate, daiWad, permit }), what));
}

/**
 * Simulates entering auction `id`: `enterAuction(id)`, and when that reverts `InsertionHintRequired
 * (settleAt)`, `enterAuctionAfter(id, insertionPoint(settleAt))`.
 * @throws ChainRevertError with the refusal (`PriceAboveLimit`, `InsufficientLiquidity`, ...).
 */
export async function prepareEnterAuction(
  client: ReadClient,
  account: Account,
  { syndicate, id, what }: { syndicate: Address; id: bigint; what?: string },
): Promise<SimulatedWrite<void>> {
  try {
    return await simulateWrite(client, account, named(enterAuctionWrite({ syndicate, id }), what));
  } catch (error) {
    if (!(error instanceof ChainRevertError) || error.revert?.name !== 'InsertionHintRequired') throw error;
    const [settleAt] = error.revert.args as readonly [bigint];
    const prevId = await readInsertionPoint(client, { syndicate, settleAt });
    return simulateWrite(client, account, named(enterAuctionWrite({ syndicate, id, prevId }), what));
  }
}

// ---------------------------------------------------------------- writes: simulated, then sent

/** `enlist` in one transaction: signs DAI's permit for the pool, then `enlistWithPermit`. */
export async function enlistWithPermit(
  client: ReadClient,
  wallet: SendClient,
  { syndicate, dai, daiWad, expiry = 0n }: { syndicate: Address; dai: Address; daiWad: bigint; expiry?: bigint },
  options: SendOptions = {},
): Promise<SentWrite<bigint>> {
  const account = wallet.account;
  if (account.type !== 'local') throw new Error('enlistWithPermit signs the permit itself: it needs a local account');
  return sendWrite(client, wallet, await prepareEnlistWithPermit(client, account, { syndicate, dai, daiWad, expiry }), options);
}

/** `enlist(daiWad)`, spending the allowance the holder gave the pool (see `approveDai`). */
export async function enlist(client: ReadClient, wallet: SendClient, params: { syndicate: Address; daiWad: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, enlistWrite(params), options);
}

/** `defect(shares)`: burns the sender's shares for their DAI and MKR. */
export async function defect(client: ReadClient, wallet: SendClient, params: { syndicate: Address; shares: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, defectWrite(params), options);
}

/** Enters auction `id`, with the insertion hint when the contract asks for one (`prepareEnterAuction`). */
export async function enterAuction(client: ReadClient, wallet: SendClient, { syndicate, id }: { syndicate: Address; id: bigint }, options: SendOptions = {}): Promise<SentWrite<void>> {
  return sendWrite(client, wallet, await prepareEnterAuction(client, wallet.account, { syndicate, id }), options);
}

/** `finalize(id)`: settles position `id` (anyone may). */
export async function finalize(client: ReadClient, wallet: SendClient, params: { syndicate: Address; id: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, finalizeWrite(params), options);
}

/** `skim()`: folds DAI and MKR sent to the pool outside its books into them (anyone may). */
export async function skim(client: ReadClient, wallet: SendClient, params: { syndicate: Address }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, skimWrite(params), options);
}

// ---------------------------------------------------------------- events

/** The syndicate's events among `logs` (a receipt's), decoded; other contracts' logs are left out. */
export function syndicateEvents(logs: readonly Log[], syndicate: Address) {
  const own = logs.filter((log) => getAddress(log.address) === getAddress(syndicate));
  return parseEventLogs({ abi, logs: own as Log[] });
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
