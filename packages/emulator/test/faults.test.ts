import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { appToken, type GraphResult, graph } from './helpers.js';

let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ clock: { frozen: true }, seed: { randomSeed: 7 } });
  token = await appToken(emulator);
});
afterEach(() => emulator.admin.reset());
afterAll(() => emulator.close());

const list = () => graph(`${emulator.graphUrl}/v1.0`, 'GET', '/subscriptions', token);

describe('injected faults', () => {
  it('answers 429 with Retry-After and the documented throttling body', async () => {
    await emulator.admin.faults.add({
      path: '/v1.0/subscriptions',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 3,
      times: 1,
    });
    const throttled = await list();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.body.error).toMatchObject({
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      innerError: { code: '429', message: 'Please retry after', status: '429' },
    });
    expect((await list()).status).toBe(200);
    const calls = await emulator.admin.records.calls({ operation: 'list' });
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
  });

  it('answers 503 and 504 for the matching method only', async () => {
    await emulator.admin.faults.add({
      path: '/*/subscriptions/**',
      method: 'POST',
      kind: 'status',
      status: 503,
    });
    await emulator.admin.faults.add({
      path: '/*/subscriptions/**',
      method: 'GET',
      kind: 'status',
      status: 504,
    });
    const post = await graph(
      `${emulator.graphUrl}/v1.0`,
      'POST',
      '/subscriptions/x/reauthorize',
      token,
    );
    expect(post.status).toBe(503);
    expect(post.body.error.code).toBe('serviceNotAvailable');
    expect(
      (await graph(`${emulator.graphUrl}/v1.0`, 'GET', '/subscriptions/x', token)).status,
    ).toBe(504);
    expect(
      (await graph(`${emulator.graphUrl}/v1.0`, 'DELETE', '/subscriptions/x', token)).status,
    ).toBe(404);
  });

  it('drops the connection', async () => {
    await emulator.admin.faults.add({ path: '/v1.0/subscriptions', kind: 'drop', times: 1 });
    await expect(list()).rejects.toThrow(/fetch failed/);
    expect((await list()).status).toBe(200);
  });

  it('adds latency and still answers', async () => {
    const rule = await emulator.admin.faults.add({
      path: '/v1.0/subscriptions',
      kind: 'latency',
      ms: 50,
    });
    expect((await list()).status).toBe(200);
    const [after] = await emulator.admin.faults.list();
    expect(after).toMatchObject({ id: rule.id, hits: 1 });
  });

  it('fails the token endpoint in the Entra ID shape', async () => {
    await emulator.admin.faults.add({
      path: '/*/oauth2/v2.0/token',
      kind: 'status',
      status: 503,
      times: 1,
    });
    await expect(appToken(emulator)).rejects.toThrow(/temporarily_unavailable/);
    await expect(appToken(emulator)).resolves.toBeTypeOf('string');
  });

  it('hits the same requests for the same seed', async () => {
    const pattern = async (target: RunningEmulator, accessToken: string) => {
      await target.admin.faults.clear();
      await target.admin.faults.add({
        path: '/v1.0/subscriptions',
        kind: 'status',
        status: 503,
        rate: 0.5,
      });
      const statuses: number[] = [];
      for (let n = 0; n < 12; n++)
        statuses.push(
          (await graph(`${target.graphUrl}/v1.0`, 'GET', '/subscriptions', accessToken)).status,
        );
      return statuses;
    };
    const twin = await startEmulator({ clock: { frozen: true }, seed: { randomSeed: 7 } });
    try {
      const first = await pattern(emulator, token);
      expect(first).toContain(503);
      expect(first).toContain(200);
      expect(await pattern(twin, await appToken(twin))).toEqual(first);
    } finally {
      await twin.close();
    }
  });
});

describe('subscription service throttling', () => {
  it('allows 25 list calls per app and tenant in 20 s, then 429 until it slides', async () => {
    for (let n = 0; n < 25; n++) expect((await list()).status).toBe(200);
    const throttled = await list();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('20');
    expect(throttled.body.error.message).toBe(
      'Too many requests from Identifier:Emulator under category:' +
        'throttle.aad.ags.subscriptionservice.dc.list. Please try again later.',
    );
    await emulator.admin.clock.advance({ seconds: 20 });
    expect((await list()).status).toBe(200);
  });

  it('counts reauthorize in a bucket of its own', async () => {
    await emulator.admin.settings.update({
      throttling: { limits: { reauthorize: { perAppTenant: 2 } } },
    });
    const reauthorize = () =>
      graph(`${emulator.graphUrl}/v1.0`, 'POST', '/subscriptions/x/reauthorize', token);
    expect((await reauthorize()).status).toBe(404);
    expect((await reauthorize()).status).toBe(404);
    await emulator.admin.clock.advance({ seconds: 5 });
    const throttled = await reauthorize();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('15');
    expect(
      (await graph(`${emulator.graphUrl}/v1.0`, 'GET', '/subscriptions/x', token)).status,
    ).toBe(404);
  });
});

describe('subscription service throttling per app across tenants', () => {
  const v1 = () => `${emulator.graphUrl}/v1.0`;
  const secretApp = () => emulator.apps.secret;

  // A new tenant where the ready app is consented, and the app's token there.
  const tenantWithToken = async () => {
    const { tenantId } = await emulator.admin.tenants.create();
    await emulator.admin.apps.consent(secretApp().clientId, tenantId);
    return { tenantId, token: await appToken(emulator, { tenantId }) };
  };

  // A second app consented in the given tenants, and its token in the first of them.
  const otherAppToken = async (tenantIds: string[]) => {
    const [home, ...more] = tenantIds;
    const { credentials } = await emulator.admin.apps.register({
      secret: true,
      tenantId: home,
      tenants: more,
    });
    return appToken(emulator, { ...credentials, tenantId: home });
  };

  const expectThrottled = (result: GraphResult, category: string, retryAfter: string) => {
    expect(result.status).toBe(429);
    expect(result.headers.get('retry-after')).toBe(retryAfter);
    const bucket = `throttle.aad.ags.subscriptionservice.dc.${category}`;
    const later = 'Please try again later.';
    expect(result.body.error).toEqual({
      code: 'TooManyRequests',
      message: `Too many requests from Identifier:Emulator under category:${bucket}. ${later}`,
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        'request-id': result.headers.get('request-id'),
        'client-request-id': result.headers.get('client-request-id'),
      },
    });
  };

  it('allows 40 list calls per app in 20 seconds across tenants, each under its 25', async () => {
    const second = await tenantWithToken();
    const listWith = (accessToken: string) => graph(v1(), 'GET', '/subscriptions', accessToken);
    for (let n = 0; n < 20; n++) expect((await listWith(token)).status).toBe(200);
    await emulator.admin.clock.advance({ seconds: 5 });
    for (let n = 0; n < 20; n++) expect((await listWith(second.token)).status).toBe(200);

    // Each tenant has used 20 of its 25, but the app has used all 40 of its own; the first 20
    // leave the window 20 seconds after they came, 15 seconds from now.
    expectThrottled(await listWith(token), 'list', '15');
    expectThrottled(await listWith(second.token), 'list', '15');
    const other = await otherAppToken([emulator.tenantId, second.tenantId]);
    expect((await listWith(other)).status).toBe(200);

    const calls = await emulator.admin.records.calls({ operation: 'list' });
    const allowed = calls.filter(
      (call) => call.appId === secretApp().clientId && call.status === 200,
    );
    const allowedIn = (tenantId: string) => allowed.filter((call) => call.tenantId === tenantId);
    expect(allowedIn(emulator.tenantId)).toHaveLength(20);
    expect(allowedIn(second.tenantId)).toHaveLength(20);

    await emulator.admin.clock.advance({ seconds: 15 });
    expect((await listWith(second.token)).status).toBe(200);
  });

  it('applies a lowered per-app write limit to the sum over three tenants', async () => {
    await emulator.admin.settings.update({
      throttling: { limits: { write: { perApp: 5, perAppTenant: 3 } } },
    });
    const second = await tenantWithToken();
    const third = await tenantWithToken();
    const deleteWith = (accessToken: string) =>
      graph(v1(), 'DELETE', '/subscriptions/x', accessToken);

    // Unknown subscriptions answer 404, but every answered write counts.
    for (const accessToken of [token, token])
      expect((await deleteWith(accessToken)).status).toBe(404);
    await emulator.admin.clock.advance({ seconds: 8 });
    for (const accessToken of [second.token, second.token, third.token])
      expect((await deleteWith(accessToken)).status).toBe(404);

    // No tenant has reached its 3, but the app has reached its 5; the first two leave the
    // window in 12 seconds.
    expectThrottled(await deleteWith(third.token), 'write', '12');
    expect((await deleteWith(await otherAppToken([third.tenantId]))).status).toBe(404);
    await emulator.admin.clock.advance({ seconds: 12 });
    expect((await deleteWith(third.token)).status).toBe(404);
  });
});
