/**
 * The worker's queue messages: screened lifecycle work, one subscription per message so that
 * each subscription is retried and dead-lettered on its own, and the dead letters themselves.
 *
 * @module
 */
import type { LifecycleWork } from '@lifeline/hono';

/** What the consumer sends to the dead-letter queue. */
export interface DeadLetterMessage {
  readonly kind: 'lifeline.deadLetter';
  /** The message body that could not be acted on, as it was queued. */
  readonly work: unknown;
  readonly reason: string;
  readonly attempts: number;
  /** ISO 8601. */
  readonly at: string;
}

/** Splits work into one piece per subscription, keeping the posted order within each. */
export function splitBySubscription(work: LifecycleWork): LifecycleWork[] {
  const groups = new Map<string, LifecycleWork['value'][number][]>();
  for (const item of work.value) {
    groups.set(item.subscriptionId, [...(groups.get(item.subscriptionId) ?? []), item]);
  }
  return [...groups.values()].map((value) => ({ ...work, value }));
}

/** Sends screened work to the lifecycle queue, one message per subscription. */
export async function enqueueLifecycleWork(queue: Queue, work: LifecycleWork): Promise<void> {
  const pieces = splitBySubscription(work);
  if (pieces.length === 0) return;
  await queue.sendBatch(pieces.map((body) => ({ body, contentType: 'json' as const })));
}

/** A queued item's subscription and event, as far as the body has them. */
export interface QueuedItem {
  readonly subscriptionId: string;
  readonly lifecycleEvent: string;
}

/**
 * The items of a queued body, read only far enough to know whose lease to take and what to
 * record; the work itself is read again by `processLifecycleWork`. Unreadable items are skipped.
 */
export function queuedItemsOf(body: unknown): QueuedItem[] {
  const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
  return value.flatMap((item: unknown) => {
    if (!isRecord(item) || typeof item.subscriptionId !== 'string') return [];
    if (item.subscriptionId.length === 0 || item.subscriptionId.length > 200) return [];
    const event = typeof item.lifecycleEvent === 'string' ? item.lifecycleEvent : 'unknown';
    return [{ subscriptionId: item.subscriptionId, lifecycleEvent: event.slice(0, 100) }];
  });
}

/** Reads a dead-letter queue body: one of ours, or work the platform moved there itself. */
export function deadLetterOf(body: unknown, attempts: number, now: Date): DeadLetterMessage {
  if (isRecord(body) && body.kind === 'lifeline.deadLetter') {
    return {
      kind: 'lifeline.deadLetter',
      work: body.work,
      reason: typeof body.reason === 'string' ? body.reason : 'unknown',
      attempts: typeof body.attempts === 'number' ? body.attempts : attempts,
      at: typeof body.at === 'string' ? body.at : now.toISOString(),
    };
  }
  const reason = 'the queue gave up on it (the consumer failed on every attempt)';
  return { kind: 'lifeline.deadLetter', work: body, reason, attempts, at: now.toISOString() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
