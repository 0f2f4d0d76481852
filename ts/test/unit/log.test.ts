// The logger writing into an in-memory stream: the shape of a line, bigints as decimal strings,
// secrets redacted, URLs censored wherever they appear, levels, the pretty form, and censorUrl itself.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { censorUrl, censorUrlsInText, createLogger, prettyLine, REDACTED, toLoggable, type LogLevel } from '../../src/log.js';

const INFURA_KEY = '0123456789abcdef0123456789abcdef';
const ALCHEMY_KEY = 'Xy3_kq9ZtLmN0pQrStUvWx-1aBcDeFgH';

/** A logger writing into an array of raw lines, and the lines parsed. */
function memoryLogger(level: LogLevel = 'info', pretty = false) {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      raw.push(String(chunk));
      callback();
    },
  });
  const log = createLogger({ level, destination, pretty });
  const lines = () => raw.join('').split('\n').filter(Boolean);
  const records = () => lines().map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, raw, lines, records };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level label, ISO time, pid, module and event', () => {
    const { log, records, lines } = memoryLogger();
    log.child({ module: 'keeper.tx' }).info({ event: 'keeper.entered', id: 12 }, 'entered auction 12');
    log.info('no module');
    expect(lines()).toHaveLength(2);
    const [first, second] = records();
    expect(first).toMatchObject({ level: 'info', pid: process.pid, module: 'keeper.tx', event: 'keeper.entered', id: 12, msg: 'entered auction 12' });
    expect(first!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(first).not.toHaveProperty('hostname');
    expect(second).not.toHaveProperty('module');
  });

  it('writes nothing below its level, and everything at or above it', () => {
    const { log, records } = memoryLogger('warn');
    log.debug({ event: 'a.debug' });
    log.info({ event: 'a.info' });
    log.warn({ event: 'a.warn' });
    log.error({ event: 'a.error' });
    expect(records().map((r) => r.event)).toEqual(['a.warn', 'a.error']);
    const debug = memoryLogger('debug');
    debug.log.debug({ event: 'a.debug' });
    expect(debug.records().map((r) => r.level)).toEqual(['debug']);
  });

  it('writes bigints as exact decimal strings, at any depth, in bindings and in errors', () => {
    const { log, records, lines } = memoryLogger();
    const bidRad = 10n ** 45n * 1_000n + 1n; // far beyond a double's 53 bits
    const error = Object.assign(new Error('refused'), { lotWad: 7n });
    log
      .child({ module: 'keeper', tierWad: 250n * 10n ** 18n })
      .child({ nonce: 3n })
      .info({ event: 'keeper.entered', id: 12n, nested: { bidRad, list: [1n, { lotWad: 2n }] }, err: error });
    const [record] = records();
    expect(record).toMatchObject({
      tierWad: '250000000000000000000',
      nonce: '3',
      id: '12',
      nested: { bidRad: bidRad.toString(), list: ['1', { lotWad: '2' }] },
      err: { type: 'Error', message: 'refused', lotWad: '7' },
    });
    // No bare number anywhere: the exact digits are quoted.
    expect(lines()[0]).toContain(`"bidRad":"${bidRad}"`);
    expect(lines()[0]).not.toMatch(/:1000000000000000000000000000000000000000000000001[,}]/);
  });

  it('redacts keys, passwords, mnemonics and authorization headers, at the top and one level down', () => {
    const { log, records, lines } = memoryLogger();
    const secrets = {
      privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
      password: 'hunter2-password',
      key: 'top-level-key-value',
      mnemonic: 'test test test test test test test test test test test junk',
      headers: { authorization: 'Bearer sekrit-token' },
      signer: { privateKey: '0xdeadbeef-signer', password: 'nested-password', key: 'nested-key-value', mnemonic: 'nested mnemonic words' },
      request: { headers: { authorization: 'Basic dXNlcjpwYXNz' } },
    };
    log.info({ event: 'config.loaded', account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', ...secrets });
    const [record] = records();
    expect(record).toMatchObject({
      account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      privateKey: REDACTED,
      password: REDACTED,
      key: REDACTED,
      mnemonic: REDACTED,
      headers: { authorization: REDACTED },
      signer: { privateKey: REDACTED, password: REDACTED, key: REDACTED, mnemonic: REDACTED },
      request: { headers: { authorization: REDACTED } },
    });
    for (const secret of ['0xac0974bec', 'hunter2', 'top-level-key', 'test junk', 'sekrit', 'deadbeef', 'nested-password', 'nested-key', 'nested mnemonic', 'dXNlcjpwYXNz']) {
      expect(lines()[0]).not.toContain(secret);
    }
  });

  it('censors RPC URLs in fields, arrays, messages, interpolations and errors', () => {
    const { log, lines, records } = memoryLogger();
    const infura = `https://mainnet.infura.io/v3/${INFURA_KEY}`;
    const alchemy = `wss://eth-mainnet.g.alchemy.com/v2/${ALCHEMY_KEY}`;
    const basic = 'https://keeper:pa55word@node.example.org:8545/rpc?apikey=q-token-1';
    log.info({ event: 'rpc.connected', rpcUrl: infura, rpcUrls: [alchemy, basic], nested: { url: basic } }, `connected to ${infura}`);
    log.warn({ event: 'rpc.failed' }, 'retrying %s', alchemy);
    const error = new Error(`HTTP request failed.\n\nURL: ${infura}\nRequest body: {}`, { cause: new Error(`socket closed (${basic})`) });
    log.error({ event: 'rpc.failed', err: error });
    log.error(error);
    const text = lines().join('\n');
    for (const secret of [INFURA_KEY, ALCHEMY_KEY, 'pa55word', 'q-token-1', 'keeper:']) expect(text).not.toContain(secret);
    const [first, second, third, fourth] = records();
    expect(first).toMatchObject({
      rpcUrl: 'https://mainnet.infura.io/v3/***',
      rpcUrls: ['wss://eth-mainnet.g.alchemy.com/v2/***', 'https://***@node.example.org:8545/rpc?apikey=***'],
      nested: { url: 'https://***@node.example.org:8545/rpc?apikey=***' },
      msg: 'connected to https://mainnet.infura.io/v3/***',
    });
    expect(second!.msg).toBe('retrying wss://eth-mainnet.g.alchemy.com/v2/***');
    const err = third!.err as { message: string; stack: string };
    expect(err.message).toContain('URL: https://mainnet.infura.io/v3/***');
    expect(err.message).toContain('socket closed (https://***@node.example.org:8545/rpc?apikey=***)');
    expect(err.stack).toContain('caused by: Error: socket closed');
    // An error logged alone: its message becomes the line's msg, censored too.
    expect(fourth!.msg).toContain('URL: https://mainnet.infura.io/v3/***');
  });

  it('survives cycles and keeps Dates as JSON does', () => {
    const { log, records } = memoryLogger();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    log.info({ event: 'test.cycle', loop, at: new Date(0) });
    expect(records()[0]).toMatchObject({ loop: { name: 'loop', self: '[Circular]' }, at: '1970-01-01T00:00:00.000Z' });
  });

  it('writes human lines when pretty, with the same redaction', () => {
    const { log, lines } = memoryLogger('info', true);
    log.child({ module: 'keeper' }).info({ event: 'keeper.entered', id: 12n, privateKey: '0xsecret', rpcUrl: `https://mainnet.infura.io/v3/${INFURA_KEY}` }, 'entered');
    const [line] = lines();
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  \[keeper\] keeper\.entered entered id=12 privateKey=\[Redacted\] rpcUrl=https:\/\/mainnet\.infura\.io\/v3\/\*\*\*$/);
  });
});

describe('prettyLine', () => {
  it('formats a record and passes non-JSON through', () => {
    const line = JSON.stringify({ level: 'warn', time: '2026-01-02T03:04:05.678Z', pid: 1, module: 'ops', event: 'ops.started', msg: 'up', url: 'http://127.0.0.1:9464', n: { a: 1 } });
    expect(prettyLine(line)).toBe('03:04:05.678 WARN  [ops] ops.started up url=http://127.0.0.1:9464 n={"a":1}');
    expect(prettyLine('not json')).toBe('not json');
  });
});

describe('censorUrl', () => {
  it.each([
    ['http://127.0.0.1:8545', 'http://127.0.0.1:8545'],
    ['http://127.0.0.1:8545/', 'http://127.0.0.1:8545/'],
    ['ws://localhost:8546', 'ws://localhost:8546'],
    [`https://mainnet.infura.io/v3/${INFURA_KEY}`, 'https://mainnet.infura.io/v3/***'],
    [`wss://mainnet.infura.io/ws/v3/${INFURA_KEY}`, 'wss://mainnet.infura.io/ws/v3/***'],
    [`https://eth-mainnet.g.alchemy.com/v2/${ALCHEMY_KEY}`, 'https://eth-mainnet.g.alchemy.com/v2/***'],
    [`https://rpc.ankr.com/eth/${'ab'.repeat(32)}`, 'https://rpc.ankr.com/eth/***'],
    ['https://sleek-snow.quiknode.pro/3f2a9c0d1e4b5a6978c0/', 'https://sleek-snow.quiknode.pro/***/'],
    ['https://user:secret@node.example:8545/', 'https://***@node.example:8545/'],
    ['https://user@node.example/', 'https://***@node.example/'],
    ['https://node.example/rpc?apikey=abc&network=main&apikey=def', 'https://node.example/rpc?apikey=***&network=***'],
    ['https://node.example/mainnet/archive#token=xyz', 'https://node.example/mainnet/archive'],
    ['not a url at all', '***'],
    ['0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', '***'],
    ['mailto:secret@example.org', 'mailto:***'],
  ])('%s -> %s', (input, expected) => {
    expect(censorUrl(input)).toBe(expected);
  });

  it('keeps ordinary path words, even long ones without digits', () => {
    expect(censorUrl('https://node.example/ethereum-mainnet/rpc/v1')).toBe('https://node.example/ethereum-mainnet/rpc/v1');
  });

  it('censors every URL inside a text and leaves sentence punctuation outside', () => {
    const text = `failed (https://a:b@h.example/x). Then URL: https://mainnet.infura.io/v3/${INFURA_KEY}, gave up.`;
    expect(censorUrlsInText(text)).toBe('failed (https://***@h.example/x). Then URL: https://mainnet.infura.io/v3/***, gave up.');
    expect(censorUrlsInText('no url here')).toBe('no url here');
  });
});

describe('toLoggable', () => {
  it('copies without touching the input', () => {
    const input = { a: 1n, b: [2n], c: 'x' };
    expect(toLoggable(input)).toEqual({ a: '1', b: ['2'], c: 'x' });
    expect(input).toEqual({ a: 1n, b: [2n], c: 'x' });
  });
});
