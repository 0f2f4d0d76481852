// backstop demo (make demo): Black Thursday replayed on a chain of its own (ts/src/demo/run.ts), the
// report written to --out. Needs no RPC URL or key: it starts Anvil, deploys, and stops it at the end.
import { runDemo } from '../../demo/run.js';
import { outcomeLines, scenarioOutcome } from '../../demo/outcome.js';
import { parseDemoOptions, SCENARIOS } from '../../demo/scenarios.js';
import { terminalSummary } from '../../report/terminal.js';
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
    .action((flags: DemoFlags) => {
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
        const text = [
          terminalSummary(result.report, { paths: { json: result.written.json, html: result.written.html } }).trimEnd(),
          '',
          ...outcomeLines(outcome),
          `bad debt after the flip auctions: ${formatUnit(badDebt.replayedRad, 'rad', 2)} DAI replayed, ${formatUnit(badDebt.fileRad, 'rad', 2)} DAI implied by the file (${(Number(badDebt.missPpm) / 1e4).toFixed(4)}%)`,
          `wall time ${(result.wallMs / 1000).toFixed(1)} s (${Object.entries(result.steps).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}); keeper log: ${result.keeperLog}`,
        ].join('\n');
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
