/**
 * The generated ABIs (generated/contracts.ts, from the Forge artifacts by `make build`). This module
 * is the only one that imports generated/: when the ABI changes, the compiler points here and to the
 * chain helpers that use it. Nothing outside src/chain/ imports generated/ or this file's sources.
 */
export {
  catAbi,
  daiAbi,
  daiBackstopSyndicateAbi,
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
