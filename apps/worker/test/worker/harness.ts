// Helpers for the workerd tests: the emulator's admin API and Graph over real HTTP, the relay
// that stands in for the worker's public URL, and bounded polling.

import { env, exports } from 'cloudflare:workers';
import {
  createGraphClient,
  customCloud,
  type GraphClient,
  type Subscription,
  type TokenSource,
} from '@lifeline/core';
import type { CallRecord, FaultInput, LifecycleEvent } from '@lifeline/emulator';
import { inject } from 'vitest';
import type { EmulatorFixture } from '../vitest-context.js';

/** The `clientState` the worker is configured with (vitest.config.ts). */
export const clientState = 'worker-test-client-state';

/** The main emulator, whose addresses the worker's bindings name. */
export const emulator = (): EmulatorFixture => inject('emulator');

/** Retries `check` until it returns a value, at most `attempts` times. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  attempts = 200,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Calls the emulator's admin API. */
export async function admin<T>(
  fixture: EmulatorFixture,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${fixture.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The emulator's records of subscription calls, filtered by equality. */
export function calls(fixture: EmulatorFixture, filter: Record<string, string>) {
  return admin<CallRecord[]>(fixture, 'GET', `/records/calls?${new URLSearchParams(filter)}`);
}

/** Makes the emulator post a lifecycle event for a subscription to its lifecycle URL. */
export function sendLifecycle(fixture: EmulatorFixture, id: string, event: LifecycleEvent) {
  return admin(fixture, 'POST', '/lifecycle', { subscriptionIds: [id], lifecycleEvent: event });
}

/** Adds a fault rule; see the emulator's `FaultInput`. */
export function addFault(fixture: EmulatorFixture, fault: FaultInput) {
  return admin(fixture, 'POST', '/faults', fault);
}

/** A token source that asks the emulator for a new token each time: no cache to go stale. */
export function freshTokenSource(
  fixture: EmulatorFixture,
  app: { clientId: string; clientSecret: string },
): TokenSource {
  return async ({ scopes }) => {
    const response = await fetch(`${fixture.url}/${fixture.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        scope: scopes.join(' '),
      }),
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    return { token };
  };
}

/** A Graph client on the emulator for the test's own calls. */
export function graphFor(
  fixture: EmulatorFixture,
  app: { clientId: string; clientSecret: string } = fixture.secretApp,
): GraphClient {
  return createGraphClient({
    tokenSource: freshTokenSource(fixture, app),
    cloud: customCloud({ graphUrl: fixture.url, loginUrl: fixture.url }),
  });
}

/**
 * Creates a mail subscription for a user of its own, so that tests never collide on Graph's
 * duplicate check, with the relay as its notification and lifecycle URLs.
 */
export async function createSubscription(
  fixture: EmulatorFixture,
  options: { graph?: GraphClient; expiresInMinutes?: number; now?: Date } = {},
): Promise<Subscription> {
  const now = options.now ?? new Date();
  const relay = inject('relayUrl');
  return (options.graph ?? graphFor(fixture)).create({
    changeType: 'created',
    resource: `users/${crypto.randomUUID()}/messages`,
    notificationUrl: `${relay}/notifications/${crypto.randomUUID()}`,
    lifecycleNotificationUrl: `${relay}/lifecycle`,
    clientState,
    expirationDateTime: new Date(now.getTime() + (options.expiresInMinutes ?? 4320) * 60_000),
  });
}

/** Waits for the relay to receive a lifecycle POST naming the subscription; returns its body. */
export function lifecycleBodyFor(subscriptionId: string): Promise<string> {
  const relay = inject('relayUrl');
  return eventually(async () => {
    const response = await fetch(`${relay}/_relay/lifecycle?contains=${subscriptionId}`);
    const bodies = (await response.json()) as string[];
    return bodies.at(-1);
  }, `a lifecycle notification for ${subscriptionId}`);
}

/** Posts a body to the worker's lifecycle route, as Graph would. */
export function postLifecycle(body: string, query = ''): Promise<Response> {
  return exports.default.fetch(`https://lifeline.example/graph/lifecycle${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

/** The Durable Object that holds a subscription's state. */
export function objectOf(subscriptionId: string) {
  return env.LEDGER.get(env.LEDGER.idFromName(subscriptionId));
}
