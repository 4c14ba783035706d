import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { appToken, graph } from './helpers.js';

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
  it('allows 25 list calls per app per tenant in 20 seconds, then 429 until the window slides', async () => {
    for (let n = 0; n < 25; n++) expect((await list()).status).toBe(200);
    const throttled = await list();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('20');
    expect(throttled.body.error.message).toBe(
      'Too many requests from Identifier:Emulator under category:throttle.aad.ags.subscriptionservice.dc.list. Please try again later.',
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
