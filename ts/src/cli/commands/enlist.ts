// backstop enlist <dai>: deposit DAI in a tier for shares. Three ways to let the pool take the DAI:
// - default: DAI's permit, signed here, and enlistWithPermit: one transaction;
// - --approve: DAI's approve for exactly the amount (skipped when the allowance covers it), then enlist;
// - --no-permit: plain enlist on the allowance already given (refused, exit 2, when it is too small).
// Before anything is sent: the DAI balance (and, with --no-permit, the allowance) is checked, and every
// transaction is simulated; with --approve both are simulated in sequence (eth_simulateV1) first, so a
// refused enlist never leaves an approve behind.
import { approveDaiWrite, readDaiHolder } from '../../chain/tokens.js';
import { enlistWrite, prepareEnlistWithPermit, syndicateEvents } from '../../chain/syndicate.js';
import { simulateWrites, type SentWrite, type SimulatedWrite } from '../../chain/send.js';
import { InputError } from '../../errors.js';
import { parseAmount } from '../args.js';
import type { Register } from '../command.js';
import { dai, shares } from '../output.js';
import { describeTier, dryRunText, eventsJson, hinted, resolveTier, send, simulate, tierNote, txLines, writeJson, writeOptions, type WriteFlags } from '../write.js';

type Mode = 'permit' | 'approve' | 'allowance';

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('enlist')
      .description('deposit DAI in a tier for shares (one transaction with DAI permit by default)')
      .argument('<dai>', 'DAI to deposit, e.g. 1000 or 0.5')
      .option('--approve', "approve the pool for the amount first (a second transaction), then enlist; for accounts that prefer approve to DAI's permit")
      .option('--no-permit', 'plain enlist on the DAI allowance already given to the pool (refused if too small)'),
  ).action((amount: string, opts: WriteFlags & { approve?: boolean; permit: boolean }) => {
    const daiWad = parseAmount(amount, { arg: '<dai>', unit: 'DAI', example: 'backstop enlist 1000 --tier 100' });
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      const account = await ctx.account();
      const { dai: daiToken } = ctx.book.maker;
      const holding = await readDaiHolder(ctx.client, { dai: daiToken, holder: account.address, spender: tier.address });
      if (holding.daiWad < daiWad) {
        throw new InputError(`insufficient DAI: you hold ${dai(holding.daiWad)}, need ${dai(daiWad)}`, {
          hint: `fund ${account.address} with DAI, or enlist at most ${dai(holding.daiWad)}`,
        });
      }
      const mode: Mode = opts.approve ? 'approve' : opts.permit === false ? 'allowance' : 'permit';
      if (mode === 'allowance' && holding.allowanceWad < daiWad) {
        throw new InputError(`insufficient DAI allowance: tier ${tier.label} may take ${dai(holding.allowanceWad)} of your DAI, needs ${dai(daiWad)}`, {
          hint: 'drop --no-permit (one transaction with DAI permit), or add --approve to approve the amount first',
        });
      }
      const what = `enlist ${dai(daiWad)} in tier ${tier.label}`;
      const enlist = { ...enlistWrite({ syndicate: tier.address, daiWad }), what };
      const needsApprove = mode === 'approve' && holding.allowanceWad < daiWad;
      const approve = { ...approveDaiWrite({ dai: daiToken, spender: tier.address, daiWad }), what: `approve ${dai(daiWad)} for tier ${tier.label}` };

      // Simulate everything that will be sent, before sending any of it.
      let plan: SimulatedWrite[];
      let enlistChecked = true;
      if (mode === 'permit') {
        plan = [await hinted(prepareEnlistWithPermit(ctx.client, account, { syndicate: tier.address, dai: daiToken, daiWad, what }), 'enlist', tier)];
      } else if (!needsApprove) {
        plan = [await simulate(ctx, enlist, tier)];
      } else {
        const both = await hinted(simulateWrites(ctx.client, account, [approve, enlist]), 'enlist', tier);
        // A node without eth_simulateV1: the enlist is simulated once the approve is mined.
        enlistChecked = both !== undefined;
        plan = both ?? [await simulate(ctx, approve, tier)];
      }
      const expectedShares = enlistChecked ? (plan[plan.length - 1]!.result as bigint) : undefined;

      if (opts.dryRun) {
        const outcome = expectedShares === undefined ? 'enlist not simulated (the node lacks eth_simulateV1)' : `would mint ${shares(expectedShares)}`;
        return {
          json: writeJson(ctx, { command: 'enlist', from: account.address, tier, writes: plan, dryRun: true, fields: { mode, daiWad, shares: expectedShares ?? null } }),
          text: dryRunText(`${what} ${tierNote(tier)} via ${mode}: ${outcome}`, plan),
        };
      }

      const sent: SentWrite[] = [];
      if (needsApprove) {
        sent.push(await send(ctx, plan[0]!, tier));
        // Simulated again on the state the approve left.
        sent.push(await send(ctx, await simulate(ctx, enlist, tier), tier));
      } else {
        sent.push(await send(ctx, plan[0]!, tier));
      }
      const last = sent[sent.length - 1]!;
      const events = syndicateEvents(last.receipt.logs, tier.address);
      const enlisted = events.find((e) => e.eventName === 'Enlisted');
      const minted = enlisted?.eventName === 'Enlisted' ? enlisted.args.shares : (last.result as bigint);
      return {
        json: writeJson(ctx, { command: 'enlist', from: account.address, tier, writes: sent, dryRun: false, fields: { mode, daiWad, shares: minted, events: eventsJson(events) } }),
        text: [`enlisted ${dai(daiWad)} in ${describeTier(tier)}: ${shares(minted)} minted`, ...txLines(sent)].join('\n'),
      };
    });
  });
};
