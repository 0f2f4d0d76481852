/**
 * What the write commands share: `--tier` (required when the factory has more than one), `--dry-run`,
 * sending with the configured fee caps, refusals reworded for the command line (which command to run
 * next), and the output: `--json` with every transaction (hash, block) and the decoded events, units in
 * the key names; text with units.
 */
import type { Command } from 'commander';
import { getAddress, type Address } from 'viem';
import { ChainRevertError, roundDeadlineText, type DecodedRevert } from '../chain/errors.js';
import { readRound, readSyndicate, type OpenPosition, type PoolStatus } from '../chain/syndicate.js';
import { sendWrite, simulateWrite, type ContractWrite, type SentWrite, type SimulatedWrite } from '../chain/send.js';
import { requireFactory } from '../config/addressBook.js';
import { InputError } from '../errors.js';
import { parseAddress } from './args.js';
import type { Context } from './context.js';
import { parseTier } from './context.js';
import { formatUnit } from '../units.js';
import { dai, isoTime, price, short } from './output.js';

/** A limit as `--tier` takes it, every decimal kept: "100", "187.5". */
export const limitLabel = (limitWad: bigint) => formatUnit(limitWad, 'wad');

/** The tier a write command works on. */
export interface Tier {
  address: Address;
  limitWad: bigint;
  symbol: string;
  /** "100" for 100 DAI/MKR: what `--tier` takes. */
  label: string;
  /** The pool's status and open positions when the tier was resolved (the round among them). */
  status: PoolStatus;
  positions: OpenPosition[];
}

export interface WriteFlags {
  tier?: string;
  dryRun?: boolean;
}

/** Adds `--tier` (unless the command has none) and `--dry-run` to a write command. */
export function writeOptions(command: Command, { tier = true }: { tier?: boolean } = {}): Command {
  if (tier) command.option('--tier <dai-per-mkr|address>', "the tier: its limit in DAI per MKR, or its address (required when the factory has several)");
  return command.option('--dry-run', 'simulate and print what would be sent; send nothing');
}

/**
 * The tier from `--tier` (a limit or a syndicate address of the factory), or the only one there is
 * (the factory's, or `--tiers` with one entry).
 * @throws InputError unknown tier, bad address, several tiers and no `--tier`, no tier at all.
 */
export async function resolveTier(ctx: Context, text: string | undefined): Promise<Tier> {
  let address: Address;
  if (text === undefined) {
    const all = await ctx.tiers();
    if (all.length === 0) {
      throw new InputError(`the factory ${ctx.book.factory ?? ''} has no tier yet`, { hint: 'create one: backstop deploy --price 100' });
    }
    if (all.length > 1) {
      const pools = await Promise.all(all.map((syndicate) => readSyndicate(ctx.client, { syndicate })));
      const labels = pools.map((p) => p.limitWad).sort((a, b) => (a < b ? -1 : 1)).map((l) => limitLabel(l));
      const where = ctx.config.tierLimitsWad ? '--tiers (BACKSTOP_TIERS) names' : 'the factory has';
      throw new InputError(`--tier is required: ${where} ${all.length} tiers, ${labels.join(', ')} DAI/MKR`, {
        hint: `add --tier ${labels[0]} (or another), or set BACKSTOP_TIERS to one tier`,
      });
    }
    address = all[0]!;
  } else if (text.trim().startsWith('0x')) {
    const given = parseAddress(text, '--tier');
    const all = await ctx.tiers();
    if (!all.some((a) => getAddress(a) === given)) {
      throw new InputError(`--tier: ${given} is not a tier of factory ${requireFactory(ctx.book, ctx.config.deploymentsDir)}`, {
        hint: 'backstop tiers lists them; --tier also takes the limit, e.g. --tier 100',
      });
    }
    address = given;
  } else {
    address = await ctx.tier(parseTier(text));
  }
  const pool = await readSyndicate(ctx.client, { syndicate: address });
  return { address: pool.address, limitWad: pool.limitWad, symbol: pool.symbol, label: limitLabel(pool.limitWad), status: pool.status, positions: pool.positions };
}

/**
 * Until when a tier's round stays open, as words. Once a request set the deadline: "until about
 * <closeBy>, its deadline (every position is due by then; the last open one settles at <time>)", the
 * same deadline `status` shows; before: "at least until <the last open position's settle time>, when
 * its last open position settles" (no deadline yet).
 */
export function roundUntil(tier: Pick<Tier, 'status' | 'positions'>): string {
  const last = tier.positions.reduce((m, p) => (p.settleAt > m ? p.settleAt : m), 0n);
  if (tier.status.closeBy !== 0n) {
    const settles = last === 0n ? '' : `; the last open one settles at ${isoTime(last)}`;
    return `until about ${isoTime(tier.status.closeBy)}, its deadline (every position is due by then${settles})`;
  }
  return last === 0n ? 'until its positions settle' : `at least until ${isoTime(last)}, when its last open position settles`;
}

/**
 * The tier as it is after a request was sent: the first request of a round sets its deadline
 * (`closeBy`), which the confirmation then shows, as `status` does.
 */
export async function afterRequest(ctx: Context, tier: Tier): Promise<Tier> {
  const round = await readRound(ctx.client, { syndicate: tier.address });
  return { ...tier, status: { ...tier.status, closeBy: round.closeBy } };
}

/**
 * `enlist` and `defect` are instant only while no bid of the pool is out (no round open); during a
 * round they are requests, sent only with `--request`. Refuses, before anything is signed or sent:
 * the instant form while the round is open (saying until when, and how to request), and `--request`
 * while none is.
 * @throws InputError (exit 2) in both cases.
 */
export function checkRound(tier: Tier, { verb, request, retry }: { verb: 'enlist' | 'defect'; request: boolean; retry: string }): void {
  const { roundOpen, round } = tier.status;
  if (roundOpen && !request) {
    throw new InputError(`tier ${tier.label}'s round ${round} is open ${roundUntil(tier)}: a bid of the pool is out, and ${verb} waits for the round to close`, {
      hint: `to ${verb === 'enlist' ? 'join' : 'leave'} when it closes, ask now: ${retry} --request (${verb === 'enlist' ? 'your DAI is taken now and priced at the value after the round' : 'your shares are locked now and carry the round, then are paid at the value after it'}); or try again once it has closed`,
    });
  }
  if (!roundOpen && request) {
    throw new InputError(`--request: tier ${tier.label} has no round open (no bid of the pool is out), so there is nothing to wait for`, {
      hint: `${verb} is instant now: ${retry}`,
    });
  }
}

/** "tier 100 (DBS-100 0x1234…abcd)" */
export function describeTier(tier: Tier): string {
  return `tier ${tier.label} ${tierNote(tier)}`;
}

/** "(DBS-100 0x1234…abcd)" */
export function tierNote(tier: Tier): string {
  return `(${tier.symbol} ${short(tier.address)})`;
}

/** The CLI's own advice for the refusals a contributor meets most; the contract's hint otherwise. */
function cliHint(revert: DecodedRevert, functionName: string, tier: Tier | undefined): string {
  const tierFlag = tier ? ` --tier ${tier.label}` : '';
  const args = revert.args as readonly unknown[];
  switch (revert.name) {
    case 'RoundOpen': {
      const verb = functionName.startsWith('defect') ? 'defect' : 'enlist';
      return `a bid of the pool is out, so its round is open (${roundDeadlineText(args[0] as bigint)}): ${verb} waits for it to close; add --request to ask to ${verb === 'defect' ? 'leave' : 'join'} when it closes`;
    }
    case 'NoRoundOpen':
      return `no bid of the pool is out, so there is no round to wait for: drop --request (${functionName === 'requestDefect' ? 'defect' : 'enlist'} is instant now)`;
    case 'RoundClosing':
      return `requests to join or leave are pending and every position must be due by ${isoTime(args[0] as bigint)}; this bid would settle at ${isoTime(args[1] as bigint)}: enter once the round has closed`;
    case 'RequestPending':
      return `round ${String(args[0])} is still open: its requests execute when its last position is finalized; claim after that (backstop status${tierFlag} shows the round)`;
    case 'RequestLocked':
      return `round ${String(args[0])} has closed, so the request executed and can no longer be cancelled: collect it with backstop claim${tierFlag}`;
    case 'NoRequest':
      return functionName === 'claim'
        ? `${String(args[0])} has no request in this tier: nothing to claim (backstop claim-mkr${tierFlag} collects MKR credited to shares)`
        : `you have no ${functionName === 'cancelEnlist' ? 'deposit' : 'exit'} request in this tier (backstop status${tierFlag} shows yours)`;
    case 'NothingToClaim':
      return `nothing is claimable by you in this tier now: MKR is credited to shares when the pool wins an auction (backstop status${tierFlag} shows what is claimable)`;
    case 'InsufficientLiquidity':
      return `only ${dai(args[0] as bigint)} is liquid, less than the bid: enlist more DAI in this tier, or wait for open bids to settle`;
    case 'PriceAboveLimit':
      return `the auction asks ${price(args[0] as bigint)}, more than this tier pays (${price(args[1] as bigint)}): wait for tick to grow the lot, or use a higher tier`;
    case 'AuctionStillRunning':
      return `the pool's bid stands until ${isoTime(args[1] as bigint)}: finalize after that (backstop status${tierFlag} shows what is due)`;
    default:
      return revert.hint;
  }
}

/** Rewords a decoded refusal's hint for the command line; other errors pass unchanged. */
export function withCliHint(error: unknown, functionName: string, tier: Tier | undefined): unknown {
  if (!(error instanceof ChainRevertError) || !error.revert) return error;
  const base = error.shortMessage.split(':')[0]!;
  return new ChainRevertError(base, { ...error.revert, hint: cliHint(error.revert, functionName, tier) }, error.cause ?? error);
}

/** `simulateWrite` with the CLI's hints. */
export async function simulate<R>(ctx: Context, write: ContractWrite<R>, tier: Tier | undefined): Promise<SimulatedWrite<R>> {
  return hinted(simulateWrite(ctx.client, await ctx.account(), write), write.functionName, tier);
}

/** Awaits `work`, rewording a refusal's hint for the command line. */
export async function hinted<T>(work: Promise<T>, functionName: string, tier: Tier | undefined): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw withCliHint(error, functionName, tier);
  }
}

/** Sends a simulated write from the configured account, fees capped by the config. */
export async function send<R>(ctx: Context, write: SimulatedWrite<R>, tier: Tier | undefined): Promise<SentWrite<R>> {
  const wallet = await ctx.wallet();
  const fees = { maxFeePerGasWei: ctx.config.maxFeePerGasWei, maxPriorityFeePerGasWei: ctx.config.maxPriorityFeePerGasWei };
  return hinted(sendWrite(ctx.client, wallet, write, { fees }), write.functionName, tier);
}

/** A transaction for `--json`: sent (hash, block, gas) or, in a dry run, what would be sent. */
export function txJson(write: SimulatedWrite | SentWrite) {
  if ('hash' in write) {
    return { action: write.functionName, from: write.from, to: write.address, hash: write.hash, blockNumber: write.blockNumber, gasUsed: write.gasUsed, status: write.receipt.status };
  }
  return { action: write.functionName, from: write.from, to: write.address, args: write.args, data: write.data };
}

/** One line per transaction: `enlistWithPermit  tx 0x…  block 42` or, dry, `1. enlist(1000…) to 0x…`. */
export function txLines(writes: readonly (SimulatedWrite | SentWrite)[]): string[] {
  return writes.map((w, i) =>
    'hash' in w
      ? `  ${w.functionName}  tx ${w.hash}  block ${w.blockNumber}  gas ${w.gasUsed}`
      : `  ${i + 1}. ${w.functionName}(${w.args.map(String).join(', ')}) to ${w.address}\n     calldata ${w.data}`,
  );
}

/** The events worth showing: the pool's own (its share token's Transfer and Approval left out). */
export function eventsJson(events: readonly { eventName: string; args: unknown }[]) {
  return events.filter((e) => e.eventName !== 'Transfer' && e.eventName !== 'Approval').map((e) => ({ name: e.eventName, args: e.args }));
}

/**
 * The `--json` body every write command prints: chain, account, tier, dry run or not, the transactions
 * (the last one's hash and block at the top level too), then the command's own amounts and events.
 */
export function writeJson(
  ctx: Context,
  { command, from, tier, writes, dryRun, fields }: { command: string; from: Address; tier: Tier | undefined; writes: readonly (SimulatedWrite | SentWrite)[]; dryRun: boolean; fields: Record<string, unknown> },
) {
  const last = writes[writes.length - 1];
  return {
    command,
    chainId: ctx.book.chainId,
    account: from,
    ...(tier ? { syndicate: tier.address, limitWad: tier.limitWad } : {}),
    dryRun,
    ...(last && 'hash' in last ? { hash: last.hash, blockNumber: last.blockNumber } : {}),
    transactions: writes.map(txJson),
    ...fields,
  };
}

/** The text of a dry run: the header line, then each transaction that would be sent. */
export function dryRunText(headline: string, writes: readonly SimulatedWrite[]): string {
  return [`dry run, nothing sent: ${headline}`, `would send ${writes.length} transaction${writes.length === 1 ? '' : 's'} from ${writes[0]?.from ?? ''}:`, ...txLines(writes)].join('\n');
}
