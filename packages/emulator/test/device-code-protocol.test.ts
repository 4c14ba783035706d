/**
 * The device code endpoint, the `device_code` and `refresh_token` grants and the admin calls that
 * answer a code, on the wire: Entra ID's response shapes and its errors with their AADSTS codes.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorAdminError, type RunningEmulator, startEmulator } from '../src/index.js';

let emulator: RunningEmulator;
let clientId: string;
let mail: string;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: { frozen: true, start: '2026-05-01T00:00:00Z' },
    seed: {
      apps: [
        {
          name: 'cli',
          allowPublicClient: true,
          secret: 'cli-secret-value-0123456789',
          delegatedPermissions: ['Mail.Read'],
        },
        { name: 'other', allowPublicClient: true, delegatedPermissions: ['Mail.Read'] },
      ],
    },
  });
  clientId = emulator.apps.cli?.clientId ?? '';
  mail = `${emulator.graphUrl}/Mail.Read openid profile offline_access`;
});
afterAll(() => emulator.close());
beforeEach(() => emulator.admin.reset());

// biome-ignore lint/suspicious/noExplicitAny: protocol bodies are inspected field by field
type Body = any;

async function post(endpoint: string, fields: Record<string, string>, tenant?: string) {
  const url = `${emulator.loginUrl}/${tenant ?? emulator.tenantId}/oauth2/v2.0/${endpoint}`;
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as Body };
}

const requestCode = (fields: Record<string, string> = {}, tenant?: string) =>
  post('devicecode', { client_id: clientId, scope: mail, ...fields }, tenant);

const poll = (deviceCode: string, fields: Record<string, string> = {}) =>
  post('token', {
    grant_type: 'device_code',
    client_id: clientId,
    device_code: deviceCode,
    ...fields,
  });

const refresh = (refreshToken: string, fields: Record<string, string> = {}) =>
  post('token', {
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken,
    scope: mail,
    ...fields,
  });

async function signedIn(): Promise<Body> {
  const code = await requestCode();
  await emulator.admin.deviceCodes.approve(code.body.user_code);
  return (await poll(code.body.device_code, { client_info: '1' })).body;
}

function expectOAuthError(answer: { status: number; body: Body }, error: string, code: number) {
  expect({ status: answer.status, error: answer.body.error }).toMatchObject({ error });
  expect(answer.body.error_codes).toEqual([code]);
  expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${code}: .+ Trace ID: `));
  expect(answer.body.error_uri).toBe(`${emulator.loginUrl}/error?code=${code}`);
}

describe('the device code endpoint', () => {
  it("answers in Entra ID's shape, and the verification page says how to approve", async () => {
    const { status, body } = await requestCode();

    expect(status).toBe(200);
    expect(body.user_code).toMatch(/^[A-HJ-NP-Z2-9]{9}$/);
    expect(body.device_code.length).toBeGreaterThan(40);
    expect(body).toMatchObject({
      verification_uri: `${emulator.loginUrl}/devicelogin`,
      expires_in: 900,
      interval: 5,
    });
    expect(body.message).toBe(
      `To sign in, use a web browser to open the page ${body.verification_uri} and enter the ` +
        `code ${body.user_code} to authenticate.`,
    );
    const page = await (await fetch(body.verification_uri)).text();
    expect(page).toContain('/_emulator/device-codes/{user_code}/approve');
  });

  it('refuses what Entra ID refuses', async () => {
    const confidential = await emulator.admin.apps.register({
      secret: true,
      delegatedPermissions: ['Mail.Read'],
    });
    const unknown = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
    const cases: [Promise<{ status: number; body: Body }>, number, string, number][] = [
      [
        requestCode({ client_id: confidential.credentials.clientId }),
        401,
        'invalid_client',
        7000218,
      ],
      [requestCode({ client_id: unknown }), 400, 'unauthorized_client', 700016],
      [requestCode({ scope: '' }), 400, 'invalid_request', 900144],
      [requestCode({ scope: `${emulator.graphUrl}/Files.Read` }), 400, 'invalid_grant', 65001],
      [
        requestCode({ scope: `${emulator.graphUrl}/Mail.Read https://x.example/A` }),
        400,
        'invalid_scope',
        28000,
      ],
      [requestCode({ scope: 'https://x.example/Read' }), 400, 'invalid_scope', 70011],
      [requestCode({}, 'nowhere.example'), 400, 'invalid_request', 90002],
      [requestCode({ claims: '{not json' }), 400, 'invalid_request', 90015],
    ];
    for (const [answer, status, error, code] of cases) {
      const settled = await answer;
      expect(settled.status).toBe(status);
      expectOAuthError(settled, error, code);
    }
    const consent = await requestCode({ scope: `${emulator.graphUrl}/Files.Read` });
    expect(consent.body.suberror).toBe('consent_required');
  });
});

describe('polling with the device code', () => {
  it('is pending until approved, then answers once with tokens msal can use', async () => {
    const code = await requestCode();
    const pending = await poll(code.body.device_code);
    await emulator.admin.deviceCodes.approve(code.body.user_code.toLowerCase(), {
      userId: '6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
    });

    const urn = 'urn:ietf:params:oauth:grant-type:device_code';
    const answered = await poll(code.body.device_code, { grant_type: urn, client_info: '1' });
    const again = await poll(code.body.device_code);

    expectOAuthError(pending, 'authorization_pending', 70016);
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      token_type: 'Bearer',
      scope: `${emulator.graphUrl}/Mail.Read openid profile`,
      expires_in: 3599,
    });
    expect(answered.body.refresh_token).toMatch(/^1\.A/);
    const clientInfo = Buffer.from(answered.body.client_info, 'base64url').toString('utf8');
    expect(JSON.parse(clientInfo)).toEqual({
      uid: '6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
      utid: emulator.tenantId,
    });
    expect(decodeJwt(answered.body.id_token)).toMatchObject({
      aud: clientId,
      iss: `${emulator.loginUrl}/${emulator.tenantId}/v2.0`,
      tid: emulator.tenantId,
      oid: '6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
      preferred_username: 'emulated.user@emulator.test',
      ver: '2.0',
    });
    expectOAuthError(again, 'invalid_grant', 70000);
  });

  it('answers a declined code with authorization_declined; a code is answered once', async () => {
    const code = await requestCode();
    await emulator.admin.deviceCodes.decline(code.body.user_code);

    const declined = await poll(code.body.device_code);
    const approval = await emulator.admin.deviceCodes
      .approve(code.body.user_code)
      .catch((error: unknown) => error);

    expectOAuthError(declined, 'authorization_declined', 65004);
    expect(approval).toBeInstanceOf(EmulatorAdminError);
    expect((approval as EmulatorAdminError).status).toBe(409);
  });

  it('expires codes on the emulator clock and does not know codes it never gave', async () => {
    const code = await requestCode();
    await emulator.admin.clock.advance({ minutes: 15 });

    const expired = await poll(code.body.device_code);
    const approval = await emulator.admin.deviceCodes
      .approve(code.body.user_code)
      .catch((error: unknown) => error);
    const fresh = await requestCode();
    const otherClient = await poll(fresh.body.device_code, {
      client_id: emulator.apps.other?.clientId ?? '',
    });

    expectOAuthError(expired, 'expired_token', 70019);
    expect((approval as EmulatorAdminError).message).toMatch(/expired/);
    expectOAuthError(await poll('never-issued'), 'bad_verification_code', 70018);
    expectOAuthError(otherClient, 'bad_verification_code', 70018);
    const [listed] = await emulator.admin.deviceCodes.list();
    expect(listed).toMatchObject({ state: 'pending', expired: true, appId: clientId });
  });

  it('approves only users the authority accepts', async () => {
    const atTenant = await requestCode();
    const atConsumers = await requestCode({}, 'consumers');
    const atOrganizations = await requestCode({}, 'organizations');
    const foreignTenant = (await emulator.admin.tenants.create()).tenantId;
    const { approve } = emulator.admin.deviceCodes;

    const personalAtTenant = await approve(atTenant.body.user_code, { account: 'personal' }).catch(
      (error: unknown) => error,
    );
    const otherTenant = await approve(atTenant.body.user_code, { tenantId: foreignTenant }).catch(
      (error: unknown) => error,
    );
    const notConsented = await approve(atOrganizations.body.user_code, {
      tenantId: foreignTenant,
    }).catch((error: unknown) => error);
    const personal = await approve(atConsumers.body.user_code);

    expect((personalAtTenant as EmulatorAdminError).status).toBe(400);
    expect((otherTenant as EmulatorAdminError).message).toMatch(/cannot sign in here/);
    expect((notConsented as EmulatorAdminError).message).toMatch(/not consented/);
    expect(personal.user).toMatchObject({
      account: 'personal',
      tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
    });
  });

  it('approves new codes at once as the default user when autoApprove is set', async () => {
    await emulator.admin.settings.update({ deviceCode: { autoApprove: true } });

    const code = await requestCode();
    const answered = await poll(code.body.device_code);

    expect(answered.status).toBe(200);
    expect(decodeJwt(answered.body.access_token)).toMatchObject({
      scp: 'Mail.Read',
      name: 'Emulated User',
    });
  });
});

describe('the refresh_token grant', () => {
  it('issues a new refresh token each time; the old one keeps working', async () => {
    const first = await signedIn();

    const second = await refresh(first.refresh_token);
    const reused = await refresh(first.refresh_token);

    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(reused.status).toBe(200);
    expect(decodeJwt(second.body.access_token)).toMatchObject({ scp: 'Mail.Read', appidacr: '0' });
  });

  it('authenticates a confidential client by its secret, and records no secret', async () => {
    const first = await signedIn();
    const secret = emulator.apps.cli?.clientSecret ?? '';

    const confidential = await refresh(first.refresh_token, { client_secret: secret });
    const wrong = await refresh(first.refresh_token, { client_secret: 'not-the-secret-value' });

    expect(decodeJwt(confidential.body.access_token).appidacr).toBe('1');
    expectOAuthError(wrong, 'invalid_client', 7000215);
    const records = await emulator.admin.records.tokenRequests({ clientAuthentication: 'secret' });
    expect(records).toHaveLength(2);
    expect(JSON.stringify(records)).not.toContain(secret);
    expect(JSON.stringify(records)).not.toContain(first.refresh_token);
  });

  it('refuses unknown, foreign, unconsented and expired refresh tokens', async () => {
    const first = await signedIn();
    const other = emulator.apps.other?.clientId ?? '';

    const unknown = await refresh('1.Anot-a-refresh-token');
    const foreign = await refresh(first.refresh_token, { client_id: other });
    await emulator.admin.apps.revoke(clientId, { delegated: ['Mail.Read'], notify: false });
    const unconsented = await refresh(first.refresh_token);
    await emulator.admin.apps.grant(clientId, { delegated: ['Mail.Read'] });
    await emulator.admin.clock.advance({ hours: 24 * 91 });
    const expired = await refresh(first.refresh_token);

    expectOAuthError(unknown, 'invalid_grant', 9002313);
    expectOAuthError(foreign, 'invalid_grant', 70000);
    expectOAuthError(unconsented, 'invalid_grant', 65001);
    expect(unconsented.body.suberror).toBe('consent_required');
    expectOAuthError(expired, 'invalid_grant', 700082);
    expect(expired.body.suberror).toBe('bad_token');
  });

  it('forgets refresh tokens and device codes on reset', async () => {
    const first = await signedIn();
    await requestCode();

    await emulator.admin.reset();

    expectOAuthError(await refresh(first.refresh_token), 'invalid_grant', 9002313);
    expect(await emulator.admin.deviceCodes.list()).toEqual([]);
  });
});
