/**
 * The device code flow and refresh tokens through `@azure/msal-node`'s public client, over real
 * HTTP: sign-in approved through the admin API, silent refresh once the access token has expired,
 * a claims challenge answered on refresh, a revoked sign-in, and personal accounts.
 */
import {
  type AuthenticationResult,
  type DeviceCodeRequest,
  PublicClientApplication,
} from '@azure/msal-node';
import { personalAccountTenantId } from '@lifeline/core';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  msalConfiguration,
  type RunningEmulator,
  type SignInInput,
  startEmulator,
} from '../src/index.js';
import { graph } from './helpers.js';

let emulator: RunningEmulator;
let clientId: string;
let mailRead: string;

beforeAll(async () => {
  // Polling at once keeps the tests quick; Entra ID asks for 5 seconds.
  emulator = await startEmulator({
    clock: { frozen: true, start: '2026-05-01T00:00:00Z' },
    settings: { deviceCode: { intervalSeconds: 0 } },
  });
  mailRead = `${emulator.graphUrl}/Mail.Read`;
});
afterAll(() => emulator.close());

beforeEach(async () => {
  await emulator.admin.reset();
  await emulator.admin.settings.update({ deviceCode: { intervalSeconds: 0 } });
  const { credentials } = await emulator.admin.apps.register({
    displayName: 'Lifeline command line',
    allowPublicClient: true,
    delegatedPermissions: ['Mail.Read', 'Calendars.Read'],
  });
  clientId = credentials.clientId;
});

function publicClient(tenantId = emulator.tenantId, capabilities?: string[]) {
  const target = { loginUrl: emulator.loginUrl, tenantId };
  const options = capabilities ? { clientCapabilities: capabilities } : {};
  return new PublicClientApplication(msalConfiguration(target, { clientId }, options));
}

// Approves the code as soon as msal shows it, as a person at the verification page would.
async function signIn(
  msal: PublicClientApplication,
  scopes: string[],
  user: SignInInput = {},
): Promise<AuthenticationResult> {
  let approval: Promise<unknown> = Promise.resolve();
  const request: DeviceCodeRequest = {
    scopes,
    deviceCodeCallback: (response) => {
      approval = emulator.admin.deviceCodes.approve(response.userCode, user);
    },
  };
  const result = await msal.acquireTokenByDeviceCode(request);
  await approval;
  if (!result) throw new Error('msal returned no result');
  return result;
}

const listSubscriptions = (token: string) =>
  graph(`${emulator.graphUrl}/v1.0`, 'GET', '/subscriptions', token);

describe('device code sign-in through @azure/msal-node', () => {
  it('signs a work account in with delegated scp, an ID token and client_info', async () => {
    const userId = '2b6f0c1e-7a3d-4e59-8c21-9d0e1f2a3b4c';
    const user = { userId, name: 'Adele Vance', username: 'adele@contoso.example' };

    const result = await signIn(publicClient(), [mailRead], user);

    expect(result.account?.homeAccountId).toBe(`${userId}.${emulator.tenantId}`);
    expect(result.account?.username).toBe('adele@contoso.example');
    expect(result.idTokenClaims).toMatchObject({ aud: clientId, ver: '2.0', oid: userId });
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({
      aud: emulator.graphUrl,
      iss: `${emulator.loginUrl}/${emulator.tenantId}/v2.0`,
      tid: emulator.tenantId,
      oid: userId,
      appid: clientId,
      appidacr: '0',
      idtyp: 'user',
      scp: 'Mail.Read',
      name: 'Adele Vance',
    });
    expect(claims.roles).toBeUndefined();
    expect(claims.xms_cc).toBeUndefined();
    expect((await listSubscriptions(result.accessToken)).status).toBe(200);
  });

  it('records the requests without codes or tokens', async () => {
    const result = await signIn(publicClient(), [mailRead]);

    const records = await emulator.admin.records.tokenRequests({ clientId });
    expect(records[0]).toMatchObject({
      endpoint: 'devicecode',
      grantType: null,
      clientAuthentication: 'none',
      claims: false,
      status: 200,
    });
    expect(records[0]?.scopes).toContain(mailRead);
    expect(records.at(-1)).toMatchObject({ grantType: 'device_code', status: 200, error: null });
    const pending = records.filter((record) => record.error === 'authorization_pending');
    expect(pending.every((record) => record.errorCode === 70016)).toBe(true);
    const text = JSON.stringify(records);
    expect(text).not.toContain(result.accessToken);
    expect(text).not.toContain(result.idToken);
  });

  it('refreshes silently once the access token has expired', async () => {
    await emulator.admin.settings.update({ tokenLifetimeSeconds: 120 });
    const msal = publicClient();
    const first = await signIn(msal, [mailRead]);
    // Graph allows five minutes of clock skew past `exp`.
    await emulator.admin.clock.advance({ minutes: 10 });
    expect((await listSubscriptions(first.accessToken)).status).toBe(401);

    // msal renews tokens that expire within five minutes, so a 120-second token is due at once.
    const second = await msal.acquireTokenSilent({
      account: first.account ?? never(),
      scopes: [mailRead],
    });

    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await listSubscriptions(second.accessToken)).status).toBe(200);
    const refreshes = await emulator.admin.records.tokenRequests({ grantType: 'refresh_token' });
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ status: 200, clientAuthentication: 'none' });
    expect((await emulator.admin.deviceCodes.list()).map((code) => code.state)).toEqual([
      'redeemed',
    ]);
  });

  it('answers a claims challenge on refresh with a new token that carries xms_cc', async () => {
    const msal = publicClient(emulator.tenantId, ['CP1']);
    const first = await signIn(msal, [mailRead]);
    expect(decodeJwt(first.accessToken).xms_cc).toEqual(['cp1']);
    await emulator.admin.tokens.revoke({ token: first.accessToken });
    const challenged = await listSubscriptions(first.accessToken);
    const header = challenged.headers.get('www-authenticate') ?? '';
    const encoded = /claims="([^"]+)"/.exec(header)?.[1] ?? '';
    const claims = Buffer.from(encoded, 'base64').toString('utf8');

    const account = first.account ?? never();
    const second = await msal.acquireTokenSilent({ account, scopes: [mailRead], claims });

    expect(challenged.status).toBe(401);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(decodeJwt(second.accessToken).xms_cc).toEqual(['cp1']);
    expect((await listSubscriptions(second.accessToken)).status).toBe(200);
    const [refresh] = await emulator.admin.records.tokenRequests({ grantType: 'refresh_token' });
    expect(refresh).toMatchObject({
      claims: true,
      challengedClaims: ['nbf'],
      clientCapabilities: ['cp1'],
      status: 200,
    });
  });

  it('refuses a revoked sign-in on refresh with invalid_grant; a new sign-in works', async () => {
    const msal = publicClient();
    const first = await signIn(msal, [mailRead]);
    const userId = first.account?.localAccountId ?? never();
    const revoked = await emulator.admin.tokens.revoke({ appId: clientId, userId });
    const account = first.account ?? never();

    const failure = await msal
      .acquireTokenSilent({ account, scopes: [mailRead], forceRefresh: true })
      .catch((error: unknown) => error);
    const again = await signIn(msal, [mailRead]);

    expect(revoked).toBe(2);
    expect(failure).toMatchObject({ errorCode: 'invalid_grant', subError: 'bad_token' });
    expect((failure as Error).message).toContain('AADSTS50173');
    expect((await listSubscriptions(again.accessToken)).status).toBe(200);
  });

  it('signs a personal account in through the consumers authority', async () => {
    const msal = publicClient('consumers');

    const first = await signIn(msal, [mailRead], { name: 'Megan Bowen' });
    const account = first.account ?? never();
    const refreshed = await msal.acquireTokenSilent({
      account,
      scopes: [mailRead],
      forceRefresh: true,
    });

    expect(account.tenantId).toBe(personalAccountTenantId);
    expect(account.homeAccountId).toMatch(/^00000000-0000-0000-[0-9a-f-]+\.9188040d-/);
    expect(decodeJwt(first.accessToken)).toMatchObject({
      tid: personalAccountTenantId,
      scp: 'Mail.Read',
    });
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.account?.homeAccountId).toBe(account.homeAccountId);
  });

  it('gives every consented permission for /.default', async () => {
    const result = await signIn(publicClient(), [`${emulator.graphUrl}/.default`]);

    expect(decodeJwt(result.accessToken).scp).toBe('Mail.Read Calendars.Read');
    expect(result.scopes).toContain(`${emulator.graphUrl}/.default`);
  });
});

function never(): never {
  throw new Error('expected a value');
}
