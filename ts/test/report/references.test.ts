import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Flip } from '../../src/report/model.js';
import { referencesFromBlackThursday, summarizeFlipFile } from '../../src/report/references.js';
import { blackThursday, fixture } from './load.js';

const WAD = 10n ** 18n;
const RAD = 10n ** 45n;
const flipFile = fixture('historical').references.flipFile;

describe('report references', () => {
  it('reads black-thursday.json: the band, the phase prices from the notes, the totals, each with its source', () => {
    const refs = referencesFromBlackThursday(blackThursday(), flipFile);
    expect(refs.badDebtEstimates.map((e) => e.daiWad)).toEqual([4_000_000n, 4_500_000n, 5_670_000n].map((d) => (d * WAD).toString()));
    expect(refs.badDebtEstimates[2]!.source).toBe('White Rabbit analysis');
    expect(refs.coveredByDebtAuctions.daiWad).toBe((5_300_000n * WAD).toString());
    expect(refs.phaseOne).toMatchObject({ lots: 40, daiPerMkrWad: (265n * WAD).toString(), source: 'Cointelegraph' });
    expect(refs.phaseTwo).toMatchObject({ lots: 46, lowDaiPerMkrWad: (220n * WAD).toString(), highDaiPerMkrWad: (250n * WAD).toString() });
    expect(refs.debtAuctions).toMatchObject({ auctions: 106, mkrSoldWad: (20_980n * WAD).toString(), averageDaiPerMkrWad: ((2526n * WAD) / 10n).toString() });
    expect(refs.zeroBidShare.shareWad).toBe(((36n * WAD) / 100n).toString());
    expect(refs.ethPrice[2]).toMatchObject({ at: Date.UTC(2020, 2, 12, 12, 44) / 1000, priceWad: (124n * WAD).toString() });
    expect(refs.syndicate).toMatchObject({ members: 129, priceDaiPerMkrWad: (100n * WAD).toString() });
  });

  it('follows the data: a changed figure changes the reference', () => {
    const data = blackThursday() as any;
    data.badDebtDai.estimates.push({ value: 6100000, source: 'someone' });
    data.debtAuctions.phaseTwo.note = 'cleared at 210 DAI/MKR, then at about 260';
    const refs = referencesFromBlackThursday(data, flipFile);
    expect(refs.badDebtEstimates.at(-1)).toEqual({ daiWad: (6_100_000n * WAD).toString(), source: 'someone' });
    expect(refs.phaseTwo.lowDaiPerMkrWad).toBe((210n * WAD).toString());
    expect(refs.phaseTwo.highDaiPerMkrWad).toBe((260n * WAD).toString());
  });

  it('refuses a missing field or a note with no price, in one line', () => {
    const data = blackThursday() as any;
    delete data.debtAuctions.total.mkrSold;
    expect(() => referencesFromBlackThursday(data, flipFile)).toThrow(InputError);
    expect(() => referencesFromBlackThursday(data, flipFile)).toThrow(/^black-thursday\.json: debtAuctions\.total\.mkrSold: /);
    const noPrice = blackThursday() as any;
    noPrice.debtAuctions.phaseOne.note = 'sold quickly';
    expect(() => referencesFromBlackThursday(noPrice, flipFile)).toThrow(/debtAuctions\.phaseOne\.note names no DAI\/MKR price/);
  });

  it('summarizes the flip file: counts, ETH, tab, raised, and debt (tab / chop) minus raised', () => {
    const flip = (id: number, tab: bigint, bid: bigint, dealt: boolean): Flip => ({
      id,
      kickedAt: 1584020109 + id,
      lotWad: (50n * WAD).toString(),
      tabRad: tab.toString(),
      finalBidRad: bid.toString(),
      finalLotWad: (50n * WAD).toString(),
      dealtAt: dealt ? 1584030000 : null,
      zeroBid: bid < RAD,
    });
    const flips = [flip(1, 1130n * RAD, 0n, true), flip(2, 2260n * RAD, 2000n * RAD, true), flip(3, 113n * RAD, RAD / 2n, false)];
    expect(summarizeFlipFile(flips, (113n * WAD) / 100n, 'f.csv')).toEqual({
      source: 'f.csv',
      auctions: 3,
      zeroBidAuctions: 2,
      undealtAuctions: 1,
      ethAuctionedWad: (150n * WAD).toString(),
      tabRad: (3503n * RAD).toString(),
      raisedRad: (2000n * RAD + RAD / 2n).toString(),
      // debt 1000 + 2000 + 100 = 3100 DAI, raised 2000.5
      badDebtRad: (1099n * RAD + RAD / 2n).toString(),
    });
    expect(() => summarizeFlipFile(flips, 0n, 'f.csv')).toThrow(/chopWad/);
  });

  it('the fixture’s flip-file totals are the data README’s: 3,780 auctions, 1,134 under 1 DAI, 17 undealt, about 4.97M DAI', () => {
    expect(flipFile).toMatchObject({ auctions: 3780, zeroBidAuctions: 1134, undealtAuctions: 17 });
    expect(BigInt(flipFile.badDebtRad) / RAD / 10_000n).toBe(497n);
  });
});
