import { ManagedIdentityApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorAdminError, type RunningEmulator, startEmulator } from '../src/index.js';
import { graph, messageSubscription } from './helpers.js';
import { type Receiver, startReceiver } from './receiver.js';

// App Service's managed identity endpoint, as msal-node and the Azure SDKs call it:
// https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
const system = {
  clientId: '2c4e6a8b-1d3f-4a5b-8c7d-9e0f1a2b3c4d',
  principalId: 'a1b2c3d4-0000-4e5f-8a9b-0c1d2e3f4a5b',
};
const userAssigned = {
  clientId: '5E29463D-71DA-4FE0-8E69-999B57DB23B0',
  principalId: 'b2c3d4e5-1111-4f60-9bac-1d2e3f4a5b6c',
  resourceId:
    '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/' +
    'Microsoft.ManagedIdentity/userAssignedIdentities/reader',
};

let emulator: RunningEmulator;
let receiver: Receiver;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: { frozen: true },
    seed: {
      managedIdentityHeader: 'seeded-identity-header',
      managedIdentities: [
        { type: 'systemAssigned', ...system, applicationPermissions: ['Mail.Read'] },
      ],
    },
  });
  receiver = await startReceiver();
});
afterEach(() => emulator.admin.reset());
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

function identityRequest(
  query: Record<string, string>,
  header: string | null = emulator.managedIdentity.identityHeader,
) {
  const url = new URL(emulator.managedIdentity.endpoint);
  const parameters = { 'api-version': '2019-08-01', resource: emulator.graphUrl, ...query };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return fetch(url, { headers: header === null ? {} : { 'X-IDENTITY-HEADER': header } });
}

async function addUserAssigned() {
  return emulator.admin.managedIdentities.add({
    type: 'userAssigned',
    ...userAssigned,
    applicationPermissions: ['User.Read.All'],
  });
}

describe('the managed identity endpoint', () => {
  it("answers App Service's body with a token signed by the tenant's keys", async () => {
    const response = await identityRequest({});

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'client_id',
      'expires_on',
      'resource',
      'token_type',
    ]);
    expect(body).toMatchObject({
      client_id: system.clientId,
      resource: emulator.graphUrl,
      token_type: 'Bearer',
    });
    const keys = createRemoteJWKSet(new URL(`${emulator.loginUrl}/common/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(body.access_token, keys, {
      currentDate: emulator.clock.now(),
    });
    expect(payload).toMatchObject({
      aud: emulator.graphUrl,
      iss: `${emulator.loginUrl}/${emulator.tenantId}/v2.0`,
      tid: emulator.tenantId,
      appid: system.clientId,
      azp: system.clientId,
      appidacr: '2',
      oid: system.principalId,
      sub: system.principalId,
      idtyp: 'app',
      roles: ['Mail.Read'],
    });
    expect(payload.xms_mirid).toMatch(/\/providers\/Microsoft\.Web\/sites\/[^/]+$/);
    expect(body.expires_on).toBe(String(payload.exp));
    expect(Number(body.expires_on) - (payload.iat ?? 0)).toBe(3599);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['client_id', { client_id: userAssigned.clientId.toLowerCase() }],
    ['principal_id', { principal_id: userAssigned.principalId }],
    ['object_id, as msal sends it', { object_id: userAssigned.principalId.toUpperCase() }],
    ['mi_res_id', { mi_res_id: userAssigned.resourceId.toLowerCase() }],
  ])('finds a user-assigned identity by %s', async (_, query) => {
    await addUserAssigned();

    const body = await (await identityRequest(query)).json();

    expect(body.client_id).toBe(userAssigned.clientId);
    expect(decodeJwt(body.access_token)).toMatchObject({
      oid: userAssigned.principalId,
      roles: ['User.Read.All'],
      xms_mirid: userAssigned.resourceId,
    });
  });

  it("issues tokens for another cloud's Graph, by its real address or the emulator's", async () => {
    const real = await (await identityRequest({ resource: 'https://graph.microsoft.us/' })).json();
    const local = emulator.clouds.usGovL4.graphUrl;
    const emulated = await (await identityRequest({ resource: local })).json();

    expect(real.resource).toBe('https://graph.microsoft.us/');
    expect(decodeJwt(real.access_token)).toMatchObject({
      aud: 'https://graph.microsoft.us',
      iss: `https://login.microsoftonline.us/${emulator.tenantId}/v2.0`,
    });
    const listed = await graph(local, 'GET', '/v1.0/subscriptions', emulated.access_token);
    expect(listed.status).toBe(200);
  });

  it('honours the client capabilities msal sends in xms_cc', async () => {
    const body = await (await identityRequest({ xms_cc: 'CP1' })).json();

    const claims = decodeJwt(body.access_token);
    expect(claims.xms_cc).toEqual(['cp1']);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(86_399);
  });
});

describe('refusals, in the shape of the real endpoint', () => {
  it.each([
    ['no X-IDENTITY-HEADER', {}, null, 401, 'missing_identity_header'],
    ['a wrong X-IDENTITY-HEADER', {}, 'not-the-header', 401, 'invalid_identity_header'],
    [
      'an unknown client_id',
      { client_id: userAssigned.clientId },
      undefined,
      400,
      'unknown_identity',
    ],
    ['two identity ids', { client_id: 'a', mi_res_id: 'b' }, undefined, 400, 'invalid_request'],
    ['another api-version', { 'api-version': '2017-09-01' }, undefined, 400, 'invalid_request'],
    [
      'an unknown resource',
      { resource: 'https://vault.azure.net' },
      undefined,
      400,
      'invalid_resource',
    ],
  ] as const)('refuses %s', async (_, query, header, status, error) => {
    const response = await identityRequest(query, header);

    expect(response.status).toBe(status);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['correlationId', 'message', 'statusCode']);
    expect(body.statusCode).toBe(status);
    expect(body.correlationId).toBe(response.headers.get('x-correlation-id'));
    const [recorded] = await emulator.admin.records.tokenRequests({ endpoint: 'managed-identity' });
    expect(recorded).toMatchObject({ status, error });
  });

  it('answers an unassigned identity as App Service does', async () => {
    const body = await (await identityRequest({ mi_res_id: userAssigned.resourceId })).json();

    expect(body.message).toBe('Unable to load the proper Managed Identity.');
  });

  it('refuses the system-assigned identity once the host has none', async () => {
    await emulator.admin.apps.remove(system.clientId);

    const response = await identityRequest({});

    expect(response.status).toBe(400);
  });

  it('names the resource the tenant does not know, as Entra ID would', async () => {
    const response = await identityRequest({ resource: 'https://vault.azure.net' });

    expect((await response.json()).message).toMatch(
      /^AADSTS500011: The resource principal named https:\/\/vault\.azure\.net was not found/,
    );
  });
});

describe("msal-node's ManagedIdentityApplication", () => {
  const saved = { ...process.env };

  beforeAll(() => {
    process.env.IDENTITY_ENDPOINT = emulator.managedIdentity.endpoint;
    process.env.IDENTITY_HEADER = emulator.managedIdentity.identityHeader;
  });
  afterAll(() => {
    for (const name of ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('finds the endpoint in IDENTITY_ENDPOINT and IDENTITY_HEADER and gets tokens', async () => {
    await addUserAssigned();
    const systemApp = new ManagedIdentityApplication({ clientCapabilities: ['CP1'] });
    const userApp = new ManagedIdentityApplication({
      managedIdentityIdParams: { userAssignedResourceId: userAssigned.resourceId },
    });

    const systemResult = await systemApp.acquireToken({ resource: emulator.scope });
    const userResult = await userApp.acquireToken({ resource: emulator.graphUrl });

    expect(systemApp.getManagedIdentitySource()).toBe('AppService');
    expect(decodeJwt(systemResult.accessToken)).toMatchObject({
      appid: system.clientId,
      aud: emulator.graphUrl,
      xms_cc: ['cp1'],
    });
    expect(decodeJwt(userResult.accessToken).appid).toBe(userAssigned.clientId);
    const recorded = await emulator.admin.records.tokenRequests({ endpoint: 'managed-identity' });
    expect(recorded.map((entry) => [entry.clientId, entry.clientAuthentication])).toEqual([
      [system.clientId, 'identity-header'],
      [userAssigned.clientId, 'identity-header'],
    ]);
  });

  it("fails with the endpoint's status and message for an unassigned identity", async () => {
    const app = new ManagedIdentityApplication({
      managedIdentityIdParams: { userAssignedClientId: userAssigned.clientId },
    });

    const failure = await app.acquireToken({ resource: emulator.graphUrl }).catch((e) => e);

    expect(failure.status).toBe(400);
    expect(failure.errorMessage).toContain('Unable to load the proper Managed Identity.');
  });
});

describe('Graph with a managed identity token', () => {
  it("creates and reauthorizes a subscription owned by the identity's app", async () => {
    const token = (await (await identityRequest({})).json()).access_token;

    const created = await graph(
      emulator.graphUrl,
      'POST',
      '/v1.0/subscriptions',
      token,
      messageSubscription(emulator, receiver.url),
    );
    const reauthorized = await graph(
      emulator.graphUrl,
      'POST',
      `/v1.0/subscriptions/${created.body.id}/reauthorize`,
      token,
    );

    expect(created.status).toBe(201);
    expect(created.body.creatorId).toBe(system.principalId);
    expect(reauthorized.status).toBe(204);
    const [call] = await emulator.admin.records.calls({ operation: 'reauthorize' });
    expect(call).toMatchObject({ appId: system.clientId, status: 204 });
  });

  it('loses a permission revoked from the identity', async () => {
    const token = (await (await identityRequest({})).json()).access_token;
    await emulator.admin.apps.revoke(system.clientId, { application: ['Mail.Read'] });

    const body = messageSubscription(emulator, receiver.url);
    const created = await graph(emulator.graphUrl, 'POST', '/v1.0/subscriptions', token, body);

    expect(created.status).toBe(403);
  });
});

describe('the admin API for managed identities', () => {
  it('shows the endpoint, the seeded header and the identities, system first', async () => {
    await addUserAssigned();

    const listed = await emulator.admin.managedIdentities.list();

    expect(listed.endpoint).toBe(`${emulator.url}/msi/token`);
    expect(listed.identityHeader).toBe('seeded-identity-header');
    expect(listed.identities.map((identity) => [identity.type, identity.clientId])).toEqual([
      ['systemAssigned', system.clientId],
      ['userAssigned', userAssigned.clientId],
    ]);
    expect((await emulator.admin.info()).managedIdentity).toEqual(emulator.managedIdentity);
    const app = await emulator.admin.apps.get(userAssigned.clientId);
    expect(app.managedIdentity).toEqual({
      type: 'userAssigned',
      resourceId: userAssigned.resourceId,
    });
  });

  it('refuses a second system-assigned identity and a taken id with 409', async () => {
    const second = emulator.admin.managedIdentities.add({ type: 'systemAssigned' });
    const taken = emulator.admin.managedIdentities.add({
      type: 'userAssigned',
      principalId: system.principalId.toUpperCase(),
    });

    await expect(second).rejects.toMatchObject({ status: 409 });
    await expect(taken).rejects.toMatchObject({ status: 409 });
    await expect(emulator.admin.managedIdentities.add({} as never)).rejects.toBeInstanceOf(
      EmulatorAdminError,
    );
  });

  it('puts the seeded identities back on reset and keeps the header', async () => {
    await addUserAssigned();

    await emulator.admin.reset();

    const listed = await emulator.admin.managedIdentities.list();
    expect(listed.identities.map((identity) => identity.clientId)).toEqual([system.clientId]);
    expect(listed.identityHeader).toBe('seeded-identity-header');
  });
});
