// The Workers token source against the emulator's Entra ID: a client secret, certificate
// assertions named by SHA-1 and SHA-256 thumbprints, the per-isolate cache, claims challenges,
// and the rules for http and bad credentials.
import { LifelineError } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import {
  type ClientCredentialsOptions,
  createClientCredentialsTokenSource,
  type TokenFetch,
  withCapabilities,
} from '../src/token-source.js';
import { emulator } from './worker/harness.js';

const scopes = () => [`${emulator().url}/.default`];

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(json) as Record<string, unknown>;
}

function secretOptions(
  overrides: Partial<ClientCredentialsOptions> = {},
): ClientCredentialsOptions {
  const fixture = emulator();
  return {
    tenantId: fixture.tenantId,
    clientId: fixture.secretApp.clientId,
    credential: { kind: 'secret', secret: fixture.secretApp.clientSecret },
    loginUrl: fixture.url,
    ...overrides,
  };
}

function certificateOptions(thumbprint: 'thumbprint' | 'thumbprintSha256') {
  const { certificateApp, tenantId, url } = emulator();
  return {
    tenantId,
    clientId: certificateApp.clientId,
    credential: {
      kind: 'certificate',
      privateKeyPem: certificateApp.privateKeyPem,
      thumbprint: certificateApp[thumbprint],
    },
    loginUrl: url,
  } satisfies ClientCredentialsOptions;
}

// Counts the requests the token source sends, and sends them.
function countingFetch() {
  const counter = { count: 0, fetch: undefined as unknown as TokenFetch };
  counter.fetch = (url, init) => {
    counter.count += 1;
    return fetch(url, init);
  };
  return counter;
}

describe('createClientCredentialsTokenSource', () => {
  it('gets a Graph token with a client secret, declaring CP1', async () => {
    const { token, expiresOn } = await createClientCredentialsTokenSource(secretOptions())({
      scopes: scopes(),
    });
    const claims = claimsOf(token);
    expect(claims.aud).toBe(emulator().url);
    expect(claims.appid ?? claims.azp).toBe(emulator().secretApp.clientId);
    expect(claims.xms_cc).toEqual(['cp1']);
    expect(expiresOn?.getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ['x5t (SHA-1, RS256)', 'thumbprint'],
    ['x5t#S256 (SHA-256, PS256)', 'thumbprintSha256'],
  ] as const)('gets a token with a certificate assertion named by %s', async (_, thumbprint) => {
    const source = createClientCredentialsTokenSource(certificateOptions(thumbprint));
    const { token } = await source({ scopes: scopes(), claims: '{}' });
    expect(claimsOf(token).appid ?? claimsOf(token).azp).toBe(emulator().certificateApp.clientId);
  });

  it('serves a cached token until it is near expiry, and skips the cache for claims', async () => {
    const counter = countingFetch();
    const source = createClientCredentialsTokenSource(secretOptions({ fetch: counter.fetch }));
    const challenged = await source({ scopes: scopes(), claims: '{"access_token":{}}' });
    expect(counter.count).toBe(1);
    expect((await source({ scopes: scopes() })).token).toBe(challenged.token);
    expect(counter.count).toBe(1);

    const again = await source({ scopes: scopes(), claims: '{"access_token":{}}' });
    expect(counter.count).toBe(2);
    expect(again.token).not.toBe(challenged.token);

    // A day on, the cached token (a CAE token, as CP1 was declared) is past its refresh time.
    const later = new Date(Date.now() + 25 * 3_600_000);
    const stale = createClientCredentialsTokenSource(
      secretOptions({ fetch: counter.fetch, now: () => later }),
    );
    await stale({ scopes: scopes() });
    expect(counter.count).toBe(3);
  });

  it('refuses a plain-http authority that is not loopback', async () => {
    const counter = countingFetch();
    const source = createClientCredentialsTokenSource(
      secretOptions({ loginUrl: 'http://login.example', fetch: counter.fetch }),
    );
    const error = await source({ scopes: scopes(), claims: '{}' }).catch((caught) => caught);
    expect(LifelineError.isInstance(error)).toBe(true);
    expect(error.code).toBe('ERR_TOKEN_SOURCE');
    expect(counter.count).toBe(0);
  });

  it("reports Entra ID's error for a wrong secret without the secret", async () => {
    const wrong = 'not-the-secret-value-1234567890';
    const source = createClientCredentialsTokenSource(
      secretOptions({ credential: { kind: 'secret', secret: wrong } }),
    );
    const error = await source({ scopes: scopes(), claims: '{}' }).catch((caught) => caught);
    expect(error.code).toBe('ERR_TOKEN_SOURCE');
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain(wrong);
  });

  it('rejects a key that is not PEM PKCS#8 with a typed error', async () => {
    const options = certificateOptions('thumbprint');
    const source = createClientCredentialsTokenSource({
      ...options,
      credential: { ...options.credential, privateKeyPem: '-----BEGIN RSA PRIVATE KEY-----' },
    });
    const error = await source({ scopes: scopes(), claims: '{}' }).catch((caught) => caught);
    expect(error.code).toBe('ERR_TOKEN_SOURCE');
    expect(error.message).toContain('PKCS#8');
  });
});

describe('withCapabilities', () => {
  it('declares the capabilities alone when there is no challenge', () => {
    expect(withCapabilities(undefined, ['CP1'])).toBe(
      '{"access_token":{"xms_cc":{"values":["CP1"]}}}',
    );
  });

  it("merges them into a challenge's access_token claims", () => {
    const challenge = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';
    expect(JSON.parse(withCapabilities(challenge, ['CP1']) ?? '')).toEqual({
      access_token: {
        nbf: { essential: true, value: '1604106651' },
        xms_cc: { values: ['CP1'] },
      },
    });
  });

  it('passes on a challenge that is not a JSON object, and nothing without capabilities', () => {
    expect(withCapabilities('not json', ['CP1'])).toBe('not json');
    expect(withCapabilities('["a"]', ['CP1'])).toBe('["a"]');
    expect(withCapabilities(undefined, [])).toBeUndefined();
  });
});
