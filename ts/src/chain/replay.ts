/**
 * The March 2020 replay's contracts on a local chain (test/replay/*.sol), and the few Anvil calls it
 * needs to move time.
 *
 * - `deployFlipReplayer`: deploys FlipReplayer (from its Forge artifact in out/) and relies it where it
 *   needs auth: the Vat (`suck`, `grab`), the OSM (`step`) and the price feed (`poke`).
 * - `fundFlipReplayer`: gives it ETH (`anvil_setBalance`) and has it join all of it as gem.
 * - `ReplaySender`: sends `replay` batches fast: nonce tracked here, fixed gas and fee caps (no
 *   estimate per batch, which would run the batch twice), the receipt in the answer to
 *   `eth_sendRawTransactionSync`, the `Replayed` event decoded. A reverted batch is re-run as a call
 *   at its block to name the error.
 * - `sendAndMine`: every other write of the replay: simulated, then sent the same fast way (viem's
 *   receipt poll would wait seconds per transaction, and the replay sends hundreds).
 * - `castMcdSpell`: deploys an McdSpell with one of McdDeploy's profiles, relies it on every contract
 *   it files, casts it, and denies it again (governance as on mainnet).
 * - `flogDue`, `vowHeal`, `vowKiss`, `tryVowFlop`: the Vow's settlement calls.
 * Every function that sends needs `wallet` to be the MCD's ward (the deployer) where it relies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  parseEventLogs,
  zeroAddress,
  type Abi,
  type Address,
  type EIP1193RequestFn,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import type { MakerAddresses } from '../config/addressBook.js';
import { BackstopError } from '../errors.js';
import {
  catAbi,
  flipperAbi,
  flipReplayerAbi,
  flopperAbi,
  jugAbi,
  mcdSpellAbi,
  osmAbi,
  priceFeedAbi,
  spotterAbi,
  vatAbi,
  vowAbi,
} from './abis.js';
import { multicallMode, type ReadClient, type SendClient } from './clients.js';
import { toChainError } from './errors.js';
import { contractWrite, simulateWrite, type ContractWrite, type SentWrite } from './send.js';

/** The repository's Forge output directory (out/ next to ts/). */
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../../../out/', import.meta.url));

/**
 * The creation code of a compiled contract, from its Forge artifact `<outDir>/<file>/<name>.json`.
 * @throws BackstopError (kind input) when the artifact is missing or has no bytecode (run make build).
 */
export function readCreationCode(artifact: string, outDir: string = DEFAULT_OUT_DIR): Hex {
  const path = `${outDir.replace(/\/$/, '')}/${artifact}`;
  let object: unknown;
  try {
    object = (JSON.parse(readFileSync(path, 'utf8')) as { bytecode?: { object?: unknown } }).bytecode?.object;
  } catch (error) {
    throw new BackstopError(`no Forge artifact ${path}`, { kind: 'input', hint: 'run make build', cause: error });
  }
  if (typeof object !== 'string' || !/^0x[0-9a-fA-F]{2,}$/.test(object)) {
    throw new BackstopError(`the Forge artifact ${path} holds no bytecode`, { kind: 'input', hint: 'run make build (forge lint may have left ABI-only artifacts)' });
  }
  return object as Hex;
}

async function mined(client: ReadClient, hash: Hash, what: string): Promise<TransactionReceipt> {
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== 'success') throw new BackstopError(`${what}: transaction ${hash} reverted`, { kind: 'chain' });
  return receipt;
}

async function deploy(client: ReadClient, wallet: SendClient, abi: Abi, artifact: string, args: readonly unknown[], outDir?: string): Promise<Address> {
  const hash = await wallet.deployContract({ abi, bytecode: readCreationCode(artifact, outDir), args, account: wallet.account, chain: wallet.chain } as Parameters<SendClient['deployContract']>[0]);
  const receipt = await mined(client, hash, `deploy ${artifact}`);
  if (!receipt.contractAddress) throw new BackstopError(`deploy ${artifact}: no contract address in ${hash}`, { kind: 'chain' });
  return receipt.contractAddress;
}

/** The Maker contracts the replay touches. */
export type ReplayMaker = Pick<MakerAddresses, 'vat' | 'cat' | 'ethFlip' | 'vow' | 'spotter' | 'pip' | 'ethJoin' | 'jug' | 'flop'> & { feed: Address };

/** The Maker addresses the replay needs, from an address book's `maker` (local chains only: a feed). */
export function replayMaker(maker: MakerAddresses): ReplayMaker {
  if (!maker.feed) throw new BackstopError('the replay needs the local MCD (its settable price feed): the address book has no feed', { kind: 'input' });
  return { ...maker, feed: maker.feed };
}

/**
 * Deploys a FlipReplayer owned by `wallet` and relies it on the Vat, the OSM and the price feed.
 * @returns its address
 * @throws BackstopError when the artifact is missing, or a transaction fails (e.g. `wallet` is no ward).
 */
export async function deployFlipReplayer(client: ReadClient, wallet: SendClient, { maker, outDir }: { maker: ReplayMaker; outDir?: string }): Promise<Address> {
  const replayer = await deploy(client, wallet, flipReplayerAbi, 'FlipReplayer.sol/FlipReplayer.json', [maker.cat, maker.ethFlip, maker.spotter, maker.pip, maker.feed, maker.ethJoin], outDir);
  await sendAndMine(client, wallet, contractWrite('rely the replayer on the Vat', { address: maker.vat, abi: vatAbi, functionName: 'rely', args: [replayer] }));
  await sendAndMine(client, wallet, contractWrite('rely the replayer on the OSM', { address: maker.pip, abi: osmAbi, functionName: 'rely', args: [replayer] }));
  await sendAndMine(client, wallet, contractWrite('rely the replayer on the price feed', { address: maker.feed, abi: priceFeedAbi, functionName: 'rely', args: [replayer] }));
  return replayer;
}

/** Anvil-only JSON-RPC methods, through the client's transport. */
function anvil(client: ReadClient): EIP1193RequestFn {
  return client.request as unknown as EIP1193RequestFn;
}

/** The timestamp of the next block Anvil mines (`evm_setNextBlockTimestamp`), unix s. */
export async function setNextBlockTimestamp(client: ReadClient, at: bigint): Promise<void> {
  await anvil(client)({ method: 'evm_setNextBlockTimestamp', params: [`0x${at.toString(16)}`] });
}

/** Mines one empty block at `at` (unix s): time passes on a chain nobody is sending to. */
export async function mineBlockAt(client: ReadClient, at: bigint): Promise<void> {
  await setNextBlockTimestamp(client, at);
  await anvil(client)({ method: 'evm_mine', params: [] });
}

/**
 * Gives the replayer `ethWad` of ETH (Anvil's `anvil_setBalance`) and has it wrap and join all of it
 * as ETH-A gem (`joinEth`), the collateral of the vaults it opens.
 */
export async function fundFlipReplayer(client: ReadClient, wallet: SendClient, { replayer, ethWad }: { replayer: Address; ethWad: bigint }): Promise<SentWrite> {
  await anvil(client)({ method: 'anvil_setBalance', params: [replayer, `0x${ethWad.toString(16)}`] });
  return sendAndMine(client, wallet, contractWrite('join the replayer\'s ETH', { address: replayer, abi: flipReplayerAbi, functionName: 'joinEth', args: [] }));
}

/** What a replay plan needs from the chain. Amounts in their units; times unix s. */
export interface FlipReplayContext {
  /** The Flipper's auction count: the next kick gets id `kicks + 1`. */
  kicks: bigint;
  /** The Flipper's bid lifetime and auction length, s. */
  ttl: bigint;
  tau: bigint;
  /** The Cat's penalty (ray) and lot size (wad); the Spotter's liquidation ratio (ray). */
  chopRay: bigint;
  lumpWad: bigint;
  matRay: bigint;
  /** The ilk's rate, ray. */
  rateRay: bigint;
  /** The Vow's books in the Vat, rad. */
  vowSinRad: bigint;
  vowDaiRad: bigint;
  /** The replayer's free ETH-A collateral in the Vat, wad (0 without a replayer). */
  replayerGemWad: bigint;
  /** The latest block: time and gas limit. */
  now: bigint;
  blockGasLimit: bigint;
}

/** Reads what a replay plan needs (see `FlipReplayContext`). */
export async function readFlipReplayContext(client: ReadClient, { maker, replayer }: { maker: ReplayMaker; replayer?: Address }): Promise<FlipReplayContext> {
  const ilk = await client.readContract({ address: maker.ethFlip, abi: flipperAbi, functionName: 'ilk' });
  const [kicks, ttl, tau, catIlk, spotIlk, vatIlk, vowSinRad, vowDaiRad, replayerGemWad] = await client.multicall({
    ...multicallMode(client),
    allowFailure: false,
    contracts: [
      { address: maker.ethFlip, abi: flipperAbi, functionName: 'kicks' },
      { address: maker.ethFlip, abi: flipperAbi, functionName: 'ttl' },
      { address: maker.ethFlip, abi: flipperAbi, functionName: 'tau' },
      { address: maker.cat, abi: catAbi, functionName: 'ilks', args: [ilk] },
      { address: maker.spotter, abi: spotterAbi, functionName: 'ilks', args: [ilk] },
      { address: maker.vat, abi: vatAbi, functionName: 'ilks', args: [ilk] },
      { address: maker.vat, abi: vatAbi, functionName: 'sin', args: [maker.vow] },
      { address: maker.vat, abi: vatAbi, functionName: 'dai', args: [maker.vow] },
      { address: maker.vat, abi: vatAbi, functionName: 'gem', args: [ilk, replayer ?? zeroAddress] },
    ],
  });
  const block = await client.getBlock({ blockTag: 'latest' });
  return {
    kicks,
    ttl: BigInt(ttl),
    tau: BigInt(tau),
    chopRay: catIlk[1],
    lumpWad: catIlk[2],
    matRay: spotIlk[1],
    rateRay: vatIlk[1],
    vowSinRad,
    vowDaiRad,
    replayerGemWad: replayer ? replayerGemWad : 0n,
    now: block.timestamp,
    blockGasLimit: block.gasLimit,
  };
}

/** One batch for `FlipReplayer.replay`. */
export interface ReplayCall {
  /** The price the OSM must show before the kicks, wad USD; 0 leaves it. */
  osmPriceWad: bigint;
  /** The Flipper id the first kick must get. */
  firstFlipId: bigint;
  kicks: readonly { recordedId: bigint; urn: Address; lotWad: bigint; tabRad: bigint }[];
  bids: readonly { flipId: bigint; bidRad: bigint; lotWad: bigint }[];
  /** Flipper ids to deal. */
  deals: readonly bigint[];
}

/** A mined batch: its block, and the `Replayed` event's figures. */
export interface ReplayedBatch {
  hash: Hash;
  blockNumber: bigint;
  gasUsed: bigint;
  firstFlipId: bigint;
  /** The OSM's current price after the batch, wad USD. */
  osmPriceWad: bigint;
  /** `vat.sin(vow)` and `vat.dai(vow)` after the batch, rad. */
  vowSinRad: bigint;
  vowDaiRad: bigint;
}

function isMethodMissing(error: unknown): boolean {
  let e: unknown = error;
  while (e) {
    const { code, message } = e as { code?: number; message?: string };
    if (code === -32601 || code === -32004 || /method not found|not supported|does not exist|unknown method/i.test(message ?? '')) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Names a FlipReplayer custom error or an MCD revert string, for messages. */
function describeRevert(error: unknown): string {
  if (error instanceof ViemBaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data) return `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(', ')})`;
      if (reverted.reason) return reverted.reason;
    }
    return error.shortMessage;
  }
  return (error as Error).message;
}

/** A transaction request with everything filled in: nothing left for the node to estimate. */
interface FilledRequest {
  to: Address;
  data: Hex;
  nonce: number;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** Nodes that refused eth_sendRawTransactionSync (by URL-less identity: the client object). */
const noSync = new WeakSet<object>();

/**
 * Sends `request` from `wallet` and returns its receipt as soon as it is mined: signed locally and sent
 * with `eth_sendRawTransactionSync` (EIP-7966: Anvil answers with the receipt), else sent and the
 * receipt polled every few milliseconds (viem's default receipt poll waits seconds between tries).
 * A reverted transaction is returned, not thrown.
 */
async function mineNow(client: ReadClient, wallet: SendClient, request: FilledRequest): Promise<TransactionReceipt> {
  const account = wallet.account;
  const filled = { ...request, chainId: wallet.chain.id, type: 'eip1559' } as const;
  if (!account.signTransaction) return pollReceipt(client, await wallet.sendTransaction({ ...filled, account, chain: wallet.chain }));
  const serializedTransaction = await account.signTransaction(filled);
  if (!noSync.has(client)) {
    try {
      return await client.sendRawTransactionSync({ serializedTransaction, throwOnReceiptRevert: false });
    } catch (error) {
      if (!isMethodMissing(error)) throw error;
      noSync.add(client);
    }
  }
  return pollReceipt(client, await client.sendRawTransaction({ serializedTransaction }));
}

async function pollReceipt(client: ReadClient, hash: Hash): Promise<TransactionReceipt> {
  const deadline = Date.now() + 60_000;
  for (let wait = 1; ; wait = Math.min(wait * 2, 10)) {
    const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined);
    if (receipt) return receipt;
    if (Date.now() > deadline) throw new BackstopError(`transaction ${hash}: no receipt after 60 s`, { kind: 'chain', hint: 'is the chain mining (automine)?' });
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** Fee caps for a local chain: ten times the latest base fee, at least 50 gwei; no tip. */
async function localFees(client: ReadClient): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const block = await client.getBlock({ blockTag: 'latest' });
  const baseFee = block.baseFeePerGas ?? 0n;
  // Anvil's base fee moves by at most 12.5% a block, and only what is used is paid
  return { maxFeePerGas: baseFee * 10n > 50n * 10n ** 9n ? baseFee * 10n : 50n * 10n ** 9n, maxPriorityFeePerGas: 0n };
}

/**
 * Simulates `write` (a revert becomes a `ChainRevertError` naming the reason; nothing is sent), then
 * sends it with the gas the node estimates plus a fifth and waits for it with `mineNow`: the replay's
 * many ordinary writes (spells, relies, flops) cost milliseconds each, not a receipt poll's seconds.
 * @throws ChainRevertError when the simulation reverts; BackstopError (kind chain) when the mined
 *   transaction reverted or the node failed.
 */
export async function sendAndMine<R>(client: ReadClient, wallet: SendClient, write: ContractWrite<R>): Promise<SentWrite<R>> {
  const simulated = await simulateWrite(client, wallet.account, write);
  let receipt: TransactionReceipt;
  try {
    const [gas, nonce, fees] = await Promise.all([
      client.estimateGas({ account: wallet.account, to: write.address, data: simulated.data }),
      client.getTransactionCount({ address: wallet.account.address, blockTag: 'pending' }),
      localFees(client),
    ]);
    receipt = await mineNow(client, wallet, { to: write.address, data: simulated.data, nonce, gas: gas + gas / 5n, ...fees });
  } catch (error) {
    throw toChainError(error, write.what);
  }
  if (receipt.status !== 'success') {
    throw new BackstopError(`${write.what}: transaction ${receipt.transactionHash} reverted in block ${receipt.blockNumber}`, { kind: 'chain' });
  }
  return { ...simulated, hash: receipt.transactionHash, receipt, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}

/**
 * Sends `FlipReplayer.replay` batches from `wallet` (the replayer's owner) one after another. It
 * keeps the nonce itself, signs locally and sends with the block gas limit and fixed fee caps
 * through `eth_sendRawTransactionSync` (the receipt in the answer), so a batch costs one request and
 * runs once (an estimate would run it twice); nodes without that method get the transaction and a
 * receipt poll. Use it on a chain nobody else sends from with that account.
 */
export class ReplaySender {
  private nonce: number | undefined;
  private fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;

  constructor(
    private readonly client: ReadClient,
    private readonly wallet: SendClient,
    private readonly replayer: Address,
    private readonly gasLimit: bigint,
  ) {}

  private async prepare(): Promise<{ nonce: number; fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } }> {
    if (this.nonce === undefined || !this.fees) {
      const [nonce, fees] = await Promise.all([this.client.getTransactionCount({ address: this.wallet.account.address, blockTag: 'pending' }), localFees(this.client)]);
      this.nonce = nonce;
      this.fees = fees;
    }
    return { nonce: this.nonce, fees: this.fees };
  }

  /**
   * Sends one batch and waits for its block.
   * @throws BackstopError (kind chain) when it cannot be sent or reverts (the revert named: a
   *   FlipReplayer error such as `VaultNotUnsafe(...)`, or the MCD's reason such as "Flipper/not-finished").
   */
  async replay(call: ReplayCall): Promise<ReplayedBatch> {
    const { nonce, fees } = await this.prepare();
    const args = [call.osmPriceWad, call.firstFlipId, call.kicks, call.bids, call.deals] as const;
    const data = encodeFunctionData({ abi: flipReplayerAbi, functionName: 'replay', args });
    let receipt: TransactionReceipt;
    try {
      receipt = await mineNow(this.client, this.wallet, { to: this.replayer, data, nonce, gas: this.gasLimit, ...fees });
    } catch (error) {
      this.nonce = undefined;
      throw new BackstopError(`replay batch (${call.kicks.length} kicks, ${call.bids.length} bids, ${call.deals.length} deals) not sent: ${describeRevert(error)}`, { kind: 'chain', cause: error });
    }
    this.nonce = nonce + 1;
    const hash = receipt.transactionHash;
    if (receipt.status !== 'success') {
      let why = 'out of gas?';
      try {
        await this.client.simulateContract({ account: this.wallet.account, address: this.replayer, abi: flipReplayerAbi, functionName: 'replay', args, blockNumber: receipt.blockNumber });
      } catch (error) {
        why = describeRevert(error);
      }
      throw new BackstopError(`replay batch reverted in block ${receipt.blockNumber}: ${why}`, { kind: 'chain', details: `transaction ${hash}, gas used ${receipt.gasUsed} of ${this.gasLimit}` });
    }
    const [event] = parseEventLogs({ abi: flipReplayerAbi, logs: receipt.logs, eventName: 'Replayed' }).filter((l) => l.address.toLowerCase() === this.replayer.toLowerCase());
    if (!event) throw new BackstopError(`replay batch ${hash}: no Replayed event`, { kind: 'chain' });
    return {
      hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      firstFlipId: event.args.firstFlipId,
      osmPriceWad: event.args.osmPriceWad,
      vowSinRad: event.args.vowSinRad,
      vowDaiRad: event.args.vowDaiRad,
    };
  }

}

/**
 * Releases every queued debt slice in `eras` whose wait has passed (`vow.flog`, batched through the
 * replayer's `flogDue`; anyone may call it).
 * @returns the transaction, with `result` the number of slices released
 */
export async function flogDue(client: ReadClient, wallet: SendClient, { replayer, eras }: { replayer: Address; eras: readonly bigint[] }): Promise<SentWrite<bigint>> {
  return sendAndMine(client, wallet, flogDueWrite({ replayer, eras }));
}

/** The replayer's `flogDue(eras)` as a write (for a batched block): releases every due slice of `eras`. */
export const flogDueWrite = ({ replayer, eras }: { replayer: Address; eras: readonly bigint[] }) =>
  contractWrite(`flog ${eras.length} debt slices`, { address: replayer, abi: flipReplayerAbi, functionName: 'flogDue', args: [eras] });

/** The McdDeploy profile an McdSpell applies: `post` is the 12 March 2020 executive spell. */
export type SpellProfile = 'pre' | 'post';

/**
 * Casts McdDeploy's `profile` on the local MCD as governance would: deploys an McdSpell, relies it on
 * every contract it files, casts it, and denies it again. `wallet` must be the MCD's ward.
 * @returns the spell's address and the cast's transaction
 */
export async function castMcdSpell(
  client: ReadClient,
  wallet: SendClient,
  { maker, profile, outDir }: { maker: ReplayMaker; profile: SpellProfile; outDir?: string },
): Promise<{ spell: Address; cast: SentWrite }> {
  const spell = await deploy(
    client,
    wallet,
    mcdSpellAbi,
    'McdSpell.sol/McdSpell.json',
    [maker.vat, maker.jug, maker.cat, maker.ethFlip, maker.flop, maker.vow, maker.pip, maker.spotter, profile === 'post'],
    outDir,
  );
  // Governance's rights, given to the spell for the cast only (McdSpell.targets lists the same eight)
  const wards = (fn: 'rely' | 'deny') => [
    contractWrite(`${fn} the ${profile}-spell on the Vat`, { address: maker.vat, abi: vatAbi, functionName: fn, args: [spell] }),
    contractWrite(`${fn} the ${profile}-spell on the Jug`, { address: maker.jug, abi: jugAbi, functionName: fn, args: [spell] }),
    contractWrite(`${fn} the ${profile}-spell on the Cat`, { address: maker.cat, abi: catAbi, functionName: fn, args: [spell] }),
    contractWrite(`${fn} the ${profile}-spell on the Flipper`, { address: maker.ethFlip, abi: flipperAbi, functionName: fn, args: [spell] }),
    contractWrite(`${fn} the ${profile}-spell on the Flopper`, { address: maker.flop, abi: flopperAbi, functionName: fn, args: [spell] }),
    contractWrite(`${fn} the ${profile}-spell on the Vow`, { address: maker.vow, abi: vowAbi, functionName: fn, args: [spell] }),
    contractWrite(`${fn} the ${profile}-spell on the OSM`, { address: maker.pip, abi: osmAbi, functionName: fn, args: [spell] }),
    contractWrite(`${fn} the ${profile}-spell on the Spotter`, { address: maker.spotter, abi: spotterAbi, functionName: fn, args: [spell] }),
  ];
  for (const write of wards('rely')) await sendAndMine(client, wallet, write);
  const cast = await sendAndMine(client, wallet, contractWrite(`cast the ${profile}-spell`, { address: spell, abi: mcdSpellAbi, functionName: 'cast', args: [] }));
  for (const write of wards('deny')) await sendAndMine(client, wallet, write);
  return { spell, cast };
}

/** `vow.heal(rad)`: cancels released debt against the Vow's DAI. */
export async function vowHeal(client: ReadClient, wallet: SendClient, { vow, rad }: { vow: Address; rad: bigint }): Promise<SentWrite> {
  return sendAndMine(client, wallet, contractWrite(`heal ${rad} rad`, { address: vow, abi: vowAbi, functionName: 'heal', args: [rad] }));
}

/** `vow.kiss(rad)`: cancels debt on auction (Ash) against the Vow's DAI. */
export async function vowKiss(client: ReadClient, wallet: SendClient, { vow, rad }: { vow: Address; rad: bigint }): Promise<SentWrite> {
  return sendAndMine(client, wallet, contractWrite(`kiss ${rad} rad`, { address: vow, abi: vowAbi, functionName: 'kiss', args: [rad] }));
}

/** What `vow.flop()` did: kicked debt auction `id`, or was refused with the Vow's reason. */
export type FlopAttempt =
  | { kind: 'kicked'; id: bigint; write: SentWrite<bigint> }
  | { kind: 'refused'; reason: 'Vow/insufficient-debt' | 'Vow/surplus-not-zero' | string };

/**
 * Tries `vow.flop()`: simulates it and sends it when it would pass.
 * @returns the kicked auction, or the refusal ("Vow/surplus-not-zero" while DAI sits in the Vow,
 *   "Vow/insufficient-debt" when less than `sump` of released debt is off auction)
 * @throws BackstopError for anything else (the node failing, the transaction reverting after all)
 */
export async function tryVowFlop(client: ReadClient, wallet: SendClient, { vow }: { vow: Address }): Promise<FlopAttempt> {
  try {
    const write = await sendAndMine(client, wallet, contractWrite('flop', { address: vow, abi: vowAbi, functionName: 'flop', args: [] }));
    return { kind: 'kicked', id: write.result, write };
  } catch (error) {
    const reverted = error instanceof BackstopError && error.cause instanceof ViemBaseError ? error.cause.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    if (reverted instanceof ContractFunctionRevertedError && reverted.reason) return { kind: 'refused', reason: reverted.reason };
    throw error;
  }
}
