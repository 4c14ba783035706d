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
import { describe } from './act.js';
import { forEachBounded } from './concurrency.js';
import {
  batchWarnings,
  checkBatch,
  checkGateOptions,
  checkNotification,
  type GateOptions,
  type LifecycleBatch,
  outcomeOf,
} from './gate.js';
import type { LifecycleOutcome, LifecycleWarning } from './handler-types.js';

/** Options of {@link screenLifecycleBatch}: the checking part of the handler's options. */
export type ScreenLifecycleOptions = GateOptions;

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
  const concurrency = checkGateOptions(options);
  const warnings = batchWarnings(batch, options);
  const gate = await checkBatch(batch, options, warnings);
  if (!gate.ok) {
    const fields = { action: undefined, result: 'rejected', error: gate.error } as const;
    const rejected = batch.lifecycle.map((notification) => outcomeOf(notification, fields, 0));
    return { accepted: [], rejected, warnings, tokenFailures: gate.failures };
  }

  const verdicts: Verdict[] = new Array(batch.lifecycle.length);
  const positions = batch.lifecycle.map((_, position) => position);
  await forEachBounded(positions, concurrency, async (position) => {
    const notification = batch.lifecycle[position] as LifecycleNotification;
    verdicts[position] = await screenOne(notification, options, gate.tenants);
  });
  const accepted = batch.lifecycle.filter((_, position) => verdicts[position]?.ok);
  const rejected = verdicts.flatMap((verdict) => (verdict.ok ? [] : [verdict.outcome]));
  return { accepted, rejected, warnings };
}

async function screenOne(
  notification: LifecycleNotification,
  options: GateOptions,
  tenants: ReadonlySet<string> | undefined,
): Promise<Verdict> {
  try {
    const error = await checkNotification(notification, options, tenants);
    if (!error) return { ok: true };
    const fields = { action: undefined, result: 'rejected', error } as const;
    return { ok: false, outcome: outcomeOf(notification, fields, 0) };
  } catch (thrown) {
    const described = describe(thrown, 'ERR_CLIENT_STATE_LOOKUP', 'the clientState lookup failed');
    const error = { ...described, code: 'ERR_CLIENT_STATE_LOOKUP' };
    return {
      ok: false,
      outcome: outcomeOf(
        notification,
        { action: undefined, result: 'failed', retryable: true, error },
        0,
      ),
    };
  }
}
