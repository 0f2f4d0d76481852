/**
 * Revert decoding: a custom error's revert data to its name, its arguments and a hint saying what to
 * do. The hint table is typed from the generated ABI: a new Solidity error is a compile error here
 * until it has a hint, never a silent "other".
 */
import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  toFunctionSelector,
  type ContractErrorArgs,
  type ContractErrorName,
  type Hex,
} from 'viem';
import { BackstopError } from '../errors.js';
import { formatDuration, isoSeconds } from '../units.js';
import { syndicateAbi } from './abis.js';

export type SyndicateErrorName = ContractErrorName<typeof syndicateAbi>;
type Args<N extends SyndicateErrorName> = ContractErrorArgs<typeof syndicateAbi, N>;

/**
 * What a round's `closeBy` (unix s) means, in words: 0 is no deadline yet (no request has been made in
 * the round), else the time every position of the round is due by, as a UTC date; with `nowUnixS`
 * (a time before it) also how long until then. Pure.
 * @returns "no deadline until the first request", or "every position due by 2020-03-31T20:29:00Z (in 5h 59m)".
 */
export function roundDeadlineText(closeByUnixS: bigint, nowUnixS?: bigint): string {
  if (closeByUnixS === 0n) return 'no deadline until the first request';
  const left = nowUnixS !== undefined && closeByUnixS > nowUnixS ? ` (in ${formatDuration(closeByUnixS - nowUnixS)})` : '';
  return `every position due by ${isoSeconds(closeByUnixS)}${left}`;
}

/** Amounts in hints are raw integers with their unit (times as UTC dates); the CLI prints decoded arguments formatted. */
export const SYNDICATE_ERROR_HINTS = {
  PoolHalted: () => 'the owner halted this pool for good: no deposits or bids; defect still works',
  RoundOpen: ([closeBy]) =>
    `a bid of the pool is out (its round is open, ${roundDeadlineText(closeBy)}): enlist and defect wait for the round to close; requestEnlist or requestDefect asks to join or leave when it does`,
  NoRoundOpen: () => 'no position is open, so there is no round to join: enlist and defect are instant',
  RoundClosing: ([closeBy, settleAt]) => `requests are pending and every position must be due by ${closeBy} (unix s); this bid would settle at ${settleAt}: enter after the round closes`,
  NoRequest: ([holder]) => `${holder} has no such request in this pool`,
  RequestLocked: ([round]) => `round ${round} has closed: the request executed and can no longer be cancelled; claim it`,
  RequestPending: ([round]) => `round ${round} is still open: its requests execute when its last position is finalized; claim after that`,
  NothingToClaim: ([holder]) => `${holder} has no MKR to claim`,
  SharesToPool: () => "shares cannot be sent to the pool itself (its balance holds the requests): use requestDefect, or defect when no bid is out",
  SharesWithoutDai: () => 'the shares outstanding own less than 1 DAI and can no longer be written off (every share epoch used): a deposit cannot be priced',
  MkrPerShareFull: () => 'the per-share MKR accumulator could not take this lot: enter once more shares exist',
  DepositTooLarge: () => 'deposit at most the maxDaiWad the error carries',
  InsufficientLiquidity: () => 'the pool has less liquid DAI than needed: a defect takes at most what the error carries (see maxDefect); a bid needs more DAI enlisted, or open positions to settle',
  PriceAboveLimit: () => 'the auction implies more DAI per MKR than this tier pays: wait for tick to grow the lot, or use a higher tier',
  FlopperNotLive: () => 'global settlement caged the Flopper: finalize open positions; no new bids',
  AuctionNotFound: ([id]) => `auction ${id} has no bidder: never kicked, or already dealt or yanked`,
  AuctionFinished: ([id]) => `auction ${id} has finished: deal it, or tick it if nobody bid`,
  BidOutOfRange: ([id]) => `auction ${id} asks a bid a position cannot hold (1 DAI to 2^64-1 nano-DAI)`,
  LotOutOfRange: ([id]) => `auction ${id} offers a lot a position cannot hold (1 wei to 2^96-1)`,
  SettleTimeOutOfRange: ([id]) => `auction ${id} would settle beyond the times a position can hold`,
  MkrBookFull: () => 'the MKR book is full: enter once MKR is paid out',
  BidMismatch: () => 'open positions carry another bid size: enter once they settle',
  AlreadyHighBidder: ([id]) => `the pool already leads auction ${id}: nothing to do until a rival outbids it`,
  AuctionStillRunning: ([id, settleAt]) => `the pool's bid in auction ${id} stands until ${settleAt} (unix s): finalize after that`,
  NoPosition: ([id]) => `the pool has no open position in auction ${id}`,
  AuctionIdTooLarge: () => 'auction ids above 2^32-1 are not supported',
  InsertionHintRequired: ([settleAt]) => `use enterAuctionAfter(id, insertionPoint(${settleAt})): the position settles before the last open one`,
  BadInsertionHint: ([, settleAt]) => `recompute the hint with insertionPoint(${settleAt})`,
  ZeroAmount: () => 'the amount is zero: give a positive amount',
  ZeroShares: () => 'the deposit would mint no share: deposit more',
  ZeroPayout: () => 'burning that few shares pays nothing: defect more',
  InsufficientShares: ([balance]) => `you hold ${balance} shares (1e18 = one share): defect at most that`,
  PositionsOpen: ([id]) => `skim needs no open position: finalize ${id} and the others first`,
  TooFewShares: () => 'skim needs at least one whole share outstanding',
  NothingToSkim: () => 'nothing sits outside the books',
  NotOwner: () => 'only the owner may do this',
  NotPendingOwner: () => 'only the pending owner may accept ownership',
  BadMakerAddresses: () => 'a Maker address is zero or the Maker contracts do not match each other',
  LimitOutOfRange: () => 'the limit must be between 1e9 and 1e30 wad DAI per MKR (1e-9 to 1e12 DAI/MKR)',
  // The share token's ERC20 (solady)
  AllowanceOverflow: () => 'the allowance would overflow',
  AllowanceUnderflow: () => 'the allowance is too small: approve more shares',
  InsufficientAllowance: () => 'the allowance is too small: approve more shares',
  InsufficientBalance: () => 'the share balance is too small',
  InvalidPermit: () => 'the share permit signature is invalid: sign it again',
  PermitExpired: () => 'the share permit expired: sign a new one',
  Permit2AllowanceIsFixedAtInfinity: () => 'Permit2 allowance is fixed at infinity',
  TotalSupplyOverflow: () => 'the share supply would overflow',
} as const satisfies { [N in SyndicateErrorName]: (args: Args<N>) => string };

export interface DecodedRevert<N extends SyndicateErrorName = SyndicateErrorName> {
  name: N;
  args: Args<N>;
  hint: string;
  /** The error's parameter names, as in the ABI (`priceWad`, `limitWad`): they carry the units. */
  argNames: readonly string[];
  /** `PriceAboveLimit(priceWad=..., limitWad=...)`, raw integers. */
  signature: string;
}

const ERROR_INPUTS = new Map(
  syndicateAbi.filter((item) => item.type === 'error').map((item) => [item.name, item.inputs.map((i) => i.name)]),
);

/** Decodes a syndicate custom error from revert data (as `canEnter` returns it); undefined if unknown. */
export function decodeSyndicateError(data: Hex): DecodedRevert | undefined {
  if (data === '0x' || data.length < 10) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: syndicateAbi, data });
    const name = decoded.errorName as SyndicateErrorName;
    const args = (decoded.args ?? []) as readonly unknown[];
    const hint = (SYNDICATE_ERROR_HINTS[name] as (a: readonly unknown[]) => string)(args);
    const names = ERROR_INPUTS.get(name) ?? [];
    const signature = `${name}(${args.map((a, i) => `${names[i] ? `${names[i]}=` : ''}${String(a)}`).join(', ')})`;
    return { name, args, hint, argNames: names, signature } as unknown as DecodedRevert;
  } catch {
    return undefined;
  }
}

/** A transaction or call the chain refused, with the decoded custom error when there is one. */
export class ChainRevertError extends BackstopError {
  override name = 'ChainRevertError';
  readonly revert: DecodedRevert | undefined;
  constructor(shortMessage: string, revert: DecodedRevert | undefined, cause?: unknown) {
    super(revert ? `${shortMessage}: ${revert.signature}` : shortMessage, { kind: 'chain', hint: revert?.hint, cause });
    this.revert = revert;
  }
}

/**
 * Errors of solady's SafeTransferLib and SSTORE2, which the syndicate and its factory raise from
 * assembly (so they are not in the ABIs): DAI refusing `transferFrom` for lack of balance or allowance; a
 * contract creation inside the call failing (the factory's blueprint).
 */
const TOKEN_CALL_ERRORS = new Map<string, string>(
  [
    ['TransferFromFailed()', 'the token refused transferFrom: balance or allowance too small'],
    ['TransferFailed()', 'the token refused transfer'],
    ['ApproveFailed()', 'the token refused approve'],
    ['DeploymentFailed()', 'a contract creation inside the call failed: code over the 24,576-byte limit, or out of gas'],
  ].map(([signature, meaning]) => [toFunctionSelector(signature!), `${signature} (${meaning})`]),
);

/** Revert data somewhere in a viem error's causes (`data` as hex), if any. */
function revertData(error: unknown): Hex | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && /^0x[0-9a-fA-F]*$/.test(data)) return data as Hex;
  }
  return undefined;
}

/** Turns a viem error from a call or simulation into a `ChainRevertError` with the custom error decoded. */
export function toChainError(error: unknown, what: string): BackstopError {
  if (error instanceof ViemBaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const data = reverted.raw;
      const decoded = data ? decodeSyndicateError(data) : undefined;
      // Not a syndicate error: keep a revert string (DAI's "Dai/insufficient-balance") when there is one.
      const tokenError = data && data.length === 10 ? TOKEN_CALL_ERRORS.get(data.toLowerCase()) : undefined;
      const reason = reverted.reason ?? tokenError;
      const why = !decoded && reason ? `: ${reason}` : '';
      return new ChainRevertError(`${what} reverted${why}`, decoded ?? undefined, error) as BackstopError;
    }
    const data = revertData(error);
    const known = data && data.length === 10 ? TOKEN_CALL_ERRORS.get(data.toLowerCase()) : undefined;
    return new BackstopError(`${what} failed: ${known ? `reverted: ${known}` : error.shortMessage}`, { kind: 'chain', cause: error });
  }
  return new BackstopError(`${what} failed: ${(error as Error).message}`, { kind: 'chain', cause: error });
}
