// Fault injection, for the tests and the demo's congestion scenario: an RPC proxy on loopback that
// drops, errors and delays a share of JSON-RPC requests (reproducibly, from a seed), and controls over
// an Anvil: automine, mining, reorgs, dropping pending transactions, base fees, block gas limits and
// the txpool.
//
// What Anvil 1.7.1 does, as these helpers' tests (test/chain/faults.test.ts) check it:
// - `evm_revert` (the fixtures' per-test revert) restores neither automine nor the txpool, nor a
//   pending `anvil_setNextBlockBaseFeePerGas`: use `withManualMining`, which restores what it changes.
// - `anvil_reorg` keeps the height and replaces the top `depth` blocks; their transactions are gone
//   (not back in the txpool) unless given again in `tx_block_pairs`.
// - A pending transaction whose `maxFeePerGas` is below the base fee of the block being mined is
//   evicted from the txpool, not kept waiting. A transaction stays stuck only while blocks are full of
//   better-paying transactions (`congest`), or while no block is mined.
// - A replacement (same nonce) is accepted whenever its `maxFeePerGas` is higher, by any amount:
//   Anvil does not enforce geth's 10% bump. A keeper's bump rule cannot be checked against Anvil.
// - Anvil picks transactions for a block by `maxFeePerGas` (ties: first come), not by the tip a
//   block producer would earn: to jump a queue on Anvil, a bump must raise the fee cap above the
//   others' (a keeper that raises both fees, as replacement rules require anyway, does).
// - `evm_revert` does not restore the base fee either: after a block mined at a high base fee and a
//   revert, the next block still follows that high base fee. `withManualMining` puts it back.
// - `anvil_setMinGasPrice` is refused while EIP-1559 is active (always, here): no helper for it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { numberToHex, type Account, type Address, type Chain, type Client, type Hash, type Hex, type Transport, type WalletClient } from 'viem';

// --- RPC proxy -------------------------------------------------------------------------------------

/** Which requests the proxy spoils, and how. Rates are probabilities in [0, 1]. */
export interface FaultConfig {
  /** Share of requests whose connection is destroyed without an answer (the client sees a reset). */
  dropRate?: number;
  /** Share answered with an error: HTTP 503 and a JSON-RPC error (-32603 "injected fault"), alternately. */
  errorRate?: number;
  /** Every other faultable request waits a random time in [min, max] ms, then is forwarded. */
  delayMs?: readonly [min: number, max: number];
  /**
   * Only requests calling one of these methods are faulted (a batch: if any of its calls is);
   * every method unless given.
   */
  methods?: readonly string[];
}

/** What the proxy has seen since it started (or since `resetCounts`). */
export interface FaultCounts {
  /** HTTP requests received (a batch is one). */
  requests: number;
  /** Of them: connections destroyed, error answers, delayed then forwarded, forwarded. */
  dropped: number;
  errored: number;
  delayed: number;
  forwarded: number;
  /** JSON-RPC calls by method (each call of a batch counts). */
  byMethod: Record<string, number>;
}

export interface RpcProxy {
  /** `http://127.0.0.1:<port>`: give it to a client instead of the upstream URL. */
  url: string;
  /** Replaces the faults (unset fields: none). */
  setFaults(faults: FaultConfig): void;
  /** No more faults: every request is forwarded at once. */
  heal(): void;
  /** A copy of the counts. */
  counts(): FaultCounts;
  resetCounts(): void;
  /** Stops listening and closes every connection (requests in flight are dropped). */
  stop(): Promise<void>;
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1); the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface JsonRpcCall {
  id?: unknown;
  method?: unknown;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function checkRate(name: string, rate: number | undefined): number {
  const value = rate ?? 0;
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be in [0, 1], got ${rate}`);
  return value;
}

/**
 * An HTTP JSON-RPC proxy on 127.0.0.1 (a free port) forwarding POST bodies (single calls and batches)
 * to `upstream` and returning its answers, spoiling some as {@link FaultConfig} says. Each faultable
 * request draws from a PRNG seeded with `seed` (1 unless given): for requests made one after another,
 * the same seed and faults give the same outcomes.
 */
export async function startRpcProxy({ upstream, seed = 1 }: { upstream: string; seed?: number }): Promise<RpcProxy> {
  const random = seededRandom(seed);
  let faults: Required<Omit<FaultConfig, 'methods'>> & { methods: ReadonlySet<string> | undefined } = {
    dropRate: 0,
    errorRate: 0,
    delayMs: [0, 0],
    methods: undefined,
  };
  const zero = (): FaultCounts => ({ requests: 0, dropped: 0, errored: 0, delayed: 0, forwarded: 0, byMethod: {} });
  let counts = zero();
  let errorAnswers = 0;
  const timers = new Set<NodeJS.Timeout>();

  async function forward(body: string, response: ServerResponse) {
    let status = 502;
    let text = '';
    let contentType = 'text/plain';
    try {
      const answer = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      status = answer.status;
      contentType = answer.headers.get('content-type') ?? 'application/json';
      text = await answer.text();
    } catch (error) {
      text = `proxy: upstream failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': contentType });
    response.end(text);
  }

  function answerError(calls: JsonRpcCall[] | JsonRpcCall | undefined, response: ServerResponse) {
    const asHttp = errorAnswers++ % 2 === 0;
    if (asHttp || calls === undefined) {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('injected fault: service unavailable');
      return;
    }
    const error = (call: JsonRpcCall) => ({ jsonrpc: '2.0', id: call.id ?? null, error: { code: -32603, message: 'injected fault' } });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(Array.isArray(calls) ? calls.map(error) : error(calls)));
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' });
      response.end();
      return;
    }
    const body = await readBody(request);
    counts.requests++;
    let calls: JsonRpcCall[] | JsonRpcCall | undefined;
    try {
      calls = JSON.parse(body) as JsonRpcCall[] | JsonRpcCall;
    } catch {
      calls = undefined;
    }
    const methods = (calls === undefined ? [] : Array.isArray(calls) ? calls : [calls]).map((call) =>
      typeof call?.method === 'string' ? call.method : '(none)',
    );
    if (calls === undefined) methods.push('(invalid)');
    for (const method of methods) counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;

    const faultable = faults.methods === undefined || methods.some((method) => faults.methods!.has(method));
    if (faultable) {
      const roll = random();
      if (roll < faults.dropRate) {
        counts.dropped++;
        request.socket.destroy();
        return;
      }
      if (roll < faults.dropRate + faults.errorRate) {
        counts.errored++;
        answerError(calls, response);
        return;
      }
      const [min, max] = faults.delayMs;
      if (max > 0) {
        counts.delayed++;
        const wait = min + random() * (max - min);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, wait);
          timers.add(timer);
        });
      }
    }
    counts.forwarded++;
    await forward(body, response);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return response.destroy();
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setFaults(next) {
      const dropRate = checkRate('dropRate', next.dropRate);
      const errorRate = checkRate('errorRate', next.errorRate);
      if (dropRate + errorRate > 1) throw new Error(`dropRate + errorRate must be at most 1, got ${dropRate + errorRate}`);
      const [min, max] = next.delayMs ?? [0, 0];
      if (!(min >= 0 && max >= min)) throw new Error(`delayMs must be [min, max] with 0 <= min <= max, got [${min}, ${max}]`);
      faults = { dropRate, errorRate, delayMs: [min, max], methods: next.methods ? new Set(next.methods) : undefined };
    },
    heal() {
      faults = { dropRate: 0, errorRate: 0, delayMs: [0, 0], methods: undefined };
    },
    counts() {
      return { ...counts, byMethod: { ...counts.byMethod } };
    },
    resetCounts() {
      counts = zero();
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// --- chain controls --------------------------------------------------------------------------------

/** Any viem client (public, wallet or test) of the Anvil to control. */
export type AnyClient = Pick<Client, 'request'>;

type RawRequest = (args: { method: string; params?: unknown }) => Promise<unknown>;
/** Anvil methods outside viem's typed schemas, called as they are. */
function rpc<T = unknown>(client: AnyClient, method: string, params: unknown = []): Promise<T> {
  return (client.request as unknown as RawRequest)({ method, params }) as Promise<T>;
}

/** Turns automine on or off (`evm_setAutomine`). `evm_revert` does not restore it: restore it yourself. */
export async function setAutomine(client: AnyClient, on: boolean): Promise<void> {
  await rpc(client, 'evm_setAutomine', [on]);
}

export function getAutomine(client: AnyClient): Promise<boolean> {
  return rpc<boolean>(client, 'anvil_getAutomine');
}

/** Mines `blocks` blocks (1 unless given) with whatever the txpool holds (`anvil_mine`). */
export async function mine(client: AnyClient, blocks = 1): Promise<void> {
  await rpc(client, 'anvil_mine', [numberToHex(blocks)]);
}

/** A transaction for `anvil_reorg`: a signed raw transaction, or a request Anvil signs (its dev accounts). */
export type ReorgTransaction = Hex | { from: Address; to?: Address; value?: Hex; data?: Hex; gas?: Hex; nonce?: Hex };

export interface ReorgOptions {
  /** How many blocks at the top of the chain are replaced (at least 1, less than the height). */
  depth: number;
  /**
   * Transactions to include in the new blocks, each with the index of the new block it goes in:
   * 0 is the lowest replaced block (head - depth + 1), depth - 1 the new head.
   */
  txBlockPairs?: ReadonlyArray<readonly [transaction: ReorgTransaction, blockIndex: number]>;
}

export interface ReorgResult {
  /** The head number, the same before and after. */
  head: bigint;
  /** Each replaced height with its hash before and after, lowest first. */
  replaced: Array<{ number: bigint; before: Hash; after: Hash }>;
}

interface RpcBlock {
  number: Hex;
  hash: Hash;
  parentHash: Hash;
}

async function blockAt(client: AnyClient, number: bigint): Promise<RpcBlock> {
  const block = await rpc<RpcBlock | null>(client, 'eth_getBlockByNumber', [numberToHex(number), false]);
  if (block === null) throw new Error(`no block ${number}`);
  return block;
}

/**
 * Replaces the top `depth` blocks with new ones (`anvil_reorg` with the params object
 * `{ depth, tx_block_pairs }`: Anvil 1.7.1 refuses camel case). The height stays; the hashes of the
 * replaced blocks change; their transactions are gone unless given again in `txBlockPairs`.
 */
export async function reorg(client: AnyClient, { depth, txBlockPairs = [] }: ReorgOptions): Promise<ReorgResult> {
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`reorg depth must be a positive integer, got ${depth}`);
  const head = BigInt(await rpc<Hex>(client, 'eth_blockNumber'));
  if (BigInt(depth) > head) throw new Error(`reorg depth ${depth} exceeds the height ${head}`);
  const heights = Array.from({ length: depth }, (_, i) => head - BigInt(depth - 1 - i));
  const before = await Promise.all(heights.map((n) => blockAt(client, n)));
  await rpc(client, 'anvil_reorg', { depth, tx_block_pairs: txBlockPairs.map(([tx, index]) => [tx, index]) });
  const after = await Promise.all(heights.map((n) => blockAt(client, n)));
  return { head, replaced: heights.map((number, i) => ({ number, before: before[i]!.hash, after: after[i]!.hash })) };
}

/** Removes one pending transaction from the txpool (`anvil_dropTransaction`). */
export async function dropTransaction(client: AnyClient, hash: Hash): Promise<void> {
  await rpc(client, 'anvil_dropTransaction', [hash]);
}

/** Empties the txpool (`anvil_dropAllTransactions`). */
export async function dropAllTransactions(client: AnyClient): Promise<void> {
  await rpc(client, 'anvil_dropAllTransactions');
}

/**
 * The base fee of the next mined block only (`anvil_setNextBlockBaseFeePerGas`); later blocks follow
 * EIP-1559 from it. It also applies at once to the txpool's admission check, and it survives
 * `evm_revert` until a block is mined: set it just before mining.
 */
export async function setNextBaseFee(client: AnyClient, baseFeePerGasWei: bigint): Promise<void> {
  await rpc(client, 'anvil_setNextBlockBaseFeePerGas', [numberToHex(baseFeePerGasWei)]);
}

/** The gas limit of the blocks mined from now on (`evm_setBlockGasLimit`). */
export async function setBlockGasLimit(client: AnyClient, gas: bigint): Promise<void> {
  await rpc(client, 'evm_setBlockGasLimit', [numberToHex(gas)]);
}

/** A pending or queued transaction of the txpool, with numbers decoded. */
export interface PoolTransaction {
  hash: Hash;
  from: Address;
  to: Address | null;
  nonce: number;
  gas: bigint;
  value: bigint;
  input: Hex;
  maxFeePerGas: bigint | undefined;
  maxPriorityFeePerGas: bigint | undefined;
  gasPrice: bigint | undefined;
}

interface RpcPoolTransaction {
  hash: Hash;
  from: Address;
  to: Address | null;
  nonce: Hex;
  gas: Hex;
  value: Hex;
  input: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
  gasPrice?: Hex;
}

type RpcPool = Record<'pending' | 'queued', Record<string, Record<string, RpcPoolTransaction>>>;

/**
 * The txpool's transactions from `address` (`txpool_content`), in nonce order: `pending` (ready to
 * be mined) and `queued` (waiting for an earlier nonce).
 */
export async function txpoolContent(client: AnyClient, address: Address): Promise<{ pending: PoolTransaction[]; queued: PoolTransaction[] }> {
  const pool = await rpc<RpcPool>(client, 'txpool_content');
  const decode = (tx: RpcPoolTransaction): PoolTransaction => ({
    hash: tx.hash,
    from: tx.from,
    to: tx.to,
    nonce: Number(BigInt(tx.nonce)),
    gas: BigInt(tx.gas),
    value: BigInt(tx.value),
    input: tx.input,
    maxFeePerGas: tx.maxFeePerGas === undefined ? undefined : BigInt(tx.maxFeePerGas),
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas === undefined ? undefined : BigInt(tx.maxPriorityFeePerGas),
    gasPrice: tx.gasPrice === undefined ? undefined : BigInt(tx.gasPrice),
  });
  const of = (section: Record<string, Record<string, RpcPoolTransaction>>) => {
    const entry = Object.entries(section).find(([from]) => from.toLowerCase() === address.toLowerCase());
    return entry ? Object.values(entry[1]).map(decode).sort((a, b) => a.nonce - b.nonce) : [];
  };
  return { pending: of(pool.pending), queued: of(pool.queued) };
}

/**
 * Runs `body` with automine off, then puts the chain back as it was for the next test: drops every
 * pending transaction, and restores the block gas limit, the next block's base fee and the automine
 * setting found at the start (`evm_revert` restores none of these). Use it inside a test whose
 * snapshot is reverted afterwards (the fixtures'), so the blocks mined are undone too.
 */
export async function withManualMining<T>(client: AnyClient, body: () => Promise<T>): Promise<T> {
  const automine = await getAutomine(client);
  const latest = await rpc<{ gasLimit: Hex }>(client, 'eth_getBlockByNumber', ['latest', false]);
  const pending = await rpc<{ baseFeePerGas?: Hex }>(client, 'eth_getBlockByNumber', ['pending', false]);
  await setAutomine(client, false);
  try {
    return await body();
  } finally {
    await dropAllTransactions(client);
    await setBlockGasLimit(client, BigInt(latest.gasLimit));
    if (pending.baseFeePerGas !== undefined) await setNextBaseFee(client, BigInt(pending.baseFeePerGas));
    await setAutomine(client, automine);
  }
}

/** The base fee of the next block (the pending block's), in wei: what the txpool checks fee caps against. */
export async function nextBaseFee(client: AnyClient): Promise<bigint> {
  const pending = await rpc<{ baseFeePerGas?: Hex }>(client, 'eth_getBlockByNumber', ['pending', false]);
  if (pending.baseFeePerGas === undefined) throw new Error('the chain has no base fee (not EIP-1559)');
  return BigInt(pending.baseFeePerGas);
}

/**
 * Fills blocks with better-paying transactions so that a low-tip one waits (the March 2020
 * condition). A block takes a transaction only if its gas limit fits the gas left; here each block
 * has room for one filler, or for the waiting transaction, never both:
 * - the block gas limit becomes `victimGas + 20_999` (the waiting transaction's gas limit still fits
 *   an empty block);
 * - `blocks` fillers are sent from `filler`: self-transfers using 21,000 gas, each with the whole
 *   block as its gas limit (so two never share a block). After one, `victimGas - 1` is left.
 * Anvil mines the higher fee cap first: while the fillers' `maxFeePerGas` is higher, the waiting
 * transaction stays pending; a replacement with a higher fee cap than theirs goes into the next block. Call it with automine off
 * (inside {@link withManualMining}, which restores the gas limit). Returns the fillers' hashes and
 * the block gas limit set.
 */
export async function congest(
  client: AnyClient,
  filler: WalletClient<Transport, Chain, Account>,
  { blocks, victimGas, maxFeePerGas, maxPriorityFeePerGas }: { blocks: number; victimGas: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
): Promise<{ hashes: Hash[]; blockGas: bigint }> {
  const blockGas = victimGas + 20_999n;
  await setBlockGasLimit(client, blockGas);
  const from = filler.account.address;
  const first = Number(BigInt(await rpc<Hex>(client, 'eth_getTransactionCount', [from, 'pending'])));
  const hashes: Hash[] = [];
  for (let i = 0; i < blocks; i++) {
    hashes.push(await filler.sendTransaction({ to: from, value: 0n, gas: blockGas, nonce: first + i, maxFeePerGas, maxPriorityFeePerGas }));
  }
  return { hashes, blockGas };
}
