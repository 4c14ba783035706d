import { ManagedIdentityApplication } from '@azure/msal-node';
import { clouds, createGraphClient, customCloud, InvalidInputError } from '@lifeline/core';
import {
  type NotificationReceiver,
  type RunningEmulator,
  startEmulator,
  startNotificationReceiver,
} from '@lifeline/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MsalTokenSourceError,
  managedIdentityTokenSource,
  tokenSourceFromApplication,
} from '../src/index.js';
import { decodePayload } from './support/jwt.js';
import { recordingTokenSource } from './support/recording-token-source.js';

// msal finds the managed identity endpoint in the environment, as App Service sets it, and the
// emulator serves that endpoint:
// https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
// msal picks the endpoint on its first request and keeps it, and its token cache, for the whole
// process (this file), so every test here talks to the one emulator.
const userAssigned = {
  clientId: '4bd7c1e0-8f3a-4d6e-9c1b-2a3f4e5d6c7b',
  principalId: 'e3b1f7c2-1111-4a4a-8b8b-123456789abc',
};
const variables = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER'] as const;
const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));

let emulator: RunningEmulator;
let systemAssigned: string;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      managedIdentities: [
        { type: 'systemAssigned', applicationPermissions: ['Mail.Read'] },
        { type: 'userAssigned', ...userAssigned, applicationPermissions: ['User.Read.All'] },
      ],
    },
  });
  const { identities } = await emulator.admin.managedIdentities.list();
  systemAssigned =
    identities.find((identity) => identity.type === 'systemAssigned')?.clientId ?? '';
  process.env.IDENTITY_ENDPOINT = emulator.managedIdentity.endpoint;
  process.env.IDENTITY_HEADER = emulator.managedIdentity.identityHeader;
});
afterAll(async () => {
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await emulator.close();
});

function identityRequests() {
  return emulator.admin.records.tokenRequests({ endpoint: 'managed-identity' });
}

describe('managedIdentityTokenSource against the emulator', () => {
  it("asks for the cloud's Graph resource, without /.default, by default", async () => {
    const { token, expiresOn } = await managedIdentityTokenSource({ cloud: clouds.usGovL4 })({
      scopes: [],
    });

    expect((await identityRequests()).at(-1)?.scopes).toEqual(['https://graph.microsoft.us']);
    const claims = decodePayload(token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.us',
      appid: systemAssigned,
      idtyp: 'app',
      roles: ['Mail.Read'],
      xms_cc: ['cp1'],
    });
    // msal counts the lifetime from its own clock, so expiresOn lands within the token's.
    expect(expiresOn?.getTime()).toBeGreaterThan(Number(claims.iat) * 1000);
    expect(expiresOn?.getTime()).toBeLessThanOrEqual(Number(claims.exp) * 1000);
  });

  it('asks for a user-assigned identity by client id', async () => {
    const { token } = await managedIdentityTokenSource({ clientId: userAssigned.clientId })({
      scopes: ['https://graph.microsoft.com/.default'],
    });

    const asked = (await identityRequests()).at(-1);
    expect(asked).toMatchObject({ clientId: userAssigned.clientId, clientCapabilities: ['cp1'] });
    expect(decodePayload(token)).toMatchObject({
      appid: userAssigned.clientId,
      oid: userAssigned.principalId,
      roles: ['User.Read.All'],
    });
  });

  it('passes a claims challenge through instead of answering from the cache', async () => {
    const tokenSource = managedIdentityTokenSource({ objectId: userAssigned.principalId });
    const first = await tokenSource({ scopes: [] });
    const asked = (await identityRequests()).length;

    const cached = await tokenSource({ scopes: [] });
    const fresh = await tokenSource({
      scopes: [],
      claims: '{"access_token":{"nbf":{"essential":true}}}',
    });

    expect(cached.token).toBe(first.token);
    expect(fresh.token).not.toBe(first.token);
    expect(decodePayload(fresh.token).oid).toBe(userAssigned.principalId);
    expect((await identityRequests()).length).toBe(asked + 1);
  });

  it('fails an identity the host lacks with the status and message of the endpoint', async () => {
    const unknown = managedIdentityTokenSource({
      clientId: '00000000-0000-4000-8000-000000000001',
    });

    const error = await unknown({ scopes: [] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(MsalTokenSourceError);
    expect((error as MsalTokenSourceError).status).toBe(400);
    expect((error as MsalTokenSourceError).message).toContain(
      'Unable to load the proper Managed Identity.',
    );
  });

  it('rejects two identity ids, and a request for two scopes', async () => {
    expect(() => managedIdentityTokenSource({ clientId: 'a', objectId: 'b' })).toThrow(
      InvalidInputError,
    );
    const twoScopes = managedIdentityTokenSource()({ scopes: ['https://a/.default', 'https://b'] });

    await expect(twoScopes).rejects.toThrow(/exactly one resource/);
  });

  it('wraps an application built by the caller', async () => {
    const app = new ManagedIdentityApplication({ clientCapabilities: ['CP1'] });

    const { token } = await tokenSourceFromApplication(app)({ scopes: [] });

    expect(app.getManagedIdentitySource()).toBe('AppService');
    expect(decodePayload(token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      appid: systemAssigned,
    });
  });
});

describe("core's Graph client with a managed identity, against the emulator", () => {
  let receiver: NotificationReceiver;

  beforeAll(async () => {
    receiver = await startNotificationReceiver();
  });
  afterAll(() => receiver.close());

  it("creates and reauthorizes a subscription owned by the identity's app", async () => {
    const cloud = customCloud(emulator.cloud);
    const graph = createGraphClient({ tokenSource: managedIdentityTokenSource({ cloud }), cloud });

    const created = await graph.create({
      resource: "users/0f1e2d3c-aaaa-bbbb-cccc-000000000001/mailFolders('Inbox')/messages",
      changeType: 'created',
      notificationUrl: receiver.url,
      expirationDateTime: new Date(emulator.clock.now().getTime() + 3_600_000).toISOString(),
      clientState: 'managed-identity-test',
    });
    await graph.reauthorize(created.id);

    expect((await emulator.admin.subscriptions.get(created.id)).appId).toBe(systemAssigned);
    const calls = await emulator.admin.records.calls({ subscriptionId: created.id });
    expect(calls.map((call) => [call.operation, call.appId, call.status])).toEqual([
      ['create', systemAssigned, 201],
      ['reauthorize', systemAssigned, 204],
    ]);
  });

  it('recovers from a revoked token: the claims challenge reaches the endpoint', async () => {
    const cloud = customCloud(emulator.cloud);
    const { tokenSource, tokens } = recordingTokenSource(managedIdentityTokenSource({ cloud }));
    const graph = createGraphClient({ tokenSource, cloud });
    await graph.list();

    await emulator.admin.tokens.revoke({ token: tokens[0] });
    await graph.list();

    expect(tokens).toHaveLength(3);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });
});
