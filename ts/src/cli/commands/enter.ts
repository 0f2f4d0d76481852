// backstop enter <id>: bid a tier's pool in debt auction <id> (anyone may; keepers do it for every
// auction). When the new position settles before the last open one, the contract wants a queue hint:
// enterAuctionAfter(id, insertionPoint(settleAt)) is sent instead.
import { prepareEnterAuction, readPosition, syndicateEvents } from '../../chain/syndicate.js';
import { parseAuctionId } from '../args.js';
import type { Register } from '../command.js';
import { dai, isoTime, mkr, price } from '../output.js';
import { describeTier, dryRunText, eventsJson, hinted, resolveTier, send, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('enter')
      .description("bid the tier's pool in debt auction <id> at the lot its limit allows")
      .argument('<id>', 'the Flopper auction id (backstop auctions lists them)'),
  ).action((idText: string, opts: WriteFlags) => {
    const id = parseAuctionId(idText);
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const what = `enter auction ${id} with tier ${tier.label}`;
      const simulated = await hinted(prepareEnterAuction(ctx.client, account, { syndicate: tier.address, id, what }), 'enterAuction', tier);
      const hint = simulated.functionName === 'enterAuctionAfter' ? (simulated.args[1] as bigint) : undefined;
      const queue = hint === undefined ? '' : ` (queued after position ${hint}, as the contract asked)`;

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'enter', from: account.address, tier, writes: [simulated], dryRun: true, fields: { id, prevId: hint ?? null } }),
          text: dryRunText(`${what} ${tierNote(tier)}${queue}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, tier);
      const events = syndicateEvents(sent.receipt.logs, tier.address);
      const entered = events.find((e) => e.eventName === 'AuctionEntered');
      const position = await readPosition(ctx.client, { syndicate: tier.address, id });
      const bid = entered?.eventName === 'AuctionEntered' ? entered.args : undefined;
      return {
        json: writeJson(ctx, {
          command: 'enter',
          from: account.address,
          tier,
          writes: [sent],
          dryRun: false,
          fields: { id, prevId: hint ?? null, lotWad: bid?.lotWad ?? null, bidDaiWad: bid?.bidDaiWad ?? null, priceWad: bid?.priceWad ?? null, settleAt: position?.settleAt ?? null, events: eventsJson(events) },
        }),
        text: [
          `${describeTier(tier)} entered auction ${id}${bid ? `: bids ${dai(bid.bidDaiWad)} for ${mkr(bid.lotWad)} (${price(bid.priceWad)})` : ''}` +
            `${position ? `; settles at ${isoTime(position.settleAt)} unless outbid` : ''}${queue}`,
          ...txLines([sent]),
        ].join('\n'),
      };
    });
  });
};
