/**
 * Maker's core as governance and keepers touch it around a debt auction (fork mode, src/fork/):
 * - reads: `wards(usr)` on the Vat, the Vow and the Flopper; the Flopper's wiring (live, the Vow as its
 *   ward, the Vow's `flopper`, and whether it can mint MKR through MKR's authority); the Vow's queued
 *   debt slices (`fess` notes in the Vow's logs, with their eras);
 * - writes (descriptions, sent by the caller): `vat.suck`, `vat.hope`, `daiJoin.exit`, `vow.file`,
 *   `vow.flog`, `vow.heal`, `vow.flop`, `flopper.file`, `flopper.rely`, MkrAuthority `rely`, MKR `start`.
 * Auth: `suck`, `file`, `rely` need a ward (governance); `flog`, `heal`, `flop` are anyone's.
 */
import {
  getAbiItem,
  numberToHex,
  pad,
  stringToHex,
  toFunctionSelector,
  type Address,
  type Hex,
} from 'viem';
import { daiJoinAbi, flopperAbi, mkrAbi, mkrAuthorityAbi, vatAbi, vowAbi } from './abis.js';
import { multicallMode, type ReadClient } from './clients.js';
import { contractWrite } from './send.js';

// ---------------------------------------------------------------- wards

/** `wards(usr)` of the Vat, the Vow and the Flopper (1 = may call their auth functions). */
export async function readWards(
  client: ReadClient,
  { vat, vow, flop, usr }: { vat: Address; vow: Address; flop: Address; usr: Address },
): Promise<{ vat: boolean; vow: boolean; flop: boolean }> {
  const [onVat, onVow, onFlop] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: vat, abi: vatAbi, functionName: 'wards', args: [usr] },
      { address: vow, abi: vowAbi, functionName: 'wards', args: [usr] },
      { address: flop, abi: flopperAbi, functionName: 'wards', args: [usr] },
    ],
  });
  return { vat: onVat === 1n, vow: onVow === 1n, flop: onFlop === 1n };
}

// ---------------------------------------------------------------- the Flopper's wiring

/** What lets `vow.flop()` kick and `flopper.deal` mint. */
export interface FlopperWiring {
  /** `flopper.live` (0 after a cage: no kick, no dent). */
  live: boolean;
  /** The Vow is the Flopper's ward (it calls `kick`). */
  vowIsWard: boolean;
  /** The Flopper the Vow kicks on (`vow.flopper()`). */
  vowFlopper: Address;
  /** The Flopper's token (`gem`), to compare with MKR. */
  gem: Address;
  /** MKR's `authority()` (DSAuth), its `stopped` flag, and the authority's `root` (undefined if it has none). */
  mkrAuthority: Address;
  mkrStopped: boolean;
  authorityRoot: Address | undefined;
  /** `mkr.mint(flopper, 1)` called by the Flopper passes (`deal` would mint). */
  canMint: boolean;
}

/** Reads the Flopper's wiring (see `FlopperWiring`); `canMint` by simulating a 1-wei mint from the Flopper. */
export async function readFlopperWiring(client: ReadClient, { vow, flop, mkr }: { vow: Address; flop: Address; mkr: Address }): Promise<FlopperWiring> {
  const [live, vowWard, vowFlopper, gem, authority, stopped] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: flop, abi: flopperAbi, functionName: 'live' },
      { address: flop, abi: flopperAbi, functionName: 'wards', args: [vow] },
      { address: vow, abi: vowAbi, functionName: 'flopper' },
      { address: flop, abi: flopperAbi, functionName: 'gem' },
      { address: mkr, abi: mkrAbi, functionName: 'authority' },
      { address: mkr, abi: mkrAbi, functionName: 'stopped' },
    ],
  });
  const authorityRoot = await client
    .readContract({ address: authority, abi: mkrAuthorityAbi, functionName: 'root' })
    .catch(() => undefined);
  const canMint = await client
    .simulateContract({ account: flop, address: mkr, abi: mkrAbi, functionName: 'mint', args: [flop, 1n] })
    .then(() => true, () => false);
  return { live: live === 1n, vowIsWard: vowWard === 1n, vowFlopper, gem, mkrAuthority: authority, mkrStopped: stopped, authorityRoot, canMint };
}

// ---------------------------------------------------------------- the Vow's queued debt

/** topic0 of the Vow's `fess(tab)` note (LibNote: the selector left-aligned in 32 bytes). */
export const VOW_FESS_TOPIC: Hex = pad(toFunctionSelector(getAbiItem({ abi: vowAbi, name: 'fess' })), { dir: 'right', size: 32 });

/** One `fess` of the Vow: debt queued in `blockNumber` (its era is that block's timestamp). */
export interface FessNote {
  blockNumber: bigint;
  logIndex: number;
  /** The debt queued, rad (the note's first argument). */
  tabRad: bigint;
}

/**
 * The Vow's `fess` notes in blocks `[fromBlock, toBlock]`, in chain order: ONE `eth_getLogs` (the
 * caller pages the range; a node refusing a range that large throws its RPC error).
 */
export async function getFessNotes(client: ReadClient, { vow, fromBlock, toBlock }: { vow: Address; fromBlock: bigint; toBlock: bigint }): Promise<FessNote[]> {
  const logs = await client.request({
    method: 'eth_getLogs',
    params: [{ address: vow, fromBlock: numberToHex(fromBlock), toBlock: numberToHex(toBlock), topics: [VOW_FESS_TOPIC] }],
  });
  return logs
    .filter((l) => l.blockNumber !== null && l.logIndex !== null && l.topics[2] !== undefined)
    .map((l) => ({ blockNumber: BigInt(l.blockNumber!), logIndex: Number(l.logIndex), tabRad: BigInt(l.topics[2]!) }))
    .sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}

/** The debt still queued at each era, rad (`vow.sin(era)`; 0 once flogged), one multicall. */
export async function readQueuedDebt(client: ReadClient, { vow, eras }: { vow: Address; eras: readonly bigint[] }): Promise<bigint[]> {
  if (eras.length === 0) return [];
  return client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: eras.map((era) => ({ address: vow, abi: vowAbi, functionName: 'sin', args: [era] }) as const),
  });
}

// ---------------------------------------------------------------- writes (descriptions)

/** `vat.suck(u, v, rad)` (auth): `rad` of debt to `u` and as much Vat DAI to `v`. */
export const vatSuckWrite = ({ vat, u, v, rad }: { vat: Address; u: Address; v: Address; rad: bigint }) =>
  contractWrite(`suck ${rad} rad (debt to ${u}, DAI to ${v})`, { address: vat, abi: vatAbi, functionName: 'suck', args: [u, v, rad] });

/** `vat.hope(usr)`: lets `usr` (the DaiJoin, a Flopper) move the sender's Vat DAI. */
export const vatHopeWrite = ({ vat, usr }: { vat: Address; usr: Address }) =>
  contractWrite(`hope ${usr}`, { address: vat, abi: vatAbi, functionName: 'hope', args: [usr] });

/** `daiJoin.exit(usr, daiWad)`: the sender's Vat DAI out as `daiWad` ERC20 DAI to `usr` (needs `hope`). */
export const daiJoinExitWrite = ({ daiJoin, usr, daiWad }: { daiJoin: Address; usr: Address; daiWad: bigint }) =>
  contractWrite(`exit ${daiWad} wad DAI to ${usr}`, { address: daiJoin, abi: daiJoinAbi, functionName: 'exit', args: [usr, daiWad] });

/** The Vow's numeric parameters, by their `file` names (sump, bump, hump: rad; dump: wad; wait: s). */
export type VowParameter = 'wait' | 'dump' | 'sump' | 'bump' | 'hump';
/** `vow.file(what, data)` (auth). */
export const vowFileWrite = ({ vow, what, data }: { vow: Address; what: VowParameter; data: bigint }) =>
  contractWrite(`file the Vow's ${what} = ${data}`, { address: vow, abi: vowAbi, functionName: 'file', args: [stringToBytes32(what), data] });

/** The Flopper's parameters, by their `file` names (beg, pad: wad; ttl, tau: s). */
export type FlopperParameter = 'beg' | 'pad' | 'ttl' | 'tau';
/** `flopper.file(what, data)` (auth). */
export const flopperFileWrite = ({ flop, what, data }: { flop: Address; what: FlopperParameter; data: bigint }) =>
  contractWrite(`file the Flopper's ${what} = ${data}`, { address: flop, abi: flopperAbi, functionName: 'file', args: [stringToBytes32(what), data] });

/** `flopper.rely(usr)` (auth): the Vow must be the Flopper's ward to kick. */
export const flopperRelyWrite = ({ flop, usr }: { flop: Address; usr: Address }) =>
  contractWrite(`rely ${usr} on the Flopper`, { address: flop, abi: flopperAbi, functionName: 'rely', args: [usr] });

/** MkrAuthority's `rely(usr)` (root only): lets `usr` (the Flopper) mint MKR. */
export const mkrAuthorityRelyWrite = ({ authority, usr }: { authority: Address; usr: Address }) =>
  contractWrite(`rely ${usr} on MKR's authority`, { address: authority, abi: mkrAuthorityAbi, functionName: 'rely', args: [usr] });

/** MKR's `start()` (DSStop; the authority's root may call it): mints and transfers work again. */
export const mkrStartWrite = ({ mkr }: { mkr: Address }) => contractWrite('start MKR', { address: mkr, abi: mkrAbi, functionName: 'start', args: [] });

/** `vow.flog(era)`: releases the debt queued at `era` once `wait` has passed (anyone). */
export const vowFlogWrite = ({ vow, era }: { vow: Address; era: bigint }) =>
  contractWrite(`flog era ${era}`, { address: vow, abi: vowAbi, functionName: 'flog', args: [era] });

/** `vow.heal(rad)`: cancels released debt against the Vow's DAI (anyone). */
export const vowHealWrite = ({ vow, rad }: { vow: Address; rad: bigint }) =>
  contractWrite(`heal ${rad} rad`, { address: vow, abi: vowAbi, functionName: 'heal', args: [rad] });

/** `vow.flop()`: kicks a debt auction of `dump` MKR for `sump` DAI; returns its id (anyone). */
export const vowFlopWrite = ({ vow }: { vow: Address }) => contractWrite('flop', { address: vow, abi: vowAbi, functionName: 'flop', args: [] });

/** A `file` name as the contracts take it: ASCII, left-aligned in bytes32. */
function stringToBytes32(name: string): Hex {
  return stringToHex(name, { size: 32 });
}
