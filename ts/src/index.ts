// The library surface: re-exports only, no side effects, no environment reads.
export * from './units.js';
export * from './errors.js';
export * from './config/index.js';
export * from './chain/index.js';
export * from './keeper/index.js';
export * from './replay/index.js';
export * from './fork/index.js';
export { createLogger, censorUrl, type Logger, type LogLevel } from './log.js';
