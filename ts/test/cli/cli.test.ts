// The backstop CLI, in-process (main() with captured output) against this worker's Anvil, and once
// as the real bin.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { enlistWithPermit, enterAuction, readSyndicate } from '../../src/chain/index.js';
import { main } from '../../src/cli/main.js';
import { RAD, WAD } from '../../src/units.js';
import { ROOT } from '../helpers/anvil.js';
import { useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { BACKSTOP_RPC_URL: fx.rpcUrl, BACKSTOP_DEPLOYMENTS: fx.deploymentsDir };
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function openPosition() {
  const high = await fx.tierAddress(250n * WAD);
  await fx.fundDai(fx.alice, 5_000n * WAD);
  await enlistWithPermit(fx.client, fx.alice, { syndicate: high, dai: fx.book.maker.dai, daiWad: 5_000n * WAD });
  const id = await fx.kick({ lotWad: 10n * WAD, bidRad: 1_000n * RAD });
  await enterAuction(fx.client, fx.alice, { syndicate: high, id });
  const second = await fx.kick({ lotWad: 10n * WAD, bidRad: 1_000n * RAD });
  return { high, id, second };
}

describe('backstop tiers', () => {
  it('lists both tiers, as JSON and as a table', async () => {
    const json = await cli('--json', 'tiers');
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as { tiers: { limitWad: string; totalShares: string }[] };
    expect(data.tiers.map((t) => t.limitWad)).toEqual(['100000000000000000000', '250000000000000000000']);
    const text = await cli('tiers');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/limit\s+syndicate/);
    expect(text.stdout).toMatch(/250 DAI\/MKR/);
  });
});

describe('backstop status', () => {
  it('shows an empty pool', async () => {
    const r = await cli('status', '--tier', '100');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/limit 100 DAI\/MKR/);
    expect(r.stdout).toMatch(/NAV per share\s+0 DAI \(won MKR is credited to the holders of the moment: see claimable\)/);
    expect(r.stdout).toMatch(/0 shares, 0 members/);
    expect(r.stdout).toMatch(/round\s+1: not open \(no bid out\): enlist and defect are instant/);
    expect(r.stdout).toMatch(/positions\s+none open/);
    expect(r.stdout).toMatch(/due\s+nothing/);
    // No key configured and no --holder: no holder lines.
    expect(r.stdout).not.toMatch(/^\s+(holder|MKR claimable|your requests)\s/m);
  });

  it('shows a funded pool with its open position and settle time', async () => {
    const { id } = await openPosition();
    const json = await cli('status', '--tier', '250', '--json');
    expect(json.code).toBe(0);
    const [tier] = (JSON.parse(json.stdout) as { tiers: Record<string, any>[] }).tiers;
    expect(tier!.status).toMatchObject({ daiBookWad: '4000000000000000000000', lockedBookWad: '1000000000000000000000', totalShares: '5000000000000000000000' });
    expect(tier!.navPerShare).toEqual({ daiWad: '1000000000000000000', mkrWad: '0' });
    expect(tier!.round).toEqual({ id: '1', open: true, closeBy: '0', secondsToClose: '0', enlistDaiWad: '0', defectShares: '0' });
    expect(tier!.holder).toBeNull();
    expect(tier!.members).toBe(1);
    expect(tier!.positions).toHaveLength(1);
    // A bid life (6 h) from the entry, less the seconds the chain moved on since (the second kick's block).
    const { timestamp } = await fx.client.getBlock();
    const [position] = (await readSyndicate(fx.client, { syndicate: await fx.tierAddress(250n * WAD) })).positions;
    expect(tier!.positions[0]).toMatchObject({ id: id.toString(), lockedDaiWad: '1000000000000000000000', secondsToSettle: (position!.settleAt - timestamp).toString() });
    expect(position!.settleAt - timestamp).toBeGreaterThan(21_600n - 60n);

    const text = await cli('status', '--tier', '250');
    expect(text.stdout).toMatch(/NAV per share\s+1 DAI \(/);
    expect(text.stdout).toMatch(/DAI book\s+4,000 DAI liquid \+ 1,000 DAI in bids/);
    expect(text.stdout).toMatch(/round\s+1: open \(a bid is out\), no request yet, so no deadline\n\s+requests\s+0 DAI to enlist, 0 shares to defect when it closes/);
    expect(text.stdout).toMatch(/positions\s+1 open/);
    expect(text.stdout).toMatch(new RegExp(`\\s${id}\\s+9\\.708737 MKR\\s+1,000 DAI\\s+\\S+Z\\s+(6h 0m|5h 59m)`));

    // Six hours and a bit later the bid has expired: finalize is due.
    await fx.testClient.increaseTime({ seconds: 6 * 3600 + 1 });
    await fx.testClient.mine({ blocks: 1 });
    const due = await cli('status', '--tier', '250');
    expect(due.stdout).toMatch(new RegExp(`due\\s+finalize\\(${id}\\) \\(the last one closes the round\\)`));
  });
});

describe('backstop auctions', () => {
  it('lists live auctions with lot, bid, implied price, bidder, time left and each tier\'s answer', async () => {
    const { id, second } = await openPosition();
    const json = await cli('auctions', '--json');
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as { auctions: Record<string, any>[] };
    expect(data.auctions.map((a) => a.id)).toEqual([second.toString(), id.toString()]);
    const fresh = data.auctions[0]!;
    expect(fresh).toMatchObject({ state: 'running', lotWad: '10000000000000000000', bidRad: (1_000n * RAD).toString(), impliedPriceWad: '100000000000000000000' });
    const low = fresh.tiers.find((t: any) => t.limitWad === '100000000000000000000');
    expect(low.canEnter).toBe(false);
    expect(low.refusal.error).toBe('PriceAboveLimit');
    expect(low.refusal.args[1]).toBe('100000000000000000000');
    // The high tier holds one open bid of the same size but has the DAI: it could enter the second.
    const high = fresh.tiers.find((t: any) => t.limitWad === '250000000000000000000');
    expect(high.canEnter).toBe(true);
    const entered = data.auctions[1]!;
    expect(entered.state).toBe('has bids');
    expect(entered.highBidderLabel).toBe('tier 250');
    expect(entered.tiers.find((t: any) => t.limitWad === '250000000000000000000').refusal.error).toBe('AlreadyHighBidder');

    const text = await cli('auctions');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/id\s+lot\s+bid\s+implied\s+high bidder\s+left\s+state/);
    expect(text.stdout).toMatch(new RegExp(`${second}\\s+10 MKR\\s+1,000 DAI\\s+100 DAI/MKR\\s+vow \\(no bid\\)\\s+3d 0h\\s+running`));
    expect(text.stdout).toMatch(new RegExp(`#${second} tier 100: cannot enter: PriceAboveLimit\\(priceWad 103(\\.\\d+)? DAI/MKR, limitWad 100 DAI/MKR\\)`));
    // The hint is a command that runs as printed: the factory has two tiers, so it names the tier.
    expect(text.stdout).toMatch(new RegExp(`^  #${second} tier 250: can enter now \\(backstop enter ${second} --tier 250\\)$`, 'm'));
  });

  it('says when no auction is live', async () => {
    const r = await cli('auctions');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no live auction among the last 20/);
  });
});

describe('bad input: one line, exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['a malformed tier', ['status', '--tier', 'abc'], /^error: --tier: "abc" is not a non-negative decimal number.*\. give the tier's limit in DAI per MKR, e\.g\. --tier 100$/],
    ['too many decimals', ['status', '--tier', '1.0000000000000000001'], /^error: --tier: .* has 19 decimals; a wad has at most 18/],
    ['an unknown tier', ['status', '--tier', '123'], /^error: no tier at 123 DAI\/MKR on factory 0x[0-9a-fA-F]{40}\. tiers: 100, 250 DAI\/MKR \(backstop tiers\)$/],
    ['a bad chain kind', ['--chain', 'goerli', 'tiers'], /^error: invalid configuration: --chain \(BACKSTOP_CHAIN\): must be one of local, fork, mainnet, got "goerli"\. backstop --help/],
    ['a bad --last', ['auctions', '--last', '0'], /^error: --last: "0" is not a whole number from 1 to 10000\. e\.g\. --last 50$/],
    ['an unknown option', ['tiers', '--bogus'], /^error: unknown option '--bogus'\. Run backstop --help$/],
    ['an unknown command', ['frobnicate'], /^error: unknown command 'frobnicate'\. Run backstop --help$/],
    ['no chain at the URL', ['--rpc-url', 'http://127.0.0.1:9', 'tiers'], /^error: no chain answers at http:\/\/127\.0\.0\.1:9\. start one \(make chain\) or set --rpc-url \(BACKSTOP_RPC_URL\)$/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('lists several config problems one per line after the first', async () => {
    const r = await cli('--chain', 'x', '--factory', '0x12', 'tiers');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      'error: invalid configuration (2 problems). backstop --help lists every flag and variable',
      '  --chain (BACKSTOP_CHAIN): must be one of local, fork, mainnet, got "x"',
      '  --factory (BACKSTOP_FACTORY): must be a 0x address of 40 hex digits, got "0x12"',
    ]);
  });
});

describe('the bin', () => {
  it('answers --help through node_modules/.bin/backstop, as npx backstop does', async () => {
    const bin = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = execFile('node_modules/.bin/backstop', args, { cwd: ROOT, encoding: 'utf8' }, (_error, stdout) => resolve({ status: child.exitCode, stdout }));
      });
    const [r, bad] = await Promise.all([bin('--help'), bin('status', '--tier', 'x')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: backstop \[options\] \[command\]/);
    expect(r.stdout).toMatch(/tiers/);
    expect(r.stdout).toMatch(/--rpc-url <url>/);
    expect(bad.status).toBe(2);
  });
});
