// The queue consumer's policy: which results are acknowledged, retried (and after how long) or
// dead-lettered.
import type { LifecycleOutcome } from '@lifeline/core';
import type { ProcessLifecycleWorkResult } from '@lifeline/hono';
import { describe, expect, it } from 'vitest';
import {
  judgeWork,
  maxRetryDelaySeconds,
  minRetryDelaySeconds,
  retryDelaySeconds,
} from '../src/verdict.js';

const first = { attempts: 1, maxRetries: 8 };
const last = { attempts: 9, maxRetries: 8 };

function outcome(fields: Partial<LifecycleOutcome>): LifecycleOutcome {
  return {
    index: 0,
    subscriptionId: 'subscription',
    tenantId: undefined,
    lifecycleEvent: 'reauthorizationRequired',
    action: { type: 'reauthorize' },
    result: 'done',
    durationMs: 1,
    ...fields,
  };
}

function ran(...outcomes: LifecycleOutcome[]) {
  const value: ProcessLifecycleWorkResult = {
    outcomes,
    warnings: [],
    retry: undefined,
    retryAfterMs: undefined,
  };
  return { ran: true as const, value };
}

const throttled = outcome({
  result: 'failed',
  retryable: true,
  retryAfterMs: 12_300,
  error: { code: 'ERR_GRAPH_RESPONSE', message: 'throttled', status: 429 },
});
const forbidden = outcome({
  result: 'failed',
  retryable: false,
  error: { code: 'ERR_GRAPH_RESPONSE', message: 'denied', status: 403 },
});

describe('judgeWork', () => {
  it('acknowledges work that was done or ignored', () => {
    const ignored = outcome({ result: 'ignored', action: { type: 'ignore', reason: 'duplicate' } });
    expect(judgeWork(ran(outcome({}), ignored), first)).toEqual({ kind: 'ack' });
  });

  it("retries a retryable failure after Graph's Retry-After, rounded up", () => {
    expect(judgeWork(ran(throttled), first)).toMatchObject({ kind: 'retry', delaySeconds: 13 });
  });

  it('retries a token failure, which core marks permanent', () => {
    const token = outcome({
      result: 'failed',
      retryable: false,
      error: { code: 'ERR_TOKEN_SOURCE', message: 'Entra ID answered 503' },
    });
    expect(judgeWork(ran(token), first)).toMatchObject({ kind: 'retry', delaySeconds: 30 });
  });

  it('dead-letters a permanent failure with its code and status', () => {
    expect(judgeWork(ran(forbidden), first)).toEqual({
      kind: 'deadLetter',
      reason: 'ERR_GRAPH_RESPONSE (HTTP 403): denied',
    });
  });

  it('retries first when a retryable and a permanent failure come together', () => {
    expect(judgeWork(ran(forbidden, throttled), first).kind).toBe('retry');
  });

  it('dead-letters a retryable failure on the last attempt', () => {
    expect(judgeWork(ran(throttled), last)).toEqual({
      kind: 'deadLetter',
      reason: 'gave up after 9 attempts: ERR_GRAPH_RESPONSE (HTTP 429): throttled',
    });
  });

  it('waits out another holder of the lease', () => {
    const busy = { ran: false as const, retryAfterMs: 42_000 };
    expect(judgeWork(busy, first)).toMatchObject({ kind: 'retry', delaySeconds: 42 });
  });

  it('dead-letters work that could not be read', () => {
    const invalid = { ...ran(), value: { ...ran().value, invalid: 'not version 1' } };
    expect(judgeWork(invalid, first)).toEqual({ kind: 'deadLetter', reason: 'not version 1' });
  });
});

describe('retryDelaySeconds', () => {
  it('keeps within the floor and the Queues maximum', () => {
    expect(retryDelaySeconds(10, 1)).toBe(minRetryDelaySeconds);
    expect(retryDelaySeconds(86_400_000, 1)).toBe(maxRetryDelaySeconds);
    expect(retryDelaySeconds(Number.NaN, 1)).toBe(30);
  });

  it('doubles per attempt without Retry-After, up to an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map((attempts) => retryDelaySeconds(undefined, attempts))).toEqual([
      30, 60, 120, 240, 3600, 3600,
    ]);
  });
});
