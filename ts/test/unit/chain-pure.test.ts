// The chain module's pure parts: revert decoding and its hint table, auction states, DAI's permit.
import { encodeErrorResult, hashTypedData, stringToHex, zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  SYNDICATE_ERROR_HINTS,
  auctionDeadline,
  auctionState,
  bytes32ToString,
  daiBackstopSyndicateAbi,
  daiPermitTypedData,
  decodeSyndicateError,
  impliedPriceWad,
  recentIds,
} from '../../src/chain/index.js';
import { RAD, WAD } from '../../src/units.js';

describe('revert decoding', () => {
  it('decodes a custom error to its name, arguments and a hint', () => {
    const data = encodeErrorResult({ abi: daiBackstopSyndicateAbi, errorName: 'PriceAboveLimit', args: [103n * WAD, 100n * WAD] });
    const decoded = decodeSyndicateError(data);
    expect(decoded?.name).toBe('PriceAboveLimit');
    expect(decoded?.args).toEqual([103n * WAD, 100n * WAD]);
    expect(decoded?.argNames).toEqual(['priceWad', 'limitWad']);
    expect(decoded?.hint).toMatch(/higher tier/);
    const due = decodeSyndicateError(encodeErrorResult({ abi: daiBackstopSyndicateAbi, errorName: 'SettlementDue', args: [7n] }));
    expect(due?.hint).toBe('finalize(7) first: that position can be settled now');
  });

  it('has a hint for every error of the ABI, and nothing else', () => {
    const names = daiBackstopSyndicateAbi.filter((i) => i.type === 'error').map((i) => i.name).sort();
    expect(Object.keys(SYNDICATE_ERROR_HINTS).sort()).toEqual(names);
  });

  it('returns undefined for data it cannot decode', () => {
    expect(decodeSyndicateError('0x')).toBeUndefined();
    expect(decodeSyndicateError('0xdeadbeef')).toBeUndefined();
  });
});

describe('flop auctions', () => {
  const guy = '0x0000000000000000000000000000000000000001' as const;
  it('reads the state the Flopper allows', () => {
    expect(auctionState({ guy: zeroAddress, tic: 0n, end: 0n }, 100n)).toBe('dealt');
    expect(auctionState({ guy, tic: 0n, end: 200n }, 100n)).toBe('running');
    expect(auctionState({ guy, tic: 0n, end: 50n }, 100n)).toBe('needs tick');
    expect(auctionState({ guy, tic: 150n, end: 200n }, 100n)).toBe('has bids');
    expect(auctionState({ guy, tic: 90n, end: 200n }, 100n)).toBe('can be dealt');
    expect(auctionState({ guy, tic: 100n, end: 200n }, 100n)).toBe('finishing');
    expect(auctionDeadline({ tic: 150n, end: 200n })).toBe(150n);
    expect(auctionDeadline({ tic: 0n, end: 200n })).toBe(200n);
  });

  it('implies the price as the syndicate does, rounded up', () => {
    expect(impliedPriceWad({ bidRad: 50_000n * RAD, lotWad: 250n * WAD })).toBe(200n * WAD);
    expect(impliedPriceWad({ bidRad: 1000n * RAD, lotWad: 3n * WAD })).toBe(333_333_333_333_333_333_334n);
    expect(impliedPriceWad({ bidRad: 1n, lotWad: 0n })).toBeUndefined();
    expect(recentIds(3n, 5)).toEqual([3n, 2n, 1n]);
    expect(recentIds(100n, 2)).toEqual([100n, 99n]);
  });
});

describe('tokens', () => {
  it("builds DAI's own permit typed data (holder, spender, nonce, expiry, allowed)", () => {
    const dai = '0x6B175474E89094C44Da98b954EedeAC495271d0F' as const;
    const typed = daiPermitTypedData({ dai, chainId: 1, permit: { holder: dai, spender: dai, nonce: 0n, expiry: 0n, allowed: true } });
    expect(typed.domain).toEqual({ name: 'Dai Stablecoin', version: '1', chainId: 1, verifyingContract: dai });
    expect(typed.types.Permit.map((f) => f.name)).toEqual(['holder', 'spender', 'nonce', 'expiry', 'allowed']);
    expect(hashTypedData(typed)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("decodes DSToken's bytes32 strings", () => {
    expect(bytes32ToString(stringToHex('MKR', { size: 32 }))).toBe('MKR');
    expect(bytes32ToString(stringToHex('Maker', { size: 32 }))).toBe('Maker');
  });
});
