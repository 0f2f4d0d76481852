/**
 * Following the chain head by block hash, not only by height.
 *
 * viem's block watcher over HTTP compares block numbers, so a reorg that keeps the height (Anvil's
 * `anvil_reorg`, or two competing blocks at the tip) passes unseen. `HeadFollower` remembers the
 * hashes of the last `window` blocks it learnt and checks every new head against them:
 * - the normal case costs one request (`eth_getBlockByNumber('latest')`): the new head's
 *   `parentHash` is the previous head's hash;
 * - a gap (several blocks since the last poll) costs one more: the block at the previous head's
 *   height, to check the previous head is still canonical;
 * - a reorg walks back by number over the blocks it knows, one `eth_getBlockByNumber` per two blocks
 *   (each fetched block's `parentHash` checks the one below it for free), to the common ancestor;
 * - no common ancestor within the window: an error is logged and the change is a reorg flagged
 *   `beyondWindow`, which the consumer treats as a full resync.
 */
import type { Block, Hash } from 'viem';
import type { Logger } from 'pino';
import type { ReadClient } from '../chain/clients.js';
import { BackstopError } from '../errors.js';

/** A block header as the keeper needs it: number, hash, parent hash, timestamp (unix s). */
export interface Head {
  number: bigint;
  hash: Hash;
  parentHash: Hash;
  /** unix s */
  timestamp: bigint;
}

/**
 * What changed since the last poll:
 * - `same`: the head did not move;
 * - `advance`: blocks `(previous.number, head.number]` are new (previous undefined on the first poll);
 * - `reorg`: blocks after `ancestor` were replaced (or dropped, when the head went back), `depth` of
 *   them as this follower knew the chain. `beyondWindow`: no common ancestor was found among the
 *   blocks remembered; `ancestor` is then only the block below the oldest one remembered, not a
 *   checked one, and everything should be rebuilt from scratch.
 */
export type HeadChange =
  | { kind: 'same'; head: Head }
  | { kind: 'advance'; head: Head; previous: Head | undefined }
  | { kind: 'reorg'; head: Head; ancestor: bigint; depth: number; beyondWindow?: boolean };

/** The default number of block hashes kept. */
export const DEFAULT_HEAD_WINDOW = 128;

/** A viem block as a `Head`. Throws BackstopError for a pending block (no number or hash). */
export function toHead(block: Pick<Block, 'number' | 'hash' | 'parentHash' | 'timestamp'>): Head {
  if (block.number === null || block.hash === null) {
    throw new BackstopError('the node returned a pending block where a mined one was expected', { kind: 'chain' });
  }
  return { number: block.number, hash: block.hash, parentHash: block.parentHash, timestamp: block.timestamp };
}

/** Follows the head by hash over a window of remembered blocks (see the module comment). Not reentrant: one poll at a time. */
export class HeadFollower {
  private readonly client: ReadClient;
  private readonly log: Logger;
  /** Block hashes kept. */
  readonly window: number;
  private current: Head | undefined;
  /** Canonical hashes as last learnt, by number, for numbers in (head - window, head]. */
  private readonly known = new Map<bigint, Hash>();
  private requestCount = 0;

  constructor(deps: { client: ReadClient; log: Logger; window?: number }) {
    const window = deps.window ?? DEFAULT_HEAD_WINDOW;
    if (!Number.isInteger(window) || window < 2) throw new RangeError(`window must be an integer >= 2, got ${window}`);
    this.client = deps.client;
    this.log = deps.log;
    this.window = window;
  }

  /** The head as of the last poll. */
  get head(): Head | undefined {
    return this.current;
  }

  /** Block requests made so far (for metrics and tests). */
  get requests(): number {
    return this.requestCount;
  }

  /** One eth_getBlockByNumber('latest'); more requests only when a gap or a reorg needs checking. */
  async poll(): Promise<HeadChange> {
    const next = toHead(await this.getBlock('latest'));
    const previous = this.current;
    if (previous === undefined) {
      this.remember(next, next.number - 1n, []);
      return { kind: 'advance', head: next, previous: undefined };
    }
    if (next.hash === previous.hash) return { kind: 'same', head: previous };
    if (next.number === previous.number + 1n && next.parentHash === previous.hash) {
      this.remember(next, previous.number, []);
      return { kind: 'advance', head: next, previous };
    }
    // The head went back to a block we know: the blocks after it were dropped.
    if (next.number < previous.number && this.known.get(next.number) === next.hash) {
      return this.reorged(next, previous, next.number, []);
    }

    const walk = await this.findAncestor(next, previous);
    if (walk.ancestor === undefined) {
      const lowest = this.lowestKnown() ?? previous.number;
      const ancestor = lowest > 0n ? lowest - 1n : 0n;
      this.log.error(
        { event: 'blocks.reorg.deep', window: this.window, oldHead: previous.number, oldHash: previous.hash, newHead: next.number, newHash: next.hash },
        'blocks.reorg.deep',
      );
      this.known.clear();
      this.remember(next, ancestor, walk.fetched);
      return { kind: 'reorg', head: next, ancestor, depth: Number(previous.number - ancestor), beyondWindow: true };
    }
    if (walk.ancestor === previous.number && next.number > previous.number) {
      this.remember(next, walk.ancestor, walk.fetched);
      this.log.debug({ event: 'blocks.gap', from: previous.number, to: next.number }, 'blocks.gap');
      return { kind: 'advance', head: next, previous };
    }
    return this.reorged(next, previous, walk.ancestor, walk.fetched);
  }

  private reorged(next: Head, previous: Head, ancestor: bigint, fetched: readonly Head[]): HeadChange {
    const depth = Number(previous.number - ancestor);
    this.remember(next, ancestor, fetched);
    this.log.warn(
      { event: 'blocks.reorg', ancestor, depth, oldHead: previous.number, oldHash: previous.hash, newHead: next.number, newHash: next.hash },
      'blocks.reorg',
    );
    return { kind: 'reorg', head: next, ancestor, depth };
  }

  /**
   * The highest remembered block still canonical, walking down from below `next` (or from the
   * previous head, if `next` is higher). Every block fetched on the way is returned, so its hash can
   * be remembered. Compares only where a hash is remembered; unknown numbers are stepped over.
   */
  private async findAncestor(next: Head, previous: Head): Promise<{ ancestor: bigint | undefined; fetched: Head[] }> {
    const fetched: Head[] = [];
    const lowest = this.lowestKnown();
    if (lowest === undefined) return { ancestor: undefined, fetched };
    let n = next.number - 1n;
    // The canonical hash at n when a fetched child told it (its parentHash), else undefined.
    let canonical: Hash | undefined = next.parentHash;
    if (n > previous.number) {
      n = previous.number;
      canonical = undefined;
    }
    for (; n >= lowest && n >= 0n; n--) {
      const mine = this.known.get(n);
      let parent: Hash | undefined;
      if (mine !== undefined) {
        if (canonical === undefined) {
          const block = toHead(await this.getBlock(n));
          fetched.push(block);
          canonical = block.hash;
          parent = block.parentHash;
        }
        if (canonical === mine) return { ancestor: n, fetched };
      }
      canonical = parent;
    }
    return { ancestor: undefined, fetched };
  }

  /** Forgets hashes above `ancestor`, then records the new head, its parent and fetched blocks. */
  private remember(next: Head, ancestor: bigint, fetched: readonly Head[]): void {
    for (const n of [...this.known.keys()]) if (n > ancestor) this.known.delete(n);
    for (const block of fetched) if (block.number > ancestor) this.known.set(block.number, block.hash);
    if (next.number > 0n) this.known.set(next.number - 1n, next.parentHash);
    this.known.set(next.number, next.hash);
    const oldest = next.number - BigInt(this.window);
    for (const n of [...this.known.keys()]) if (n <= oldest || n > next.number) this.known.delete(n);
    this.current = next;
  }

  private lowestKnown(): bigint | undefined {
    let lowest: bigint | undefined;
    for (const n of this.known.keys()) if (lowest === undefined || n < lowest) lowest = n;
    return lowest;
  }

  private async getBlock(at: bigint | 'latest') {
    this.requestCount++;
    return at === 'latest' ? this.client.getBlock({ blockTag: 'latest' }) : this.client.getBlock({ blockNumber: at });
  }
}
