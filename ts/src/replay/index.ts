// The March 2020 replay: the flip file, what it implies, record mode and the debt auctions' steps.
export * from './data.js';
export * from './expected.js';
export * from './flips.js';
export * from './debt.js';
export * from './market.js';
