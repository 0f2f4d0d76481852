// A keeper for the benchmarks, built as `backstop keeper` builds it (src/cli/commands/keeper.ts: the
// same options, its telemetry's request counter around the transport), with what it sends and how many
// bytes each JSON-RPC request and answer carries tallied per method.
import { Writable } from 'node:stream';
import type { Chain, Hex, Transport } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createReadClient } from '../src/chain/clients.js';
import { readTierAddresses } from '../src/chain/factory.js';
import type { AddressBook } from '../src/config/addressBook.js';
import { Keeper, systemClock, type KeeperObserver, type KeeperOptions } from '../src/keeper/keeper.js';
import { createKeeperMetrics, withRpcMetrics, type KeeperMetrics } from '../src/keeper/metrics.js';
import { DEFAULT_PLANNER_OPTIONS } from '../src/keeper/planner.js';
import { DEFAULT_FEE_POLICY } from '../src/keeper/txManager.js';
import { createLogger } from '../src/log.js';

/** Anvil's default account 3: the keeper (as in test/helpers/keeperHarness.ts). A development key only. */
export const KEEPER_KEY: Hex = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
/** Anvil's default account 4: the contributor who funds the tiers. A development key only. */
export const CONTRIBUTOR_KEY: Hex = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';

/** The options `backstop keeper` uses with its defaults (fee caps 300 and 3 gwei), `pollMs` given. */
export function keeperOptions(book: Pick<AddressBook, 'fromBlock'>, pollMs: number): KeeperOptions {
  return {
    planner: DEFAULT_PLANNER_OPTIONS,
    fees: { ...DEFAULT_FEE_POLICY, maxFeePerGasWei: 300n * 10n ** 9n, maxPriorityFeePerGasWei: 3n * 10n ** 9n },
    dryRun: false,
    fromBlock: book.fromBlock,
    pageSize: 10_000n,
    pollMs,
    stallSeconds: 120,
    minBalanceWei: 10n ** 17n,
    tierRefreshBlocks: 256n,
  };
}

/** Requests and bytes per JSON-RPC method (request `params` and answer `result`, as JSON). */
export class RpcTally {
  readonly byMethod = new Map<string, { requests: number; requestBytes: number; responseBytes: number }>();

  note(method: string, requestBytes: number, responseBytes: number): void {
    const entry = this.byMethod.get(method) ?? { requests: 0, requestBytes: 0, responseBytes: 0 };
    entry.requests++;
    entry.requestBytes += requestBytes;
    entry.responseBytes += responseBytes;
    this.byMethod.set(method, entry);
  }

  /** A copy, to diff against later. */
  snapshot(): Map<string, { requests: number; requestBytes: number; responseBytes: number }> {
    return new Map([...this.byMethod].map(([m, e]) => [m, { ...e }]));
  }

  /** What was tallied since `before`, per method (methods with no request left out). */
  since(before: ReturnType<RpcTally['snapshot']>): Map<string, { requests: number; requestBytes: number; responseBytes: number }> {
    const out = new Map<string, { requests: number; requestBytes: number; responseBytes: number }>();
    for (const [method, now] of this.byMethod) {
      const was = before.get(method) ?? { requests: 0, requestBytes: 0, responseBytes: 0 };
      const d = { requests: now.requests - was.requests, requestBytes: now.requestBytes - was.requestBytes, responseBytes: now.responseBytes - was.responseBytes };
      if (d.requests > 0) out.set(method, d);
    }
    return out;
  }
}

const jsonLength = (value: unknown) => JSON.stringify(value ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).length;

/** `transport`, with each request's method and sizes noted in `tally` once it answered. */
export function tallied<T extends Transport>(transport: T, tally: RpcTally): T {
  return ((parameters: Parameters<T>[0]) => {
    const built = transport(parameters);
    const request: typeof built.request = async (args, options) => {
      const result: unknown = await built.request(args, options);
      tally.note(args.method, jsonLength(args.params), jsonLength(result));
      return result as never;
    };
    return { ...built, request };
  }) as T;
}

/** Sums a prom-client counter's series per label value of `label`. */
export async function counterByLabel(counter: KeeperMetrics['rpcRequests'], label: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const v of (await counter.get()).values) {
    const key = String(v.labels[label as keyof typeof v.labels] ?? '');
    out.set(key, (out.get(key) ?? 0) + v.value);
  }
  return out;
}

/** A keeper on `rpcUrl` with its requests counted (metrics) and tallied (bytes), logging nowhere. */
export function benchKeeper({ rpcUrl, chain, book, pollMs, observer, logToStderr = false }: { rpcUrl: string; chain: Chain; book: AddressBook; pollMs: number; observer?: KeeperObserver; logToStderr?: boolean }) {
  const tally = new RpcTally();
  const metrics = createKeeperMetrics({ defaultMetrics: false });
  const client = createReadClient(rpcUrl, chain, (t) => withRpcMetrics(tallied(t, tally), metrics));
  const discard = new Writable({ write: (_chunk, _enc, done) => done() });
  const log = createLogger({ level: 'info', ...(logToStderr ? {} : { destination: discard }) }).child({ module: 'keeper' });
  const keeper = new Keeper({
    client,
    account: privateKeyToAccount(KEEPER_KEY),
    log,
    clock: systemClock,
    maker: { flop: book.maker.flop, vow: book.maker.vow, vat: book.maker.vat },
    tiers: () => readTierAddresses(client, { factory: book.factory! }),
    options: keeperOptions(book, pollMs),
    ...(observer ? { observer } : {}),
  });
  return { keeper, tally, metrics, client };
}
