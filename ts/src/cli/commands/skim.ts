// backstop skim: fold DAI and MKR sent to the pool outside its books into them, for the current holders
// (anyone may; only while no position is open).
import { skimWrite, syndicateEvents } from '../../chain/syndicate.js';
import type { Register } from '../command.js';
import { dai, mkr } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(program.command('skim').description("fold DAI and MKR sent to the pool outside its books into them, for its holders")).action((opts: WriteFlags) =>
    execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const what = `skim tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...skimWrite({ syndicate: tier.address }), what }, tier);
      const [daiWad, mkrWad] = simulated.result;

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'skim', from: account.address, tier, writes: [simulated], dryRun: true, fields: { daiWad, mkrWad } }),
          text: dryRunText(`${what} ${tierNote(tier)}: would fold in ${dai(daiWad)} and ${mkr(mkrWad)}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const skimmed = events.find((e) => e.eventName === 'Skimmed');
      const folded = skimmed?.eventName === 'Skimmed' ? skimmed.args : { daiWad, mkrWad };
      return {
        json: writeJson(ctx, { command: 'skim', from: account.address, tier, writes: [sent], dryRun: false, fields: { daiWad: folded.daiWad, mkrWad: folded.mkrWad, events: eventsJson(events) } }),
        text: [`skimmed ${dai(folded.daiWad)} and ${mkr(folded.mkrWad)} into the books of ${describeTier(tier)}`, ...txLines([sent])].join('\n'),
      };
    }),
  );
};
