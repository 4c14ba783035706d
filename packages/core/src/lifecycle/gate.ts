/**
 * The checks a batch and each of its notifications pass before anything is acted on: validation
 * tokens for the batch, `clientState` and tenant attestation per notification.
 * See https://learn.microsoft.com/graph/change-notifications-with-resource-data
 *
 * @module
 */
import { clientStateMatches } from '../challenges/client-state.js';
import type { LifecycleNotification } from '../challenges/notification.js';
import type { ValidationTokenFailure } from '../challenges/validation-token-types.js';
import { verifyValidationTokens } from '../challenges/validation-tokens.js';
import { InvalidInputError } from '../errors.js';
import type {
  HandleLifecycleOptions,
  LifecycleOutcome,
  LifecycleOutcomeError,
  LifecycleWarning,
} from './handler-types.js';
import { normaliseLifecyclePolicy } from './policy.js';

/** The checking part of the handler's options: all that screening a batch reads. */
export type GateOptions = Pick<
  HandleLifecycleOptions,
  'now' | 'verify' | 'requireValidationTokens' | 'clientState' | 'concurrency' | 'policy'
>;

/** The fields of an outcome that depend on what happened, not on the notification. */
export type OutcomeFields = Omit<
  LifecycleOutcome,
  'index' | 'subscriptionId' | 'tenantId' | 'lifecycleEvent' | 'durationMs'
>;

/** What the handler needs of a batch: its lifecycle notifications and validation tokens. */
export interface LifecycleBatch {
  readonly lifecycle: readonly LifecycleNotification[];
  readonly validationTokens: readonly string[];
  /** True when Graph sent `null` validation tokens. */
  readonly validationTokensNull?: boolean | undefined;
  /** Items the parser set aside; only counted, for a warning. */
  readonly rejected?: readonly unknown[] | undefined;
}

/** The batch's verdict: pass (with the tenants the tokens vouch for, if any) or reject all. */
export type BatchGate =
  | { readonly ok: true; readonly tenants: ReadonlySet<string> | undefined }
  | {
      readonly ok: false;
      readonly error: LifecycleOutcomeError;
      readonly failures?: ValidationTokenFailure[] | undefined;
    };

/** Checks a batch's validation tokens as the options require; adds warnings as it goes. */
export async function checkBatch(
  batch: LifecycleBatch,
  options: GateOptions,
  warnings: LifecycleWarning[],
): Promise<BatchGate> {
  if (batch.validationTokensNull) {
    if (options.requireValidationTokens) return refuse('validation_tokens_null', nullMessage);
    warnings.push({ code: 'validation_tokens_null', message: nullMessage });
  }
  if (batch.validationTokens.length === 0) {
    if (options.requireValidationTokens) return refuse('validation_tokens_missing', missingMessage);
    return { ok: true, tenants: undefined };
  }
  if (!options.verify) {
    warnings.push({ code: 'validation_tokens_unverified', message: unverifiedMessage });
    return { ok: true, tenants: undefined };
  }

  const result = await verifyValidationTokens(batch.validationTokens, {
    ...options.verify,
    now: options.now,
  });
  if (result.ok) return { ok: true, tenants: new Set(result.tenants) };
  const reasons = [...new Set(result.failures.map((failure) => failure.reason))].join(', ');
  const error = {
    code: 'validation_tokens_invalid',
    message: `validation tokens failed: ${reasons}`,
  };
  return { ok: false, error, failures: result.failures };
}

/**
 * Checks one notification's `clientState` and, when tokens were verified, that a token vouched
 * for its tenant. Returns the reason to reject it, or `undefined` to go on.
 */
export async function checkNotification(
  notification: LifecycleNotification,
  options: GateOptions,
  tenants: ReadonlySet<string> | undefined,
): Promise<LifecycleOutcomeError | undefined> {
  if (tenants && (notification.tenantId === undefined || !tenants.has(notification.tenantId))) {
    return { code: 'tenant_not_attested', message: 'no validation token vouches for this tenant' };
  }
  if (options.clientState === undefined) return undefined;

  const expected =
    typeof options.clientState === 'string'
      ? options.clientState
      : await options.clientState(notification.subscriptionId, notification.tenantId);
  if (expected === undefined || expected === '') {
    return {
      code: 'client_state_unknown',
      message: 'no clientState is known for this subscription',
    };
  }
  if (!clientStateMatches(expected, notification.clientState)) {
    return { code: 'client_state_mismatch', message: 'the clientState does not match' };
  }
  return undefined;
}

const nullMessage =
  'Graph sent null validation tokens: the app requires assignment and the Microsoft Graph ' +
  'Change Tracking app has no app role';
const missingMessage = 'validation tokens are required and the batch carries none';
const unverifiedMessage = 'the batch carries validation tokens but no verify options were given';

function refuse(code: string, message: string): BatchGate {
  return { ok: false, error: { code, message } };
}

/**
 * Checks the options that handling and screening share, and returns the concurrency.
 *
 * @throws {InvalidInputError} for a `concurrency` that is not a positive integer, a policy with a
 *   negative or non-finite number, or `requireValidationTokens` without `verify`.
 */
export function checkGateOptions(options: GateOptions): number {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidInputError('concurrency', 'must be a positive integer');
  }
  if (options.requireValidationTokens && !options.verify) {
    throw new InvalidInputError('verify', 'is required when requireValidationTokens is true');
  }
  normaliseLifecyclePolicy(options.policy);
  return concurrency;
}

/** Warnings about a batch as a whole: an unchecked `clientState`, items that were set aside. */
export function batchWarnings(batch: LifecycleBatch, options: GateOptions): LifecycleWarning[] {
  const warnings: LifecycleWarning[] = [];
  if (options.clientState === undefined) {
    const message = 'no clientState is configured, so notifications are not checked against it';
    warnings.push({ code: 'client_state_unchecked', message });
  }
  const rejected = batch.rejected?.length ?? 0;
  if (rejected > 0) {
    warnings.push({
      code: 'items_rejected',
      message: `${rejected} item(s) were not notifications`,
    });
  }
  return warnings;
}

/** One notification's outcome from what happened to it. */
export function outcomeOf(
  notification: LifecycleNotification,
  fields: OutcomeFields,
  durationMs: number,
): LifecycleOutcome {
  return {
    index: notification.index,
    subscriptionId: notification.subscriptionId,
    tenantId: notification.tenantId,
    lifecycleEvent: notification.rawLifecycleEvent,
    ...fields,
    durationMs,
  };
}
