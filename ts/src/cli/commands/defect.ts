// backstop defect <shares|all>: burn shares for their part of the pool's DAI, and all the MKR credited to
// you. Instant only while no bid of the pool is out (no round open); during a round it is refused (exit
// 2, saying until when) unless --request asks to leave when the round closes (requestDefect: the shares
// are locked now, carry the round's outcome, and are paid at the value after it through backstop claim).
// `all` is your whole balance.
import { defectWrite, readHolder, requestDefectWrite, syndicateEvents } from '../../chain/syndicate.js';
import { InputError } from '../../errors.js';
import { parseAmount } from '../args.js';
import type { Register } from '../command.js';
import { dai, mkr, shares as fmtShares } from '../output.js';
import { afterRequest, checkRound, describeTier, dryRunText, eventsJson, resolveTier, roundUntil, send, simulate, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('defect')
      .description('burn shares for their part of the pool in DAI, with your MKR; "all" burns your whole balance; while a bid of the pool is out, --request asks to leave when its round closes')
      .argument('<shares|all>', 'shares to burn (decimal, 18 decimals), or all')
      .option('--request', "while the tier's round is open (a bid is out): lock the shares now and ask for their DAI and MKR when the round closes (requestDefect); collect with backstop claim"),
  ).action((amount: string, opts: WriteFlags & { request?: boolean }) => {
    const all = amount.trim().toLowerCase() === 'all';
    const asked = all ? undefined : parseAmount(amount, { arg: '<shares|all>', unit: 'shares', example: 'backstop defect 100 --tier 100, or backstop defect all --tier 100' });
    const request = opts.request === true;
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const holder = await readHolder(ctx.client, { syndicate: tier.address, holder: account.address });
      if (holder.shares === 0n) {
        throw new InputError(`you hold no ${tier.symbol} shares: nothing to defect from tier ${tier.label}`, {
          hint: `check the account (${account.address}) and the tier (backstop status --tier ${tier.label}${holder.pending.defectShares > 0n ? ': your locked shares are collected with backstop claim' : ''})`,
        });
      }
      if (asked !== undefined && asked > holder.shares) {
        throw new InputError(`insufficient shares: you hold ${fmtShares(holder.shares)} of ${tier.symbol}, asked to burn ${fmtShares(asked)}`, {
          hint: `defect at most that, or backstop defect all --tier ${tier.label}${request || tier.status.roundOpen ? ' --request' : ''}`,
        });
      }
      const burn = asked ?? holder.shares;
      // The shares first: a holder without enough gets that error whether or not a round is open (not
      // advice to --request that would then fail the same way).
      checkRound(tier, { verb: 'defect', request, retry: `backstop defect ${amount.trim()} --tier ${tier.label}` });

      if (request) {
        const round = tier.status.round;
        const what = `ask to defect ${fmtShares(burn)} of tier ${tier.label} when round ${round} closes`;
        const simulated = await simulate(ctx, { ...requestDefectWrite({ syndicate: tier.address, shares: burn }), what }, tier);
        if (opts.dryRun) {
          return {
            json: writeJson(ctx, { command: 'defect', from: account.address, tier, writes: [simulated], dryRun: true, fields: { request, round, shares: burn } }),
            text: dryRunText(`${what} ${tierNote(tier)}: would lock the shares until the round closes`, [simulated]),
          };
        }
        const sent = await send(ctx, simulated, tier);
        const events = syndicateEvents(sent.receipt.logs, tier.address);
        const requested = events.find((e) => e.eventName === 'DefectRequested');
        const inRound = requested?.eventName === 'DefectRequested' ? requested.args.round : round;
        return {
          json: writeJson(ctx, { command: 'defect', from: account.address, tier, writes: [sent], dryRun: false, fields: { request, round: inRound, shares: burn, sharesLeft: holder.shares - burn, events: eventsJson(events) } }),
          text: [
            `asked to defect ${fmtShares(burn)} of ${describeTier(tier)} when round ${inRound} closes: the shares are locked and share the outcome of the pool's open bids while the round is open ${roundUntil(await afterRequest(ctx, tier))}, ` +
              `then are paid at the value after the round; collect the DAI and MKR with backstop claim --tier ${tier.label} (backstop cancel --defect --tier ${tier.label} unlocks them before then)`,
            ...txLines([sent]),
          ].join('\n'),
        };
      }

      const what = `defect ${fmtShares(burn)} of tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...defectWrite({ syndicate: tier.address, shares: burn }), what }, tier);
      const [daiWad, mkrWad] = simulated.result;

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'defect', from: account.address, tier, writes: [simulated], dryRun: true, fields: { request, shares: burn, daiWad, mkrWad } }),
          text: dryRunText(`${what} ${tierNote(tier)}: would pay ${dai(daiWad)} and ${mkr(mkrWad)}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const defected = events.find((e) => e.eventName === 'Defected');
      const paid = defected?.eventName === 'Defected' ? defected.args : { shares: burn, daiWad, mkrWad };
      const left = holder.shares - paid.shares;
      return {
        json: writeJson(ctx, {
          command: 'defect',
          from: account.address,
          tier,
          writes: [sent],
          dryRun: false,
          fields: { request, shares: paid.shares, daiWad: paid.daiWad, mkrWad: paid.mkrWad, sharesLeft: left, events: eventsJson(events) },
        }),
        text: [
          `defected ${fmtShares(paid.shares)} of ${describeTier(tier)}: received ${dai(paid.daiWad)} and ${mkr(paid.mkrWad)}; ${fmtShares(left)} left`,
          ...txLines([sent]),
        ].join('\n'),
      };
    });
  });
};
