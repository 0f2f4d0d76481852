// Fork mode: the debt-auction flow against Maker's contracts on an Anvil fork (runForkFlow).
export * from './addresses.js';
export * from './anvilRpc.js';
export * from './flow.js';
export * from './kick.js';
export * from './logs.js';
