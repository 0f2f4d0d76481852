// backstop tiers: the factory's syndicates, one per limit.
import { navPerShare, readSyndicates } from '../../chain/syndicate.js';
import type { Register } from '../command.js';
import { dai, mkr, price, short, table } from '../output.js';

export const register: Register = (program, execute) => {
  program
    .command('tiers')
    .description("list the factory's syndicates: limit, NAV per share, books, open positions, the round")
    .action(() =>
      execute(async (ctx) => {
        const pools = await readSyndicates(ctx.client, { syndicates: await ctx.tiers() });
        const tiers = pools
          .sort((a, b) => (a.limitWad < b.limitWad ? -1 : 1))
          .map((p) => ({
            address: p.address,
            symbol: p.symbol,
            limitWad: p.limitWad,
            halted: p.status.halted,
            totalShares: p.status.totalShares,
            navPerShare: navPerShare(p.status),
            daiBookWad: p.status.daiBookWad,
            lockedBookWad: p.status.lockedBookWad,
            mkrBookWad: p.status.mkrBookWad,
            openPositions: p.status.openPositions,
            settlementDue: p.status.settlementDue,
            round: p.status.round,
            roundOpen: p.status.roundOpen,
            closeBy: p.status.closeBy,
          }));
        const text = tiers.length
          ? table(
              ['limit', 'syndicate', 'symbol', 'NAV/share', 'DAI book', 'MKR book', 'open', 'round', 'due'],
              tiers.map((t) => [
                price(t.limitWad),
                short(t.address),
                t.symbol,
                dai(t.navPerShare.daiWad),
                dai(t.daiBookWad + t.lockedBookWad),
                mkr(t.mkrBookWad),
                t.openPositions.toString(),
                `${t.round}${t.roundOpen ? (t.closeBy === 0n ? ' open' : ' closing') : ''}`,
                t.settlementDue === 0n ? '-' : `finalize ${t.settlementDue}`,
              ]),
              [0, 3, 4, 5, 6, 7],
            ) + (tiers.some((t) => t.halted) ? '\n(halted tiers take no deposits or bids)' : '')
          : `no tiers on factory ${ctx.book.factory ?? ''}`;
        return { json: { chainId: ctx.book.chainId, factory: ctx.book.factory, tiers }, text };
      }),
    );
};
