/**
 * Admin routes that look inside and poke: every subscription (of every app), lifecycle events
 * sent on demand, and the records of calls, token requests, handshakes and deliveries.
 *
 * @module
 */
import type { Context, Hono } from 'hono';
import type { EmulatorEnv } from '../context.js';
import type { Subscription } from '../graph/subscription-store.js';
import { deliverLifecycle } from '../lifecycle/delivery.js';
import type { LifecycleEvent } from '../records.js';
import { adminError, BodyReader, readObject } from './validate.js';
import { subscriptionView } from './views.js';

const lifecycleEvents: readonly LifecycleEvent[] = [
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
];

/** Adds the subscription, lifecycle and record routes to the admin app. */
export function registerObserveRoutes(admin: Hono<EmulatorEnv>): void {
  admin.get('/subscriptions', (c) => {
    const { appId, tenantId } = c.req.query();
    const all = c.var.state.subscriptions.all();
    const chosen = all.filter(
      (s) => (!appId || s.appId === appId) && (!tenantId || s.tenantId === tenantId),
    );
    return c.json(chosen.map((subscription) => subscriptionView(c.var.state, subscription)));
  });
  admin.get('/subscriptions/:id', (c) => {
    const { subscriptions } = c.var.state;
    const id = c.req.param('id');
    const subscription = subscriptions.get(id);
    if (subscription) return c.json(subscriptionView(c.var.state, subscription));
    const tombstone = subscriptions.tombstone(id);
    const gone = tombstone ? `; ${tombstone.reason} at ${tombstone.at.toISOString()}` : '';
    return adminError(c, 404, `no subscription ${id}${gone}`);
  });
  admin.post('/lifecycle', sendLifecycle);
  admin.get('/records/calls', (c) => c.json(filtered(c, c.var.state.records.calls)));
  admin.get('/records/token-requests', (c) =>
    c.json(filtered(c, c.var.state.records.tokenRequests)),
  );
  admin.get('/records/handshakes', (c) => c.json(filtered(c, c.var.state.records.handshakes)));
  admin.get('/records/deliveries', (c) => {
    const { subscriptionId, lifecycleEvent, ...rest } = c.req.query();
    const deliveries = c.var.state.records.deliveries.filter((delivery) =>
      delivery.notifications.some(
        (n) =>
          (!subscriptionId || n.subscriptionId === subscriptionId) &&
          (!lifecycleEvent || n.lifecycleEvent === lifecycleEvent),
      ),
    );
    return c.json(deliveries.filter((delivery) => matches(delivery, rest)));
  });
  admin.delete('/records', (c) => {
    c.var.state.records.clear();
    return c.body(null, 204);
  });
}

async function sendLifecycle(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const single = reader.string('subscriptionId');
  const ids = reader.strings('subscriptionIds') ?? (single ? [single] : []);
  const lifecycleEvent = reader.oneOf('lifecycleEvent', lifecycleEvents);
  const problem = reader.error() ?? (lifecycleEvent ? undefined : 'lifecycleEvent is required');
  if (problem || !lifecycleEvent)
    return adminError(c, 400, problem ?? 'lifecycleEvent is required');
  const { state } = c.var;
  const subscriptions = ids.map((id) => state.subscriptions.get(id));
  const missing = ids.filter((_, index) => !subscriptions[index]);
  if (ids.length === 0 || missing.length > 0) {
    return adminError(c, 404, `no subscription ${missing.join(', ') || '(none named)'}`);
  }
  const live = subscriptions as Subscription[];
  const withoutUrl = live.filter((s) => !s.lifecycleNotificationUrl).map((s) => s.id);
  if (withoutUrl.length > 0) {
    return adminError(c, 400, `no lifecycleNotificationUrl on ${withoutUrl.join(', ')}`);
  }
  const items = live.map((subscription) => ({ subscription, lifecycleEvent }));
  const deliveries = deliverLifecycle(state, items, 'admin');
  // Graph has removed the subscription when it says so.
  if (lifecycleEvent === 'subscriptionRemoved') {
    for (const s of live) state.subscriptions.remove(s.id, 'removed', state.clock.now());
  }
  return c.json({ deliveries }, 202);
}

// Query parameters filter records by equality on their top-level fields.
function filtered<T extends object>(c: Context<EmulatorEnv>, records: T[]): T[] {
  const query = c.req.query();
  return records.filter((record) => matches(record, query));
}

function matches(record: object, query: Record<string, string>): boolean {
  return Object.entries(query).every(([key, value]) => {
    const field = (record as Record<string, unknown>)[key];
    return field === undefined || String(field) === value;
  });
}
