/** The Flopper (debt auctions): parameters, auction records, and what state each record is in. */
import { zeroAddress, type Address } from 'viem';
import { flopperAbi } from './abis.js';
import { multicallMode, type ReadClient } from './clients.js';

export interface FlopperParams {
  begWad: bigint;
  padWad: bigint;
  /** Bid lifetime and auction length, s. */
  ttl: bigint;
  tau: bigint;
  kicks: bigint;
  live: boolean;
}

export async function readFlopper(client: ReadClient, { flopper }: { flopper: Address }): Promise<FlopperParams> {
  const c = { address: flopper, abi: flopperAbi } as const;
  const [begWad, padWad, ttl, tau, kicks, live] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { ...c, functionName: 'beg' },
      { ...c, functionName: 'pad' },
      { ...c, functionName: 'ttl' },
      { ...c, functionName: 'tau' },
      { ...c, functionName: 'kicks' },
      { ...c, functionName: 'live' },
    ],
  });
  return { begWad, padWad, ttl: BigInt(ttl), tau: BigInt(tau), kicks, live: live === 1n };
}

export interface FlopAuction {
  id: bigint;
  /** The fixed bid, rad. */
  bidRad: bigint;
  /** MKR on offer, wad. */
  lotWad: bigint;
  /** The high bidder (the Vow until the first dent); zero once dealt or yanked. */
  guy: Address;
  /** Bid expiry (0: no bid yet) and auction end, unix s. */
  tic: bigint;
  end: bigint;
}

/** Auction records, one multicall. */
export async function readAuctions(client: ReadClient, { flopper, ids }: { flopper: Address; ids: readonly bigint[] }): Promise<FlopAuction[]> {
  if (ids.length === 0) return [];
  const bids = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: ids.map((id) => ({ address: flopper, abi: flopperAbi, functionName: 'bids', args: [id] }) as const),
  });
  return bids.map(([bidRad, lotWad, guy, tic, end], i) => ({ id: ids[i]!, bidRad, lotWad, guy, tic: BigInt(tic), end: BigInt(end) }));
}

export type AuctionState = 'running' | 'has bids' | 'needs tick' | 'can be dealt' | 'finishing' | 'dealt';

/** What the Flopper allows now, by its own checks (`dent`, `tick`, `deal`). */
export function auctionState(a: Pick<FlopAuction, 'guy' | 'tic' | 'end'>, now: bigint): AuctionState {
  if (a.guy === zeroAddress) return 'dealt';
  if (a.tic === 0n) {
    if (a.end > now) return 'running';
    return a.end < now ? 'needs tick' : 'finishing';
  }
  if (a.tic > now && a.end > now) return 'has bids';
  if (a.tic < now || a.end < now) return 'can be dealt';
  return 'finishing';
}

/** When the auction stops taking bids: the bid's expiry if there is a bid, else the auction's end. */
export function auctionDeadline(a: Pick<FlopAuction, 'tic' | 'end'>): bigint {
  return a.tic !== 0n && a.tic < a.end ? a.tic : a.end;
}

/** DAI per MKR the record implies, `bid / lot` rounded up, wad (as the syndicate computes it). */
export function impliedPriceWad(a: Pick<FlopAuction, 'bidRad' | 'lotWad'>): bigint | undefined {
  if (a.lotWad === 0n) return undefined;
  const perWad = (a.bidRad + a.lotWad - 1n) / a.lotWad;
  const rayPerWad = 10n ** 9n;
  return (perWad + rayPerWad - 1n) / rayPerWad;
}

/** The ids from `kicks()` down, at most `limit` of them, newest first. */
export function recentIds(kicks: bigint, limit: number): bigint[] {
  const ids: bigint[] = [];
  for (let id = kicks; id >= 1n && ids.length < limit; id--) ids.push(id);
  return ids;
}
