// backstop auctions: recent debt auctions, what they imply per MKR, and whether each tier could enter.
import { getAddress, type Address } from 'viem';
import { auctionDeadline, auctionState, impliedPriceWad, readAuctions, readFlopper, recentIds } from '../../chain/flopper.js';
import { readCanEnter, readSyndicates } from '../../chain/syndicate.js';
import { InputError } from '../../errors.js';
import type { Register } from '../command.js';
import { limitLabel } from '../write.js';
import { daiRad, duration, mkr, price, ratio, refusal as formatRefusal, short, table, tierLabel } from '../output.js';

export const register: Register = (program, execute) => {
  program
    .command('auctions')
    .description('debt auctions: id, lot, bid, implied DAI/MKR, high bidder, time left, state, and which tier could enter')
    .option('--last <n>', 'look at the last n auctions kicked', '20')
    .option('--all', 'include dealt (deleted) auctions')
    .action((opts: { last: string; all?: boolean }) =>
      execute(async (ctx) => {
        const last = Number(opts.last);
        if (!/^\d+$/.test(opts.last) || last < 1 || last > 10_000) {
          throw new InputError(`--last: ${JSON.stringify(opts.last)} is not a whole number from 1 to 10000`, { hint: 'e.g. --last 50' });
        }
        const flopper = ctx.book.maker.flop;
        const [params, block, tierAddresses] = await Promise.all([readFlopper(ctx.client, { flopper }), ctx.client.getBlock(), ctx.tiers()]);
        const now = block.timestamp;
        const all = await readAuctions(ctx.client, { flopper, ids: recentIds(params.kicks, last) });
        const auctions = opts.all ? all : all.filter((a) => auctionState(a, now) !== 'dealt');
        const ids = auctions.map((a) => a.id);
        const [pools, checks] = await Promise.all([
          readSyndicates(ctx.client, { syndicates: tierAddresses }),
          readCanEnter(ctx.client, { syndicates: tierAddresses, ids }),
        ]);
        const byAddress = new Map<string, (typeof pools)[number]>(pools.map((p) => [p.address, p]));
        const bidder = (guy: Address) => {
          if (guy === ctx.book.maker.vow || getAddress(guy) === getAddress(ctx.book.maker.vow)) return 'vow (no bid)';
          const pool = byAddress.get(getAddress(guy));
          return pool ? `tier ${tierLabel(pool.limitWad)}` : guy;
        };
        const rows = auctions.map((a) => {
          const state = auctionState(a, now);
          const deadline = auctionDeadline(a);
          return {
            id: a.id,
            lotWad: a.lotWad,
            bidRad: a.bidRad,
            impliedPriceWad: impliedPriceWad(a) ?? null,
            highBidder: a.guy,
            highBidderLabel: bidder(a.guy),
            tic: a.tic,
            end: a.end,
            secondsLeft: state === 'running' || state === 'has bids' ? deadline - now : 0n,
            state,
            tiers: checks
              .filter((c) => c.id === a.id)
              .map((c) => ({
                syndicate: c.syndicate,
                limitWad: byAddress.get(getAddress(c.syndicate))?.limitWad ?? null,
                canEnter: c.ok,
                refusal: c.refusal ? { error: c.refusal.name, args: c.refusal.args, hint: c.refusal.hint } : c.ok ? null : { error: 'unknown', data: c.refusalData },
              })),
          };
        });
        const header = `Flopper ${flopper}: ${params.kicks} kicked, beg ${ratio(params.begWad)}, ttl ${duration(params.ttl)}, tau ${duration(params.tau)}${params.live ? '' : ' (caged)'}`;
        const text = rows.length
          ? [
              header,
              table(
                ['id', 'lot', 'bid', 'implied', 'high bidder', 'left', 'state'],
                rows.map((r) => [
                  r.id.toString(),
                  mkr(r.lotWad, 4),
                  daiRad(r.bidRad, 2),
                  r.impliedPriceWad === null ? '-' : price(r.impliedPriceWad, 2),
                  r.highBidderLabel.startsWith('0x') ? short(r.highBidder) : r.highBidderLabel,
                  r.secondsLeft > 0n ? duration(r.secondsLeft) : '-',
                  r.state,
                ]),
                [0, 1, 2, 3],
              ),
              ...rows.flatMap((r) =>
                r.tiers.map((t) => {
                  const label = t.limitWad === null ? short(t.syndicate) : tierLabel(t.limitWad);
                  // Always with --tier (a limit, or the address of a tier the factory does not list): the hint
                  // runs as printed whatever the number of tiers.
                  if (t.canEnter) return `  #${r.id} tier ${label}: can enter now (backstop enter ${r.id} --tier ${t.limitWad === null ? t.syndicate : limitLabel(t.limitWad)})`;
                  const refusal = checks.find((c) => c.id === r.id && c.syndicate === t.syndicate)?.refusal;
                  return `  #${r.id} tier ${label}: cannot enter: ${refusal ? `${formatRefusal(refusal)}: ${refusal.hint}` : 'unknown refusal'}`;
                }),
              ),
            ].join('\n')
          : `${header}\nno ${opts.all ? '' : 'live '}auction among the last ${last}`;
        return { json: { chainId: ctx.book.chainId, blockTimestamp: now, flopper, kicks: params.kicks, auctions: rows }, text };
      }),
    );
};
