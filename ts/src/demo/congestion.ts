/**
 * Congestion as in March 2020, on Anvil: each block is filled by a transaction that pays a higher fee
 * cap than a keeper's first offer, so the keeper's transactions wait until it bumps them past it.
 * (Anvil orders a block's transactions by fee cap, whatever their tips.) The filler is a contract creation whose init code loops until its gas runs out (`JUMPDEST PUSH1 0
 * JUMP`): included, it uses all of its gas limit, which is set to what the block has left after the
 * demo's own batched transactions (they pay more and go first: Anvil orders by fee cap). A keeper
 * transaction paying more than the filler goes before it, and the filler no longer fits: it is
 * dropped after the block and sent again for the next. Anvil takes no transaction above 2^24 gas
 * (EIP-7825's cap), so congested blocks are 2^24 gas (`CONGESTED_BLOCK_GAS`): one filler fills one.
 */
import type { Hash, LocalAccount } from 'viem';
import type { BlockBuilder } from '../devchain/blocks.js';
import type { Congestion } from './world.js';

/** Init code that never returns: JUMPDEST, PUSH1 0, JUMP. */
export const BURN_ALL_GAS_INIT_CODE = '0x5b600056' as const;

/** The block gas limit while congested: EIP-7825's transaction gas cap, so one filler fills a block. */
export const CONGESTED_BLOCK_GAS = 16_777_216n;

/** Intrinsic gas of the filler (a creation with four bytes of init code) and a margin. */
const FILLER_MIN_GAS = 60_000n;

/**
 * Queues the filler for the next block, sized to the block gas left after the builder's queued
 * transactions. Returns its hash, or undefined when no room is left.
 */
export async function fill(builder: BlockBuilder, c: Pick<Congestion, 'filler' | 'fillerFeeWei'>, blockGasLimit: bigint): Promise<Hash | undefined> {
  const gas = blockGasLimit - builder.queuedGas - 1n;
  if (gas < FILLER_MIN_GAS) return undefined;
  return builder.addRaw(c.filler as LocalAccount, {
    to: undefined,
    data: BURN_ALL_GAS_INIT_CODE,
    gas,
    what: 'congestion filler',
    optional: true,
    // Anvil orders by fee cap; a 1 gwei tip keeps the node's tip suggestion (eth_maxPriorityFeePerGas,
    // which keepers read) where it was, so a keeper's first offer stays under the fillers' cap.
    fees: { maxFeePerGas: c.fillerFeeWei, maxPriorityFeePerGas: 10n ** 9n },
  });
}
