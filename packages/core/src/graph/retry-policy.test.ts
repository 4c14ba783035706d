import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { normaliseClientOptions } from './client-options.js';
import {
  backoffDelay,
  defaultRetryOptions,
  normaliseRetryOptions,
  parseRetryAfter,
} from './retry-policy.js';

const now = new Date('2026-12-03T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay seconds and HTTP dates relative to now', () => {
    expect(parseRetryAfter('10', now)).toBe(10_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thursday, 03-Dec-26 10:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a past date as no wait and junk as no answer', () => {
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:00 GMT', now)).toBe(0);
    for (const junk of [null, '', '-5', '1.5', 'soon', '2026-12-03T10:00:30Z', 'Thu, 99 Dec']) {
      expect(parseRetryAfter(junk, now)).toBeUndefined();
    }
  });
});

describe('backoffDelay', () => {
  it('stays within the capped exponential ceiling for any random value', () => {
    const options = { ...defaultRetryOptions, baseDelayMs: 200, maxDelayMs: 5000 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double(), (retry, random) => {
        const delay = backoffDelay(retry, options, () => random);
        const ceiling = Math.min(5000, 200 * 2 ** (retry - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('spreads waits with the random share (full jitter)', () => {
    const options = { ...defaultRetryOptions, baseDelayMs: 1000 };
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.25)).toBe(1000);
  });
});

describe('option normalisation', () => {
  it('fills in defaults without touching the caller’s objects', () => {
    const retry = { maxAttempts: 2 };
    const options = { tokenSource: async () => ({ token: 't' }), retry };
    const snapshot = structuredClone({ retry });

    const normalised = normaliseClientOptions(options);

    expect(normalised.retry).toEqual({ ...defaultRetryOptions, maxAttempts: 2 });
    expect(normalised.scope).toBe('https://graph.microsoft.com/.default');
    expect(normalised.timeoutMs).toBe(30_000);
    expect(Object.isFrozen(normalised)).toBe(true);
    expect({ retry }).toEqual(snapshot);
    expect(Object.keys(options)).toEqual(['tokenSource', 'retry']);
  });

  it('refuses values out of range', () => {
    expect(() => normaliseRetryOptions({ maxAttempts: 0 })).toThrow(InvalidInputError);
    expect(() => normaliseRetryOptions({ budgetMs: Number.NaN })).toThrow(/retry.budgetMs/);
    const tokenSource = async () => ({ token: 't' });
    expect(() => normaliseClientOptions({ tokenSource, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => normaliseClientOptions({ tokenSource, sleep: 5 as never })).toThrow(/sleep/);
  });
});
