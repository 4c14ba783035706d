/**
 * Works through the outbox: acts on due work with the routes' consumer, removes it when done,
 * reschedules what may succeed later (after Graph's `Retry-After`, else an exponential backoff),
 * and gives up after a number of attempts. Event-driven: new work is handed over as soon as its
 * write has committed, a timer wakes it for the next retry, and nothing polls. Work it was not
 * handed (left by an earlier run, waiting for a retry, or beyond what it keeps in memory) it
 * reads back from the outbox.
 *
 * @module
 */
import type { LifecycleOutcome, Logger } from '@lifeline/core';
import type { ProcessLifecycleWorkResult } from '@lifeline/hono';
import type { GroupCommit } from './group-commit.js';
import type { Outbox, OutboxItem } from './outbox.js';

/** Options of {@link createOutboxPump}. */
export interface OutboxPumpOptions {
  readonly outbox: Outbox;
  /** Commits the outbox's bookkeeping (removals, retries) along with other writes. */
  readonly commits: GroupCommit;
  /** Acts on one piece of work (the routes' `process`). */
  readonly process: (work: unknown) => Promise<ProcessLifecycleWorkResult>;
  readonly logger: Logger;
  /** Tries per piece of work before it moves to `failed_work`. */
  readonly maxAttempts: number;
  /** Pieces of work in flight at once. */
  readonly concurrency: number;
  /** Handed-over work kept in memory; beyond it, work is read back from the outbox. Default 1000. */
  readonly readyLimit?: number | undefined;
  /** The wall clock in epoch milliseconds; retries wait in real time. Default `Date.now`. */
  readonly now?: () => number;
}

/** The running pump. */
export interface OutboxPump {
  /** Takes new work whose write has committed, due at once, without reading it back. */
  push(item: OutboxItem): void;
  /** Looks in the outbox for due work now. */
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
  const readyLimit = options.readyLimit ?? 1000;
  const ready: OutboxItem[] = [];
  // Ids waiting in `ready` or in flight, so that reading back never takes them a second time.
  const taken = new Set<number>();
  const active = new Map<number, Promise<void>>();
  // Rows above this id were written but not yet handed over (their commit may still fail), so
  // reading back leaves them to `push`.
  let handedOver = options.outbox.lastId();
  // True while the outbox may hold due work that is not in `ready`.
  let stale = true;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let timerAt: number | undefined;

  const hold = (item: OutboxItem): void => {
    ready.push(item);
    taken.add(item.id);
  };

  const readBack = (): void => {
    const due = options.outbox.due(now(), readyLimit, taken);
    for (const item of due) if (item.id <= handedOver) hold(item);
    stale = due.length >= readyLimit;
    if (!stale) armTimer(options.outbox.nextDueAfter(now()));
  };

  const armTimer = (at: number | undefined): void => {
    if (!running || at === undefined || (timerAt !== undefined && timerAt <= at)) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(wake, Math.min(Math.max(at - now(), 0), maxTimerDelay));
  };

  const wake = (): void => {
    clearTimeout(timer);
    timer = undefined;
    timerAt = undefined;
    stale = true;
    schedule();
  };

  const schedule = (): void => {
    while (running && active.size < options.concurrency) {
      if (ready.length === 0 && stale) readBack();
      const item = ready.shift();
      if (!item) return;
      launch(item);
    }
  };

  const launch = (item: OutboxItem): void => {
    const task = work(item, options, now, armTimer).finally(() => {
      active.delete(item.id);
      taken.delete(item.id);
      schedule();
    });
    active.set(item.id, task);
  };

  queueMicrotask(schedule);
  return {
    push(item) {
      handedOver = Math.max(handedOver, item.id);
      if (taken.has(item.id)) return;
      if (ready.length < readyLimit) hold(item);
      else stale = true;
      schedule();
    },
    wake,
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

async function work(
  item: OutboxItem,
  options: OutboxPumpOptions,
  now: () => number,
  retryAt: (at: number) => void,
): Promise<void> {
  let result: ProcessLifecycleWorkResult | undefined;
  let thrown: unknown;
  try {
    result = await options.process(item.work);
  } catch (error) {
    thrown = error;
  }
  // The bookkeeping commits with the next group; the slot is free at once. Should the commit
  // fail, the work stays queued and runs again after a restart.
  options.commits
    .write(() => settle(item, result, thrown, options, now))
    .then((dueAt) => (dueAt === undefined ? undefined : retryAt(dueAt)))
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      options.logger.error({ event: 'lifeline.outbox.unrecorded', outboxId: item.id, message });
    });
}

// Returns when the work is due again, if it was rescheduled.
function settle(
  item: OutboxItem,
  result: ProcessLifecycleWorkResult | undefined,
  thrown: unknown,
  options: OutboxPumpOptions,
  now: () => number,
): number | undefined {
  const { outbox, logger } = options;
  const at = new Date(now()).toISOString();
  if (!result) {
    const name = thrown instanceof Error ? thrown.name : typeof thrown;
    return retryLater(item, item.work, undefined, `the consumer threw ${name}`, options, now);
  }
  if (result.invalid !== undefined && result.outcomes.length === 0) {
    outbox.fail(item.id, item.work, `invalid work: ${result.invalid}`, at);
    logger.error({ event: 'lifeline.outbox.failed', outboxId: item.id, reason: 'invalid work' });
    return undefined;
  }
  const permanent = result.outcomes.filter((o) => o.result === 'failed' && !o.retryable);
  if (permanent.length > 0) {
    outbox.recordFailure(item.id, item.work, reasonOf(permanent), at);
  }
  if (!result.retry) {
    outbox.complete(item.id);
    return undefined;
  }
  const failures = result.outcomes.filter((o) => o.result === 'failed' && o.retryable);
  return retryLater(item, result.retry, result.retryAfterMs, reasonOf(failures), options, now);
}

function retryLater(
  item: OutboxItem,
  remaining: unknown,
  retryAfterMs: number | undefined,
  reason: string,
  options: OutboxPumpOptions,
  now: () => number,
): number | undefined {
  const attempt = item.attempts + 1;
  if (attempt >= options.maxAttempts) {
    options.outbox.fail(item.id, remaining, reason, new Date(now()).toISOString());
    options.logger.error({ event: 'lifeline.outbox.failed', outboxId: item.id, attempt, reason });
    return undefined;
  }
  const delayMs = retryAfterMs ?? Math.min(baseBackoffMs * 2 ** (attempt - 1), maxBackoffMs);
  const dueAt = now() + delayMs;
  options.outbox.reschedule(item.id, remaining, dueAt, reason);
  options.logger.warn({ event: 'lifeline.outbox.retry', outboxId: item.id, attempt, delayMs });
  return dueAt;
}

function reasonOf(outcomes: readonly LifecycleOutcome[]): string {
  const reasons = outcomes.map((o) => `${o.subscriptionId}: ${o.error?.code ?? 'failed'}`);
  return [...new Set(reasons)].join('; ') || 'failed';
}
