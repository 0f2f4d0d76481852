/**
 * The package's logger: pino, writing one JSON object per line.
 *
 * Every line carries `level` (a label: `info`, `warn`...), `time` (ISO 8601, UTC), `pid`, and, from a
 * child logger, `module` (`logger.child({ module: 'keeper.tx' })`). What happened is named in the field
 * `event`, as `module.verb` (`keeper.entered`, `keeper.finalize.skipped`):
 *
 * ```ts
 * const log = createLogger({ level: 'debug' }).child({ module: 'keeper' });
 * log.info({ event: 'keeper.entered', id: 12n, bidRad }, 'entered auction 12');
 * ```
 *
 * What the logger does to a line before it is written:
 * - a `bigint`, at any depth, becomes its decimal string (`"1000000000000000000"`): JSON has no
 *   bigint, and pino would otherwise write it as a bare number that JSON parsers round to a double;
 * - an `Error`, at any depth, becomes `{ type, message, stack, ...its own fields }` (pino's error
 *   serializer, causes included);
 * - every URL inside any string (messages, fields, error messages and stacks) goes through
 *   {@link censorUrl}: RPC URLs carry API keys in their user-info, query or path;
 * - the fields named in {@link REDACTED_PATHS} (private keys, passwords, mnemonics, authorization
 *   headers) are replaced by `[Redacted]`.
 *
 * This module may touch `process` (the pid, the standard streams): see the package's boundaries.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';

/** The logger type every module takes (a pino logger; `child()` gives another). */
export type Logger = pino.Logger;

/** Levels, most to least severe; `silent` logs nothing. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The name of a log event: `module.verb`, e.g. `keeper.entered` (the field `event` of a line). */
export type LogEvent = `${string}.${string}`;

/** Where a logger writes: anything with `write(line: string)`, e.g. a `Writable` or `pino.destination()`. */
export type LogDestination = pino.DestinationStream | NodeJS.WritableStream;

export interface CreateLoggerOptions {
  /** The lowest level written; `info` unless given. */
  level?: LogLevel | undefined;
  /**
   * Where lines go. Unless given: standard error (fd 2), synchronously, so that the standard output
   * of a CLI stays free for its results (`--json`) and no line is lost at exit.
   */
  destination?: LogDestination | undefined;
  /**
   * Human-readable lines (`12:00:01.042 INFO  [keeper] keeper.entered entered auction 12 id=12`)
   * instead of JSON, for a terminal. The same redaction applies: the JSON line is made first, then
   * rewritten.
   */
  pretty?: boolean | undefined;
}

/** What the logger writes in place of a redacted value. */
export const REDACTED = '[Redacted]';

/**
 * Fields whose values are never written (pino redaction paths: `*` is any one key). Keys and
 * passwords at the top level and one level down, and authorization headers.
 */
export const REDACTED_PATHS: readonly string[] = [
  'privateKey',
  'password',
  'key',
  'mnemonic',
  'secret',
  'headers.authorization',
  'headers.Authorization',
  '*.privateKey',
  '*.password',
  '*.key',
  '*.mnemonic',
  '*.secret',
  '*.headers.authorization',
  '*.headers.Authorization',
];

/** What {@link censorUrl} writes in place of a credential or token. */
export const CENSORED = '***';

/**
 * A path segment that looks like an API key: at least 16 characters of `[A-Za-z0-9_-]` with a digit
 * in it, or at least 24 of them (Infura's 32 hex digits, Alchemy's 32 characters, Ankr's 64, a
 * QuickNode token). Words such as `v3`, `eth`, `mainnet` or `rpc` are kept.
 */
function isTokenLike(segment: string): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return false;
  return (segment.length >= 16 && /\d/.test(segment)) || segment.length >= 24;
}

/**
 * A URL with its secrets replaced by `***`, for logs and messages.
 *
 * Kept: the scheme, the host and port, the path's ordinary segments, and the names of query
 * parameters. Replaced: user-info (`user:pass@` becomes `***@`), every query value, and every path
 * segment that looks like an API key (see above). The fragment is dropped. A string that does not
 * parse as a URL is replaced whole by `***`, since it cannot be told safe.
 *
 * @example
 * censorUrl('https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef') // 'https://mainnet.infura.io/v3/***'
 * censorUrl('https://user:pw@node.example:8545/rpc?apikey=s3cret')            // 'https://***@node.example:8545/rpc?apikey=***'
 * censorUrl('http://127.0.0.1:8545')                                         // 'http://127.0.0.1:8545'
 */
export function censorUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return CENSORED;
  }
  // Opaque URLs (mailto:, data:...) have no host: nothing in them can be told safe.
  if (parsed.host === '') return `${parsed.protocol}${CENSORED}`;
  const userInfo = parsed.username !== '' || parsed.password !== '' ? `${CENSORED}@` : '';
  let path = parsed.pathname
    .split('/')
    .map((segment) => (isTokenLike(safeDecode(segment)) ? CENSORED : segment))
    .join('/');
  // `new URL('http://host:1')` reads the path as `/`: keep the URL as it was written.
  if (path === '/' && !/^[^?#]*?:\/\/[^/?#]*\//.test(url)) path = '';
  const names = [...new Set(parsed.searchParams.keys())];
  const query = names.length > 0 ? `?${names.map((name) => `${encodeURIComponent(name)}=${CENSORED}`).join('&')}` : '';
  return `${parsed.protocol}//${userInfo}${parsed.host}${path}${query}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// A URL inside free text: a scheme, `://`, then anything up to white space or a quote.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/**
 * The text with every URL in it passed through {@link censorUrl} (error messages quote the RPC URL
 * they failed on: viem's `URL: https://...` lines). Punctuation that ends a sentence after a URL
 * (`.,;:)]}`) is left outside it.
 */
export function censorUrlsInText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (match) => {
    const trailing = /[.,;:)\]}]+$/.exec(match)?.[0] ?? '';
    const url = trailing ? match.slice(0, -trailing.length) : match;
    return censorUrl(url) + trailing;
  });
}

const MAX_DEPTH = 12;

/**
 * A copy of a log object that JSON can hold: bigints become decimal strings, errors become pino's
 * serialized errors, strings have their URLs censored ({@link censorUrlsInText}). Plain objects and
 * arrays are copied; other objects (Dates, Buffers...) are kept as they are, for JSON.stringify.
 * Cycles become `"[Circular]"`; below 12 levels, `"[Too deep]"`.
 */
export function toLoggable(value: unknown): unknown {
  return walk(value, new WeakSet(), 0);
}

function walk(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'string':
      return censorUrlsInText(value);
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  if (value instanceof Error) {
    seen.add(value);
    return walk(pino.stdSerializers.err(value), seen, depth);
  }
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => walk(item, seen, depth + 1));
  }
  // Plain objects only (pino's serialized errors are plain too: their prototype's constructor is
  // Object); Dates, Buffers, Maps and class instances are left to JSON.stringify.
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  if (proto !== null && proto.constructor !== Object) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[key] = walk((value as Record<string, unknown>)[key], seen, depth + 1);
  }
  return out;
}

/** The pino options this package uses (exported for tests and for a caller that builds its own pino). */
export function loggerOptions(level: LogLevel = 'info'): pino.LoggerOptions {
  return {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => toLoggable(bindings) as Record<string, unknown>,
      log: (object) => toLoggable(object) as Record<string, unknown>,
    },
    // The `log` formatter above has already turned errors into plain objects; pino's own `err`
    // serializer would read one of those as an error again and rename its type.
    serializers: { err: (value: unknown) => (value instanceof Error ? toLoggable(value) : value) },
    hooks: {
      // Censor URLs in the message strings too (the `log` formatter only sees the object). Without a
      // message, pino takes the error's own message, raw: give it the censored one instead.
      logMethod(args, method) {
        const censored = args.map((arg) => (typeof arg === 'string' ? censorUrlsInText(arg) : arg)) as unknown[];
        const [first, second] = censored;
        if (typeof second !== 'string' && typeof first === 'object' && first !== null) {
          const error = first instanceof Error ? first : (first as { err?: unknown }).err;
          if (error instanceof Error) censored.splice(1, 0, censorUrlsInText(error.message));
        }
        method.apply(this, censored as Parameters<typeof method>);
      },
    },
  };
}

/**
 * The root logger. JSON lines unless `pretty`; standard error unless a destination is given. Take
 * a child per module: `createLogger().child({ module: 'keeper.tx' })`.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const { level = 'info', destination, pretty = false } = options;
  const target: LogDestination = destination ?? (pretty ? process.stderr : pino.destination({ dest: 2, sync: true }));
  const stream = pretty ? prettyStream(target) : target;
  const root = pino(loggerOptions(level), stream as pino.DestinationStream);
  // pino passes a child's bindings through no formatter (`formatters.bindings` sees only `base`), so
  // a bigint binding would be written as a bare number: convert them here. Children are created with
  // Object.create(parent), so they and their own children inherit this `child`.
  type ChildFn = (this: unknown, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => unknown;
  const original = (Object.getPrototypeOf(root) as { child: ChildFn }).child;
  const child: ChildFn = function (this: unknown, bindings, childOptions) {
    return original.call(this, toLoggable(bindings) as pino.Bindings, childOptions);
  };
  (root as unknown as { child: ChildFn }).child = child;
  return root;
}

const PRETTY_SKIP = new Set(['level', 'time', 'pid', 'hostname', 'module', 'event', 'msg']);

/**
 * One JSON log line as one human line: `HH:MM:SS.mmm LEVEL [module] event message key=value...`.
 * Values that are not strings are written as JSON. A line that is not JSON is returned unchanged.
 */
export function prettyLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const level = String(record.level ?? '').toUpperCase().padEnd(5);
  const parts = [time, level];
  if (record.module !== undefined) parts.push(`[${String(record.module)}]`);
  if (record.event !== undefined) parts.push(String(record.event));
  if (record.msg !== undefined) parts.push(String(record.msg));
  for (const [key, value] of Object.entries(record)) {
    if (PRETTY_SKIP.has(key)) continue;
    parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.filter((part) => part !== '').join(' ');
}

/** A stream that takes JSON lines and writes {@link prettyLine}s to `target`. */
function prettyStream(target: LogDestination): Writable {
  let pending = '';
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line !== '') target.write(`${prettyLine(line)}\n`);
        newline = pending.indexOf('\n');
      }
      callback();
    },
  });
}
