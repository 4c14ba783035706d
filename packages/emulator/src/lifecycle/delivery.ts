/**
 * Delivery of lifecycle notifications, with Graph's rules: a 2xx within 3 seconds is delivered;
 * anything else is retried with exponential backoff on the emulator clock, each retry with a
 * 10-second timeout, for up to 4 hours. Every attempt is recorded.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @module
 */
import type { DeliveryAttempt, DeliveryCause, DeliveryRecord } from '../records.js';
import type { EmulatorState } from '../state.js';
import { buildLifecycleCollection, type LifecycleItem } from './payload.js';

/**
 * Sends lifecycle notifications now, one POST per lifecycle URL with every item bound for it.
 * Items of subscriptions without a `lifecycleNotificationUrl` are skipped. Returns the delivery
 * records, whose attempts fill in as they happen.
 */
export function deliverLifecycle(
  state: EmulatorState,
  items: LifecycleItem[],
  cause: DeliveryCause,
): DeliveryRecord[] {
  const byUrl = new Map<string, LifecycleItem[]>();
  for (const item of items) {
    const url = item.subscription.lifecycleNotificationUrl;
    if (url) byUrl.set(url, [...(byUrl.get(url) ?? []), item]);
  }
  return [...byUrl].map(([url, group]) => startDelivery(state, url, group, cause));
}

function startDelivery(
  state: EmulatorState,
  url: string,
  items: LifecycleItem[],
  cause: DeliveryCause,
): DeliveryRecord {
  const record = state.records.addDelivery({
    createdAt: state.clock.now().toISOString(),
    url,
    cause,
    notifications: items.map(({ subscription, lifecycleEvent }) => ({
      subscriptionId: subscription.id,
      tenantId: subscription.tenantId,
      lifecycleEvent,
    })),
    validationTokenCount: 0,
    attempts: [],
    state: 'pending',
    nextAttemptAt: null,
  });
  const run = async () => {
    const collection = await buildLifecycleCollection(state, items);
    record.validationTokenCount = collection.validationTokenCount;
    await attempt(state, record, collection.body, 0);
  };
  state.work.track(run());
  return record;
}

async function attempt(state: EmulatorState, record: DeliveryRecord, body: string, n: number) {
  // A reset clears the records; a retry of a delivery from before it is dropped.
  if (!state.records.deliveries.includes(record)) return;
  const { timeoutMs, retryTimeoutMs } = state.settings.delivery;
  const result = await post(state, record.url, body, n === 0 ? timeoutMs : retryTimeoutMs);
  record.attempts.push(result);
  if (result.outcome === 'delivered') {
    record.state = 'delivered';
    record.nextAttemptAt = null;
    return;
  }
  scheduleRetry(state, record, body, n);
}

function scheduleRetry(state: EmulatorState, record: DeliveryRecord, body: string, n: number) {
  const { initialRetryDelayMs, maxRetryDelayMs, retryWindowMs } = state.settings.delivery;
  const now = state.clock.now();
  const delay = Math.min(initialRetryDelayMs * 2 ** n, maxRetryDelayMs);
  const next = new Date(now.getTime() + delay);
  const first = new Date(record.attempts[0]?.at ?? now);
  if (next.getTime() - first.getTime() > retryWindowMs) {
    record.state = 'abandoned';
    record.nextAttemptAt = null;
    return;
  }
  record.state = 'retrying';
  record.nextAttemptAt = next.toISOString();
  state.clock.at(next, () => state.work.track(attempt(state, record, body, n + 1)));
}

async function post(state: EmulatorState, url: string, body: string, timeoutMs: number) {
  const at = state.clock.now().toISOString();
  const started = performance.now();
  const finish = (outcome: DeliveryAttempt['outcome'], status: number | null) => ({
    at,
    status,
    outcome,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const response = await state.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    const ok = response.status >= 200 && response.status < 300;
    return finish(ok ? 'delivered' : 'status', response.status);
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return finish(timedOut ? 'timeout' : 'network', null);
  }
}
