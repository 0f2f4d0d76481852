import type { Command } from 'commander';
import type { Context } from './context.js';

/** What a command returns: data for `--json` (bigints kept, units in the key names) and text for humans. */
export interface CommandResult {
  json: unknown;
  text: string;
}

/** Runs a command's body with the context built from the global options, and prints its result. */
export type Execute = (body: (ctx: Context) => Promise<CommandResult>) => Promise<void>;

export type Register = (program: Command, execute: Execute) => void;
