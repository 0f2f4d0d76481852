// backstop demo (make demo): Black Thursday replayed on a chain of its own (ts/src/demo/run.ts), the
// report written to --out. Needs no RPC URL or key: it starts Anvil, deploys, and stops it at the end.
import { Writable } from 'node:stream';
import { runDemo } from '../../demo/run.js';
import { demoSummaryText } from '../../demo/summary.js';
import { foundryBin } from '../../devchain/anvil.js';
import { InputError } from '../../errors.js';
import { FORK_MODES, runForkFlow, type ForkFlowSummary, type ForkMode } from '../../fork/index.js';
import { createLogger } from '../../log.js';
import { scenarioOutcome } from '../../demo/outcome.js';
import { parseDemoOptions, SCENARIOS } from '../../demo/scenarios.js';
import { formatUnit } from '../../units.js';
import type { Register } from '../command.js';

interface DemoFlags {
  scenario: string;
  members?: string;
  poolDai?: string;
  port?: string;
  dataDir?: string;
  out?: string;
  seed?: string;
  flips?: string;
  chainId?: string;
  fork?: string;
  forkBlock?: string;
}

function forkText(s: ForkFlowSummary): string {
  const a = s.auction;
  return [
    `fork (${s.mode}) of ${s.upstream} at block ${s.forkBlock}, chain id ${s.chainId}: Maker's contracts from ${s.addresses.sources.vat}`,
    ...s.governanceActions.map((line) => `  governance: ${line}`),
    `debt auction ${a.id}: ${formatUnit(a.lotAtKickWad, 'wad', 2)} MKR for ${formatUnit(a.bidRad, 'rad', 0)} DAI; ${a.ticks} tick(s) to ${formatUnit(a.lotAtEntryWad, 'wad', 2)} MKR, then the ${formatUnit(s.syndicate.limitWad, 'wad', 0)} DAI/MKR tier entered`,
    `the pool won ${formatUnit(s.pool.mkrWonWad, 'wad', 4)} MKR for ${formatUnit(s.pool.bidDaiWad, 'wad', 0)} DAI (MKR minted: ${formatUnit(s.pool.mkrMintedWad, 'wad', 4)})`,
    ...s.members.map((m) => `  member ${m.address}: enlisted ${formatUnit(m.enlistedDaiWad, 'wad', 2)} DAI, paid ${formatUnit(m.paidDaiWad, 'wad', 2)} DAI and ${formatUnit(m.paidMkrWad, 'wad', 4)} MKR`),
    `wall time ${(s.wallTimeMs / 1000).toFixed(1)} s; keeper: ${s.keeper.steps} steps`,
  ].join('\n');
}

export const register: Register = (program, _execute, standalone) => {
  program
    .command('demo')
    .description('replay Black Thursday on a local Anvil with the syndicate and its keeper live; write report/report.{json,html}')
    .option('--scenario <name>', `${Object.keys(SCENARIOS).join(' | ')}`, 'historical')
    .option('--members <n>', 'members who enlist (1-10000)', '129')
    .option('--pool-dai <dai>', 'DAI the members enlist in all', '400000')
    .option('--port <port>', "Anvil's port (0: any free one)", '0')
    .option('--data-dir <dir>', 'the March 2020 data (default: the repository\'s data/)')
    .option('--out <dir>', 'where the report goes', 'report')
    .option('--seed <n>', 'seed of the rivals\' timing and the congestion faults', '20200312')
    .option('--flips <n>', 'replay only the first N recorded flip auctions (a shortened run)')
    .option('--chain-id <id>', "the demo chain's id", '31340')
    .option('--fork <mode>', `instead: the debt-auction flow on an Anvil fork of mainnet (MAINNET_RPC_URL): ${FORK_MODES.filter((m) => m !== 'local').join(' | ')}`)
    .option('--fork-block <n>', 'the block to fork at (default: before the first debt auction for march-2020, the latest for recent)')
    .action((flags: DemoFlags) => {
      if (flags.fork !== undefined) {
        const mode = flags.fork as ForkMode;
        if (!FORK_MODES.includes(mode) || mode === 'local') {
          throw new InputError(`unknown fork mode "${flags.fork}"`, { hint: 'choose march-2020 (an archive node) or recent (make demo FORK=recent)' });
        }
        if (flags.forkBlock !== undefined && !/^\d+$/.test(flags.forkBlock)) throw new InputError(`--fork-block: "${flags.forkBlock}" is not a block number`);
        return standalone(async (io) => {
          const upstreamUrl = io.env.MAINNET_RPC_URL;
          if (!upstreamUrl) throw new InputError('fork mode needs MAINNET_RPC_URL', { hint: `export MAINNET_RPC_URL=<a mainnet RPC URL${mode === 'march-2020' ? ' of an archive node' : ''}> and run again` });
          const log = createLogger({
            level: io.json || io.env.CI ? 'warn' : 'info',
            destination: new Writable({ write: (chunk: Buffer, _e, done) => (io.stderr(chunk.toString()), done()) }),
          });
          const summary = await runForkFlow({
            anvilBin: foundryBin('anvil', io.env.ANVIL),
            upstreamUrl,
            mode,
            blockNumber: flags.forkBlock === undefined ? undefined : BigInt(flags.forkBlock),
            log,
            signal: io.shutdown,
          });
          return { json: summary, text: forkText(summary) };
        });
      }
      const options = parseDemoOptions({
        scenario: flags.scenario,
        members: flags.members,
        poolDai: flags.poolDai,
        port: flags.port,
        dataDir: flags.dataDir,
        out: flags.out,
        seed: flags.seed,
        flips: flags.flips,
        chainId: flags.chainId,
      });
      return standalone(async (io) => {
        const quiet = io.json || Boolean(io.env.CI);
        const result = await runDemo(options, {
          env: io.env,
          progress: quiet ? undefined : { write: (t) => io.stderr(t), tty: io.stderrIsTty },
          signal: io.shutdown,
        });
        const outcome = scenarioOutcome(result.report);
        const { badDebt } = result;
        const text = demoSummaryText(result);
        return {
          json: {
            scenario: options.scenario.name,
            report: result.written.json,
            html: result.written.html,
            keeperLog: result.keeperLog,
            badDebt,
            wallMs: Math.round(result.wallMs),
            steps: result.steps,
            outcome,
            allFinalized: result.allFinalized,
            rpcFaults: result.rpcFaults ?? null,
          },
          text,
        };
      });
    });
};
