/**
 * The Maker side of a fork's debt auction: a Flopper that can kick and mint, the debt auction's
 * parameters, enough released debt at the Vow and no surplus there, then `vow.flop()`.
 *
 * - `checkFlopper`: the Flopper is live, is the one the Vow kicks on, takes MKR as its gem, has the Vow
 *   as its ward, and can mint MKR through MKR's authority. Governance repairs what it may (rely the Vow
 *   on the Flopper, rely the Flopper on MKR's authority, start a stopped MKR) unless `repair` is off;
 *   anything else is a one-line error saying what prevents the auction.
 * - `fileParameters`: the Vow's sump and dump and the Flopper's beg, pad, ttl and tau, filed where they
 *   differ from the wanted values (governance).
 * - `prepareDebt`: makes `flop()` pass. Free debt (the Vow's Vat debt minus queued `Sin` and on-auction
 *   `Ash`) must cover `sump` plus the Vow's DAI (healed first, as `flop` needs no surplus): due slices of
 *   the debt queue are flogged first (anyone may), then, when allowed, governance sucks the rest
 *   (`vat.suck(vow, governance, rad)` puts debt on the Vow outside its queue), then the DAI is healed.
 * - `kickFlop`: `vow.flop()`, the auction's id and record.
 */
import { getAddress, isAddressEqual } from 'viem';
import type { Logger } from 'pino';
import type { ReadClient, SendClient } from '../chain/clients.js';
import { readAuctions, readFlopper, type FlopAuction } from '../chain/flopper.js';
import {
  flopperFileWrite,
  flopperRelyWrite,
  getFessNotes,
  mkrAuthorityRelyWrite,
  mkrStartWrite,
  readFlopperWiring,
  readQueuedDebt,
  readWards,
  vatSuckWrite,
  vowFileWrite,
  vowFlogWrite,
  vowFlopWrite,
  vowHealWrite,
  type FlopperParameter,
  type VowParameter,
} from '../chain/governance.js';
import { sendAndMine } from '../chain/replay.js';
import { readVow, type VowState } from '../chain/vow.js';
import { BackstopError } from '../errors.js';
import { formatUnit } from '../units.js';
import type { ForkMaker } from './addresses.js';
import { walkLogs } from './logs.js';

/** Who acts on the fork: a client, governance (a ward), an operator for anyone's calls, and a log of what governance did. */
export interface ForkActors {
  client: ReadClient;
  /** Sends as governance (its key locally, impersonated on mainnet). */
  governance: SendClient;
  /** Sends the permissionless calls (flog, heal, flop). */
  operator: SendClient;
  maker: ForkMaker;
  log: Logger;
  /** Each governance action, one line each, appended as they are sent. */
  actions: string[];
}

const dai = (rad: bigint) => `${formatUnit(rad, 'rad', 2)} DAI`;

async function asGovernance(actors: ForkActors, action: string, write: Parameters<typeof sendAndMine>[2]): Promise<void> {
  await sendAndMine(actors.client, actors.governance, write);
  actors.actions.push(action);
  actors.log.info({ event: 'fork.governance', action }, action);
}

/**
 * Checks (and, with `repair`, has governance fix) what a debt auction needs of the Flopper; see the
 * module's note.
 * @throws BackstopError (kind chain), one line, naming what prevents a debt auction.
 */
export async function checkFlopper(actors: ForkActors, { repair }: { repair: boolean }): Promise<void> {
  const { client, maker } = actors;
  const block = await client.getBlockNumber({ cacheTime: 0 });
  let wiring = await readFlopperWiring(client, { vow: maker.vow, flop: maker.flop, mkr: maker.mkr });
  const fail = (what: string, hint?: string) => new BackstopError(`no debt auction on this fork (block ${block}): ${what}`, { kind: 'chain', hint });
  if (!wiring.live) throw fail(`the Flopper ${maker.flop} is caged (live = 0)`);
  if (!isAddressEqual(wiring.vowFlopper, maker.flop)) throw fail(`the Vow kicks on the Flopper ${getAddress(wiring.vowFlopper)}, not on ${maker.flop}`, 'resolve the addresses again: the two sources disagree');
  if (!isAddressEqual(wiring.gem, maker.mkr)) throw fail(`the Flopper sells ${getAddress(wiring.gem)}, not MKR ${maker.mkr}`);
  const governance = actors.governance.account.address;
  const govWards = !wiring.vowIsWard ? await readWards(client, { vat: maker.vat, vow: maker.vow, flop: maker.flop, usr: governance }) : undefined;
  if (!wiring.vowIsWard) {
    if (!repair || !govWards?.flop) throw fail(`the Vow is not a ward of the Flopper ${maker.flop}, so flop() cannot kick`, repair ? `governance ${governance} is no ward of the Flopper either` : undefined);
    await asGovernance(actors, 'rely the Vow on the Flopper (flop() kicks through it)', flopperRelyWrite({ flop: maker.flop, usr: maker.vow }));
  }
  if (!wiring.canMint) {
    const isRoot = wiring.authorityRoot !== undefined && isAddressEqual(wiring.authorityRoot, governance);
    const why = wiring.mkrStopped ? 'MKR is stopped' : `MKR's authority ${wiring.mkrAuthority} does not let the Flopper mint`;
    if (!repair || !isRoot) {
      throw fail(`the Flopper cannot mint MKR (${why}), so deal would fail`, repair ? `governance ${governance} is not the root of MKR's authority (${wiring.authorityRoot ?? 'none'})` : undefined);
    }
    if (wiring.mkrStopped) await asGovernance(actors, 'start MKR (it was stopped)', mkrStartWrite({ mkr: maker.mkr }));
    wiring = await readFlopperWiring(client, { vow: maker.vow, flop: maker.flop, mkr: maker.mkr });
    if (!wiring.canMint) {
      await asGovernance(actors, `rely the Flopper on MKR's authority ${wiring.mkrAuthority} (it could not mint)`, mkrAuthorityRelyWrite({ authority: wiring.mkrAuthority, usr: maker.flop }));
      wiring = await readFlopperWiring(client, { vow: maker.vow, flop: maker.flop, mkr: maker.mkr });
    }
    if (!wiring.canMint) throw fail(`the Flopper still cannot mint MKR after governance's repair (${why})`);
  }
}

/** The debt auction's parameters: the Vow's sump (rad) and dump (wad), the Flopper's beg and pad (wad), ttl and tau (s). */
export interface DebtAuctionParameters {
  sumpRad: bigint;
  dumpWad: bigint;
  begWad: bigint;
  padWad: bigint;
  ttl: bigint;
  tau: bigint;
}

/** The parameters in force on the fork. */
export async function readDebtAuctionParameters(client: ReadClient, maker: ForkMaker): Promise<DebtAuctionParameters> {
  const [vow, flop] = await Promise.all([readVow(client, { vow: maker.vow, vat: maker.vat }), readFlopper(client, { flopper: maker.flop })]);
  return { sumpRad: vow.sumpRad, dumpWad: vow.dumpWad, begWad: flop.begWad, padWad: flop.padWad, ttl: flop.ttl, tau: flop.tau };
}

/**
 * Files every parameter of `wanted` that differs from the fork's (governance: a ward of the Vow and the
 * Flopper).
 * @returns the parameters before and after
 * @throws ChainRevertError when governance may not file (not a ward of the Flopper).
 */
export async function fileParameters(actors: ForkActors, wanted: DebtAuctionParameters): Promise<{ before: DebtAuctionParameters; after: DebtAuctionParameters }> {
  const { client, maker } = actors;
  const before = await readDebtAuctionParameters(client, maker);
  const vowParams: [VowParameter, keyof DebtAuctionParameters][] = [
    ['sump', 'sumpRad'],
    ['dump', 'dumpWad'],
  ];
  const flopParams: [FlopperParameter, keyof DebtAuctionParameters][] = [
    ['beg', 'begWad'],
    ['pad', 'padWad'],
    ['ttl', 'ttl'],
    ['tau', 'tau'],
  ];
  for (const [what, key] of vowParams) {
    if (before[key] !== wanted[key]) await asGovernance(actors, `file the Vow's ${what} ${before[key]} -> ${wanted[key]}`, vowFileWrite({ vow: maker.vow, what, data: wanted[key] }));
  }
  for (const [what, key] of flopParams) {
    if (before[key] !== wanted[key]) await asGovernance(actors, `file the Flopper's ${what} ${before[key]} -> ${wanted[key]}`, flopperFileWrite({ flop: maker.flop, what, data: wanted[key] }));
  }
  return { before, after: await readDebtAuctionParameters(client, maker) };
}

/** What `prepareDebt` did. Amounts rad. */
export interface DebtReport {
  /** The Vow's books before anything was done. */
  before: VowState;
  /** Eras whose queued debt was flogged (unix s), and the debt they released. */
  floggedEras: bigint[];
  floggedRad: bigint;
  /** Debt governance put on the Vow with `vat.suck`. */
  suckedRad: bigint;
  /** The Vow's DAI healed against its debt. */
  healedRad: bigint;
}

export interface PrepareDebtOptions {
  /** Flog due slices of the debt queue `fess`ed in `[fromBlock, toBlock]` (the Vow's notes). */
  flog?: { fromBlock: bigint; toBlock: bigint } | undefined;
  /** Let governance suck the debt still missing. */
  suck: boolean;
  /** The time the next block will carry, unix s (a slice is due when era + wait <= now). */
  now: bigint;
}

/**
 * Makes `vow.flop()` pass (see the module's note).
 * @throws BackstopError (kind chain), one line with the Vow's numbers, when it cannot.
 */
export async function prepareDebt(actors: ForkActors, options: PrepareDebtOptions): Promise<DebtReport> {
  const { client, maker, log } = actors;
  const before = await readVow(client, { vow: maker.vow, vat: maker.vat });
  const report: DebtReport = { before, floggedEras: [], floggedRad: 0n, suckedRad: 0n, healedRad: 0n };
  if (!before.live) throw new BackstopError(`the Vow ${maker.vow} is caged (live = 0): no debt auction`, { kind: 'chain' });
  if (before.canFlop) return report;
  const need = before.sumpRad + before.vatDaiRad;
  let free = before.vatSinRad - before.sinRad - before.ashRad;

  if (free < need && before.sinRad > 0n && options.flog) {
    const flogged = await flogDue(actors, { ...options.flog, now: options.now, wait: before.wait, missingRad: need - free });
    report.floggedEras = flogged.eras;
    report.floggedRad = flogged.rad;
    free += flogged.rad;
  }
  if (free < need && options.suck) {
    const rad = need - free;
    await asGovernance(actors, `suck ${dai(rad)} of debt onto the Vow (vat.suck(vow, governance, rad))`, vatSuckWrite({ vat: maker.vat, u: maker.vow, v: actors.governance.account.address, rad }));
    report.suckedRad = rad;
    free += rad;
  }
  if (before.vatDaiRad > 0n && free >= before.vatDaiRad) {
    await sendAndMine(client, actors.operator, vowHealWrite({ vow: maker.vow, rad: before.vatDaiRad }));
    report.healedRad = before.vatDaiRad;
  }
  const after = await readVow(client, { vow: maker.vow, vat: maker.vat });
  if (!after.canFlop) {
    const afterFree = after.vatSinRad - after.sinRad - after.ashRad;
    throw new BackstopError(
      `the Vow cannot flop: ${afterFree < after.sumpRad ? `free debt ${dai(afterFree)} is below sump ${dai(after.sumpRad)} (queued, not yet due or not found: ${dai(after.sinRad)})` : `it holds ${dai(after.vatDaiRad)} of surplus`}`,
      { kind: 'chain' },
    );
  }
  log.info({ event: 'fork.debt', flogged: report.floggedEras.length, floggedRad: report.floggedRad, suckedRad: report.suckedRad, healedRad: report.healedRad }, 'the Vow can flop');
  return report;
}

/**
 * Flogs due slices of the Vow's debt queue, oldest first, until `missingRad` is released or none is
 * left: eras come from the Vow's `fess` notes (each note's block timestamp), read page by page, so
 * only as much history is read as is needed.
 */
async function flogDue(
  actors: ForkActors,
  { fromBlock, toBlock, now, wait, missingRad }: { fromBlock: bigint; toBlock: bigint; now: bigint; wait: bigint; missingRad: bigint },
): Promise<{ eras: bigint[]; rad: bigint }> {
  const { client, maker } = actors;
  const eras: bigint[] = [];
  let rad = 0n;
  const seen = new Set<bigint>();
  await walkLogs(
    { fromBlock, toBlock },
    (from, to) => getFessNotes(client, { vow: maker.vow, fromBlock: from, toBlock: to }),
    async (notes) => {
      const blocks = [...new Set(notes.map((n) => n.blockNumber))];
      for (let i = 0; i < blocks.length; i += 25) {
        const chunk = blocks.slice(i, i + 25);
        const times = await Promise.all(chunk.map(async (blockNumber) => (await client.getBlock({ blockNumber })).timestamp));
        const candidates = [...new Set(times)].filter((era) => !seen.has(era) && era + wait <= now);
        for (const era of candidates) seen.add(era);
        const queued = await readQueuedDebt(client, { vow: maker.vow, eras: candidates });
        for (const [j, era] of candidates.entries()) {
          if (queued[j]! === 0n) continue;
          await sendAndMine(client, actors.operator, vowFlogWrite({ vow: maker.vow, era }));
          eras.push(era);
          rad += queued[j]!;
          if (rad >= missingRad) return true;
        }
      }
      return false;
    },
  );
  return { eras, rad };
}

/**
 * `vow.flop()`, sent by the operator.
 * @returns the auction's id, its record just after the kick, and the kick's block timestamp
 * @throws ChainRevertError with the Vow's reason when it refuses.
 */
export async function kickFlop(actors: ForkActors): Promise<{ id: bigint; auction: FlopAuction; kickedAt: bigint; blockNumber: bigint }> {
  const { client, maker } = actors;
  const sent = await sendAndMine(client, actors.operator, vowFlopWrite({ vow: maker.vow }));
  const id = sent.result;
  const [auction] = await readAuctions(client, { flopper: maker.flop, ids: [id], blockNumber: sent.blockNumber });
  const block = await client.getBlock({ blockNumber: sent.blockNumber });
  actors.log.info({ event: 'fork.kicked', id, lotWad: auction!.lotWad, bidRad: auction!.bidRad, block: sent.blockNumber }, `debt auction ${id} kicked`);
  return { id, auction: auction!, kickedAt: block.timestamp, blockNumber: sent.blockNumber };
}

