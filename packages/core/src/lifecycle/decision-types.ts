/**
 * The option and result types of {@link decideLifecycleAction}.
 *
 * @module
 */
import type { LedgerEntry } from './ledger.js';
import type { LifecyclePolicy } from './policy.js';

/** Why a lifecycle notification is ignored. */
export type IgnoreReason =
  /** The same challenge was answered within the dedupe window. */
  | 'duplicate'
  /** The other kind of call (reauthorize or renew) was sent less than 10 minutes ago. */
  | 'ten_minute_rule'
  /** An action for the subscription is under way. */
  | 'in_flight'
  /** The `lifecycleEvent` is not one this version of Lifeline knows. */
  | 'unknown_event';

/**
 * What to do about a lifecycle notification.
 * - `reauthorize`: `POST /subscriptions/{id}/reauthorize`.
 * - `renew`: `PATCH /subscriptions/{id}` with `expirationDateTime` (also reauthorizes).
 * - `recreate`: Graph removed the subscription; the app creates a new one and resyncs.
 * - `resync`: notifications were missed; the app resyncs the resource (e.g. a delta query).
 * - `ignore`: nothing to do, with the reason.
 *
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
export type LifecycleDecision =
  | { readonly type: 'reauthorize' }
  | { readonly type: 'renew'; readonly expirationDateTime: string }
  | { readonly type: 'recreate' }
  | { readonly type: 'resync' }
  | { readonly type: 'ignore'; readonly reason: IgnoreReason };

/**
 * What Lifeline may know about a subscription from Graph (a structural subset of a subscription
 * returned by `GET /subscriptions/{id}`).
 */
export interface SubscriptionFacts {
  readonly resource?: string | undefined;
  readonly expirationDateTime?: string | undefined;
  readonly includeResourceData?: boolean | null | undefined;
}

/** Options of {@link decideLifecycleAction}. */
export interface DecideLifecycleActionOptions {
  /** The policy; defaults fill in what is missing. */
  readonly policy?: LifecyclePolicy | undefined;
  /** The ledger's entry for the subscription, when there is one. */
  readonly entry: LedgerEntry | undefined;
  /** The current time. */
  readonly now: Date;
  /** The subscription as Graph returned it, when it was fetched. */
  readonly subscription?: SubscriptionFacts | undefined;
}
