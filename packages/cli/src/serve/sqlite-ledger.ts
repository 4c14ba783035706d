/**
 * Core's `Ledger` in the state database, so that the dedupe window and Graph's 10-minute rule
 * hold across restarts: a challenge acted on just before a crash is recognised afterwards.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Ledger, LedgerEntry } from '@lifeline/core';

/** A {@link Ledger} that also repairs what a crash left behind. */
export interface SqliteLedger extends Ledger {
  get(subscriptionId: string): LedgerEntry | undefined;
  put(subscriptionId: string, entry: LedgerEntry): void;
  list(): readonly LedgerEntry[];
  /**
   * Marks every call recorded as `pending` as `failed`, and returns how many there were. Only a
   * server that died mid-call leaves one, and whether Graph received that call is unknown: acting
   * again risks a repeated reauthorize, which is harmless, while doing nothing risks a lapsed
   * subscription. Call it at start, before any work runs.
   */
  failPendingCalls(): number;
  /** Removes entries last written before `before`; returns how many. */
  prune(before: Date): number;
  /** Drops what is kept in memory, e.g. after a transaction with a write to the ledger failed. */
  forget(): void;
}

interface Row {
  entry: string;
}

// This server is the database's only writer (the state directory is locked), so entries read or
// written once are kept in memory and the table is read only on a miss.
const maxCachedEntries = 10_000;

/** The ledger in the state database. */
export function createSqliteLedger(db: DatabaseSync): SqliteLedger {
  const select = db.prepare('SELECT entry FROM ledger WHERE subscription_id = ?');
  const upsert = db.prepare(
    `INSERT INTO ledger (subscription_id, entry, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (subscription_id) DO UPDATE SET entry = excluded.entry,
       updated_at = excluded.updated_at`,
  );
  const all = db.prepare('SELECT entry FROM ledger ORDER BY updated_at DESC');
  const remove = db.prepare('DELETE FROM ledger WHERE updated_at < ?');
  const cache = new Map<string, LedgerEntry | undefined>();
  const remember = (subscriptionId: string, entry: LedgerEntry | undefined) => {
    cache.delete(subscriptionId);
    if (cache.size >= maxCachedEntries) cache.delete(cache.keys().next().value as string);
    cache.set(subscriptionId, entry);
  };
  const put = (subscriptionId: string, entry: LedgerEntry) => {
    upsert.run(subscriptionId, JSON.stringify(entry), entry.updatedAt);
    remember(subscriptionId, Object.freeze({ ...entry }));
  };
  const list = () => (all.all() as unknown as Row[]).flatMap(readEntry);

  return {
    get: (subscriptionId) => {
      if (cache.has(subscriptionId)) return cache.get(subscriptionId);
      const row = select.get(subscriptionId) as Row | undefined;
      const entry = row ? readEntry(row)[0] : undefined;
      remember(subscriptionId, entry);
      return entry;
    },
    put,
    list,
    failPendingCalls() {
      const pending = list().filter((entry) => entry.lastCall?.result === 'pending');
      for (const entry of pending) put(entry.subscriptionId, asFailed(entry));
      return pending.length;
    },
    prune: (before) => {
      cache.clear();
      return Number(remove.run(before.toISOString()).changes);
    },
    forget: () => cache.clear(),
  };
}

function asFailed(entry: LedgerEntry): LedgerEntry {
  const lastCall = entry.lastCall ? { ...entry.lastCall, result: 'failed' as const } : undefined;
  const lastResult = entry.lastResult === 'pending' ? 'failed' : entry.lastResult;
  return { ...entry, lastCall, lastResult };
}

// An entry that no longer parses is treated as unknown rather than stopping the server.
function readEntry(row: Row): LedgerEntry[] {
  try {
    const entry = JSON.parse(row.entry) as LedgerEntry;
    return typeof entry?.subscriptionId === 'string' ? [entry] : [];
  } catch {
    return [];
  }
}
