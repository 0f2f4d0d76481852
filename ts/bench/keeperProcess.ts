// A keeper in a process of its own, for the RSS benchmark (bench/keeper.ts starts it with an IPC
// channel). Built as `backstop keeper` builds it: the same options, the telemetry (metrics registry
// with prom-client's default metrics, the counted transport, the observer), logs as JSON lines on
// standard error, and its run loop (woken by new heads over a WebSocket URL). Only the CLI's commander
// and config parsing are left out.
//
//   node --expose-gc --import tsx bench/keeperProcess.ts '{"rpcUrl":"ws://...","deploymentsDir":"...","pollMs":2000}'
//
// Messages to the parent: {type:'step', block, live, sent} after each step; {type:'memory', ...}
// (process.memoryUsage() after a full GC when --expose-gc is on) when asked with {type:'memory'};
// {type:'stopped'} after {type:'stop'}.
import { privateKeyToAccount } from 'viem/accounts';
import { chainFor, createReadClient } from '../src/chain/clients.js';
import { readTierAddresses } from '../src/chain/factory.js';
import { resolveAddressBook } from '../src/config/addressBook.js';
import { Keeper, systemClock } from '../src/keeper/keeper.js';
import { createKeeperTelemetry } from '../src/keeper/telemetry.js';
import { createLogger } from '../src/log.js';
import { TEST_CHAIN_ID } from '../test/helpers/anvil.js';
import { KEEPER_KEY, keeperOptions } from './rig.js';

interface Args {
  rpcUrl: string;
  deploymentsDir: string;
  pollMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const send = (message: Record<string, unknown>) => process.send?.(message);
const book = resolveAddressBook({ chain: 'local', chainId: TEST_CHAIN_ID, deploymentsDir: args.deploymentsDir });
const account = privateKeyToAccount(KEEPER_KEY);
const log = createLogger({ level: 'info' }).child({ module: 'keeper' });
const options = keeperOptions(book, args.pollMs);
const telemetry = createKeeperTelemetry({
  log,
  book,
  account: account.address,
  settings: { metrics: undefined, maxLagBlocks: 3, stallSeconds: options.stallSeconds, minBalanceWei: options.minBalanceWei },
  startedAtMs: systemClock.nowMs(),
});
const client = createReadClient(args.rpcUrl, chainFor('local', TEST_CHAIN_ID), telemetry.wrapTransport);
let sent = 0;
const keeper = new Keeper({
  client,
  account,
  log,
  clock: systemClock,
  maker: { flop: book.maker.flop, vow: book.maker.vow, vat: book.maker.vat },
  tiers: () => readTierAddresses(client, { factory: book.factory! }),
  options,
  observer: {
    ...telemetry.observer,
    onTx(event) {
      telemetry.observer.onTx?.(event);
      if (event.type === 'sent') sent++;
    },
    onStep(report) {
      telemetry.observer.onStep?.(report);
      send({ type: 'step', block: report.head.number.toString(), live: report.liveAuctions, sent });
    },
  },
});
telemetry.attach(keeper);

const shutdown = new AbortController();
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') shutdown.abort();
  if (message.type === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    send({ type: 'memory', gc: gc !== undefined, ...process.memoryUsage() });
  }
});
process.on('disconnect', () => shutdown.abort());

await keeper.run(shutdown.signal);
send({ type: 'stopped' });
process.disconnect?.();
