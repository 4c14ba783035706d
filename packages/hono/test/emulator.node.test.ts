// End to end over real HTTP: the routes on @hono/node-server, a Graph client, and the emulator
// as Microsoft Graph and Entra ID. The emulator creates subscriptions with the real handshake,
// sends signed lifecycle notifications, and records every call the routes make.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createGraphClient,
  createMemoryLedger,
  customCloud,
  type GraphClient,
  type TokenSource,
} from '@lifeline/core';
import { type RunningEmulator, startEmulator } from '@lifeline/emulator';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LifecycleRoutes, lifecycleRoutes } from '../src/index.js';
import { memoryLogger, until } from './helpers.js';

const clientState = 'e2e-client-state-5b7d';
const minute = 60_000;

let emulator: RunningEmulator;
let server: Server;
let url: string;
let routes: LifecycleRoutes;
let graph: GraphClient;
const logger = memoryLogger();
const waits: number[] = [];
const recreated: string[] = [];
const resynced: string[] = [];
const issuedTokens: string[] = [];

// Client credentials against the emulator's token endpoint, over fetch.
function clientCredentials(app: { clientId: string; clientSecret?: string }): TokenSource {
  return async ({ scopes }) => {
    const response = await fetch(`${emulator.loginUrl}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret ?? '',
        scope: scopes.join(' '),
      }),
    });
    const body = (await response.json()) as { access_token: string };
    issuedTokens.push(body.access_token);
    return { token: body.access_token };
  };
}

async function subscribe(resource: string, expiresInMs: number) {
  return graph.create({
    resource,
    changeType: 'updated',
    notificationUrl: url,
    lifecycleNotificationUrl: url,
    expirationDateTime: new Date(emulator.clock.now().getTime() + expiresInMs).toISOString(),
    clientState,
  });
}

async function callsFor(subscriptionId: string, operation: string) {
  return emulator.admin.records.calls({ subscriptionId, operation });
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: { frozen: true } });
  const app = emulator.apps.secret;
  if (!app) throw new Error('the emulator has no seeded secret app');
  const cloud = customCloud(emulator.cloud);
  const now = () => emulator.clock.now();
  // The client's waits are recorded instead of slept, so Retry-After is checked, not waited for.
  const sleep = async (ms: number) => void waits.push(ms);
  graph = createGraphClient({ tokenSource: clientCredentials(app), cloud, now, sleep });

  routes = lifecycleRoutes({
    graph: { tokenSource: clientCredentials(app), cloud, now, sleep },
    clientState,
    appIds: [app.clientId],
    cloud,
    requireValidationTokens: true,
    ledger: createMemoryLedger({ now }),
    now,
    logger,
    onSubscriptionRemoved: async (notification) => {
      const replacement = await subscribe('groups', 2 * 24 * 60 * minute);
      recreated.push(`${notification.subscriptionId} -> ${replacement.id}`);
    },
    onMissed: (notification) => {
      resynced.push(notification.subscriptionId);
    },
  });
  const site = new Hono();
  site.route('/graph/lifecycle', routes);
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: site.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(info.port),
    ) as Server;
  });
  url = `http://127.0.0.1:${port}/graph/lifecycle`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await routes?.drain();
  await emulator?.close();
});

beforeEach(async () => {
  await emulator.admin.reset();
  waits.length = 0;
});

describe('against the emulator', () => {
  it('answers the handshakes when a subscription is created', async () => {
    const subscription = await subscribe('users', 2 * 24 * 60 * minute);
    const handshakes = await emulator.admin.records.handshakes();
    expect(handshakes.map((handshake) => handshake.outcome)).toEqual(['validated', 'validated']);
    expect(subscription.lifecycleNotificationUrl).toBe(url);
  });

  it('reauthorizes after reauthorizationRequired, with verified validation tokens', async () => {
    const { id } = await subscribe('users', 2 * 24 * 60 * minute);
    const [delivery] = await emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await until(async () => (await callsFor(id, 'reauthorize')).some((c) => c.status === 204));
    await emulator.admin.settle();
    const [delivered] = await emulator.admin.records.deliveries({ id: delivery?.id ?? 0 });
    expect(delivered?.attempts[0]?.status).toBe(202);
    expect(delivered?.validationTokenCount).toBeGreaterThan(0);
    expect(await callsFor(id, 'renew')).toEqual([]);
  });

  it('renews instead when the subscription is near expiry', async () => {
    const { id } = await subscribe('users', 30 * minute);
    await emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await until(async () => (await callsFor(id, 'renew')).some((c) => c.status === 200));
    const renewed = await emulator.admin.subscriptions.get(id);
    const lifetime = Date.parse(renewed.expirationDateTime) - emulator.clock.now().getTime();
    expect(lifetime).toBeGreaterThan(24 * 60 * minute);
    expect(await callsFor(id, 'reauthorize')).toEqual([]);
  });

  it('recreates the subscription after subscriptionRemoved', async () => {
    const { id } = await subscribe('users', 2 * 24 * 60 * minute);
    await emulator.admin.lifecycle.send(id, 'subscriptionRemoved');
    await until(() => recreated.some((entry) => entry.startsWith(id)));
    const replacement = recreated.find((entry) => entry.startsWith(id))?.split(' -> ')[1] ?? '';
    expect((await emulator.admin.subscriptions.get(replacement)).resource).toBe('groups');
  });

  it('runs the resync hook after missed', async () => {
    const { id } = await subscribe('users', 2 * 24 * 60 * minute);
    await emulator.admin.lifecycle.send(id, 'missed');
    await until(() => resynced.includes(id));
  });

  it('completes the reauthorize through 429 with Retry-After and 503', async () => {
    const { id } = await subscribe('users', 2 * 24 * 60 * minute);
    const path = '/v1.0/subscriptions/*/reauthorize';
    await emulator.admin.faults.add({
      path,
      kind: 'status',
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    await emulator.admin.faults.add({ path, kind: 'status', status: 503, times: 1 });
    await emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await until(async () => (await callsFor(id, 'reauthorize')).some((c) => c.status === 204));
    const statuses = (await callsFor(id, 'reauthorize')).map((call) => call.status);
    expect(statuses).toEqual([429, 503, 204]);
    expect(waits[0]).toBe(2000);
  });

  it('never logged a token, a secret or the clientState', () => {
    const logged = JSON.stringify(logger.events);
    const secrets = [clientState, emulator.apps.secret?.clientSecret ?? clientState];
    expect(issuedTokens.length).toBeGreaterThan(0);
    for (const secret of [...secrets, ...issuedTokens]) expect(logged).not.toContain(secret);
    expect(logger.named('lifeline.lifecycle.outcome').length).toBeGreaterThan(4);
  });
});
