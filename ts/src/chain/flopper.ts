/** The Flopper (debt auctions): parameters, auction records, and what state each record is in. */
import {
  decodeAbiParameters,
  decodeEventLog,
  decodeFunctionData,
  encodeEventTopics,
  getAbiItem,
  getAddress,
  hexToBigInt,
  hexToNumber,
  isAddressEqual,
  numberToHex,
  pad,
  slice,
  toFunctionSelector,
  zeroAddress,
  type Address,
  type Hash,
  type Hex,
} from 'viem';
import { flopperAbi } from './abis.js';
import { multicallMode, type ReadClient } from './clients.js';

export interface FlopperParams {
  begWad: bigint;
  padWad: bigint;
  /** Bid lifetime and auction length, s. */
  ttl: bigint;
  tau: bigint;
  kicks: bigint;
  live: boolean;
}

export async function readFlopper(client: ReadClient, { flopper }: { flopper: Address }): Promise<FlopperParams> {
  const c = { address: flopper, abi: flopperAbi } as const;
  const [begWad, padWad, ttl, tau, kicks, live] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { ...c, functionName: 'beg' },
      { ...c, functionName: 'pad' },
      { ...c, functionName: 'ttl' },
      { ...c, functionName: 'tau' },
      { ...c, functionName: 'kicks' },
      { ...c, functionName: 'live' },
    ],
  });
  return { begWad, padWad, ttl: BigInt(ttl), tau: BigInt(tau), kicks, live: live === 1n };
}

export interface FlopAuction {
  id: bigint;
  /** The fixed bid, rad. */
  bidRad: bigint;
  /** MKR on offer, wad. */
  lotWad: bigint;
  /** The high bidder (the Vow until the first dent); zero once dealt or yanked. */
  guy: Address;
  /** Bid expiry (0: no bid yet) and auction end, unix s. */
  tic: bigint;
  end: bigint;
}

/** Auction records, one multicall (at `blockNumber` when given, else the latest block). */
export async function readAuctions(
  client: ReadClient,
  { flopper, ids, blockNumber }: { flopper: Address; ids: readonly bigint[]; blockNumber?: bigint | undefined },
): Promise<FlopAuction[]> {
  if (ids.length === 0) return [];
  const bids = await client.multicall({
    ...multicallMode(client),
    ...(blockNumber === undefined ? {} : { blockNumber }),
    allowFailure: false,
    contracts: ids.map((id) => ({ address: flopper, abi: flopperAbi, functionName: 'bids', args: [id] }) as const),
  });
  return bids.map(([bidRad, lotWad, guy, tic, end], i) => ({ id: ids[i]!, bidRad, lotWad, guy, tic: BigInt(tic), end: BigInt(end) }));
}

export type AuctionState = 'running' | 'has bids' | 'needs tick' | 'can be dealt' | 'finishing' | 'dealt';

/** What the Flopper allows now, by its own checks (`dent`, `tick`, `deal`). */
export function auctionState(a: Pick<FlopAuction, 'guy' | 'tic' | 'end'>, now: bigint): AuctionState {
  if (a.guy === zeroAddress) return 'dealt';
  if (a.tic === 0n) {
    if (a.end > now) return 'running';
    return a.end < now ? 'needs tick' : 'finishing';
  }
  if (a.tic > now && a.end > now) return 'has bids';
  if (a.tic < now || a.end < now) return 'can be dealt';
  return 'finishing';
}

/** When the auction stops taking bids: the bid's expiry if there is a bid, else the auction's end. */
export function auctionDeadline(a: Pick<FlopAuction, 'tic' | 'end'>): bigint {
  return a.tic !== 0n && a.tic < a.end ? a.tic : a.end;
}

/** DAI per MKR the record implies, `bid / lot` rounded up, wad (as the syndicate computes it). */
export function impliedPriceWad(a: Pick<FlopAuction, 'bidRad' | 'lotWad'>): bigint | undefined {
  if (a.lotWad === 0n) return undefined;
  const perWad = (a.bidRad + a.lotWad - 1n) / a.lotWad;
  const rayPerWad = 10n ** 9n;
  return (perWad + rayPerWad - 1n) / rayPerWad;
}

/** The ids from `kicks()` down, at most `limit` of them, newest first. */
export function recentIds(kicks: bigint, limit: number): bigint[] {
  const ids: bigint[] = [];
  for (let id = kicks; id >= 1n && ids.length < limit; id--) ids.push(id);
  return ids;
}

// --- Logs ------------------------------------------------------------------------------------------

/**
 * The Flopper's calls that matter to discovery, as they appear in its `LogNote` (dss 1.0's anonymous
 * call log: topic0 is the 4-byte selector left-aligned in 32 bytes, topic1 the caller, topic2 and
 * topic3 the first two calldata words, `data` the first 224 bytes of calldata). `kick` is not noted:
 * it emits `Kick` instead.
 */
export type FlopperNoteKind = 'dent' | 'tick' | 'deal' | 'yank';
export type FlopperLogKind = 'kick' | FlopperNoteKind;
/** Every log kind `getFlopperLogs` decodes, its default filter. */
export const FLOPPER_LOG_KINDS: readonly FlopperLogKind[] = ['kick', 'dent', 'tick', 'deal', 'yank'];

const logNoteItem = getAbiItem({ abi: flopperAbi, name: 'LogNote' });
/** LogNote's one non-indexed input, `bytes data` (the call's first 224 bytes). */
const logNoteDataInputs = [logNoteItem.inputs[4]] as const;

/** 4-byte selectors of the noted Flopper calls, computed from the generated ABI. */
export const FLOPPER_SELECTORS: Readonly<Record<FlopperNoteKind, Hex>> = {
  dent: toFunctionSelector(getAbiItem({ abi: flopperAbi, name: 'dent' })),
  tick: toFunctionSelector(getAbiItem({ abi: flopperAbi, name: 'tick' })),
  deal: toFunctionSelector(getAbiItem({ abi: flopperAbi, name: 'deal' })),
  yank: toFunctionSelector(getAbiItem({ abi: flopperAbi, name: 'yank' })),
};

/** topic0 of each log kind: the `Kick` event's signature hash, or a selector padded right to 32 bytes. */
export const FLOPPER_LOG_TOPICS: Readonly<Record<FlopperLogKind, Hex>> = {
  kick: encodeEventTopics({ abi: flopperAbi, eventName: 'Kick' })[0],
  dent: pad(FLOPPER_SELECTORS.dent, { dir: 'right', size: 32 }),
  tick: pad(FLOPPER_SELECTORS.tick, { dir: 'right', size: 32 }),
  deal: pad(FLOPPER_SELECTORS.deal, { dir: 'right', size: 32 }),
  yank: pad(FLOPPER_SELECTORS.yank, { dir: 'right', size: 32 }),
};

/** Where a log was: block, block hash (to tell forks apart), position and transaction. */
export interface FlopperLogPlace {
  /** The auction id. */
  id: bigint;
  blockNumber: bigint;
  blockHash: Hash;
  logIndex: number;
  transactionHash: Hash;
}

/**
 * One decoded Flopper log:
 * - `kick`: an auction started, `lotWad` MKR for `bidRad` DAI, paid to `gal` (the Vow);
 * - `dent`: `usr` bid `bidRad` for `lotWad`;
 * - `tick`: `usr` restarted an unbid auction (its lot grew by `pad`);
 * - `deal` / `yank`: `usr` settled / cancelled it (the record is deleted: the id is finished).
 */
export type FlopperLog =
  | (FlopperLogPlace & { kind: 'kick'; lotWad: bigint; bidRad: bigint; gal: Address })
  | (FlopperLogPlace & { kind: 'dent'; usr: Address; lotWad: bigint; bidRad: bigint })
  | (FlopperLogPlace & { kind: 'tick' | 'deal' | 'yank'; usr: Address });

/** A log as `eth_getLogs` returns it (hex quantities). */
export interface RpcLogLike {
  address: Address;
  topics: readonly Hex[];
  data: Hex;
  blockNumber: Hex | null;
  blockHash: Hash | null;
  logIndex: Hex | null;
  transactionHash: Hash | null;
}

/**
 * Decodes one raw log of the Flopper (the `Kick` event or a `LogNote` of dent/tick/deal/yank), or
 * returns undefined for any other log (another noted call, a pending log without a block).
 * Pure. Errors: viem's decoding errors when a log with a known topic0 is malformed.
 */
export function decodeFlopperLog(log: RpcLogLike): FlopperLog | undefined {
  const topic0 = log.topics[0];
  if (topic0 === undefined || log.blockNumber === null || log.blockHash === null || log.logIndex === null || log.transactionHash === null) {
    return undefined;
  }
  const place = {
    blockNumber: hexToBigInt(log.blockNumber),
    blockHash: log.blockHash,
    logIndex: hexToNumber(log.logIndex),
    transactionHash: log.transactionHash,
  };
  if (topic0 === FLOPPER_LOG_TOPICS.kick) {
    const { args } = decodeEventLog({ abi: flopperAbi, eventName: 'Kick', topics: log.topics as [Hex, ...Hex[]], data: log.data, strict: true });
    return { kind: 'kick', id: args.id, lotWad: args.lot, bidRad: args.bid, gal: args.gal, ...place };
  }
  const usrTopic = log.topics[1];
  if (usrTopic === undefined) return undefined;
  const kind = (Object.keys(FLOPPER_SELECTORS) as FlopperNoteKind[]).find((k) => FLOPPER_LOG_TOPICS[k] === topic0);
  if (kind === undefined) return undefined;
  // `data` holds the call's first 224 bytes; the selector in it names the function again.
  const [calldata] = decodeAbiParameters(logNoteDataInputs, log.data);
  const call = decodeFunctionData({ abi: flopperAbi, data: calldata });
  const usr = getAddress(slice(usrTopic, 12));
  if (call.functionName === 'dent' && kind === 'dent') {
    const [id, lotWad, bidRad] = call.args;
    return { kind, id, usr, lotWad, bidRad, ...place };
  }
  if ((call.functionName === 'tick' || call.functionName === 'deal' || call.functionName === 'yank') && call.functionName === kind) {
    return { kind, id: call.args[0], usr, ...place };
  }
  return undefined;
}

/**
 * The Flopper's logs in blocks `[fromBlock, toBlock]`, decoded, in chain order: ONE `eth_getLogs`
 * (address = the Flopper, topic0 = any of `kinds`, all five by default). The caller pages the range;
 * a node that refuses a range or a result that large throws (viem's RPC error).
 */
export async function getFlopperLogs(
  client: ReadClient,
  { flopper, fromBlock, toBlock, kinds = FLOPPER_LOG_KINDS }: { flopper: Address; fromBlock: bigint; toBlock: bigint; kinds?: readonly FlopperLogKind[] },
): Promise<FlopperLog[]> {
  const logs = await client.request({
    method: 'eth_getLogs',
    params: [{ address: flopper, fromBlock: numberToHex(fromBlock), toBlock: numberToHex(toBlock), topics: [kinds.map((k) => FLOPPER_LOG_TOPICS[k])] }],
  });
  const decoded: FlopperLog[] = [];
  for (const log of logs) {
    if (!isAddressEqual(log.address, flopper)) continue;
    const d = decodeFlopperLog(log);
    if (d !== undefined && kinds.includes(d.kind)) decoded.push(d);
  }
  return decoded.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}

/** `kicks()` (the number of auctions ever kicked, so the highest id), at `blockNumber` or the latest block. */
export async function readKicks(client: ReadClient, { flopper, blockNumber }: { flopper: Address; blockNumber?: bigint | undefined }): Promise<bigint> {
  return client.readContract({ address: flopper, abi: flopperAbi, functionName: 'kicks', ...(blockNumber === undefined ? {} : { blockNumber }) });
}
