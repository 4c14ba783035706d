/**
 * When to try a Graph request again and how long to wait first: `Retry-After` when Graph gives it,
 * otherwise capped exponential backoff with full jitter, all inside a total time budget.
 * See https://learn.microsoft.com/graph/throttling#best-practices-to-handle-throttling
 *
 * @module
 */
import { InvalidInputError } from '../errors.js';

/** How the Graph client retries throttled, unavailable and failed requests. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 5; 1 turns retries off. */
  maxAttempts: number;
  /** Total time for all attempts and waits, in milliseconds. Default 60 000. */
  budgetMs: number;
  /** The backoff ceiling for the first retry, doubled for each later one. Default 500. */
  baseDelayMs: number;
  /** The largest backoff wait (a `Retry-After` may ask for more). Default 10 000. */
  maxDelayMs: number;
}

/** The retry options used when none are given. */
export const defaultRetryOptions: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 5,
  budgetMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
});

/**
 * Fills in defaults and checks each value, into a new object.
 *
 * @throws {InvalidInputError} for a value that is not a finite number in range.
 */
export function normaliseRetryOptions(given: Partial<RetryOptions> = {}): RetryOptions {
  const options = { ...defaultRetryOptions };
  for (const key of Object.keys(defaultRetryOptions) as (keyof RetryOptions)[]) {
    const value = given[key];
    if (value === undefined) continue;
    const minimum = key === 'maxAttempts' ? 1 : 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
      throw new InvalidInputError(`retry.${key}`, `must be a finite number ≥ ${minimum}`);
    }
    options[key] = key === 'maxAttempts' ? Math.floor(value) : value;
  }
  return options;
}

/**
 * The wait before retry number `retry` (1 for the first): a random share of
 * `min(maxDelayMs, baseDelayMs × 2^(retry − 1))`, so that many clients throttled together spread
 * out.
 */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const drawn = random();
  // A broken random source must not turn the wait into NaN or a negative number.
  const share = Number.isFinite(drawn) ? Math.min(Math.max(drawn, 0), 1) : 1;
  return Math.floor(share * ceiling);
}

/**
 * Reads `Retry-After` as delay seconds or an HTTP date, in milliseconds from `now`. A date in the
 * past means no wait; a value that is neither is `undefined`.
 * See https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;

  // HTTP dates name the weekday and the GMT zone; this keeps Date.parse from guessing at numbers.
  if (!/^[A-Za-z]{3,9},? .*\d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
