export * from './schema.js';
export * from './addressBook.js';
export * from './networks.js';
export * from './keeper.js';
export * from './keys.js';
