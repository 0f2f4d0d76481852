// backstop enlist <dai>: deposit DAI in a tier for shares. Instant only while no bid of the pool is out
// (no round open); during a round it is refused (exit 2, saying until when) unless --request asks to join
// when the round closes (requestEnlist: the DAI is taken now, the shares are priced at the value after
// the round and collected with backstop claim).
// Three ways to let the pool take the DAI of an instant enlist:
// - default: DAI's permit, signed here, and enlistWithPermit: one transaction. DAI's permit is all or
//   nothing: it sets the pool's allowance to 2^256-1 (unlimited, DAI's own design); the signature
//   expires PERMIT_TTL seconds after the latest block, so a leaked one cannot be used later;
// - --approve: DAI's approve for exactly the amount (skipped only when the allowance is exactly it, so an
//   unlimited or larger allowance left by an earlier permit is brought down), then enlist: nothing is left;
// - --no-permit: plain enlist on the allowance already given (refused, exit 2, when it is too small).
// A request has no permit form: it approves the amount first when the allowance is short (as --approve),
// or with --no-permit spends the allowance already given.
// Before anything is sent: the round, the DAI balance (and, with --no-permit, the allowance) are checked,
// and every transaction is simulated; approve and enlist (or requestEnlist) are simulated in sequence
// (eth_simulateV1) first, so a refused deposit never leaves an approve behind.
import { approveDaiWrite, readDaiHolder } from '../../chain/tokens.js';
import { enlistWrite, prepareEnlistWithPermit, requestEnlistWrite, syndicateEvents } from '../../chain/syndicate.js';
import { simulateWrites, type ContractWrite, type SentWrite, type SimulatedWrite } from '../../chain/send.js';
import { InputError } from '../../errors.js';
import { parseAmount } from '../args.js';
import type { Register } from '../command.js';
import { dai, shares } from '../output.js';
import {
  checkRound,
  describeTier,
  dryRunText,
  eventsJson,
  hinted,
  resolveTier,
  afterRequest,
  roundUntil,
  send,
  simulate,
  tierNote,
  txLines,
  writeJson,
  writeOptions,
  type WriteFlags,
} from '../write.js';

type Mode = 'permit' | 'approve' | 'allowance';

/** How long a signed DAI permit stays usable: 20 minutes after the chain's latest block, seconds. */
export const PERMIT_TTL = 20n * 60n;

export const register: Register = (program, execute) => {
  writeOptions(
    program
      .command('enlist')
      .description(
        "deposit DAI in a tier for shares (one transaction with DAI's permit by default; DAI's permit always grants the pool an unlimited allowance, DAI's own design: --approve gives an exact one instead); while a bid of the pool is out, --request asks to join when its round closes",
      )
      .argument('<dai>', 'DAI to deposit, e.g. 1000 or 0.5')
      .option('--approve', "approve the pool for exactly the amount first (a second transaction), then enlist: no allowance is left over, unlike DAI's permit, which grants an unlimited one")
      .option('--no-permit', 'plain enlist on the DAI allowance already given to the pool (refused if too small)')
      .option('--request', "while the tier's round is open (a bid is out): ask to join when it closes (requestEnlist; approves the amount first if needed); collect the shares with backstop claim"),
  ).action((amount: string, opts: WriteFlags & { approve?: boolean; permit: boolean; request?: boolean }) => {
    const daiWad = parseAmount(amount, { arg: '<dai>', unit: 'DAI', example: 'backstop enlist 1000 --tier 100' });
    const request = opts.request === true;
    return execute(async (ctx) => {
      const tier = await resolveTier(ctx, opts.tier);
      checkRound(tier, { verb: 'enlist', request, retry: `backstop enlist ${amount.trim()} --tier ${tier.label}` });
      const account = await ctx.account();
      const { dai: daiToken } = ctx.book.maker;
      const holding = await readDaiHolder(ctx.client, { dai: daiToken, holder: account.address, spender: tier.address });
      if (holding.daiWad < daiWad) {
        throw new InputError(`insufficient DAI: you hold ${dai(holding.daiWad)}, need ${dai(daiWad)}`, {
          hint: `fund ${account.address} with DAI, or enlist at most ${dai(holding.daiWad)}`,
        });
      }
      const mode: Mode = request ? (opts.permit === false ? 'allowance' : 'approve') : opts.approve ? 'approve' : opts.permit === false ? 'allowance' : 'permit';
      if (mode === 'allowance' && holding.allowanceWad < daiWad) {
        throw new InputError(`insufficient DAI allowance: tier ${tier.label} may take ${dai(holding.allowanceWad)} of your DAI, needs ${dai(daiWad)}`, {
          hint: request ? 'drop --no-permit to approve the amount first' : 'drop --no-permit (one transaction with DAI permit), or add --approve to approve the amount first',
        });
      }
      const what = request ? `ask to enlist ${dai(daiWad)} in tier ${tier.label} when round ${tier.status.round} closes` : `enlist ${dai(daiWad)} in tier ${tier.label}`;
      const deposit: ContractWrite = request
        ? { ...requestEnlistWrite({ syndicate: tier.address, daiWad }), what }
        : { ...enlistWrite({ syndicate: tier.address, daiWad }), what };
      const functionName = request ? 'requestEnlist' : 'enlist';
      // --approve promises no allowance is left: approve exactly the amount unless the allowance already is
      // it (DAI's approve sets, so a larger or unlimited one is brought down). A request approves only when
      // the allowance is short.
      const needsApprove = mode === 'approve' && (request ? holding.allowanceWad < daiWad : holding.allowanceWad !== daiWad);
      const approve = { ...approveDaiWrite({ dai: daiToken, spender: tier.address, daiWad }), what: `approve ${dai(daiWad)} for tier ${tier.label}` };

      // Simulate everything that will be sent, before sending any of it.
      let plan: SimulatedWrite[];
      let depositChecked = true;
      if (mode === 'permit') {
        const latest = await ctx.client.getBlock({ blockTag: 'latest' });
        const expiry = latest.timestamp + PERMIT_TTL;
        plan = [await hinted(prepareEnlistWithPermit(ctx.client, account, { syndicate: tier.address, dai: daiToken, daiWad, expiry, what }), 'enlist', tier)];
      } else if (!needsApprove) {
        plan = [await simulate(ctx, deposit, tier)];
      } else {
        const both = await hinted(simulateWrites(ctx.client, account, [approve, deposit]), functionName, tier);
        // A node without eth_simulateV1: the deposit is simulated once the approve is mined.
        depositChecked = both !== undefined;
        plan = both ?? [await simulate(ctx, approve, tier)];
      }
      const expectedShares = depositChecked && !request ? (plan[plan.length - 1]!.result as bigint) : undefined;
      const fields = { mode, request, daiWad, ...(request ? { round: tier.status.round } : { shares: expectedShares ?? null }) };

      if (opts.dryRun) {
        const outcome = !depositChecked
          ? `${functionName} not simulated (the node lacks eth_simulateV1)`
          : request
            ? `would take ${dai(daiWad)} now; shares are priced when the round closes`
            : `would mint ${shares(expectedShares!)}`;
        return {
          json: writeJson(ctx, { command: 'enlist', from: account.address, tier, writes: plan, dryRun: true, fields }),
          text: dryRunText(`${what} ${tierNote(tier)} via ${mode}: ${outcome}`, plan),
        };
      }

      const sent: SentWrite[] = [];
      if (needsApprove) {
        sent.push(await send(ctx, plan[0]!, tier));
        // Simulated again on the state the approve left.
        sent.push(await send(ctx, await simulate(ctx, deposit, tier), tier));
      } else {
        sent.push(await send(ctx, plan[0]!, tier));
      }
      const last = sent[sent.length - 1]!;
      const events = syndicateEvents(last.receipt.logs, tier.address);
      if (request) {
        const asked = events.find((e) => e.eventName === 'EnlistRequested');
        const round = asked?.eventName === 'EnlistRequested' ? asked.args.round : tier.status.round;
        return {
          json: writeJson(ctx, { command: 'enlist', from: account.address, tier, writes: sent, dryRun: false, fields: { ...fields, round, events: eventsJson(events) } }),
          text: [
            `asked to enlist ${dai(daiWad)} in ${describeTier(tier)} when round ${round} closes: the DAI waits outside the books while the round is open ${roundUntil(await afterRequest(ctx, tier))}, ` +
              `then buys shares at the value after the round; collect them with backstop claim --tier ${tier.label} (backstop cancel --enlist --tier ${tier.label} takes the DAI back before then)`,
            ...txLines(sent),
          ].join('\n'),
        };
      }
      const enlisted = events.find((e) => e.eventName === 'Enlisted');
      const minted = enlisted?.eventName === 'Enlisted' ? enlisted.args.shares : (last.result as bigint);
      return {
        json: writeJson(ctx, { command: 'enlist', from: account.address, tier, writes: sent, dryRun: false, fields: { ...fields, shares: minted, events: eventsJson(events) } }),
        text: [`enlisted ${dai(daiWad)} in ${describeTier(tier)}: ${shares(minted)} minted`, ...txLines(sent)].join('\n'),
      };
    });
  });
};
