import {
  Client,
  type Context as GraphContext,
  HTTPMessageHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { appToken, graph, inMinutes, messageSubscription } from './helpers.js';
import { type Receiver, startReceiver } from './receiver.js';

let emulator: RunningEmulator;
let receiver: Receiver;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ clock: { frozen: true, start: '2026-03-01T10:00:00Z' } });
  receiver = await startReceiver();
  token = await appToken(emulator);
});
afterEach(async () => {
  await emulator.admin.reset();
  emulator.clock.set('2026-03-01T10:00:00Z');
  token = await appToken(emulator);
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const v1 = () => `${emulator.graphUrl}/v1.0`;

// microsoft-graph-client attaches tokens only to https hosts, so over the emulator's plain http
// the bearer token comes from a middleware of its own, ahead of the library's HTTP handler.
function graphClient(accessToken: string): Client {
  const authentication: Middleware & { next?: Middleware } = {
    async execute(context: GraphContext) {
      const headers = new Headers(context.options?.headers as HeadersInit);
      headers.set('Authorization', `Bearer ${accessToken}`);
      context.options = { ...context.options, headers: Object.fromEntries(headers) };
      await this.next?.execute(context);
    },
    setNext(next: Middleware) {
      this.next = next;
    },
  };
  authentication.setNext?.(new HTTPMessageHandler());
  return Client.initWithMiddleware({ baseUrl: emulator.graphUrl, middleware: authentication });
}

describe('subscriptions through @microsoft/microsoft-graph-client', () => {
  it('creates, lists and reauthorizes a subscription', async () => {
    const client = graphClient(token);
    const created = await client
      .api('/subscriptions')
      .post(messageSubscription(emulator, receiver.url));
    expect(created).toMatchObject({
      '@odata.context': `${emulator.graphUrl}/v1.0/$metadata#subscriptions/$entity`,
      applicationId: emulator.apps.secret.clientId,
      changeType: 'created',
      clientState: 'secret-state',
      expirationDateTime: '2026-03-01T12:00:00.0000000Z',
      notificationContentType: 'application/json',
      latestSupportedTlsVersion: 'v1_2',
    });

    const listed = await client.api('/subscriptions').get();
    expect(listed['@odata.context']).toBe(`${emulator.graphUrl}/v1.0/$metadata#subscriptions`);
    expect(listed.value).toEqual([expect.objectContaining({ id: created.id, clientState: null })]);

    await client.api(`/subscriptions/${created.id}/reauthorize`).post(undefined);
    const calls = await emulator.admin.records.calls({
      subscriptionId: created.id,
      operation: 'reauthorize',
    });
    expect(calls).toEqual([expect.objectContaining({ status: 204, appId: created.applicationId })]);
    const after = await client.api(`/subscriptions/${created.id}`).get();
    expect(after.expirationDateTime).toBe(created.expirationDateTime);
  });

  it('serves beta the same way', async () => {
    const created = await graph(
      emulator.graphUrl,
      'POST',
      '/beta/subscriptions',
      token,
      messageSubscription(emulator, receiver.url),
    );
    expect(created.status).toBe(201);
    expect(created.body['@odata.context']).toBe(
      `${emulator.graphUrl}/beta/$metadata#subscriptions/$entity`,
    );
  });
});

describe('create', () => {
  it('raises an expiration under 45 minutes to 45 minutes from now', async () => {
    const body = messageSubscription(emulator, receiver.url, {
      expirationDateTime: inMinutes(emulator, 5),
    });
    const created = await graph(v1(), 'POST', '/subscriptions', token, body);
    expect(created.body.expirationDateTime).toBe('2026-03-01T10:45:00.0000000Z');
  });

  it('refuses an Outlook expiration beyond 10,070 minutes with the observed message', async () => {
    const body = messageSubscription(emulator, receiver.url, {
      expirationDateTime: inMinutes(emulator, 10_080),
    });
    const refused = await graph(v1(), 'POST', '/subscriptions', token, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'ExtensionError',
      message: 'Subscription expiration can only be 10070 minutes in the future.',
    });
  });

  it('refuses a Teams expiration beyond three days with a TimeSpan message', async () => {
    const body = messageSubscription(emulator, receiver.url, {
      resource: '/teams/t-1/channels/c-1/messages',
      expirationDateTime: inMinutes(emulator, 4330),
    });
    const refused = await graph(v1(), 'POST', '/subscriptions', token, body);
    expect(refused.body.error.message).toBe(
      "Operation: Create; Exception: [Status Code: BadRequest; Reason: Expiration time '03/04/2026 10:10:00 +00:00' ('3.00:10:00' from now) is beyond allowed max '3.00:00:00'.]",
    );
  });

  it('requires a lifecycle URL for Teams resources beyond one hour', async () => {
    const body = messageSubscription(emulator, receiver.url, {
      resource: '/chats/19:abc@thread.v2/messages',
      lifecycleNotificationUrl: undefined,
    });
    const refused = await graph(v1(), 'POST', '/subscriptions', token, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^lifecycleNotificationUrl is a required property/);
    const short = { ...body, expirationDateTime: inMinutes(emulator, 60) };
    expect((await graph(v1(), 'POST', '/subscriptions', token, short)).status).toBe(201);
  });

  it('answers 409 for the same changeType and resource from the same app', async () => {
    const body = messageSubscription(emulator, receiver.url);
    const first = await graph(v1(), 'POST', '/subscriptions', token, body);
    const second = await graph(v1(), 'POST', '/subscriptions', token, body);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(
      `Subscription Id ${first.body.id} already exists for the requested combination`,
    );
  });

  it('enforces the per-app-per-tenant quota of user subscriptions, and a general one', async () => {
    await emulator.admin.settings.update({ quotas: { userAndGroup: { perAppTenant: 2 } } });
    const create = (n: number, resource = `users/u-${n}`) =>
      graph(
        v1(),
        'POST',
        '/subscriptions',
        token,
        messageSubscription(emulator, receiver.url, { resource, changeType: 'updated' }),
      );
    expect((await create(1)).status).toBe(201);
    expect((await create(2)).status).toBe(201);
    const refused = await create(3);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'ExtensionError',
      message:
        'Operation: Create; Exception: [Status Code: Forbidden; Reason: Number of subscriptions on item has exceeded limit]',
    });
    expect((await create(4, 'groups/g-1')).status).toBe(403);

    await emulator.admin.settings.update({ quotas: { perAppTenant: 2 } });
    expect((await create(5, 'me/events')).status).toBe(403);
  });

  it('refuses what the permission table does not allow', async () => {
    const appId = emulator.apps.secret.clientId;
    const personal = await emulator.admin.tokens.mintDelegated({
      appId,
      scopes: ['Chat.Read'],
      account: 'personal',
    });
    const chats = messageSubscription(emulator, receiver.url, {
      resource: '/chats/19:x@thread.v2/messages',
      expirationDateTime: inMinutes(emulator, 50),
    });
    const refused = await graph(v1(), 'POST', '/subscriptions', personal.accessToken, chats);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ExtensionError');
    expect(refused.body.error.message).toMatch(
      /^Operation: Create; Exception: \[Status Code: Forbidden; Reason: Caller does not have access/,
    );

    const presence = messageSubscription(emulator, receiver.url, {
      resource: '/communications/presences/u-1',
      expirationDateTime: inMinutes(emulator, 50),
    });
    expect((await graph(v1(), 'POST', '/subscriptions', token, presence)).status).toBe(403);
  });

  it('reports body problems with Graph codes', async () => {
    const missing = await graph(v1(), 'POST', '/subscriptions', token, { changeType: 'created' });
    expect(missing.body.error).toMatchObject({ code: 'InvalidRequest' });
    const long = messageSubscription(emulator, receiver.url, { clientState: 'x'.repeat(129) });
    expect((await graph(v1(), 'POST', '/subscriptions', token, long)).status).toBe(400);
    const notJson = await fetch(`${v1()}/subscriptions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: '{',
    });
    expect((await notJson.json()).error.code).toBe('BadRequest');
  });
});

describe('get, renew, delete', () => {
  async function created(extra: Record<string, unknown> = {}) {
    const response = await graph(
      v1(),
      'POST',
      '/subscriptions',
      token,
      messageSubscription(emulator, receiver.url, extra),
    );
    return response.body.id as string;
  }

  it('renews with PATCH, and refuses a PATCH without the required property', async () => {
    const id = await created();
    const renewed = await graph(v1(), 'PATCH', `/subscriptions/${id}`, token, {
      expirationDateTime: inMinutes(emulator, 600),
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expirationDateTime).toBe('2026-03-01T20:00:00.0000000Z');

    const empty = await graph(v1(), 'PATCH', `/subscriptions/${id}`, token, { clientState: 'x' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe(
      "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.",
    );
  });

  it('marks a reauthorize within 10 minutes of a renew in the call records', async () => {
    const id = await created();
    const renew = { expirationDateTime: inMinutes(emulator, 600) };
    await graph(v1(), 'PATCH', `/subscriptions/${id}`, token, renew);
    await emulator.admin.clock.advance({ minutes: 9 });
    await graph(v1(), 'POST', `/subscriptions/${id}/reauthorize`, token);
    await emulator.admin.clock.advance({ minutes: 11 });
    await graph(v1(), 'POST', `/subscriptions/${id}/reauthorize`, token);
    const calls = await emulator.admin.records.calls({ subscriptionId: id });
    expect(calls.map((call) => [call.operation, call.warning])).toEqual([
      ['create', null],
      ['renew', null],
      ['reauthorize', 'reauthorize-and-renew-within-10-minutes'],
      ['reauthorize', null],
    ]);
  });

  it('deletes with 204, after which every call on the id is a 404', async () => {
    const id = await created();
    expect((await graph(v1(), 'DELETE', `/subscriptions/${id}`, token)).status).toBe(204);
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/reauthorize'],
    ] as const) {
      const body =
        method === 'PATCH' ? { expirationDateTime: inMinutes(emulator, 600) } : undefined;
      const gone = await graph(v1(), method, `/subscriptions/${id}${path}`, token, body);
      expect(gone.status).toBe(404);
    }
  });

  it('removes a subscription when the emulator clock passes its expiry', async () => {
    const id = await created({ expirationDateTime: inMinutes(emulator, 60) });
    await emulator.admin.clock.advance({ minutes: 59 });
    expect((await graph(v1(), 'GET', `/subscriptions/${id}`, token)).status).toBe(200);
    await emulator.admin.clock.advance({ minutes: 2 });
    expect((await graph(v1(), 'POST', `/subscriptions/${id}/reauthorize`, token)).status).toBe(404);
    await expect(emulator.admin.subscriptions.get(id)).rejects.toThrow(
      /expired at 2026-03-01T11:00:00.000Z/,
    );
  });

  it('hides subscriptions of other apps', async () => {
    const id = await created();
    const other = await emulator.admin.apps.register({
      secret: true,
      applicationPermissions: ['Mail.Read'],
    });
    const otherToken = await appToken(emulator, {
      clientId: other.credentials.clientId,
      clientSecret: other.credentials.clientSecret,
    });
    expect((await graph(v1(), 'GET', `/subscriptions/${id}`, otherToken)).status).toBe(404);
    expect((await graph(v1(), 'GET', '/subscriptions', otherToken)).body.value).toEqual([]);
  });
});

describe('list paging', () => {
  it('pages with @odata.nextLink', async () => {
    await emulator.admin.settings.update({ listPageSize: 2 });
    for (const n of [1, 2, 3]) {
      await graph(
        v1(),
        'POST',
        '/subscriptions',
        token,
        messageSubscription(emulator, receiver.url, { resource: `users/u-${n}/messages` }),
      );
    }
    const first = await graph(v1(), 'GET', '/subscriptions', token);
    expect(first.body.value).toHaveLength(2);
    const next = first.body['@odata.nextLink'] as string;
    expect(next).toMatch(/\/v1\.0\/subscriptions\?\$skiptoken=/);
    const second = await graph(next, 'GET', '', token);
    expect(second.body.value).toHaveLength(1);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    const ids = [...first.body.value, ...second.body.value].map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('Graph response headers and error shapes', () => {
  it('echoes client-request-id, adds request-id, and dates innerError without Z', async () => {
    const response = await graph(
      v1(),
      'GET',
      '/subscriptions/00000000-0000-0000-0000-000000000000',
      token,
      undefined,
      {
        'client-request-id': 'caller-id-1',
      },
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('client-request-id')).toBe('caller-id-1');
    const requestId = response.headers.get('request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.error.innerError).toEqual({
      date: '2026-03-01T10:00:00',
      'request-id': requestId,
      'client-request-id': 'caller-id-1',
    });
  });

  it('answers a missing or bad token with 401 InvalidAuthenticationToken and WWW-Authenticate', async () => {
    const none = await graph(v1(), 'GET', '/subscriptions', undefined);
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
    expect(none.headers.get('www-authenticate')).toContain(
      'client_id="00000003-0000-0000-c000-000000000000"',
    );
    const junk = await graph(v1(), 'GET', '/subscriptions', 'junk');
    expect(junk.body.error.message).toBe('CompactToken parsing failed with error code: 80049217');
  });

  it('answers an expired token after the emulator clock moves past it', async () => {
    const early = await appToken(emulator);
    await emulator.admin.clock.advance({ minutes: 70 });
    const expired = await graph(v1(), 'GET', '/subscriptions', early);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toBe('Access token has expired or is not yet valid.');
  });
});
