/**
 * Core's `Ledger` over the `LedgerObject` Durable Objects, one per subscription, and the lease
 * that serialises acting on a subscription across consumers and isolates.
 *
 * @module
 */
import type { Ledger, LedgerEntry } from '@lifeline/core';
import type { LedgerObject } from './ledger-object.js';

/** The Durable Object namespace bound as `LEDGER`. */
export type LedgerNamespace = DurableObjectNamespace<LedgerObject>;

/** How long a lease lasts unless released: longer than any one action may take. */
export const leaseTtlMs = 3 * 60_000;

/** The stub of a subscription's object. Stubs belong to one request: make them per use. */
export function subscriptionObject(namespace: LedgerNamespace, subscriptionId: string) {
  return namespace.get(namespace.idFromName(subscriptionId));
}

/** A {@link Ledger} whose entries live in each subscription's Durable Object. */
export function createDurableLedger(namespace: LedgerNamespace): Ledger {
  return {
    get: async (subscriptionId): Promise<LedgerEntry | undefined> =>
      subscriptionObject(namespace, subscriptionId).get(subscriptionId),
    put: async (subscriptionId, entry) =>
      subscriptionObject(namespace, subscriptionId).put(subscriptionId, entry),
  };
}

/** The result of {@link withLeases}: the work's value, or how long another holder keeps one. */
export type LeasedResult<T> =
  | { readonly ran: true; readonly value: T }
  | { readonly ran: false; readonly retryAfterMs: number };

/**
 * Runs `work` while holding the lease of every subscription named, so that no other consumer or
 * cron run acts on them meanwhile and Graph's 10-minute rule is judged on a ledger nobody else is
 * writing. When another holder has one of the leases, `work` does not run. Leases are taken in
 * sorted order and all released afterwards, also when `work` throws.
 */
export async function withLeases<T>(
  namespace: LedgerNamespace,
  subscriptionIds: readonly string[],
  work: () => Promise<T>,
): Promise<LeasedResult<T>> {
  const holder = crypto.randomUUID();
  const held: string[] = [];
  try {
    for (const subscriptionId of [...new Set(subscriptionIds)].sort()) {
      const stub = subscriptionObject(namespace, subscriptionId);
      const lease = await stub.acquireLease(holder, leaseTtlMs);
      if (!lease.acquired) return { ran: false, retryAfterMs: lease.retryAfterMs };
      held.push(subscriptionId);
    }
    return { ran: true, value: await work() };
  } finally {
    await Promise.all(
      held.map((subscriptionId) =>
        subscriptionObject(namespace, subscriptionId).releaseLease(holder),
      ),
    );
  }
}
