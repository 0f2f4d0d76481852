// The keeper: discovery, the pure planner, the transaction manager, the loop and its telemetry.
export * from './auctionLedger.js';
export * from './blocks.js';
export * from './discovery.js';
export * from './keeper.js';
export * from './metrics.js';
export * from './ops.js';
export * from './planner.js';
export * from './telemetry.js';
export * from './txManager.js';
