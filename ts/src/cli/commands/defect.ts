// backstop defect <shares|all>: burn shares for their part of the pool, in DAI and MKR. `all` is the most
// the contract lets you take now (maxDefect: your balance, capped by the liquid DAI; 0 while a
// position is due, in which case the refusal says which auction to finalize).
import { defectWrite, readHolder, syndicateEvents } from '../../chain/syndicate.js';
import { InputError } from '../../errors.js';
import { parseAmount } from '../args.js';
import type { Register } from '../command.js';
import { dai, mkr, shares as fmtShares } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('defect')
      .description('burn shares for their part of the pool in DAI and MKR; "all" takes the most you can now')
      .argument('<shares|all>', 'shares to burn (decimal, 18 decimals), or all'),
  ).action((amount: string, opts: WriteFlags) => {
    const all = amount.trim().toLowerCase() === 'all';
    const asked = all ? undefined : parseAmount(amount, { arg: '<shares|all>', unit: 'shares', example: 'backstop defect 100 --tier 100, or backstop defect all --tier 100' });
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const holder = await readHolder(ctx.client, { syndicate: tier.address, holder: account.address });
      if (holder.shares === 0n) {
        throw new InputError(`you hold no ${tier.symbol} shares: nothing to defect from tier ${tier.label}`, {
          hint: `check the account (${account.address}) and the tier (backstop status --tier ${tier.label})`,
        });
      }
      if (asked !== undefined && asked > holder.shares) {
        throw new InputError(`insufficient shares: you hold ${fmtShares(holder.shares)} of ${tier.symbol}, asked to burn ${fmtShares(asked)}`, {
          hint: `defect at most that, or backstop defect all --tier ${tier.label}`,
        });
      }
      // `all` when maxDefect is 0: simulate the whole balance, so the contract says why (SettlementDue, ...).
      const burn = asked ?? (holder.maxDefectShares > 0n ? holder.maxDefectShares : holder.shares);
      const what = `defect ${fmtShares(burn)} of tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...defectWrite({ syndicate: tier.address, shares: burn }), what }, tier);
      const [daiWad, mkrWad] = simulated.result;

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'defect', from: account.address, tier, writes: [simulated], dryRun: true, fields: { shares: burn, daiWad, mkrWad } }),
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
          fields: { shares: paid.shares, daiWad: paid.daiWad, mkrWad: paid.mkrWad, sharesLeft: left, events: eventsJson(events) },
        }),
        text: [
          `defected ${fmtShares(paid.shares)} of ${describeTier(tier)}: received ${dai(paid.daiWad)} and ${mkr(paid.mkrWad)}; ${fmtShares(left)} left`,
          ...txLines([sent]),
        ].join('\n'),
      };
    });
  });
};
