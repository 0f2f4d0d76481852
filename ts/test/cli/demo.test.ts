// `backstop demo` refusing bad input, in-process (main() with captured output): exit 2, one line on
// stderr that says what was wrong and what to do, nothing on stdout, and nothing started. A watcher
// polls /proc while the command runs: no child process of this worker and no process with the demo's
// chain id may appear (and if one does, the demo is interrupted so the test fails fast).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FLIP_COLUMNS } from '../../src/replay/data.js';
import { DEFAULT_DATA_DIR } from '../../src/replay/market.js';

const FLIP_FILE = 'march-2020/flip-eth-a-kicked-2020-03-12-to-13.csv';
/** A chain id no other test uses, so a process carrying it can only be this file's demo. */
const CHAIN_ID = String(41_000 + (process.pid % 20_000));

/** Every process: its parent and its command line (arguments joined by spaces). */
function processes(): Map<number, { ppid: number; cmd: string }> {
  const out = new Map<number, { ppid: number; cmd: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.set(Number(name), { ppid, cmd });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * Watches /proc every 10 ms for a new child of this process or any process whose command line carries
 * `--chain-id <CHAIN_ID>`; calls `onSeen` for the first one. `stop()` returns what was seen.
 */
function watchProcesses(onSeen: () => void) {
  const before = new Set(processes().keys());
  const seen = new Map<number, string>();
  const look = () => {
    for (const [pid, p] of processes()) {
      const child = p.ppid === process.pid && !before.has(pid);
      if ((child || p.cmd.includes(`--chain-id ${CHAIN_ID}`)) && !seen.has(pid)) {
        seen.set(pid, p.cmd);
        onSeen();
      }
    }
  };
  const timer = setInterval(look, 10);
  return {
    stop: () => {
      clearInterval(timer);
      look();
      return [...seen.values()];
    },
  };
}

interface DemoRun {
  code: number;
  stdout: string[];
  stderr: string[];
  started: string[];
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'backstop-demo-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `backstop demo <argv>` in-process with its own chain id and report directory, watching /proc. */
async function demo(argv: readonly string[], env: Record<string, string | undefined> = {}): Promise<DemoRun & { out: string }> {
  const out = join(scratch, `report-${Math.random().toString(36).slice(2)}`);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const interrupt = new AbortController();
  const watcher = watchProcesses(() => interrupt.abort());
  const code = await main(['demo', '--chain-id', CHAIN_ID, '--out', out, ...argv], {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    env: { CI: '1', ...env },
    shutdown: interrupt.signal,
  });
  return { code, stdout, stderr, started: watcher.stop(), out };
}

/** Exit 2, one line on stderr matching `message` (what was wrong, then what to do), nothing else, nothing started. */
function expectRefused(r: DemoRun & { out: string }, message: RegExp): void {
  expect({ code: r.code, stdout: r.stdout, started: r.started }).toEqual({ code: 2, stdout: [], started: [] });
  expect(r.stderr).toHaveLength(1);
  expect(r.stderr[0]!.split('\n')).toHaveLength(1);
  expect(r.stderr[0]).toMatch(message);
  // what to do follows what was wrong, after ". "
  expect(r.stderr[0]).toMatch(/^error: .+\. \S.+/);
  expect(existsSync(r.out)).toBe(false);
}

/** A copy of the repository's data/ in which `file` is replaced by what `change` makes of it. */
function dataCopy(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(scratch, 'data-'));
  cpSync(DEFAULT_DATA_DIR, dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('backstop demo: the process watcher', () => {
  it('sees a child process and a process carrying the chain id (so "nothing started" can fail)', async () => {
    let calls = 0;
    const watcher = watchProcesses(() => calls++);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)', '--', '--chain-id', CHAIN_ID], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    const seen = watcher.stop();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain(`--chain-id ${CHAIN_ID}`);
    expect(calls).toBe(1);
  });
});

describe('backstop demo: bad input', () => {
  it('an unknown scenario, listing the valid ones', async () => {
    expectRefused(await demo(['--scenario', 'nope']), /^error: unknown scenario "nope"\. choose one of: historical, no-rivals, tiers, congestion/);
  });

  it('--members 0 and --members 10001', async () => {
    expectRefused(await demo(['--members', '0']), /^error: --members: 0 is out of range \(1-10000\)\. give the number of members/);
    expectRefused(await demo(['--members', '10001']), /^error: --members: 10001 is out of range \(1-10000\)\. give the number of members/);
  });

  it('--pool-dai under 1 DAI a member', async () => {
    expectRefused(await demo(['--pool-dai', '5', '--members', '10']), /^error: --pool-dai: 5 DAI is out of range for 10 members .*\. give between 10 and 1000000000 DAI/);
  });

  it('a port in use: refused, and the port still held by its owner alone', async () => {
    const server: Server = createServer((socket) => socket.end('mine\n'));
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const { port } = server.address() as { port: number };
    try {
      expectRefused(await demo(['--port', String(port)]), new RegExp(`^error: port ${port} is in use\\. stop what listens there, or pick another port`));
      // one listener on the port, and it is this process's socket
      const listeners = listenersOn(port);
      expect(listeners).toHaveLength(1);
      expect(socketInodesOfThisProcess()).toContain(listeners[0]);
      // and it still answers as our server
      const reply = await new Promise<string>((resolve, reject) => {
        const c = connect({ port, host: '127.0.0.1' });
        let text = '';
        c.on('data', (d: Buffer) => (text += d.toString()));
        c.on('end', () => resolve(text));
        c.on('error', reject);
      });
      expect(reply).toBe('mine\n');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a data directory that does not exist', async () => {
    const missing = join(scratch, 'no-such-data');
    expectRefused(await demo(['--data-dir', missing]), new RegExp(`^error: --data-dir: ${missing} is not a directory\\. give the directory that holds black-thursday\\.json and march-2020/`));
  });

  it('a data directory whose flip CSV has a broken row: the file and the line named', async () => {
    const dir = dataCopy(FLIP_FILE, (text) => {
      const lines = text.split('\n');
      const cells = lines[1_000]!.split(',');
      cells[FLIP_COLUMNS.indexOf('lot')] = 'fifty';
      lines[1_000] = cells.join(',');
      return lines.join('\n');
    });
    expectRefused(await demo(['--data-dir', dir]), new RegExp(`^error: flip data: ${join(dir, FLIP_FILE)} line 1001, "lot" "fifty": .+\\. the file must be the flip CSV as exported`));
  });

  it('a data directory whose flip CSV is missing', async () => {
    const dir = dataCopy('black-thursday.json', (t) => t);
    rmSync(join(dir, FLIP_FILE));
    expectRefused(await demo(['--data-dir', dir]), new RegExp(`^error: flip data: ${join(dir, FLIP_FILE)} not found\\. `));
  });

  it('a data directory whose black-thursday.json is not JSON', async () => {
    const dir = dataCopy('black-thursday.json', (text) => text.slice(0, 200));
    expectRefused(await demo(['--data-dir', dir]), new RegExp(`^error: black-thursday\\.json: ${join(dir, 'black-thursday.json')} is not valid JSON \\(.+\\)\\. restore it`));
  });

  it('an unknown fork mode', async () => {
    expectRefused(await demo(['--fork', 'nope']), /^error: unknown fork mode "nope"\. choose march-2020 \(an archive node\) or recent/);
  });

  it('fork mode without MAINNET_RPC_URL (unset or empty)', async () => {
    expectRefused(await demo(['--fork', 'recent'], { MAINNET_RPC_URL: undefined }), /^error: fork mode needs MAINNET_RPC_URL\. export MAINNET_RPC_URL=<a mainnet RPC URL> and run again/);
    expectRefused(await demo(['--fork', 'march-2020'], { MAINNET_RPC_URL: '' }), /^error: fork mode needs MAINNET_RPC_URL\. export MAINNET_RPC_URL=<a mainnet RPC URL of an archive node>/);
  });
});

/** Inodes of the TCP sockets listening on `port` (IPv4 and IPv6), from /proc/net. */
function listenersOn(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      if (f[1]!.endsWith(`:${hex}`) && f[3] === '0A') out.push(f[9]!);
    }
  }
  return out;
}

/** Inodes of this process's sockets. */
function socketInodesOfThisProcess(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      return m ? [m[1]!] : [];
    } catch {
      return [];
    }
  });
}
