/**
 * Fork mode: the debt-auction flow of the syndicate and its keeper against Maker's contracts on an
 * Anvil fork, in one call (`runForkFlow`).
 *
 *   1. the upstream answers (its chain id); `march-2020` finds the block of the first debt auction (the
 *      March 2020 Flopper's Kick of auction 1, networks.ts MARCH_2020_FIRST_FLOP) and checks the
 *      upstream still has state there (an archive node);
 *   2. Anvil forks the upstream at the block (the block before the first debt auction for
 *      `march-2020`; the upstream's latest unless given otherwise);
 *   3. the Maker addresses and governance are resolved and checked (addresses.ts);
 *   4. the Maker side (kick.ts): governance repairs what keeps the Flopper from kicking or minting
 *      (`local` and `recent`), files the March 2020 parameters (`recent`, where sump is far larger),
 *      due queued debt is flogged, governance sucks what debt is missing (`local`, `recent`), the
 *      Vow's DAI is healed, and `vow.flop()` kicks a debt auction (`march-2020`: at the time of the
 *      first debt auction's block, with the Vow's own debt only);
 *   5. a SyndicateFactory and its tier (100 DAI/MKR by default) are deployed from the Forge artifacts
 *      with the resolved addresses; members get DAI (governance `vat.suck`, then `hope` and
 *      `daiJoin.exit`) and enlist with a DAI permit (the CLI's chain code);
 *   6. the keeper (keeper/keeper.ts) is stepped in-process while time moves: it ticks the unbid lot
 *      (which grows by `pad`) until the tier can enter, enters, and finalizes once its bid expires;
 *   7. every member defects and is paid DAI and MKR pro rata;
 *   8. Anvil is stopped, on success, error or abort alike.
 *
 * Nothing here reads the environment: the caller passes the URLs, the binary and the logger.
 */
import { getAddress, isAddressEqual, zeroAddress, type Address, type Hash, type LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainFor, createReadClient, createSendClient, fetchChainId, type ReadClient, type SendClient } from '../chain/clients.js';
import { createTierWrite, deploySyndicateFactory } from '../chain/factory.js';
import { auctionDeadline, getFlopperLogs, readAuctions, type FlopAuction } from '../chain/flopper.js';
import { daiJoinExitWrite, vatHopeWrite, vatSuckWrite } from '../chain/governance.js';
import type { KeeperCall } from '../chain/keeperCalls.js';
import { mineBlockAt, sendAndMine } from '../chain/replay.js';
import { defectWrite, prepareEnlistWithPermit, readHolder, readPosition, readSyndicate } from '../chain/syndicate.js';
import { readBalances, readMkrSupply } from '../chain/tokens.js';
import { MAINNET_CHAIN_ID, MAINNET_MAKER, MARCH_2020_DEBT_AUCTION, MARCH_2020_FIRST_FLOP } from '../config/networks.js';
import { DEV_DEPLOYER_KEY } from '../devchain/deploy.js';
import { startAnvil, type AnvilInstance } from '../devchain/anvil.js';
import { BackstopError, InputError } from '../errors.js';
import { Keeper, systemClock, type KeeperOptions } from '../keeper/keeper.js';
import { DEFAULT_PLANNER_OPTIONS } from '../keeper/planner.js';
import { DEFAULT_FEE_POLICY, type TxEvent } from '../keeper/txManager.js';
import { censorUrl, type Logger } from '../log.js';
import { RAY, WAD, formatUnit } from '../units.js';
import { FORK_MODES, resolveForkAddresses, type ForkAddresses, type ForkMaker, type ForkMode } from './addresses.js';
import { forkAccountKey, impersonate, setBalance } from './anvilRpc.js';
import { checkFlopper, fileParameters, kickFlop, prepareDebt, readDebtAuctionParameters, type DebtAuctionParameters, type ForkActors } from './kick.js';
import { walkLogs } from './logs.js';

/** What `runForkFlow` needs. Nothing is read from the environment. */
export interface ForkFlowOptions {
  /** The anvil binary (`foundryBin('anvil')`, devchain/anvil.ts). */
  anvilBin: string;
  /** The chain to fork: a mainnet RPC (`march-2020`, `recent`), or a local Anvil holding the local MCD (`local`). */
  upstreamUrl: string;
  mode: ForkMode;
  /**
   * The block to fork at. Default: `march-2020` the block before the first debt auction (found from
   * the upstream's logs); `recent` and `local` the upstream's latest.
   */
  blockNumber?: bigint | undefined;
  /**
   * Move the fork's clock to this time (unix s) before anything is sent, so queued debt due by then can
   * be flogged. Default: `march-2020` the first debt auction's block time; otherwise the clock runs on
   * from the fork block's.
   */
  clockAt?: bigint | undefined;
  /** `local`: the directory holding the upstream's mcd-<chainid>.json. */
  deploymentsDir?: string | undefined;
  /** Act as this governance address (impersonated) instead of the mode's; it must be a ward of the Vat and the Vow. */
  governance?: Address | undefined;
  /** `recent`: the changelog to read (default networks.ts MAINNET_CHAINLOG). */
  chainlog?: Address | undefined;
  /** The tier's limit, wad DAI per MKR (default 100e18). */
  limitWad?: bigint | undefined;
  /** Each member's deposit, wad DAI (default 30,000, 20,000 and 10,000 DAI). Together they must cover the auction's bid. */
  memberDaiWad?: readonly bigint[] | undefined;
  /** Forge's out/ (default the repository's). */
  outDir?: string | undefined;
  /** The most keeper steps before the flow gives up (default 100). */
  maxSteps?: number | undefined;
  log: Logger;
  /** Aborts the flow between steps; Anvil is stopped either way. */
  signal?: AbortSignal | undefined;
  /** Called with each Anvil the flow starts, once it listens (the flow stops it itself). */
  onAnvilStarted?: ((anvil: AnvilInstance) => void) | undefined;
}

/** A member's deposit and what defecting paid. Amounts wad; shares 1e18 = one share. */
export interface MemberPayout {
  address: Address;
  enlistedDaiWad: bigint;
  shares: bigint;
  paidDaiWad: bigint;
  paidMkrWad: bigint;
}

/** What a fork flow found and did. Times unix s (the fork's clock). */
export interface ForkFlowSummary {
  mode: ForkMode;
  chainId: number;
  /** The upstream, with any credentials censored. */
  upstream: string;
  /** The block forked at, and its time. */
  forkBlock: bigint;
  forkBlockTime: bigint;
  /** The Maker addresses and governance, and where each came from. */
  addresses: Omit<ForkAddresses, 'chain'>;
  /**
   * What governance did to the Maker side (repairs, parameters, bad debt), one line each, in order.
   * The members' DAI, which governance prints too (`vat.suck`), is not listed.
   */
  governanceActions: string[];
  /** The debt auction's parameters in force when the auction was kicked, and before any filing. */
  parameters: { atKick: DebtAuctionParameters; found: DebtAuctionParameters };
  /** How the Vow was made to flop. Amounts rad. */
  debt: { floggedEras: bigint[]; floggedRad: bigint; suckedRad: bigint; healedRad: bigint };
  syndicate: { factory: Address; pool: Address; limitWad: bigint };
  auction: {
    id: bigint;
    kickedAt: bigint;
    kickBlock: bigint;
    /** The fixed bid, rad, and the lot at the kick, wad. */
    bidRad: bigint;
    lotAtKickWad: bigint;
    /** Ticks the keeper sent before the pool could enter, and the lot the pool then entered on. */
    ticks: number;
    lotAtEntryWad: bigint;
    enteredAt: bigint;
    /** The lot the pool asked (and won), wad MKR, and when its position was finalized. */
    lotWonWad: bigint;
    finalizedAt: bigint;
  };
  pool: {
    /** The pool's bid: the DAI it paid, wad. */
    bidDaiWad: bigint;
    /** MKR the pool won (its MKR book once its position was finalized), wad. */
    mkrWonWad: bigint;
    /** MKR's total supply growth over the auction (minted by the Flopper's deal), wad. */
    mkrMintedWad: bigint;
  };
  members: MemberPayout[];
  keeper: { address: Address; steps: number; sent: Partial<Record<KeeperCall['kind'], number>> };
  wallTimeMs: number;
}

const DEFAULT_MEMBERS_DAI_WAD = [30_000n * WAD, 20_000n * WAD, 10_000n * WAD] as const;
const ETH = 10n ** 18n;

/**
 * Runs the debt-auction flow on a fork (see the module's note) and stops every process it started.
 * @returns the summary
 * @throws InputError for bad options (a mode, a member amount) or an upstream nothing answers at;
 *   BackstopError with a one-line message for everything the chain refuses (governance no ward, no
 *   archive state, a Flopper that cannot kick or mint, a Vow that cannot flop, a keeper that did not
 *   settle the auction) or an abort.
 */
export async function runForkFlow(options: ForkFlowOptions): Promise<ForkFlowSummary> {
  const started = Date.now();
  const log = options.log.child({ module: 'fork' });
  const { mode, signal } = options;
  const checkAbort = () => {
    if (signal?.aborted) throw new BackstopError('fork flow aborted', { kind: 'internal' });
  };
  if (!FORK_MODES.includes(mode)) throw new InputError(`unknown fork mode "${String(mode)}" (one of ${FORK_MODES.join(', ')})`);
  const limitWad = options.limitWad ?? 100n * WAD;
  const memberDaiWad = options.memberDaiWad ?? DEFAULT_MEMBERS_DAI_WAD;
  if (memberDaiWad.length === 0 || memberDaiWad.some((d) => d < WAD)) throw new InputError('fork flow: give at least one member, each with at least 1 DAI');
  checkAbort();

  // 1. The upstream.
  const upstream = censorUrl(options.upstreamUrl);
  const chainId = await fetchChainId(options.upstreamUrl).catch((error: unknown) => {
    throw new InputError(`nothing answers at the upstream RPC ${upstream}: ${firstLine(error)}`, { hint: 'check the URL and that the node is running', cause: error });
  });
  if (mode !== 'local' && chainId !== MAINNET_CHAIN_ID) {
    throw new InputError(`fork mode ${mode} forks mainnet, but ${upstream} answers chain id ${chainId}`, { hint: 'give a mainnet RPC URL (MAINNET_RPC_URL)' });
  }
  const upstreamClient = createReadClient(options.upstreamUrl, mode === 'local' ? chainFor('local', chainId) : chainFor('fork', chainId));
  const { forkBlock, flopAt } = await forkPoint(upstreamClient, mode, options.blockNumber, log).catch((error: unknown) => {
    if (error instanceof BackstopError) throw error;
    throw new BackstopError(`the upstream RPC ${upstream} failed: ${firstLine(error)}`, { kind: 'chain', cause: error });
  });
  checkAbort();

  // 2. The fork.
  let anvil: AnvilInstance | undefined;
  try {
    // At March 2020 the fork runs today's rules (the syndicate is built for Prague: PUSH0, EIP-1559
    // transactions) and a block gas limit that fits a factory deployment (mainnet's was 10M then).
    const extraArgs = mode === 'march-2020' ? ['--hardfork', 'prague', '--gas-limit', '30000000'] : [];
    anvil = await startAnvil({ bin: options.anvilBin, fork: { url: options.upstreamUrl, blockNumber: forkBlock }, extraArgs });
    options.onAnvilStarted?.(anvil);
    log.info({ event: 'fork.started', mode, chainId, block: forkBlock, rpcUrl: anvil.rpcUrl }, `Anvil forks ${upstream} at block ${forkBlock}`);
    return await onFork({ ...options, limitWad, memberDaiWad, forkBlock, clockAt: options.clockAt ?? flopAt, chainId, upstream, anvil, log, keeperLog: options.log, checkAbort, started }).catch((error: unknown) => {
      // What the chain or the node refused is already a one-line BackstopError; anything else (an RPC
      // failing mid-flow) becomes one, its cause kept.
      if (error instanceof BackstopError) throw error;
      throw new BackstopError(`fork flow failed: ${firstLine(error)}`, { kind: 'chain', cause: error });
    });
  } finally {
    if (anvil) {
      await anvil.stop();
      log.info({ event: 'fork.stopped', rpcUrl: anvil.rpcUrl }, 'Anvil stopped');
    }
  }
}

interface FlowContext extends ForkFlowOptions {
  limitWad: bigint;
  memberDaiWad: readonly bigint[];
  forkBlock: bigint;
  /** The time the fork's clock is moved to before anything is sent (march-2020: the first debt auction's block time). */
  clockAt: bigint | undefined;
  chainId: number;
  upstream: string;
  anvil: AnvilInstance;
  /** The flow's own logger (module fork), and the caller's, for the keeper (which names its modules itself). */
  log: Logger;
  keeperLog: Logger;
  checkAbort: () => void;
  started: number;
}

async function onFork(ctx: FlowContext): Promise<ForkFlowSummary> {
  const { mode, anvil, log, checkAbort } = ctx;
  const rpcUrl = anvil.rpcUrl;

  // 3. Addresses and governance.
  const addresses = await resolveForkAddresses({
    mode,
    rpcUrl,
    chainId: ctx.chainId,
    deploymentsDir: ctx.deploymentsDir,
    governance: ctx.governance,
    chainlog: ctx.chainlog,
  });
  const { maker, chain } = addresses;
  log.info({ event: 'fork.addresses', maker, governance: addresses.governance, sources: addresses.sources }, 'Maker addresses resolved');
  const client = createReadClient(rpcUrl, chain);
  const forkBlockTime = (await client.getBlock({ blockNumber: ctx.forkBlock })).timestamp;
  checkAbort();

  // Accounts: governance (its key locally, else impersonated), an operator, the keeper, the members.
  const wallet = (account: LocalAccount) => createSendClient(rpcUrl, chain, account);
  let governance: SendClient;
  if (mode === 'local' && ctx.governance === undefined) governance = wallet(privateKeyToAccount(DEV_DEPLOYER_KEY));
  else {
    await impersonate(client, addresses.governance);
    governance = createSendClient(rpcUrl, chain, { address: addresses.governance, type: 'json-rpc' });
  }
  const operator = wallet(privateKeyToAccount(forkAccountKey('operator')));
  const keeperAccount = privateKeyToAccount(forkAccountKey('keeper'));
  const members = ctx.memberDaiWad.map((daiWad, i) => ({ wallet: wallet(privateKeyToAccount(forkAccountKey(`member ${i + 1}`))), daiWad }));
  for (const address of [addresses.governance, operator.account.address, keeperAccount.address, ...members.map((m) => m.wallet.account.address)]) {
    await setBalance(client, address, 100n * ETH);
  }
  // The clock moves (March 2020: to the block of the first debt auction), so what became due then
  // (queued debt to flog) is due here too. A block is mined at that time: calls and simulations run at
  // the latest block's time, not the next one's.
  if (ctx.clockAt !== undefined) {
    const head = await client.getBlock({ blockTag: 'latest' });
    if (ctx.clockAt <= head.timestamp) throw new InputError(`the clock cannot move back: ${ctx.clockAt} is not after the fork's time ${head.timestamp} (unix s)`);
    await mineBlockAt(client, ctx.clockAt);
  }

  // 4. The Maker side: a Flopper that kicks and mints, parameters, debt, flop().
  const actors: ForkActors = { client, governance, operator, maker, log, actions: [] };
  await checkFlopper(actors, { repair: mode !== 'march-2020' });
  const parameters = mode === 'recent' ? await fileParameters(actors, MARCH_2020_DEBT_AUCTION) : await sameParameters(client, maker);
  const totalDaiWad = ctx.memberDaiWad.reduce((a, b) => a + b, 0n);
  const sumpDaiWad = (parameters.after.sumpRad + RAY - 1n) / RAY;
  if (totalDaiWad < sumpDaiWad) {
    throw new InputError(`the members' ${formatUnit(totalDaiWad, 'wad')} DAI do not cover the auction's bid of ${formatUnit(sumpDaiWad, 'wad')} DAI (sump)`, { hint: 'give the members more DAI' });
  }
  checkAbort();
  const now = (await client.getBlock({ blockTag: 'latest' })).timestamp;
  // Due slices of the debt queue are flogged from the Vow's notes: Black Thursday's at March 2020, the
  // deployment's locally; at a recent block the queue's history is years long, and governance sucks instead.
  const flogFrom = mode === 'march-2020' ? MARCH_2020_FIRST_FLOP.fessFromBlock : mode === 'local' ? addresses.fromBlock : undefined;
  const debt = await prepareDebt(actors, {
    flog: flogFrom === undefined ? undefined : { fromBlock: flogFrom, toBlock: ctx.forkBlock },
    suck: mode !== 'march-2020',
    now,
  });
  const kick = await kickFlop(actors);
  const bidDaiWad = (kick.auction.bidRad + RAY - 1n) / RAY;
  checkAbort();

  // 5. The syndicate: a factory, its tier, members enlisted.
  const factory = await deploySyndicateFactory(client, operator, { ...maker, owner: operator.account.address }, { outDir: ctx.outDir });
  const pool = getAddress((await sendAndMine(client, operator, createTierWrite({ factory, limitWad: ctx.limitWad }))).result);
  log.info({ event: 'fork.syndicate', factory, pool, limitWad: ctx.limitWad }, `the ${formatUnit(ctx.limitWad, 'wad')} DAI/MKR tier is at ${pool}`);
  const enlisted: { address: Address; daiWad: bigint; wallet: SendClient }[] = [];
  for (const m of members) {
    checkAbort();
    await fundDai(client, governance, m.wallet, maker, m.daiWad);
    const account = m.wallet.account as LocalAccount;
    await sendAndMine(client, m.wallet, await prepareEnlistWithPermit(client, account, { syndicate: pool, dai: maker.dai, daiWad: m.daiWad }));
    enlisted.push({ address: account.address, daiWad: m.daiWad, wallet: m.wallet });
  }
  log.info({ event: 'fork.enlisted', members: enlisted.length, daiWad: totalDaiWad }, `${enlisted.length} members enlisted ${formatUnit(totalDaiWad, 'wad')} DAI`);

  // 6. The keeper, stepped while time moves.
  const mkrSupply = () => readMkrSupply(client, { mkr: maker.mkr });
  const supplyBefore = await mkrSupply();
  const run = await runKeeper({ ctx, client, maker, pool, keeperAccount, id: kick.id, fromBlock: ctx.forkBlock + 1n });
  const status = (await readSyndicate(client, { syndicate: pool })).status;
  if (!isAddressEqual(run.lastAuction.guy, zeroAddress) || (await readPosition(client, { syndicate: pool, id: kick.id })) !== undefined) {
    throw new BackstopError(`auction ${kick.id} was not settled for the pool`, { kind: 'chain' });
  }
  const mkrWonWad = status.mkrBookWad;
  const mkrMintedWad = (await mkrSupply()) - supplyBefore;
  const { mkrWad: poolMkrWad } = await readBalances(client, { dai: maker.dai, mkr: maker.mkr, holder: pool });
  if (mkrWonWad !== run.lotWonWad || poolMkrWad !== mkrWonWad || mkrMintedWad !== mkrWonWad) {
    throw new BackstopError(`the pool won ${formatUnit(run.lotWonWad, 'wad')} MKR, but books ${formatUnit(mkrWonWad, 'wad')}, holds ${formatUnit(poolMkrWad, 'wad')} and ${formatUnit(mkrMintedWad, 'wad')} were minted`, { kind: 'chain' });
  }

  // 7. Members defect.
  const payouts: MemberPayout[] = [];
  for (const m of enlisted) {
    checkAbort();
    const { shares } = await readHolder(client, { syndicate: pool, holder: m.address });
    const sent = await sendAndMine(client, m.wallet, defectWrite({ syndicate: pool, shares }));
    const [paidDaiWad, paidMkrWad] = sent.result;
    payouts.push({ address: m.address, enlistedDaiWad: m.daiWad, shares, paidDaiWad, paidMkrWad });
  }
  log.info({ event: 'fork.paid', members: payouts.length, mkrWad: mkrWonWad }, `members defected: ${formatUnit(mkrWonWad, 'wad')} MKR paid out`);

  const { chain: _chain, ...found } = addresses;
  return {
    mode,
    chainId: ctx.chainId,
    upstream: ctx.upstream,
    forkBlock: ctx.forkBlock,
    forkBlockTime,
    addresses: found,
    governanceActions: actors.actions,
    parameters: { atKick: parameters.after, found: parameters.before },
    debt: { floggedEras: debt.floggedEras, floggedRad: debt.floggedRad, suckedRad: debt.suckedRad, healedRad: debt.healedRad },
    syndicate: { factory, pool, limitWad: ctx.limitWad },
    auction: {
      id: kick.id,
      kickedAt: kick.kickedAt,
      kickBlock: kick.blockNumber,
      bidRad: kick.auction.bidRad,
      lotAtKickWad: kick.auction.lotWad,
      ticks: run.sent.tick ?? 0,
      lotAtEntryWad: run.lotAtEntryWad,
      enteredAt: run.enteredAt,
      lotWonWad: run.lotWonWad,
      finalizedAt: run.finalizedAt,
    },
    pool: { bidDaiWad, mkrWonWad, mkrMintedWad },
    members: payouts,
    keeper: { address: keeperAccount.address, steps: run.steps, sent: run.sent },
    wallTimeMs: Date.now() - ctx.started,
  };
}

/** The parameters in force, unchanged (before = after). */
async function sameParameters(client: ReadClient, maker: ForkMaker) {
  const p = await readDebtAuctionParameters(client, maker);
  return { before: p, after: p };
}

/**
 * Where to fork: the given block, or `march-2020` the block before the first debt auction (with that
 * auction's block time, to which the fork's clock is moved), or the upstream's latest. At March
 * 2020 the upstream must still hold the state there (an archive node).
 */
async function forkPoint(upstream: ReadClient, mode: ForkMode, given: bigint | undefined, log: Logger): Promise<{ forkBlock: bigint; flopAt: bigint | undefined }> {
  let forkBlock = given;
  let flopAt: bigint | undefined;
  if (mode === 'march-2020') {
    if (forkBlock === undefined) {
      const first = await findFirstFlopBlock(upstream);
      forkBlock = first - 1n;
      flopAt = (await upstream.getBlock({ blockNumber: first })).timestamp;
      log.info({ event: 'fork.firstFlop', block: first, at: flopAt }, `the first debt auction was kicked in block ${first}`);
    }
    const at = forkBlock;
    await upstream.getBalance({ address: MAINNET_MAKER.vow, blockNumber: at }).catch((error: unknown) => {
      throw new BackstopError(`the upstream RPC has no state at block ${at} (${firstLine(error)}): fork mode march-2020 needs an archive node`, { kind: 'input', cause: error });
    });
  }
  return { forkBlock: forkBlock ?? (await upstream.getBlockNumber({ cacheTime: 0 })), flopAt };
}

/** ERC20 DAI for a member: governance prints Vat DAI to them (`suck`), they `hope` the DaiJoin and `exit`. */
async function fundDai(client: ReadClient, governance: SendClient, member: SendClient, maker: ForkMaker, daiWad: bigint): Promise<void> {
  const holder = member.account.address;
  await sendAndMine(client, governance, vatSuckWrite({ vat: maker.vat, u: governance.account.address, v: holder, rad: daiWad * RAY }));
  await sendAndMine(client, member, vatHopeWrite({ vat: maker.vat, usr: maker.daiJoin }));
  await sendAndMine(client, member, daiJoinExitWrite({ daiJoin: maker.daiJoin, usr: holder, daiWad }));
}

/**
 * The block of the first debt auction: the March 2020 Flopper's `Kick` of auction 1, searched in the
 * window of networks.ts MARCH_2020_FIRST_FLOP, page by page on the upstream.
 * @throws BackstopError (kind chain) when the window holds no such kick.
 */
async function findFirstFlopBlock(upstream: ReadClient): Promise<bigint> {
  let found: bigint | undefined;
  const { searchFromBlock, searchToBlock } = MARCH_2020_FIRST_FLOP;
  await walkLogs(
    { fromBlock: searchFromBlock, toBlock: searchToBlock },
    (from, to) => getFlopperLogs(upstream, { flopper: MAINNET_MAKER.flop, fromBlock: from, toBlock: to, kinds: ['kick'] }),
    (logs) => {
      found = logs.find((l) => l.id === 1n)?.blockNumber;
      return found !== undefined;
    },
  ).catch((error: unknown) => {
    throw new BackstopError(`the March 2020 Flopper's logs could not be read from the upstream: ${firstLine(error)}`, { kind: 'chain', cause: error });
  });
  if (found === undefined) {
    throw new BackstopError(`no Kick of debt auction 1 by the Flopper ${MAINNET_MAKER.flop} in blocks ${searchFromBlock}..${searchToBlock}`, {
      kind: 'chain',
      hint: 'give the block to fork at (blockNumber)',
    });
  }
  return found;
}

interface KeeperRun {
  steps: number;
  sent: Partial<Record<KeeperCall['kind'], number>>;
  lotAtEntryWad: bigint;
  enteredAt: bigint;
  lotWonWad: bigint;
  finalizedAt: bigint;
  lastAuction: FlopAuction;
}

/**
 * Steps the keeper until auction `id` is settled for the pool. After each step the transactions it
 * sent are waited for; when it sent nothing, time moves to the next moment something is due: the end
 * of an unbid auction (the keeper ticks it) or the expiry of the pool's bid (the keeper finalizes).
 * @throws BackstopError when a keeper transaction reverts, someone else leads the auction, or the
 *   auction is not settled within `maxSteps` steps.
 */
async function runKeeper({
  ctx,
  client,
  maker,
  pool,
  keeperAccount,
  id,
  fromBlock,
}: {
  ctx: FlowContext;
  client: ReadClient;
  maker: ForkMaker;
  pool: Address;
  keeperAccount: LocalAccount;
  id: bigint;
  fromBlock: bigint;
}): Promise<KeeperRun> {
  const { log, checkAbort } = ctx;
  const maxSteps = ctx.maxSteps ?? 100;
  const events: TxEvent[] = [];
  const sent: Partial<Record<KeeperCall['kind'], number>> = {};
  const toWait: { key: string; hash: Hash }[] = [];
  const options: KeeperOptions = {
    planner: DEFAULT_PLANNER_OPTIONS,
    fees: { ...DEFAULT_FEE_POLICY, maxFeePerGasWei: 1_000n * 10n ** 9n, maxPriorityFeePerGasWei: 2n * 10n ** 9n },
    dryRun: false,
    fromBlock,
    pageSize: 10_000n,
    pollMs: 50,
    stallSeconds: 3_600,
    minBalanceWei: ETH / 10n,
    tierRefreshBlocks: 1_000n,
  };
  const keeper = new Keeper({
    client,
    account: keeperAccount,
    log: ctx.keeperLog,
    clock: systemClock,
    maker: { flop: maker.flop, vow: maker.vow, vat: maker.vat },
    tiers: async () => [pool],
    options,
    observer: {
      onTx: (e) => {
        events.push(e);
        if (e.type === 'sent') {
          sent[e.action] = (sent[e.action] ?? 0) + 1;
          toWait.push({ key: e.key, hash: e.hash });
        } else if (e.type === 'bumped') toWait.push({ key: e.key, hash: e.hash });
      },
    },
  });
  const run: Omit<KeeperRun, 'steps' | 'sent' | 'lastAuction'> = { lotAtEntryWad: 0n, enteredAt: 0n, lotWonWad: 0n, finalizedAt: 0n };
  const readAuction = async () => (await readAuctions(client, { flopper: maker.flop, ids: [id] }))[0]!;

  for (let steps = 1; steps <= maxSteps; steps++) {
    checkAbort();
    const before = await readAuction();
    const report = await keeper.step();
    const actions = new Set<string>();
    while (toWait.length > 0) {
      const { key, hash } = toWait.shift()!;
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50, timeout: 30_000 });
      if (receipt.status !== 'success') throw new BackstopError(`the keeper's ${key} (${hash}) reverted in block ${receipt.blockNumber}`, { kind: 'chain' });
      const at = (await client.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
      if (key.startsWith('enter')) Object.assign(run, { lotAtEntryWad: before.lotWad, enteredAt: at, lotWonWad: (await readAuction()).lotWad });
      if (key.startsWith('finalize')) run.finalizedAt = at;
      actions.add(key);
    }
    if (actions.size > 0) {
      log.info({ event: 'fork.keeper', step: steps, actions: [...actions] }, `the keeper sent ${[...actions].join(', ')}`);
      continue;
    }
    const auction = await readAuction();
    if (isAddressEqual(auction.guy, zeroAddress)) {
      if (run.finalizedAt === 0n) throw new BackstopError(`auction ${id} was settled, but not by the pool's keeper`, { kind: 'chain' });
      return { ...run, steps, sent, lastAuction: auction };
    }
    const head = await client.getBlock({ blockTag: 'latest' });
    if (auction.tic === 0n) {
      // Unbid: let it end, so the keeper ticks it (or the tier, now eligible, enters).
      await mineBlockAt(client, (auction.end > head.timestamp ? auction.end : head.timestamp) + 1n);
    } else if (isAddressEqual(auction.guy, pool)) {
      // The pool leads: let its bid expire, so the keeper finalizes.
      await mineBlockAt(client, (auctionDeadline(auction) > head.timestamp ? auctionDeadline(auction) : head.timestamp) + 1n);
    } else {
      throw new BackstopError(`auction ${id} is led by ${getAddress(auction.guy)}, not by the pool ${pool}`, { kind: 'chain' });
    }
    if (report) {
      for (const skip of report.plan.skips) log.debug({ event: 'fork.keeper.waits', id: skip.id, reason: skip.reason }, skip.reason);
    }
  }
  const last = await readAuction();
  const refused = events.filter((e) => e.type === 'refused' || e.type === 'failed').at(-1);
  throw new BackstopError(
    `the keeper did not settle auction ${id} in ${maxSteps} steps (lot ${formatUnit(last.lotWad, 'wad')} MKR, high bidder ${getAddress(last.guy)})${refused ? `; last refusal: ${'error' in refused ? refused.error : ''}` : ''}`,
    { kind: 'chain' },
  );
}

function firstLine(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return String(e?.shortMessage ?? e?.message ?? error).split('\n')[0]!;
}

