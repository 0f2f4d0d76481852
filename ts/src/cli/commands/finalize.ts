// backstop finalize <id>: settle the pool's position in auction <id> (anyone may): deal a won auction
// (MKR into the pool's book, credited to the shares of the round), book the refund of an outbid bid, or
// yank after global settlement. The finalize that settles the last open position closes the round: its
// requests to join and leave execute then (RoundClosed), and enlist and defect are instant again.
import { finalizeWrite, syndicateEvents } from '../../chain/syndicate.js';
import { parseAuctionId } from '../args.js';
import type { Register } from '../command.js';
import { dai, mkr, shares } from '../output.js';
import { describeTier, dryRunText, eventsJson, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('finalize')
      .description("settle the tier's position in auction <id>: MKR if won, DAI back if outbid")
      .argument('<id>', 'the Flopper auction id of the position (backstop status lists what is due)'),
  ).action((idText: string, opts: WriteFlags) => {
    const id = parseAuctionId(idText);
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const what = `finalize auction ${id} in tier ${tier.label}`;
      const simulated = await simulate(ctx, { ...finalizeWrite({ syndicate: tier.address, id }), what }, tier);

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'finalize', from: account.address, tier, writes: [simulated], dryRun: true, fields: { id, won: simulated.result } }),
          text: dryRunText(`${what} ${tierNote(tier)}: would settle it as ${simulated.result ? 'won' : 'not won (DAI back)'}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const finalized = events.find((e) => e.eventName === 'AuctionFinalized');
      const outcome = finalized?.eventName === 'AuctionFinalized' ? finalized.args : undefined;
      const won = outcome?.won ?? sent.result;
      const summary = outcome
        ? won
          ? `won ${mkr(outcome.lotWad)} for ${dai(outcome.daiWad)}, credited to the round's shares`
          : `not won: ${dai(outcome.daiWad)} back in the pool's liquid DAI`
        : won
          ? 'won'
          : 'not won';
      const closed = events.find((e) => e.eventName === 'RoundClosed');
      const round = closed?.eventName === 'RoundClosed' ? closed.args : undefined;
      const closing = round
        ? `; round ${round.round} closed: ${dai(round.enlistDaiWad)} enlisted for ${shares(round.mintedShares)}, ${shares(round.defectShares)} asked back for ${dai(round.paidDaiWad)} (the requesters collect with backstop claim)`
        : '';
      return {
        json: writeJson(ctx, {
          command: 'finalize',
          from: account.address,
          tier,
          writes: [sent],
          dryRun: false,
          fields: { id, won, lotWad: outcome?.lotWad ?? null, daiWad: outcome?.daiWad ?? null, roundClosed: round?.round ?? null, events: eventsJson(events) },
        }),
        text: [`finalized auction ${id} in ${describeTier(tier)}: ${summary}${closing}`, ...txLines([sent])].join('\n'),
      };
    });
  });
};
