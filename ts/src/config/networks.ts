/**
 * Maker's mainnet contracts (MCD as of March 2020; ../shared/spec/mcd.md). A `fork` chain uses these
 * too, whatever its chain id. The syndicate's factory is not here: it comes from the deployment
 * record (syndicate-<chainid>.json) or `--factory`.
 */
import type { Address } from 'viem';
import type { MakerAddresses } from './addressBook.js';

export const MAINNET_CHAIN_ID = 1;

export const MAINNET_MAKER = {
  vat: '0x35D1b3F3D7966A1DFe207aa4514C12a259A0492B',
  vow: '0xA950524441892A31ebddF91d3cEEFa04Bf454466',
  cat: '0x78F2c2AF65126834c51822F56Be0d7469D7A523E',
  ethFlip: '0xd8a04F5412223F513DC55F839574430f5EC15531',
  /** The Flopper in use from December 2019 to July 2020 (the one of Black Thursday). */
  flop: '0x4D95A049d5B0b7d32058cd3F2163015747522e99',
  ethJoin: '0x2F0b23f53734252Bda2277357e97e1517d6B042A',
  daiJoin: '0x9759A6Ac90977b93B58547b4A71c78317f391A28',
  dai: '0x6B175474E89094C44Da98b954EedeAC495271d0F',
  mkr: '0x9f8F72aA9304c8B593d555F12eF6589cC3A579A2',
  spotter: '0x65C79fcB50Ca1594B025960e539eD7A9a6D434A3',
  jug: '0x19c0976f590D67707E62397C87829d896Dc0f1F1',
  pip: '0x81FE72B5A8d1A857d176C3E7d5Bd2679A9B85763',
  weth: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
} as const satisfies MakerAddresses;

/** The Flopper deployed in July 2020, which kisses the Vow on the first dent. */
export const MAINNET_FLOPPER_JULY_2020: Address = '0xA41B6EF151E06da0e34B009B86E828308986736D';

/**
 * A block before MCD's mainnet launch (November 2019): the Flopper has no log before it, so a keeper
 * on mainnet or a fork scans its Kick logs from here unless `--from-block` says otherwise.
 */
export const MAINNET_MCD_FROM_BLOCK = 8_900_000n;
