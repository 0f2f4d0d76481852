// The benchmarks' chain: an Anvil started from the deployed state (test/helpers/deploy.ts), the address
// book of that state, and the actors the scenarios need (the MCD ward kicks auctions and dents as a
// rival; a contributor funds a tier). Outside vitest, so fixtures.ts (which registers test hooks) is not
// used; the actions are the same as its `kick` and `fundDai` and keeperHarness's `contribute`.
import { createTestClient, http, type Address, type Hash, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainFor, createReadClient, createSendClient, daiJoinAbi, enlistWithPermit, flopperAbi, vatAbi, type ReadClient } from '../src/chain/index.js';
import { readTier } from '../src/chain/factory.js';
import { resolveAddressBook } from '../src/config/addressBook.js';
import { RAD, RAY, WAD } from '../src/units.js';
import { startAnvil, TEST_CHAIN_ID, type AnvilInstance } from '../test/helpers/anvil.js';
import { DEPLOYER_KEY, type DeployedState } from '../test/helpers/deploy.js';

export type BenchChain = Awaited<ReturnType<typeof startBenchChain>>;

/**
 * An Anvil from `deployed` (extra Anvil flags in `args`) with clients and actors. The caller stops it
 * (`stop()`).
 */
export async function startBenchChain(deployed: DeployedState, args: readonly string[] = []) {
  const anvil: AnvilInstance = await startAnvil(['--load-state', deployed.state, ...args]);
  const book = resolveAddressBook({ chain: 'local', chainId: TEST_CHAIN_ID, deploymentsDir: deployed.deploymentsDir });
  const chain = chainFor('local', TEST_CHAIN_ID, book.maker.multicall3);
  const client: ReadClient = createReadClient(anvil.rpcUrl, chain);
  const testClient = createTestClient({ mode: 'anvil', chain, transport: http(anvil.rpcUrl) });
  const wallet = (key: Hex) => createSendClient(anvil.rpcUrl, chain, privateKeyToAccount(key));
  const deployer = wallet(DEPLOYER_KEY);
  const me = deployer.account.address;

  async function mined(hash: Hash) {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  /** The syndicate of the tier at `limit` DAI/MKR. */
  async function tier(limit: bigint): Promise<Address> {
    const address = await readTier(client, { factory: book.factory!, limitWad: limit * WAD });
    if (!address) throw new Error(`no tier ${limit}`);
    return address;
  }

  /** A contributor (`key`) gets `daiWad` ERC20 DAI (the ward's `suck`, then a DaiJoin exit) and enlists all of it in `pool`. */
  async function contribute(key: Hex, pool: Address, daiWad: bigint): Promise<void> {
    const who = wallet(key);
    const holder = who.account.address;
    const { vat, daiJoin, dai } = book.maker;
    await mined(await deployer.writeContract({ address: vat, abi: vatAbi, functionName: 'suck', args: [me, holder, daiWad * RAY] }));
    await mined(await who.writeContract({ address: vat, abi: vatAbi, functionName: 'hope', args: [daiJoin] }));
    await mined(await who.writeContract({ address: daiJoin, abi: daiJoinAbi, functionName: 'exit', args: [holder, daiWad] }));
    await enlistWithPermit(client, who, { syndicate: pool, dai, daiWad });
  }

  /**
   * Sends a debt auction's kick with the ward's rights (gal = the Vow, as `vow.flop()` would), `bidRad`
   * fixed, `lotWad` on offer. Returns the hash without waiting (the caller may send several in a row;
   * `nonce` given then, since the pending nonce is not read between them).
   */
  async function sendKick({ lotWad, bidRad, nonce }: { lotWad: bigint; bidRad: bigint; nonce?: number }): Promise<Hash> {
    return deployer.writeContract({
      address: book.maker.flop,
      abi: flopperAbi,
      functionName: 'kick',
      args: [book.maker.vow, lotWad, bidRad],
      gas: 300_000n,
      ...(nonce === undefined ? {} : { nonce }),
    });
  }

  /** Kicks an auction and waits for it: its id (from the Flopper's `kicks()`) and block. */
  async function kick(lot: { lotWad: bigint; bidRad: bigint }): Promise<{ id: bigint; block: bigint }> {
    const receipt = await mined(await sendKick(lot));
    const id = await client.readContract({ address: book.maker.flop, abi: flopperAbi, functionName: 'kicks', blockNumber: receipt.blockNumber });
    return { id, block: receipt.blockNumber };
  }

  /** Gives the ward Vat DAI and lets the Flopper move it, so it can dent as a rival bidder. */
  async function armRival(): Promise<void> {
    await mined(await deployer.writeContract({ address: book.maker.vat, abi: vatAbi, functionName: 'suck', args: [me, me, 10_000_000n * RAD] }));
    await mined(await deployer.writeContract({ address: book.maker.vat, abi: vatAbi, functionName: 'hope', args: [book.maker.flop] }));
  }

  /** The ward outbids the leader of auction `id`, asking `lotWad` MKR for the same bid; waits for it. */
  async function rivalDent(id: bigint, lotWad: bigint): Promise<bigint> {
    const [bidRad] = await client.readContract({ address: book.maker.flop, abi: flopperAbi, functionName: 'bids', args: [id] });
    const receipt = await mined(await deployer.writeContract({ address: book.maker.flop, abi: flopperAbi, functionName: 'dent', args: [id, lotWad, bidRad], gas: 300_000n }));
    return receipt.blockNumber;
  }

  /** The high bidder of auction `id` and its lot. */
  async function auction(id: bigint): Promise<{ guy: Address; lotWad: bigint; tic: bigint; end: bigint }> {
    const [, lotWad, guy, tic, end] = await client.readContract({ address: book.maker.flop, abi: flopperAbi, functionName: 'bids', args: [id] });
    return { guy, lotWad, tic: BigInt(tic), end: BigInt(end) };
  }

  return {
    rpcUrl: anvil.rpcUrl,
    anvil,
    chain,
    client,
    testClient,
    book,
    deployer,
    deploymentsDir: deployed.deploymentsDir,
    mined,
    tier,
    contribute,
    sendKick,
    kick,
    armRival,
    rivalDent,
    auction,
    stop: () => anvil.stop(),
  };
}
