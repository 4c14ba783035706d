import { describe, expect, it } from 'vitest';
import { clouds, customCloud } from '../clouds.js';
import { InvalidInputError } from '../errors.js';
import {
  buildCreateSubscriptionRequest,
  buildDeleteSubscriptionRequest,
  buildGetSubscriptionRequest,
  buildListSubscriptionsRequest,
  buildReauthorizeRequest,
  buildRenewRequest,
} from './builders.js';
import type { SubscriptionCreateInput } from './subscription.js';

const subscriptionId = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';
const clientRequestId = '0f6f4c8e-8b5e-4d7a-9a61-2f1d3c4b5a69';

function invalidField(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).field;
  }
  throw new Error('expected an InvalidInputError');
}

describe('buildReauthorizeRequest', () => {
  it.each([
    ['global', 'https://graph.microsoft.com'],
    ['usGovL4', 'https://graph.microsoft.us'],
    ['usGovL5', 'https://dod-graph.microsoft.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn'],
  ] as const)('posts to the documented URL in the %s cloud', (name, host) => {
    const request = buildReauthorizeRequest({ subscriptionId, cloud: clouds[name] });
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${host}/v1.0/subscriptions/${subscriptionId}/reauthorize`);
  });

  it('uses beta and a custom cloud with a path when asked', () => {
    const cloud = customCloud({ graphUrl: 'http://127.0.0.1:8080/graph/', loginUrl: 'http://x' });
    const request = buildReauthorizeRequest({ subscriptionId, cloud, version: 'beta' });
    expect(request.url).toBe(
      `http://127.0.0.1:8080/graph/beta/subscriptions/${subscriptionId}/reauthorize`,
    );
  });

  it('sends no body, no content-type and no Authorization', async () => {
    const request = buildReauthorizeRequest({ subscriptionId, clientRequestId });
    expect(await request.text()).toBe('');
    expect(request.headers.get('content-type')).toBeNull();
    expect(request.headers.get('authorization')).toBeNull();
    expect(request.headers.get('client-request-id')).toBe(clientRequestId);
  });

  it('gives each request a fresh random client-request-id', () => {
    const first = buildReauthorizeRequest({ subscriptionId }).headers.get('client-request-id');
    const second = buildReauthorizeRequest({ subscriptionId }).headers.get('client-request-id');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it.each([
    ['empty', ''],
    ['path traversal', '../../users'],
    ['an encoded slash', `${subscriptionId}%2Freauthorize`],
    ['over-long', `${subscriptionId}${'0'.repeat(5000)}`],
    ['not a GUID', 'not-a-guid'],
    ['a GUID with a suffix', `${subscriptionId}/x`],
    ['a non-string', 42],
  ])('refuses a subscription id that is %s', (_name, value) => {
    const field = invalidField(() => buildReauthorizeRequest({ subscriptionId: value as string }));
    expect(field).toBe('subscriptionId');
  });

  it('keeps an over-long id out of the message', () => {
    const long = 'x'.repeat(10_000);
    expect(() => buildReauthorizeRequest({ subscriptionId: long })).toThrow(
      /^subscriptionId: "x{64}…"/,
    );
  });

  it('refuses an unknown version, a bad cloud and a non-GUID client-request-id', () => {
    const version = 'v2.0' as 'beta';
    expect(invalidField(() => buildReauthorizeRequest({ subscriptionId, version }))).toBe(
      'version',
    );
    const cloud = { name: 'x', graphUrl: 'graph.microsoft.com', loginUrl: '' };
    expect(invalidField(() => buildReauthorizeRequest({ subscriptionId, cloud }))).toBe('cloud');
    const badId = 'abc\r\nx-injected: 1';
    expect(
      invalidField(() => buildReauthorizeRequest({ subscriptionId, clientRequestId: badId })),
    ).toBe('clientRequestId');
  });
});

describe('buildRenewRequest', () => {
  it('patches the subscription with Graph’s UTC timestamp', async () => {
    const request = buildRenewRequest({
      subscriptionId,
      expirationDateTime: '2026-11-20T18:23:45.9356913-05:30',
    });
    expect(request.method).toBe('PATCH');
    expect(request.url).toBe(`https://graph.microsoft.com/v1.0/subscriptions/${subscriptionId}`);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ expirationDateTime: '2026-11-20T23:53:45.935Z' });
  });

  it('accepts a Date', async () => {
    const expirationDateTime = new Date(Date.UTC(2026, 11, 4, 8, 30));
    const request = buildRenewRequest({ subscriptionId, expirationDateTime });
    expect(await request.json()).toEqual({ expirationDateTime: '2026-12-04T08:30:00.000Z' });
  });

  it.each([
    ['no offset', '2026-12-04T08:30:00'],
    ['a date only', '2026-12-04'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['hour 24', '2026-12-04T24:00:00Z'],
    ['words', 'tomorrow'],
    ['an invalid Date', new Date(Number.NaN)],
    ['a number', 1_764_000_000_000],
  ])('refuses a timestamp with %s', (_name, value) => {
    const build = () =>
      buildRenewRequest({ subscriptionId, expirationDateTime: value as unknown as string });
    expect(invalidField(build)).toBe('expirationDateTime');
  });
});

describe('get, delete and list', () => {
  it('use the documented methods and URLs', () => {
    const get = buildGetSubscriptionRequest({ subscriptionId, cloud: clouds.china });
    expect(`${get.method} ${get.url}`).toBe(
      `GET https://microsoftgraph.chinacloudapi.cn/v1.0/subscriptions/${subscriptionId}`,
    );
    const remove = buildDeleteSubscriptionRequest({ subscriptionId, version: 'beta' });
    expect(`${remove.method} ${remove.url}`).toBe(
      `DELETE https://graph.microsoft.com/beta/subscriptions/${subscriptionId}`,
    );
    const list = buildListSubscriptionsRequest();
    expect(`${list.method} ${list.url}`).toBe('GET https://graph.microsoft.com/v1.0/subscriptions');
  });

  it('follows a nextLink only within the same collection', () => {
    const nextLink = 'https://graph.microsoft.com/v1.0/subscriptions?$skiptoken=abc';
    expect(buildListSubscriptionsRequest({ nextLink }).url).toBe(nextLink);
    for (const elsewhere of [
      'https://graph.microsoft.us/v1.0/subscriptions?$skiptoken=abc',
      'https://evil.example/v1.0/subscriptions?$skiptoken=abc',
      'https://graph.microsoft.com/v1.0/users?$skiptoken=abc',
      'https://graph.microsoft.com/beta/subscriptions?$skiptoken=abc',
      'https://graph.microsoft.com/v1.0/subscriptions/../users',
      'https://user:pass@graph.microsoft.com/v1.0/subscriptions',
      'http://graph.microsoft.com/v1.0/subscriptions',
      '/v1.0/subscriptions?$skiptoken=abc',
    ]) {
      expect(invalidField(() => buildListSubscriptionsRequest({ nextLink: elsewhere }))).toBe(
        'nextLink',
      );
    }
  });
});

describe('buildCreateSubscriptionRequest', () => {
  // The create example from https://learn.microsoft.com/graph/api/subscription-post-subscriptions
  const documented: SubscriptionCreateInput = {
    changeType: 'created',
    notificationUrl: 'https://webhook.azurewebsites.net/api/send/myNotifyClient',
    resource: "me/mailFolders('Inbox')/messages",
    expirationDateTime: '2016-11-20T18:23:45.9356913Z',
    clientState: 'secretClientValue',
    latestSupportedTlsVersion: 'v1_2',
  };

  it('posts the documented body to the collection', async () => {
    const request = buildCreateSubscriptionRequest({ subscription: documented });
    expect(`${request.method} ${request.url}`).toBe(
      'POST https://graph.microsoft.com/v1.0/subscriptions',
    );
    expect(await request.json()).toEqual({
      ...documented,
      expirationDateTime: '2016-11-20T18:23:45.935Z',
    });
  });

  it('sends only the properties Graph accepts, and the encryption pair with resource data', async () => {
    const subscription = {
      ...documented,
      lifecycleNotificationUrl: 'https://webhook.example/lifecycle',
      includeResourceData: true,
      encryptionCertificate: 'MIIB',
      encryptionCertificateId: 'cert-1',
      somethingElse: 'dropped',
    };
    const body = await buildCreateSubscriptionRequest({ subscription }).json();
    expect(body).not.toHaveProperty('somethingElse');
    expect(body).toMatchObject({ includeResourceData: true, encryptionCertificateId: 'cert-1' });
  });

  it('lets http through only for loopback hosts, as a local emulator uses', () => {
    const subscription = { ...documented, notificationUrl: 'http://127.0.0.1:3000/notify' };
    expect(() => buildCreateSubscriptionRequest({ subscription })).not.toThrow();
  });

  it.each<[string, Partial<Record<keyof SubscriptionCreateInput, unknown>>, string]>([
    ['a missing changeType', { changeType: undefined }, 'changeType'],
    ['an unknown changeType', { changeType: 'created,renamed' }, 'changeType'],
    ['an http notificationUrl', { notificationUrl: 'http://webhook.example/x' }, 'notificationUrl'],
    ['a relative notificationUrl', { notificationUrl: '/api/notify' }, 'notificationUrl'],
    [
      'a long notificationUrl',
      { notificationUrl: `https://a.example/${'x'.repeat(3000)}` },
      'notificationUrl',
    ],
    [
      'an http lifecycle URL',
      { lifecycleNotificationUrl: 'http://x.example' },
      'lifecycleNotificationUrl',
    ],
    ['an empty resource', { resource: '' }, 'resource'],
    ['a blank resource', { resource: '   ' }, 'resource'],
    ['an absolute resource', { resource: 'https://graph.microsoft.com/v1.0/users' }, 'resource'],
    ['a missing expiry', { expirationDateTime: undefined }, 'expirationDateTime'],
    ['a 129-character clientState', { clientState: 'x'.repeat(129) }, 'clientState'],
    ['an empty clientState', { clientState: '' }, 'clientState'],
    ['an unknown TLS version', { latestSupportedTlsVersion: 'v2_0' }, 'latestSupportedTlsVersion'],
    ['resource data without a certificate', { includeResourceData: true }, 'encryptionCertificate'],
    ['a non-GUID notificationUrlAppId', { notificationUrlAppId: 'app' }, 'notificationUrlAppId'],
  ])('refuses %s', (_name, change, field) => {
    const subscription = { ...documented, ...change } as SubscriptionCreateInput;
    expect(invalidField(() => buildCreateSubscriptionRequest({ subscription }))).toBe(field);
  });

  it('never shows the clientState in an error', () => {
    const clientState = `secret-${'s'.repeat(200)}`;
    const subscription = { ...documented, clientState };
    expect(() => buildCreateSubscriptionRequest({ subscription })).toThrow(/at most 128/);
    expect(() => buildCreateSubscriptionRequest({ subscription })).not.toThrow(/secret/);
  });

  it('accepts a clientState of exactly 128 characters', () => {
    const subscription = { ...documented, clientState: 'x'.repeat(128) };
    expect(() => buildCreateSubscriptionRequest({ subscription })).not.toThrow();
  });
});
