/**
 * What the keeper reads each block and the calls it sends, typed from the generated ABIs.
 *
 * - `readKeeperView`: the whole state one block's decisions need, in two `eth_call`s whatever the
 *   number of auctions and tiers (a multicall of the Flopper, the live auctions, each tier's status
 *   (the round with it) and `canEnter` per live auction, and `pending(holder)` of the requesters the
 *   keeper may claim for; then one of the open positions).
 * - `keeperCall`: an action as a contract call (`enterAuction`, `enterAuctionAfter`, `finalize`,
 *   `claim`, `tick`, `flop`, `kiss`, `heal`); `decodeKeeperCall` maps calldata back to the action, which
 *   is how a keeper restarted with transactions still in the mempool knows what they were.
 */
import { decodeErrorResult, decodeFunctionData, encodeFunctionData, getAddress, zeroAddress, type Address, type Hex } from 'viem';
import { flopperAbi, syndicateAbi, vatAbi, vowAbi } from './abis.js';
import { multicallMode, type ReadClient } from './clients.js';
import { decodeSyndicateError, type DecodedRevert } from './errors.js';
import type { FlopAuction } from './flopper.js';
import type { OpenPosition, PendingRequests, PoolStatus } from './syndicate.js';

/** The Flopper's parameters and counters at the view's block. */
export interface FlopperView {
  address: Address;
  live: boolean;
  kicks: bigint;
  /** Minimum lot decrease and the lot growth on `tick`, wad (1.05e18 = 5%). */
  begWad: bigint;
  padWad: bigint;
  /** Bid lifetime and auction length, s. */
  ttl: bigint;
  tau: bigint;
}

/** One tier as the keeper sees it. `positions` are in the pool's queue order (by settle time). */
export interface PoolView {
  address: Address;
  limitWad: bigint;
  status: PoolStatus;
  positions: OpenPosition[];
  /** `canEnter(id)` for every live auction id: ok, or the decoded refusal (undefined if unknown). */
  entry: ReadonlyMap<bigint, { ok: boolean; refusal: DecodedRevert | undefined }>;
  /** `pending(holder)` of the requesters asked for (the keeper's claim queue), by checksummed address. */
  requesters: ReadonlyMap<Address, PendingRequests>;
}

/** The Vow's books (rad), read only when the keeper may call `flop`, `kiss` or `heal`. */
export interface VowView {
  address: Address;
  live: boolean;
  sinRad: bigint;
  ashRad: bigint;
  sumpRad: bigint;
  vatSinRad: bigint;
  vatDaiRad: bigint;
}

/** Everything one block's plan is a function of. */
export interface KeeperView {
  block: { number: bigint; timestamp: bigint };
  flopper: FlopperView;
  /** Records of the ids asked for (the live ones), in the order asked; dealt ones have `guy` zero. */
  auctions: FlopAuction[];
  pools: PoolView[];
  vow: VowView | undefined;
}

/**
 * Reads the keeper's view at `blockNumber`: two `eth_call`s (multicall), however many auctions and tiers.
 * @param ids The live auction ids (the discovery index's).
 * @param pools The tiers' syndicates.
 * @param vow Read the Vow's books too (for the optional `flop`, `kiss`, `heal`).
 */
export async function readKeeperView(
  client: ReadClient,
  {
    flopper,
    ids,
    pools,
    vow,
    block,
    requesters = new Map(),
  }: {
    flopper: Address;
    ids: readonly bigint[];
    pools: readonly Address[];
    vow: { vow: Address; vat: Address } | undefined;
    block: { number: bigint; timestamp: bigint };
    /** Per pool (checksummed), holders whose `pending(holder)` to read (the keeper's claim queue). */
    requesters?: ReadonlyMap<Address, readonly Address[]>;
  },
): Promise<KeeperView> {
  // One eth_call per multicall where a Multicall3 is deployed (mainnet; the local chain's, which
  // DeployMcd records), not viem's default chunks of 1 KiB of calldata, which made the count grow with
  // the auctions (16 eth_calls for 106). 1 MiB holds ~350 live auctions for two tiers, well under a
  // node's eth_call gas cap. viem's deployless fallback runs the batch as initcode, which EIP-3860 caps
  // at 48 KiB, so it keeps viem's chunks.
  const batchSize = client.chain.contracts?.multicall3 ? 1 << 20 : undefined;
  const mode = { ...multicallMode(client), allowFailure: false, blockNumber: block.number, batchSize } as const;
  const f = { address: flopper, abi: flopperAbi } as const;
  const s = syndicateAbi;
  const contracts = [
    { ...f, functionName: 'live' },
    { ...f, functionName: 'kicks' },
    { ...f, functionName: 'beg' },
    { ...f, functionName: 'pad' },
    { ...f, functionName: 'ttl' },
    { ...f, functionName: 'tau' },
    ...ids.map((id) => ({ ...f, functionName: 'bids', args: [id] }) as const),
    ...pools.flatMap((address) => [
      { address, abi: s, functionName: 'limitWad' } as const,
      { address, abi: s, functionName: 'status' } as const,
      { address, abi: s, functionName: 'openPositions' } as const,
      ...ids.map((id) => ({ address, abi: s, functionName: 'canEnter', args: [id] }) as const),
      ...(requesters.get(getAddress(address)) ?? []).map((holder) => ({ address, abi: s, functionName: 'pending', args: [holder] }) as const),
    ]),
    ...(vow
      ? ([
          { address: vow.vow, abi: vowAbi, functionName: 'live' },
          { address: vow.vow, abi: vowAbi, functionName: 'Sin' },
          { address: vow.vow, abi: vowAbi, functionName: 'Ash' },
          { address: vow.vow, abi: vowAbi, functionName: 'sump' },
          { address: vow.vat, abi: vatAbi, functionName: 'sin', args: [vow.vow] },
          { address: vow.vat, abi: vatAbi, functionName: 'dai', args: [vow.vow] },
        ] as const)
      : []),
  ];
  const results = (await client.multicall({ ...mode, contracts })) as unknown[];
  let at = 0;
  const next = <T>() => results[at++] as T;
  const flopperView: FlopperView = {
    address: getAddress(flopper),
    live: next<bigint>() === 1n,
    kicks: next<bigint>(),
    begWad: next<bigint>(),
    padWad: next<bigint>(),
    ttl: BigInt(next<number | bigint>()),
    tau: BigInt(next<number | bigint>()),
  };
  const auctions: FlopAuction[] = ids.map((id) => {
    const [bidRad, lotWad, guy, tic, end] = next<readonly [bigint, bigint, Address, number | bigint, number | bigint]>();
    return { id, bidRad, lotWad, guy, tic: BigInt(tic), end: BigInt(end) };
  });
  const partial = pools.map((address) => {
    const limitWad = next<bigint>();
    const status = next<PoolStatus>();
    const open = next<readonly bigint[]>();
    const entry = new Map<bigint, { ok: boolean; refusal: DecodedRevert | undefined }>();
    for (const id of ids) {
      const [ok, data] = next<readonly [boolean, Hex]>();
      entry.set(id, { ok, refusal: ok ? undefined : decodeSyndicateError(data) });
    }
    const pending = new Map<Address, PendingRequests>();
    for (const holder of requesters.get(getAddress(address)) ?? []) pending.set(getAddress(holder), { ...next<PendingRequests>() });
    return { address: getAddress(address), limitWad, status: { ...status }, open, entry, requesters: pending };
  });
  let vowView: VowView | undefined;
  if (vow) {
    vowView = {
      address: getAddress(vow.vow),
      live: next<bigint>() === 1n,
      sinRad: next<bigint>(),
      ashRad: next<bigint>(),
      sumpRad: next<bigint>(),
      vatSinRad: next<bigint>(),
      vatDaiRad: next<bigint>(),
    };
  }

  const wanted = partial.flatMap((p) => p.open.map((id) => ({ address: p.address, id })));
  const records = wanted.length
    ? await client.multicall({
        ...mode,
        contracts: wanted.map(({ address, id }) => ({ address, abi: s, functionName: 'positions', args: [id] }) as const),
      })
    : [];
  let r = 0;
  const poolViews: PoolView[] = partial.map((p) => ({
    address: p.address,
    limitWad: p.limitWad,
    status: p.status,
    entry: p.entry,
    requesters: p.requesters,
    positions: p.open.map((id) => {
      const record = records[r++]!;
      return { id, lockedDaiWad: record.lockedDaiWad, lotWad: record.lotWad, settleAt: record.settleAt };
    }),
  }));
  return { block, flopper: flopperView, auctions, pools: poolViews, vow: vowView };
}

/** A keeper action as the call that performs it. Keys name the action for "never two pending". */
export type KeeperCall =
  | { kind: 'enter'; pool: Address; id: bigint; prevId: bigint | undefined }
  | { kind: 'finalize'; pool: Address; id: bigint }
  | { kind: 'claim'; pool: Address; holder: Address }
  | { kind: 'tick'; flopper: Address; id: bigint }
  | { kind: 'flop'; vow: Address }
  | { kind: 'kiss'; vow: Address; rad: bigint }
  | { kind: 'heal'; vow: Address; rad: bigint };

/** The action's identity: one pending transaction at most per key (`enter:7`, `finalize:0xab..:7`, `claim:0xab..:0xcd..`). */
export function keeperCallKey(call: KeeperCall): string {
  switch (call.kind) {
    case 'enter':
      return `enter:${call.id}`;
    case 'finalize':
      return `finalize:${getAddress(call.pool)}:${call.id}`;
    case 'claim':
      return `claim:${getAddress(call.pool)}:${getAddress(call.holder)}`;
    case 'tick':
      return `tick:${call.id}`;
    case 'flop':
    case 'kiss':
    case 'heal':
      return `vow:${call.kind}`;
  }
}

/** The transaction fields (`to`, `data`) of a keeper call. */
export function encodeKeeperCall(call: KeeperCall): { to: Address; data: Hex } {
  const s = syndicateAbi;
  switch (call.kind) {
    case 'enter':
      return {
        to: call.pool,
        data:
          call.prevId === undefined
            ? encodeFunctionData({ abi: s, functionName: 'enterAuction', args: [call.id] })
            : encodeFunctionData({ abi: s, functionName: 'enterAuctionAfter', args: [call.id, call.prevId] }),
      };
    case 'finalize':
      return { to: call.pool, data: encodeFunctionData({ abi: s, functionName: 'finalize', args: [call.id] }) };
    case 'claim':
      return { to: call.pool, data: encodeFunctionData({ abi: s, functionName: 'claim', args: [call.holder] }) };
    case 'tick':
      return { to: call.flopper, data: encodeFunctionData({ abi: flopperAbi, functionName: 'tick', args: [call.id] }) };
    case 'flop':
      return { to: call.vow, data: encodeFunctionData({ abi: vowAbi, functionName: 'flop' }) };
    case 'kiss':
      return { to: call.vow, data: encodeFunctionData({ abi: vowAbi, functionName: 'kiss', args: [call.rad] }) };
    case 'heal':
      return { to: call.vow, data: encodeFunctionData({ abi: vowAbi, functionName: 'heal', args: [call.rad] }) };
  }
}

/**
 * The keeper call a transaction makes, or undefined if it is none of them (or goes to an address the
 * keeper does not run). Used on start to adopt this account's pending transactions.
 */
export function decodeKeeperCall(
  tx: { to: Address | null | undefined; input: Hex },
  known: { pools: readonly Address[]; flopper: Address; vow: Address },
): KeeperCall | undefined {
  if (!tx.to || tx.to === zeroAddress) return undefined;
  const to = getAddress(tx.to);
  try {
    if (known.pools.some((p) => getAddress(p) === to)) {
      const { functionName, args } = decodeFunctionData({ abi: syndicateAbi, data: tx.input });
      if (functionName === 'enterAuction') return { kind: 'enter', pool: to, id: args[0], prevId: undefined };
      if (functionName === 'enterAuctionAfter') return { kind: 'enter', pool: to, id: args[0], prevId: args[1] };
      if (functionName === 'finalize') return { kind: 'finalize', pool: to, id: args[0] };
      if (functionName === 'claim') return { kind: 'claim', pool: to, holder: getAddress(args[0]) };
      return undefined;
    }
    if (to === getAddress(known.flopper)) {
      const { functionName, args } = decodeFunctionData({ abi: flopperAbi, data: tx.input });
      return functionName === 'tick' ? { kind: 'tick', flopper: to, id: args[0] } : undefined;
    }
    if (to === getAddress(known.vow)) {
      const { functionName, args } = decodeFunctionData({ abi: vowAbi, data: tx.input });
      if (functionName === 'flop') return { kind: 'flop', vow: to };
      if (functionName === 'kiss') return { kind: 'kiss', vow: to, rad: args[0] };
      if (functionName === 'heal') return { kind: 'heal', vow: to, rad: args[0] };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * A keeper call's revert, decoded: the syndicate's custom error (with its hint), or the Flopper's and
 * the Vow's `require` reason, or a panic. `data` is the revert data (`0x` when the node gave none).
 */
export function decodeKeeperRevert(data: Hex | undefined): { name: string; signature: string; revert: DecodedRevert | undefined } {
  if (!data || data === '0x') return { name: 'unknown', signature: 'reverted without data', revert: undefined };
  const revert = decodeSyndicateError(data);
  if (revert) return { name: revert.name, signature: revert.signature, revert };
  try {
    const decoded = decodeErrorResult({ abi: flopperAbi, data });
    const args = (decoded.args ?? []).map(String);
    return { name: decoded.errorName, signature: `${decoded.errorName}(${args.map((a) => JSON.stringify(a)).join(', ')})`, revert: undefined };
  } catch {
    return { name: 'unknown', signature: `reverted with ${data.slice(0, 10)}`, revert: undefined };
  }
}

/**
 * The first block whose timestamp is at or after `timestamp` (unix s), among blocks `0..head`: a binary
 * search on block timestamps, at most about log2(head) + 1 `eth_getBlockByNumber` requests. `head + 1`
 * when even the head is earlier.
 */
export async function firstBlockAtOrAfter(client: ReadClient, { timestamp, head }: { timestamp: bigint; head: bigint }): Promise<bigint> {
  let low = 0n;
  let high = head + 1n;
  while (low < high) {
    const mid = (low + high) / 2n;
    const block = await client.getBlock({ blockNumber: mid });
    if (block.timestamp >= timestamp) high = mid;
    else low = mid + 1n;
  }
  return low;
}

/** The revert data inside a viem error (a failed `eth_call` or `eth_estimateGas`), if any. */
export function revertDataOf(error: unknown): Hex | undefined {
  let found: Hex | undefined;
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || depth > 8 || found) return;
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && data.startsWith('0x')) found = data as Hex;
    else if (data && typeof data === 'object' && typeof (data as { data?: unknown }).data === 'string') found = (data as { data: Hex }).data;
    visit((e as { cause?: unknown }).cause, depth + 1);
  };
  visit(error, 0);
  return found;
}
