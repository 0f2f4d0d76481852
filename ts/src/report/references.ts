/**
 * The report's reference values: the published figures of data/black-thursday.json (each
 * with its source) and what the flip file itself implies. Pure: the caller reads the files and passes
 * their parsed contents; nothing here is hard-coded but the field names.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseUnit } from '../units.js';
import type { Flip, References } from './model.js';

const num = z.number().nonnegative();
const withSource = { source: z.string().min(1) };

/** The parts of black-thursday.json the report uses (extra fields are allowed and ignored). */
const BlackThursdaySchema = z.object({
  ethPriceUsd: z.object({ points: z.array(z.object({ utc: z.iso.datetime(), usd: num, ...withSource })) }),
  liquidations: z.object({ zeroBidShareOfLiquidations: z.object({ value: num, ...withSource }) }),
  badDebtDai: z.object({
    estimates: z.array(z.object({ value: num, ...withSource })).min(1),
    coveredByDebtAuctionsDai: num,
  }),
  debtAuctions: z.object({
    startingLot: z.object({ mkr: num, bidDai: num }),
    total: z.object({ auctions: z.number().int().positive(), mkrSold: num, daiRaised: num, averageDaiPerMkr: num, ...withSource }),
    phaseOne: z.object({ lots: z.number().int().positive(), note: z.string(), ...withSource }),
    phaseTwo: z.object({ lots: z.number().int().positive(), note: z.string(), ...withSource }),
  }),
  syndicate: z.object({
    priceDaiPerMkr: num,
    raisedDai: z.object({ value: num, note: z.string() }),
    members: z.object({ value: z.number().int().nonnegative(), note: z.string() }),
  }),
});

/** A published number (e.g. 252.6, 5670000, 0.36) as a wad decimal string. */
function wadOf(value: number): string {
  const text = String(value);
  if (/e/i.test(text)) throw new InputError(`black-thursday.json: ${text} is not a plain decimal number`);
  return parseUnit(text, 'wad').toString();
}

function numbersIn(note: string, pattern: RegExp, where: string): number[] {
  const found = [...note.matchAll(pattern)].map((m) => Number(m[1]));
  if (found.length === 0) throw new InputError(`black-thursday.json: ${where} names no DAI/MKR price ("${note}")`);
  return found;
}

/** The flip file's own totals, as `references.flipFile`. */
export type FlipFileSummary = References['flipFile'];

/**
 * The totals the flip file implies, from every auction in it (as Flip records).
 * @param flips Every auction of the file (not a sample).
 * @param chopWad The liquidation penalty as a wad multiplier (1.13e18 before the 12 March spell): the
 *        debt behind a tab is `tab / chop`.
 * @param source The file's name, for the legend.
 * @returns Counts, ETH auctioned (wad), tab and raised (rad), and the bad debt: debt minus raised (rad).
 */
export function summarizeFlipFile(flips: readonly Flip[], chopWad: bigint, source: string): FlipFileSummary {
  if (chopWad <= 0n) throw new RangeError('summarizeFlipFile: chopWad must be positive');
  let eth = 0n;
  let tab = 0n;
  let debt = 0n;
  let raised = 0n;
  let zero = 0;
  let undealt = 0;
  for (const f of flips) {
    eth += BigInt(f.lotWad);
    tab += BigInt(f.tabRad);
    debt += (BigInt(f.tabRad) * 10n ** 18n) / chopWad;
    raised += BigInt(f.finalBidRad);
    if (f.zeroBid) zero++;
    if (f.dealtAt === null) undealt++;
  }
  return {
    source,
    auctions: flips.length,
    zeroBidAuctions: zero,
    undealtAuctions: undealt,
    ethAuctionedWad: eth.toString(),
    tabRad: tab.toString(),
    raisedRad: raised.toString(),
    badDebtRad: (debt - raised).toString(),
  };
}

/**
 * The report's `references` from black-thursday.json (already parsed) and the flip file's summary.
 * The phase prices come from the notes' own figures: phase one's "(about N DAI/MKR)", phase two's
 * lowest and highest "at N" price.
 * @throws InputError (one line) when the JSON lacks a field or a note names no price.
 */
export function referencesFromBlackThursday(data: unknown, flipFile: FlipFileSummary): References {
  const parsed = BlackThursdaySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`black-thursday.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const bt = parsed.data;
  const da = bt.debtAuctions;
  const phaseOne = numbersIn(da.phaseOne.note, /\(about (\d+(?:\.\d+)?) DAI\/MKR\)/g, 'debtAuctions.phaseOne.note');
  const phaseTwo = numbersIn(da.phaseTwo.note, /\bat (?:about )?(\d+(?:\.\d+)?)/g, 'debtAuctions.phaseTwo.note');
  return {
    flipFile,
    ethPrice: bt.ethPriceUsd.points.map((p) => ({ at: Date.parse(p.utc) / 1000, priceWad: wadOf(p.usd), source: p.source })),
    badDebtEstimates: bt.badDebtDai.estimates.map((e) => ({ daiWad: wadOf(e.value), source: e.source })),
    coveredByDebtAuctions: { daiWad: wadOf(bt.badDebtDai.coveredByDebtAuctionsDai), source: da.total.source },
    zeroBidShare: { shareWad: wadOf(bt.liquidations.zeroBidShareOfLiquidations.value), source: bt.liquidations.zeroBidShareOfLiquidations.source },
    debtAuctions: {
      auctions: da.total.auctions,
      mkrSoldWad: wadOf(da.total.mkrSold),
      daiRaisedWad: wadOf(da.total.daiRaised),
      averageDaiPerMkrWad: wadOf(da.total.averageDaiPerMkr),
      startingLotWad: wadOf(da.startingLot.mkr),
      startingBidDaiWad: wadOf(da.startingLot.bidDai),
      source: da.total.source,
    },
    phaseOne: { lots: da.phaseOne.lots, daiPerMkrWad: wadOf(phaseOne[0]!), source: da.phaseOne.source },
    phaseTwo: {
      lots: da.phaseTwo.lots,
      lowDaiPerMkrWad: wadOf(Math.min(...phaseTwo)),
      highDaiPerMkrWad: wadOf(Math.max(...phaseTwo)),
      source: da.phaseTwo.source,
    },
    syndicate: {
      priceDaiPerMkrWad: wadOf(bt.syndicate.priceDaiPerMkr),
      members: bt.syndicate.members.value,
      raisedDaiWad: wadOf(bt.syndicate.raisedDai.value),
      source: `${bt.syndicate.members.note}; ${bt.syndicate.raisedDai.note}`,
    },
  };
}
