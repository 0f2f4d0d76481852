// Where the keeper looks for a closed round's requesters (src/keeper/rounds.ts), without a chain: the
// block range follows from what successive views saw of the pool's round.
import { describe, expect, it } from 'vitest';
import { trackRound, type RoundWatch } from '../../src/keeper/rounds.js';

const WINDOW = 3n * 86_400n; // max(ttl, tau) of the 12 March 2020 Flopper: tau 3 days

describe('trackRound', () => {
  it('starts after a view that shows no request yet, and keeps that start once requests come', () => {
    const first = trackRound(undefined, { round: 4n, closeBy: 0n }, 100n, WINDOW);
    expect(first).toEqual({ next: { round: 4n, sinceBlock: 101n, sinceTime: undefined }, closed: [] });
    // Still no request at block 150: none can be before 151.
    const quiet = trackRound(first.next, { round: 4n, closeBy: 0n }, 150n, WINDOW);
    expect(quiet.next.sinceBlock).toBe(151n);
    // A request came (closeBy set) between 151 and 160: the start stays at 151.
    const asked = trackRound(quiet.next, { round: 4n, closeBy: 2_000_000n }, 160n, WINDOW);
    expect(asked).toEqual({ next: quiet.next, closed: [] });
    const later = trackRound(asked.next, { round: 4n, closeBy: 2_000_000n }, 170n, WINDOW);
    expect(later.next.sinceBlock).toBe(151n);
  });

  it('reports the closed round with the blocks its requests are in, and starts the next round after the view', () => {
    const before: RoundWatch = { round: 4n, sinceBlock: 151n, sinceTime: undefined };
    const closed = trackRound(before, { round: 5n, closeBy: 0n }, 300n, WINDOW);
    expect(closed.closed).toEqual([{ round: 4n, fromBlock: 151n, fromTime: undefined, toBlock: 300n }]);
    expect(closed.next).toEqual({ round: 5n, sinceBlock: 301n, sinceTime: undefined });
  });

  it('keeps the old start for a next round that already has requests (they came after the close, after the start)', () => {
    const before: RoundWatch = { round: 4n, sinceBlock: 151n, sinceTime: undefined };
    const r = trackRound(before, { round: 5n, closeBy: 2_100_000n }, 300n, WINDOW);
    expect(r.next).toEqual({ round: 5n, sinceBlock: 151n, sinceTime: undefined });
    expect(r.closed.map((c) => c.round)).toEqual([4n]);
  });

  it('reports every round that closed between two views, each over the same range', () => {
    const before: RoundWatch = { round: 4n, sinceBlock: 151n, sinceTime: undefined };
    const r = trackRound(before, { round: 7n, closeBy: 0n }, 300n, WINDOW);
    expect(r.closed).toEqual([4n, 5n, 6n].map((round) => ({ round, fromBlock: 151n, fromTime: undefined, toBlock: 300n })));
  });

  it('a first view of a round with requests knows their start only by time: closeBy minus max(ttl, tau)', () => {
    const first = trackRound(undefined, { round: 2n, closeBy: 2_000_000n }, 500n, WINDOW);
    expect(first.next).toEqual({ round: 2n, sinceBlock: undefined, sinceTime: 2_000_000n - WINDOW });
    const close = trackRound(first.next, { round: 3n, closeBy: 0n }, 600n, WINDOW);
    expect(close.closed).toEqual([{ round: 2n, fromBlock: undefined, fromTime: 2_000_000n - WINDOW, toBlock: 600n }]);
    // A deadline earlier than the window (a chain younger than it) starts at time 0.
    expect(trackRound(undefined, { round: 1n, closeBy: 1_000n }, 5n, WINDOW).next.sinceTime).toBe(0n);
  });

  it('starts over when the round number goes back (a reorg), reporting nothing closed', () => {
    const before: RoundWatch = { round: 5n, sinceBlock: 301n, sinceTime: undefined };
    expect(trackRound(before, { round: 4n, closeBy: 0n }, 299n, WINDOW)).toEqual({ next: { round: 4n, sinceBlock: 300n, sinceTime: undefined }, closed: [] });
  });
});
