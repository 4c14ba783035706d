/**
 * Works through the outbox: acts on due work with the routes' consumer, removes it when done,
 * reschedules what may succeed later (after Graph's `Retry-After`, else an exponential backoff),
 * and gives up after a number of attempts. Event-driven: new work wakes it, a timer wakes it for
 * the next due item, and nothing polls.
 *
 * @module
 */
import type { LifecycleOutcome, Logger } from '@lifeline/core';
import type { ProcessLifecycleWorkResult } from '@lifeline/hono';
import type { Outbox, OutboxItem } from './outbox.js';

/** Options of {@link createOutboxPump}. */
export interface OutboxPumpOptions {
  readonly outbox: Outbox;
  /** Acts on one piece of work (the routes' `process`). */
  readonly process: (work: unknown) => Promise<ProcessLifecycleWorkResult>;
  readonly logger: Logger;
  /** Tries per piece of work before it moves to `failed_work`. */
  readonly maxAttempts: number;
  /** Pieces of work in flight at once. */
  readonly concurrency: number;
  /** The wall clock in epoch milliseconds; retries wait in real time. Default `Date.now`. */
  readonly now?: () => number;
}

/** The running pump. */
export interface OutboxPump {
  /** Looks for due work now: call it after adding work. */
  wake(): void;
  /** Pieces of work being acted on right now. */
  readonly inFlight: number;
  /** Stops taking work and resolves once the work in flight has settled. */
  stop(): Promise<void>;
}

const maxTimerDelay = 2_147_483_647;
const baseBackoffMs = 2000;
const maxBackoffMs = 5 * 60_000;

/** Starts a pump over the outbox; work left from an earlier run is picked up at once. */
export function createOutboxPump(options: OutboxPumpOptions): OutboxPump {
  const now = options.now ?? Date.now;
  const active = new Map<number, Promise<void>>();
  let running = true;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    if (!running) return;
    const free = options.concurrency - active.size;
    const skip = new Set(active.keys());
    if (free > 0) for (const item of options.outbox.due(now(), free, skip)) launch(item);
    armTimer();
  };

  const armTimer = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (active.size >= options.concurrency) return;
    const next = options.outbox.nextDueAt(new Set(active.keys()));
    if (next === undefined) return;
    timer = setTimeout(schedule, Math.min(Math.max(next - now(), 0), maxTimerDelay));
  };

  const launch = (item: OutboxItem): void => {
    const task = work(item, options, now).finally(() => {
      active.delete(item.id);
      schedule();
    });
    active.set(item.id, task);
  };

  queueMicrotask(schedule);
  return {
    wake: schedule,
    get inFlight() {
      return active.size;
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await Promise.allSettled([...active.values()]);
    },
  };
}

async function work(item: OutboxItem, options: OutboxPumpOptions, now: () => number) {
  let result: ProcessLifecycleWorkResult | undefined;
  let thrown: unknown;
  try {
    result = await options.process(item.work);
  } catch (error) {
    thrown = error;
  }
  try {
    settle(item, result, thrown, options, now);
  } catch (error) {
    // The database refused the bookkeeping; the work stays queued and runs again after a restart.
    const message = error instanceof Error ? error.message : String(error);
    options.logger.error({ event: 'lifeline.outbox.unrecorded', outboxId: item.id, message });
  }
}

function settle(
  item: OutboxItem,
  result: ProcessLifecycleWorkResult | undefined,
  thrown: unknown,
  options: OutboxPumpOptions,
  now: () => number,
): void {
  const { outbox, logger } = options;
  const at = new Date(now()).toISOString();
  if (!result) {
    const name = thrown instanceof Error ? thrown.name : typeof thrown;
    retryLater(item, item.work, undefined, `the consumer threw ${name}`, options, now);
    return;
  }
  if (result.invalid !== undefined && result.outcomes.length === 0) {
    outbox.fail(item.id, item.work, `invalid work: ${result.invalid}`, at);
    logger.error({ event: 'lifeline.outbox.failed', outboxId: item.id, reason: 'invalid work' });
    return;
  }
  const permanent = result.outcomes.filter((o) => o.result === 'failed' && !o.retryable);
  if (permanent.length > 0) {
    outbox.recordFailure(item.id, item.work, reasonOf(permanent), at);
  }
  if (!result.retry) {
    outbox.complete(item.id);
    return;
  }
  const failures = result.outcomes.filter((o) => o.result === 'failed' && o.retryable);
  retryLater(item, result.retry, result.retryAfterMs, reasonOf(failures), options, now);
}

function retryLater(
  item: OutboxItem,
  remaining: unknown,
  retryAfterMs: number | undefined,
  reason: string,
  options: OutboxPumpOptions,
  now: () => number,
): void {
  const attempt = item.attempts + 1;
  if (attempt >= options.maxAttempts) {
    options.outbox.fail(item.id, remaining, reason, new Date(now()).toISOString());
    options.logger.error({ event: 'lifeline.outbox.failed', outboxId: item.id, attempt, reason });
    return;
  }
  const delayMs = retryAfterMs ?? Math.min(baseBackoffMs * 2 ** (attempt - 1), maxBackoffMs);
  options.outbox.reschedule(item.id, remaining, now() + delayMs, reason);
  options.logger.warn({ event: 'lifeline.outbox.retry', outboxId: item.id, attempt, delayMs });
}

function reasonOf(outcomes: readonly LifecycleOutcome[]): string {
  const reasons = outcomes.map((o) => `${o.subscriptionId}: ${o.error?.code ?? 'failed'}`);
  return [...new Set(reasons)].join('; ') || 'failed';
}
