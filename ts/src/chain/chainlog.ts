/**
 * Maker's on-chain changelog (dss-chain-log, `ChainLog`): a governance-managed registry of the
 * current MCD addresses under bytes32 keys (`MCD_VAT`, `MCD_VOW`, ...). `getAddress(key)` reverts
 * "dss-chain-log/invalid-key" for a key it does not hold. The project compiles no ChainLog, so its
 * ABI is written here (the functions this package calls, from makerdao/dss-chain-log's ChainLog.sol).
 */
import { hexToString, parseAbi, stringToHex, type Address, type Hex } from 'viem';
import { multicallMode, type ReadClient } from './clients.js';

/** The part of ChainLog's ABI this package reads. */
export const chainlogAbi = parseAbi([
  'function getAddress(bytes32 key) view returns (address)',
  'function count() view returns (uint256)',
  'function version() view returns (string)',
  'function wards(address usr) view returns (uint256)',
]);

/**
 * The changelog keys of the contracts a debt-auction flow needs, by the address book's names
 * (`mkr` is Maker's governance token, `MCD_GOV`; `pauseProxy` is the executor of every spell, a ward
 * of every core contract).
 */
export const CHAINLOG_KEYS = {
  vat: 'MCD_VAT',
  vow: 'MCD_VOW',
  flop: 'MCD_FLOP',
  daiJoin: 'MCD_JOIN_DAI',
  dai: 'MCD_DAI',
  mkr: 'MCD_GOV',
  pauseProxy: 'MCD_PAUSE_PROXY',
} as const;

/** A changelog key as the contract stores it: the ASCII name, left-aligned in 32 bytes. */
export function chainlogKey(name: string): Hex {
  if (name.length === 0 || name.length > 32 || !/^[\x20-\x7e]+$/.test(name)) {
    throw new RangeError(`"${name}" is not a changelog key (1 to 32 printable ASCII characters)`);
  }
  return stringToHex(name, { size: 32 });
}

/** A bytes32 changelog key back to its name (trailing zero bytes dropped). */
export function chainlogKeyName(key: Hex): string {
  return hexToString(key, { size: 32 }).replace(/\0+$/, '');
}

/** What the changelog answered for each key asked: the address, or why there is none. */
export type ChainlogEntries<K extends string> = { [P in K]: { key: string; address: Address } | { key: string; error: string } };

/**
 * Reads `getAddress(key)` for every entry of `keys` (name in the caller's terms -> changelog key) in
 * one multicall; a missing key is reported in its entry, not thrown. Also reads `version()`
 * (undefined when the contract has none).
 * @throws the RPC's error when the call itself fails (no contract at `chainlog` answers with a revert
 *   for every key instead).
 */
export async function readChainlog<K extends string>(
  client: ReadClient,
  { chainlog, keys, blockNumber }: { chainlog: Address; keys: Readonly<Record<K, string>>; blockNumber?: bigint | undefined },
): Promise<{ version: string | undefined; entries: ChainlogEntries<K> }> {
  const names = Object.keys(keys) as K[];
  const at = blockNumber === undefined ? {} : { blockNumber };
  const [version, results] = await Promise.all([
    client.readContract({ address: chainlog, abi: chainlogAbi, functionName: 'version', ...at }).catch(() => undefined),
    client.multicall({
      ...multicallMode(client),
      ...at,
      allowFailure: true,
      contracts: names.map((name) => ({ address: chainlog, abi: chainlogAbi, functionName: 'getAddress', args: [chainlogKey(keys[name])] }) as const),
    }),
  ]);
  const entries = {} as Record<K, { key: string; address: Address } | { key: string; error: string }>;
  names.forEach((name, i) => {
    const r = results[i]!;
    const key = keys[name];
    entries[name] =
      r.status === 'success'
        ? { key, address: r.result }
        : { key, error: firstLine((r.error as { shortMessage?: string }).shortMessage ?? r.error.message) };
  });
  return { version, entries: entries as ChainlogEntries<K> };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
