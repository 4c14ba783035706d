/**
 * The app: its own routes, with Lifeline's lifecycle routes mounted next to them.
 */
import { createGraphClient } from '@lifeline/core';
import { type LifecycleRoutes, lifecycleRoutes } from '@lifeline/hono';
import { clientSecretTokenSource } from '@lifeline/msal';
import { Hono } from 'hono';
import type { ExampleConfig } from './config.js';

/** The app and the lifecycle routes inside it (whose `drain()` a shutdown awaits). */
export interface ExampleApp {
  readonly app: Hono;
  readonly lifecycle: LifecycleRoutes;
}

/** Builds the app from its settings. */
export function createApp(config: ExampleConfig): ExampleApp {
  const tokenSource = clientSecretTokenSource({
    tenantId: config.tenantId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    cloud: config.cloud,
  });
  const lifecycle = lifecycleRoutes({
    graph: createGraphClient({ tokenSource, cloud: config.cloud }),
    clientState: config.clientState,
    // Graph's validation tokens name this app as their audience; verify them when present.
    appIds: [config.clientId],
    cloud: config.cloud,
    // The status route lists subscription ids; behind a real deployment, put auth in front of it.
    statusRoute: true,
    logger: console,
    onSubscriptionRemoved: (notification) => {
      // A real app creates a new subscription here, then resyncs what it missed.
      console.warn({ event: 'app.subscription.removed', id: notification.subscriptionId });
    },
    onMissed: (notification) => {
      // A real app runs a delta query for the subscription's resource here.
      console.warn({ event: 'app.notifications.missed', id: notification.subscriptionId });
    },
  });

  const app = new Hono();
  app.get('/', (c) => c.text('An app that keeps its Graph subscriptions alive.'));
  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/graph/lifecycle', lifecycle);
  return { app, lifecycle };
}
