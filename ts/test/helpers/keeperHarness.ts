// A keeper in-process against this worker's Anvil, with what it did recorded, and the actors of the
// keeper flows: contributors (fund + enlist), a rival bidder (the MCD ward, dents with Vat DAI), time.
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { getAddress, parseEventLogs, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createReadClient, syndicateAbi, enlistWithPermit, flopperAbi, vatAbi } from '../../src/chain/index.js';
import { readTierAddresses } from '../../src/chain/factory.js';
import { Keeper, systemClock, type KeeperOptions, type StepReport } from '../../src/keeper/keeper.js';
import { DEFAULT_PLANNER_OPTIONS } from '../../src/keeper/planner.js';
import { DEFAULT_FEE_POLICY, type TxEvent } from '../../src/keeper/txManager.js';
import { RAD, RAY, WAD } from '../../src/units.js';
import type { useAnvil } from './fixtures.js';

type Fx = ReturnType<typeof useAnvil>;

/** Anvil's default account 3: the keeper. Account 4: a second contributor. Development keys only. */
export const KEEPER_KEY: Hex = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
export const CAROL_KEY: Hex = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';

export const TEST_KEEPER_OPTIONS: KeeperOptions = {
  planner: DEFAULT_PLANNER_OPTIONS,
  fees: { ...DEFAULT_FEE_POLICY, maxFeePerGasWei: 500n * 10n ** 9n, maxPriorityFeePerGasWei: 3n * 10n ** 9n },
  dryRun: false,
  fromBlock: 0n,
  pageSize: 1_000n,
  pollMs: 50,
  stallSeconds: 3_600,
  minBalanceWei: 10n ** 17n,
  tierRefreshBlocks: 1_000n,
};

export interface Recorded {
  tx: TxEvent[];
  steps: StepReport[];
  logs: Record<string, unknown>[];
}

/** A keeper on `rpcUrl` (default: this worker's Anvil) with everything it does recorded. */
export function makeKeeper(fx: Fx, { rpcUrl = fx.rpcUrl, options = {}, key = KEEPER_KEY }: { rpcUrl?: string; options?: Partial<KeeperOptions>; key?: Hex } = {}) {
  const recorded: Recorded = { tx: [], steps: [], logs: [] };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) recorded.logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const client = createReadClient(rpcUrl, fx.chain);
  const keeper = new Keeper({
    client,
    account: privateKeyToAccount(key),
    log,
    clock: systemClock,
    maker: { flop: fx.book.maker.flop, vow: fx.book.maker.vow, vat: fx.book.maker.vat },
    tiers: () => readTierAddresses(client, { factory: fx.book.factory! }),
    options: { ...TEST_KEEPER_OPTIONS, ...options },
    observer: { onTx: (e) => recorded.tx.push(e), onStep: (s) => recorded.steps.push(s) },
  });
  return { keeper, recorded, client };
}

/** Actors and chain controls for keeper flows. */
export function actors(fx: Fx) {
  const { client, testClient, book, deployer } = fx;

  /** A contributor funded with `daiWad` DAI who enlists all of it in the tier at `limit` DAI/MKR. */
  async function contribute(key: Hex, limit: bigint, daiWad: bigint): Promise<Address> {
    const wallet = fx.wallet(key);
    const pool = await fx.tierAddress(limit * WAD);
    await fx.fundDai(wallet, daiWad);
    await enlistWithPermit(client, wallet, { syndicate: pool, dai: book.maker.dai, daiWad });
    return pool;
  }

  let rivalReady = false;
  /** The ward outbids whoever leads auction `id`, asking `lotWad` MKR (it prints its own Vat DAI). */
  async function rivalDent(id: bigint, lotWad: bigint): Promise<void> {
    const me = deployer.account.address;
    if (!rivalReady) {
      await fx.mine(await deployer.writeContract({ address: book.maker.vat, abi: vatAbi, functionName: 'suck', args: [me, me, 10_000_000n * RAD] }));
      await fx.mine(await deployer.writeContract({ address: book.maker.vat, abi: vatAbi, functionName: 'hope', args: [book.maker.flop] }));
      rivalReady = true;
    }
    const [bidRad] = await client.readContract({ address: book.maker.flop, abi: flopperAbi, functionName: 'bids', args: [id] });
    await fx.mine(await deployer.writeContract({ address: book.maker.flop, abi: flopperAbi, functionName: 'dent', args: [id, lotWad, bidRad] }));
  }

  /** Moves the chain's clock `seconds` ahead and mines a block there. */
  async function warp(seconds: bigint): Promise<void> {
    await testClient.increaseTime({ seconds: Number(seconds) });
    await testClient.mine({ blocks: 1 });
  }

  async function auction(id: bigint) {
    const [bidRad, lotWad, guy, tic, end] = await client.readContract({ address: book.maker.flop, abi: flopperAbi, functionName: 'bids', args: [id] });
    return { bidRad, lotWad, guy: getAddress(guy), tic: BigInt(tic), end: BigInt(end) };
  }

  async function flopParams() {
    const f = { address: book.maker.flop, abi: flopperAbi } as const;
    const [beg, pad, ttl, tau] = await Promise.all([
      client.readContract({ ...f, functionName: 'beg' }),
      client.readContract({ ...f, functionName: 'pad' }),
      client.readContract({ ...f, functionName: 'ttl' }),
      client.readContract({ ...f, functionName: 'tau' }),
    ]);
    return { begWad: beg, padWad: pad, ttl: BigInt(ttl), tau: BigInt(tau) };
  }

  /** The pool's AuctionEntered and AuctionFinalized events, in chain order. */
  async function poolEvents(pool: Address) {
    const logs = await client.getLogs({ address: pool, fromBlock: 0n, toBlock: 'latest' });
    return parseEventLogs({ abi: syndicateAbi, logs, eventName: ['AuctionEntered', 'AuctionFinalized'] });
  }

  /** The keeper account's transactions in mined blocks since `fromBlock`, with their nonces. */
  async function keeperTxs(address: Address, fromBlock: bigint) {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const out: { nonce: number; to: Address | null; input: Hex; status: string; block: bigint }[] = [];
    for (let n = fromBlock; n <= head; n++) {
      const block = await client.getBlock({ blockNumber: n, includeTransactions: true });
      for (const tx of block.transactions) {
        if (getAddress(tx.from) !== getAddress(address)) continue;
        const receipt = await client.getTransactionReceipt({ hash: tx.hash });
        out.push({ nonce: tx.nonce, to: tx.to, input: tx.input, status: receipt.status, block: n });
      }
    }
    return out;
  }

  /**
   * Waits for the receipt of every transaction the keeper sent (and bumped) so far, and fails with the
   * key of any that reverted: what a test reads next is then the state after them.
   */
  async function mined(recorded: Recorded): Promise<void> {
    for (const e of recorded.tx) {
      if (e.type !== 'sent' && e.type !== 'bumped') continue;
      const receipt = await client.waitForTransactionReceipt({ hash: e.hash, pollingInterval: 50, timeout: 10_000 }).catch(() => undefined);
      if (receipt && receipt.status !== 'success') throw new Error(`the keeper's ${e.key} (${e.hash}) reverted`);
    }
  }

  return { contribute, rivalDent, warp, auction, flopParams, poolEvents, keeperTxs, mined, RAY };
}
