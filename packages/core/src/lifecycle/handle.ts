/**
 * The lifecycle handler: checks a batch of lifecycle notifications, decides what to do about
 * each, does it through the Graph client or the app's hooks, and records it in the ledger.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import type { LifecycleNotification } from '../challenges/notification.js';
import { type ActionResult, describe, performAction } from './act.js';
import { forEachBounded } from './concurrency.js';
import { decideLifecycleAction, expiryOf } from './decide.js';
import type { LifecycleDecision, SubscriptionFacts } from './decision-types.js';
import {
  batchWarnings,
  checkBatch,
  checkGateOptions,
  checkNotification,
  type LifecycleBatch,
  type OutcomeFields,
  outcomeOf,
} from './gate.js';
import type {
  HandleLifecycleOptions,
  HandleLifecycleResult,
  LifecycleOutcome,
  LifecycleWarning,
} from './handler-types.js';
import type { LedgerEntry, LedgerResult } from './ledger.js';
import { normaliseLifecyclePolicy } from './policy.js';

interface Work {
  readonly position: number;
  readonly notification: LifecycleNotification;
}

/**
 * Handles the lifecycle notifications of one batch and returns one outcome per notification, in
 * posted order, with warnings as data.
 *
 * 1. The batch's validation tokens are verified when present (or required); if they fail, every
 *    notification is rejected. With verified tokens, a notification whose tenant no token vouches
 *    for is rejected.
 * 2. Each notification's `clientState` is checked; a mismatch is rejected, never acted on.
 * 3. {@link decideLifecycleAction} decides, from the ledger's entry (and the subscription from
 *    `graph.get` when its resource is unknown and a renewal may be due).
 * 4. The action runs: reauthorize or renew through `graph`, `onSubscriptionRemoved` for
 *    `subscriptionRemoved` and for a 404 from Graph (result `gone`), `onMissed` for `missed`.
 *    Failures become `failed` outcomes with `retryable` and `retryAfterMs`.
 * 5. The ledger records the event, the action, its result and time. Rejected notifications are
 *    not recorded, so forged posts cannot fill or steer the ledger.
 *
 * Notifications for one subscription run one after another (a repeated event in the batch is
 * ignored as `duplicate`); different subscriptions run up to `concurrency` at once.
 *
 * @throws {InvalidInputError} (as a rejected promise) for invalid options: a `concurrency` that is
 *   not a positive integer, a policy with a negative or non-finite number, or
 *   `requireValidationTokens` without `verify`. Nothing else rejects.
 */
export async function handleLifecycleNotifications(
  batch: LifecycleBatch,
  options: HandleLifecycleOptions,
): Promise<HandleLifecycleResult> {
  const concurrency = checkGateOptions(options);
  const warnings = batchWarnings(batch, options);
  const gate = await checkBatch(batch, options, warnings);
  if (!gate.ok) {
    const fields: OutcomeFields = { action: undefined, result: 'rejected', error: gate.error };
    const outcomes = batch.lifecycle.map((notification) => outcomeOf(notification, fields, 0));
    return { outcomes, warnings, tokenFailures: gate.failures };
  }

  const outcomes: LifecycleOutcome[] = new Array(batch.lifecycle.length);
  await forEachBounded(groupBySubscription(batch.lifecycle), concurrency, async (group) => {
    const handled = new Set<string>();
    for (const { position, notification } of group) {
      const repeated = handled.has(notification.rawLifecycleEvent);
      handled.add(notification.rawLifecycleEvent);
      outcomes[position] = repeated
        ? outcomeOf(
            notification,
            { action: { type: 'ignore', reason: 'duplicate' }, result: 'ignored' },
            0,
          )
        : await handleOne(notification, options, gate.tenants);
    }
  });
  return { outcomes, warnings };
}

function groupBySubscription(notifications: readonly LifecycleNotification[]): Work[][] {
  const groups = new Map<string, Work[]>();
  notifications.forEach((notification, position) => {
    const group = groups.get(notification.subscriptionId) ?? [];
    group.push({ position, notification });
    groups.set(notification.subscriptionId, group);
  });
  return [...groups.values()];
}

async function handleOne(
  notification: LifecycleNotification,
  options: HandleLifecycleOptions,
  tenants: ReadonlySet<string> | undefined,
): Promise<LifecycleOutcome> {
  const started = options.now().getTime();
  const finish = (fields: OutcomeFields) =>
    outcomeOf(notification, fields, options.now().getTime() - started);

  let rejection: Awaited<ReturnType<typeof checkNotification>>;
  try {
    rejection = await checkNotification(notification, options, tenants);
  } catch (error) {
    const described = describe(error, 'ERR_CLIENT_STATE_LOOKUP', 'the clientState lookup failed');
    const failure = { ...described, code: 'ERR_CLIENT_STATE_LOOKUP' };
    return finish({ action: undefined, result: 'failed', retryable: true, error: failure });
  }
  if (rejection) return finish({ action: undefined, result: 'rejected', error: rejection });

  let entry: LedgerEntry | undefined;
  try {
    entry = await options.ledger.get(notification.subscriptionId);
  } catch (error) {
    const failure = { ...describe(error, 'ERR_LEDGER', 'the ledger failed'), code: 'ERR_LEDGER' };
    return finish({ action: undefined, result: 'failed', retryable: true, error: failure });
  }
  return finish(await decideAndAct(notification, entry, options, started));
}

async function decideAndAct(
  notification: LifecycleNotification,
  entry: LedgerEntry | undefined,
  options: HandleLifecycleOptions,
  started: number,
): Promise<OutcomeFields> {
  const warnings: LifecycleWarning[] = [];
  const subscription = await learnSubscription(notification, entry, options, warnings);
  const now = new Date(started);
  const action = decideLifecycleAction(notification, {
    policy: options.policy,
    entry,
    now,
    subscription,
  });
  if (action.type === 'renew' && !(subscription?.resource ?? entry?.resource)) {
    const message = 'the resource is unknown, so the renewal uses the policy default lifetime';
    warnings.push({
      code: 'lifetime_unknown',
      message,
      subscriptionId: notification.subscriptionId,
    });
  }

  const context = { notification, entry, action, subscription, startedAt: now.toISOString() };
  if (action.type === 'reauthorize' || action.type === 'renew') {
    await record(options, warnings, nextEntry(context, { result: 'pending' }, options));
  }
  const acted = await performAction(notification, action, entry, options);
  const result = acted.result === 'rejected' ? 'failed' : acted.result;
  await record(options, warnings, nextEntry(context, { ...acted, result }, options));

  const allWarnings = [...warnings, ...(acted.warnings ?? [])];
  const { expirationDateTime: _expiry, warnings: _warnings, ...fields } = acted;
  return { action, ...fields, warnings: allWarnings.length > 0 ? allWarnings : undefined };
}

// The ledger may not know the subscription's resource, which fixes the longest renewal. Ask Graph
// only when a renewal may be due (or the expiry is unknown); failures are left to the action.
async function learnSubscription(
  notification: LifecycleNotification,
  entry: LedgerEntry | undefined,
  options: HandleLifecycleOptions,
  warnings: LifecycleWarning[],
): Promise<SubscriptionFacts | undefined> {
  if (!options.graph.get || entry?.resource !== undefined) return undefined;
  if (notification.lifecycleEvent !== 'reauthorizationRequired') return undefined;
  // A GET costs from a smaller throttling budget than reauthorize (500 against 1000 per 20 s per
  // app and tenant): spend it only when the answer can change the decision.
  const expiry = expiryOf({ notification, entry, subscription: undefined });
  const renewWithinMs = normaliseLifecyclePolicy(options.policy).renewWithinMs;
  if (expiry !== undefined && expiry - options.now().getTime() > renewWithinMs) return undefined;
  try {
    return await options.graph.get(notification.subscriptionId);
  } catch (error) {
    const { message } = describe(error, 'ERR_UNEXPECTED', 'reading the subscription failed');
    warnings.push({
      code: 'subscription_unavailable',
      message,
      subscriptionId: notification.subscriptionId,
    });
    return undefined;
  }
}

interface EntryContext {
  readonly notification: LifecycleNotification;
  readonly entry: LedgerEntry | undefined;
  readonly action: LifecycleDecision;
  readonly subscription: SubscriptionFacts | undefined;
  readonly startedAt: string;
}

function nextEntry(
  context: EntryContext,
  acted: Pick<ActionResult, 'expirationDateTime'> & { result: LedgerResult },
  options: HandleLifecycleOptions,
): LedgerEntry {
  const { notification, entry, action, subscription, startedAt } = context;
  const isCall = action.type === 'reauthorize' || action.type === 'renew';
  const renewedTo =
    action.type === 'renew' && acted.result === 'done' ? action.expirationDateTime : undefined;
  return {
    ...entry,
    subscriptionId: notification.subscriptionId,
    tenantId: notification.tenantId ?? entry?.tenantId,
    resource: subscription?.resource ?? entry?.resource,
    includeResourceData:
      subscription?.includeResourceData ?? entry?.includeResourceData ?? undefined,
    expirationDateTime:
      acted.expirationDateTime ??
      renewedTo ??
      notification.subscriptionExpirationDateTime ??
      subscription?.expirationDateTime ??
      entry?.expirationDateTime,
    lastEvent: notification.rawLifecycleEvent,
    lastEventAt: options.now().toISOString(),
    lastAction: action.type,
    lastActionAt: startedAt,
    lastResult: acted.result,
    lastCall: isCall
      ? { action: action.type, at: startedAt, result: acted.result }
      : entry?.lastCall,
    updatedAt: options.now().toISOString(),
  };
}

async function record(
  options: HandleLifecycleOptions,
  warnings: LifecycleWarning[],
  entry: LedgerEntry,
): Promise<void> {
  try {
    await options.ledger.put(entry.subscriptionId, entry);
  } catch (error) {
    const { message } = describe(error, 'ERR_LEDGER', 'writing the ledger failed');
    warnings.push({ code: 'ledger_unavailable', message, subscriptionId: entry.subscriptionId });
  }
}
