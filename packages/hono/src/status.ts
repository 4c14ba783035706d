/**
 * The opt-in status route: what the ledger knows about each subscription it has seen.
 *
 * @module
 */
import type { Ledger, LedgerEntry } from '@lifeline/core';
import type { Context } from 'hono';

/**
 * One subscription on the status route: the documented fields of its ledger entry, so that what
 * a durable ledger stores besides them is never shown.
 */
export type SubscriptionStatus = Pick<
  LedgerEntry,
  | 'subscriptionId'
  | 'tenantId'
  | 'resource'
  | 'expirationDateTime'
  | 'lastEvent'
  | 'lastEventAt'
  | 'lastAction'
  | 'lastActionAt'
  | 'lastResult'
  | 'lastCall'
  | 'updatedAt'
>;

/** The body of `GET {mount}/status`. */
export interface StatusBody {
  readonly count: number;
  /** Most recently updated first. */
  readonly subscriptions: readonly SubscriptionStatus[];
}

/**
 * Answers `GET {mount}/status` with the ledger's entries as JSON; `501` when the ledger cannot
 * list them, `503` when listing failed. The answer is never cached.
 */
export async function statusResponse(c: Context, ledger: Ledger): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  if (!ledger.list) {
    return c.json({ error: 'the ledger cannot list its entries' }, 501);
  }
  let entries: LedgerEntry[];
  try {
    entries = [...(await ledger.list())];
  } catch {
    return c.json({ error: 'the ledger could not be read' }, 503);
  }
  entries.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const body: StatusBody = { count: entries.length, subscriptions: entries.map(statusOf) };
  return c.json(body);
}

function statusOf(entry: LedgerEntry): SubscriptionStatus {
  return {
    subscriptionId: entry.subscriptionId,
    tenantId: entry.tenantId,
    resource: entry.resource,
    expirationDateTime: entry.expirationDateTime,
    lastEvent: entry.lastEvent,
    lastEventAt: entry.lastEventAt,
    lastAction: entry.lastAction,
    lastActionAt: entry.lastActionAt,
    lastResult: entry.lastResult,
    lastCall: entry.lastCall,
    updatedAt: entry.updatedAt,
  };
}
