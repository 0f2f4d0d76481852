/**
 * Every transaction this package sends goes through here: simulated first against the latest state
 * with the sending account (a revert becomes a `ChainRevertError` with the custom error decoded, and
 * nothing is sent), then signed, sent, and waited for. A write is described by a `ContractWrite`
 * (address, ABI, function, arguments, and a one-line `what` for messages), so the same description can
 * be simulated alone (`--dry-run`), simulated in sequence with others (`simulateWrites`), or sent.
 */
import {
  BaseError as ViemBaseError,
  InsufficientFundsError,
  encodeFunctionData,
  type Abi,
  type Account,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { BackstopError, InputError } from '../errors.js';
import type { ReadClient, SendClient } from './clients.js';
import { toChainError } from './errors.js';

type Mutability = 'nonpayable' | 'payable';

/** One contract call to send. `R` is what the function returns (the simulation's result). */
export interface ContractWrite<R = unknown> {
  /** What the call does, for messages ("defect 1,000 shares"); no colon. */
  what: string;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  /** Carries `R` for the compiler; never set. */
  readonly resultType?: R | undefined;
}

/** Builds a `ContractWrite` checked against the ABI: the function exists and takes these arguments. */
export function contractWrite<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, Mutability>,
  const args extends ContractFunctionArgs<abi, Mutability, functionName>,
>(
  what: string,
  call: { address: Address; abi: abi; functionName: functionName; args: args },
): ContractWrite<ContractFunctionReturnType<abi, Mutability, functionName, args>> {
  return { what, address: call.address, abi: call.abi, functionName: call.functionName, args: call.args as readonly unknown[] };
}

/** A write the chain accepted in simulation: who would send it, its calldata and what it returned. */
export interface SimulatedWrite<R = unknown> extends ContractWrite<R> {
  from: Address;
  /** The calldata. */
  data: Hex;
  /** The function's return value in the simulation. */
  result: R;
}

/** A write sent and mined (status success). */
export interface SentWrite<R = unknown> extends SimulatedWrite<R> {
  hash: Hash;
  receipt: TransactionReceipt;
  blockNumber: bigint;
  gasUsed: bigint;
}

/** Caps on EIP-1559 fees, wei per gas. */
export interface FeeCaps {
  maxFeePerGasWei: bigint;
  maxPriorityFeePerGasWei: bigint;
}

export interface SendOptions {
  /** Fees are the node's estimate, capped by these. */
  fees?: FeeCaps | undefined;
}

/**
 * Simulates `write` from `account` against the latest state.
 * @throws ChainRevertError when it would revert (custom error decoded), BackstopError (kind chain) when
 *   the node fails.
 */
export async function simulateWrite<R>(client: ReadClient, account: Account, write: ContractWrite<R>): Promise<SimulatedWrite<R>> {
  try {
    const { result } = await client.simulateContract({
      account,
      address: write.address,
      abi: write.abi,
      functionName: write.functionName,
      args: write.args,
    } as Parameters<ReadClient['simulateContract']>[0]);
    return simulated(write, account.address, result as R);
  } catch (error) {
    throw toChainError(error, write.what);
  }
}

function simulated<R>(write: ContractWrite<R>, from: Address, result: R): SimulatedWrite<R> {
  const data = encodeFunctionData({ abi: write.abi, functionName: write.functionName, args: write.args } as Parameters<typeof encodeFunctionData>[0]);
  return { ...write, from, data, result };
}

/**
 * Simulates several writes in order, each seeing the state the previous ones left (`eth_simulateV1`),
 * e.g. an `approve` and the `enlist` that spends it, before either is sent.
 * @returns The simulated writes, or undefined when the node does not offer `eth_simulateV1`.
 * @throws ChainRevertError for the first write that would revert.
 */
export async function simulateWrites(client: ReadClient, account: Account, writes: readonly ContractWrite[]): Promise<SimulatedWrite[] | undefined> {
  let results: { status: string; result?: unknown; error?: unknown }[];
  try {
    const answer = await client.simulateCalls({
      account,
      calls: writes.map((w) => ({ to: w.address, abi: w.abi, functionName: w.functionName, args: w.args })) as never,
    });
    results = answer.results as typeof results;
  } catch (error) {
    if (isMethodMissing(error)) return undefined;
    throw toChainError(error, writes.map((w) => w.what).join(', then '));
  }
  return writes.map((write, i) => {
    const r = results[i]!;
    if (r.status !== 'success') throw toChainError(r.error, write.what);
    return simulated(write, account.address, r.result);
  });
}

function isMethodMissing(error: unknown): boolean {
  let e: unknown = error;
  while (e) {
    const { code, message } = e as { code?: number; message?: string };
    if (code === -32601 || code === -32004 || /method not found|not supported|does not exist/i.test(message ?? '')) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The fees of the next transaction: the node's EIP-1559 estimate, capped by `caps`.
 * @throws InputError when the latest base fee is above the cap (the transaction could not be mined).
 */
export async function cappedFees(client: ReadClient, caps: FeeCaps): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const [estimate, block] = await Promise.all([client.estimateFeesPerGas(), client.getBlock({ blockTag: 'latest' })]);
  const baseFee = block.baseFeePerGas ?? 0n;
  if (baseFee > caps.maxFeePerGasWei) {
    throw new InputError(`the base fee is ${gwei(baseFee)} gwei, above the cap --max-fee-gwei ${gwei(caps.maxFeePerGasWei)}`, {
      hint: 'raise --max-fee-gwei (BACKSTOP_MAX_FEE_GWEI), or wait for lower fees',
    });
  }
  const maxPriorityFeePerGas = min(estimate.maxPriorityFeePerGas, caps.maxPriorityFeePerGasWei);
  const maxFeePerGas = min(estimate.maxFeePerGas, caps.maxFeePerGasWei);
  return { maxFeePerGas, maxPriorityFeePerGas: min(maxPriorityFeePerGas, maxFeePerGas) };
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
function gwei(wei: bigint): string {
  const whole = wei / 10n ** 9n;
  const fraction = (wei % 10n ** 9n).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/**
 * Signs and sends a simulated write from `wallet`'s account, and waits for its receipt.
 * @throws BackstopError (kind chain) when sending fails or the mined transaction reverted; InputError
 *   when fees are over their caps or the account cannot pay for gas (nothing is sent then).
 */
export async function sendWrite<R>(client: ReadClient, wallet: SendClient, write: SimulatedWrite<R>, options: SendOptions = {}): Promise<SentWrite<R>> {
  const fees = options.fees ? await cappedFees(client, options.fees) : {};
  let hash: Hash;
  try {
    hash = await wallet.writeContract({
      account: wallet.account,
      chain: wallet.chain,
      address: write.address,
      abi: write.abi,
      functionName: write.functionName,
      args: write.args,
      ...fees,
    } as Parameters<SendClient['writeContract']>[0]);
  } catch (error) {
    // Too little ETH: the node refuses the transaction, or (with none at all) already its gas estimate.
    const weiHeld = await client.getBalance({ address: wallet.account.address }).catch(() => undefined);
    if (weiHeld === 0n || (error instanceof ViemBaseError && error.walk((e) => e instanceof InsufficientFundsError))) {
      throw new InputError(`${write.what}: ${wallet.account.address} has too little ETH to pay for gas${weiHeld === undefined ? '' : ` (${weiHeld} wei)`}`, {
        hint: 'send the account some ETH, then try again',
        cause: error,
      });
    }
    throw toChainError(error, write.what);
  }
  let receipt: TransactionReceipt;
  try {
    receipt = await client.waitForTransactionReceipt({ hash });
  } catch (error) {
    throw new BackstopError(`${write.what}: sent as ${hash}, but no receipt came (${(error as Error).message})`, {
      kind: 'chain',
      hint: 'look the transaction up before sending it again',
      cause: error,
    });
  }
  if (receipt.status !== 'success') {
    throw new BackstopError(`${write.what}: transaction ${hash} reverted in block ${receipt.blockNumber}`, {
      kind: 'chain',
      hint: 'the state changed between the simulation and the block; check it and try again',
    });
  }
  return { ...write, hash, receipt, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}

/** Simulates `write`, then sends it (nothing is sent when the simulation reverts). */
export async function simulateAndSend<R>(client: ReadClient, wallet: SendClient, write: ContractWrite<R>, options: SendOptions = {}): Promise<SentWrite<R>> {
  return sendWrite(client, wallet, await simulateWrite(client, wallet.account, write), options);
}
