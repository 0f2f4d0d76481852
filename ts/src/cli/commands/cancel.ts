// backstop cancel --enlist|--defect: withdraws your request of the tier's open round before it closes:
// a deposit request's DAI comes back, an exit request's shares are unlocked (with the MKR they earned
// while locked). Once the round has closed the request has executed: collect it with backstop claim.
import { cancelDefectWrite, cancelEnlistWrite, readPending, syndicateEvents, type PendingRequests } from '../../chain/syndicate.js';
import type { ContractWrite } from '../../chain/send.js';
import { InputError } from '../../errors.js';
import type { Register } from '../command.js';
import { dai, shares } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type Tier, type WriteFlags } from '../write.js';

/**
 * Refuses, before anything is simulated or sent, a cancel with nothing to cancel: no request of that
 * kind (the contract's `NoRequest`), or one whose round has closed, so it executed (`RequestLocked`).
 * @throws InputError (exit 2) saying what to do instead.
 */
function refuseNothingToCancel(tier: Tier, kind: 'enlist' | 'defect', pending: PendingRequests): void {
  const name = kind === 'enlist' ? 'deposit' : 'exit';
  const amount = kind === 'enlist' ? pending.enlistDaiWad : pending.defectShares;
  if (pending.round === 0n || amount === 0n) {
    const other = kind === 'enlist' ? pending.defectShares : pending.enlistDaiWad;
    const otherKind = kind === 'enlist' ? 'defect' : 'enlist';
    throw new InputError(`you have no ${name} request in tier ${tier.label}: nothing to cancel`, {
      hint: other > 0n && pending.round !== 0n && !pending.executed ? `your request in round ${pending.round} is ${kind === 'enlist' ? 'an exit' : 'a deposit'}: backstop cancel --${otherKind} --tier ${tier.label}` : `backstop status --tier ${tier.label} shows your requests`,
    });
  }
  if (pending.executed) {
    throw new InputError(`your ${name} request of round ${pending.round} in tier ${tier.label} has executed (the round closed): it can no longer be cancelled`, {
      hint: `collect it with backstop claim --tier ${tier.label}`,
    });
  }
}

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('cancel')
      .description('withdraw your deposit (--enlist) or exit (--defect) request before its round closes')
      .option('--enlist', 'your deposit request: its DAI comes back')
      .option('--defect', 'your exit request: its shares are unlocked'),
  ).action((opts: WriteFlags & { enlist?: boolean; defect?: boolean }) => {
    if (opts.enlist === opts.defect) {
      throw new InputError(opts.enlist ? 'cancel: give --enlist or --defect, not both' : 'cancel: say which request, --enlist or --defect', {
        hint: 'e.g. backstop cancel --defect --tier 100 (one command per request)',
      });
    }
    const kind = opts.enlist ? 'enlist' : 'defect';
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const pending = await readPending(ctx.client, { syndicate: tier.address, holder: account.address });
      refuseNothingToCancel(tier, kind, pending);
      const what = `cancel your ${kind === 'enlist' ? 'deposit' : 'exit'} request in tier ${tier.label}`;
      const write: ContractWrite<bigint> = kind === 'enlist' ? cancelEnlistWrite({ syndicate: tier.address }) : cancelDefectWrite({ syndicate: tier.address });
      const simulated = await simulate(ctx, { ...write, what }, tier);
      const back = simulated.result;
      const amount = kind === 'enlist' ? dai(back) : shares(back);
      const fields = kind === 'enlist' ? { request: kind, daiWad: back } : { request: kind, shares: back };

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'cancel', from: account.address, tier, writes: [simulated], dryRun: true, fields }),
          text: dryRunText(`${what} ${tierNote(tier)}: would give back ${amount}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const cancelled = events.find((e) => e.eventName === 'EnlistCancelled' || e.eventName === 'DefectCancelled');
      const round = cancelled?.eventName === 'EnlistCancelled' || cancelled?.eventName === 'DefectCancelled' ? cancelled.args.round : null;
      return {
        json: writeJson(ctx, { command: 'cancel', from: account.address, tier, writes: [sent], dryRun: false, fields: { ...fields, round, events: eventsJson(events) } }),
        text: [`cancelled your ${kind === 'enlist' ? 'deposit' : 'exit'} request${round === null ? '' : ` of round ${round}`} in ${describeTier(tier)}: ${amount} back`, ...txLines([sent])].join('\n'),
      };
    });
  });
};
