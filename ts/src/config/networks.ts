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

/**
 * Maker's on-chain changelog (makerdao/dss-chain-log, deployed in 2020 after Black Thursday): the
 * current MCD addresses under bytes32 keys (MCD_VAT, MCD_VOW, MCD_FLOP, MCD_JOIN_DAI, MCD_DAI, MCD_GOV,
 * MCD_PAUSE_PROXY, ...). Fork mode reads a recent block's addresses from it. Source: the repository's
 * README ("Contract Address").
 */
export const MAINNET_CHAINLOG: Address = '0xdA0Ab1e0017DEbCd72Be8599041a2aa3bA7e740F';

/**
 * MCD_PAUSE_PROXY: the executor of every executive spell since MCD's launch (November 2019), a ward of
 * the Vat, the Vow and the Flopper and the root of MKR's authority. Fork mode impersonates it as
 * governance at March 2020 (a recent block reads it from the chainlog). Source: the Flopper emergency
 * spell test of 19 March 2020 (makerdao/spells-mainnet) and the chainlog.
 */
export const MAINNET_PAUSE_PROXY: Address = '0xBE8E3e3618f7474F8cB1d074A26afFef007E98FB';

/**
 * The first debt auction, 19 March 2020 14:28 UTC (data/black-thursday.json, `debtAuctions.start`),
 * and where to look for it on mainnet. The block is not recorded in the repository's data: fork mode
 * finds it as the block of the March 2020 Flopper's `Kick` of auction 1 in `searchFromBlock..searchToBlock`
 * and forks at the block before it. The window comes from the flip file's (block, time) pairs
 * (data/march-2020/flip-eth-a-kicked-2020-03-12-to-13.csv: block 9,656,986 at 1584020109 and block
 * 9,666,205 at 1584143834, about 13.4 s a block), which put 14:28 UTC on 19 March near block 9,702,300;
 * the window reaches about a day either side.
 */
export const MARCH_2020_FIRST_FLOP = {
  /** 2020-03-19T14:28:00Z, unix s. */
  startedAt: 1_584_628_080n,
  estimatedBlock: 9_702_300n,
  searchFromBlock: 9_690_000n,
  searchToBlock: 9_715_000n,
  /**
   * Where the Vow's queued debt of Black Thursday starts (a day before the first bites of 12 March in
   * the flip file): fork mode flogs due slices queued from here when the Vow holds too little free debt.
   */
  fessFromBlock: 9_650_000n,
} as const;

/**
 * The debt auction's parameters in force in March 2020 (after the 12 March spell; ../shared/spec/mcd.md,
 * confirmed by the 19 March 2020 Flopper spell test's pre-cast checks): a flop sells `dump` MKR for a
 * fixed `sump` DAI, a bid must lower the lot by `beg`, an unbid lot grows by `pad` per `tick`, a bid
 * stands `ttl` s and an auction runs `tau` s. Fork mode files them on a recent block, where sump is
 * far larger, so the flow is the one of 2020 on today's contracts.
 */
export const MARCH_2020_DEBT_AUCTION = {
  sumpRad: 50_000n * 10n ** 45n,
  dumpWad: 250n * 10n ** 18n,
  begWad: 1_030_000_000_000_000_000n,
  padWad: 1_200_000_000_000_000_000n,
  ttl: 6n * 3_600n,
  tau: 3n * 86_400n,
} as const;
