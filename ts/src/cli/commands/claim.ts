// backstop claim [--holder 0x...]: pays a holder what their requests of a closed round executed to: the
// shares of a deposit request (its DAI back if the round could not price it), the DAI of an exit request,
// and all the MKR they can claim. Anyone may claim for anyone (the payout goes to the holder); the
// default holder is your account.
import type { Address } from 'viem';
import { roundDeadlineText } from '../../chain/errors.js';
import { claimWrite, readClaimableMkr, readPending, syndicateEvents, type PendingRequests } from '../../chain/syndicate.js';
import { InputError } from '../../errors.js';
import { parseAddress } from '../args.js';
import type { Register } from '../command.js';
import type { Context } from '../context.js';
import { dai, mkr, shares, short } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type Tier, type WriteFlags } from '../write.js';

/**
 * Refuses, before anything is simulated or sent, a claim with nothing to pay: no request at all (the
 * contract's `NoRequest`), or a request whose round is still open (`RequestPending`). Says what to do:
 * `claim-mkr` for MKR credited to shares, or wait for the round's close.
 * @throws InputError (exit 2) in both cases.
 */
async function refuseNothingToClaim(ctx: Context, { tier, holder, own, pending }: { tier: Tier; holder: Address; own: boolean; pending: PendingRequests }): Promise<void> {
  const who = own ? 'you have' : `${short(holder)} has`;
  const flags = `--tier ${tier.label}${own ? '' : ` --holder ${holder}`}`;
  if (pending.round === 0n) {
    const mkrWad = own ? await readClaimableMkr(ctx.client, { syndicate: tier.address, holder }) : 0n;
    throw new InputError(`${who} no request in tier ${tier.label}: nothing to claim`, {
      hint: mkrWad > 0n ? `the ${mkr(mkrWad)} credited to your shares is collected with backstop claim-mkr --tier ${tier.label}` : `claim pays requests made with enlist/defect --request once their round has closed (backstop status ${flags} shows ${own ? 'yours' : 'theirs'})`,
    });
  }
  if (!pending.executed) {
    const { closeBy } = tier.status;
    throw new InputError(`${own ? 'your' : `${short(holder)}'s`} requests of round ${pending.round} in tier ${tier.label} have not executed yet: the round is still open`, {
      hint: `they execute at the finalize of its last position (${roundDeadlineText(closeBy)}); claim after that (backstop status ${flags} shows the round)`,
    });
  }
}

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('claim')
      .description("collect what requests of a closed round executed to: shares for a deposit, DAI for an exit, and the holder's MKR")
      .option('--holder <address>', 'claim for this holder (anyone may; the payout goes to them); default: your account'),
  ).action((opts: WriteFlags & { holder?: string }) => {
    const given = opts.holder === undefined ? undefined : parseAddress(opts.holder, '--holder');
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const holder = given ?? account.address;
      const whose = holder === account.address ? 'your' : `${short(holder)}'s`;
      const pending = await readPending(ctx.client, { syndicate: tier.address, holder });
      await refuseNothingToClaim(ctx, { tier, holder, own: holder === account.address, pending });
      const what = `claim ${whose} requests${pending.round === 0n ? '' : ` of round ${pending.round}`} in tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...claimWrite({ syndicate: tier.address, holder }), what }, tier);
      const [sharesOut, daiWad, mkrWad] = simulated.result;
      const fields = { holder, round: pending.round, enlistDaiWad: pending.enlistDaiWad, defectShares: pending.defectShares };

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'claim', from: account.address, tier, writes: [simulated], dryRun: true, fields: { ...fields, shares: sharesOut, daiWad, mkrWad } }),
          text: dryRunText(`${what} ${tierNote(tier)}: would pay ${shares(sharesOut)}, ${dai(daiWad)} and ${mkr(mkrWad)}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const claimed = events.find((e) => e.eventName === 'Claimed');
      const paid = claimed?.eventName === 'Claimed' ? claimed.args : { shares: sharesOut, daiWad, mkrWad };
      return {
        json: writeJson(ctx, { command: 'claim', from: account.address, tier, writes: [sent], dryRun: false, fields: { ...fields, shares: paid.shares, daiWad: paid.daiWad, mkrWad: paid.mkrWad, events: eventsJson(events) } }),
        text: [
          `claimed ${whose} requests of round ${pending.round} in ${describeTier(tier)}: ${short(holder)} received ${shares(paid.shares)}, ${dai(paid.daiWad)} and ${mkr(paid.mkrWad)}`,
          ...txLines([sent]),
        ].join('\n'),
      };
    });
  });
};
