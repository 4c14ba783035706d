import { request } from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { appToken, graph } from './helpers.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ clock: { frozen: true } });
});
afterAll(() => emulator.close());

// fetch ignores a Host header; node:http sends it as given.
function viaHost(
  host: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const url = new URL(emulator.url);
    const outgoing = request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, host } },
      (incoming) => {
        let text = '';
        incoming.on('data', (chunk) => {
          text += chunk;
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('national clouds', () => {
  it('issues tokens per cloud with their own audience and issuer', async () => {
    const l4 = emulator.clouds.usGovL4;
    const token = await appToken(emulator, {
      loginUrl: l4.loginUrl,
      scope: `${l4.graphUrl}/.default`,
    });
    expect(decodeJwt(token)).toMatchObject({
      aud: `${emulator.url}/clouds/usGovL4`,
      iss: `${emulator.url}/clouds/usGovL4/${emulator.tenantId}/v2.0`,
    });
    expect((await graph(l4.graphUrl, 'GET', '/v1.0/subscriptions', token)).status).toBe(200);
  });

  it('accepts a token only in the cloud that issued it', async () => {
    const l4 = emulator.clouds.usGovL4;
    const l4Token = await appToken(emulator, {
      loginUrl: l4.loginUrl,
      scope: `${l4.graphUrl}/.default`,
    });
    const globalToken = await appToken(emulator);
    for (const [base, token] of [
      [emulator.graphUrl, l4Token],
      [emulator.clouds.usGovL5.graphUrl, l4Token],
      [emulator.clouds.china.graphUrl, l4Token],
      [l4.graphUrl, globalToken],
    ] as const) {
      const refused = await graph(base, 'GET', '/v1.0/subscriptions', token);
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toBe('Access token validation failure. Invalid audience.');
    }
  });

  it('refuses a scope of another cloud at a cloud authority', async () => {
    const china = emulator.clouds.china;
    await expect(
      appToken(emulator, {
        loginUrl: china.loginUrl,
        scope: `${emulator.clouds.usGovL4.graphUrl}/.default`,
      }),
    ).rejects.toThrow(/invalid_scope/);
  });

  it('serves a cloud at its real host names through the Host header', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.apps.secret.clientId,
      client_secret: emulator.apps.secret.clientSecret,
      scope: 'https://dod-graph.microsoft.us/.default',
    }).toString();
    const issued = await viaHost(
      'login.microsoftonline.us',
      'POST',
      `/${emulator.tenantId}/oauth2/v2.0/token`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      form,
    );
    const token = JSON.parse(issued.body).access_token;
    expect(decodeJwt(token)).toMatchObject({
      aud: 'https://dod-graph.microsoft.us',
      iss: `https://login.microsoftonline.us/${emulator.tenantId}/v2.0`,
    });
    const auth = { authorization: `Bearer ${token}` };
    expect(
      (await viaHost('dod-graph.microsoft.us', 'GET', '/v1.0/subscriptions', auth)).status,
    ).toBe(200);
    expect((await viaHost('graph.microsoft.us', 'GET', '/v1.0/subscriptions', auth)).status).toBe(
      401,
    );
    expect(
      (await graph(emulator.clouds.usGovL5.graphUrl, 'GET', '/v1.0/subscriptions', token)).status,
    ).toBe(200);
  });
});
