/**
 * `make demo`: Black Thursday, replayed on a chain of its own, with the syndicate and its keeper live.
 *
 * 1. Inputs are read and validated first (options, the flip file, black-thursday.json, the market
 *    files, the port): a bad one stops the demo before anything is started.
 * 2. Anvil starts at 11 March 2020; the Forge scripts deploy the local MCD with the parameters before
 *    the 12 March spell, a factory and its first tier; more tiers through the factory (as `backstop
 *    deploy`).
 * 3. Members are funded and enlist (one block each way; see members.ts).
 * 4. Record mode: every recorded ETH-A flip auction through the real Cat, Flipper and Vow
 *    (replay/flips.ts); the Vow's bad debt is compared with what the file implies.
 * 5. The 12 March spell's parameters; then the debt auctions with the keeper in-process (world.ts); in
 *    the no-rivals scenario the largest member tries to leave while the first bid is out.
 * 6. Members defect; the report is built from the chain's logs and written (report/).
 * Everything started (Anvil, the fault proxy, the scratch directory) is stopped in `finally`, also
 * when the demo is interrupted (`signal`) or fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Address, LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { readSyndicateLogs } from '../chain/actors.js';
import { chainFor, createReadClient, createSendClient, type ReadClient } from '../chain/clients.js';
import { createTierWrite, readTier } from '../chain/factory.js';
import { getFlopperLogs, readFlopper } from '../chain/flopper.js';
import { castMcdSpell, deployFlipReplayer, replayMaker, sendAndMine } from '../chain/replay.js';
import { readVow } from '../chain/vow.js';
import { resolveAddressBook, type AddressBook } from '../config/addressBook.js';
import { assertPortFree, foundryBin, startAnvil, type AnvilInstance } from '../devchain/anvil.js';
import { BlockBuilder } from '../devchain/blocks.js';
import { deployLocal, DEV_DEPLOYER_KEY } from '../devchain/deploy.js';
import { startRpcProxy, type RpcProxy } from '../devchain/faults.js';
import { BackstopError, InputError } from '../errors.js';
import { Keeper, systemClock } from '../keeper/keeper.js';
import { DEFAULT_PLANNER_OPTIONS } from '../keeper/planner.js';
import { DEFAULT_FEE_POLICY } from '../keeper/txManager.js';
import { createLogger } from '../log.js';
import { readFlipRecords, type FlipRecord } from '../replay/data.js';
import { flipFileTotals, relativeMissPpm, type FlipFileTotals } from '../replay/expected.js';
import { replayFlips, type FlipReplayResult } from '../replay/flips.js';
import { DEFAULT_DATA_DIR, readMarketSeries, type MarketSeries } from '../replay/market.js';
import type { Report, References } from '../report/model.js';
import { referencesFromBlackThursday, summarizeFlipFile } from '../report/references.js';
import { writeReport, type WrittenReport } from '../report/writer.js';
import { formatUnit, formatUnitGrouped } from '../units.js';
import { defectAll, enlistMembers, type Member } from './members.js';
import { Progress, type ProgressSink } from './progress.js';
import { buildReport } from './report.js';
import type { RivalCalibration } from './rivals.js';
import type { DemoOptions } from './scenarios.js';
import { BLOCK_SECONDS, PHASE_TIMES, World, type WorldRecord } from './world.js';

const WAD = 10n ** 18n;
const RAD = 10n ** 45n;
/** 2020-03-11T00:00:00Z: the demo chain's genesis, the day before the crash. */
export const DEMO_GENESIS_AT = 1_583_884_800n;
/** The keeper's RPC during congestion: a tenth of requests dropped, one in twenty answered with an error, the rest delayed up to 30 ms. */
export const RPC_FAULTS = { dropRate: 0.1, errorRate: 0.05, delayMs: [0, 30] as const };
/** Anvil's development accounts 3 (the keeper) and 5 (the congestion filler); never real keys. */
const KEEPER_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
const FILLER_KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';
/** The rivals' development keys: Anvil's accounts 6 to 11. */
const RIVAL_KEYS = [
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
  '0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897',
  '0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82',
] as const;

export interface DemoDeps {
  /** Where progress goes (undefined: quiet, as under --json or CI). */
  progress: ProgressSink | undefined;
  /** The environment the Forge scripts run in, and FORGE / ANVIL overrides. */
  env: Record<string, string | undefined>;
  /** Stops the demo between steps; everything started is stopped. */
  signal?: AbortSignal | undefined;
  /** The clock for `generatedAt` and wall times. */
  now?: () => Date;
}

export interface DemoResult {
  report: Report;
  written: WrittenReport;
  /** The Vow's bad debt after the flip replay vs what the file implies (rad), and the miss in ppm. */
  badDebt: { replayedRad: bigint; fileRad: bigint; missPpm: bigint };
  wallMs: number;
  /** Wall time of each step, ms. */
  steps: Record<string, number>;
  world: WorldRecord;
  /** Where the keeper's JSON log lines went. */
  keeperLog: string;
  /** Whether every pool position ended finalized. */
  allFinalized: boolean;
  rpcFaults: { requests: number; dropped: number; errored: number; delayed: number } | undefined;
}

interface Inputs {
  records: FlipRecord[];
  totals: FlipFileTotals;
  references: References;
  market: MarketSeries[];
  calibration: RivalCalibration;
  fillerFeeWei: bigint;
}

/**
 * Reads and validates every input file before anything is started.
 * @throws InputError naming the file and what is wrong with it.
 */
export function readDemoInputs(options: Pick<DemoOptions, 'dataDir' | 'flips'>): Inputs {
  const dataDir = options.dataDir ? resolve(options.dataDir) : DEFAULT_DATA_DIR;
  const all = readFlipRecords(join(dataDir, 'march-2020/flip-eth-a-kicked-2020-03-12-to-13.csv'));
  if (options.flips !== undefined && options.flips > all.length) {
    throw new InputError(`--flips: ${options.flips} is more than the ${all.length} auctions the flip file holds`, { hint: `give at most ${all.length}, or leave FLIPS out to replay them all` });
  }
  const records = options.flips === undefined ? all : [...all].sort((a, b) => (a.kickAt < b.kickAt ? -1 : a.kickAt > b.kickAt ? 1 : 0)).slice(0, options.flips);
  const totals = flipFileTotals(records);
  const btPath = join(dataDir, 'black-thursday.json');
  let bt: unknown;
  try {
    bt = JSON.parse(readFileSync(btPath, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(missing ? `black-thursday.json: ${btPath} not found` : `black-thursday.json: ${btPath} is not valid JSON (${(error as Error).message.split('\n')[0]})`, { hint: "restore it from the repository's data/ (git checkout data/black-thursday.json), or leave --data-dir out" });
  }
  // What the replayed records imply (all of the file, or the first N of a shortened run), so the
  // report compares the replay with the part of the file it replayed.
  const source = 'march-2020/flip-eth-a-kicked-2020-03-12-to-13.csv';
  const flipFile = summarizeFlipFile(flipsOfRecords(records), 1_130_000_000_000_000_000n, records.length === all.length ? source : `the first ${records.length} auctions of ${source}`);
  const references = referencesFromBlackThursday(bt, flipFile);
  const first = records[0]!.kickAt;
  const market = readMarketSeries({ dataDir, from: first - 86_400n, to: first + 3n * 86_400n });
  const calibration: RivalCalibration = {
    phaseOneLots: references.phaseOne.lots,
    phaseOneDaiPerMkrWad: BigInt(references.phaseOne.daiPerMkrWad),
    phaseTwoLots: references.phaseTwo.lots,
    phaseTwoLowDaiPerMkrWad: BigInt(references.phaseTwo.lowDaiPerMkrWad),
    phaseTwoHighDaiPerMkrWad: BigInt(references.phaseTwo.highDaiPerMkrWad),
    averageDaiPerMkrWad: BigInt(references.debtAuctions.averageDaiPerMkrWad),
  };
  const gwei = (bt as { network?: { meanGasPriceGwei?: { value?: unknown } } }).network?.meanGasPriceGwei?.value;
  if (typeof gwei !== 'number' || !(gwei > 0)) throw new InputError('black-thursday.json: network.meanGasPriceGwei.value is missing (the congestion scenario is calibrated to it)');
  return { records, totals, references, market, calibration, fillerFeeWei: BigInt(Math.round(gwei)) * 10n ** 9n };
}

/** The flip file's records as report flips (for the file's own totals in the references). */
function flipsOfRecords(records: readonly FlipRecord[]) {
  return records.map((r) => ({
    id: Number(r.id),
    kickedAt: Number(r.kickAt),
    lotWad: r.lotWad.toString(),
    tabRad: r.tabRad.toString(),
    finalBidRad: r.finalBidRad.toString(),
    finalLotWad: r.finalLotWad.toString(),
    dealtAt: r.dealAt === undefined ? null : Number(r.dealAt),
    zeroBid: r.finalBidRad < RAD,
  }));
}

/**
 * How far the replayed bad debt is from the file's: "+0.66 DAI, 0.13 ppm" (rad in, text out; the
 * relative part to two decimals of a ppm, rounded down).
 */
export function describeMiss(replayedRad: bigint, fileRad: bigint): string {
  const diff = replayedRad - fileRad;
  const abs = diff < 0n ? -diff : diff;
  const base = fileRad < 0n ? -fileRad : fileRad;
  const centiPpm = base === 0n ? 0n : (abs * 100_000_000n) / base;
  return `${diff < 0n ? '-' : '+'}${formatUnit(abs, 'rad', 2)} DAI, ${centiPpm / 100n}.${(centiPpm % 100n).toString().padStart(2, '0')} ppm`;
}

/** Runs the demo (see the module's note). */
export async function runDemo(options: DemoOptions, deps: DemoDeps): Promise<DemoResult> {
  const started = performance.now();
  const now = deps.now ?? (() => new Date());
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const t = performance.now();
    steps[name] = Math.round(t - mark);
    mark = t;
  };
  const progress = new Progress(deps.progress, () => performance.now());
  const checkStop = () => {
    if (deps.signal?.aborted) throw new BackstopError('the demo was interrupted; everything it started is stopped', { kind: 'input' });
  };

  // 1. inputs, before anything starts
  const inputs = readDemoInputs(options);
  if (options.port !== 0) await assertPortFree(options.port);
  const anvilBin = foundryBin('anvil', deps.env.ANVIL);
  const forge = foundryBin('forge', deps.env.FORGE);
  const out = resolve(options.out);
  step('inputs');

  let anvil: AnvilInstance | undefined;
  let proxy: RpcProxy | undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'backstop-demo-'));
  const keeperLog = join(out, 'keeper.log');
  let logStream: ReturnType<typeof createWriteStream> | undefined;
  try {
    // 2. the chain
    progress.update({ phase: 'deploy', at: DEMO_GENESIS_AT });
    anvil = await startAnvil({ bin: anvilBin, port: options.port, chainId: options.chainId, timestamp: DEMO_GENESIS_AT, extraArgs: ['--accounts', '12', '--balance', '1000000'] });
    checkStop();
    const firstTier = options.scenario.tierLimits[0]! * WAD;
    const deployed = await deployLocal({ forge, rpcUrl: anvil.rpcUrl, chainId: options.chainId, profile: 'pre', firstTierWad: firstTier, deploymentsDir: join(scratch, 'deployments'), env: deps.env });
    const book: AddressBook = resolveAddressBook({ chain: 'local', chainId: options.chainId, deploymentsDir: deployed.deploymentsDir, factory: undefined });
    const chain = chainFor('local', options.chainId, book.maker.multicall3);
    const client = createReadClient(anvil.rpcUrl, chain);
    const governance = privateKeyToAccount(DEV_DEPLOYER_KEY);
    const deployer = createSendClient(anvil.rpcUrl, chain, governance);
    // More tiers through the factory: what `backstop deploy --price N` sends
    for (const limit of options.scenario.tierLimits.slice(1)) await sendAndMine(client, deployer, createTierWrite({ factory: deployed.factory, limitWad: limit * WAD }));
    const tiers: { address: Address; limitWad: bigint }[] = [];
    for (const limit of options.scenario.tierLimits) tiers.push({ address: (await readTier(client, { factory: deployed.factory, limitWad: limit * WAD }))!, limitWad: limit * WAD });
    checkStop();
    step('deploy');

    // 3. members
    const builder = new BlockBuilder(client);
    const chainNow = async () => (await client.getBlock({ blockTag: 'latest' })).timestamp;
    let t = (await chainNow()) + 60n;
    const nextAt = () => (t += BLOCK_SECONDS);
    await builder.start();
    let members: Member[];
    try {
      members = await enlistMembers(client, builder, { governance, maker: book.maker, tiers: tiers.map((x) => x.address), members: options.members, poolDaiWad: options.poolDaiWad, seed: options.seed, at: nextAt });
    } finally {
      await builder.stop();
    }
    const membersFromBlock = (await client.getBlockNumber({ cacheTime: 0 })) - 1n;
    progress.note(`${members.length} members enlisted ${formatUnitGrouped(options.poolDaiWad, 'wad', 0)} DAI in ${tiers.map((x) => `${x.limitWad / WAD}`).join(', ')} DAI/MKR`);
    checkStop();
    step('members');

    // 4. record mode
    const maker = replayMaker(book.maker);
    const replayer = await deployFlipReplayer(client, deployer, { maker });
    const flips: FlipReplayResult = await replayFlips(
      { client, wallet: deployer, maker, replayer },
      {
        records: inputs.records,
        ...(deps.signal ? { signal: deps.signal } : {}),
        onBatch: (e, p) => progress.update({ phase: 'flip replay', at: e.at, flips: { done: e.auctionsReplayed, of: p.auctions }, badDebtRad: e.badDebtRad }),
      },
    );
    const missPpm = relativeMissPpm(flips.badDebtRad, inputs.totals.badDebtRad);
    progress.note(
      `record mode: ${flips.auctions} flip auctions, ${inputs.totals.zeroBid.auctions} ended under 1 DAI (${flips.zeroBidWins} of them dealt); bad debt ${formatUnitGrouped(flips.badDebtRad, 'rad', 2)} DAI replayed vs ${formatUnitGrouped(inputs.totals.badDebtRad, 'rad', 2)} DAI implied by the file (${describeMiss(flips.badDebtRad, inputs.totals.badDebtRad)})`,
    );
    if (missPpm >= 10_000n) {
      throw new BackstopError(`record mode: the replayed bad debt misses the file's by ${(Number(missPpm) / 1e4).toFixed(2)}% (more than 1%): the local Vat, Cat, Flipper or Vow accounting differs from mainnet's`, { kind: 'chain' });
    }
    checkStop();
    step('flip replay');

    // 5. the spell, the keeper, the debt auctions
    await castMcdSpell(client, deployer, { maker, profile: 'post' });
    const flopper = await readFlopper(client, { flopper: book.maker.flop });
    const sumpRad = (await readVow(client, { vow: book.maker.vow, vat: book.maker.vat })).sumpRad;

    if (options.scenario.faults) {
      // Healthy until the congestion begins (world.ts turns the faults on then).
      proxy = await startRpcProxy({ upstream: anvil.rpcUrl, seed: options.seed });
    }
    mkdirSync(out, { recursive: true });
    logStream = createWriteStream(keeperLog);
    const log = createLogger({ level: 'info', destination: logStream });
    const keeperAccount: LocalAccount = privateKeyToAccount(KEEPER_KEY);
    const keeperClient: ReadClient = proxy ? createReadClient(proxy.url, chain) : client;
    let world: World | undefined;
    const keeper = new Keeper({
      client: keeperClient,
      account: keeperAccount,
      log,
      clock: systemClock,
      maker: { flop: book.maker.flop, vow: book.maker.vow, vat: book.maker.vat },
      tiers: async () => tiers.map((x) => x.address),
      options: {
        planner: DEFAULT_PLANNER_OPTIONS,
        // Caps well above March 2020's 80 gwei; a replacement raises both fees, so the tip's cap is as high.
        // Bumped after one block without inclusion (wall-clock bumps off: the demo's clock is simulated).
        fees: { ...DEFAULT_FEE_POLICY, maxFeePerGasWei: 250n * 10n ** 9n, maxPriorityFeePerGasWei: 250n * 10n ** 9n, bumpAfterBlocks: 1n, bumpAfterMs: 3_600_000 },
        dryRun: false,
        fromBlock: book.fromBlock,
        pageSize: 5_000n,
        pollMs: 50,
        stallSeconds: 3_600,
        minBalanceWei: 10n ** 17n,
        tierRefreshBlocks: 1_000_000n,
      },
      observer: {
        onStep: (r) => world?.onKeeperStep(r),
        onTx: (e) => world?.onKeeperTx(e),
      },
    });
    const rivals = options.scenario.rivals ? RIVAL_KEYS.map((k) => privateKeyToAccount(k)) : [];
    const filler = privateKeyToAccount(FILLER_KEY);
    const poolsIdle = (pools: readonly { openPositions: bigint; daiBookWad: bigint }[], live: number) =>
      pools.every((p) => p.openPositions === 0n && (live === 0 || p.daiBookWad * RAD < sumpRad * WAD));
    world = new World({
      client,
      builder,
      governance,
      maker: book.maker,
      replayer,
      keeper,
      tiers: tiers.map((x) => x.address),
      offsetSeconds: flips.offsetSeconds,
      eras: flips.eras,
      phaseLots: { one: inputs.calibration.phaseOneLots, two: inputs.calibration.phaseTwoLots },
      rivals: options.scenario.rivals ? { accounts: rivals, calibration: inputs.calibration, seed: options.seed } : undefined,
      congestion: options.scenario.faults ? { fillerFeeWei: inputs.fillerFeeWei, filler, baseFeeWei: 10n ** 9n, onStart: () => proxy?.setFaults(RPC_FAULTS) } : undefined,
      // The largest member (the first: memberAmounts weighs them 1/(i+1)).
      leaver: options.scenario.leaver ? { account: members[0]!.account, tier: members[0]!.tier } : undefined,
      done: ({ live, pools, keeperIdle }) => keeperIdle && (options.scenario.rivals ? live.length === 0 : poolsIdle(pools, live.length)),
      deadline: PHASE_TIMES.one + 30n * 86_400n,
      signal: deps.signal,
      onProgress: (p) => progress.update({ phase: p.phase, at: p.at, flops: { kicked: p.kicked, live: p.live }, badDebtRad: p.badDebtRad, activity: p.activity }),
    });
    await keeper.start();
    await builder.start();
    let record: WorldRecord;
    try {
      record = await world.run();
      // 6. members leave with their part
      const endChain = (await chainNow()) + 3_600n;
      const defected = await defectAll(client, builder, members, endChain);
      progress.update({ phase: 'members leave', at: endChain - flips.offsetSeconds, activity: `${defected} members defect with their part of the pool (DAI and MKR), in one block` });
      await world.snapshot({ force: true, at: endChain - flips.offsetSeconds });
    } finally {
      await builder.stop();
    }
    progress.update({ phase: 'report', at: (await chainNow()) - flips.offsetSeconds, activity: "reading the chain's logs, writing report.json and report.html" });
    progress.end();
    step('debt auctions');

    // the report, from the chain's logs
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const flopperLogs = await getFlopperLogs(client, { flopper: book.maker.flop, fromBlock: record.fromBlock, toBlock: head });
    const syndicateLogs = await readSyndicateLogs(client, { pools: tiers.map((x) => x.address), fromBlock: membersFromBlock, toBlock: head });
    const blockTimes = new Map<bigint, bigint>();
    for (const b of new Set([...flopperLogs.map((l) => l.blockNumber), ...syndicateLogs.map((l) => l.blockNumber)])) {
      blockTimes.set(b, (await client.getBlock({ blockNumber: b })).timestamp);
    }
    const endedAt = (await chainNow()) - flips.offsetSeconds;
    const faults = proxy?.counts();
    const wallMs = performance.now() - started;
    const notes = [
      `Record mode: ${flips.auctions} ETH-A flip auctions replayed through the local Cat, Flipper and Vow in ${flips.batches} blocks; bites within ${120} s share a block, ${flips.priceAdjustedKicks} kicks needed the OSM price a little lower than recorded (3-decimal tabs).`,
      `Bad debt after the flip auctions: ${formatUnitGrouped(flips.badDebtRad, 'rad', 2)} DAI replayed, ${formatUnitGrouped(inputs.totals.badDebtRad, 'rad', 2)} DAI implied by the file (${describeMiss(flips.badDebtRad, inputs.totals.badDebtRad)}).`,
      `Members enlisted on ${new Date(Number(DEMO_GENESIS_AT) * 1000).toISOString().slice(0, 10)} (the 2020 syndicate formed after the crash; the timing does not change what the pool could bid).`,
      `The 12 March spell's parameters were cast after the flip replay (Flopper ttl ${flopper.ttl / 3600n} h, tau ${flopper.tau / 86_400n} days; Vow wait 156 h).`,
    ];
    if (record.kissEnabledAt !== undefined) notes.push(`vow.flop() was refused (${world.blockedReason ?? 'Vow/surplus-not-zero'}) with dent DAI in the Vow; the operator turned on the keeper's kiss, which cleared it.`);
    if (record.congestedFrom !== undefined) {
      notes.push(`From ${new Date(Number(record.congestedFrom) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC blocks were full of transactions paying ${inputs.fillerFeeWei / 10n ** 9n} gwei (March 2020's mean gas price): ${record.fillers.included} blocks taken by them, ${record.fillers.leftOut} times the keeper's bumped transactions went first.`);
    }
    if (faults) notes.push(`The keeper's RPC: ${faults.requests} requests, ${faults.dropped} dropped, ${faults.errored} answered with errors, ${faults.delayed} delayed; ${record.keeperStepFailures} keeper steps failed and were retried.`);
    if (inputs.records.length < inputs.totals.auctions || options.flips !== undefined) notes.push(`A shortened run: the first ${inputs.records.length} flip auctions only.`);
    if (record.leaver) notes.push('One member tried to leave while a bid of the pool was out: see "A member who asked to leave in the middle of a bid".');

    const report = buildReport({
      scenario: {
        name: options.scenario.name,
        description: options.scenario.description,
        members: members.length,
        poolDaiWad: options.poolDaiWad,
        rivals: options.scenario.rivals,
        faults: options.scenario.faults,
        extra: { seed: options.seed, chainId: options.chainId, flipAuctions: inputs.records.length, debtPhaseBlocks: record.blocks },
      },
      run: { generatedAt: now(), wallTimeMs: wallMs, chainId: options.chainId, notes },
      flips,
      market: inputs.market,
      references: inputs.references,
      world: record,
      flopperLogs,
      flopper: { padWad: flopper.padWad, ttl: flopper.ttl },
      syndicateLogs,
      blockTimes,
      tiers,
      keeper: keeperAccount.address,
      endedAt,
    });
    const written = await writeReport(report, out);
    step('report');
    const allFinalized = report.pool.positions.every((p) => p.finalizedAt !== null);
    return {
      report,
      written,
      badDebt: { replayedRad: flips.badDebtRad, fileRad: inputs.totals.badDebtRad, missPpm },
      wallMs: performance.now() - started,
      steps,
      world: record,
      keeperLog,
      allFinalized,
      rpcFaults: faults ? { requests: faults.requests, dropped: faults.dropped, errored: faults.errored, delayed: faults.delayed } : undefined,
    };
  } catch (error) {
    // The flip replay and the world stop with the signal's reason (an AbortError when aborted without one, as on SIGINT).
    // Once interrupted, whatever failed failed because of it (a terminal's Ctrl-C also reaches Anvil,
    // so a request in flight fails first): say so, not what broke.
    if (deps.signal?.aborted && !(error instanceof BackstopError && /interrupted/.test(error.shortMessage))) {
      throw new BackstopError('the demo was interrupted; everything it started is stopped', { kind: 'input', cause: error });
    }
    throw error;
  } finally {
    progress.end();
    await proxy?.stop().catch(() => undefined);
    await anvil?.stop();
    logStream?.end();
    rmSync(scratch, { recursive: true, force: true });
  }
}
