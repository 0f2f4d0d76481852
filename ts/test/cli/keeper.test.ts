// `backstop keeper` in-process: it bids, serves /healthz and /metrics, logs JSON lines on stderr, and
// stops on the shutdown signal (SIGINT/SIGTERM in the real process); bad settings exit 2 at once.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { RAD, WAD } from '../../src/units.js';
import { ALICE_KEY, useAnvil } from '../helpers/fixtures.js';
import { actors, KEEPER_KEY } from '../helpers/keeperHarness.js';
import { expectRefusal } from '../helpers/cli.js';

const fx = useAnvil();
const a = actors(fx);

function keeperIo(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    env: { BACKSTOP_RPC_URL: fx.rpcUrl, BACKSTOP_DEPLOYMENTS: fx.deploymentsDir, BACKSTOP_PRIVATE_KEY: KEEPER_KEY, ...env },
    shutdown: stop.signal,
  };
  const logs = () => err.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { io, out, err, stop, logs };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('backstop keeper', () => {
  it('bids, serves /healthz and /metrics, and stops gracefully on the shutdown signal', async () => {
    const pool = await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const k = keeperIo({ BACKSTOP_METRICS: '127.0.0.1:0', BACKSTOP_POLL_MS: '50' });
    const running = main(['keeper'], k.io);

    const ops = await until('the ops server', () => k.logs().find((l) => l.event === 'ops.started')?.url as string | undefined);
    await until('the bid', async () => ((await a.auction(id)).guy === pool ? true : undefined));
    const health = await until('a processed block', async () => {
      const body = (await (await fetch(`${ops}/healthz`)).json()) as { ok: boolean; processedBlock: number | null };
      return body.ok ? body : undefined;
    });
    expect(health).toMatchObject({ ok: true, network: { kind: 'local' }, reasons: [] });
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/^backstop_bids_total\{tier="100"\} 1$/m);
    expect(metrics).toMatch(/^backstop_tx_sent_total\{action="enter"\} 1$/m);

    k.stop.abort();
    expect(await running).toBe(0);
    expect(k.out.join('\n')).toMatch(/^keeper stopped after block \d+; 0 transaction\(s\) still pending$/);
    const events = k.logs().map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(['keeper.started', 'keeper.tx.sent', 'keeper.stopped', 'ops.stopped']));
    // No secret in any line.
    expect(k.err.join('\n')).not.toContain(KEEPER_KEY.slice(2));
  });

  it('--dry-run logs what it would send and sends nothing', async () => {
    await a.contribute(ALICE_KEY, 100n, 100_000n * WAD);
    const id = await fx.kick({ lotWad: 600n * WAD, bidRad: 50_000n * RAD });
    const k = keeperIo({ BACKSTOP_METRICS: 'off', BACKSTOP_POLL_MS: '50' });
    const running = main(['keeper', '--dry-run'], k.io);
    await until('a dry-run line', () => (k.logs().some((l) => l.event === 'keeper.tx.dryRun') ? true : undefined));
    k.stop.abort();
    expect(await running).toBe(0);
    expect((await a.auction(id)).guy).toBe(fx.book.maker.vow);
    expect(await fx.client.getTransactionCount({ address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' })).toBe(0);
  });

  it.each([
    [['keeper', '--poll-ms', 'soon'], /^error: invalid keeper setting: --poll-ms \(BACKSTOP_POLL_MS\): must be a whole number of ms, got "soon"/],
    [['keeper', '--metrics', 'everywhere'], /^error: invalid keeper setting: --metrics \(BACKSTOP_METRICS\): must be host:port/],
    [['keeper', '--vow', 'flop,mint'], /^error: invalid keeper setting: --vow \(BACKSTOP_VOW\): each must be one of flop, kiss, heal/],
    [['keeper', '--min-balance-eth', '-1'], /^error: invalid keeper setting: --min-balance-eth \(BACKSTOP_MIN_BALANCE_ETH\)/],
  ])('refuses bad settings in one line, exit 2: %j', async (argv, message) => {
    const k = keeperIo({});
    expectRefusal({ code: await main(argv, k.io), stdout: k.out.join('\n'), stderr: k.err.join('\n') }, 2, message);
  });

  it('refuses to start without a key, naming the variable', async () => {
    const k = keeperIo({ BACKSTOP_PRIVATE_KEY: undefined, BACKSTOP_METRICS: 'off' });
    expectRefusal({ code: await main(['keeper'], k.io), stdout: k.out.join('\n'), stderr: k.err.join('\n') }, 2, /BACKSTOP_PRIVATE_KEY/);
  });
});
