/**
 * Writes for the actors of a replayed market (the demo's rival bidders, the Maker keepers who call the
 * Vow, governance funding accounts), as `ContractWrite`s: the runner batches them into blocks
 * (devchain/blocks.ts) or sends them one by one (send.ts). Amounts in the units of their names.
 */
import { BaseError, ContractFunctionRevertedError, parseEventLogs, type Address, type Log } from 'viem';
import { daiAbi, syndicateAbi, flopperAbi, vowAbi } from './abis.js';
import type { ReadClient } from './clients.js';
import { contractWrite } from './send.js';

/** `dai.transfer(to, wad)`. */
export const daiTransferWrite = ({ dai, to, daiWad }: { dai: Address; to: Address; daiWad: bigint }) =>
  contractWrite(`transfer ${daiWad} wad DAI to ${to}`, { address: dai, abi: daiAbi, functionName: 'transfer', args: [to, daiWad] });

/** `flopper.dent(id, lot, bid)`: ask `lotWad` MKR for the auction's fixed `bidRad`. */
export const flopDentWrite = ({ flop, id, lotWad, bidRad }: { flop: Address; id: bigint; lotWad: bigint; bidRad: bigint }) =>
  contractWrite(`dent auction ${id} to ${lotWad} wad MKR`, { address: flop, abi: flopperAbi, functionName: 'dent', args: [id, lotWad, bidRad] });

/** `flopper.deal(id)`: settle a finished auction (MKR minted to the winner). */
export const flopDealWrite = ({ flop, id }: { flop: Address; id: bigint }) => contractWrite(`deal auction ${id}`, { address: flop, abi: flopperAbi, functionName: 'deal', args: [id] });

/** `vow.kiss(rad)`: cancels the Vow's DAI against debt on auction (the writes of governance and the Vow's other calls: governance.ts). */
export const vowKissWrite = ({ vow, rad }: { vow: Address; rad: bigint }) => contractWrite(`kiss ${rad} rad`, { address: vow, abi: vowAbi, functionName: 'kiss', args: [rad] });

/** The Flopper's `Kick` events in `logs`: the ids `vow.flop()` kicked. */
export function flopKicks(logs: readonly Log[], flop: Address): { id: bigint; lotWad: bigint; bidRad: bigint }[] {
  return parseEventLogs({ abi: flopperAbi, logs: logs as Log[], eventName: 'Kick' })
    .filter((l) => l.address.toLowerCase() === flop.toLowerCase())
    .map((l) => ({ id: l.args.id, lotWad: l.args.lot, bidRad: l.args.bid }));
}

/** A syndicate event that concerns the report: deposits, exits, requests, round closes, claims, entries and settlements. */
export type SyndicateLogEvent =
  | { kind: 'enlisted'; pool: Address; holder: Address; daiWad: bigint; shares: bigint; blockNumber: bigint }
  | { kind: 'defected'; pool: Address; holder: Address; shares: bigint; daiWad: bigint; mkrWad: bigint; blockNumber: bigint }
  | { kind: 'enlistRequested'; pool: Address; holder: Address; round: bigint; daiWad: bigint; blockNumber: bigint }
  | { kind: 'defectRequested'; pool: Address; holder: Address; round: bigint; shares: bigint; blockNumber: bigint }
  | { kind: 'roundClosed'; pool: Address; round: bigint; enlistDaiWad: bigint; mintedShares: bigint; defectShares: bigint; paidDaiWad: bigint; navDaiWad: bigint; totalShares: bigint; blockNumber: bigint }
  | { kind: 'claimed'; pool: Address; holder: Address; round: bigint; shares: bigint; daiWad: bigint; mkrWad: bigint; blockNumber: bigint }
  | { kind: 'mkrClaimed'; pool: Address; holder: Address; mkrWad: bigint; blockNumber: bigint }
  | { kind: 'entered'; pool: Address; id: bigint; lotWad: bigint; bidDaiWad: bigint; blockNumber: bigint }
  | { kind: 'finalized'; pool: Address; id: bigint; won: boolean; lotWad: bigint; daiWad: bigint; blockNumber: bigint };

const REPORTED_EVENTS = ['Enlisted', 'Defected', 'EnlistRequested', 'DefectRequested', 'RoundClosed', 'Claimed', 'MkrClaimed', 'AuctionEntered', 'AuctionFinalized'] as const;

/**
 * The syndicates' Enlisted, Defected, EnlistRequested, DefectRequested, RoundClosed, Claimed,
 * MkrClaimed, AuctionEntered and AuctionFinalized events in blocks `[fromBlock, toBlock]`, in chain
 * order: one `eth_getLogs` for all pools.
 */
export async function readSyndicateLogs(
  client: { getLogs: (args: { address: Address[]; fromBlock: bigint; toBlock: bigint }) => Promise<Log[]> },
  { pools, fromBlock, toBlock }: { pools: readonly Address[]; fromBlock: bigint; toBlock: bigint },
): Promise<SyndicateLogEvent[]> {
  const logs = await client.getLogs({ address: [...pools], fromBlock, toBlock });
  const parsed = parseEventLogs({ abi: syndicateAbi, logs, eventName: [...REPORTED_EVENTS] });
  const out: SyndicateLogEvent[] = [];
  for (const l of parsed) {
    const base = { pool: l.address, blockNumber: l.blockNumber };
    switch (l.eventName) {
      case 'Enlisted':
        out.push({ kind: 'enlisted', ...base, holder: l.args.holder, daiWad: l.args.daiWad, shares: l.args.shares });
        break;
      case 'Defected':
        out.push({ kind: 'defected', ...base, holder: l.args.holder, shares: l.args.shares, daiWad: l.args.daiWad, mkrWad: l.args.mkrWad });
        break;
      case 'EnlistRequested':
        out.push({ kind: 'enlistRequested', ...base, holder: l.args.holder, round: l.args.round, daiWad: l.args.daiWad });
        break;
      case 'DefectRequested':
        out.push({ kind: 'defectRequested', ...base, holder: l.args.holder, round: l.args.round, shares: l.args.shares });
        break;
      case 'RoundClosed':
        out.push({ kind: 'roundClosed', ...base, ...l.args });
        break;
      case 'Claimed':
        out.push({ kind: 'claimed', ...base, holder: l.args.holder, round: l.args.round, shares: l.args.shares, daiWad: l.args.daiWad, mkrWad: l.args.mkrWad });
        break;
      case 'MkrClaimed':
        out.push({ kind: 'mkrClaimed', ...base, holder: l.args.holder, mkrWad: l.args.mkrWad });
        break;
      case 'AuctionEntered':
        out.push({ kind: 'entered', ...base, id: l.args.id, lotWad: l.args.lotWad, bidDaiWad: l.args.bidDaiWad });
        break;
      case 'AuctionFinalized':
        out.push({ kind: 'finalized', ...base, id: l.args.id, won: l.args.won, lotWad: l.args.lotWad, daiWad: l.args.daiWad });
        break;
    }
  }
  return out;
}

/**
 * Why `vow.flop()` would be refused now ("Vow/surplus-not-zero" while DAI sits in the Vow,
 * "Vow/insufficient-debt"), or undefined when it would pass. Simulated from `from`; nothing is sent.
 * @throws what the node throws for anything but a revert
 */
export async function vowFlopRefusal(client: ReadClient, { vow, from }: { vow: Address; from: Address }): Promise<string | undefined> {
  try {
    await client.simulateContract({ account: from, address: vow, abi: vowAbi, functionName: 'flop', args: [] });
    return undefined;
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    if (reverted instanceof ContractFunctionRevertedError) return reverted.reason ?? reverted.shortMessage;
    throw error;
  }
}
