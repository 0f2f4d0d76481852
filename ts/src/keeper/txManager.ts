/**
 * The keeper's transactions on one account: one nonce sequence, EIP-1559 fees under caps, geometric
 * fee bumps of stuck transactions (same nonce, both fees raised by at least the 10% nodes require),
 * at most one transaction in flight per action key, simulation before every send, and bids that never
 * wait behind a cheap transaction: a bid takes over the nonce of the oldest pending upkeep or settle
 * transaction (a replacement, so the cheap one's action is freed and planned again later), never of a
 * finalize that closes a round with requests pending (class `close`).
 *
 * Restart-safe without a database: `init()` reads the account's nonces from the chain; transactions
 * still in the mempool (`txpool_content`, which Anvil and geth serve) are adopted when they are keeper
 * calls (their action keys pending again, bumped when stuck) and cancelled (a 0-value transfer to
 * itself on the same nonce) otherwise. A reorg that un-mines our transactions lowers the chain's nonce:
 * each lost nonce is sent again if its call still simulates, and cancelled if not, so no nonce gap
 * is left and no action runs twice (the lost and the new transaction share the nonce).
 *
 * Time is passed in (`now` in ms, the head block): no clock is read here.
 */
import { keccak256, TransactionReceiptNotFoundError, type Address, type Hash, type Hex, type LocalAccount } from 'viem';
import type { Logger } from 'pino';
import type { ReadClient } from '../chain/clients.js';
import { decodeKeeperRevert, encodeKeeperCall, revertDataOf, type KeeperCall } from '../chain/keeperCalls.js';
import type { ActionClass, PlannedAction } from './planner.js';

export interface FeePolicy {
  /** Caps on what any transaction may offer, wei per gas. */
  maxFeePerGasWei: bigint;
  maxPriorityFeePerGasWei: bigint;
  /** Bump factor, per mille (1125 = x1.125, auction-keeper's geometric step). At least 1100. */
  bumpPermille: bigint;
  /** A transaction is stuck, and bumped, once it has been pending this many blocks or this long. */
  bumpAfterBlocks: bigint;
  bumpAfterMs: number;
}

export const DEFAULT_FEE_POLICY: Omit<FeePolicy, 'maxFeePerGasWei' | 'maxPriorityFeePerGasWei'> = {
  bumpPermille: 1125n,
  bumpAfterBlocks: 3n,
  bumpAfterMs: 42_000,
};

/** What the manager reports, for logs and metrics (the keeper maps these onto Prometheus counters). */
export type TxEvent =
  | { type: 'sent'; key: string; nonce: bigint; hash: Hash; action: KeeperCall['kind']; reason: string; call: KeeperCall }
  | { type: 'bumped'; key: string; nonce: bigint; hash: Hash; maxFeePerGasWei: bigint }
  | { type: 'refused'; key: string; action: KeeperCall['kind']; error: string }
  | { type: 'confirmed'; key: string; nonce: bigint; action: KeeperCall['kind'] | 'cancel'; status: 'success' | 'reverted' | 'replaced' }
  | { type: 'preempted'; key: string; by: string; nonce: bigint }
  | { type: 'cancelled'; nonce: bigint; reason: string }
  | { type: 'resent'; key: string; nonce: bigint; reason: string }
  | { type: 'failed'; key: string; error: string };

export interface PendingTx {
  key: string;
  class: ActionClass;
  call: KeeperCall | undefined;
  nonce: bigint;
  to: Address;
  data: Hex;
  gas: bigint;
  maxFeePerGasWei: bigint;
  maxPriorityFeePerGasWei: bigint;
  /** Every hash sent on this nonce for this action (the original and its replacements). */
  hashes: Hash[];
  sentAtBlock: bigint;
  sentAtMs: number;
  /** DAI the bid locks, wad (bids only). */
  bidDaiWad: bigint | undefined;
  /** True once a bump hit the fee cap (logged once). */
  capped: boolean;
}

export interface TxManagerDeps {
  client: ReadClient;
  account: LocalAccount;
  log: Logger;
  fees: FeePolicy;
  /** Log what would be sent, send nothing. */
  dryRun: boolean;
  /** Maps a mempool transaction of this account back to a keeper call (chain/keeperCalls decodeKeeperCall). */
  decode: (tx: { to: Address | null | undefined; input: Hex }) => KeeperCall | undefined;
  /** The key and class of a call (as the planner assigns them). */
  classify: (call: KeeperCall) => { key: string; class: ActionClass };
  onEvent?: (event: TxEvent) => void;
}

export type SubmitResult = 'sent' | 'pending' | 'refused' | 'dry-run' | 'failed';

interface Head {
  number: bigint;
}

const CANCEL_KEY = (nonce: bigint) => `cancel:${nonce}`;

export class TxManager {
  readonly address: Address;
  private readonly pending = new Map<bigint, PendingTx>();
  /** Mined transactions by nonce, the last 64, so a reorg that un-mines them can resend them. */
  private readonly mined = new Map<bigint, PendingTx>();
  /** The chain's nonce ('latest') as last read: every nonce below it is mined. */
  private chainNonce = 0n;
  private head: Head = { number: 0n };

  constructor(private readonly deps: TxManagerDeps) {
    this.address = deps.account.address;
  }

  /** Keys with a transaction in flight (the planner never plans them again). */
  pendingKeys(): Set<string> {
    return new Set([...this.pending.values()].map((p) => p.key));
  }

  /** DAI locked by bids in flight, per pool, wad. */
  pendingBidDaiWad(): Map<Address, bigint> {
    const out = new Map<Address, bigint>();
    for (const p of this.pending.values()) {
      if (p.call?.kind === 'enter' && p.bidDaiWad !== undefined) out.set(p.call.pool, (out.get(p.call.pool) ?? 0n) + p.bidDaiWad);
    }
    return out;
  }

  /** Transactions in flight, by nonce. */
  inFlight(): PendingTx[] {
    return [...this.pending.values()].sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
  }

  /**
   * Start: the chain's nonces, and this account's transactions still in the mempool adopted (keeper
   * calls) or cancelled (anything else, or everything when the node serves no `txpool_content`).
   */
  async init(head: Head, nowMs: number): Promise<void> {
    this.head = head;
    const log = this.deps.log;
    const [latest, pendingNonce] = await Promise.all([
      this.deps.client.getTransactionCount({ address: this.address, blockTag: 'latest' }),
      this.deps.client.getTransactionCount({ address: this.address, blockTag: 'pending' }),
    ]);
    this.chainNonce = BigInt(latest);
    const first = this.chainNonce;
    const last = BigInt(pendingNonce);
    if (last <= first) {
      log.info({ event: 'keeper.tx.init', nonce: first, pending: 0 }, 'no transaction of ours in the mempool');
      return;
    }
    const found = await this.ownMempool();
    for (let nonce = first; nonce < last; nonce++) {
      const tx = found?.get(nonce);
      const call = tx ? this.deps.decode({ to: tx.to, input: tx.input }) : undefined;
      if (tx && call) {
        const { key, class: cls } = this.deps.classify(call);
        this.pending.set(nonce, {
          key,
          class: cls,
          call,
          nonce,
          to: tx.to!,
          data: tx.input,
          gas: tx.gas,
          maxFeePerGasWei: tx.maxFeePerGas,
          maxPriorityFeePerGasWei: tx.maxPriorityFeePerGas,
          hashes: [tx.hash],
          sentAtBlock: head.number,
          sentAtMs: nowMs,
          bidDaiWad: undefined,
          capped: false,
        });
        log.info({ event: 'keeper.tx.adopted', nonce, key, hash: tx.hash }, 'adopted a pending transaction of a previous run');
      } else {
        const old = tx ? { maxFeePerGasWei: tx.maxFeePerGas, maxPriorityFeePerGasWei: tx.maxPriorityFeePerGas } : undefined;
        await this.cancel(nonce, old, tx ? 'not a keeper call' : 'unknown pending transaction (no txpool_content)', nowMs);
      }
    }
  }

  /**
   * Per new block: nonces below the chain's are done; a lowered chain nonce (a reorg un-mined ours) is
   * repaired; stuck transactions are bumped.
   */
  async onBlock(head: Head, nowMs: number, { bump = true }: { bump?: boolean } = {}): Promise<void> {
    this.head = head;
    const latest = BigInt(await this.deps.client.getTransactionCount({ address: this.address, blockTag: 'latest' }));
    if (latest < this.chainNonce) await this.repairLostNonces(latest, nowMs);
    this.chainNonce = latest;
    for (const [nonce, p] of this.pending) {
      if (nonce < latest) {
        // Before forgetting it: a transport error here throws, and the next step asks again.
        const status = await this.outcome(p);
        this.pending.delete(nonce);
        this.remember(p);
        if (status === 'reverted') {
          this.deps.log.error({ event: 'keeper.tx.reverted', actionKey: p.key, nonce, hashes: p.hashes }, `${p.key} was mined but reverted`);
        } else {
          this.deps.log.info({ event: 'keeper.tx.confirmed', actionKey: p.key, nonce, status }, `${p.key} ${status === 'success' ? 'mined' : 'replaced by another transaction on its nonce'}`);
        }
        this.deps.onEvent?.({ type: 'confirmed', key: p.key, nonce, action: p.call?.kind ?? 'cancel', status });
      }
    }
    if (!bump) return;
    for (const p of this.inFlight()) {
      const stuck = head.number - p.sentAtBlock >= this.deps.fees.bumpAfterBlocks || nowMs - p.sentAtMs >= this.deps.fees.bumpAfterMs;
      if (stuck) await this.bump(p, nowMs);
    }
  }

  /**
   * Simulates the action against the latest state and sends it unless it is already pending, it reverts
   * in simulation (logged with the decoded error, nothing sent) or this is a dry run.
   */
  async submit(action: PlannedAction, nowMs: number): Promise<SubmitResult> {
    const log = this.deps.log;
    if (this.pendingKeys().has(action.key)) return 'pending';
    const { to, data } = encodeKeeperCall(action.call);
    const refusal = await this.simulate(to, data);
    if (refusal) {
      log.info({ event: 'keeper.simulation.refused', actionKey: action.key, reason: action.reason, error: refusal }, `not sent: ${refusal}`);
      this.deps.onEvent?.({ type: 'refused', key: action.key, action: action.call.kind, error: refusal.split('(')[0]! });
      return 'refused';
    }
    if (this.deps.dryRun) {
      log.info({ event: 'keeper.tx.dryRun', actionKey: action.key, to, data, reason: action.reason }, `dry run: would send ${action.key}`);
      return 'dry-run';
    }
    let gas: bigint;
    try {
      gas = await this.deps.client.estimateGas({ account: this.address, to, data });
    } catch (error) {
      const data = revertDataOf(error);
      if (data === undefined && !/revert/i.test(String((error as Error)?.message))) throw error; // transport trouble: let the loop retry
      const decoded = decodeKeeperRevert(data);
      this.deps.onEvent?.({ type: 'refused', key: action.key, action: action.call.kind, error: decoded.name });
      log.info({ event: 'keeper.simulation.refused', actionKey: action.key, error: decoded.signature }, `not sent: ${decoded.signature}`);
      return 'refused';
    }
    gas = (gas * 12n) / 10n; // headroom: the state can move between estimate and inclusion
    let fees = await this.currentFees();
    let nonce = this.nextNonce();
    // A bid never waits behind a cheap transaction: it replaces the oldest pending one of those. A
    // finalize that closes a round with requests pending (class `close`) is never displaced: it goes first.
    const displaced = action.class === 'bid' ? this.inFlight().find((p) => p.class === 'settle' || p.class === 'upkeep') : undefined;
    if (displaced) {
      nonce = displaced.nonce;
      fees = this.atLeast(fees, this.bumped(displaced));
    }
    const p: PendingTx = {
      key: action.key,
      class: action.class,
      call: action.call,
      nonce,
      to,
      data,
      gas,
      ...fees,
      hashes: [],
      sentAtBlock: this.head.number,
      sentAtMs: nowMs,
      bidDaiWad: action.bidDaiWad,
      capped: false,
    };
    try {
      const hash = await this.signAndSend(p);
      p.hashes.push(hash);
      if (displaced) {
        this.deps.onEvent?.({ type: 'preempted', key: displaced.key, by: action.key, nonce });
        log.info({ event: 'keeper.tx.preempted', nonce, replaced: displaced.key, by: action.key }, 'a bid took the nonce of a pending cheap transaction');
      }
      this.pending.set(nonce, p);
      this.deps.onEvent?.({ type: 'sent', key: p.key, nonce, hash, action: action.call.kind, reason: action.reason, call: action.call });
      log.info({ event: 'keeper.tx.sent', actionKey: p.key, nonce, hash, maxFeePerGasWei: p.maxFeePerGasWei, reason: action.reason }, `sent ${p.key}`);
      return 'sent';
    } catch (error) {
      return this.onSendError(p, error);
    }
  }

  // ------------------------------------------------------------------ internals

  private nextNonce(): bigint {
    let next = this.chainNonce;
    for (const nonce of this.pending.keys()) if (nonce >= next) next = nonce + 1n;
    return next;
  }

  private async simulate(to: Address, data: Hex): Promise<string | undefined> {
    try {
      await this.deps.client.call({ account: this.address, to, data, blockTag: 'latest' });
      return undefined;
    } catch (error) {
      const data = revertDataOf(error);
      if (data === undefined && !/revert/i.test(String((error as Error)?.message))) throw error; // transport trouble: let the loop retry
      return decodeKeeperRevert(data).signature;
    }
  }

  /** The node's fee estimate (base fee x2 + tip, viem's default), clamped to the caps. */
  private async currentFees(): Promise<{ maxFeePerGasWei: bigint; maxPriorityFeePerGasWei: bigint }> {
    const { maxFeePerGas, maxPriorityFeePerGas } = await this.deps.client.estimateFeesPerGas();
    return this.clamp({ maxFeePerGasWei: maxFeePerGas, maxPriorityFeePerGasWei: maxPriorityFeePerGas });
  }

  private clamp(f: { maxFeePerGasWei: bigint; maxPriorityFeePerGasWei: bigint }) {
    const cap = this.deps.fees;
    const maxFeePerGasWei = f.maxFeePerGasWei > cap.maxFeePerGasWei ? cap.maxFeePerGasWei : f.maxFeePerGasWei;
    let maxPriorityFeePerGasWei = f.maxPriorityFeePerGasWei > cap.maxPriorityFeePerGasWei ? cap.maxPriorityFeePerGasWei : f.maxPriorityFeePerGasWei;
    if (maxPriorityFeePerGasWei > maxFeePerGasWei) maxPriorityFeePerGasWei = maxFeePerGasWei;
    return { maxFeePerGasWei, maxPriorityFeePerGasWei };
  }

  /** Both fees times the bump factor, rounded up (a replacement's floor). */
  private bumped(p: Pick<PendingTx, 'maxFeePerGasWei' | 'maxPriorityFeePerGasWei'>) {
    const k = this.deps.fees.bumpPermille;
    const up = (x: bigint) => (x * k + 999n) / 1000n + (x === 0n ? 1n : 0n);
    return { maxFeePerGasWei: up(p.maxFeePerGasWei), maxPriorityFeePerGasWei: up(p.maxPriorityFeePerGasWei) };
  }

  private atLeast(a: { maxFeePerGasWei: bigint; maxPriorityFeePerGasWei: bigint }, b: typeof a) {
    return this.clamp({
      maxFeePerGasWei: a.maxFeePerGasWei > b.maxFeePerGasWei ? a.maxFeePerGasWei : b.maxFeePerGasWei,
      maxPriorityFeePerGasWei: a.maxPriorityFeePerGasWei > b.maxPriorityFeePerGasWei ? a.maxPriorityFeePerGasWei : b.maxPriorityFeePerGasWei,
    });
  }

  /** Whether `next` replaces `old` under the nodes' rule: both fees at least 10% higher. */
  private replaces(old: Pick<PendingTx, 'maxFeePerGasWei' | 'maxPriorityFeePerGasWei'>, next: typeof old): boolean {
    return next.maxFeePerGasWei * 10n >= old.maxFeePerGasWei * 11n && next.maxPriorityFeePerGasWei * 10n >= old.maxPriorityFeePerGasWei * 11n;
  }

  private async bump(p: PendingTx, nowMs: number): Promise<void> {
    const fees = this.atLeast(await this.currentFees(), this.bumped(p));
    p.sentAtBlock = this.head.number;
    p.sentAtMs = nowMs;
    if (!this.replaces(p, fees)) {
      if (!p.capped) this.deps.log.warn({ event: 'keeper.tx.atCap', actionKey: p.key, nonce: p.nonce, maxFeePerGasWei: p.maxFeePerGasWei }, 'stuck at the fee cap: raise --max-fee-gwei to bump further');
      p.capped = true;
      await this.rebroadcast(p); // in case a node dropped it
      return;
    }
    const next = { ...p, ...fees };
    try {
      const hash = await this.signAndSend(next);
      Object.assign(p, fees);
      p.hashes.push(hash);
      this.deps.onEvent?.({ type: 'bumped', key: p.key, nonce: p.nonce, hash, maxFeePerGasWei: p.maxFeePerGasWei });
      this.deps.log.info({ event: 'keeper.tx.bumped', actionKey: p.key, nonce: p.nonce, hash, maxFeePerGasWei: p.maxFeePerGasWei }, `fee bump of ${p.key}`);
    } catch (error) {
      await this.onSendError(p, error);
    }
  }

  private async rebroadcast(p: PendingTx): Promise<void> {
    try {
      await this.signAndSend(p);
    } catch {
      // "already known" and the like: it is still there
    }
  }

  private async repairLostNonces(latest: bigint, nowMs: number): Promise<void> {
    for (let nonce = latest; nonce < this.chainNonce; nonce++) {
      if (this.pending.has(nonce)) continue;
      const lost = this.mined.get(nonce);
      this.mined.delete(nonce);
      if (lost && lost.call && !(await this.simulate(lost.to, lost.data))) {
        const p = { ...lost, hashes: [...lost.hashes], sentAtBlock: this.head.number, sentAtMs: nowMs };
        try {
          await this.signAndSend(p);
          this.pending.set(nonce, p);
          this.deps.onEvent?.({ type: 'resent', key: p.key, nonce, reason: 'a reorg un-mined it' });
          this.deps.log.warn({ event: 'keeper.tx.resent', actionKey: p.key, nonce }, 'a reorg un-mined our transaction: sent again on its nonce');
          continue;
        } catch (error) {
          this.deps.log.warn({ event: 'keeper.tx.resendFailed', actionKey: p.key, nonce, error: String(error) }, 'could not resend');
        }
      }
      await this.cancel(nonce, lost, lost ? 'a reorg un-mined it and it no longer simulates' : 'a reorg un-mined a transaction we do not know', nowMs);
    }
  }

  /** Fills `nonce` with a 0-value transfer to ourselves, priced to replace `old` if it is still in a mempool. */
  private async cancel(nonce: bigint, old: { maxFeePerGasWei: bigint; maxPriorityFeePerGasWei: bigint } | undefined, reason: string, nowMs: number) {
    const fees = old ? this.atLeast(await this.currentFees(), this.bumped(old)) : this.clamp({ maxFeePerGasWei: this.deps.fees.maxFeePerGasWei, maxPriorityFeePerGasWei: this.deps.fees.maxPriorityFeePerGasWei });
    const p: PendingTx = {
      key: CANCEL_KEY(nonce),
      class: 'upkeep',
      call: undefined,
      nonce,
      to: this.address,
      data: '0x',
      gas: 21_000n,
      ...fees,
      hashes: [],
      sentAtBlock: this.head.number,
      sentAtMs: nowMs,
      bidDaiWad: undefined,
      capped: false,
    };
    if (this.deps.dryRun) {
      this.deps.log.warn({ event: 'keeper.tx.dryRun', nonce, reason }, `dry run: would cancel nonce ${nonce}`);
      return;
    }
    try {
      p.hashes.push(await this.signAndSend(p));
      this.pending.set(nonce, p);
      this.deps.onEvent?.({ type: 'cancelled', nonce, reason });
      this.deps.log.warn({ event: 'keeper.tx.cancelled', nonce, reason }, `cancelled nonce ${nonce}: ${reason}`);
    } catch (error) {
      this.deps.log.error({ event: 'keeper.tx.cancelFailed', nonce, error: String(error) }, 'could not cancel');
    }
  }

  private async onSendError(p: PendingTx, error: unknown): Promise<SubmitResult> {
    const message = String((error as { details?: string })?.details ?? (error as Error)?.message ?? error);
    const log = this.deps.log;
    if (/nonce too low|already been used|nonce has already/i.test(message)) {
      // Our view of the nonce was stale (another sender on this key, or a mined tx we had not seen).
      this.chainNonce = BigInt(await this.deps.client.getTransactionCount({ address: this.address, blockTag: 'pending' }));
      log.warn({ event: 'keeper.tx.nonceResync', actionKey: p.key, nonce: this.chainNonce }, 'nonce too low: resynced from the chain');
    } else if (/underpriced|replacement/i.test(message)) {
      log.warn({ event: 'keeper.tx.underpriced', actionKey: p.key, nonce: p.nonce }, 'replacement underpriced: will bump again');
      return 'failed';
    } else if (/insufficient funds/i.test(message)) {
      log.error({ event: 'keeper.tx.unfunded', actionKey: p.key, address: this.address }, 'the keeper account cannot pay for gas: send it ETH');
    } else {
      log.error({ event: 'keeper.tx.failed', actionKey: p.key, error: message.split('\n')[0] }, `send failed: ${message.split('\n')[0]}`);
    }
    this.deps.onEvent?.({ type: 'failed', key: p.key, error: message.split('\n')[0]! });
    return 'failed';
  }

  private async signAndSend(p: PendingTx): Promise<Hash> {
    const serialized = await this.deps.account.signTransaction({
      chainId: this.deps.client.chain.id,
      type: 'eip1559',
      to: p.to,
      data: p.data,
      nonce: Number(p.nonce),
      gas: p.gas,
      maxFeePerGas: p.maxFeePerGasWei,
      maxPriorityFeePerGas: p.maxPriorityFeePerGasWei,
      value: 0n,
    });
    const hash = keccak256(serialized);
    await this.deps.client.sendRawTransaction({ serializedTransaction: serialized });
    return hash;
  }

  /** How a nonce of ours ended: one of our hashes mined (success or reverted), or something else took it. */
  private async outcome(p: PendingTx): Promise<'success' | 'reverted' | 'replaced'> {
    for (const hash of [...p.hashes].reverse()) {
      try {
        const receipt = await this.deps.client.getTransactionReceipt({ hash });
        return receipt.status;
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error; // transport trouble, not an answer
        // not mined under this hash
      }
    }
    return 'replaced';
  }

  private remember(p: PendingTx) {
    this.mined.set(p.nonce, p);
    for (const nonce of this.mined.keys()) if (nonce + 64n < p.nonce) this.mined.delete(nonce);
  }

  /** This account's transactions in the node's mempool, by nonce; undefined when the node serves no txpool. */
  private async ownMempool(): Promise<Map<bigint, MempoolTx> | undefined> {
    try {
      const content = (await this.deps.client.request({ method: 'txpool_content' } as never)) as {
        pending?: Record<string, Record<string, RawTx>>;
        queued?: Record<string, Record<string, RawTx>>;
      };
      const out = new Map<bigint, MempoolTx>();
      for (const section of [content.pending, content.queued]) {
        for (const [from, byNonce] of Object.entries(section ?? {})) {
          if (from.toLowerCase() !== this.address.toLowerCase()) continue;
          for (const tx of Object.values(byNonce)) {
            out.set(BigInt(tx.nonce), {
              hash: tx.hash,
              to: tx.to,
              input: tx.input,
              gas: BigInt(tx.gas),
              maxFeePerGas: BigInt(tx.maxFeePerGas ?? tx.gasPrice ?? '0x0'),
              maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas ?? tx.gasPrice ?? '0x0'),
            });
          }
        }
      }
      return out;
    } catch (error) {
      this.deps.log.warn({ event: 'keeper.tx.noTxpool', error: String(error).split('\n')[0] }, 'the node serves no txpool_content: pending transactions of a previous run will be cancelled');
      return undefined;
    }
  }
}

interface RawTx {
  hash: Hash;
  nonce: Hex;
  to: Address | null;
  input: Hex;
  gas: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
  gasPrice?: Hex;
}

interface MempoolTx {
  hash: Hash;
  to: Address | null;
  input: Hex;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}
