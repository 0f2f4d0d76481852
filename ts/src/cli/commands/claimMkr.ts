// backstop claim-mkr: pays you the MKR credited to your shares (won while you held them). Works at any
// time, during rounds and after a halt; defect pays it too.
import { claimMkrWrite, syndicateEvents } from '../../chain/syndicate.js';
import type { Register } from '../command.js';
import { mkr } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(program.command('claim-mkr').description('collect the MKR credited to your shares (at any time; defect pays it too)')).action((opts: WriteFlags) =>
    execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const what = `claim your MKR from tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...claimMkrWrite({ syndicate: tier.address }), what }, tier);
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
