import { customCloud, verifyValidationTokens } from '@lifeline/core';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeTrackingAppId, type RunningEmulator, startEmulator } from '../src/index.js';
import { appToken, graph, inMinutes, messageSubscription } from './helpers.js';
import { type Receiver, startReceiver } from './receiver.js';

let emulator: RunningEmulator;
let receiver: Receiver;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: { frozen: true, start: '2026-04-01T08:00:00Z' },
    // Retries follow the emulator clock; short real-time timeouts keep slow receivers quick.
    settings: { delivery: { timeoutMs: 200, retryTimeoutMs: 200 } },
  });
  receiver = await startReceiver();
  token = await appToken(emulator);
});
afterEach(async () => {
  await emulator.admin.reset();
  emulator.clock.set('2026-04-01T08:00:00Z');
  token = await appToken(emulator);
  receiver.reset();
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

async function subscribe(extra: Record<string, unknown> = {}): Promise<string> {
  const body = messageSubscription(emulator, receiver.url, extra);
  const created = await graph(`${emulator.graphUrl}/v1.0`, 'POST', '/subscriptions', token, body);
  expect(created.status).toBe(201);
  return created.body.id;
}

describe('lifecycle notifications on demand', () => {
  it('posts the documented shape with clientState and a 7-digit timestamp', async () => {
    const id = await subscribe({ expirationDateTime: '2026-04-01T12:34:56.789Z' });
    const [delivery] = await emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await emulator.admin.settle();

    const [notification] = receiver.notifications();
    expect(notification?.url.pathname).toBe('/lifecycle');
    expect(Object.keys(notification?.body.value[0] ?? {})).toEqual([
      'subscriptionId',
      'subscriptionExpirationDateTime',
      'tenantId',
      'clientState',
      'lifecycleEvent',
    ]);
    expect(notification?.body.value[0]).toEqual({
      subscriptionId: id,
      subscriptionExpirationDateTime: '2026-04-01T12:34:56.7890000Z',
      tenantId: emulator.tenantId,
      clientState: 'secret-state',
      lifecycleEvent: 'reauthorizationRequired',
    });
    const [recorded] = await emulator.admin.records.deliveries({ id: delivery?.id ?? 0 });
    expect(recorded).toMatchObject({ state: 'delivered', cause: 'admin', validationTokenCount: 1 });
    expect(recorded?.attempts).toEqual([
      expect.objectContaining({ status: 202, outcome: 'delivered' }),
    ]);
  });

  it('signs one validation token per app and tenant, verifiable against the emulator keys', async () => {
    const ids = [await subscribe(), await subscribe({ resource: 'me/events' })];
    await emulator.admin.lifecycle.send(ids, 'missed');
    await emulator.admin.settle();

    const [notification] = receiver.notifications();
    expect(notification?.body.value.map((item) => item.lifecycleEvent)).toEqual([
      'missed',
      'missed',
    ]);
    const tokens = notification?.body.validationTokens ?? [];
    expect(tokens).toHaveLength(1);

    const keys = createRemoteJWKSet(new URL(`${emulator.loginUrl}/common/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(tokens[0] ?? '', keys, {
      issuer: `${emulator.loginUrl}/${emulator.tenantId}/v2.0`,
      audience: emulator.apps.secret.clientId,
      currentDate: emulator.clock.now(),
    });
    expect(payload).toMatchObject({ azp: changeTrackingAppId, tid: emulator.tenantId, ver: '2.0' });

    const verified = await verifyValidationTokens(tokens, {
      appIds: [emulator.apps.secret.clientId],
      cloud: customCloud(emulator.cloud),
      now: () => emulator.clock.now(),
    });
    expect(verified).toEqual({ ok: true, tenants: [emulator.tenantId] });
  });

  it('removes the subscription after subscriptionRemoved', async () => {
    const id = await subscribe();
    await emulator.admin.lifecycle.send(id, 'subscriptionRemoved');
    await emulator.admin.settle();
    expect(receiver.notifications()[0]?.body.value[0]?.lifecycleEvent).toBe('subscriptionRemoved');
    expect(
      (await graph(`${emulator.graphUrl}/v1.0`, 'GET', `/subscriptions/${id}`, token)).status,
    ).toBe(404);
  });
});

describe('delivery retries', () => {
  it('retries a failed delivery with exponential backoff on the emulator clock', async () => {
    receiver.behaviour.notifications = [{ status: 500 }, { status: 503 }, { status: 202 }];
    const id = await subscribe();
    const [delivery] = await emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await emulator.admin.settle();
    const filter = { id: delivery?.id ?? 0 };
    let [recorded] = await emulator.admin.records.deliveries(filter);
    expect(recorded).toMatchObject({
      state: 'retrying',
      nextAttemptAt: '2026-04-01T08:01:00.000Z',
    });

    await emulator.admin.clock.advance({ minutes: 1 });
    await emulator.admin.settle();
    [recorded] = await emulator.admin.records.deliveries(filter);
    expect(recorded).toMatchObject({
      state: 'retrying',
      nextAttemptAt: '2026-04-01T08:03:00.000Z',
    });

    await emulator.admin.clock.advance({ minutes: 2 });
    await emulator.admin.settle();
    [recorded] = await emulator.admin.records.deliveries(filter);
    expect(recorded?.state).toBe('delivered');
    expect(recorded?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 202]);
    expect(receiver.notifications()).toHaveLength(3);
  });

  it('counts a receiver slower than the timeout as failed, and gives up after the retry window', async () => {
    await emulator.admin.settings.update({ delivery: { retryWindowMs: 5 * 60_000 } });
    receiver.behaviour.notifications = ['hang'];
    const id = await subscribe();
    const [delivery] = await emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    for (const minutes of [0, 1, 2, 4]) {
      await emulator.admin.clock.advance({ minutes });
      await emulator.admin.settle();
    }
    const [recorded] = await emulator.admin.records.deliveries({ id: delivery?.id ?? 0 });
    expect(recorded?.attempts.map((attempt) => attempt.outcome)).toEqual([
      'timeout',
      'timeout',
      'timeout',
    ]);
    expect(recorded?.state).toBe('abandoned');
  });
});

describe('scheduled reauthorizationRequired', () => {
  it('challenges every 15 minutes while the one-hour authorization runs out, on the emulator clock', async () => {
    const id = await subscribe({ expirationDateTime: inMinutes(emulator, 600) });
    await emulator.admin.clock.advance({ minutes: 14 });
    await emulator.admin.settle();
    expect(receiver.notifications()).toHaveLength(0);

    await emulator.admin.clock.advance({ minutes: 61 });
    await emulator.admin.settle();
    const times = (await emulator.admin.records.deliveries({ subscriptionId: id })).map(
      (d) => d.createdAt,
    );
    expect(times).toEqual([
      '2026-04-01T08:15:00.000Z',
      '2026-04-01T08:30:00.000Z',
      '2026-04-01T08:45:00.000Z',
      '2026-04-01T09:00:00.000Z',
    ]);
    expect(
      receiver
        .notifications()
        .every((n) => n.body.value[0]?.lifecycleEvent === 'reauthorizationRequired'),
    ).toBe(true);
  });

  it('starts over after a reauthorize, which does not move the expiry', async () => {
    const id = await subscribe({ expirationDateTime: inMinutes(emulator, 600) });
    await emulator.admin.clock.advance({ minutes: 50 });
    const reauthorized = await graph(
      `${emulator.graphUrl}/v1.0`,
      'POST',
      `/subscriptions/${id}/reauthorize`,
      token,
    );
    expect(reauthorized.status).toBe(204);
    const view = await emulator.admin.subscriptions.get(id);
    expect(view).toMatchObject({
      authorizedUntil: '2026-04-01T09:50:00.000Z',
      expirationDateTime: '2026-04-01T18:00:00.000Z',
    });
    await emulator.admin.clock.advance({ minutes: 15 });
    await emulator.admin.settle();
    const last = (await emulator.admin.records.deliveries({ subscriptionId: id })).at(-1);
    expect(last?.createdAt).toBe('2026-04-01T09:05:00.000Z');
  });
});

describe('revoking a permission', () => {
  it('challenges the affected subscriptions at once, and reauthorize then fails with 403', async () => {
    const id = await subscribe();
    const other = await subscribe({ resource: 'me/events' });
    const appId = emulator.apps.secret.clientId;
    const { deliveries } = await emulator.admin.apps.revoke(appId, { application: ['Mail.Read'] });
    await emulator.admin.settle();

    expect(deliveries.flatMap((d) => d.notifications.map((n) => n.subscriptionId))).toEqual([id]);
    expect(receiver.notifications()[0]?.body.value[0]).toMatchObject({
      subscriptionId: id,
      lifecycleEvent: 'reauthorizationRequired',
    });
    expect(decodeJwt(token).roles).toContain('Mail.Read');

    const refused = await graph(
      `${emulator.graphUrl}/v1.0`,
      'POST',
      `/subscriptions/${id}/reauthorize`,
      token,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /^Operation: Reauthorize; Exception: \[Status Code: Forbidden/,
    );
    const fresh = await appToken(emulator);
    expect(decodeJwt(fresh).roles).not.toContain('Mail.Read');
    expect(
      (
        await graph(
          `${emulator.graphUrl}/v1.0`,
          'POST',
          `/subscriptions/${other}/reauthorize`,
          fresh,
        )
      ).status,
    ).toBe(204);

    await emulator.admin.apps.grant(appId, { application: ['Mail.Read'] });
    expect(
      (await graph(`${emulator.graphUrl}/v1.0`, 'POST', `/subscriptions/${id}/reauthorize`, token))
        .status,
    ).toBe(204);
  });
});
