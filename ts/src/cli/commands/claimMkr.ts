// backstop claim-mkr: pays you the MKR credited to your shares (won while you held them). Works at any
// time, during rounds and after a halt; defect pays it too. With nothing claimable now it refuses in one
// line (exit 2, nothing sent), saying why: no shares, MKR not won yet, or MKR that comes with an
// executed request (backstop claim pays that).
import { ChainRevertError } from '../../chain/errors.js';
import { claimMkrWrite, readHolder, syndicateEvents, type HolderState } from '../../chain/syndicate.js';
import { InputError } from '../../errors.js';
import type { Register } from '../command.js';
import { mkr, shares } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type Tier, type WriteFlags } from '../write.js';

/**
 * The refusal for a `claim-mkr` that would pay nothing now (`NothingToClaim`), worded from the holder's
 * state: MKR that only `claim` pays (it came with an executed request), shares that have not been
 * credited any MKR since they were last paid (it accrues when the pool wins), or no shares at all.
 */
export function nothingToClaimMkr(tier: Pick<Tier, 'label' | 'symbol'>, held: HolderState): InputError {
  if (held.claimableMkrWad > 0n && held.pending.executed) {
    return new InputError(`no MKR to claim with claim-mkr in tier ${tier.label} now: your ${mkr(held.claimableMkrWad)} comes with your executed request of round ${held.pending.round}`, {
      hint: `backstop claim --tier ${tier.label} pays it, with the request`,
    });
  }
  const why =
    held.shares > 0n
      ? `MKR is credited to your ${shares(held.shares)} when the pool wins an auction, and what was credited before has been paid`
      : `you hold no ${tier.symbol} shares, and MKR is credited only to shares`;
  return new InputError(`nothing to claim: no MKR is claimable by you in tier ${tier.label} now`, { hint: `${why} (backstop status --tier ${tier.label} shows what is claimable)` });
}

export const register: Register = (program, execute) => {
  writeOptions(program.command('claim-mkr').description('collect the MKR credited to your shares (at any time; defect pays it too)')).action((opts: WriteFlags) =>
    execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const held = await readHolder(ctx.client, { syndicate: tier.address, holder: account.address });
      if (held.claimableMkrWad === 0n) throw nothingToClaimMkr(tier, held);
      const what = `claim your MKR from tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...claimMkrWrite({ syndicate: tier.address }), what }, tier).catch((error: unknown) => {
        // All of it came with an executed request: claimMkr pays none of that (claim does).
        if (error instanceof ChainRevertError && error.revert?.name === 'NothingToClaim') throw nothingToClaimMkr(tier, held);
        throw error;
      });
      const mkrWad = simulated.result;

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'claim-mkr', from: account.address, tier, writes: [simulated], dryRun: true, fields: { mkrWad } }),
          text: dryRunText(`${what} ${tierNote(tier)}: would pay ${mkr(mkrWad)}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const claimed = events.find((e) => e.eventName === 'MkrClaimed');
      const paid = claimed?.eventName === 'MkrClaimed' ? claimed.args.mkrWad : mkrWad;
      return {
        json: writeJson(ctx, { command: 'claim-mkr', from: account.address, tier, writes: [sent], dryRun: false, fields: { mkrWad: paid, events: eventsJson(events) } }),
        text: [`claimed ${mkr(paid)} from ${describeTier(tier)}`, ...txLines([sent])].join('\n'),
      };
    }),
  );
};
