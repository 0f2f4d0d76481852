/**
 * The syndicate's members: who they are (development keys derived from the seed), how much each
 * enlists (a few large holders and many small ones, as crowdfunds go), how they get DAI (governance
 * prints it in the Vat and hands it out), and how they enlist and defect: through the CLI's own chain
 * code (`prepareEnlistWithPermit`: a DAI permit signed and the enlist simulated, exactly what
 * `backstop enlist` sends; `defectWrite`, what `backstop defect` sends), batched into blocks.
 */
import { keccak256, stringToHex, type Address, type Hex, type LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { daiTransferWrite } from '../chain/actors.js';
import { daiJoinExitWrite, vatHopeWrite, vatSuckWrite } from '../chain/governance.js';
import type { ReadClient } from '../chain/clients.js';
import { defectWrite, prepareEnlistWithPermit, readHolder } from '../chain/syndicate.js';
import type { MakerAddresses } from '../config/addressBook.js';
import type { BlockBuilder } from '../devchain/blocks.js';

const WAD = 10n ** 18n;
const RAY = 10n ** 27n;

export interface Member {
  index: number;
  account: LocalAccount;
  tier: Address;
  daiWad: bigint;
}

/** Member `i`'s development key: keccak256 of a label with the seed. Never a real account. */
export function memberKey(i: number, seed: number): Hex {
  return keccak256(stringToHex(`dai-backstop-syndicate demo member ${seed}/${i}`));
}

/**
 * How `totalWad` splits over `members`: 1 DAI each, the rest by weight 1/(i+1) (a few large holders,
 * a long tail), rounded down to whole DAI, the remainder to the first. Sums to `totalWad` exactly.
 * @throws RangeError when `totalWad` is under 1 DAI a member.
 */
export function memberAmounts(members: number, totalWad: bigint): bigint[] {
  if (members < 1) throw new RangeError('memberAmounts: at least one member');
  const base = BigInt(members) * WAD;
  if (totalWad < base) throw new RangeError('memberAmounts: under 1 DAI a member');
  const rest = totalWad - base;
  const scale = 1_000_000_000n;
  const weights = Array.from({ length: members }, (_, i) => scale / BigInt(i + 1));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const amounts = weights.map((w) => WAD + (((rest * w) / sum) / WAD) * WAD);
  const given = amounts.reduce((a, b) => a + b, 0n);
  amounts[0] = amounts[0]! + (totalWad - given);
  return amounts;
}

/** Gas limits of the members' batched transactions. */
const GAS = { suck: 200_000n, hope: 100_000n, exit: 200_000n, transfer: 100_000n, enlist: 400_000n, defect: 400_000n } as const;

/**
 * Funds and enlists every member: one block where governance prints the DAI (`vat.suck` to itself,
 * never the Vow), exits it and transfers each member's part; ETH for gas by `anvil_setBalance`; then
 * one block with every member's enlist-with-permit. `tiers[i % tiers.length]` is member i's tier.
 * `at` gives the chain time of each block.
 * @returns the members
 */
export async function enlistMembers(
  client: ReadClient,
  builder: BlockBuilder,
  { governance, maker, tiers, members, poolDaiWad, seed, at }: { governance: LocalAccount; maker: MakerAddresses; tiers: readonly Address[]; members: number; poolDaiWad: bigint; seed: number; at: () => bigint },
): Promise<Member[]> {
  const amounts = memberAmounts(members, poolDaiWad);
  const list: Member[] = amounts.map((daiWad, index) => ({ index, account: privateKeyToAccount(memberKey(index, seed)), tier: tiers[index % tiers.length]!, daiWad }));
  const me = governance.address;
  await builder.add(governance, vatSuckWrite({ vat: maker.vat, u: me, v: me, rad: poolDaiWad * RAY }), { gas: GAS.suck });
  await builder.add(governance, vatHopeWrite({ vat: maker.vat, usr: maker.daiJoin }), { gas: GAS.hope });
  await builder.add(governance, daiJoinExitWrite({ daiJoin: maker.daiJoin, usr: me, daiWad: poolDaiWad }), { gas: GAS.exit });
  for (const m of list) {
    await builder.add(governance, daiTransferWrite({ dai: maker.dai, to: m.account.address, daiWad: m.daiWad }), { gas: GAS.transfer });
    await client.request({ method: 'anvil_setBalance' as never, params: [m.account.address, '0x56bc75e2d63100000'] as never }); // 100 ETH
  }
  await builder.mine(at());
  for (const m of list) {
    const prepared = await prepareEnlistWithPermit(client, m.account, { syndicate: m.tier, dai: maker.dai, daiWad: m.daiWad, what: `member ${m.index} enlists` });
    await builder.addRaw(m.account, { to: m.tier, data: prepared.data, gas: GAS.enlist, what: prepared.what });
  }
  await builder.mine(at());
  return list;
}

/**
 * Every member defects all their shares in one block at chain time `at` (what `backstop defect all`
 * sends). Members without shares are skipped.
 * @returns how many defected
 */
export async function defectAll(client: ReadClient, builder: BlockBuilder, members: readonly Member[], at: bigint): Promise<number> {
  const holdings = await Promise.all(members.map((m) => readHolder(client, { syndicate: m.tier, holder: m.account.address })));
  let count = 0;
  for (const [i, m] of members.entries()) {
    const shares = holdings[i]!.shares;
    if (shares === 0n) continue;
    await builder.add(m.account, { ...defectWrite({ syndicate: m.tier, shares }), what: `member ${m.index} defects` }, { gas: GAS.defect });
    count++;
  }
  if (count > 0) await builder.mine(at);
  return count;
}
