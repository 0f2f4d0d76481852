/**
 * The debt auctions, as in March 2020, as steps a runner (or a keeper) drives one at a time.
 *
 * 1. `castSpell`: the 12 March 2020 executive spell (McdDeploy.postSpell: Vow wait 156 h, Flopper
 *    ttl 6 h, flip ttl and tau 6 h, lump 500 ETH, fee 4%), cast through an McdSpell by governance.
 * 2. `warp`: time passes (to the first debt auction, 19 March 2020 14:28 UTC, by default).
 * 3. `flog`: the Vow's queued debt slices (one per bite time, `vow.sin(era)`) whose `wait` is over are
 *    released (`vow.flog`); only released debt can be healed or auctioned.
 * 4. `heal`: the DAI the flip auctions brought the Vow cancels released debt (`vow.heal`); `flop()`
 *    refuses while the Vow holds any DAI.
 * 5. `flop`: `vow.flop()` until it refuses: "Vow/insufficient-debt" once less than `sump` of released
 *    debt is off auction (done), or "Vow/surplus-not-zero" when DAI sits in the Vow (blocked).
 * 6. The March 2020 block: the first `dent` on a debt auction pays its 50,000 DAI to the previous high
 *    bidder, the Vow, without touching `Ash` (the March 2020 Flopper does not kiss); `flop()` then
 *    refuses with "Vow/surplus-not-zero" until someone calls `kiss` (`vow.kiss`, cancelling that DAI
 *    against the debt on auction). `kiss` is that someone; so is the keeper's optional kiss.
 * Each step appends to `events`, with the recorded-time clock (chain time - offset) of the replay.
 */
import type { Address } from 'viem';
import {
  castMcdSpell,
  flogDue,
  mineBlockAt,
  readVow,
  setNextBlockTimestamp,
  tryVowFlop,
  vowHeal,
  vowKiss,
  type ReadClient,
  type ReplayMaker,
  type SendClient,
  type VowState,
} from '../chain/index.js';
import { BackstopError } from '../errors.js';

/** 2020-03-19T14:28:00Z: the first debt auction (black-thursday.json, debtAuctions.start), unix s. */
export const MARCH_2020_FIRST_FLOP_AT = 1_584_628_080n;

/** Events of the debt phase; `at` is the recorded-time clock (UTC unix s), amounts in rad / wad. */
export type DebtEvent =
  | { kind: 'spell'; at: bigint; profile: 'post'; spell: Address }
  | { kind: 'flog'; at: bigint; slices: number; releasedRad: bigint }
  | { kind: 'heal'; at: bigint; rad: bigint }
  | { kind: 'flop'; at: bigint; id: bigint; lotWad: bigint; bidRad: bigint }
  | { kind: 'flop-refused'; at: bigint; reason: string; blocked: boolean }
  | { kind: 'kiss'; at: bigint; rad: bigint };

/** Why `flop` stopped: less than `sump` left (`done`), DAI in the Vow (`blocked`), or the limit. */
export type FlopStop = 'done' | 'blocked' | 'limit';

export interface DebtAuctionsDeps {
  client: ReadClient;
  /** Sends the steps; for `castSpell` it must be the MCD's ward. */
  wallet: SendClient;
  maker: ReplayMaker;
  /** The FlipReplayer (its `flogDue` releases many slices in one transaction). */
  replayer: Address;
  /** Chain time = recorded time + offsetSeconds (the flip replay's offset). */
  offsetSeconds: bigint;
}

/** The debt auctions of March 2020 as steps (see the module's note). */
export class DebtAuctions {
  /** Everything the steps did, in order. */
  readonly events: DebtEvent[] = [];

  constructor(private readonly deps: DebtAuctionsDeps) {}

  /** The recorded-time clock: the latest block's time less the offset, unix s. */
  async now(): Promise<bigint> {
    const block = await this.deps.client.getBlock({ blockTag: 'latest' });
    return block.timestamp - this.deps.offsetSeconds;
  }

  /** The Vow's books (rad) and whether `flop()` would pass now. */
  async state(): Promise<VowState> {
    return readVow(this.deps.client, { vow: this.deps.maker.vow, vat: this.deps.maker.vat });
  }

  /**
   * Moves the chain to recorded time `at` (mines an empty block then).
   * @throws BackstopError when `at` is not after the chain's time.
   */
  async warp(at: bigint): Promise<void> {
    const chainAt = at + this.deps.offsetSeconds;
    const latest = await this.deps.client.getBlock({ blockTag: 'latest' });
    if (chainAt <= latest.timestamp) throw new BackstopError(`debt auctions: cannot warp back to ${at} (the chain is at ${latest.timestamp - this.deps.offsetSeconds})`, { kind: 'input' });
    await mineBlockAt(this.deps.client, chainAt);
  }

  /**
   * Casts the 12 March 2020 spell (McdDeploy.postSpell) through an McdSpell, at recorded time `at`
   * when given (else now).
   */
  async castSpell({ at }: { at?: bigint } = {}): Promise<void> {
    if (at !== undefined) await setNextBlockTimestamp(this.deps.client, at + this.deps.offsetSeconds);
    const { spell } = await castMcdSpell(this.deps.client, this.deps.wallet, { maker: this.deps.maker, profile: 'post' });
    this.events.push({ kind: 'spell', at: await this.now(), profile: 'post', spell });
  }

  /**
   * Releases every slice in `eras` (chain times of bites: `FlipReplayResult.eras`) whose wait is over.
   * @returns the slices released and the debt they held, rad
   */
  async flog(eras: readonly bigint[]): Promise<{ slices: number; releasedRad: bigint }> {
    const before = await this.state();
    const sent = await flogDue(this.deps.client, this.deps.wallet, { replayer: this.deps.replayer, eras });
    const after = await this.state();
    const result = { slices: Number(sent.result), releasedRad: before.sinRad - after.sinRad };
    this.events.push({ kind: 'flog', at: await this.now(), ...result });
    return result;
  }

  /**
   * Cancels as much released debt as the Vow's DAI allows (`vow.heal`).
   * @returns the amount healed, rad (0: nothing to heal, no transaction)
   */
  async heal(): Promise<bigint> {
    const s = await this.state();
    const free = s.vatSinRad - s.sinRad - s.ashRad;
    const rad = s.vatDaiRad < free ? s.vatDaiRad : free;
    if (rad <= 0n) return 0n;
    await vowHeal(this.deps.client, this.deps.wallet, { vow: this.deps.maker.vow, rad });
    this.events.push({ kind: 'heal', at: await this.now(), rad });
    return rad;
  }

  /**
   * Cancels the Vow's DAI against the debt on auction (`vow.kiss`): what unblocks `flop()` after a
   * first dent in March 2020.
   * @returns the amount kissed, rad (0: no DAI or no Ash, no transaction)
   */
  async kiss(): Promise<bigint> {
    const s = await this.state();
    const rad = s.vatDaiRad < s.ashRad ? s.vatDaiRad : s.ashRad;
    if (rad <= 0n) return 0n;
    await vowKiss(this.deps.client, this.deps.wallet, { vow: this.deps.maker.vow, rad });
    this.events.push({ kind: 'kiss', at: await this.now(), rad });
    return rad;
  }

  /**
   * Calls `vow.flop()` until it refuses or `max` auctions were kicked.
   * @returns the kicked Flopper ids and why it stopped: `done` (less than sump of released debt off
   *   auction: "Vow/insufficient-debt"), `blocked` (DAI in the Vow: "Vow/surplus-not-zero"), `limit`
   */
  async flop({ max = Number.POSITIVE_INFINITY }: { max?: number } = {}): Promise<{ ids: bigint[]; stop: FlopStop; reason: string | undefined }> {
    const ids: bigint[] = [];
    const { dumpWad, sumpRad } = await this.state();
    while (ids.length < max) {
      const attempt = await tryVowFlop(this.deps.client, this.deps.wallet, { vow: this.deps.maker.vow });
      if (attempt.kind === 'refused') {
        const blocked = attempt.reason === 'Vow/surplus-not-zero';
        if (!blocked && attempt.reason !== 'Vow/insufficient-debt') {
          throw new BackstopError(`flop refused: ${attempt.reason}`, { kind: 'chain' });
        }
        this.events.push({ kind: 'flop-refused', at: await this.now(), reason: attempt.reason, blocked });
        return { ids, stop: blocked ? 'blocked' : 'done', reason: attempt.reason };
      }
      ids.push(attempt.id);
      this.events.push({ kind: 'flop', at: await this.now(), id: attempt.id, lotWad: dumpWad, bidRad: sumpRad });
    }
    return { ids, stop: 'limit', reason: undefined };
  }
}
