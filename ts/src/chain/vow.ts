/** The Vow (Maker's balance sheet) and the Vat balances that decide whether a flop can be kicked. */
import type { Address } from 'viem';
import { vatAbi, vowAbi } from './abis.js';
import { multicallMode, type ReadClient } from './clients.js';

export interface VowState {
  /** Queued debt, debt on auction, the Vow's Vat debt and DAI: rad. */
  sinRad: bigint;
  ashRad: bigint;
  vatSinRad: bigint;
  vatDaiRad: bigint;
  /** Flop size: fixed bid (rad) and initial lot (wad). */
  sumpRad: bigint;
  dumpWad: bigint;
  /** Seconds before queued debt can be flogged. */
  wait: bigint;
  live: boolean;
  /** `flop()` would pass its checks now: enough unqueued debt off auction, and no surplus. */
  canFlop: boolean;
}

export async function readVow(client: ReadClient, { vow, vat }: { vow: Address; vat: Address }): Promise<VowState> {
  const v = { address: vow, abi: vowAbi } as const;
  const [sinRad, ashRad, sumpRad, dumpWad, wait, live, vatSinRad, vatDaiRad] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { ...v, functionName: 'Sin' },
      { ...v, functionName: 'Ash' },
      { ...v, functionName: 'sump' },
      { ...v, functionName: 'dump' },
      { ...v, functionName: 'wait' },
      { ...v, functionName: 'live' },
      { address: vat, abi: vatAbi, functionName: 'sin', args: [vow] },
      { address: vat, abi: vatAbi, functionName: 'dai', args: [vow] },
    ],
  });
  const free = vatSinRad - sinRad - ashRad;
  return { sinRad, ashRad, vatSinRad, vatDaiRad, sumpRad, dumpWad, wait, live: live === 1n, canFlop: free >= sumpRad && vatDaiRad === 0n };
}
