import { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msalConfiguration, type RunningEmulator, startEmulator } from '../src/index.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function tokenRequest(tenant: string, fields: Record<string, string>) {
  return fetch(`${emulator.loginUrl}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

describe('client credentials through @azure/msal-node', () => {
  it('gets a Graph token with a client secret', async () => {
    const app = emulator.apps.secret;
    const msal = new ConfidentialClientApplication(msalConfiguration(emulator, app));
    const result = await msal.acquireTokenByClientCredential({ scopes: [emulator.scope] });

    const claims = decodeJwt(result?.accessToken ?? '');
    expect(claims).toMatchObject({
      aud: emulator.graphUrl,
      iss: `${emulator.loginUrl}/${emulator.tenantId}/v2.0`,
      tid: emulator.tenantId,
      appid: app.clientId,
      azp: app.clientId,
      appidacr: '1',
      idtyp: 'app',
    });
    expect(claims.roles).toContain('Mail.Read');
    expect(claims.scp).toBeUndefined();
    expect(claims.xms_cc).toBeUndefined();
  });

  it('gets a token with a certificate, by SHA-256 and by SHA-1 thumbprint', async () => {
    const app = emulator.apps.certificate;
    for (const thumbprint of ['sha256', 'sha1'] as const) {
      const config = msalConfiguration(emulator, app, { thumbprint });
      const msal = new ConfidentialClientApplication(config);
      const result = await msal.acquireTokenByClientCredential({ scopes: [emulator.scope] });
      expect(decodeJwt(result?.accessToken ?? '')).toMatchObject({
        appid: app.clientId,
        appidacr: '2',
      });
    }
  });

  it('rejects a wrong secret with invalid_client and AADSTS7000215', async () => {
    const app = { ...emulator.apps.secret, clientSecret: 'not-the-secret' };
    const msal = new ConfidentialClientApplication(msalConfiguration(emulator, app));
    const failure = await msal
      .acquireTokenByClientCredential({ scopes: [emulator.scope] })
      .catch((e) => e);
    expect(failure.errorCode).toBe('invalid_client');
    expect(failure.errorMessage).toContain('AADSTS7000215');
  });

  it('rejects a certificate the app does not have', async () => {
    const other = await emulator.admin.apps.register({ displayName: 'other', certificate: true });
    const app = { ...emulator.apps.certificate, certificate: other.credentials.certificate };
    const msal = new ConfidentialClientApplication(msalConfiguration(emulator, app));
    const failure = await msal
      .acquireTokenByClientCredential({ scopes: [emulator.scope] })
      .catch((e) => e);
    expect(failure.errorCode).toBe('invalid_client');
    expect(failure.errorMessage).toContain('AADSTS700027');
  });

  it('puts xms_cc cp1 in the token of a client that declares the capability', async () => {
    const config = msalConfiguration(emulator, emulator.apps.secret, {
      clientCapabilities: ['CP1'],
    });
    const msal = new ConfidentialClientApplication(config);
    const result = await msal.acquireTokenByClientCredential({ scopes: [emulator.scope] });
    expect(decodeJwt(result?.accessToken ?? '').xms_cc).toEqual(['cp1']);
  });
});

describe('the token endpoint', () => {
  const secret = () => emulator.apps.secret;
  const valid = () => ({
    grant_type: 'client_credentials',
    client_id: secret().clientId,
    client_secret: secret().clientSecret ?? '',
    scope: emulator.scope,
  });

  it('answers errors in the Entra ID shape', async () => {
    const response = await tokenRequest(emulator.tenantId, { ...valid(), client_secret: 'wrong' });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [
      'unknown app',
      { client_id: '00000000-0000-0000-0000-000000000001' },
      400,
      'unauthorized_client',
      700016,
    ],
    ['scope without /.default', { scope: 'Mail.Read' }, 400, 'invalid_scope', 1002012],
    [
      'another cloud',
      { scope: 'https://graph.microsoft.us/.default' },
      400,
      'invalid_scope',
      70011,
    ],
    ['another grant', { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
    ['no client id', { client_id: '' }, 400, 'invalid_request', 900144],
    ['no credential', { client_secret: undefined }, 401, 'invalid_client', 7000216],
    ['bad claims', { claims: '{not json' }, 400, 'invalid_request', 90015],
  ])('refuses %s', async (_, change, status, error, code) => {
    const fields = Object.fromEntries(
      Object.entries({ ...valid(), ...change }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const response = await tokenRequest(emulator.tenantId, fields);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error, error_codes: [code] });
  });

  it('refuses an unknown tenant', async () => {
    const response = await tokenRequest('contoso.example', valid());
    expect(await response.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });

  it('also accepts the real global Graph scope, which becomes the audience', async () => {
    const response = await tokenRequest(emulator.tenantId, {
      ...valid(),
      scope: 'https://graph.microsoft.com/.default',
    });
    const { access_token: token, token_type: type, expires_in: expiresIn } = await response.json();
    expect({ type, expiresIn }).toEqual({ type: 'Bearer', expiresIn: 3599 });
    expect(decodeJwt(token).aud).toBe('https://graph.microsoft.com');
  });
});

describe('discovery and keys', () => {
  it('serves the v2.0 OpenID configuration per tenant and for common', async () => {
    const tenant = await (
      await fetch(`${emulator.loginUrl}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json();
    expect(tenant).toMatchObject({
      issuer: `${emulator.loginUrl}/${emulator.tenantId}/v2.0`,
      token_endpoint: `${emulator.loginUrl}/${emulator.tenantId}/oauth2/v2.0/token`,
      jwks_uri: `${emulator.loginUrl}/${emulator.tenantId}/discovery/v2.0/keys`,
    });
    const common = await (
      await fetch(`${emulator.loginUrl}/common/v2.0/.well-known/openid-configuration`)
    ).json();
    expect(common.issuer).toBe(`${emulator.loginUrl}/{tenantid}/v2.0`);
  });

  it('publishes the same keys at every documented path', async () => {
    const paths = [
      '/common/discovery/v2.0/keys',
      '/common/discovery/keys',
      `/${emulator.tenantId}/discovery/v2.0/keys`,
    ];
    const sets = await Promise.all(
      paths.map(async (path) => (await fetch(emulator.loginUrl + path)).json()),
    );
    expect(sets[0].keys[0]).toMatchObject({ kty: 'RSA', use: 'sig' });
    expect(sets[0].keys[0].x5c).toHaveLength(1);
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
  });

  it('signs tokens verifiable against the JWKS, and keeps old keys published after a rotation', async () => {
    const jwks = createRemoteJWKSet(new URL(`${emulator.loginUrl}/common/discovery/v2.0/keys`));
    const before = await emulator.admin.tokens.mintDelegated({
      appId: emulator.apps.secret.clientId,
      scopes: ['Mail.Read'],
    });
    const rotated = await emulator.admin.keys.rotate();
    const after = await emulator.admin.tokens.mintDelegated({
      appId: emulator.apps.secret.clientId,
      scopes: ['Mail.Read'],
    });

    expect(rotated.keys).toHaveLength(2);
    const fresh = createRemoteJWKSet(new URL(`${emulator.loginUrl}/common/discovery/v2.0/keys`));
    await expect(jwtVerify(before.accessToken, fresh)).resolves.toBeDefined();
    const verified = await jwtVerify(after.accessToken, fresh);
    expect(verified.protectedHeader.kid).toBe(rotated.kid);
    await expect(jwtVerify(after.accessToken, jwks)).resolves.toBeDefined();
  });
});

describe('dropping old keys', () => {
  it('makes tokens signed with them fail at Graph', async () => {
    const appId = emulator.apps.secret.clientId;
    const old = await emulator.admin.tokens.mintDelegated({ appId, scopes: ['Mail.Read'] });
    await emulator.admin.keys.rotate({ dropPrevious: true });
    const response = await fetch(`${emulator.graphUrl}/v1.0/subscriptions`, {
      headers: { Authorization: `Bearer ${old.accessToken}` },
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toBe(
      'Access token validation failure. Invalid signature.',
    );
  });
});

describe('delegated tokens minted through the admin API', () => {
  it('carries scp and the user for a work account, and the consumer tenant for a personal one', async () => {
    const appId = emulator.apps.secret.clientId;
    const work = await emulator.admin.tokens.mintDelegated({
      appId,
      scopes: ['Mail.Read', 'Chat.Read'],
      userId: 'u-1',
    });
    expect(decodeJwt(work.accessToken)).toMatchObject({
      scp: 'Mail.Read Chat.Read',
      oid: 'u-1',
      tid: emulator.tenantId,
      idtyp: 'user',
    });

    const personal = await emulator.admin.tokens.mintDelegated({
      appId,
      scopes: ['Mail.Read'],
      account: 'personal',
    });
    expect(decodeJwt(personal.accessToken).tid).toBe('9188040d-6c67-4c5b-b112-36a304b66dad');
  });
});
