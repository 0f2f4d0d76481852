// The chain module's writes and the reads around them, on a real Anvil: plain enlist after approveDai,
// a holder's shares and previews, defect's payout, simulation refusing before anything is sent (a custom
// error decoded, a revert string kept, solady's token-call error named), two writes simulated in
// sequence, and the fee caps.
import { describe, expect, it } from 'vitest';
import {
  ChainRevertError,
  approveDai,
  approveDaiWrite,
  cappedFees,
  contractWrite,
  daiAbi,
  defect,
  enlist,
  enlistWrite,
  readHolder,
  readMaxDefect,
  readPreviewDefect,
  readPreviewEnlist,
  simulateWrite,
  simulateWrites,
} from '../../src/chain/index.js';
import { WAD } from '../../src/units.js';
import { useAnvil } from '../helpers/fixtures.js';

const fx = useAnvil();
const alice = fx.alice.account.address;
const nonce = () => fx.client.getTransactionCount({ address: alice });

describe('writes through chain/send.ts', () => {
  it('enlists after approveDai, reads the holding and the previews, and defects', async () => {
    const pool = await fx.tierAddress(100n * WAD);
    const dai = fx.book.maker.dai;
    await fx.fundDai(fx.alice, 1_000n * WAD);
    expect(await readPreviewEnlist(fx.client, { syndicate: pool, daiWad: 600n * WAD })).toBe(600n * WAD);

    const approved = await approveDai(fx.client, fx.alice, { dai, spender: pool, daiWad: 600n * WAD });
    expect(approved.result).toBe(true);
    const sent = await enlist(fx.client, fx.alice, { syndicate: pool, daiWad: 600n * WAD });
    expect(sent).toMatchObject({ functionName: 'enlist', from: alice, result: 600n * WAD, blockNumber: sent.receipt.blockNumber });
    expect(sent.receipt.status).toBe('success');
    expect(await fx.client.getTransaction({ hash: sent.hash })).toMatchObject({ input: sent.data, to: pool.toLowerCase() });

    const none = { round: 0n, enlistDaiWad: 0n, defectShares: 0n, executed: false, sharesOut: 0n, daiOutWad: 0n, mkrWad: 0n };
    expect(await readHolder(fx.client, { syndicate: pool, holder: alice })).toEqual({ shares: 600n * WAD, maxDefectShares: 600n * WAD, claimableMkrWad: 0n, pending: none });
    expect(await readMaxDefect(fx.client, { syndicate: pool, holder: alice })).toBe(600n * WAD);
    expect(await readPreviewDefect(fx.client, { syndicate: pool, shares: 150n * WAD })).toBe(150n * WAD);
    const out = await defect(fx.client, fx.alice, { syndicate: pool, shares: 150n * WAD });
    expect(out.result).toEqual([150n * WAD, 0n]);
    expect((await readHolder(fx.client, { syndicate: pool, holder: alice })).shares).toBe(450n * WAD);
  });

  it('refuses in simulation, sending nothing: a custom error decoded, a revert string kept', async () => {
    const pool = await fx.tierAddress(100n * WAD);
    const before = await nonce();
    const zero = await enlist(fx.client, fx.alice, { syndicate: pool, daiWad: 0n }).catch((e: unknown) => e);
    expect(zero).toBeInstanceOf(ChainRevertError);
    expect((zero as ChainRevertError).revert?.name).toBe('ZeroAmount');
    expect((zero as ChainRevertError).shortMessage).toBe('enlist(0 wad DAI) reverted: ZeroAmount()');

    // DAI's own require message comes through when the error is not the syndicate's.
    const pull = contractWrite('pull DAI', { address: fx.book.maker.dai, abi: daiAbi, functionName: 'transferFrom', args: [fx.deployer.account.address, alice, 1n] });
    const refused = await simulateWrite(fx.client, fx.alice.account, pull).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChainRevertError);
    expect((refused as ChainRevertError).shortMessage).toBe('pull DAI reverted: Dai/insufficient-balance');
    expect(await nonce()).toBe(before);
  });

  it('simulates approve then enlist in sequence (eth_simulateV1), and says which write would revert', async () => {
    const pool = await fx.tierAddress(100n * WAD);
    await fx.fundDai(fx.alice, 100n * WAD);
    const approve = approveDaiWrite({ dai: fx.book.maker.dai, spender: pool, daiWad: 100n * WAD });
    const both = await simulateWrites(fx.client, fx.alice.account, [approve, enlistWrite({ syndicate: pool, daiWad: 100n * WAD })]);
    expect(both?.map((w) => [w.functionName, w.result])).toEqual([
      ['approve', true],
      ['enlist', 100n * WAD],
    ]);
    // Alone, the enlist has no allowance to spend; after an approve of too little it still fails.
    const tooLittle = approveDaiWrite({ dai: fx.book.maker.dai, spender: pool, daiWad: 99n * WAD });
    const failed = await simulateWrites(fx.client, fx.alice.account, [tooLittle, { ...enlistWrite({ syndicate: pool, daiWad: 100n * WAD }), what: 'the enlist' }]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ChainRevertError);
    expect((failed as ChainRevertError).shortMessage).toBe('the enlist reverted: TransferFromFailed() (the token refused transferFrom: balance or allowance too small)');
  });

  it('caps fees at the configured maxima', async () => {
    const free = await cappedFees(fx.client, { maxFeePerGasWei: 10n ** 15n, maxPriorityFeePerGasWei: 10n ** 15n });
    const { baseFeePerGas } = await fx.client.getBlock();
    expect(free.maxFeePerGas).toBeGreaterThanOrEqual(baseFeePerGas!);
    const capped = await cappedFees(fx.client, { maxFeePerGasWei: baseFeePerGas! + 1n, maxPriorityFeePerGasWei: 1n });
    expect(capped).toEqual({ maxFeePerGas: baseFeePerGas! + 1n, maxPriorityFeePerGas: 1n });
  });
});
