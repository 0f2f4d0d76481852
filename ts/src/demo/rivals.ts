/**
 * Rival bidders of the March 2020 debt auctions: who bids on which lot, when, and at what limit price.
 * Pure: no client, no clock. The world (world.ts) asks `dueDents` each block and sends what it says.
 *
 * Calibration (from black-thursday.json through the report's references, never a hard-coded price):
 * - phase one (the first `phaseOne.lots` lots): every lot clears at the published phase-one price
 *   (about 265 DAI/MKR);
 * - phase two (the next `phaseTwo.lots`): half at the published low (220), the rest spread evenly up to
 *   the published high (250), as the sources describe the phase;
 * - the lots after that (the unblocking spell's): at the published average over all 106 lots.
 * Each lot has two rivals. An opener arrives 10-40 minutes after the kick with a limit of
 * `OPENER_DAI_PER_MKR` (a first dent just under the 250 MKR lot's 3% step: the Flopper refuses
 * less), and the lot's winner arrives one to four hours after the kick with the clearing price as its
 * limit. A rival bids only under the Flopper's rules: before the bid's `tic` and the auction's `end`,
 * when not already leading, asking the lot its limit allows if that is at least `beg` smaller than
 * the current lot; it jumps straight to its limit (as the 2020 winners did), so the winner's dent
 * clears the lot at its calibrated price. Arrival times fall on 10-minute marks, so dents share blocks.
 */
import type { Address } from 'viem';
import type { FlopAuction } from '../chain/flopper.js';
import { seededRandom } from '../devchain/faults.js';

const WAD = 10n ** 18n;
const RAY_PER_WAD = 10n ** 9n;

/** The opening rivals' limit, DAI per MKR, wad: 208 DAI/MKR asks 240.4 MKR of a 250 MKR, 50,000 DAI lot. */
export const OPENER_DAI_PER_MKR_WAD = 208n * WAD;

/** The published prices the rivals are calibrated to, DAI per MKR, wad (the report's references). */
export interface RivalCalibration {
  phaseOneLots: number;
  phaseOneDaiPerMkrWad: bigint;
  phaseTwoLots: number;
  phaseTwoLowDaiPerMkrWad: bigint;
  phaseTwoHighDaiPerMkrWad: bigint;
  /** For the lots after phase two. */
  averageDaiPerMkrWad: bigint;
}

/** One rival's intent on one lot: its limit, and when it starts watching (seconds after the kick). */
export interface RivalIntent {
  rival: number;
  limitWad: bigint;
  arrivesAfterS: bigint;
}

/** The rivals of one lot (by kick order): the opener first, then the winner. */
export interface LotRivals {
  /** The price the lot is meant to clear at, DAI per MKR, wad. */
  clearingWad: bigint;
  intents: RivalIntent[];
}

/**
 * The clearing price of the `index`-th lot kicked (0-based), DAI per MKR, wad (see the module's note).
 */
export function clearingPriceWad(index: number, cal: RivalCalibration): bigint {
  if (index < cal.phaseOneLots) return cal.phaseOneDaiPerMkrWad;
  const j = index - cal.phaseOneLots;
  if (j < cal.phaseTwoLots) {
    const half = Math.ceil(cal.phaseTwoLots / 2);
    if (j < half) return cal.phaseTwoLowDaiPerMkrWad;
    const rest = cal.phaseTwoLots - half;
    if (rest <= 1) return cal.phaseTwoHighDaiPerMkrWad;
    // multiply before dividing, so the last lot clears at exactly the high
    return cal.phaseTwoLowDaiPerMkrWad + ((cal.phaseTwoHighDaiPerMkrWad - cal.phaseTwoLowDaiPerMkrWad) * BigInt(j - half)) / BigInt(rest - 1);
  }
  return cal.averageDaiPerMkrWad;
}

/**
 * The rivals of the `index`-th lot: an opener and a winner, drawn from `rivals` accounts, with arrival
 * times from a PRNG seeded by `seed` and the index (the same inputs give the same plan).
 */
export function lotRivals(index: number, cal: RivalCalibration, { rivals, seed }: { rivals: number; seed: number }): LotRivals {
  if (rivals < 2) throw new RangeError('lotRivals: at least two rival accounts');
  const random = seededRandom(seed * 1_000_003 + index);
  const tenMinutes = (n: number) => BigInt(n) * 600n;
  const opener = Math.floor(random() * rivals);
  let winner = Math.floor(random() * (rivals - 1));
  if (winner >= opener) winner++;
  const clearingWad = clearingPriceWad(index, cal);
  return {
    clearingWad,
    intents: [
      { rival: opener, limitWad: OPENER_DAI_PER_MKR_WAD, arrivesAfterS: tenMinutes(1 + Math.floor(random() * 4)) },
      { rival: winner, limitWad: clearingWad, arrivesAfterS: tenMinutes(6 + Math.floor(random() * 19)) },
    ],
  };
}

/** The lot (wad MKR) a bidder with limit `limitWad` (DAI per MKR, wad) asks for `bidRad`: rounded up, so its price is at most the limit. */
export function lotAtLimitWad(bidRad: bigint, limitWad: bigint): bigint {
  const denominator = limitWad * RAY_PER_WAD;
  return (bidRad + denominator - 1n) / denominator;
}

/** A dent to send: rival `rival` asks `lotWad` MKR on auction `id` for its fixed `bidRad`. */
export interface RivalDent {
  rival: number;
  id: bigint;
  lotWad: bigint;
  bidRad: bigint;
}

/**
 * The dents due at `now` (chain time, s): for each live auction with a plan, each rival that has
 * arrived and does not lead bids its limit if the Flopper would take it (see the module's note). At
 * most one dent per auction per block (the first rival in the plan's order that may bid).
 * @param kickedAt chain time of each auction's kick
 * @param accounts the rivals' addresses (index = `RivalIntent.rival`)
 */
export function dueDents(
  auctions: readonly Pick<FlopAuction, 'id' | 'bidRad' | 'lotWad' | 'guy' | 'tic' | 'end'>[],
  plans: ReadonlyMap<bigint, LotRivals>,
  kickedAt: ReadonlyMap<bigint, bigint>,
  { now, begWad, accounts }: { now: bigint; begWad: bigint; accounts: readonly Address[] },
): RivalDent[] {
  const dents: RivalDent[] = [];
  for (const a of auctions) {
    const plan = plans.get(a.id);
    const kick = kickedAt.get(a.id);
    if (!plan || kick === undefined || a.end === 0n) continue;
    if (a.end <= now || (a.tic !== 0n && a.tic <= now)) continue; // over: only deal is left
    for (const intent of plan.intents) {
      if (now < kick + intent.arrivesAfterS) continue;
      if (accounts[intent.rival]?.toLowerCase() === a.guy.toLowerCase()) continue;
      const lotWad = lotAtLimitWad(a.bidRad, intent.limitWad);
      // dent: lot < current lot, and beg * lot <= current lot * ONE
      if (lotWad >= a.lotWad || begWad * lotWad > a.lotWad * WAD) continue;
      dents.push({ rival: intent.rival, id: a.id, lotWad, bidRad: a.bidRad });
      break;
    }
  }
  return dents;
}

/**
 * The next chain time after `now` at which a rival arrives on a live auction (for the world's clock),
 * or undefined when none will.
 */
export function nextArrival(plans: ReadonlyMap<bigint, LotRivals>, kickedAt: ReadonlyMap<bigint, bigint>, live: ReadonlySet<bigint>, now: bigint): bigint | undefined {
  let next: bigint | undefined;
  for (const [id, plan] of plans) {
    if (!live.has(id)) continue;
    const kick = kickedAt.get(id);
    if (kick === undefined) continue;
    for (const intent of plan.intents) {
      const at = kick + intent.arrivesAfterS;
      if (at > now && (next === undefined || at < next)) next = at;
    }
  }
  return next;
}
