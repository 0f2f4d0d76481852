// backstop status [--tier 100]: a tier's books, NAV per share, members, open positions and what is due.
import { navPerShare, readMembers, readSyndicates } from '../../chain/syndicate.js';
import type { Register } from '../command.js';
import { parseTier } from '../context.js';
import { dai, duration, isoTime, mkr, price, shares, table } from '../output.js';

export const register: Register = (program, execute) => {
  program
    .command('status')
    .description('NAV per share, books in DAI and MKR, members, open positions with settle times, what is due')
    .option('--tier <dai-per-mkr>', "the tier's limit in DAI per MKR (default: every tier)")
    .action((opts: { tier?: string }) =>
      execute(async (ctx) => {
        const limitWad = opts.tier === undefined ? undefined : parseTier(opts.tier);
        const addresses = limitWad === undefined ? await ctx.tiers() : [await ctx.tier(limitWad)];
        const [pools, block] = await Promise.all([readSyndicates(ctx.client, { syndicates: addresses }), ctx.client.getBlock()]);
        const now = block.timestamp;
        // Members come from the share token's Transfer logs since genesis: cheap on a local chain only.
        const countMembers = ctx.config.chain === 'local';
        const members = countMembers ? await Promise.all(pools.map((p) => readMembers(ctx.client, { syndicate: p.address }))) : [];
        const tiers = pools.map((p, i) => {
          const due = p.positions.filter((pos) => pos.settleAt < now).map((pos) => pos.id);
          return {
            address: p.address,
            name: p.name,
            symbol: p.symbol,
            limitWad: p.limitWad,
            owner: p.owner,
            status: p.status,
            navPerShare: navPerShare(p.status),
            members: countMembers ? members[i]! : null,
            positions: p.positions.map((pos) => ({ ...pos, secondsToSettle: pos.settleAt > now ? pos.settleAt - now : 0n })),
            due: {
              settlementDue: p.status.settlementDue,
              finalize: due,
            },
          };
        });
        const text = tiers
          .map((t) => {
            const s = t.status;
            const lines = [
              `${t.symbol} ${t.address}: limit ${price(t.limitWad)}${s.halted ? ' (halted)' : ''}${s.flopperLive ? '' : ' (Flopper caged)'}`,
              `  NAV per share  ${dai(t.navPerShare.daiWad, 6)} + ${mkr(t.navPerShare.mkrWad)}`,
              `  shares         ${shares(s.totalShares)}${t.members === null ? '' : `, ${t.members} member${t.members === 1 ? '' : 's'}`}`,
              `  DAI book       ${dai(s.daiBookWad)} liquid + ${dai(s.lockedBookWad)} in bids`,
              `  MKR book       ${mkr(s.mkrBookWad)}`,
            ];
            if (t.positions.length === 0) lines.push('  positions      none open');
            else {
              lines.push(`  positions      ${t.positions.length} open`);
              lines.push(
                table(
                  ['auction', 'lot', 'locked', 'settles at', 'in'],
                  t.positions.map((p) => [p.id.toString(), mkr(p.lotWad), dai(p.lockedDaiWad), isoTime(p.settleAt), p.secondsToSettle === 0n ? 'due' : duration(p.secondsToSettle)]),
                  [0, 1, 2],
                )
                  .split('\n')
                  .map((l) => `    ${l}`)
                  .join('\n'),
              );
            }
            const todo = [...new Set([...(s.settlementDue === 0n ? [] : [s.settlementDue]), ...t.due.finalize])];
            lines.push(`  due            ${todo.length ? todo.map((id) => `finalize(${id})`).join(', ') + ' (enlist and defect wait for it)' : 'nothing'}`);
            return lines.join('\n');
          })
          .join('\n\n');
        return { json: { chainId: ctx.book.chainId, blockTimestamp: now, tiers }, text: text || 'no tiers' };
      }),
    );
};
