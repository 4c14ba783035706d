import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGraph, startFakeGraph } from '../../test/fake-graph.js';
import { clientFor, testToken } from '../../test/fake-graph-client.js';
import {
  GraphResponseError,
  LifelineError,
  SubscriptionGoneError,
  TokenSourceError,
} from '../errors.js';
import { createGraphClient } from './client.js';

const id = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';

// The create response from https://learn.microsoft.com/graph/api/subscription-post-subscriptions
const documentedSubscription = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
  id,
  resource: "me/mailFolders('Inbox')/messages",
  applicationId: '24d3b144-21ae-4080-943f-7067b395b913',
  changeType: 'created',
  clientState: 'secretClientValue',
  notificationUrl: 'https://webhook.azurewebsites.net/api/send/myNotifyClient',
  expirationDateTime: '2016-11-20T18:23:45.9356913Z',
  creatorId: '8ee44408-0679-472c-bc2a-692812af3437',
  latestSupportedTlsVersion: 'v1_2',
  notificationContentType: 'application/json',
};

// The CAE example from https://learn.microsoft.com/entra/identity-platform/claims-challenge
const claimsChallenge =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="';

let graph: FakeGraph;
beforeEach(async () => {
  graph = await startFakeGraph();
});
afterEach(async () => {
  await graph.close();
});

async function failure(promise: Promise<unknown>): Promise<LifelineError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(LifelineError.isInstance(error)).toBe(true);
  return error as LifelineError;
}

describe('createGraphClient: success', () => {
  it('reauthorizes with a bodiless POST carrying the token and a client-request-id', async () => {
    graph.respond({ status: 204 });
    const { client, tokenRequests } = clientFor(graph);

    await expect(client.reauthorize(id)).resolves.toBeUndefined();

    const [request] = graph.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/v1.0/subscriptions/${id}/reauthorize`);
    expect(request?.body).toBe('');
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.headers.authorization).toBe(`Bearer ${testToken}`);
    expect(request?.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokenRequests).toEqual([{ scopes: [`${graph.url}/.default`] }]);
  });

  it('renews with a PATCH of the UTC expiry and returns the subscription', async () => {
    graph.respond({ body: documentedSubscription });
    const { client } = clientFor(graph, { version: 'beta' });

    const renewed = await client.renew(id, '2026-12-04T12:00:00+02:00');

    expect(renewed.expirationDateTime).toBe('2016-11-20T18:23:45.9356913Z');
    expect(graph.requests[0]?.method).toBe('PATCH');
    expect(graph.requests[0]?.path).toBe(`/beta/subscriptions/${id}`);
    expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
      expirationDateTime: '2026-12-04T10:00:00.000Z',
    });
  });

  it('creates, gets and deletes with the documented methods', async () => {
    graph.respond({ status: 201, body: documentedSubscription }, { body: documentedSubscription });
    graph.respond({ status: 204 });
    const { client } = clientFor(graph);

    const created = await client.create({
      changeType: 'created',
      notificationUrl: 'https://webhook.azurewebsites.net/api/send/myNotifyClient',
      resource: "me/mailFolders('Inbox')/messages",
      expirationDateTime: '2016-11-20T18:23:45.9356913Z',
      clientState: 'secretClientValue',
    });
    expect(created.id).toBe(id);
    expect((await client.get(id)).notificationContentType).toBe('application/json');
    await client.delete(id);

    const calls = graph.requests.map((request) => `${request.method} ${request.path}`);
    expect(calls).toEqual([
      'POST /v1.0/subscriptions',
      `GET /v1.0/subscriptions/${id}`,
      `DELETE /v1.0/subscriptions/${id}`,
    ]);
    expect(graph.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('lists every page by following @odata.nextLink', async () => {
    const second = { ...documentedSubscription, id: '11111111-2222-4333-8444-555555555555' };
    graph.respond(
      { body: { value: [documentedSubscription], '@odata.nextLink': nextLink('abc') } },
      { body: { value: [second] } },
    );
    const { client } = clientFor(graph);

    const all = await client.list();

    expect(all.map((subscription) => subscription.id)).toEqual([id, second.id]);
    expect(graph.requests.map((request) => request.path)).toEqual([
      '/v1.0/subscriptions',
      '/v1.0/subscriptions?$skiptoken=abc',
    ]);
    expect(graph.requests[1]?.headers.authorization).toBe(`Bearer ${testToken}`);
  });

  it('refuses a nextLink that leaves the Graph host, before sending the token there', async () => {
    graph.respond({
      body: { value: [], '@odata.nextLink': 'https://attacker.example/v1.0/subscriptions?x=1' },
    });
    const { client } = clientFor(graph);

    const error = await failure(client.list());

    expect(error.code).toBe('ERR_INVALID_INPUT');
    expect(graph.requests).toHaveLength(1);
  });

  it('stops a list whose pages link in a circle', async () => {
    const looping = { body: { value: [], '@odata.nextLink': nextLink('same') } };
    graph.respond(looping, looping);
    const { client } = clientFor(graph);

    const error = await failure(client.list());

    expect(error).toBeInstanceOf(GraphResponseError);
    expect(graph.requests).toHaveLength(2);
  });

  it('reads fetch from the global scope when the call is made, not when created', async () => {
    graph.respond({ status: 204 });
    const original = globalThis.fetch;
    const seen: string[] = [];
    const { client } = clientFor(graph, { fetch: undefined });
    globalThis.fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return original(input, init);
    };
    try {
      await client.reauthorize(id);
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual([`${graph.url}/v1.0/subscriptions/${id}/reauthorize`]);
  });
});

function nextLink(token: string): string {
  return `${graph.url}/v1.0/subscriptions?$skiptoken=${token}`;
}

describe('createGraphClient: failures', () => {
  it('turns a 404 on a subscription into SubscriptionGoneError with Graph’s ids', async () => {
    graph.respond({
      status: 404,
      headers: { 'request-id': 'req-1', 'client-request-id': 'client-1' },
      body: {
        error: {
          code: 'ResourceNotFound',
          message: 'The object was not found.',
          innerError: { date: '2023-04-05T08:44:07', 'request-id': 'req-1' },
        },
      },
    });
    const { client } = clientFor(graph);

    const error = await failure(client.renew(id, new Date('2026-12-04T00:00:00Z')));

    expect(error).toBeInstanceOf(SubscriptionGoneError);
    expect(error).toMatchObject({
      code: 'ERR_SUBSCRIPTION_GONE',
      status: 404,
      method: 'PATCH',
      url: `${graph.url}/v1.0/subscriptions/${id}`,
      graphCode: 'ResourceNotFound',
      graphMessage: 'The object was not found.',
      requestId: 'req-1',
      clientRequestId: 'client-1',
      date: '2023-04-05T08:44:07',
      isRetryable: false,
    });
    expect(graph.requests).toHaveLength(1);
  });

  it.each([
    ['an HTML page', '<html><body>Service Unavailable</body></html>', 'text/html'],
    ['an empty body', '', 'application/json'],
    ['truncated JSON', '{"error":{"code":"Forbid', 'application/json'],
    ['JSON of the wrong shape', '{"error":"nope"}', 'application/json'],
  ])('still gives a typed error for %s', async (_name, body, contentType) => {
    graph.respond({
      status: 403,
      headers: { 'content-type': contentType, date: 'Thu, 03 Dec 2026 10:00:00 GMT' },
      body,
    });
    const { client } = clientFor(graph);

    const error = await failure(client.reauthorize(id));

    expect(error).toBeInstanceOf(GraphResponseError);
    expect(error).toMatchObject({
      status: 403,
      graphCode: undefined,
      date: 'Thu, 03 Dec 2026 10:00:00 GMT',
    });
    expect((error as GraphResponseError).body).toBe(body === '' ? undefined : body);
    expect(error.message).toContain('403');
  });

  it('gives a typed error when a 2xx body is not a subscription', async () => {
    graph.respond({ body: '<html>proxy login</html>' });
    const { client } = clientFor(graph);

    const error = await failure(client.get(id));

    expect(error).toBeInstanceOf(GraphResponseError);
    expect(error.message).toContain('not a subscription');
  });

  it('keeps the token out of every message, even when Graph echoes it', async () => {
    graph.respond((request) => ({
      status: 401,
      body: {
        error: {
          code: 'InvalidAuthenticationToken',
          message: `Token ${String(request.headers.authorization)} has expired; raw ${testToken}`,
        },
      },
    }));
    const { client } = clientFor(graph);

    const error = (await failure(client.reauthorize(id))) as GraphResponseError;

    expect(error.status).toBe(401);
    for (const text of [error.message, String(error), error.body ?? '', error.stack ?? '']) {
      expect(text).not.toContain(testToken);
    }
  });

  it('wraps a failing token source in TokenSourceError without sending anything', async () => {
    const cause = new Error('AADSTS7000215: Invalid client secret provided.');
    const { client } = clientFor(graph, {
      tokenSource: async () => {
        throw cause;
      },
    });

    const error = await failure(client.reauthorize(id));

    expect(error).toBeInstanceOf(TokenSourceError);
    expect(error.cause).toBe(cause);
    expect(graph.requests).toHaveLength(0);
  });

  it('refuses a token that is not a header value without showing it', async () => {
    const { client } = clientFor(graph, { tokenSource: async () => ({ token: 'abc\r\ndef' }) });

    const error = await failure(client.reauthorize(id));

    expect(error).toBeInstanceOf(TokenSourceError);
    expect(error.message).not.toContain('abc');
  });

  it('rejects a bad subscription id before asking for a token', async () => {
    const { client, tokenRequests } = clientFor(graph);

    const error = await failure(client.reauthorize('../../users'));

    expect(error.code).toBe('ERR_INVALID_INPUT');
    expect(tokenRequests).toHaveLength(0);
  });

  it('refuses options without a token source', () => {
    expect(() => createGraphClient({} as never)).toThrow(/tokenSource/);
  });
});

describe('createGraphClient: claims challenges', () => {
  it('asks the token source again with the decoded claims and retries once', async () => {
    graph.respond(
      { status: 401, headers: { 'www-authenticate': claimsChallenge } },
      { status: 204 },
    );
    const { client, tokenRequests } = clientFor(graph, { retry: { maxAttempts: 1 } });

    await client.reauthorize(id);

    expect(tokenRequests[1]).toEqual({
      scopes: [`${graph.url}/.default`],
      claims: '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}',
    });
    expect(graph.requests[1]?.headers.authorization).toBe(`Bearer ${testToken}_claims`);
  });

  it('does not follow a second challenge', async () => {
    const challenge = { status: 401, headers: { 'www-authenticate': claimsChallenge } };
    graph.respond(challenge, challenge, { status: 204 });
    const { client, tokenRequests } = clientFor(graph);

    const error = await failure(client.reauthorize(id));

    expect(error).toMatchObject({ status: 401, code: 'ERR_GRAPH_RESPONSE' });
    expect(graph.requests).toHaveLength(2);
    expect(tokenRequests).toHaveLength(2);
  });

  it('treats a 401 without a claims challenge as a plain failure', async () => {
    graph.respond({
      status: 401,
      headers: {
        'www-authenticate':
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
      },
      body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } },
    });
    const { client, tokenRequests } = clientFor(graph);

    const error = await failure(client.reauthorize(id));

    expect(error).toMatchObject({ status: 401, graphCode: 'InvalidAuthenticationToken' });
    expect(tokenRequests).toHaveLength(1);
  });
});
