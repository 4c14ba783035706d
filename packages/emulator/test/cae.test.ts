import { ConfidentialClientApplication } from '@azure/msal-node';
import { parseWwwAuthenticate } from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msalConfiguration, type RunningEmulator, startEmulator } from '../src/index.js';
import { appToken, graph } from './helpers.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ clock: { frozen: true, start: '2026-05-01T00:00:00Z' } });
});
afterAll(() => emulator.close());

const list = (token: string) => graph(`${emulator.graphUrl}/v1.0`, 'GET', '/subscriptions', token);

describe('continuous access evaluation', () => {
  it('sends a claims challenge to a cp1 client whose token was revoked, and a new token works', async () => {
    const config = msalConfiguration(emulator, emulator.apps.secret, {
      clientCapabilities: ['CP1'],
    });
    const msal = new ConfidentialClientApplication(config);
    const first = await msal.acquireTokenByClientCredential({ scopes: [emulator.scope] });
    const token = first?.accessToken ?? '';
    expect((await list(token)).status).toBe(200);

    expect(await emulator.admin.tokens.revoke({ token })).toBe(1);
    const challenged = await list(token);
    expect(challenged.status).toBe(401);
    expect(challenged.body.error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message:
        'Continuous access evaluation resulted in claims challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
    });
    const header = challenged.headers.get('www-authenticate') ?? '';
    expect(header).toMatch(
      /^Bearer realm="", authorization_uri="[^"]+\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="[^"]+"$/,
    );
    const claims = Buffer.from(/claims="([^"]+)"/.exec(header)?.[1] ?? '', 'base64').toString();
    expect(JSON.parse(claims)).toEqual({
      access_token: { nbf: { essential: true, value: '1777593600' } },
    });
    const parsed = parseWwwAuthenticate(header);
    expect(JSON.stringify(parsed)).toContain('insufficient_claims');

    const second = await msal.acquireTokenByClientCredential({ scopes: [emulator.scope], claims });
    expect(second?.accessToken).not.toBe(token);
    expect((await list(second?.accessToken ?? '')).status).toBe(200);
  });

  it('answers a revoked token of a client without cp1 with a plain 401', async () => {
    const token = await appToken(emulator);
    await emulator.admin.tokens.revoke({ appId: emulator.apps.secret.clientId });
    const refused = await list(token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).not.toContain('insufficient_claims');
    expect(refused.body.error.message).toBe('Access token has expired or is not yet valid.');
  });
});
