// Per test file: the Anvil of this worker (keyed by VITEST_POOL_ID), clients, the address book of the
// deployed state, the actors, and a snapshot taken before each test and reverted after it.
import { afterEach, beforeEach, inject } from 'vitest';
import { createTestClient, http, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainFor, createReadClient, createSendClient, daiJoinAbi, flopperAbi, vatAbi } from '../../src/chain/index.js';
import { resolveAddressBook } from '../../src/config/addressBook.js';
import { RAY } from '../../src/units.js';
import { TEST_CHAIN_ID } from './anvil.js';
import { DEPLOYER_KEY } from './globalSetup.js';

/** Anvil's default accounts 1 and 2: two contributors. Account 0 deployed the MCD and is its ward. */
export const ALICE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
export const BOB_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';

export function useAnvil() {
  const urls = inject('anvilUrls');
  const poolId = Number(process.env.VITEST_POOL_ID ?? '1');
  const rpcUrl = urls[(poolId - 1) % urls.length]!;
  const deploymentsDir = inject('deploymentsDir');
  const book = resolveAddressBook({ chain: 'local', chainId: TEST_CHAIN_ID, deploymentsDir });
  const chain = chainFor('local', TEST_CHAIN_ID, book.maker.multicall3);
  const client = createReadClient(rpcUrl, chain);
  const testClient = createTestClient({ mode: 'anvil', chain, transport: http(rpcUrl) });
  const wallet = (key: `0x${string}`) => createSendClient(rpcUrl, chain, privateKeyToAccount(key));
  const deployer = wallet(DEPLOYER_KEY);
  const alice = wallet(ALICE_KEY);

  let snapshot: `0x${string}` | undefined;
  beforeEach(async () => {
    snapshot = await testClient.snapshot();
    // evm_revert does not restore Anvil's next base fee: blocks another file mined and reverted (full
    // replay batches, congestion) leave it far from the head's, and a fee estimated from the head is
    // then refused or evicted. Each test starts from the head's base fee, as on a fresh chain.
    const { baseFeePerGas } = await client.getBlock();
    if (baseFeePerGas !== null) await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas });
    // Nor does it restore the txpool or automine: transactions another test left pending (a stuck
    // keeper's) would be adopted by this test's keeper as its own.
    await (testClient.request as (args: { method: string; params?: unknown[] }) => Promise<unknown>)({ method: 'anvil_dropAllTransactions' });
    await testClient.setAutomine(true);
  });
  afterEach(async () => {
    if (snapshot) await testClient.revert({ id: snapshot });
  });

  async function mine(hash: `0x${string}`) {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  /** ERC20 DAI for `to`: the ward prints Vat DAI (`suck`), `to` exits it through the DaiJoin. */
  async function fundDai(to: ReturnType<typeof wallet>, daiWad: bigint) {
    const { vat, daiJoin } = book.maker;
    const holder = to.account.address;
    await mine(await deployer.writeContract({ address: vat, abi: vatAbi, functionName: 'suck', args: [deployer.account.address, holder, daiWad * RAY] }));
    await mine(await to.writeContract({ address: vat, abi: vatAbi, functionName: 'hope', args: [daiJoin] }));
    await mine(await to.writeContract({ address: daiJoin, abi: daiJoinAbi, functionName: 'exit', args: [holder, daiWad] }));
  }

  /** A debt auction kicked with the ward's rights, as the Vow's `flop()` would (gal = the Vow). */
  async function kick({ lotWad, bidRad }: { lotWad: bigint; bidRad: bigint }): Promise<bigint> {
    const { flop, vow } = book.maker;
    const { result, request } = await client.simulateContract({
      account: deployer.account,
      address: flop,
      abi: flopperAbi,
      functionName: 'kick',
      args: [vow, lotWad, bidRad],
    });
    await mine(await deployer.writeContract(request));
    return result;
  }

  async function tierAddress(limitWad: bigint): Promise<Address> {
    const { readTier } = await import('../../src/chain/factory.js');
    const address = await readTier(client, { factory: book.factory!, limitWad });
    if (!address) throw new Error(`no tier ${limitWad}`);
    return address;
  }

  return { rpcUrl, deploymentsDir, chain, client, testClient, book, wallet, deployer, alice, mine, fundDai, kick, tierAddress };
}
