// backstop skim: find DAI and MKR sent to the pool outside its books and release them to holders over a
// day (DAI into the liquid book, MKR credited per share), so a deposit made just before cannot take them
// (anyone may; only while no position is open).
import { skimWrite, syndicateEvents } from '../../chain/syndicate.js';
import type { Register } from '../command.js';
import { dai, isoTime, mkr } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(program.command('skim').description('release DAI and MKR sent to the pool outside its books to its holders, over a day')).action((opts: WriteFlags) =>
    execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const what = `skim tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...skimWrite({ syndicate: tier.address }), what }, tier);
      const [daiWad, mkrWad] = simulated.result;

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'skim', from: account.address, tier, writes: [simulated], dryRun: true, fields: { daiWad, mkrWad } }),
          text: dryRunText(`${what} ${tierNote(tier)}: would find ${dai(daiWad)} and ${mkr(mkrWad)} to release over a day`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const skimmed = events.find((e) => e.eventName === 'Skimmed');
      const found = skimmed?.eventName === 'Skimmed' ? skimmed.args : { daiWad, mkrWad, releaseEnd: undefined };
      return {
        json: writeJson(ctx, { command: 'skim', from: account.address, tier, writes: [sent], dryRun: false, fields: { daiWad: found.daiWad, mkrWad: found.mkrWad, releaseEnd: found.releaseEnd ?? null, events: eventsJson(events) } }),
        text: [
          `skimmed ${dai(found.daiWad)} and ${mkr(found.mkrWad)} in ${describeTier(tier)}: released to its holders${found.releaseEnd === undefined ? ' over a day' : ` until ${isoTime(found.releaseEnd)}`} (paused while a bid is out)`,
          ...txLines([sent]),
        ].join('\n'),
      };
    }),
  );
};
