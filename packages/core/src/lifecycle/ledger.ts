/**
 * The ledger: what Lifeline remembers per subscription so that it can ignore repeated challenges
 * and never send a reauthorize and a renew for one subscription within 10 minutes.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import type { Clock } from '../types.js';

/** What Lifeline does about a lifecycle notification. */
export type LifecycleActionType = 'reauthorize' | 'renew' | 'recreate' | 'resync' | 'ignore';

/** How the last action on a subscription went; `pending` while it is under way. */
export type LedgerResult = 'pending' | 'done' | 'ignored' | 'gone' | 'failed';

/** The last reauthorize or renew sent for a subscription (the calls the 10-minute rule governs). */
export interface LedgerGraphCall {
  readonly action: 'reauthorize' | 'renew';
  /** When the call was started, ISO 8601. */
  readonly at: string;
  readonly result: LedgerResult;
}

/**
 * What the ledger holds for one subscription. Every field is plain JSON, so durable ledgers can
 * store an entry as it is.
 */
export interface LedgerEntry {
  readonly subscriptionId: string;
  readonly tenantId?: string | undefined;
  /** The subscription's `resource`, once known; it fixes the longest allowed renewal. */
  readonly resource?: string | undefined;
  /** Whether the subscription includes resource data; it shortens some maximum lifetimes. */
  readonly includeResourceData?: boolean | undefined;
  /** The subscription's expiry as last seen, ISO 8601. */
  readonly expirationDateTime?: string | undefined;
  /** The last lifecycle event received, as Graph spelled it. */
  readonly lastEvent?: string | undefined;
  /** When the last event was handled, ISO 8601. */
  readonly lastEventAt?: string | undefined;
  /** The last action decided. */
  readonly lastAction?: LifecycleActionType | undefined;
  /** When the last action was started, ISO 8601. */
  readonly lastActionAt?: string | undefined;
  /** How the last action went. */
  readonly lastResult?: LedgerResult | undefined;
  /** The last reauthorize or renew sent. */
  readonly lastCall?: LedgerGraphCall | undefined;
  /** When this entry was written, ISO 8601. */
  readonly updatedAt: string;
}

/** A value, or a promise of it: in-memory ledgers answer at once, durable ones asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Where Lifeline keeps its {@link LedgerEntry} per subscription. Implementations may be in memory
 * ({@link createMemoryLedger}), SQLite, a Durable Object, or anything with these methods.
 */
export interface Ledger {
  /** The entry for a subscription, or `undefined`. */
  get(subscriptionId: string): MaybePromise<LedgerEntry | undefined>;
  /** Replaces the entry for a subscription. */
  put(subscriptionId: string, entry: LedgerEntry): MaybePromise<void>;
  /** Every entry, for a status page; optional. */
  list?(): MaybePromise<readonly LedgerEntry[]>;
}

/** Options of {@link createMemoryLedger}. */
export interface MemoryLedgerOptions {
  /** How long an entry is kept after it was last written, in milliseconds. Default 24 hours. */
  readonly ttlMs?: number | undefined;
  /**
   * The clock that expiry is measured against. Without one, an entry expires once an entry
   * written `ttlMs` later exists (time as the ledger has seen it).
   */
  readonly now?: Clock | undefined;
  /** The most entries kept; the least recently written go first. Default 10,000. */
  readonly maxEntries?: number | undefined;
}

/** A {@link Ledger} held in memory: it answers at once and always lists. */
export interface MemoryLedger extends Ledger {
  get(subscriptionId: string): LedgerEntry | undefined;
  put(subscriptionId: string, entry: LedgerEntry): void;
  list(): readonly LedgerEntry[];
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * A {@link Ledger} in memory, for one process. Entries expire `ttlMs` after their last write, and
 * the oldest are dropped beyond `maxEntries`, so that memory stays bounded.
 */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): MemoryLedger {
  const ttlMs = options.ttlMs ?? dayMs;
  const maxEntries = options.maxEntries ?? 10_000;
  const clock = options.now;
  const entries = new Map<string, { entry: LedgerEntry; writtenAt: number }>();
  let latestWrite = 0;

  const currentTime = (): number => (clock ? clock().getTime() : latestWrite);
  const isLive = (writtenAt: number): boolean => currentTime() - writtenAt < ttlMs;

  return {
    get(subscriptionId) {
      const stored = entries.get(subscriptionId);
      if (!stored) return undefined;
      if (isLive(stored.writtenAt)) return stored.entry;
      entries.delete(subscriptionId);
      return undefined;
    },
    put(subscriptionId, entry) {
      const writtenAt = clock ? clock().getTime() : timeOf(entry.updatedAt, latestWrite);
      latestWrite = Math.max(latestWrite, writtenAt);
      entries.delete(subscriptionId);
      entries.set(subscriptionId, { entry: Object.freeze({ ...entry }), writtenAt });
      evictOldest(entries, maxEntries);
    },
    list() {
      return [...entries.values()]
        .filter((stored) => isLive(stored.writtenAt))
        .map((stored) => stored.entry);
    },
  };
}

function evictOldest(entries: Map<string, unknown>, maxEntries: number): void {
  for (const key of entries.keys()) {
    if (entries.size <= maxEntries) return;
    entries.delete(key);
  }
}

function timeOf(timestamp: string, fallback: number): number {
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? fallback : time;
}
