/**
 * Logs over a long block range, in pages: a node that refuses a range (or a result) that large gets
 * the two halves instead, down to single blocks (keeper/discovery.ts `isRangeRefusal` says which
 * errors are refusals); any other error is thrown.
 */
import { isRangeRefusal } from '../keeper/discovery.js';

/**
 * Calls `fetch` over `[fromBlock, toBlock]` in pages of `pageSize` blocks, ascending, and hands each
 * page's items to `onPage`, which returns true to stop early.
 * @returns whether `onPage` stopped the walk
 */
export async function walkLogs<T>(
  { fromBlock, toBlock, pageSize = 5_000n }: { fromBlock: bigint; toBlock: bigint; pageSize?: bigint },
  fetch: (from: bigint, to: bigint) => Promise<T[]>,
  onPage: (items: T[]) => Promise<boolean> | boolean,
): Promise<boolean> {
  const fetchSplit = async (from: bigint, to: bigint): Promise<T[]> => {
    try {
      return await fetch(from, to);
    } catch (error) {
      if (to <= from || !isRangeRefusal(error)) throw error;
      const mid = from + (to - from) / 2n;
      return [...(await fetchSplit(from, mid)), ...(await fetchSplit(mid + 1n, to))];
    }
  };
  for (let from = fromBlock; from <= toBlock; from += pageSize) {
    const to = from + pageSize - 1n < toBlock ? from + pageSize - 1n : toBlock;
    if (await onPage(await fetchSplit(from, to))) return true;
  }
  return false;
}
