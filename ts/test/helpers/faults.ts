// The fault proxy and the Anvil controls live in src/devchain/faults.ts (the demo's congestion
// scenario uses them too); tests import them from here.
export * from '../../src/devchain/faults.js';
