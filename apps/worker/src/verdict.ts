/**
 * What to do with a queued message once its work ran: acknowledge it, retry it later (honouring
 * Graph's `Retry-After`), or dead-letter it. Pure, so that the policy is tested on its own.
 * See https://learn.microsoft.com/graph/throttling
 *
 * @module
 */
import type { LifecycleOutcome } from '@lifeline/core';
import type { ProcessLifecycleWorkResult } from '@lifeline/hono';
import type { LeasedResult } from './durable-ledger.js';

/** The fate of one message. */
export type Verdict =
  | { readonly kind: 'ack' }
  | { readonly kind: 'retry'; readonly delaySeconds: number; readonly reason: string }
  | { readonly kind: 'deadLetter'; readonly reason: string };

/** Where a message stands in its retries. */
export interface Delivery {
  /** The platform's count: 1 on the first delivery. */
  readonly attempts: number;
  /** Retries allowed after the first delivery. */
  readonly maxRetries: number;
}

/** The shortest wait before a retry: Queues may redeliver sooner than a second. */
export const minRetryDelaySeconds = 5;
/** The longest delay Cloudflare Queues accept: 12 hours. */
export const maxRetryDelaySeconds = 43_200;
// Without Retry-After: 30 s, doubling per attempt, up to an hour.
const backoffBaseSeconds = 30;
const backoffCapSeconds = 3600;

/** Decides a message's fate from its work's result. */
export function judgeWork(
  result: LeasedResult<ProcessLifecycleWorkResult>,
  delivery: Delivery,
): Verdict {
  if (!result.ran) {
    return retryOrGiveUp(delivery, result.retryAfterMs, 'another consumer holds the lease');
  }
  const { outcomes, invalid } = result.value;
  if (outcomes.length === 0) return { kind: 'deadLetter', reason: invalid ?? 'the work is empty' };

  const again = outcomes.filter(isRetryable);
  if (again.length > 0) {
    const waits = again.flatMap((outcome) => outcome.retryAfterMs ?? []);
    const retryAfterMs = waits.length > 0 ? Math.max(...waits) : undefined;
    return retryOrGiveUp(delivery, retryAfterMs, reasonOf(again));
  }
  const permanent = outcomes.filter((outcome) => outcome.result === 'failed');
  if (permanent.length > 0) return { kind: 'deadLetter', reason: reasonOf(permanent) };
  return { kind: 'ack' };
}

// A token failure is retried whatever core made of it: an Entra ID outage passes, and a wrong
// credential still ends in the dead-letter queue once the retries run out.
function isRetryable(outcome: LifecycleOutcome): boolean {
  if (outcome.result !== 'failed') return false;
  return outcome.retryable === true || outcome.error?.code === 'ERR_TOKEN_SOURCE';
}

/**
 * A retry after `retryAfterMs` (or the backoff), or a dead letter when the retries ran out: for
 * failures that may pass.
 */
export function retryOrGiveUp(
  delivery: Delivery,
  retryAfterMs: number | undefined,
  reason: string,
): Verdict {
  if (delivery.attempts > delivery.maxRetries) {
    return { kind: 'deadLetter', reason: `gave up after ${delivery.attempts} attempts: ${reason}` };
  }
  return {
    kind: 'retry',
    delaySeconds: retryDelaySeconds(retryAfterMs, delivery.attempts),
    reason,
  };
}

/**
 * The delay before the next attempt, in whole seconds: Graph's `Retry-After` rounded up when it
 * gave one, else a backoff that doubles per attempt; never under {@link minRetryDelaySeconds} nor
 * over {@link maxRetryDelaySeconds}.
 */
export function retryDelaySeconds(retryAfterMs: number | undefined, attempts: number): number {
  const wanted =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs)
      ? Math.ceil(retryAfterMs / 1000)
      : Math.min(backoffCapSeconds, backoffBaseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.min(maxRetryDelaySeconds, Math.max(minRetryDelaySeconds, wanted));
}

function reasonOf(outcomes: readonly LifecycleOutcome[]): string {
  const first = outcomes[0];
  const error = first?.error;
  const status = error?.status === undefined ? '' : ` (HTTP ${error.status})`;
  return error ? `${error.code}${status}: ${error.message}` : `${first?.result ?? 'failed'}`;
}
