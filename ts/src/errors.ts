/**
 * The package's one error class, shaped like viem's `BaseError`: a short message that fits on one
 * line, optional details, a hint saying what to do, and the cause. `kind` sorts errors for the CLI's
 * exit codes: `input` (bad flags, config or arguments: exit 2), `chain` (the chain refused: exit 1).
 */
export type ErrorKind = 'input' | 'chain' | 'internal';

export interface BackstopErrorOptions {
  kind?: ErrorKind;
  details?: string | undefined;
  hint?: string | undefined;
  cause?: unknown;
}

export class BackstopError extends Error {
  override name = 'BackstopError';
  readonly kind: ErrorKind;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;

  constructor(shortMessage: string, options: BackstopErrorOptions = {}) {
    super([shortMessage, options.details, options.hint].filter(Boolean).join('\n'), { cause: options.cause });
    this.kind = options.kind ?? 'internal';
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.hint = options.hint;
  }
}

/** Bad input: a flag, an environment variable, a config value or an argument. */
export class InputError extends BackstopError {
  override name = 'InputError';
  constructor(shortMessage: string, options: Omit<BackstopErrorOptions, 'kind'> = {}) {
    super(shortMessage, { ...options, kind: 'input' });
  }
}
