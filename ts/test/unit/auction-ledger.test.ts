// Discovery's bookkeeping without a chain: live ids, the max id, gap filling, the undo journal that
// rolls a reorg back, its pruning to the window, and the net change a batch reports.
import { describe, expect, it } from 'vitest';
import { AuctionLedger } from '../../src/keeper/auctionLedger.js';

const ledger = (window = 8, floor = 99n) => new AuctionLedger({ window, floor });

describe('AuctionLedger: kicks and finishes', () => {
  it('tracks kicks and finishes, ascending, with the max id and when each id was known', () => {
    const l = ledger();
    expect(l.kick(1n, 100n)).toEqual([]);
    expect(l.kick(2n, 101n)).toEqual([]);
    expect(l.kick(3n, 101n)).toEqual([]);
    l.finish(2n, 102n);
    expect(l.live()).toEqual([1n, 3n]);
    expect(l.maxId).toBe(3n);
    expect(l.since(3n)).toBe(101n);
    expect(l.since(2n)).toBeUndefined();
    expect(l.takeChanges()).toEqual({ kicked: [1n, 3n], finished: [] });
    expect(l.takeChanges()).toEqual({ kicked: [], finished: [] });
  });

  it('keeps an id live after a tick: only a finish removes it, and a repeated kick log changes nothing', () => {
    const l = ledger();
    l.kick(1n, 100n);
    l.kick(1n, 100n);
    expect(l.live()).toEqual([1n]);
    l.finish(1n, 101n);
    l.kick(1n, 101n); // a kick seen after its finish (an odd order) does not revive it
    expect(l.live()).toEqual([]);
    expect(l.maxId).toBe(1n);
  });

  it('fills the ids it never saw kicked as live and returns them, on a kick and on a finish', () => {
    const l = ledger();
    expect(l.finish(4n, 100n)).toEqual([1n, 2n, 3n]);
    expect(l.live()).toEqual([1n, 2n, 3n]);
    expect(l.maxId).toBe(4n);
    expect(l.kick(7n, 101n)).toEqual([5n, 6n]);
    expect(l.live()).toEqual([1n, 2n, 3n, 5n, 6n, 7n]);
    expect(l.raiseMax(9n, 102n)).toEqual([8n, 9n]);
    expect(l.raiseMax(5n, 103n)).toEqual([]);
    expect(l.maxId).toBe(9n);
  });
});

describe('AuctionLedger: rollback', () => {
  it('removes ids kicked in the replaced blocks and restores ids finished there, with the max id', () => {
    const l = ledger();
    l.kick(1n, 100n);
    l.kick(2n, 101n);
    l.kick(3n, 102n);
    l.finish(1n, 103n);
    l.kick(4n, 103n);
    l.takeChanges();

    l.rollback(102n); // block 103 replaced: the finish of 1 and the kick of 4 are undone
    expect(l.live()).toEqual([1n, 2n, 3n]);
    expect(l.since(1n)).toBe(100n);
    expect(l.maxId).toBe(3n);
    expect(l.takeChanges()).toEqual({ kicked: [1n], finished: [4n] });

    l.rollback(100n);
    expect(l.live()).toEqual([1n]);
    expect(l.maxId).toBe(1n);
  });

  it('reports no change when the rescan redoes what the rollback undid', () => {
    const l = ledger();
    l.kick(1n, 100n);
    l.kick(2n, 101n);
    l.finish(1n, 101n);
    l.takeChanges();
    l.rollback(100n);
    l.kick(2n, 101n);
    l.finish(1n, 101n);
    expect(l.takeChanges()).toEqual({ kicked: [], finished: [] });
    // and a replacement chain where the finish is gone and a new kick happened
    l.rollback(100n);
    l.kick(2n, 101n);
    l.kick(3n, 102n);
    expect(l.takeChanges()).toEqual({ kicked: [1n, 3n], finished: [] });
  });

  it('undoes a gap fill and a raised max', () => {
    const l = ledger();
    l.kick(1n, 100n);
    l.raiseMax(3n, 102n);
    l.kick(5n, 103n);
    l.rollback(101n);
    expect(l.live()).toEqual([1n]);
    expect(l.maxId).toBe(1n);
  });

  it('files a change reported for an older block under the newest entry, so the journal stays ordered', () => {
    const l = ledger();
    l.kick(1n, 105n);
    l.kick(2n, 103n); // e.g. a reconcile at a block older than the last log
    l.rollback(104n); // undoes both: more than needed, never less
    expect(l.live()).toEqual([]);
    expect(l.maxId).toBe(0n);
  });

  it('refuses a rollback below the floor, and the floor follows the head by the window', () => {
    const l = ledger(4, 99n);
    expect(l.canRollback(99n)).toBe(true);
    expect(l.canRollback(98n)).toBe(false);
    for (let b = 100n; b <= 110n; b++) {
      l.kick(b - 99n, b);
      l.prune(b);
    }
    expect(l.floor).toBe(106n);
    expect(l.journalLength).toBe(4); // blocks 107..110
    expect(l.canRollback(105n)).toBe(false);
    expect(() => l.rollback(105n)).toThrow(RangeError);
    l.rollback(106n);
    expect(l.maxId).toBe(7n);
    expect(l.live()).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
  });

  it('does not journal changes at or below the floor (they can never be rolled back)', () => {
    const l = ledger(4, 99n);
    l.kick(1n, 90n);
    expect(l.journalLength).toBe(0);
    l.kick(2n, 100n);
    expect(l.journalLength).toBe(1);
    l.rollback(99n);
    expect(l.live()).toEqual([1n]);
  });
});

describe('AuctionLedger: memory does not grow with history', () => {
  it('holds the live ids and a journal bounded by the window after 5,000 auctions', () => {
    const window = 16;
    const l = new AuctionLedger({ window, floor: -1n });
    for (let id = 1n; id <= 5_000n; id++) {
      l.kick(id, id);
      if (id % 100n !== 0n) l.finish(id, id); // one in a hundred stays live
      l.prune(id);
    }
    expect(l.size).toBe(50);
    expect(l.maxId).toBe(5_000n);
    expect(l.journalLength).toBeLessThanOrEqual(window);
    expect(l.live().slice(0, 3)).toEqual([100n, 200n, 300n]);
  });

  it('rejects a window that is not a positive integer', () => {
    expect(() => new AuctionLedger({ window: 0, floor: 0n })).toThrow(RangeError);
    expect(() => new AuctionLedger({ window: 1.5, floor: 0n })).toThrow(RangeError);
  });
});
