/**
 * The bookkeeping behind discovery, pure (no client, no clock): which auction ids are live, the
 * highest id known, and an undo journal of the last `window` blocks so a reorg can be rolled back.
 *
 * What it holds does not grow with history:
 * - the live ids (kicked, not known dealt or yanked), each with the block by which it is known to
 *   exist (`since`);
 * - `maxId`: every id <= maxId that is not live is finished;
 * - the journal: per block with a change, the changes themselves (ids added, ids removed with what
 *   they held), for blocks after `floor` only. Rolling back to an ancestor >= `floor` is exact; a
 *   deeper reorg needs a full rescan (the caller's job).
 *
 * Every mutation also notes the first state of the ids it touches, so `takeChanges()` can report the
 * net effect of a batch (a kick undone by a reorg and redone by the rescan is no change at all).
 */

/** Net effect of a batch: ids that became live, ids that stopped being live (finished, or un-kicked). */
export interface LedgerChange {
  kicked: bigint[];
  finished: bigint[];
}

type Op = { id: bigint; added: true } | { id: bigint; added: false; since: bigint };

interface Entry {
  block: bigint;
  /** maxId before this block's first change. */
  prevMaxId: bigint;
  ops: Op[];
}

const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Live ids, the max id and the undo journal (see the module comment). Pure: no I/O. */
export class AuctionLedger {
  /** Blocks of history the journal keeps below the last block seen. */
  readonly window: number;
  private readonly liveSince = new Map<bigint, bigint>();
  private maxIdValue = 0n;
  private journal: Entry[] = [];
  private floorValue: bigint;
  private readonly touched = new Map<bigint, boolean>();

  /**
   * @param window blocks of undo history to keep (>= 1)
   * @param floor the last block that will never be rolled back (e.g. `fromBlock - 1`)
   */
  constructor({ window, floor }: { window: number; floor: bigint }) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
    this.window = window;
    this.floorValue = floor;
  }

  /** The highest id known to exist. */
  get maxId(): bigint {
    return this.maxIdValue;
  }

  /** A rollback to an ancestor >= floor is exact. */
  get floor(): bigint {
    return this.floorValue;
  }

  /** Number of live ids. */
  get size(): number {
    return this.liveSince.size;
  }

  /** Number of journal entries (blocks with a change, after the floor). */
  get journalLength(): number {
    return this.journal.length;
  }

  isLive(id: bigint): boolean {
    return this.liveSince.has(id);
  }

  /** The block by which a live id was known to exist, or undefined if it is not live. */
  since(id: bigint): bigint | undefined {
    return this.liveSince.get(id);
  }

  /** Live ids, ascending. */
  live(): bigint[] {
    return [...this.liveSince.keys()].sort(ascending);
  }

  /** Whether a reorg whose common ancestor is `ancestor` can be rolled back from the journal. */
  canRollback(ancestor: bigint): boolean {
    return ancestor >= this.floorValue;
  }

  /**
   * A `Kick` log of `id` in `block`. Ids between the old max and `id` were kicked too but not seen:
   * they become live (unverified). Returns those unverified ids (not `id` itself). A kick of an id
   * already known finished changes nothing (its finish was seen later in chain order or read).
   */
  kick(id: bigint, block: bigint): bigint[] {
    const gap = this.extendTo(id - 1n, block);
    if (id > this.maxIdValue) {
      this.add(id, block);
      this.setMax(id, block);
    }
    return gap;
  }

  /**
   * `id` finished in `block` (a deal or yank log, or a record read with no high bidder). An id above
   * the max raises it: the ids below it in between become live (unverified) and are returned.
   */
  finish(id: bigint, block: bigint): bigint[] {
    const gap = this.extendTo(id - 1n, block);
    if (id > this.maxIdValue) this.setMax(id, block);
    else this.remove(id, block);
    return gap;
  }

  /** `kicks()` read `upTo` at `block`: ids in (maxId, upTo] are live (unverified). Returns them. */
  raiseMax(upTo: bigint, block: bigint): bigint[] {
    return this.extendTo(upTo, block);
  }

  /**
   * Undoes every change recorded for blocks after `ancestor`. Throws RangeError when `ancestor` is
   * below the floor (the journal does not reach that far: rescan instead).
   */
  rollback(ancestor: bigint): void {
    if (!this.canRollback(ancestor)) throw new RangeError(`cannot roll back to block ${ancestor}: the journal starts after block ${this.floorValue}`);
    for (let last = this.journal.at(-1); last !== undefined && last.block > ancestor; last = this.journal.at(-1)) {
      this.journal.pop();
      for (let i = last.ops.length - 1; i >= 0; i--) {
        const op = last.ops[i]!;
        this.touch(op.id);
        if (op.added) this.liveSince.delete(op.id);
        else this.liveSince.set(op.id, op.since);
      }
      this.maxIdValue = last.prevMaxId;
    }
  }

  /** Drops the journal for blocks <= head - window (they can no longer be rolled back). */
  prune(head: bigint): void {
    const floor = head - BigInt(this.window);
    if (floor <= this.floorValue) return;
    this.floorValue = floor;
    let keep = 0;
    while (keep < this.journal.length && this.journal[keep]!.block <= floor) keep++;
    if (keep > 0) this.journal = this.journal.slice(keep);
  }

  /** The net change since the last call: ids that became live, ids that stopped being live. */
  takeChanges(): LedgerChange {
    const kicked: bigint[] = [];
    const finished: bigint[] = [];
    for (const [id, wasLive] of this.touched) {
      const isLive = this.liveSince.has(id);
      if (isLive && !wasLive) kicked.push(id);
      if (!isLive && wasLive) finished.push(id);
    }
    this.touched.clear();
    return { kicked: kicked.sort(ascending), finished: finished.sort(ascending) };
  }

  // --- internals ---

  private extendTo(upTo: bigint, block: bigint): bigint[] {
    const added: bigint[] = [];
    if (upTo <= this.maxIdValue) return added;
    for (let id = this.maxIdValue + 1n; id <= upTo; id++) {
      this.add(id, block);
      added.push(id);
    }
    this.setMax(upTo, block);
    return added;
  }

  private add(id: bigint, block: bigint): void {
    if (this.liveSince.has(id)) return;
    this.touch(id);
    this.entry(block)?.ops.push({ id, added: true });
    this.liveSince.set(id, block);
  }

  private remove(id: bigint, block: bigint): void {
    const since = this.liveSince.get(id);
    if (since === undefined) return;
    this.touch(id);
    this.entry(block)?.ops.push({ id, added: false, since });
    this.liveSince.delete(id);
  }

  private setMax(id: bigint, block: bigint): void {
    if (id === this.maxIdValue) return;
    this.entry(block);
    this.maxIdValue = id;
  }

  private touch(id: bigint): void {
    if (!this.touched.has(id)) this.touched.set(id, this.liveSince.has(id));
  }

  /**
   * The journal entry to record a change of `block` in, created if needed (it remembers maxId before
   * the change). Entries stay in ascending block order: a change reported for a block older than the
   * last entry is filed under the last entry's block (rolled back no later than it should be; a
   * rollback that undoes too much is repaired by the rescan and the next reconcile, while one that
   * undoes too little would leave maxId inconsistent). Changes at or below the floor with an empty
   * journal are never rolled back and are not journaled.
   */
  private entry(block: bigint): Entry | undefined {
    const last = this.journal.at(-1);
    if (last !== undefined && last.block >= block) return last;
    if (block <= this.floorValue) return undefined;
    const created: Entry = { block, prevMaxId: this.maxIdValue, ops: [] };
    this.journal.push(created);
    return created;
  }
}
