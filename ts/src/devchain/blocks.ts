/**
 * Blocks built by hand on an Anvil with automine off: the demo's actors (rival bidders, Maker's
 * keepers calling the Vow, members) queue their transactions, and one block at a chosen time takes
 * all of them, together with whatever the keeper under test sent meanwhile. After a large replay every
 * block costs Anvil about 100 ms (it rebuilds the state trie), so a hundred actions in one block
 * instead of a hundred blocks is what keeps the demo inside its time budget.
 *
 * Transactions are signed locally (nonces kept per account here, fees fixed), sent with
 * `eth_sendRawTransaction`, and checked after the block: one that was not included, or reverted, is
 * an error naming what it was meant to do.
 */
import { encodeFunctionData, numberToHex, type Address, type Hash, type Hex, type LocalAccount, type TransactionReceipt } from 'viem';
import type { ReadClient } from '../chain/clients.js';
import type { ContractWrite } from '../chain/send.js';
import { BackstopError } from '../errors.js';
import { setAutomine, type AnyClient } from './faults.js';

type RawRequest = (args: { method: string; params?: unknown }) => Promise<unknown>;
const rpc = <T>(client: AnyClient, method: string, params: unknown = []) => (client.request as unknown as RawRequest)({ method, params }) as Promise<T>;

/** Fee caps of the builder's transactions: a high cap (they go first: Anvil orders by it), no tip. */
export const BUILDER_FEES = { maxFeePerGas: 2_000n * 10n ** 9n, maxPriorityFeePerGas: 0n } as const;

interface Queued {
  hash: Hash;
  what: string;
  from: Address;
  /** Not checked after the block (may be left out, may fail: a congestion filler burns all its gas), and forgotten by it. */
  optional: boolean;
}

export interface MinedBlock {
  number: bigint;
  timestamp: bigint;
  /** Receipts of the transactions queued through this builder, in the order queued (optional ones apart). */
  receipts: TransactionReceipt[];
  /** Optional transactions (fillers) the block took, and left out (dropped). */
  optional: { included: number; leftOut: number };
}

export class BlockBuilder {
  private readonly nonces = new Map<Address, number>();
  private queued: Queued[] = [];
  private queuedGasTotal = 0n;

  constructor(private readonly client: ReadClient) {}

  /** Automine off: blocks come only from `mine`. Nonces are read afresh (others may have sent since). */
  async start(): Promise<void> {
    this.nonces.clear();
    await setAutomine(this.client, false);
  }

  /** Automine back on (also what a stop on error should call). */
  async stop(): Promise<void> {
    await setAutomine(this.client, true);
  }

  /** Transactions queued and not yet mined (fillers not counted). */
  get size(): number {
    return this.queued.filter((q) => !q.optional).length;
  }

  /** The gas limits of the transactions queued for the next block (fillers not counted). */
  get queuedGas(): bigint {
    return this.queuedGasTotal;
  }

  /**
   * Signs and sends `write` from `account` into the txpool (no simulation: a write that depends on one
   * queued before it in the same block could not be simulated alone; a revert shows after `mine`).
   * @param gas the gas limit (no estimate, for the same reason)
   */
  async add(account: LocalAccount, write: ContractWrite, { gas, optional = false, fees = BUILDER_FEES }: { gas: bigint; optional?: boolean; fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } }): Promise<Hash> {
    const data = encodeFunctionData({ abi: write.abi, functionName: write.functionName, args: write.args } as Parameters<typeof encodeFunctionData>[0]);
    return this.addRaw(account, { to: write.address, data, gas, what: write.what, optional, fees });
  }

  /** As `add`, for calldata already encoded (or a plain transfer with `data` 0x). */
  async addRaw(
    account: LocalAccount,
    { to, data, gas, value = 0n, what, optional = false, fees = BUILDER_FEES }: { to: Address | undefined; data: Hex; gas: bigint; value?: bigint; what: string; optional?: boolean; fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } },
  ): Promise<Hash> {
    let nonce = this.nonces.get(account.address);
    if (nonce === undefined) nonce = await this.client.getTransactionCount({ address: account.address, blockTag: 'pending' });
    const serializedTransaction = await account.signTransaction({ chainId: this.client.chain.id, type: 'eip1559', to, data, value, gas, nonce, ...fees });
    let hash: Hash;
    try {
      hash = await this.client.sendRawTransaction({ serializedTransaction });
    } catch (error) {
      this.nonces.delete(account.address); // re-read from the node next time
      throw new BackstopError(`${what}: not accepted by the node (${(error as Error).message.split('\n')[0]})`, { kind: 'chain', cause: error });
    }
    this.nonces.set(account.address, nonce + 1);
    this.queued.push({ hash, what, from: account.address, optional });
    if (!optional) this.queuedGasTotal += gas;
    return hash;
  }

  /**
   * Mines one block at chain time `at` (unix s; must be after the latest block's) holding the txpool,
   * then checks every queued transaction: included and successful.
   * @throws BackstopError (kind chain) naming the first queued transaction that was left out or reverted.
   */
  async mine(at: bigint): Promise<MinedBlock> {
    await rpc(this.client, 'evm_setNextBlockTimestamp', [numberToHex(at)]);
    await rpc(this.client, 'evm_mine', []);
    const block = await this.client.getBlock({ blockTag: 'latest' });
    const queued = this.queued;
    this.queued = [];
    this.queuedGasTotal = 0n;
    const receipts: TransactionReceipt[] = [];
    const optional = { included: 0, leftOut: 0 };
    for (const q of queued) {
      const receipt = await this.client.getTransactionReceipt({ hash: q.hash }).catch(() => undefined);
      if (!receipt) {
        if (q.optional) {
          // Left out (a filler the keeper outbid): out of the txpool, and its nonce free again.
          await rpc(this.client, 'anvil_dropTransaction', [q.hash]);
          this.nonces.delete(q.from);
          optional.leftOut++;
          continue;
        }
        throw new BackstopError(`${q.what}: not mined in block ${block.number} (transaction ${q.hash})`, { kind: 'chain', hint: 'the block gas limit may be too small for the batch' });
      }
      if (q.optional) {
        optional.included++;
        continue;
      }
      if (receipt.status !== 'success') {
        throw new BackstopError(`${q.what}: reverted in block ${receipt.blockNumber} (transaction ${q.hash})`, { kind: 'chain' });
      }
      receipts.push(receipt);
    }
    return { number: block.number, timestamp: block.timestamp, receipts, optional };
  }
}
