/**
 * Discovery of flop auctions: which ids are live, kept up to date from the Flopper's logs.
 *
 * The peers either read every id up to `kicks()` on every block (work that grows forever) or walk
 * down from `kicks()` and stop at the first settled id (missing an older auction still running
 * behind a dealt newer one). This index reads `Kick` logs and the `deal`/`yank` LogNotes instead:
 * - `start`: the logs from `fromBlock` to the head in pages, then `kicks()`; any id up to `kicks()`
 *   whose `Kick` log was not in range (kicked before `fromBlock`) is read once with `bids()`;
 * - `follow`: per new head, one `eth_getLogs` over the new blocks; on a reorg, what the replaced
 *   blocks did is rolled back first (ids kicked there removed, ids finished there live again);
 * - `reconcile`: the keeper's own reads of `kicks()` and of the live records correct the index at
 *   no extra request (an id with no high bidder is finished; ids above the max are added).
 *
 * A `tick` restarts an unbid auction: an id stays live until it is dealt or yanked, whatever its
 * state. Memory: the live ids, the max id, and the undo journal of the last `reorgWindow` blocks
 * (auctionLedger.ts); nothing per finished auction.
 */
import { zeroAddress, type Address } from 'viem';
import type { Logger } from 'pino';
import type { ReadClient } from '../chain/clients.js';
import { getFlopperLogs, readAuctions, readKicks, type FlopAuction, type FlopperLog, type FlopperLogKind } from '../chain/flopper.js';
import { BackstopError } from '../errors.js';
import { AuctionLedger, type LedgerChange } from './auctionLedger.js';
import { DEFAULT_HEAD_WINDOW, type Head, type HeadChange } from './blocks.js';

/** Blocks per `eth_getLogs` by default. */
export const DEFAULT_LOG_PAGE = 10_000n;
/** Ids per multicall when reading records at startup. */
const READ_CHUNK = 200;
/** The logs discovery needs: the kicks, and the two calls that delete a record. */
const DISCOVERY_LOGS: readonly FlopperLogKind[] = ['kick', 'deal', 'yank'];

/** What `follow` and `reconcile` changed. `resync`: a reorg deeper than the journal forced a full rescan. */
export interface DiscoveryChange extends LedgerChange {
  resync: boolean;
}

/** For logs, metrics and tests: live ids, the max id, the last block scanned, the journal's size and reach. */
export interface DiscoveryStats {
  live: number;
  maxId: bigint;
  lastScanned: bigint;
  /** Blocks with a change still in the undo journal. */
  journal: number;
  /** The lowest ancestor a reorg can be rolled back to without a full rescan. */
  floor: bigint;
}

/** What an AuctionIndex needs: a client, the Flopper's address, a logger, where to start, paging and reorg window. */
export interface AuctionIndexDeps {
  client: ReadClient;
  flopper: Address;
  log: Logger;
  /** The first block to scan (the Flopper's deployment, or any block before the oldest live auction). */
  fromBlock: bigint;
  /** Blocks per eth_getLogs, default 10_000n. */
  pageSize?: bigint;
  /** Blocks of history kept to roll back a reorg, default 128. */
  reorgWindow?: number;
}

/** The live flop auction ids, from the Flopper's logs (see the module comment). Not reentrant: one call at a time. */
export class AuctionIndex {
  private readonly client: ReadClient;
  private readonly flopper: Address;
  private readonly log: Logger;
  private readonly fromBlock: bigint;
  private readonly pageSize: bigint;
  private readonly reorgWindow: number;
  private ledger: AuctionLedger;
  private lastScannedBlock: bigint;
  private started = false;
  private logRequests = 0;

  constructor(deps: AuctionIndexDeps) {
    const pageSize = deps.pageSize ?? DEFAULT_LOG_PAGE;
    if (pageSize < 1n) throw new RangeError(`pageSize must be at least 1 block, got ${pageSize}`);
    if (deps.fromBlock < 0n) throw new RangeError(`fromBlock must not be negative, got ${deps.fromBlock}`);
    this.client = deps.client;
    this.flopper = deps.flopper;
    this.log = deps.log;
    this.fromBlock = deps.fromBlock;
    this.pageSize = pageSize;
    this.reorgWindow = deps.reorgWindow ?? DEFAULT_HEAD_WINDOW;
    this.ledger = new AuctionLedger({ window: this.reorgWindow, floor: deps.fromBlock - 1n });
    this.lastScannedBlock = deps.fromBlock - 1n;
  }

  /**
   * Startup: Flopper Kick events and the deal/yank LogNotes from fromBlock to head.number in pages of
   * pageSize blocks (eth_getLogs), then reconciled with kicks(): an id <= kicks() with no Kick log is
   * read with bids() once. Calling it again rebuilds the index from scratch.
   * Errors: the RPC's (viem errors), after the transport's retries.
   */
  async start(head: Head): Promise<void> {
    this.ledger = new AuctionLedger({ window: this.reorgWindow, floor: this.fromBlock - 1n });
    this.lastScannedBlock = this.fromBlock - 1n;
    this.started = false;
    const unverified = new Set<bigint>();
    const requestsBefore = this.logRequests;
    const counts = await this.scan(head.number, unverified);

    const kicks = await readKicks(this.client, { flopper: this.flopper, blockNumber: head.number });
    for (const id of this.ledger.raiseMax(kicks, head.number)) unverified.add(id);
    const toRead = [...unverified].filter((id) => this.ledger.isLive(id)).sort((a, b) => (a < b ? -1 : 1));
    let finishedByRead = 0;
    for (let i = 0; i < toRead.length; i += READ_CHUNK) {
      const records = await readAuctions(this.client, { flopper: this.flopper, ids: toRead.slice(i, i + READ_CHUNK), blockNumber: head.number });
      for (const record of records) {
        if (record.guy === zeroAddress) {
          this.ledger.finish(record.id, head.number);
          finishedByRead++;
        }
      }
    }
    if (this.lastScannedBlock < head.number) this.lastScannedBlock = head.number;
    this.ledger.prune(this.lastScannedBlock);
    this.ledger.takeChanges();
    this.started = true;
    this.log.info(
      {
        event: 'discovery.started',
        fromBlock: this.fromBlock,
        toBlock: head.number,
        logRequests: this.logRequests - requestsBefore,
        kicks: counts.kicks,
        finishes: counts.finishes,
        kicksRead: kicks,
        recordsRead: toRead.length,
        finishedByRead,
        live: this.ledger.size,
      },
      'discovery.started',
    );
  }

  /**
   * Per new head: ONE eth_getLogs over the new range (from ancestor+1 on a reorg, after rolling back
   * what the replaced blocks did: ids kicked there removed, ids finished there live again). A range
   * longer than pageSize (the keeper was away) is paged. A reorg below the journal (or flagged
   * `beyondWindow`) logs `discovery.resync` as an error and rescans from fromBlock.
   * Returns the net change: ids that became live (`kicked`) and ids no longer live (`finished`:
   * dealt, yanked, or un-kicked by the reorg). Throws BackstopError before `start`.
   */
  async follow(change: HeadChange): Promise<DiscoveryChange> {
    if (!this.started) throw new BackstopError('AuctionIndex.follow called before start', { kind: 'internal' });
    if (change.kind === 'same') return { kicked: [], finished: [], resync: false };
    if (change.kind === 'reorg') {
      const beyond = change.beyondWindow === true || !this.ledger.canRollback(change.ancestor);
      if (beyond) return this.resync(change);
      this.ledger.rollback(change.ancestor);
      if (this.lastScannedBlock > change.ancestor) this.lastScannedBlock = change.ancestor;
      this.log.warn({ event: 'discovery.rolledBack', ancestor: change.ancestor, depth: change.depth, live: this.ledger.size }, 'discovery.rolledBack');
    }
    const unverified = new Set<bigint>();
    await this.scan(change.head.number, unverified);
    if (unverified.size > 0) {
      // Ids skipped by the logs (a node that lost logs?): kept live until a reconcile reads them.
      this.log.warn({ event: 'discovery.gap', ids: [...unverified].map(String) }, 'discovery.gap');
    }
    this.ledger.prune(this.lastScannedBlock);
    return this.report({ ...this.ledger.takeChanges(), resync: false });
  }

  /**
   * After the keeper read kicks() and the records of the live ids at blockNumber (in its own
   * multicall): an id whose guy is the zero address is finished; ids in (max known id, kicks] are
   * added (a reconcile that costs no request). A record read at a block before the id was known to
   * exist is ignored (it would show no bidder only because the kick came later). Returns the change.
   */
  reconcile(view: { kicks: bigint; auctions: readonly FlopAuction[]; blockNumber: bigint }): DiscoveryChange {
    for (const auction of view.auctions) {
      const since = this.ledger.since(auction.id);
      if (since === undefined || auction.guy !== zeroAddress) continue;
      if (view.blockNumber < since) continue;
      this.ledger.finish(auction.id, view.blockNumber);
    }
    this.ledger.raiseMax(view.kicks, view.blockNumber);
    return this.report({ ...this.ledger.takeChanges(), resync: false }, 'discovery.reconciled');
  }

  /** Live ids (kicked, not known dealt or yanked), ascending. */
  live(): bigint[] {
    return this.ledger.live();
  }

  stats(): DiscoveryStats {
    return {
      live: this.ledger.size,
      maxId: this.ledger.maxId,
      lastScanned: this.lastScannedBlock,
      journal: this.ledger.journalLength,
      floor: this.ledger.floor,
    };
  }

  /** eth_getLogs requests made so far (for metrics and tests). */
  get requests(): number {
    return this.logRequests;
  }

  // --- internals ---

  private async resync(change: Extract<HeadChange, { kind: 'reorg' }>): Promise<DiscoveryChange> {
    const before = new Set(this.ledger.live());
    this.log.error(
      { event: 'discovery.resync', ancestor: change.ancestor, depth: change.depth, floor: this.ledger.floor, beyondWindow: change.beyondWindow === true },
      'discovery.resync',
    );
    await this.start(change.head);
    const after = this.ledger.live();
    const afterSet = new Set(after);
    return {
      kicked: after.filter((id) => !before.has(id)),
      finished: [...before].filter((id) => !afterSet.has(id)).sort((a, b) => (a < b ? -1 : 1)),
      resync: true,
    };
  }

  /** Scans (lastScanned, toBlock] in pages, applying each page and moving lastScanned. */
  private async scan(toBlock: bigint, unverified: Set<bigint>): Promise<{ kicks: number; finishes: number }> {
    const counts = { kicks: 0, finishes: 0 };
    while (this.lastScannedBlock < toBlock) {
      const from = this.lastScannedBlock + 1n;
      const to = from + this.pageSize - 1n < toBlock ? from + this.pageSize - 1n : toBlock;
      const logs = await this.fetchLogs(from, to);
      for (const log of logs) this.apply(log, unverified, counts);
      this.lastScannedBlock = to;
      this.ledger.prune(to);
    }
    return counts;
  }

  private apply(log: FlopperLog, unverified: Set<bigint>, counts: { kicks: number; finishes: number }): void {
    const gap = log.kind === 'kick' ? this.ledger.kick(log.id, log.blockNumber) : this.ledger.finish(log.id, log.blockNumber);
    for (const id of gap) unverified.add(id);
    unverified.delete(log.id);
    if (log.kind === 'kick') counts.kicks++;
    else counts.finishes++;
  }

  /**
   * One eth_getLogs over [from, to]. A node that refuses the range or the size of the answer gets
   * the two halves instead (down to single blocks); any other error is thrown.
   */
  private async fetchLogs(from: bigint, to: bigint): Promise<FlopperLog[]> {
    this.logRequests++;
    try {
      return await getFlopperLogs(this.client, { flopper: this.flopper, fromBlock: from, toBlock: to, kinds: DISCOVERY_LOGS });
    } catch (error) {
      if (to <= from || !isRangeRefusal(error)) throw error;
      const mid = from + (to - from) / 2n;
      this.log.warn({ event: 'discovery.page.split', from, to, error: errorMessage(error) }, 'discovery.page.split');
      return [...(await this.fetchLogs(from, mid)), ...(await this.fetchLogs(mid + 1n, to))];
    }
  }

  private report(change: DiscoveryChange, event = 'discovery.followed'): DiscoveryChange {
    if (change.kicked.length > 0 || change.finished.length > 0) {
      this.log.info(
        { event, kicked: change.kicked.map(String), finished: change.finished.map(String), live: this.ledger.size, maxId: this.ledger.maxId, lastScanned: this.lastScannedBlock },
        event,
      );
    }
    return change;
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return (error as Error & { details?: string }).details ?? error.message;
  return String(error);
}

/** Whether an RPC error says the log query was too large (block range or result count), not a rate limit. */
export function isRangeRefusal(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as Error & { details?: string }).details ?? ''}` : String(error);
  if (/rate.?limit|too many requests/i.test(text)) return false;
  return /block range|range (is )?too (large|wide|big)|too many (results|logs)|query returned more than|response size|exceed(s|ed)? .*(limit|max)|limit exceeded|max.*results/i.test(text);
}
