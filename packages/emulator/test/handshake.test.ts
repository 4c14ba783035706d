import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { appToken, graph, messageSubscription } from './helpers.js';
import { type Receiver, startReceiver } from './receiver.js';

let emulator: RunningEmulator;
let receiver: Receiver;
let token: string;

beforeAll(async () => {
  // A short handshake timeout keeps the timeout case fast; Graph waits 10 seconds.
  emulator = await startEmulator({
    clock: { frozen: true },
    settings: { handshakeTimeoutMs: 300 },
  });
  receiver = await startReceiver();
  token = await appToken(emulator);
});
afterEach(async () => {
  await emulator.admin.reset();
  receiver.reset();
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const create = (extra: Record<string, unknown> = {}) =>
  graph(
    `${emulator.graphUrl}/v1.0`,
    'POST',
    '/subscriptions',
    token,
    messageSubscription(emulator, receiver.url, extra),
  );

describe('the validation handshake', () => {
  it('posts a form-encoded opaque token as text/plain to both URLs, twice for one URL', async () => {
    const same = `${receiver.url}/hook?tenant=contoso`;
    const created = await create({ notificationUrl: same, lifecycleNotificationUrl: same });
    expect(created.status).toBe(201);

    expect(receiver.requests).toHaveLength(2);
    for (const request of receiver.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(request.url.pathname).toBe('/hook');
      expect(request.url.searchParams.get('tenant')).toBe('contoso');
      expect(request.url.search).toMatch(
        /validationToken=Validation%3a\+Testing\+client\+application\+reachability/,
      );
      expect(request.url.searchParams.get('validationToken')).toMatch(
        /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/,
      );
    }
    const handshakes = await emulator.admin.records.handshakes();
    expect(handshakes.map((h) => [h.purpose, h.outcome])).toEqual([
      ['notificationUrl', 'validated'],
      ['lifecycleNotificationUrl', 'validated'],
    ]);
  });

  it('fails creation with 400 when the endpoint answers 404', async () => {
    receiver.behaviour.handshake = { status: 404 };
    const refused = await create();
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'InvalidRequest',
      message: "Subscription validation request failed. HTTP 'NotFound'",
    });
    expect(await emulator.admin.subscriptions.list()).toEqual([]);
  });

  it('fails creation when the endpoint echoes something else, such as the encoded token', async () => {
    receiver.behaviour.handshake = { status: 200, body: 'Validation%3a+Testing' };
    const refused = await create();
    expect(refused.body.error.message).toBe(
      'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
    );
    const [handshake] = await emulator.admin.records.handshakes();
    expect(handshake?.outcome).toBe('body');
  });

  it('fails creation when the endpoint does not answer in time', async () => {
    receiver.behaviour.handshake = 'hang';
    const refused = await create();
    expect(refused.status).toBe(400);
    const [handshake] = await emulator.admin.records.handshakes();
    expect(handshake).toMatchObject({ outcome: 'timeout', status: null });
  });

  it('validates the lifecycle URL too', async () => {
    const refused = await create({
      lifecycleNotificationUrl: 'http://127.0.0.1:9/nothing-listens',
    });
    expect(refused.status).toBe(400);
    const outcomes = (await emulator.admin.records.handshakes()).map((h) => h.outcome);
    expect(outcomes).toEqual(['validated', 'network']);
  });

  it('takes http only on loopback hosts, and only while that setting allows it', async () => {
    const remote = await create({ notificationUrl: 'http://example.com/hook' });
    expect(remote.body.error.message).toBe('notificationUrl must be an https URL.');
    await emulator.admin.settings.update({ allowHttpLoopback: false });
    expect((await create()).status).toBe(400);
    expect(receiver.requests).toHaveLength(0);
  });

  it('validates a new notificationUrl on PATCH', async () => {
    const created = await create();
    receiver.behaviour.handshake = { status: 500 };
    const patched = await graph(
      `${emulator.graphUrl}/v1.0`,
      'PATCH',
      `/subscriptions/${created.body.id}`,
      token,
      {
        notificationUrl: `${receiver.url}/elsewhere`,
      },
    );
    expect(patched.status).toBe(400);
  });
});
