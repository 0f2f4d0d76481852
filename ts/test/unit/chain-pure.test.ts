// The chain module's pure parts: revert decoding and its hint table, auction states, DAI's permit.
import { encodeErrorResult, hashTypedData, stringToHex, zeroAddress, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  SYNDICATE_ERROR_HINTS,
  auctionDeadline,
  auctionState,
  bytes32ToString,
  syndicateAbi,
  daiPermitTypedData,
  decodeSyndicateError,
  impliedPriceWad,
  membersOfTransfers,
  mkrPerShareWadOfRay,
  recentIds,
  roundDeadlineText,
} from '../../src/chain/index.js';
import { RAD, WAD } from '../../src/units.js';

describe('revert decoding', () => {
  it('decodes a custom error to its name, arguments and a hint', () => {
    const data = encodeErrorResult({ abi: syndicateAbi, errorName: 'PriceAboveLimit', args: [103n * WAD, 100n * WAD] });
    const decoded = decodeSyndicateError(data);
    expect(decoded?.name).toBe('PriceAboveLimit');
    expect(decoded?.args).toEqual([103n * WAD, 100n * WAD]);
    expect(decoded?.argNames).toEqual(['priceWad', 'limitWad']);
    expect(decoded?.hint).toMatch(/higher tier/);
    const closing = decodeSyndicateError(encodeErrorResult({ abi: syndicateAbi, errorName: 'RoundClosing', args: [1_000n, 1_200n] }));
    expect(closing?.argNames).toEqual(['closeBy', 'settleAt']);
    expect(closing?.signature).toBe('RoundClosing(closeBy=1000, settleAt=1200)');
    expect(closing?.hint).toBe('requests are pending and every position must be due by 1000 (unix s); this bid would settle at 1200: enter after the round closes');
  });

  it("decodes the rounds' errors with hints that say what to do", () => {
    const hint = (errorName: 'RoundOpen' | 'NoRoundOpen' | 'RequestLocked' | 'RequestPending' | 'NothingToClaim' | 'NoRequest', args: readonly unknown[]) =>
      decodeSyndicateError(encodeErrorResult({ abi: syndicateAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0]))?.hint;
    const holder = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    // closeBy 0 is no request yet, so no deadline (not 1970); a deadline is a date.
    expect(hint('RoundOpen', [0n])).toBe('a bid of the pool is out (its round is open, no deadline until the first request): enlist and defect wait for the round to close; requestEnlist or requestDefect asks to join or leave when it does');
    expect(hint('RoundOpen', [1_585_686_589n])).toBe('a bid of the pool is out (its round is open, every position due by 2020-03-31T20:29:49Z): enlist and defect wait for the round to close; requestEnlist or requestDefect asks to join or leave when it does');
    expect(hint('NoRoundOpen', [])).toBe('no position is open, so there is no round to join: enlist and defect are instant');
    expect(hint('RequestLocked', [3n])).toBe('round 3 has closed: the request executed and can no longer be cancelled; claim it');
    expect(hint('RequestPending', [3n])).toBe('round 3 is still open: its requests execute when its last position is finalized; claim after that');
    expect(hint('NothingToClaim', [holder])).toBe(`${holder} has no MKR to claim`);
    expect(hint('NoRequest', [holder])).toBe(`${holder} has no such request in this pool`);
  });

  it("words a round's deadline: none until the first request, else a date, with the time left when now is given", () => {
    expect(roundDeadlineText(0n)).toBe('no deadline until the first request');
    expect(roundDeadlineText(0n, 1_585_664_975n)).toBe('no deadline until the first request');
    expect(roundDeadlineText(1_585_686_589n)).toBe('every position due by 2020-03-31T20:29:49Z');
    expect(roundDeadlineText(1_585_686_589n, 1_585_686_589n - 6n * 3_600n + 60n)).toBe('every position due by 2020-03-31T20:29:49Z (in 5h 59m)');
    expect(roundDeadlineText(1_585_686_589n, 1_585_686_590n)).toBe('every position due by 2020-03-31T20:29:49Z');
  });

  it('uses the full ABI: the views (run by delegatecall) and the share token events are in it, once each', () => {
    const fns = syndicateAbi.filter((i) => i.type === 'function').map((i) => i.name);
    for (const view of ['round', 'pending', 'claimableMkr', 'canEnter', 'status', 'nav', 'openPositions', 'maxDefect', 'previewDefect', 'mkrPerShareRay', 'release']) expect(fns).toContain(view);
    for (const write of ['requestEnlist', 'requestDefect', 'cancelEnlist', 'cancelDefect', 'claim', 'claimMkr']) expect(fns).toContain(write);
    const events = syndicateAbi.filter((i) => i.type === 'event').map((i) => i.name);
    expect(events.filter((n) => n === 'Transfer')).toHaveLength(1);
    expect(events.filter((n) => n === 'Approval')).toHaveLength(1);
    const signatures = syndicateAbi.map((i) => `${i.type}:${'name' in i ? i.name : ''}(${'inputs' in i ? i.inputs.map((x) => x.type).join(',') : ''})`);
    expect(new Set(signatures).size).toBe(signatures.length);
  });

  it('has a hint for every error of the ABI, and nothing else', () => {
    const names = syndicateAbi.filter((i) => i.type === 'error').map((i) => i.name).sort();
    expect(Object.keys(SYNDICATE_ERROR_HINTS).sort()).toEqual(names);
  });

  it('returns undefined for data it cannot decode', () => {
    expect(decodeSyndicateError('0x')).toBeUndefined();
    expect(decodeSyndicateError('0xdeadbeef')).toBeUndefined();
  });
});

describe('members and MKR per share', () => {
  const POOL: Address = '0x00000000000000000000000000000000000a0100';
  const A: Address = '0x00000000000000000000000000000000000c0001';
  const B: Address = '0x00000000000000000000000000000000000c0002';

  it('counts holders with shares: the zero address and the pool (the escrow of requests) are no members', () => {
    const transfers = [
      { from: zeroAddress, to: A, amount: 1_000n * WAD }, // enlist
      { from: zeroAddress, to: B, amount: 5_000n * WAD },
      { from: A, to: POOL, amount: 1_000n * WAD }, // A asks to leave with all: locked in the pool
      { from: B, to: POOL.toUpperCase().replace('0X', '0x') as Address, amount: 2_000n * WAD }, // B asks to leave with some (address in another case)
      { from: zeroAddress, to: POOL, amount: 300n * WAD }, // a deposit request's shares, minted at the close
    ];
    expect(membersOfTransfers(POOL, transfers)).toBe(1);
    expect(membersOfTransfers(POOL, [...transfers, { from: POOL, to: A, amount: 300n * WAD }])).toBe(2); // claimed
    expect(membersOfTransfers(POOL, [])).toBe(0);
  });

  it('MKR per whole share from the accumulator: ray per share wei to wad per share, rounded down', () => {
    expect(mkrPerShareWadOfRay(0n)).toBe(0n);
    // 4,026.4077... MKR credited over 400,000 shares
    const lotWad = 4_026_407_766_990_291_262_128n;
    const ray = (lotWad * 10n ** 27n) / (400_000n * WAD);
    expect(mkrPerShareWadOfRay(ray)).toBe((lotWad * WAD) / (400_000n * WAD));
    expect(mkrPerShareWadOfRay(10n ** 9n - 1n)).toBe(0n);
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
