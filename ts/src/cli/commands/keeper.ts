/**
 * `backstop keeper`: runs the tiers (every tier of the factory, or `--tiers`) until SIGINT or SIGTERM.
 * Logs are JSON lines on standard error (pino); `/metrics` and `/healthz` listen on `--metrics`.
 */
import { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { chainFor, createReadClient } from '../../chain/clients.js';
import { KEEPER_FIELDS, loadKeeperConfig, type KeeperConfigKey } from '../../config/keeper.js';
import { Keeper, systemClock } from '../../keeper/keeper.js';
import { DEFAULT_PLANNER_OPTIONS } from '../../keeper/planner.js';
import { createKeeperTelemetry } from '../../keeper/telemetry.js';
import { DEFAULT_FEE_POLICY } from '../../keeper/txManager.js';
import { createLogger, type LogLevel } from '../../log.js';
import type { Register } from '../command.js';

export const register: Register = (program, execute) => {
  const command: Command = program
    .command('keeper')
    .description('run the keeper: enter auctions, re-enter when outbid, finalize (a closing round first), tick, optionally claim for requesters (until SIGINT/SIGTERM)');
  for (const doc of Object.values(KEEPER_FIELDS)) {
    const option = new Option(doc.boolean ? doc.flag : `${doc.flag} <value>`, `${doc.description} (${doc.env})`);
    command.addOption(option);
  }
  command.action(async (opts: Record<string, unknown>) => {
    await execute(async (ctx) => {
      const flags: Partial<Record<KeeperConfigKey, unknown>> = {};
      for (const key of Object.keys(KEEPER_FIELDS) as KeeperConfigKey[]) if (opts[key] !== undefined) flags[key] = opts[key];
      const settings = loadKeeperConfig({ flags, env: ctx.env, file: ctx.configFile });
      const { book, config } = ctx;
      const account = await ctx.account();
      const log = createLogger({
        level: settings.logLevel as LogLevel,
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            for (const line of chunk.toString().split('\n')) if (line) ctx.stderr(line);
            done();
          },
        }),
      });
      const telemetry = createKeeperTelemetry({ log, book, account: account.address, settings, startedAtMs: systemClock.nowMs() });
      const client = createReadClient(config.rpcUrl, chainFor(config.chain, book.chainId, book.maker.multicall3), telemetry.wrapTransport);
      const fromBlock = settings.fromBlock ?? book.fromBlock ?? 0n;
      const keeper = new Keeper({
        client,
        account,
        log,
        clock: systemClock,
        maker: { flop: book.maker.flop, vow: book.maker.vow, vat: book.maker.vat },
        tiers: () => ctx.tiers(),
        options: {
          planner: { ...DEFAULT_PLANNER_OPTIONS, bid: settings.bid, tick: settings.tick, vow: settings.vow, claim: settings.claim },
          fees: {
            ...DEFAULT_FEE_POLICY,
            maxFeePerGasWei: config.maxFeePerGasWei,
            maxPriorityFeePerGasWei: config.maxPriorityFeePerGasWei,
            bumpAfterBlocks: settings.bumpAfterBlocks,
            bumpAfterMs: settings.bumpAfterMs,
          },
          dryRun: settings.dryRun,
          fromBlock,
          pageSize: 10_000n,
          pollMs: settings.pollMs,
          stallSeconds: settings.stallSeconds,
          minBalanceWei: settings.minBalanceWei,
          tierRefreshBlocks: 256n,
        },
        observer: telemetry.observer,
      });
      telemetry.attach(keeper);
      const ops = await telemetry.listen();
      if (ops) log.info({ event: 'keeper.ops', url: ops.url }, `metrics at ${ops.url}/metrics, health at ${ops.url}/healthz`);
      try {
        await keeper.run(ctx.shutdown);
      } finally {
        await ops?.close();
      }
      const health = keeper.health();
      return {
        json: { stopped: true, processedBlock: health.processedBlock, pendingTxs: keeper.txs.inFlight().length },
        text: `keeper stopped after block ${health.processedBlock ?? 'none'}; ${keeper.txs.inFlight().length} transaction(s) still pending`,
      };
    });
  });
};
