import type { Command } from 'commander';
import type { Context } from './context.js';

/** What a command returns: data for `--json` (bigints kept, units in the key names) and text for humans. */
export interface CommandResult {
  json: unknown;
  text: string;
}

/** Runs a command's body with the context built from the global options, and prints its result. */
export type Execute = (body: (ctx: Context) => Promise<CommandResult>) => Promise<void>;

/** What a command that needs no chain context gets (the demo starts its own chain). */
export interface StandaloneIo {
  env: Record<string, string | undefined>;
  /** One line to standard error (progress). */
  stderr: (text: string) => void;
  /** Standard error is a terminal (progress may rewrite one line). */
  stderrIsTty: boolean;
  /** Aborted on SIGINT or SIGTERM. */
  shutdown: AbortSignal;
  /** `--json` was given. */
  json: boolean;
}

/** Runs a command's body without a chain context (no RPC URL, no address book), and prints its result. */
export type Standalone = (body: (io: StandaloneIo) => Promise<CommandResult>) => Promise<void>;

export type Register = (program: Command, execute: Execute, standalone: Standalone) => void;
