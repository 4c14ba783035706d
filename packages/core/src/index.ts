/**
 * `@lifeline/core`: everything Lifeline knows about Microsoft Graph change-notification
 * subscriptions, with no runtime of its own. `fetch`, the token source, the clock and stores are
 * passed in; nothing here reads the environment or a global.
 *
 * @packageDocumentation
 */
export * from './challenges/index.js';
export * from './clouds.js';
export * from './errors.js';
export * from './graph/index.js';
export * from './lifecycle/index.js';
export * from './permissions/index.js';
export type * from './types.js';
