// The Flopper's logs decoded without a chain: the selectors and topics computed from the ABI, the
// Kick event, and the anonymous LogNote laid out as dss 1.0's LibNote writes it (topic0 = selector
// padded right, topic1 = caller, topic2/3 = the first two calldata words, data = 224 bytes of calldata).
import {
  encodeAbiParameters,
  encodeEventTopics,
  encodeFunctionData,
  getAbiItem,
  keccak256,
  numberToHex,
  pad,
  toBytes,
  toFunctionSelector,
  type Hex,
} from 'viem';
import { describe, expect, it } from 'vitest';
import { FLOPPER_LOG_TOPICS, FLOPPER_SELECTORS, decodeFlopperLog, flopperAbi, type RpcLogLike } from '../../src/chain/index.js';
import { isRangeRefusal } from '../../src/keeper/discovery.js';
import { RAD, WAD } from '../../src/units.js';

const flopper = '0x4D95A049d5B0b7d32058cd3F2163015747522e99';
const usr = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const vow = '0xA950524441892A31ebddF91d3cEEFa04Bf454466';
const place = { blockNumber: numberToHex(42n), blockHash: keccak256(toBytes('block 42')), logIndex: '0x3', transactionHash: keccak256(toBytes('tx')) } as const;

/** A LogNote as LibNote writes it for a call with this calldata. */
function logNote(calldata: Hex): RpcLogLike {
  const words = calldata.slice(10);
  const word = (i: number): Hex => `0x${(words.slice(i * 64, i * 64 + 64) || '').padEnd(64, '0')}`;
  const data224 = `0x${calldata.slice(2, 2 + 448).padEnd(448, '0')}` as Hex;
  const inputs = getAbiItem({ abi: flopperAbi, name: 'LogNote' }).inputs;
  return {
    address: flopper,
    topics: [pad(calldata.slice(0, 10) as Hex, { dir: 'right', size: 32 }), pad(usr), word(0), word(1)],
    data: encodeAbiParameters([inputs[4]], [data224]),
    ...place,
  };
}

describe('selectors and topics', () => {
  it('are the ABI signatures of dent, tick, deal and yank', () => {
    expect(FLOPPER_SELECTORS).toEqual({
      dent: toFunctionSelector('dent(uint256,uint256,uint256)'),
      tick: toFunctionSelector('tick(uint256)'),
      deal: toFunctionSelector('deal(uint256)'),
      yank: toFunctionSelector('yank(uint256)'),
    });
    expect(FLOPPER_LOG_TOPICS.deal).toBe(`${FLOPPER_SELECTORS.deal}${'0'.repeat(56)}`);
    expect(FLOPPER_LOG_TOPICS.kick).toBe(keccak256(toBytes('Kick(uint256,uint256,uint256,address)')));
  });
});

describe('decodeFlopperLog', () => {
  it('decodes a Kick event', () => {
    const topics = encodeEventTopics({ abi: flopperAbi, eventName: 'Kick', args: { gal: vow } });
    const data = encodeAbiParameters(
      getAbiItem({ abi: flopperAbi, name: 'Kick' }).inputs.filter((i) => !i.indexed),
      [7n, 250n * WAD, 50_000n * RAD],
    );
    expect(decodeFlopperLog({ address: flopper, topics: topics as Hex[], data, ...place })).toEqual({
      kind: 'kick',
      id: 7n,
      lotWad: 250n * WAD,
      bidRad: 50_000n * RAD,
      gal: vow,
      blockNumber: 42n,
      blockHash: place.blockHash,
      logIndex: 3,
      transactionHash: place.transactionHash,
    });
  });

  it('decodes the LogNotes of deal, yank and tick (one calldata word) and dent (three)', () => {
    for (const kind of ['deal', 'yank', 'tick'] as const) {
      const decoded = decodeFlopperLog(logNote(encodeFunctionData({ abi: flopperAbi, functionName: kind, args: [12n] })));
      expect(decoded).toMatchObject({ kind, id: 12n, usr, blockNumber: 42n, logIndex: 3 });
    }
    const dent = decodeFlopperLog(logNote(encodeFunctionData({ abi: flopperAbi, functionName: 'dent', args: [5n, 9n * WAD, 1_000n * RAD] })));
    expect(dent).toMatchObject({ kind: 'dent', id: 5n, usr, lotWad: 9n * WAD, bidRad: 1_000n * RAD });
  });

  it('ignores other noted calls, pending logs and logs without topics', () => {
    const file = logNote(encodeFunctionData({ abi: flopperAbi, functionName: 'file', args: [pad('0x626567', { dir: 'right' }), 2n] }));
    expect(decodeFlopperLog(file)).toBeUndefined();
    const deal = logNote(encodeFunctionData({ abi: flopperAbi, functionName: 'deal', args: [1n] }));
    expect(decodeFlopperLog({ ...deal, blockNumber: null })).toBeUndefined();
    expect(decodeFlopperLog({ ...deal, topics: [] })).toBeUndefined();
  });

  it('ignores a LogNote whose data names another function than its topic', () => {
    const deal = logNote(encodeFunctionData({ abi: flopperAbi, functionName: 'deal', args: [1n] }));
    const forged = { ...deal, topics: [FLOPPER_LOG_TOPICS.yank, ...deal.topics.slice(1)] };
    expect(decodeFlopperLog(forged)).toBeUndefined();
  });
});

describe('isRangeRefusal', () => {
  it('tells a refused log range from a rate limit or another error', () => {
    expect(isRangeRefusal(new Error('query returned more than 10000 results'))).toBe(true);
    expect(isRangeRefusal(new Error('eth_getLogs block range is too large, max 2000'))).toBe(true);
    expect(isRangeRefusal(new Error('Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range'))).toBe(true);
    expect(isRangeRefusal(new Error('429 Too Many Requests: rate limit exceeded'))).toBe(false);
    expect(isRangeRefusal(new Error('execution reverted'))).toBe(false);
  });
});
