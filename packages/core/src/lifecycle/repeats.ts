/**
 * Recognising challenges that were answered already: a repeat of a reauthorize or renewal that
 * succeeded within the dedupe window needs no work, so an endpoint that queues its work can
 * settle it before queueing. The decision is the handler's own, from the same ledger entry.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import type { LifecycleNotification } from '../challenges/notification.js';
import type { Clock } from '../types.js';
import { decideLifecycleAction } from './decide.js';
import type { LifecycleDecision } from './decision-types.js';
import { outcomeOf } from './gate.js';
import type { LifecycleOutcome } from './handler-types.js';
import type { Ledger, LedgerEntry } from './ledger.js';
import { type LifecyclePolicy, normaliseLifecyclePolicy } from './policy.js';

/** Options of {@link settleRepeats}: the handler's ledger, policy and clock. */
export interface SettleRepeatsOptions {
  readonly ledger: Ledger;
  readonly policy?: LifecyclePolicy | undefined;
  readonly now: Clock;
}

/** The result of {@link settleRepeats}. */
export interface SettleRepeatsResult {
  /** The notifications that still need the handler, in posted order. */
  readonly open: LifecycleNotification[];
  /** One `ignored` outcome per notification answered already, in posted order. */
  readonly settled: LifecycleOutcome[];
}

/**
 * Sorts screened notifications into those already answered and those that still need work. A
 * notification is settled only when the handler would ignore it because a call for its
 * subscription succeeded recently (`duplicate`, or `ten_minute_rule`); every other decision, an
 * unknown subscription and a ledger that fails leave it open. Nothing is recorded or called.
 *
 * Pass only notifications that passed screening: settling does not check `clientState` or
 * validation tokens.
 *
 * @throws {InvalidInputError} (as a rejected promise) for a policy with a negative or non-finite
 *   number. Nothing else rejects.
 */
export async function settleRepeats(
  notifications: readonly LifecycleNotification[],
  options: SettleRepeatsOptions,
): Promise<SettleRepeatsResult> {
  const policy = normaliseLifecyclePolicy(options.policy);
  const open: LifecycleNotification[] = [];
  const settled: LifecycleOutcome[] = [];
  const now = options.now();
  for (const notification of notifications) {
    const entry = await entryOf(options.ledger, notification.subscriptionId);
    const action = entry && decideLifecycleAction(notification, { policy, entry, now });
    if (action && isAnswered(action)) {
      settled.push(outcomeOf(notification, { action, result: 'ignored' }, 0));
    } else {
      open.push(notification);
    }
  }
  return { open, settled };
}

function isAnswered(action: LifecycleDecision): boolean {
  return (
    action.type === 'ignore' &&
    (action.reason === 'duplicate' || action.reason === 'ten_minute_rule')
  );
}

// A ledger that cannot answer settles nothing: the handler meets the same failure and reports it.
async function entryOf(ledger: Ledger, subscriptionId: string): Promise<LedgerEntry | undefined> {
  try {
    return await ledger.get(subscriptionId);
  } catch {
    return undefined;
  }
}
