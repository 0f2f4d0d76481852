/**
 * Where a closed round's requesters are to be found: the blocks that hold its `EnlistRequested` and
 * `DefectRequested` logs, worked out from what the keeper's views saw of the pool's round (pure: no
 * client, no clock). The keeper reads those logs once per close (one `eth_getLogs` per page of the
 * range), never block by block over history.
 *
 * Per pool the tracker keeps the round it last saw and the first block its requests can be in:
 * - a view at block `b` that shows the round with no request yet (`closeBy == 0`) proves that none was
 *   made up to `b`: the range starts at `b + 1`;
 * - once a view shows requests (`closeBy != 0`), the start stays where it was;
 * - when a view shows a later round, the rounds in between closed: their requests are in
 *   `[start, b]`. The next round's start is `b + 1` if it has no request yet, else the same start (its
 *   requests came after the close, which is after the start);
 * - the first view of a pool whose round already has requests knows no start block: the range is then
 *   given by time, from `closeBy - max(ttl, tau)` (the first request set `closeBy` to its time plus
 *   `min(ttl, tau)`; the larger of the two covers a governance change of either since), and the keeper
 *   finds the block of that time.
 */

/** What the tracker remembers of one pool. `sinceBlock` undefined: known only by time (`sinceTime`). */
export interface RoundWatch {
  round: bigint;
  sinceBlock: bigint | undefined;
  /** With `sinceBlock` undefined: the requests are at or after this time, unix s. */
  sinceTime: bigint | undefined;
}

/** A closed round and where its requesters' logs are: blocks `[fromBlock, toBlock]`, or from `fromTime`. */
export interface ClosedRound {
  round: bigint;
  /** First block to scan; undefined: the block at `fromTime` (unix s). */
  fromBlock: bigint | undefined;
  fromTime: bigint | undefined;
  toBlock: bigint;
}

/**
 * The tracker's next state for one pool, and the rounds that closed since the previous view.
 * @param previous The state after the previous view (undefined: the first view of this pool).
 * @param seen The round in this view: its number and deadline (`closeBy`, 0 without a request).
 * @param block The view's block number.
 * @param window `max(ttl, tau)` of the Flopper, s: how long before `closeBy` the first request can be.
 */
export function trackRound(
  previous: RoundWatch | undefined,
  seen: { round: bigint; closeBy: bigint },
  block: bigint,
  window: bigint,
): { next: RoundWatch; closed: ClosedRound[] } {
  const byTime = (closeBy: bigint): RoundWatch => ({ round: seen.round, sinceBlock: undefined, sinceTime: closeBy > window ? closeBy - window : 0n });
  const quiet: RoundWatch = { round: seen.round, sinceBlock: block + 1n, sinceTime: undefined };
  if (previous === undefined) return { next: seen.closeBy === 0n ? quiet : byTime(seen.closeBy), closed: [] };
  if (seen.round === previous.round) {
    return { next: seen.closeBy === 0n ? quiet : previous, closed: [] };
  }
  if (seen.round < previous.round) return { next: seen.closeBy === 0n ? quiet : byTime(seen.closeBy), closed: [] }; // a reorg: start over
  const closed: ClosedRound[] = [];
  for (let r = previous.round; r < seen.round; r++) {
    closed.push({ round: r, fromBlock: previous.sinceBlock, fromTime: previous.sinceTime, toBlock: block });
  }
  const next: RoundWatch = seen.closeBy === 0n ? quiet : { round: seen.round, sinceBlock: previous.sinceBlock, sinceTime: previous.sinceTime };
  return { next, closed };
}
