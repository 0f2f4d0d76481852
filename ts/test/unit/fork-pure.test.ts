// Fork mode's pure parts: changelog keys as bytes32, and paging logs over a range a node refuses.
import { describe, expect, it } from 'vitest';
import { chainlogKey, chainlogKeyName, CHAINLOG_KEYS } from '../../src/chain/chainlog.js';
import { VOW_FESS_TOPIC } from '../../src/chain/governance.js';
import { forkAccountKey } from '../../src/fork/anvilRpc.js';
import { walkLogs } from '../../src/fork/logs.js';

describe('chainlog keys', () => {
  it('are the ASCII name left-aligned in 32 bytes, and back', () => {
    expect(chainlogKey('MCD_VAT')).toBe('0x4d43445f56415400000000000000000000000000000000000000000000000000');
    for (const key of Object.values(CHAINLOG_KEYS)) expect(chainlogKeyName(chainlogKey(key))).toBe(key);
  });
  it('refuse what no bytes32 key can be', () => {
    expect(() => chainlogKey('')).toThrow(RangeError);
    expect(() => chainlogKey('X'.repeat(33))).toThrow(/1 to 32 printable ASCII/);
  });
});

describe('the Vow fess note topic', () => {
  it("is fess(uint256)'s selector left-aligned in 32 bytes", () => {
    // keccak256("fess(uint256)") starts 0x697efb78
    expect(VOW_FESS_TOPIC).toBe('0x697efb7800000000000000000000000000000000000000000000000000000000');
  });
});

describe('fork accounts', () => {
  it('are derived from their role: the same on every run, different per role', () => {
    expect(forkAccountKey('keeper')).toBe(forkAccountKey('keeper'));
    expect(forkAccountKey('keeper')).not.toBe(forkAccountKey('operator'));
    expect(forkAccountKey('member 1')).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('walkLogs', () => {
  it('pages the range ascending and stops when the page handler says so', async () => {
    const asked: [bigint, bigint][] = [];
    const stopped = await walkLogs(
      { fromBlock: 10n, toBlock: 34n, pageSize: 10n },
      async (from, to) => {
        asked.push([from, to]);
        return [from];
      },
      (items) => items[0] === 20n,
    );
    expect(stopped).toBe(true);
    expect(asked).toEqual([
      [10n, 19n],
      [20n, 29n],
    ]);
  });

  it('splits a range the node refuses in halves, down to what it accepts, keeping the order', async () => {
    const asked: [bigint, bigint][] = [];
    const pages: bigint[][] = [];
    const stopped = await walkLogs(
      { fromBlock: 0n, toBlock: 7n, pageSize: 8n },
      async (from, to) => {
        asked.push([from, to]);
        if (to - from >= 2n) throw new Error('query exceeds max block range 2');
        return [from, to];
      },
      (items) => {
        pages.push(items);
        return false;
      },
    );
    expect(stopped).toBe(false);
    expect(pages).toEqual([[0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]]);
    expect(asked[0]).toEqual([0n, 7n]);
  });

  it('throws any other error as it is', async () => {
    await expect(walkLogs({ fromBlock: 0n, toBlock: 9n }, async () => Promise.reject(new Error('connection refused')), () => false)).rejects.toThrow('connection refused');
  });
});
