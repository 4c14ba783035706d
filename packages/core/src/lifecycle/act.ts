/**
 * Carrying out a lifecycle decision: a Graph call for `reauthorize` and `renew`, the app's hook
 * for `recreate` and `resync`, and turning any failure into data.
 * See https://learn.microsoft.com/graph/api/subscription-reauthorize
 *
 * @module
 */
import type { LifecycleNotification } from '../challenges/notification.js';
import { redactSecrets } from '../errors.js';
import type { LifecycleDecision } from './decision-types.js';
import type {
  HandleLifecycleOptions,
  LifecycleHookContext,
  LifecycleOutcomeError,
  LifecycleOutcomeResult,
  LifecycleWarning,
} from './handler-types.js';
import type { LedgerEntry } from './ledger.js';

/** How an action went. */
export interface ActionResult {
  readonly result: LifecycleOutcomeResult;
  readonly retryable?: boolean | undefined;
  readonly retryAfterMs?: number | undefined;
  readonly error?: LifecycleOutcomeError | undefined;
  readonly warnings?: LifecycleWarning[] | undefined;
  /** The new expiry Graph confirmed after a renewal. */
  readonly expirationDateTime?: string | undefined;
}

/** Carries out a decision. Never rejects. */
export async function performAction(
  notification: LifecycleNotification,
  decision: LifecycleDecision,
  entry: LedgerEntry | undefined,
  options: HandleLifecycleOptions,
): Promise<ActionResult> {
  try {
    switch (decision.type) {
      case 'reauthorize':
        await options.graph.reauthorize(notification.subscriptionId);
        return { result: 'done' };
      case 'renew':
        return renewed(
          await options.graph.renew(notification.subscriptionId, decision.expirationDateTime),
        );
      case 'recreate':
        return await callHook(
          'onSubscriptionRemoved',
          notification,
          { cause: 'lifecycleEvent', entry },
          options,
        );
      case 'resync':
        return await callHook(
          'onMissed',
          notification,
          { cause: 'lifecycleEvent', entry },
          options,
        );
      default:
        return { result: 'ignored' };
    }
  } catch (error) {
    if (!isGone(error)) return failed(error);
    // Graph answered 404: the subscription no longer exists, so the app must create a new one.
    // See https://learn.microsoft.com/graph/api/subscription-reauthorize
    const hook = await callHook(
      'onSubscriptionRemoved',
      notification,
      { cause: 'gone', entry },
      options,
    );
    return hook.result === 'failed' ? hook : { ...hook, result: 'gone' };
  }
}

async function callHook(
  name: 'onSubscriptionRemoved' | 'onMissed',
  notification: LifecycleNotification,
  context: LifecycleHookContext,
  options: HandleLifecycleOptions,
): Promise<ActionResult> {
  const hook = options.hooks?.[name];
  if (!hook) {
    const warning = { code: 'hook_missing', message: `no ${name} hook is configured` } as const;
    return {
      result: 'ignored',
      warnings: [{ ...warning, subscriptionId: notification.subscriptionId }],
    };
  }
  try {
    await hook(notification, context);
    return { result: 'done' };
  } catch (error) {
    // A hook that fails on a throttled Graph call (e.g. re-creating after subscriptionRemoved)
    // is as retryable as that call: keep what the thrown error says.
    const described = describe(error, 'ERR_HOOK', `${name} failed`);
    return { ...failed(error), error: { ...described, code: 'ERR_HOOK' } };
  }
}

function renewed(subscription: unknown): ActionResult {
  const expiry =
    typeof subscription === 'object' &&
    subscription !== null &&
    'expirationDateTime' in subscription
      ? subscription.expirationDateTime
      : undefined;
  return { result: 'done', expirationDateTime: typeof expiry === 'string' ? expiry : undefined };
}

/**
 * True for Graph's 404 on a subscription: `ERR_SUBSCRIPTION_GONE`, or any error with status 404.
 */
export function isGone(error: unknown): boolean {
  return readField(error, 'code') === 'ERR_SUBSCRIPTION_GONE' || readField(error, 'status') === 404;
}

/** A failed outcome from an error: retryable as the error says, with Graph's `Retry-After`. */
export function failed(error: unknown): ActionResult {
  const retryAfterMs = readField(error, 'retryAfterMs');
  return {
    result: 'failed',
    retryable: readField(error, 'isRetryable') === true,
    retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
    error: describe(error, 'ERR_UNEXPECTED', 'the action failed'),
  };
}

/** Error data safe to log: code, redacted message, Graph status and request id. */
export function describe(
  error: unknown,
  fallbackCode: string,
  prefix: string,
): LifecycleOutcomeError {
  const code = readField(error, 'code');
  const status = readField(error, 'status');
  const requestId = readField(error, 'requestId');
  const message = error instanceof Error ? error.message : safeText(error);
  return {
    code: typeof code === 'string' && code.startsWith('ERR_') ? code : fallbackCode,
    message: redactSecrets(`${prefix}: ${message}`).slice(0, 1000),
    status: typeof status === 'number' ? status : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

function readField(value: unknown, key: string): unknown {
  try {
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)[key]
      : undefined;
  } catch {
    return undefined;
  }
}

function safeText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'an unprintable value was thrown';
  }
}
