/**
 * The `backstop` CLI: wiring, the error printer and exit codes (0 ok, 1 refused by the chain, 2 bad
 * input). The only module of the CLI that touches process.env, process.exit and the console, through
 * `Io`, so tests run it in-process.
 */
import password from '@inquirer/password';
import { Command, CommanderError, Option } from 'commander';
import { ChainRevertError } from '../chain/errors.js';
import type { PasswordPrompt } from '../config/keys.js';
import { CHAIN_KINDS, FIELDS, type ConfigKey } from '../config/schema.js';
import { BackstopError } from '../errors.js';
import type { CommandResult, Execute, Register, Standalone } from './command.js';
import { register as auctions } from './commands/auctions.js';
import { register as cancel } from './commands/cancel.js';
import { register as claim } from './commands/claim.js';
import { register as claimMkr } from './commands/claimMkr.js';
import { register as defect } from './commands/defect.js';
import { register as demo } from './commands/demo.js';
import { register as deploy } from './commands/deploy.js';
import { register as enlist } from './commands/enlist.js';
import { register as enter } from './commands/enter.js';
import { register as finalize } from './commands/finalize.js';
import { register as keeper } from './commands/keeper.js';
import { register as skim } from './commands/skim.js';
import { register as status } from './commands/status.js';
import { register as tiers } from './commands/tiers.js';
import { createContext } from './context.js';
import { refusal, toJson } from './output.js';

export const EXIT = { ok: 0, refused: 1, badInput: 2 } as const;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Asks for a keystore password; set only when stdin is a terminal (run() does). */
  prompt?: PasswordPrompt | undefined;
  /** Aborted on SIGINT or SIGTERM (run() wires the signals): the keeper stops gracefully. */
  shutdown?: AbortSignal | undefined;
  /** Standard error is a terminal (the demo's progress line is rewritten in place). */
  stderrIsTty?: boolean | undefined;
  /** Writes to standard error without a newline (a progress line); `stderr` is used when absent. */
  stderrRaw?: ((text: string) => void) | undefined;
}

// One command per line, reads first, then writes (in the order a contributor meets them).
const COMMANDS: Register[] = [
  tiers,
  status,
  auctions,
  enlist,
  defect,
  claim,
  claimMkr,
  cancel,
  enter,
  finalize,
  skim,
  deploy,
  keeper,
  demo,
];

/** Flags people reach for to hand over a key; keys never come from argv (shell history, `ps`). */
const KEY_FLAGS = /^--?(private-?key|pk|mnemonic|secret|password)(=|$)/i;

function flagName(key: ConfigKey): string {
  return FIELDS[key].flag;
}

/** One line: what was wrong, then what to do. Details (one line per problem) follow when there are several. */
export function describeError(error: unknown): { code: number; text: string } {
  if (error instanceof BackstopError) {
    const code = error.kind === 'input' ? EXIT.badInput : EXIT.refused;
    const head = error instanceof ChainRevertError && error.revert ? `${error.shortMessage.split(':')[0]}: ${refusal(error.revert)}` : error.shortMessage;
    const lines = [`error: ${head}${error.hint ? `. ${error.hint}` : ''}`];
    if (error.details) lines.push(...error.details.split('\n').map((l) => `  ${l}`));
    return { code, text: lines.join('\n') };
  }
  return { code: EXIT.refused, text: `error: ${(error as Error)?.message ?? String(error)}` };
}

export function buildProgram(io: Io, state: { code: number }): Command {
  const program = new Command('backstop')
    .description('Dai Backstop Syndicate: pooled DAI bidding in Maker debt auctions')
    .showHelpAfterError(false)
    .exitOverride()
    .option('--json', 'print JSON (amounts as integer strings, units in the key names)')
    .option('--config <file>', 'JSON file with any of the settings below (BACKSTOP_CONFIG)');
  for (const [key, doc] of Object.entries(FIELDS) as [ConfigKey, (typeof FIELDS)[ConfigKey]][]) {
    const valueName = key === 'chain' ? CHAIN_KINDS.join('|') : key === 'rpcUrl' ? 'url' : 'value';
    program.addOption(new Option(`${flagName(key)} <${valueName}>`, `${doc.description} (${doc.env})`));
  }

  const execute: Execute = async (body: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<CommandResult>) => {
    const opts = program.opts<Record<string, string | undefined> & { json?: boolean }>();
    const flags: Record<string, unknown> = {};
    for (const key of Object.keys(FIELDS)) if (opts[key] !== undefined) flags[key] = opts[key];
    const ctx = await createContext({ flags: { ...flags, config: opts.config }, env: io.env }, { prompt: io.prompt, stderr: io.stderr, shutdown: io.shutdown });
    const result = await body(ctx);
    io.stdout(opts.json ? toJson(result.json) : result.text);
    state.code = EXIT.ok;
  };
  const standalone: Standalone = async (body) => {
    const opts = program.opts<{ json?: boolean }>();
    const result = await body({
      env: io.env,
      stderr: io.stderrRaw ?? ((t) => io.stderr(t.replace(/\n$/, ''))),
      stderrIsTty: io.stderrIsTty === true,
      shutdown: io.shutdown ?? new AbortController().signal,
      json: opts.json === true,
    });
    io.stdout(opts.json ? toJson(result.json) : result.text);
    state.code = EXIT.ok;
  };
  for (const register of COMMANDS) register(program, execute, standalone);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI on `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const keyFlag = argv.find((arg) => KEY_FLAGS.test(arg));
  if (keyFlag) {
    io.stderr(
      `error: ${keyFlag.split('=')[0]}: keys and passwords are never read from the command line (shell history, ps). ` +
        `export BACKSTOP_PRIVATE_KEY (or the variable ${FIELDS.keyEnv.flag} names), or use ${FIELDS.keystore.flag} with ${FIELDS.passwordFile.flag}`,
    );
    return EXIT.badInput;
  }
  const state = { code: EXIT.ok };
  const program = buildProgram(io, state);
  // Commander's own messages ("unknown option") go through writeErr; keep one line with a hint.
  const output = {
    writeOut: (s: string) => io.stdout(s.trimEnd()),
    writeErr: (s: string) => io.stderr(`${s.trim().split('\n')[0]}. Run backstop --help`),
  };
  for (const command of [program, ...program.commands]) command.configureOutput(output);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (argv.length === 0) {
      io.stderr('error: no command given. Run backstop --help');
      return EXIT.badInput;
    }
    return state.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
      return EXIT.badInput;
    }
    const { code, text } = describeError(error);
    io.stderr(text);
    return code;
  }
}

/**
 * A password prompt on a terminal (@inquirer/password): typed characters are masked, the prompt goes to
 * `output` (stderr, so `--json` on stdout stays clean).
 */
export function terminalPrompt(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): PasswordPrompt {
  return (message) => password({ message, mask: '*' }, { input, output });
}

/** The process entry point (bin/backstop.mjs). */
export async function run(): Promise<void> {
  // The first SIGINT or SIGTERM asks for a graceful stop; a second one gets Node's default (exit).
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const code = await main(process.argv.slice(2), {
      stdout: (t) => process.stdout.write(`${t}\n`),
      stderr: (t) => process.stderr.write(`${t}\n`),
      env: process.env,
      prompt: process.stdin.isTTY ? terminalPrompt(process.stdin, process.stderr) : undefined,
      shutdown: stop.signal,
      stderrIsTty: process.stderr.isTTY === true,
      stderrRaw: (t) => process.stderr.write(t),
    });
    process.exitCode = code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
