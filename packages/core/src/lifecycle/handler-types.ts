/**
 * The option and result types of {@link handleLifecycleNotifications}.
 *
 * @module
 */

import type { LifecycleNotification } from '../challenges/notification.js';
import type {
  ValidationKeys,
  ValidationTokenFailure,
} from '../challenges/validation-token-types.js';
import type { Cloud } from '../clouds.js';
import type { Clock, FetchFunction } from '../types.js';
import type { LifecycleDecision, SubscriptionFacts } from './decision-types.js';
import type { Ledger, LedgerEntry, MaybePromise } from './ledger.js';
import type { LifecyclePolicy } from './policy.js';

/**
 * The Graph calls the handler makes: a structural subset of the client from `createGraphClient`,
 * so any object with these methods works. Failures are expected as Lifeline errors (a 404 as
 * `ERR_SUBSCRIPTION_GONE`; `isRetryable` and `retryAfterMs` are read when present).
 */
export interface LifecycleGraph {
  reauthorize(subscriptionId: string): Promise<unknown>;
  renew(subscriptionId: string, expirationDateTime: string): Promise<unknown>;
  /**
   * Used to learn a subscription's resource (and so its longest renewal) when the ledger lacks it.
   */
  get?(subscriptionId: string): Promise<SubscriptionFacts>;
}

/** How validation tokens in a batch are verified; see {@link verifyValidationTokens}. */
export interface LifecycleVerifyOptions {
  readonly appIds: readonly string[];
  readonly tenantIds?: readonly string[] | undefined;
  readonly cloud: Cloud;
  readonly keys?: ValidationKeys | undefined;
  readonly fetch?: FetchFunction | undefined;
  readonly clockSkewSeconds?: number | undefined;
}

/** Looks up the `clientState` a subscription was created with; `undefined` when unknown. */
export type ClientStateLookup = (
  subscriptionId: string,
  tenantId: string | undefined,
) => MaybePromise<string | undefined>;

/** What a hook learns besides the notification. */
export interface LifecycleHookContext {
  /** `lifecycleEvent` when Graph sent the event; `gone` when Graph answered 404 to a call. */
  readonly cause: 'lifecycleEvent' | 'gone';
  /** The ledger's entry before this notification, when there was one. */
  readonly entry: LedgerEntry | undefined;
}

/** The app's part: Lifeline cannot create subscriptions or resync data by itself. */
export interface LifecycleHooks {
  /** The subscription is gone: create a new one, then resync. */
  readonly onSubscriptionRemoved?: (
    notification: LifecycleNotification,
    context: LifecycleHookContext,
  ) => MaybePromise<void>;
  /** Notifications were missed: resync the resource (e.g. with a delta query). */
  readonly onMissed?: (
    notification: LifecycleNotification,
    context: LifecycleHookContext,
  ) => MaybePromise<void>;
}

/** Options of {@link handleLifecycleNotifications}. */
export interface HandleLifecycleOptions {
  readonly graph: LifecycleGraph;
  readonly ledger: Ledger;
  readonly policy?: LifecyclePolicy | undefined;
  /** The clock; read for decisions, ledger times and durations. */
  readonly now: Clock;
  /** How to verify validation tokens; needed when a batch carries them or they are required. */
  readonly verify?: LifecycleVerifyOptions | undefined;
  /** Reject every item of a batch that carries no validation tokens. Default false. */
  readonly requireValidationTokens?: boolean | undefined;
  /** The expected `clientState`: one value for all subscriptions, or a lookup. */
  readonly clientState?: string | ClientStateLookup | undefined;
  readonly hooks?: LifecycleHooks | undefined;
  /** How many subscriptions are worked on at once. Default 4. */
  readonly concurrency?: number | undefined;
}

/** How one notification ended. */
export type LifecycleOutcomeResult = 'done' | 'ignored' | 'rejected' | 'gone' | 'failed';

/** Codes of {@link LifecycleWarning}s and of rejections. */
export type LifecycleWarningCode =
  | 'client_state_unchecked'
  | 'validation_tokens_null'
  | 'validation_tokens_unverified'
  | 'items_rejected'
  | 'lifetime_unknown'
  | 'hook_missing'
  | 'ledger_unavailable'
  | 'subscription_unavailable';

/** Something worth logging that did not stop the work. Never contains a token or secret. */
export interface LifecycleWarning {
  readonly code: LifecycleWarningCode;
  readonly message: string;
  readonly subscriptionId?: string | undefined;
}

/** Why a notification was rejected or an action failed, as data safe to log. */
export interface LifecycleOutcomeError {
  /**
   * For a failure: a Lifeline error code (e.g. `ERR_GRAPH_RESPONSE`), `ERR_HOOK` for a hook
   * that threw, `ERR_LEDGER` for a ledger that failed, `ERR_CLIENT_STATE_LOOKUP` for a lookup
   * that threw, `ERR_UNEXPECTED` for anything else. For a rejection: `client_state_mismatch`,
   * `client_state_unknown`, `validation_tokens_invalid`, `validation_tokens_missing`,
   * `validation_tokens_null`, `tenant_not_attested`.
   */
  readonly code: string;
  readonly message: string;
  /** The HTTP status Graph answered with, when it answered. */
  readonly status?: number | undefined;
  /** Graph's `request-id`, when it answered. */
  readonly requestId?: string | undefined;
}

/** What happened to one lifecycle notification. */
export interface LifecycleOutcome {
  /** The notification's position in the posted `value` array. */
  readonly index: number;
  readonly subscriptionId: string;
  readonly tenantId: string | undefined;
  /** `lifecycleEvent` as Graph spelled it. */
  readonly lifecycleEvent: string;
  /** The decision; absent when the notification was rejected before a decision. */
  readonly action: LifecycleDecision | undefined;
  readonly result: LifecycleOutcomeResult;
  /** For `failed`: whether trying again later may succeed. */
  readonly retryable?: boolean | undefined;
  /** For `failed`: how long Graph asked to wait, in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  readonly error?: LifecycleOutcomeError | undefined;
  readonly warnings?: LifecycleWarning[] | undefined;
  /** Time spent on this notification, by the injected clock. */
  readonly durationMs: number;
}

/** The result of {@link handleLifecycleNotifications}. */
export interface HandleLifecycleResult {
  /** One outcome per lifecycle notification, in posted order. */
  readonly outcomes: LifecycleOutcome[];
  readonly warnings: LifecycleWarning[];
  /** Per-token failures, when the batch's validation tokens failed. */
  readonly tokenFailures?: ValidationTokenFailure[] | undefined;
}
