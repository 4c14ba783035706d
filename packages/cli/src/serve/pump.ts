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
  /**
   * Handed-over work kept in memory; beyond it, work is read back from the outbox. Default 1000.
   */
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
  const pump: PumpState = {
    options,
    now: options.now ?? Date.now,
    readyLimit: options.readyLimit ?? 1000,
    ready: [],
    taken: new Set(),
    active: new Map(),
    handedOver: options.outbox.lastId(),
    stale: true,
    running: true,
    timer: undefined,
    timerAt: undefined,
  };
  queueMicrotask(() => schedule(pump));
  return {
    push: (item) => push(pump, item),
    wake: () => wake(pump),
    get inFlight() {
      return pump.active.size;
    },
    async stop() {
      pump.running = false;
      clearTimeout(pump.timer);
      await Promise.allSettled([...pump.active.values()]);
    },
  };
}

interface PumpState {
  readonly options: OutboxPumpOptions;
  readonly now: () => number;
  readonly readyLimit: number;
  /** Work to act on, oldest first. */
  readonly ready: OutboxItem[];
  /** Ids waiting in `ready` or in flight, so that reading back never takes them a second time. */
  readonly taken: Set<number>;
  readonly active: Map<number, Promise<void>>;
  /**
   * The highest id handed over. Rows above it were written but not handed over yet (their commit
   * may still fail), so reading back leaves them to `push`.
   */
  handedOver: number;
  /** True while the outbox may hold due work that is not in `ready`. */
  stale: boolean;
  running: boolean;
  timer: NodeJS.Timeout | undefined;
  timerAt: number | undefined;
}

function push(pump: PumpState, item: OutboxItem): void {
  pump.handedOver = Math.max(pump.handedOver, item.id);
  if (pump.taken.has(item.id)) return;
  if (pump.ready.length < pump.readyLimit) hold(pump, item);
  else pump.stale = true;
  schedule(pump);
}

function hold(pump: PumpState, item: OutboxItem): void {
  pump.ready.push(item);
  pump.taken.add(item.id);
}

function schedule(pump: PumpState): void {
  while (pump.running && pump.active.size < pump.options.concurrency) {
    if (pump.ready.length === 0 && pump.stale) readBack(pump);
    const item = pump.ready.shift();
    if (!item) return;
    launch(pump, item);
  }
}

function readBack(pump: PumpState): void {
  const { outbox } = pump.options;
  const due = outbox.due(pump.now(), pump.readyLimit, pump.taken);
  for (const item of due) if (item.id <= pump.handedOver) hold(pump, item);
  pump.stale = due.length >= pump.readyLimit;
  if (!pump.stale) armTimer(pump, outbox.nextDueAfter(pump.now()));
}

function launch(pump: PumpState, item: OutboxItem): void {
  const retryAt = (at: number) => armTimer(pump, at);
  const task = work(item, pump.options, pump.now, retryAt).finally(() => {
    pump.active.delete(item.id);
    pump.taken.delete(item.id);
    schedule(pump);
  });
  pump.active.set(item.id, task);
}

function armTimer(pump: PumpState, at: number | undefined): void {
  if (!pump.running || at === undefined) return;
  if (pump.timerAt !== undefined && pump.timerAt <= at) return;
  clearTimeout(pump.timer);
  pump.timerAt = at;
  const delay = Math.min(Math.max(at - pump.now(), 0), maxTimerDelay);
  pump.timer = setTimeout(() => wake(pump), delay);
}

function wake(pump: PumpState): void {
  clearTimeout(pump.timer);
  pump.timer = undefined;
  pump.timerAt = undefined;
  pump.stale = true;
  schedule(pump);
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
