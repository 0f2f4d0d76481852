// Typed chain access. The only module tree that imports generated/ (through abis.ts).
export * from './abis.js';
export * from './chainlog.js';
export * from './clients.js';
export * from './errors.js';
export * from './factory.js';
export * from './flopper.js';
export * from './governance.js';
export * from './send.js';
export * from './syndicate.js';
export * from './tokens.js';
export * from './vat.js';
export * from './vow.js';
export * from './keeperCalls.js';
export * from './replay.js';
export * from './actors.js';
