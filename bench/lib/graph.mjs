// A Graph client signed in to the emulator with client credentials, and helpers that create
// subscriptions whose lifecycle notifications go to a given URL.
import { createGraphClient, customCloud } from '@lifeline/core';

/** A client-credentials token source over `fetch`, caching the token until shortly before expiry. */
export function secretTokenSource(emulator, app = emulator.apps.secret) {
  let cached;
  return async ({ scopes }) => {
    if (cached && cached.expiresAt > Date.now() + 60_000) return { token: cached.token };
    const response = await fetch(`${emulator.url}/${app.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        scope: scopes.join(' '),
      }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return { token: cached.token };
  };
}

/** A Graph client for the emulator's seeded secret app. */
export function emulatorGraph(emulator, options = {}) {
  return createGraphClient({
    tokenSource: secretTokenSource(emulator),
    cloud: customCloud(emulator.cloud ?? { graphUrl: emulator.url, loginUrl: emulator.url }),
    ...options,
  });
}

/** A fixed, valid user id for subscription number `n`, so runs repeat. */
export function userIdOf(n) {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/**
 * Creates `count` subscriptions to `users/{id}/messages` (application permission Mail.Read) for
 * users `first`, `first + 1`, … whose notification and lifecycle URLs are `url`, `concurrency` at a
 * time, expiring at `expiresAt` (default in six days); returns their ids in order.
 */
export async function createSubscriptions(graph, options) {
  const { count, url, clientState, concurrency = 8, first = 0 } = options;
  const ids = new Array(count);
  let next = 0;
  const expirationDateTime = options.expiresAt ?? new Date(Date.now() + 6 * 24 * 3_600_000);
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const created = await graph.create({
        changeType: 'created',
        resource: `users/${userIdOf(first + n)}/messages`,
        notificationUrl: url,
        lifecycleNotificationUrl: url,
        expirationDateTime,
        clientState,
      });
      ids[n] = created.id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}
