/**
 * The tokens' quirks: DAI's own permit (not EIP-2612: holder, spender, nonce, expiry, allowed; domain
 * "Dai Stablecoin", version "1") and MKR's bytes32 name and symbol (DSToken).
 */
import { hexToString, parseSignature, type Account, type Address, type Hex, type LocalAccount } from 'viem';
import { daiAbi, mkrAbi } from './abis.js';
import { multicallMode, type ReadClient, type SendClient } from './clients.js';
import { contractWrite, simulateAndSend, type SendOptions } from './send.js';

export const DAI_PERMIT_TYPES = {
  Permit: [
    { name: 'holder', type: 'address' },
    { name: 'spender', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'expiry', type: 'uint256' },
    { name: 'allowed', type: 'bool' },
  ],
} as const;

export interface DaiPermit {
  holder: Address;
  spender: Address;
  nonce: bigint;
  /** Unix s after which the signature is void; 0 never expires. */
  expiry: bigint;
  allowed: boolean;
}

/** The EIP-712 typed data of DAI's permit, ready for `signTypedData`. */
export function daiPermitTypedData({ dai, chainId, permit }: { dai: Address; chainId: number; permit: DaiPermit }) {
  return {
    domain: { name: 'Dai Stablecoin', version: '1', chainId, verifyingContract: dai },
    types: DAI_PERMIT_TYPES,
    primaryType: 'Permit',
    message: permit,
  } as const;
}

export interface SignedDaiPermit extends DaiPermit {
  v: number;
  r: Hex;
  s: Hex;
}

/**
 * Signs DAI's permit with `account` as holder; reads the holder's nonce unless given. `allowed`
 * defaults to true (allowance to max), as `enlistWithPermit` expects.
 */
export async function signDaiPermit(
  client: ReadClient,
  { dai, account, spender, expiry = 0n, allowed = true, nonce }: {
    dai: Address;
    account: LocalAccount | (Account & { signTypedData: NonNullable<LocalAccount['signTypedData']> });
    spender: Address;
    expiry?: bigint;
    allowed?: boolean;
    nonce?: bigint;
  },
): Promise<SignedDaiPermit> {
  const holder = account.address;
  const permitNonce = nonce ?? (await client.readContract({ address: dai, abi: daiAbi, functionName: 'nonces', args: [holder] }));
  const permit: DaiPermit = { holder, spender, nonce: permitNonce, expiry, allowed };
  const signature = await account.signTypedData(daiPermitTypedData({ dai, chainId: client.chain.id, permit }));
  const { r, s, v, yParity } = parseSignature(signature);
  return { ...permit, r, s, v: Number(v ?? BigInt(yParity + 27)) };
}

/** A bytes32 string as DSToken stores it: left-aligned, zero-padded. */
export function bytes32ToString(value: Hex): string {
  return hexToString(value, { size: 32 }).replace(/\0+$/, '');
}

/** MKR's name and symbol, decoded from bytes32 ("Maker", "MKR"), and its decimals. */
export async function readMkrMeta(client: ReadClient, { mkr }: { mkr: Address }) {
  const [name, symbol, decimals] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: mkr, abi: mkrAbi, functionName: 'name' },
      { address: mkr, abi: mkrAbi, functionName: 'symbol' },
      { address: mkr, abi: mkrAbi, functionName: 'decimals' },
    ],
  });
  return { name: bytes32ToString(name), symbol: bytes32ToString(symbol), decimals: Number(decimals) };
}

/** DAI and MKR balances of `holder`, wad. */
export async function readBalances(client: ReadClient, { dai, mkr, holder }: { dai: Address; mkr: Address; holder: Address }) {
  const [daiWad, mkrWad, daiNonce] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: dai, abi: daiAbi, functionName: 'balanceOf', args: [holder] },
      { address: mkr, abi: mkrAbi, functionName: 'balanceOf', args: [holder] },
      { address: dai, abi: daiAbi, functionName: 'nonces', args: [holder] },
    ],
  });
  return { daiWad, mkrWad, daiNonce };
}

/** What `holder` has in DAI for `spender`: balance, allowance (wad) and DAI permit nonce, one multicall. */
export async function readDaiHolder(client: ReadClient, { dai, holder, spender }: { dai: Address; holder: Address; spender: Address }) {
  const [daiWad, allowanceWad, nonce] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: dai, abi: daiAbi, functionName: 'balanceOf', args: [holder] },
      { address: dai, abi: daiAbi, functionName: 'allowance', args: [holder, spender] },
      { address: dai, abi: daiAbi, functionName: 'nonces', args: [holder] },
    ],
  });
  return { daiWad, allowanceWad, nonce };
}

/** `approve(spender, daiWad)` on DAI: lets `spender` (a pool, for `enlist`) take up to `daiWad`. */
export const approveDaiWrite = ({ dai, spender, daiWad }: { dai: Address; spender: Address; daiWad: bigint }) =>
  contractWrite(`approve(${spender}, ${daiWad} wad DAI)`, { address: dai, abi: daiAbi, functionName: 'approve', args: [spender, daiWad] });

/** Simulates and sends DAI's `approve(spender, daiWad)`. */
export async function approveDai(client: ReadClient, wallet: SendClient, params: { dai: Address; spender: Address; daiWad: bigint }, options: SendOptions = {}) {
  return simulateAndSend(client, wallet, approveDaiWrite(params), options);
}

/** MKR's total supply, wad (it grows when a Flopper's `deal` mints the lot). */
export async function readMkrSupply(client: ReadClient, { mkr }: { mkr: Address }): Promise<bigint> {
  return client.readContract({ address: mkr, abi: mkrAbi, functionName: 'totalSupply' });
}
