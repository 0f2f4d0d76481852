// backstop status [--tier 100] [--holder 0x...]: a tier's books, NAV per share, members, the round (open
// or not, its deadline, the requests pending in it), open positions and what is due; and for a holder
// (--holder, or the configured account when its key loads without a prompt) their shares, the MKR they
// can claim and their requests.
import type { Address } from 'viem';
import { navPerShare, readHolder, readMembers, readSyndicates, type HolderState } from '../../chain/syndicate.js';
import { parseAddress } from '../args.js';
import type { Register } from '../command.js';
import type { Context } from '../context.js';
import { parseTier } from '../context.js';
import { dai, duration, isoTime, mkr, price, shares, short, table } from '../output.js';

/**
 * Whose requests and MKR to show: `--holder`, else the configured account if it loads without asking
 * anything (a key in the environment, or a keystore with its password file); else nobody. A read never
 * prompts for a password, and a key that does not load is not an error here.
 */
async function holderOf(ctx: Context, text: string | undefined): Promise<Address | undefined> {
  if (text !== undefined) return parseAddress(text, '--holder');
  const { keystore, passwordFile, keyEnv } = ctx.config;
  const loadsQuietly = keystore === undefined ? ctx.env[keyEnv] !== undefined : passwordFile !== undefined;
  if (!loadsQuietly) return undefined;
  return (await ctx.account().catch(() => undefined))?.address;
}

/**
 * The holder's MKR, once: `claimableMkr` (credited to the shares they hold, and once their round closed,
 * what an executed request's shares earned), and which command pays which part: with no executed
 * request, `claim-mkr` pays all of it; with one, `claim` pays all of it (shares held included), while
 * `claim-mkr` pays only the part on the shares still held and leaves the request's part to `claim`.
 */
export function mkrLine(h: Pick<HolderState, 'claimableMkrWad' | 'pending'>, label: string): string {
  if (h.claimableMkrWad === 0n) return mkr(0n);
  if (h.pending.executed) {
    return `${mkr(h.claimableMkrWad)}: backstop claim --tier ${label} pays all of it with your executed request below; backstop claim-mkr pays only the part on the shares you still hold, and claim the rest`;
  }
  return `${mkr(h.claimableMkrWad)} (backstop claim-mkr --tier ${label})`;
}

/**
 * One line about a holder's requests: pending in the open round, or executed and waiting for `claim`,
 * with what the requests themselves pay (shares for a deposit, DAI for an exit); the MKR `claim` also
 * pays is the claimable MKR of the line above (`pending.mkrWad` is the same figure), not shown twice.
 */
function requestLine(h: HolderState, label: string, closeBy: bigint): string {
  const p = h.pending;
  if (p.round === 0n) return 'none';
  const asked = [p.enlistDaiWad > 0n ? `enlist ${dai(p.enlistDaiWad)}` : '', p.defectShares > 0n ? `defect ${shares(p.defectShares)}` : ''].filter(Boolean).join(' and ');
  if (!p.executed) return `${asked} in round ${p.round}, pending until it closes${closeBy === 0n ? '' : ` (by ${isoTime(closeBy)})`}`;
  const mkrToo = h.claimableMkrWad > 0n ? ', and the MKR claimable above' : '';
  return `${asked} in round ${p.round}, executed: backstop claim --tier ${label} pays ${shares(p.sharesOut)} and ${dai(p.daiOutWad)}${mkrToo}`;
}

export const register: Register = (program, execute) => {
  program
    .command('status')
    .description('NAV per share, books, members, the round and its requests, open positions with settle times, what is due; a holder\'s requests and claimable MKR')
    .option('--tier <dai-per-mkr>', "the tier's limit in DAI per MKR (default: every tier)")
    .option('--holder <address>', 'show this holder\'s shares, claimable MKR and requests (default: your account, if its key is configured)')
    .action((opts: { tier?: string; holder?: string }) =>
      execute(async (ctx) => {
        const limitWad = opts.tier === undefined ? undefined : parseTier(opts.tier);
        const addresses = limitWad === undefined ? await ctx.tiers() : [await ctx.tier(limitWad)];
        const [pools, block, holder] = await Promise.all([readSyndicates(ctx.client, { syndicates: addresses }), ctx.client.getBlock(), holderOf(ctx, opts.holder)]);
        const now = block.timestamp;
        // Members come from the share token's Transfer logs since genesis: cheap on a local chain only.
        const countMembers = ctx.config.chain === 'local';
        const members = countMembers ? await Promise.all(pools.map((p) => readMembers(ctx.client, { syndicate: p.address }))) : [];
        const holdings = holder ? await Promise.all(pools.map((p) => readHolder(ctx.client, { syndicate: p.address, holder }))) : [];
        const tiers = pools.map((p, i) => {
          const due = p.positions.filter((pos) => pos.settleAt < now).map((pos) => pos.id);
          const s = p.status;
          const h = holdings[i];
          return {
            address: p.address,
            name: p.name,
            symbol: p.symbol,
            limitWad: p.limitWad,
            owner: p.owner,
            status: s,
            navPerShare: navPerShare(s),
            members: countMembers ? members[i]! : null,
            round: { id: s.round, open: s.roundOpen, closeBy: s.closeBy, secondsToClose: s.closeBy > now ? s.closeBy - now : 0n, enlistDaiWad: p.round.enlistDaiWad, defectShares: p.round.defectShares },
            positions: p.positions.map((pos) => ({ ...pos, secondsToSettle: pos.settleAt > now ? pos.settleAt - now : 0n })),
            due: {
              settlementDue: s.settlementDue,
              finalize: due,
            },
            holder: h ? { address: holder!, shares: h.shares, maxDefectShares: h.maxDefectShares, claimableMkrWad: h.claimableMkrWad, pending: h.pending } : null,
          };
        });
        const text = tiers
          .map((t) => {
            const s = t.status;
            const label = price(t.limitWad).replace(' DAI/MKR', '');
            const r = t.round;
            const lines = [
              `${t.symbol} ${t.address}: limit ${price(t.limitWad)}${s.halted ? ' (halted)' : ''}${s.flopperLive ? '' : ' (Flopper caged)'}`,
              `  NAV per share  ${dai(t.navPerShare.daiWad, 6)} (won MKR is credited to the holders of the moment: see claimable)`,
              `  shares         ${shares(s.totalShares)}${t.members === null ? '' : `, ${t.members} member${t.members === 1 ? '' : 's'}`}`,
              `  DAI book       ${dai(s.daiBookWad)} liquid + ${dai(s.lockedBookWad)} in bids`,
              `  MKR book       ${mkr(s.mkrBookWad)} won, not yet paid out`,
            ];
            if (!r.open) lines.push(`  round          ${r.id}: not open (no bid out): enlist and defect are instant`);
            else {
              const deadline = r.closeBy === 0n ? 'no request yet, so no deadline' : `requests pending: every position due by ${isoTime(r.closeBy)} (${r.secondsToClose > 0n ? `in ${duration(r.secondsToClose)}` : 'passed: the round closes at the next finalize, backstop finalize or a keeper'})`;
              lines.push(`  round          ${r.id}: open (a bid is out), ${deadline}`);
              lines.push(`  requests       ${dai(r.enlistDaiWad)} to enlist, ${shares(r.defectShares)} to defect when it closes (enlist/defect --request)`);
            }
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
            const closes = todo.length === t.positions.length && todo.length > 0 ? ' (the last one closes the round)' : '';
            lines.push(`  due            ${todo.length ? todo.map((id) => `finalize(${id})`).join(', ') + closes : 'nothing'}`);
            if (t.holder) {
              const h = t.holder;
              lines.push(`  holder         ${short(h.address)}: ${shares(h.shares)}`);
              lines.push(`  MKR claimable  ${mkrLine(h, label)}`);
              lines.push(`  your requests  ${requestLine(h, label, r.closeBy)}`);
            }
            return lines.join('\n');
          })
          .join('\n\n');
        return { json: { chainId: ctx.book.chainId, blockTimestamp: now, holder: holder ?? null, tiers }, text: text || 'no tiers' };
      }),
    );
};
