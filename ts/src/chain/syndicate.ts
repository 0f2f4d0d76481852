/**
 * The syndicate: snapshots (status, limit, open positions, the round), a holder's shares, requests and
 * claimable MKR, `canEnter` with the refusal decoded, and every contributor and keeper transaction
 * (`enlist`, `enlistWithPermit`, `defect`, the round's `requestEnlist`/`requestDefect`,
 * `cancelEnlist`/`cancelDefect`, `claim`, `claimMkr`, `enterAuction`/`enterAuctionAfter`, `finalize`,
 * `skim`). Each write comes as a description (`...Write`), a simulation (`prepare...`, through send.ts)
 * and a send (the plain name). Everything is called through the full ABI (`syndicateAbi`: ISyndicate,
 * whose views the syndicate runs from SyndicateViews by delegatecall).
 */
import { encodeEventTopics, getAddress, numberToHex, parseEventLogs, type Account, type Address, type Hex, type LocalAccount, type Log } from 'viem';
import { syndicateAbi } from './abis.js';
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

const abi = syndicateAbi;

/** `status()`: the pool's snapshot (amounts wad, shares 1e18 each, times unix s). */
export interface PoolStatus {
  halted: boolean;
  evidencePooled: boolean;
  flopperLive: boolean;
  daiJoinLive: boolean;
  /** Liquid DAI, wad (pending requests' DAI, DAI set aside for executed exits and DAI `skim` is still releasing are outside). */
  daiBookWad: bigint;
  /** DAI in open bids, wad. */
  lockedBookWad: bigint;
  /** Won (and released) MKR not yet paid out, wad: what holders can claim, plus rounding dust. */
  mkrBookWad: bigint;
  /** Shares outstanding, those locked by exit requests and those minted for executed deposit requests included. */
  totalShares: bigint;
  openPositions: bigint;
  /** An open position that can be finalized now (the queue's head, once due), or 0. */
  settlementDue: bigint;
  /** The current round's number (from 1). */
  round: bigint;
  /** A position is open: enlist and defect wait for the round to close (requests instead). */
  roundOpen: boolean;
  /** While requests are pending, the time by which every position of the round is due, unix s (0: no request yet). */
  closeBy: bigint;
}

/** `round()`: the current round. */
export interface RoundState {
  /** The round's number, from 1; requests made now belong to it. */
  id: bigint;
  /** A position is open; the round closes in the `finalize` that empties the queue. */
  open: boolean;
  /** The first request's time plus `min(ttl, tau)`, unix s: no position may settle later (0: no request yet). */
  closeBy: bigint;
  /** DAI asked in by the round's deposit requests, wad. */
  enlistDaiWad: bigint;
  /** Shares asked back by the round's exit requests (locked in the pool, still in the supply). */
  defectShares: bigint;
}

/** `pending(holder)`: a holder's requests (at most one of each kind, of one round) and what `claim` pays now. */
export interface PendingRequests {
  /** The round they belong to (0: none). */
  round: bigint;
  /** DAI of the deposit request, wad. */
  enlistDaiWad: bigint;
  /** Shares of the exit request (locked in the pool). */
  defectShares: bigint;
  /** The round has closed: `claim` pays out now. */
  executed: boolean;
  /** If executed: the shares `claim` transfers for the deposit. */
  sharesOut: bigint;
  /** If executed: the DAI `claim` pays for the exit (and for a deposit the round could not price), wad. */
  daiOutWad: bigint;
  /** The MKR `claim` pays: everything `claimableMkr(holder)` shows, wad. */
  mkrWad: bigint;
}

/** A holder in one pool: shares, the most they can `defect` now, claimable MKR and requests. */
export interface HolderState {
  /** `balanceOf`: shares held (locked exit shares and unclaimed deposit shares are the pool's). */
  shares: bigint;
  /** `maxDefect`: 0 while a round is open, else the balance. */
  maxDefectShares: bigint;
  /** `claimableMkr`: MKR the holder can collect (claimMkr, or claim with a closed round's request), wad. */
  claimableMkrWad: bigint;
  pending: PendingRequests;
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
  /** The current round with its request totals (`round()`). */
  round: RoundState;
  /**
   * `mkrPerShareRay()`: MKR credited per share so far, MKR wei per wei of shares times 1e27. It grows
   * only when a lot is won (or skim's MKR is released) and never moves on a claim or an exit; see
   * `mkrPerShareWadOfRay` for MKR per whole share.
   */
  mkrPerShareRay: bigint;
  positions: OpenPosition[];
}

/** Snapshots of several syndicates: one multicall for their state, one for their open positions. */
export async function readSyndicates(client: ReadClient, { syndicates }: { syndicates: readonly Address[] }): Promise<SyndicateSnapshot[]> {
  if (syndicates.length === 0) return [];
  const mode = { ...multicallMode(client), allowFailure: false } as const;
  const perPool = ['name', 'symbol', 'limitWad', 'owner', 'status', 'round', 'mkrPerShareRay', 'openPositions'] as const;
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
      status: { ...(first[at + 4] as PoolStatus) },
      round: { ...(first[at + 5] as RoundState) },
      mkrPerShareRay: first[at + 6] as bigint,
      ids: first[at + 7] as readonly bigint[],
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

// ---------------------------------------------------------------- a holder, the round

/** `holder` in one pool (see `HolderState`): one multicall of `balanceOf`, `maxDefect`, `claimableMkr`, `pending`. */
export async function readHolder(client: ReadClient, { syndicate, holder }: { syndicate: Address; holder: Address }): Promise<HolderState> {
  const [shares, maxDefectShares, claimableMkrWad, pending] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: syndicate, abi, functionName: 'balanceOf', args: [holder] },
      { address: syndicate, abi, functionName: 'maxDefect', args: [holder] },
      { address: syndicate, abi, functionName: 'claimableMkr', args: [holder] },
      { address: syndicate, abi, functionName: 'pending', args: [holder] },
    ],
  });
  return { shares, maxDefectShares, claimableMkrWad, pending: { ...pending } };
}

/** The current round (`round()`, see `RoundState`). */
export async function readRound(client: ReadClient, { syndicate }: { syndicate: Address }): Promise<RoundState> {
  const r = await client.readContract({ address: syndicate, abi, functionName: 'round' });
  return { id: r.id, open: r.open, closeBy: r.closeBy, enlistDaiWad: r.enlistDaiWad, defectShares: r.defectShares };
}

/** `holder`'s requests and what `claim` would pay for them now (`pending(holder)`). */
export async function readPending(client: ReadClient, { syndicate, holder }: { syndicate: Address; holder: Address }): Promise<PendingRequests> {
  return { ...(await client.readContract({ address: syndicate, abi, functionName: 'pending', args: [holder] })) };
}

/** MKR `holder` can collect now, wad (`claimableMkr`). */
export async function readClaimableMkr(client: ReadClient, { syndicate, holder }: { syndicate: Address; holder: Address }): Promise<bigint> {
  return client.readContract({ address: syndicate, abi, functionName: 'claimableMkr', args: [holder] });
}

/**
 * MKR per whole share (1e18 shares), wad, from the accumulator (MKR wei per wei of shares, ray):
 * `mkrPerShareRay / 1e9`, rounded down. What one share has been credited since the pool began.
 */
export function mkrPerShareWadOfRay(mkrPerShareRay: bigint): bigint {
  return mkrPerShareRay / 10n ** 9n;
}

/** Shares `enlist(daiWad)` would mint now (`previewEnlist`, before its checks). */
export async function readPreviewEnlist(client: ReadClient, { syndicate, daiWad }: { syndicate: Address; daiWad: bigint }): Promise<bigint> {
  return client.readContract({ address: syndicate, abi, functionName: 'previewEnlist', args: [daiWad] });
}

/** DAI `defect(shares)` would pay now, wad (`previewDefect`, before its checks); it also pays the caller's claimable MKR. */
export async function readPreviewDefect(client: ReadClient, { syndicate, shares }: { syndicate: Address; shares: bigint }): Promise<bigint> {
  return client.readContract({ address: syndicate, abi, functionName: 'previewDefect', args: [shares] });
}

/** The most shares `holder` can `defect` now: 0 while a round is open, else their balance. */
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

/** `requestEnlist(daiWad)`: while a round is open, takes DAI the holder approved now and asks for shares when it closes. */
export const requestEnlistWrite = ({ syndicate, daiWad }: { syndicate: Address; daiWad: bigint }) =>
  contractWrite(`requestEnlist(${daiWad} wad DAI)`, { address: syndicate, abi, functionName: 'requestEnlist', args: [daiWad] });

/** `requestDefect(shares)`: while a round is open, locks shares and asks for their DAI when it closes. */
export const requestDefectWrite = ({ syndicate, shares }: { syndicate: Address; shares: bigint }) =>
  contractWrite(`requestDefect(${shares} shares)`, { address: syndicate, abi, functionName: 'requestDefect', args: [shares] });

/** `cancelEnlist()`: withdraws the sender's deposit request of the open round; returns the DAI back, wad. */
export const cancelEnlistWrite = ({ syndicate }: { syndicate: Address }) => contractWrite('cancelEnlist()', { address: syndicate, abi, functionName: 'cancelEnlist', args: [] });

/** `cancelDefect()`: withdraws the sender's exit request of the open round; returns the shares back. */
export const cancelDefectWrite = ({ syndicate }: { syndicate: Address }) => contractWrite('cancelDefect()', { address: syndicate, abi, functionName: 'cancelDefect', args: [] });

/** `claim(holder)` (anyone, for anyone): pays `holder`'s executed requests and MKR; returns `[shares, daiWad, mkrWad]`. */
export const claimWrite = ({ syndicate, holder }: { syndicate: Address; holder: Address }) =>
  contractWrite(`claim(${holder})`, { address: syndicate, abi, functionName: 'claim', args: [holder] });

/** `claimMkr()`: pays the sender the MKR credited to their shares; returns the MKR, wad. */
export const claimMkrWrite = ({ syndicate }: { syndicate: Address }) => contractWrite('claimMkr()', { address: syndicate, abi, functionName: 'claimMkr', args: [] });

/** `enterAuction(id)`, or `enterAuctionAfter(id, prevId)` when `prevId` is given. */
export const enterAuctionWrite = ({ syndicate, id, prevId }: { syndicate: Address; id: bigint; prevId?: bigint | undefined }) =>
  prevId === undefined
    ? contractWrite(`enterAuction(${id})`, { address: syndicate, abi, functionName: 'enterAuction', args: [id] })
    : contractWrite(`enterAuctionAfter(${id}, ${prevId})`, { address: syndicate, abi, functionName: 'enterAuctionAfter', args: [id, prevId] });

/** `finalize(id)`: settles position `id`; returns whether it was won. */
export const finalizeWrite = ({ syndicate, id }: { syndicate: Address; id: bigint }) =>
  contractWrite(`finalize(${id})`, { address: syndicate, abi, functionName: 'finalize', args: [id] });

/** `skim()`: finds DAI and MKR outside the books and releases them to holders over a day; returns `[daiWad, mkrWad]` found. */
export const skimWrite = ({ syndicate }: { syndicate: Address }) => contractWrite('skim()', { address: syndicate, abi, functionName: 'skim', args: [] });

// ---------------------------------------------------------------- writes: simulated (nothing sent)

/** A write with its `what` replaced (the CLI words its messages itself). */
function named<R>(write: ContractWrite<R>, what: string | undefined): ContractWrite<R> {
  return what === undefined ? write : { ...write, what };
}

/**
 * Signs DAI's permit for the pool (holder = `account`, allowed, `expiry` 0 = never) and simulates
 * `enlistWithPermit`. The signature stays local until the write is sent.
 * @throws ChainRevertError as `enlist` reverts (`RoundOpen`, `SharesWithoutDai`, ...).
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

/** `requestEnlist(daiWad)`, spending the allowance the holder gave the pool (see `approveDai`). */
export async function requestEnlist(client: ReadClient, wallet: SendClient, params: { syndicate: Address; daiWad: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, requestEnlistWrite(params), options);
}

/** `requestDefect(shares)`: locks the sender's shares until the round closes, for their DAI then. */
export async function requestDefect(client: ReadClient, wallet: SendClient, params: { syndicate: Address; shares: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, requestDefectWrite(params), options);
}

/** `cancelEnlist()`: the sender's deposit request of the open round withdrawn, its DAI back. */
export async function cancelEnlist(client: ReadClient, wallet: SendClient, params: { syndicate: Address }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, cancelEnlistWrite(params), options);
}

/** `cancelDefect()`: the sender's exit request of the open round withdrawn, its shares back. */
export async function cancelDefect(client: ReadClient, wallet: SendClient, params: { syndicate: Address }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, cancelDefectWrite(params), options);
}

/** `claim(holder)`: pays `holder` what their requests of a closed round executed to (anyone may send it). */
export async function claim(client: ReadClient, wallet: SendClient, params: { syndicate: Address; holder: Address }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, claimWrite(params), options);
}

/** `claimMkr()`: pays the sender the MKR credited to their shares. */
export async function claimMkr(client: ReadClient, wallet: SendClient, params: { syndicate: Address }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, claimMkrWrite(params), options);
}

/** Enters auction `id`, with the insertion hint when the contract asks for one (`prepareEnterAuction`). */
export async function enterAuction(client: ReadClient, wallet: SendClient, { syndicate, id }: { syndicate: Address; id: bigint }, options: SendOptions = {}): Promise<SentWrite<void>> {
  return sendWrite(client, wallet, await prepareEnterAuction(client, wallet.account, { syndicate, id }), options);
}

/** `finalize(id)`: settles position `id` (anyone may). */
export async function finalize(client: ReadClient, wallet: SendClient, params: { syndicate: Address; id: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, finalizeWrite(params), options);
}

/** `skim()`: releases DAI and MKR sent to the pool outside its books to its holders over a day (anyone may). */
export async function skim(client: ReadClient, wallet: SendClient, params: { syndicate: Address }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, skimWrite(params), options);
}

// ---------------------------------------------------------------- events

/** The syndicate's events among `logs` (a receipt's), decoded; other contracts' logs are left out. */
export function syndicateEvents(logs: readonly Log[], syndicate: Address) {
  const own = logs.filter((log) => getAddress(log.address) === getAddress(syndicate));
  return parseEventLogs({ abi, logs: own as Log[] });
}

/**
 * Book value per share: DAI and MKR per 1e18 shares, wad, rounded down (0 with no shares). The DAI part
 * is what a share is worth at cost, `(daiBook + lockedBook) / totalShares`; the MKR part is the MKR book
 * spread over today's shares, a book figure only (won MKR is credited per holder when won: a holder's own
 * is `claimableMkr`).
 */
export function navPerShare(status: Pick<PoolStatus, 'daiBookWad' | 'lockedBookWad' | 'mkrBookWad' | 'totalShares'>) {
  if (status.totalShares === 0n) return { daiWad: 0n, mkrWad: 0n };
  const one = 10n ** 18n;
  return {
    daiWad: ((status.daiBookWad + status.lockedBookWad) * one) / status.totalShares,
    mkrWad: (status.mkrBookWad * one) / status.totalShares,
  };
}

/**
 * The holders who asked to join or leave in round `round` (its `EnlistRequested` and `DefectRequested`
 * logs in blocks `[fromBlock, toBlock]`), each once, in the order of their first request. One
 * `eth_getLogs` per `pageSize` blocks, the round filtered by the node (it is an indexed topic).
 * @throws what the node throws (a range it refuses: give a smaller `pageSize`)
 */
export async function readRoundRequesters(
  client: ReadClient,
  { syndicate, round, fromBlock, toBlock, pageSize = 10_000n }: { syndicate: Address; round: bigint; fromBlock: bigint; toBlock: bigint; pageSize?: bigint },
): Promise<Address[]> {
  const [enlistTopic, , roundTopic] = encodeEventTopics({ abi, eventName: 'EnlistRequested', args: { round } });
  const [defectTopic] = encodeEventTopics({ abi, eventName: 'DefectRequested', args: { round } });
  const seen = new Set<Address>();
  for (let from = fromBlock; from <= toBlock; from += pageSize) {
    const to = from + pageSize - 1n < toBlock ? from + pageSize - 1n : toBlock;
    const logs = (await client.request({
      method: 'eth_getLogs',
      params: [{ address: syndicate, fromBlock: numberToHex(from), toBlock: numberToHex(to), topics: [[enlistTopic!, defectTopic!], null, roundTopic!] as never }],
    })) as Log[];
    for (const log of parseEventLogs({ abi, logs, eventName: ['EnlistRequested', 'DefectRequested'] })) {
      if (log.args.round === round) seen.add(getAddress(log.args.holder));
    }
  }
  return [...seen];
}

/**
 * Holders with a positive share balance, from the share token's Transfer logs (one eth_getLogs). The
 * pool's own address is not a member: its balance is the escrow of requests (shares locked by exit
 * requests, shares minted for deposit requests until they are claimed).
 */
export async function readMembers(client: ReadClient, { syndicate, fromBlock = 0n }: { syndicate: Address; fromBlock?: bigint }): Promise<number> {
  const logs = await client.getContractEvents({ address: syndicate, abi, eventName: 'Transfer', fromBlock, toBlock: 'latest' });
  return membersOfTransfers(syndicate, logs.map((log) => log.args as { from: Address; to: Address; amount: bigint }));
}

/**
 * The members among share transfers (in chain order): addresses whose balance ends positive, the zero
 * address (mints and burns) and the pool itself (the requests' escrow) left out. Pure.
 */
export function membersOfTransfers(syndicate: Address, transfers: readonly { from: Address; to: Address; amount: bigint }[]): number {
  const balances = new Map<string, bigint>();
  for (const { from, to, amount } of transfers) {
    const f = getAddress(from);
    const t = getAddress(to);
    balances.set(f, (balances.get(f) ?? 0n) - amount);
    balances.set(t, (balances.get(t) ?? 0n) + amount);
  }
  balances.delete(getAddress('0x0000000000000000000000000000000000000000'));
  balances.delete(getAddress(syndicate));
  return [...balances.values()].filter((b) => b > 0n).length;
}
