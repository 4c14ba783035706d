/**
 * Queued work: the producer side turns screened notifications into plain JSON, and the consumer
 * side checks that JSON again with core's parser and acts on it with core's handler.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import {
  type HandleLifecycleOptions,
  handleLifecycleNotifications,
  type Ledger,
  type LifecycleNotification,
  type LifecycleOutcome,
  type LifecycleWarning,
  type Logger,
  parseNotificationCollection,
} from '@lifeline/core';
import { logOutcomes, logWarnings } from './log.js';
import { actOptions, silentLogger } from './options.js';
import {
  type LifecycleRoutesOptions,
  type LifecycleWork,
  type LifecycleWorkItem,
  maxWorkItems,
} from './types.js';

/** Options of {@link processLifecycleWork}: how to act, with a durable `ledger`. */
export interface ProcessLifecycleWorkOptions
  extends Pick<
    LifecycleRoutesOptions,
    | 'graph'
    | 'cloud'
    | 'policy'
    | 'onSubscriptionRemoved'
    | 'onMissed'
    | 'concurrency'
    | 'logger'
    | 'now'
  > {
  /** Shared with the endpoint's producers, so that repeated challenges are recognised. */
  readonly ledger: Ledger;
}

/** The result of processing one {@link LifecycleWork}. */
export interface ProcessLifecycleWorkResult {
  /** One outcome per notification, in the work's order; empty when the work was invalid. */
  readonly outcomes: LifecycleOutcome[];
  readonly warnings: LifecycleWarning[];
  /** The notifications whose failure is retryable, as work to queue again; else `undefined`. */
  readonly retry: LifecycleWork | undefined;
  /** The longest wait Graph asked for among those, in milliseconds, when it asked. */
  readonly retryAfterMs: number | undefined;
  /** Why nothing (or not everything) could be read from the work; retrying will not help. */
  readonly invalid?: string | undefined;
}

/** Turns screened notifications into work, at most {@link maxWorkItems} notifications each. */
export function toLifecycleWork(
  notifications: readonly LifecycleNotification[],
  receivedAt: string,
): LifecycleWork[] {
  const works: LifecycleWork[] = [];
  for (let start = 0; start < notifications.length; start += maxWorkItems) {
    const slice = notifications.slice(start, start + maxWorkItems);
    works.push({ version: 1, receivedAt, value: slice.map(toWorkItem) });
  }
  return works;
}

/**
 * Acts on queued work: reads it again with core's parser (it crossed a queue), then runs core's
 * lifecycle handler without checking `clientState` or validation tokens again, since the
 * endpoint screened them before queueing. Logs one event per outcome.
 *
 * A consumer retries `retry` after `retryAfterMs` (or its own backoff) and gives up on
 * `invalid` work.
 *
 * @throws {InvalidInputError} (as a rejected promise) for invalid options. Nothing else rejects.
 */
export async function processLifecycleWork(
  work: unknown,
  options: ProcessLifecycleWorkOptions,
): Promise<ProcessLifecycleWorkResult> {
  const now = options.now ?? (() => new Date());
  const act = actOptions(options, now);
  return runLifecycleWork(work, act, options.logger ?? silentLogger);
}

/** Reads and acts on work with normalised options; never rejects for bad work. */
export async function runLifecycleWork(
  work: unknown,
  act: HandleLifecycleOptions,
  logger: Logger,
): Promise<ProcessLifecycleWorkResult> {
  const read = readSafely(work);
  if (read.invalid) logger.error({ event: 'lifeline.work.invalid', detail: read.invalid });
  if (read.lifecycle.length === 0) {
    const empty = { outcomes: [], warnings: [], retry: undefined, retryAfterMs: undefined };
    return { ...empty, invalid: read.invalid };
  }

  const result = await handleLifecycleNotifications(
    { lifecycle: read.lifecycle, validationTokens: [] },
    act,
  );
  // The endpoint checked clientState before queueing; core's warning about it does not apply.
  const warnings = result.warnings.filter((warning) => warning.code !== 'client_state_unchecked');
  logWarnings(logger, warnings);
  logOutcomes(logger, result.outcomes, { receivedAt: read.receivedAt, now: act.now() });
  return { ...retryOf(read, result.outcomes), outcomes: result.outcomes, warnings };
}

interface ReadWork {
  readonly lifecycle: LifecycleNotification[];
  readonly receivedAt: string;
  readonly invalid: string | undefined;
}

// Work comes from a queue or a database; whatever it holds, reading it must not throw.
function readSafely(work: unknown): ReadWork {
  try {
    return readWork(work);
  } catch {
    return { lifecycle: [], receivedAt: '', invalid: 'the work could not be read' };
  }
}

function readWork(work: unknown): ReadWork {
  const fields = typeof work === 'object' && work !== null ? (work as Record<string, unknown>) : {};
  const receivedAt = fields.receivedAt;
  if (
    fields.version !== 1 ||
    typeof receivedAt !== 'string' ||
    Number.isNaN(Date.parse(receivedAt))
  ) {
    return { lifecycle: [], receivedAt: '', invalid: 'the work is not version 1 lifecycle work' };
  }
  const parsed = parseNotificationCollection({ value: fields.value });
  if (!parsed.ok) return { lifecycle: [], receivedAt, invalid: parsed.error.message };
  const skipped = parsed.value.rejected.length + parsed.value.changes.length;
  const invalid = skipped > 0 ? `${skipped} item(s) are not lifecycle notifications` : undefined;
  return { lifecycle: parsed.value.lifecycle, receivedAt, invalid };
}

function retryOf(
  read: ReadWork,
  outcomes: readonly LifecycleOutcome[],
): Pick<ProcessLifecycleWorkResult, 'retry' | 'retryAfterMs'> {
  const again = read.lifecycle.filter((_, position) => {
    const outcome = outcomes[position];
    return outcome?.result === 'failed' && outcome.retryable === true;
  });
  if (again.length === 0) return { retry: undefined, retryAfterMs: undefined };
  const waits = outcomes.flatMap((outcome) =>
    outcome.retryable && outcome.retryAfterMs !== undefined ? [outcome.retryAfterMs] : [],
  );
  const retry = { version: 1, receivedAt: read.receivedAt, value: again.map(toWorkItem) } as const;
  return { retry, retryAfterMs: waits.length > 0 ? Math.max(...waits) : undefined };
}

function toWorkItem(notification: LifecycleNotification): LifecycleWorkItem {
  return {
    subscriptionId: notification.subscriptionId,
    ...(notification.tenantId !== undefined && { tenantId: notification.tenantId }),
    ...(notification.subscriptionExpirationDateTime !== undefined && {
      subscriptionExpirationDateTime: notification.subscriptionExpirationDateTime,
    }),
    lifecycleEvent: notification.rawLifecycleEvent,
  };
}
