/**
 * Screening a batch before it is queued: the same checks as the lifecycle handler (validation
 * tokens for the batch, `clientState` and tenant attestation per notification), without acting.
 * An endpoint that hands work to a queue screens first, so that forged or mismatched items are
 * never queued, and the consumer acts on what passed.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import type { LifecycleNotification } from '../challenges/notification.js';
import type { ValidationTokenFailure } from '../challenges/validation-token-types.js';
import { InvalidInputError } from '../errors.js';
import { describe } from './act.js';
import { forEachBounded } from './concurrency.js';
import { checkBatch, checkNotification, type LifecycleBatch } from './gate.js';
import type {
  HandleLifecycleOptions,
  LifecycleOutcome,
  LifecycleOutcomeError,
  LifecycleWarning,
} from './handler-types.js';

/** Options of {@link screenLifecycleBatch}: the checking part of the handler's options. */
export type ScreenLifecycleOptions = Pick<
  HandleLifecycleOptions,
  'now' | 'verify' | 'requireValidationTokens' | 'clientState' | 'concurrency'
>;

/** The result of {@link screenLifecycleBatch}. */
export interface ScreenLifecycleResult {
  /** The notifications that passed every check, in posted order. */
  readonly accepted: LifecycleNotification[];
  /**
   * One outcome per notification that did not pass, in posted order: `rejected` (forged or
   * mismatched; never act on it), or `failed` with `retryable: true` when the `clientState`
   * lookup threw, so nothing could be decided.
   */
  readonly rejected: LifecycleOutcome[];
  readonly warnings: LifecycleWarning[];
  /** Per-token failures, when the batch's validation tokens failed. */
  readonly tokenFailures?: ValidationTokenFailure[] | undefined;
}

type Verdict = { readonly ok: true } | { readonly ok: false; readonly outcome: LifecycleOutcome };

/**
 * Checks a batch as {@link handleLifecycleNotifications} does before it acts, and sorts its
 * lifecycle notifications into those that passed and those that did not. Nothing is decided,
 * called or recorded; the ledger is not read.
 *
 * @throws {InvalidInputError} (as a rejected promise) for a `concurrency` that is not a positive
 *   integer, or `requireValidationTokens` without `verify`. Nothing else rejects.
 */
export async function screenLifecycleBatch(
  batch: LifecycleBatch,
  options: ScreenLifecycleOptions,
): Promise<ScreenLifecycleResult> {
  const concurrency = checkScreenOptions(options);
  const warnings = screenWarnings(batch, options);
  const gateOptions = asGateOptions(options);
  const gate = await checkBatch(batch, gateOptions, warnings);
  if (!gate.ok) {
    const rejected = batch.lifecycle.map((notification) =>
      outcomeOf(notification, { result: 'rejected', error: gate.error }),
    );
    return { accepted: [], rejected, warnings, tokenFailures: gate.failures };
  }

  const verdicts: Verdict[] = new Array(batch.lifecycle.length);
  const positions = batch.lifecycle.map((_, position) => position);
  await forEachBounded(positions, concurrency, async (position) => {
    const notification = batch.lifecycle[position] as LifecycleNotification;
    verdicts[position] = await screenOne(notification, gateOptions, gate.tenants);
  });
  const accepted = batch.lifecycle.filter((_, position) => verdicts[position]?.ok);
  const rejected = verdicts.flatMap((verdict) => (verdict.ok ? [] : [verdict.outcome]));
  return { accepted, rejected, warnings };
}

async function screenOne(
  notification: LifecycleNotification,
  options: HandleLifecycleOptions,
  tenants: ReadonlySet<string> | undefined,
): Promise<Verdict> {
  try {
    const error = await checkNotification(notification, options, tenants);
    if (!error) return { ok: true };
    return { ok: false, outcome: outcomeOf(notification, { result: 'rejected', error }) };
  } catch (thrown) {
    const described = describe(thrown, 'ERR_CLIENT_STATE_LOOKUP', 'the clientState lookup failed');
    const error = { ...described, code: 'ERR_CLIENT_STATE_LOOKUP' };
    return {
      ok: false,
      outcome: outcomeOf(notification, { result: 'failed', retryable: true, error }),
    };
  }
}

function checkScreenOptions(options: ScreenLifecycleOptions): number {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidInputError('concurrency', 'must be a positive integer');
  }
  if (options.requireValidationTokens && !options.verify) {
    throw new InvalidInputError('verify', 'is required when requireValidationTokens is true');
  }
  return concurrency;
}

function screenWarnings(
  batch: LifecycleBatch,
  options: ScreenLifecycleOptions,
): LifecycleWarning[] {
  const warnings: LifecycleWarning[] = [];
  if (options.clientState === undefined) {
    const message = 'no clientState is configured, so notifications are not checked against it';
    warnings.push({ code: 'client_state_unchecked', message });
  }
  const rejected = batch.rejected?.length ?? 0;
  if (rejected > 0) {
    const message = `${rejected} item(s) were not notifications`;
    warnings.push({ code: 'items_rejected', message });
  }
  return warnings;
}

// The gate reads only the checking options; screening never acts, so the Graph client and the
// ledger it is given refuse to be used.
function asGateOptions(options: ScreenLifecycleOptions): HandleLifecycleOptions {
  const unused = async (): Promise<never> => {
    throw new InvalidInputError('graph', 'screening a batch never calls Graph');
  };
  return {
    ...options,
    graph: { reauthorize: unused, renew: unused },
    ledger: { get: unused, put: unused },
  };
}

function outcomeOf(
  notification: LifecycleNotification,
  fields: {
    result: 'rejected' | 'failed';
    error: LifecycleOutcomeError;
    retryable?: boolean;
  },
): LifecycleOutcome {
  return {
    index: notification.index,
    subscriptionId: notification.subscriptionId,
    tenantId: notification.tenantId,
    lifecycleEvent: notification.rawLifecycleEvent,
    action: undefined,
    ...fields,
    durationMs: 0,
  };
}
