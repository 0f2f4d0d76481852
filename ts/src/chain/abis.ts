/**
 * The generated ABIs (generated/contracts.ts, from the Forge artifacts by `make build`). This module
 * is the only one that imports generated/: when the ABI changes, the compiler points here and to the
 * chain helpers that use it. Nothing outside src/chain/ imports generated/ or this file's sources.
 */
import { daiBackstopSyndicateAbi, iSyndicateAbi } from '../../generated/contracts.js';

export {
  catAbi,
  daiAbi,
  daiJoinAbi,
  flipReplayerAbi,
  flipperAbi,
  flopperAbi,
  gemJoinAbi,
  jugAbi,
  kissingFlopperAbi,
  mcdSpellAbi,
  mkrAbi,
  mkrAuthorityAbi,
  osmAbi,
  priceFeedAbi,
  spotterAbi,
  syndicateFactoryAbi,
  vatAbi,
  vowAbi,
  wethAbi,
} from '../../generated/contracts.js';

/** What only the contract's own artifact carries: its share token's ERC20 events and token errors. */
type ContractOnlyItem = Extract<(typeof daiBackstopSyndicateAbi)[number], { type: 'event' | 'error' }>;

const signature = (item: { type: string; name?: string; inputs?: readonly { type: string }[] }) =>
  `${item.type}:${item.name ?? ''}(${(item.inputs ?? []).map((i) => i.type).join(',')})`;
const inInterface = new Set(iSyndicateAbi.map(signature));

/**
 * The syndicate's full ABI: `ISyndicate` (every function, event and error of the contract, and the views
 * its fallback runs from SyndicateViews by delegatecall), plus what only the contract's artifact holds,
 * the share token's `Transfer` and `Approval` events and its ERC20 errors (`InsufficientBalance`,
 * `InvalidPermit`, ...). Call, decode and parse logs of a syndicate with this. Deploys use the
 * factory's artifact (`SyndicateFactory`), never this.
 */
export const syndicateAbi: readonly [...typeof iSyndicateAbi, ...ContractOnlyItem[]] = [
  ...iSyndicateAbi,
  ...daiBackstopSyndicateAbi.filter((item): item is ContractOnlyItem => (item.type === 'event' || item.type === 'error') && !inInterface.has(signature(item))),
];
