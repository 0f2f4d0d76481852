// The factory deploys on a chain that enforces EIP-170 (no contract code over 24,576 bytes), as mainnet
// and a plain Anvil do: fork mode deploys it from its artifact this way (deploySyndicateFactory). This
// test starts its own Anvil with the project's binary and Anvil's default limits, whatever ANVIL says.
import { getAddress, size } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainFor, createReadClient, createSendClient, deploySyndicateFactory, syndicateFactoryAbi } from '../../src/chain/index.js';
import { foundryBin, startAnvil, type AnvilInstance } from '../../src/devchain/anvil.js';
import { DEV_DEPLOYER_KEY } from '../../src/devchain/deploy.js';

/** EIP-170's limit on a contract's code, bytes. */
const MAX_CODE_BYTES = 24_576;

let anvil: AnvilInstance;
beforeAll(async () => {
  anvil = await startAnvil({ bin: foundryBin('anvil'), chainId: 31_338 });
}, 30_000);
afterAll(async () => anvil?.stop());

describe('deploySyndicateFactory', () => {
  it('deploys on a chain enforcing EIP-170: the factory and the two blueprint halves it writes each fit 24,576 bytes', async () => {
    const chain = chainFor('local', 31_338);
    const client = createReadClient(anvil.rpcUrl, chain);
    const deployer = createSendClient(anvil.rpcUrl, chain, privateKeyToAccount(DEV_DEPLOYER_KEY));
    // Any non-zero addresses: the factory stores them; each syndicate's constructor checks them at create.
    const me = deployer.account.address;
    const factory = await deploySyndicateFactory(client, deployer, { vat: me, daiJoin: me, flop: me, dai: me, mkr: me, owner: me });
    expect(size((await client.getCode({ address: factory }))!)).toBeLessThanOrEqual(MAX_CODE_BYTES);
    let written = 0;
    for (const functionName of ['blueprintHead', 'blueprintTail'] as const) {
      const blueprint = await client.readContract({ address: factory, abi: syndicateFactoryAbi, functionName });
      const code = await client.getCode({ address: getAddress(blueprint) });
      expect(code, `${functionName} holds half the syndicate's creation code`).toBeDefined();
      expect(size(code!)).toBeLessThanOrEqual(MAX_CODE_BYTES);
      written += size(code!) - 1; // SSTORE2 prefixes the data with a STOP byte
    }
    // Together they are the syndicate's creation code, which the factory reads back for each tier.
    const creationCode = await client.readContract({ address: factory, abi: syndicateFactoryAbi, functionName: 'creationCode' });
    expect(written).toBe(size(creationCode));
    expect(written).toBeGreaterThan(MAX_CODE_BYTES);
  });
});
