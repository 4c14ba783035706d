/**
 * A small Entra ID token endpoint on 127.0.0.1 for the flows the shared emulator does not serve:
 * the device code grant with refresh tokens, and the managed identity endpoint of App Service.
 * It speaks the documented wire formats over real HTTP and records every form it receives.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A form the server received, with its path. */
export interface ReceivedForm {
  path: string;
  form: URLSearchParams;
}

/** A signed-in user the server mints tokens for. */
export interface LocalUser {
  oid: string;
  username: string;
}

export interface LocalEntra {
  /** `http://127.0.0.1:<port>`: the login URL of a custom cloud. */
  loginUrl: string;
  tenantId: string;
  clientId: string;
  /** Every form posted, in order. */
  forms: ReceivedForm[];
  /** Every device code handed out, in order. */
  issuedDeviceCodes: string[];
  /** Every managed identity request, in order. */
  managedIdentityRequests: URL[];
  /** The secret App Service passes in `X-IDENTITY-HEADER`. */
  identityHeader: string;
  /** Signs `user` in for the pending device code `userCode`. */
  approve(userCode: string, user: LocalUser): void;
  /** Makes every refresh token issued so far unusable, as a revoked session would. */
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

interface Grant {
  user: LocalUser;
  scope: string;
}

/** Decodes the payload of a JSON Web Token without checking it. */
export function decodePayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

export async function startLocalEntra(): Promise<LocalEntra> {
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const identityHeader = randomUUID();
  const forms: ReceivedForm[] = [];
  const managedIdentityRequests: URL[] = [];
  const issuedDeviceCodes: string[] = [];
  const pendingCodes = new Map<string, { scope: string; grant?: Grant }>();
  const userCodes = new Map<string, string>();
  const refreshTokens = new Map<string, Grant>();
  let loginUrl = '';

  const tokenFor = (grant: Grant) => {
    const claims = { aud: grant.scope.split(' ')[0], tid: tenantId, oid: grant.user.oid };
    const refreshToken = randomUUID();
    refreshTokens.set(refreshToken, grant);
    return {
      token_type: 'Bearer',
      scope: grant.scope,
      expires_in: 3600,
      access_token: unsignedJwt({ ...claims, scp: grant.scope, n: randomUUID() }),
      refresh_token: refreshToken,
      id_token: unsignedJwt({
        aud: clientId,
        iss: `${loginUrl}/${tenantId}/v2.0`,
        tid: tenantId,
        oid: grant.user.oid,
        sub: grant.user.oid,
        preferred_username: grant.user.username,
        name: grant.user.username,
      }),
      client_info: Buffer.from(JSON.stringify({ uid: grant.user.oid, utid: tenantId })).toString(
        'base64url',
      ),
    };
  };

  const answerToken = (form: URLSearchParams, response: ServerResponse) => {
    const grantType = form.get('grant_type');
    // msal sends the short `device_code`; RFC 8628 names the URN. Entra ID takes both.
    if (
      grantType === 'device_code' ||
      grantType === 'urn:ietf:params:oauth:grant-type:device_code'
    ) {
      const pending = pendingCodes.get(form.get('device_code') ?? '');
      if (!pending) return sendJson(response, 400, { error: 'expired_token' });
      if (!pending.grant) return sendJson(response, 400, { error: 'authorization_pending' });
      pendingCodes.delete(form.get('device_code') ?? '');
      return sendJson(response, 200, tokenFor(pending.grant));
    }
    if (grantType === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant) {
        return sendJson(response, 400, {
          error: 'invalid_grant',
          error_description: 'AADSTS50173: The provided grant has expired.',
          suberror: 'bad_token',
        });
      }
      return sendJson(response, 200, tokenFor({ ...grant, scope: form.get('scope') ?? '' }));
    }
    return sendJson(response, 400, { error: 'unsupported_grant_type' });
  };

  const answerDeviceCode = (form: URLSearchParams, response: ServerResponse) => {
    const deviceCode = randomUUID();
    const userCode = randomUUID().slice(0, 8).toUpperCase();
    pendingCodes.set(deviceCode, { scope: form.get('scope') ?? '' });
    issuedDeviceCodes.push(deviceCode);
    userCodes.set(userCode, deviceCode);
    sendJson(response, 200, {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: `${loginUrl}/devicelogin`,
      expires_in: 900,
      interval: 0,
      message: `To sign in, open ${loginUrl}/devicelogin and enter the code ${userCode}.`,
      scope: form.get('scope'),
    });
  };

  const answerManagedIdentity = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', loginUrl);
    managedIdentityRequests.push(url);
    if (request.headers['x-identity-header'] !== identityHeader) {
      return sendJson(response, 401, { error: 'unauthorized' });
    }
    const resource = url.searchParams.get('resource') ?? '';
    sendJson(response, 200, {
      access_token: unsignedJwt({ aud: resource, tid: tenantId, roles: ['Mail.Read'] }),
      expires_on: '4102444800',
      resource,
      token_type: 'Bearer',
      client_id: url.searchParams.get('client_id') ?? clientId,
    });
  };

  const server = createServer(async (request, response) => {
    if (request.method === 'GET' && request.url?.startsWith('/msi/token')) {
      return answerManagedIdentity(request, response);
    }
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const form = new URLSearchParams(await readBody(request));
    forms.push({ path, form });
    if (path === `/${tenantId}/oauth2/v2.0/token`) return answerToken(form, response);
    if (path === `/${tenantId}/oauth2/v2.0/devicecode`) return answerDeviceCode(form, response);
    sendJson(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  loginUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    loginUrl,
    tenantId,
    clientId,
    forms,
    issuedDeviceCodes,
    managedIdentityRequests,
    identityHeader,
    approve(userCode, user) {
      const pending = pendingCodes.get(userCodes.get(userCode) ?? '');
      if (!pending) throw new Error(`no pending device code ${userCode}`);
      pending.grant = { user, scope: pending.scope };
    },
    revokeRefreshTokens: () => refreshTokens.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
