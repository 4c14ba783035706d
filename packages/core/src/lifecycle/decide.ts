/**
 * Deciding what to do about a lifecycle notification, from the notification, the ledger's memory
 * of the subscription and a policy. Pure: no I/O, and the clock is a parameter.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import type { LifecycleNotification } from '../challenges/notification.js';
import { parseTimestamp } from '../challenges/syntax.js';
import { maxSubscriptionLifetime } from '../permissions/index.js';
import type {
  DecideLifecycleActionOptions,
  IgnoreReason,
  LifecycleDecision,
  SubscriptionFacts,
} from './decision-types.js';
import type { LedgerEntry } from './ledger.js';
import {
  type NormalisedLifecyclePolicy,
  normaliseLifecyclePolicy,
  reauthorizeRenewGapMs,
} from './policy.js';

interface DecisionInput {
  readonly notification: LifecycleNotification;
  readonly entry: LedgerEntry | undefined;
  readonly subscription: SubscriptionFacts | undefined;
  readonly now: number;
  readonly policy: NormalisedLifecyclePolicy;
}

/**
 * Decides what to do about one lifecycle notification.
 *
 * - `subscriptionRemoved` → `recreate`; `missed` → `resync`; an unknown event → `ignore`.
 * - `reauthorizationRequired` → `renew` to the resource's maximum lifetime (less
 *   `lifetimeMarginMs`) when the subscription expires within `renewWithinMs` and the renewal
 *   would extend it, otherwise `reauthorize`.
 * - A challenge is ignored as `duplicate` when a reauthorize or renew succeeded within
 *   `dedupeWindowMs`, and as `in_flight` while one is recorded as under way.
 * - Graph forbids a reauthorize and a renew for one subscription within 10 minutes. When the other
 *   kind succeeded in that window the challenge is ignored (`ten_minute_rule`): that call already
 *   reauthorized. When the other kind failed in that window, the same kind is sent again instead.
 * - Any event already handled successfully within `dedupeWindowMs` is ignored as `duplicate`.
 *
 * @throws {InvalidInputError} when the policy holds a negative or non-finite number.
 */
export function decideLifecycleAction(
  notification: LifecycleNotification,
  options: DecideLifecycleActionOptions,
): LifecycleDecision {
  const input: DecisionInput = {
    notification,
    entry: options.entry,
    subscription: options.subscription,
    now: options.now.getTime(),
    policy: normaliseLifecyclePolicy(options.policy),
  };

  switch (notification.lifecycleEvent) {
    case 'reauthorizationRequired':
      return decideChallenge(input);
    case 'subscriptionRemoved':
      return isRepeatedEvent(input) ? ignore('duplicate') : { type: 'recreate' };
    case 'missed':
      return isRepeatedEvent(input) ? ignore('duplicate') : { type: 'resync' };
    default:
      return ignore('unknown_event');
  }
}

function decideChallenge(input: DecisionInput): LifecycleDecision {
  const call = input.entry?.lastCall;
  const age = call ? input.now - timeOf(call.at) : Number.POSITIVE_INFINITY;
  if (call?.result === 'pending' && age < input.policy.inFlightTimeoutMs)
    return ignore('in_flight');
  if (call?.result === 'done' && age < input.policy.dedupeWindowMs) return ignore('duplicate');

  const wanted = preferredCall(input);
  if (!call || age >= reauthorizeRenewGapMs || call.action === wanted.type) return wanted;

  // The other kind of call was sent less than 10 minutes ago. If it succeeded it reauthorized the
  // subscription already; if its outcome is unknown or failed, repeat it rather than mix kinds.
  if (call.result === 'done') return ignore('ten_minute_rule');
  if (call.action === 'reauthorize') return { type: 'reauthorize' };
  return { type: 'renew', expirationDateTime: renewalTarget(input).toISOString() };
}

// Renewing also reauthorizes, so a renewal is preferred whenever the subscription is near its end.
function preferredCall(input: DecisionInput): LifecycleDecision {
  const expiresAt = expiryOf(input);
  if (expiresAt === undefined || expiresAt - input.now > input.policy.renewWithinMs) {
    return { type: 'reauthorize' };
  }
  const target = renewalTarget(input);
  if (target.getTime() <= expiresAt) return { type: 'reauthorize' };
  return { type: 'renew', expirationDateTime: target.toISOString() };
}

function renewalTarget(input: DecisionInput): Date {
  const minutes = renewalLifetimeMinutes(input.entry, input.subscription, input.policy);
  return new Date(input.now + minutes * 60_000 - input.policy.lifetimeMarginMs);
}

/**
 * The longest lifetime a renewal may ask for, in minutes: the resource's maximum when the resource
 * is known (from Graph, else from the ledger), otherwise the policy's default.
 */
export function renewalLifetimeMinutes(
  entry: LedgerEntry | undefined,
  subscription: SubscriptionFacts | undefined,
  policy: NormalisedLifecyclePolicy,
): number {
  const resource = subscription?.resource ?? entry?.resource;
  const includeResourceData = subscription?.includeResourceData ?? entry?.includeResourceData;
  const known = resource
    ? maxSubscriptionLifetime(resource, { includeResourceData: includeResourceData === true })
    : undefined;
  return known ?? policy.defaultLifetimeMinutes;
}

/** The subscription's expiry in epoch milliseconds, from the freshest source that has one. */
export function expiryOf(input: {
  notification: LifecycleNotification;
  entry: LedgerEntry | undefined;
  subscription: SubscriptionFacts | undefined;
}): number | undefined {
  const candidates = [
    input.notification.subscriptionExpirationDateTime,
    input.subscription?.expirationDateTime,
    input.entry?.expirationDateTime,
  ];
  for (const candidate of candidates) {
    const parsed = candidate === undefined ? undefined : parseTimestamp(candidate);
    if (parsed) return parsed.getTime();
  }
  return undefined;
}

function isRepeatedEvent(input: DecisionInput): boolean {
  const { entry, notification } = input;
  if (entry?.lastEvent !== notification.rawLifecycleEvent || entry.lastResult !== 'done') {
    return false;
  }
  return input.now - timeOf(entry.lastEventAt) < input.policy.dedupeWindowMs;
}

function timeOf(timestamp: string | undefined): number {
  const time = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

function ignore(reason: IgnoreReason): LifecycleDecision {
  return { type: 'ignore', reason };
}
