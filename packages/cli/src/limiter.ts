/**
 * A client-side sliding-window rate limiter, so that a batch stays inside Microsoft Graph's
 * documented subscription-service limits instead of running into `429`s: for example 1000
 * `POST /subscriptions/{id}/reauthorize` per 20 seconds per app per tenant.
 * See https://learn.microsoft.com/graph/throttling-limits#subscription-service-limits
 *
 * @module
 */

/** Options of {@link createSlidingWindow}. */
export interface SlidingWindowOptions {
  /** The most starts allowed in any window. */
  readonly limit: number;
  /** The window's length in milliseconds. */
  readonly windowMs: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Waits; default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Hands out permission to start a request, at most `limit` in any `windowMs`. */
export interface SlidingWindow {
  /** Resolves when one more request may start, and counts it as started. */
  acquire(): Promise<void>;
}

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates a limiter that remembers when each of the last `limit` requests started and lets the
 * next one start only once the oldest of them has left the window. Callers are served in order.
 *
 * @throws {RangeError} when `limit` is not a positive integer or `windowMs` not positive.
 */
export function createSlidingWindow(options: SlidingWindowOptions): SlidingWindow {
  const { limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be ≥ 1');
  if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? timerSleep;
  // Start times of the last `limit` requests, oldest first.
  const starts: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  const takeSlot = async (): Promise<void> => {
    while (starts.length >= limit) {
      const wait = (starts[0] ?? 0) + windowMs - now();
      if (wait > 0) await sleep(wait);
      else starts.shift();
    }
    starts.push(now());
  };

  return {
    acquire() {
      const turn = queue.then(takeSlot);
      queue = turn;
      return turn;
    },
  };
}
