/**
 * Lifecycle: deciding what to do about a challenge, doing it through the Graph client, and
 * remembering it in a ledger.
 *
 * @module
 */

export { decideLifecycleAction } from './decide.js';
export type * from './decision-types.js';
export type { LifecycleBatch } from './gate.js';
export { handleLifecycleNotifications } from './handle.js';
export type * from './handler-types.js';
export {
  createMemoryLedger,
  type Ledger,
  type LedgerEntry,
  type LedgerGraphCall,
  type LedgerResult,
  type LifecycleActionType,
  type MaybePromise,
  type MemoryLedger,
  type MemoryLedgerOptions,
} from './ledger.js';
export {
  defaultLifecyclePolicy,
  type LifecyclePolicy,
  type NormalisedLifecyclePolicy,
  normaliseLifecyclePolicy,
  reauthorizeRenewGapMs,
} from './policy.js';
export * from './repeats.js';
export * from './screen.js';
