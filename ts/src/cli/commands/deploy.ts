// backstop deploy --price <dai-per-mkr>: create a new tier on the factory (anyone may; the factory's
// owner owns every tier). An existing tier is refused before anything is sent.
import { createTierWrite, factoryEvents, readTier, TIER_LIMIT_RANGE_WAD } from '../../chain/factory.js';
import { readSyndicate } from '../../chain/syndicate.js';
import { requireFactory } from '../../config/addressBook.js';
import { InputError } from '../../errors.js';
import { parseAmount } from '../args.js';
import type { Register } from '../command.js';
import { price } from '../output.js';
import { dryRunText, eventsJson, limitLabel, send, simulate, txLines, writeJson, writeOptions } from '../write.js';

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('deploy')
      .description('create a new tier on the factory: a syndicate that pays at most --price DAI per MKR')
      .requiredOption('--price <dai-per-mkr>', "the new tier's limit in DAI per MKR, e.g. 120"),
    { tier: false },
  ).action((opts: { price: string; dryRun?: boolean }) => {
    const limitWad = parseAmount(opts.price, { arg: '--price', unit: 'DAI per MKR', example: 'backstop deploy --price 120' });
    const { min, max } = TIER_LIMIT_RANGE_WAD;
    if (limitWad < min || limitWad > max) {
      throw new InputError(`--price: ${price(limitWad, 18)} is outside the limits a tier can have`, {
        hint: `give from ${price(min, 18)} to ${price(max)}`,
      });
    }
    return execute(async (ctx) => {
      const factory = requireFactory(ctx.book, ctx.config.deploymentsDir);
      const existing = await readTier(ctx.client, { factory, limitWad });
      if (existing) {
        throw new InputError(`tier ${limitLabel(limitWad)} DAI/MKR exists already, at ${existing}`, {
          hint: `use it (backstop enlist <dai> --tier ${limitLabel(limitWad)}), or give another --price`,
        });
      }
      const account = await ctx.account();
      const what = `create tier ${limitLabel(limitWad)} DAI/MKR`;
      const simulated = await simulate(ctx, { ...createTierWrite({ factory, limitWad }), what }, undefined);

      if (opts.dryRun) {
        return {
          json: writeJson(ctx, { command: 'deploy', from: account.address, tier: undefined, writes: [simulated], dryRun: true, fields: { factory, limitWad, syndicate: simulated.result } }),
          text: dryRunText(`${what} on factory ${factory}: the tier would live at ${simulated.result}`, [simulated]),
        };
      }
      const sent = await send(ctx, simulated, undefined);
      const events = factoryEvents(sent.receipt.logs, factory);
      const created = events.find((e) => e.eventName === 'SyndicateCreated');
      const syndicate = created?.args.syndicate ?? simulated.result;
      const pool = await readSyndicate(ctx.client, { syndicate });
      return {
        json: writeJson(ctx, {
          command: 'deploy',
          from: account.address,
          tier: undefined,
          writes: [sent],
          dryRun: false,
          fields: { factory, limitWad, syndicate, symbol: pool.symbol, events: eventsJson(events) },
        }),
        text: [
          `created tier ${limitLabel(limitWad)} DAI/MKR: ${pool.symbol} at ${syndicate} on factory ${factory}; join it with backstop enlist <dai> --tier ${limitLabel(limitWad)}`,
          ...txLines([sent]),
        ].join('\n'),
      };
    });
  });
};
