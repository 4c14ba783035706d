/**
 * A small managed identity endpoint on 127.0.0.1, as App Service runs one: `GET
 * {IDENTITY_ENDPOINT}?resource=…&api-version=2019-08-01` with the `X-IDENTITY-HEADER` secret.
 * Everything else these tests need from Entra ID (client credentials, the device code flow,
 * refresh tokens, claims challenges) comes from `@lifeline/emulator`, which does not emulate
 * managed identity: that endpoint lives inside an Azure host, not at login.microsoftonline.com,
 * and msal finds it through environment variables instead of an authority. This stand-in speaks
 * its documented wire format over real HTTP and records every request.
 * See https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalManagedIdentity {
  /** `http://127.0.0.1:<port>/msi/token`: what App Service puts in `IDENTITY_ENDPOINT`. */
  endpoint: string;
  /** The secret App Service passes in `X-IDENTITY-HEADER`. */
  identityHeader: string;
  /** Every request, in order. */
  requests: URL[];
  close(): Promise<void>;
}

// The endpoint's tokens are not checked by anyone here, so they are left unsigned.
function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

export async function startLocalManagedIdentity(): Promise<LocalManagedIdentity> {
  const tenantId = randomUUID();
  const identityHeader = randomUUID();
  const requests: URL[] = [];
  let origin = '';

  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET' || url.pathname !== '/msi/token') {
      return sendJson(response, 404, { error: 'not_found' });
    }
    requests.push(url);
    if (request.headers['x-identity-header'] !== identityHeader) {
      return sendJson(response, 401, { error: 'unauthorized' });
    }
    const resource = url.searchParams.get('resource') ?? '';
    sendJson(response, 200, {
      access_token: unsignedJwt({ aud: resource, tid: tenantId, roles: ['Mail.Read'] }),
      expires_on: '4102444800',
      resource,
      token_type: 'Bearer',
      client_id: url.searchParams.get('client_id') ?? randomUUID(),
    });
  };

  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint: `${origin}/msi/token`,
    identityHeader,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
