// Validation tokens checked against signing keys served over real HTTP, as Entra ID serves them
// at `{loginUrl}/common/discovery/v2.0/keys`.
// See https://learn.microsoft.com/graph/change-notifications-with-resource-data
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appId,
  createSigningKey,
  keySetOf,
  now,
  nowSeconds,
  otherTenantId,
  type SigningKey,
  signToken,
  tenantId,
  unsecuredToken,
  v1Claims,
  v2Claims,
} from '../../test/jwks.js';
import { type KeyServer, startKeyServer } from '../../test/jwks-server.js';
import { type Cloud, customCloud } from '../clouds.js';
import type { FetchFunction } from '../types.js';
import { createEntraKeySet } from './entra-keys.js';
import type { ValidationTokenFailureReason } from './validation-token-types.js';
import { verifyValidationTokens } from './validation-tokens.js';

let server: KeyServer;
let cloud: Cloud;
let current: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  current = await createSigningKey('key-2026-11');
  stranger = await createSigningKey('key-unknown');
  server = await startKeyServer(keySetOf(current));
  cloud = customCloud({ graphUrl: 'http://127.0.0.1:9', loginUrl: server.loginUrl });
});

afterAll(() => server.close());

// A version 2 token as Entra ID of the local cloud would issue it.
function v2Here(): Record<string, unknown> {
  return { ...v2Claims(), iss: `${server.loginUrl}/${tenantId}/v2.0` };
}

// Each test gets its own fetch, and so its own cached key set.
function freshFetch(): FetchFunction {
  return (request) => fetch(request);
}

function verify(tokens: string[], overrides: Record<string, unknown> = {}) {
  return verifyValidationTokens(tokens, {
    appIds: [appId],
    cloud,
    now: () => now,
    fetch: freshFetch(),
    ...overrides,
  });
}

async function reasonFor(token: string, overrides: Record<string, unknown> = {}) {
  const result = await verify([token], overrides);
  if (result.ok) return 'passed';
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0]?.message).not.toContain(token);
  return result.failures[0]?.reason;
}

describe('verifyValidationTokens over HTTP', () => {
  it('accepts a version 2 token issued by the cloud login host', async () => {
    const result = await verify([await signToken(current, v2Here())]);
    expect(result).toEqual({ ok: true, tenants: [tenantId] });
  });

  it('accepts a version 1 token issued by sts.windows.net', async () => {
    const result = await verify([await signToken(current, v1Claims())]);
    expect(result).toEqual({ ok: true, tenants: [tenantId] });
  });

  it('accepts a version 1 token issued by the cloud login host', async () => {
    const claims = { ...v1Claims(), iss: `${server.loginUrl}/${tenantId}/` };
    expect(await reasonFor(await signToken(current, claims))).toBe('passed');
  });

  const failing: [string, () => Promise<string>, ValidationTokenFailureReason, object?][] = [
    [
      'a signature by another key',
      () => signToken(stranger, v1Claims(), { kid: 'key-2026-11' }),
      'signature',
    ],
    ['alg none', async () => unsecuredToken(v1Claims(), 'key-2026-11'), 'algorithm'],
    [
      'an expired token',
      () => signToken(current, { ...v1Claims(), exp: nowSeconds - 301 }),
      'expired',
    ],
    [
      'a token not yet valid',
      () => signToken(current, { ...v1Claims(), nbf: nowSeconds + 301 }),
      'not_yet_valid',
    ],
    [
      'another audience',
      () => signToken(current, { ...v1Claims(), aud: otherTenantId }),
      'audience',
    ],
    ['another azp', () => signToken(current, { ...v2Here(), azp: appId }), 'authorized_party'],
    [
      'another appid',
      () => signToken(current, { ...v1Claims(), appid: appId }),
      'authorized_party',
    ],
    [
      'no azp or appid',
      () => signToken(current, { ...v2Here(), azp: undefined }),
      'authorized_party',
    ],
    [
      'a foreign issuer',
      () => signToken(current, { ...v1Claims(), iss: `https://sts.example.com/${tenantId}/` }),
      'issuer',
    ],
    [
      'an issuer of another tenant',
      () => signToken(current, { ...v1Claims(), iss: `https://sts.windows.net/${otherTenantId}/` }),
      'issuer',
    ],
    ['a v2 issuer of another cloud', () => signToken(current, v2Claims()), 'issuer'],
    [
      'a tenant not allowed',
      () => signToken(current, v1Claims()),
      'tenant',
      { tenantIds: [otherTenantId] },
    ],
    ['an unknown key id', () => signToken(stranger, v1Claims()), 'unknown_key'],
    ['a token that is not a JWT', async () => 'not-a-token', 'malformed'],
    ['no exp claim', () => signToken(current, { ...v1Claims(), exp: undefined }), 'malformed'],
  ];

  it.each(failing)('rejects %s', async (_name, make, reason, overrides) => {
    expect(await reasonFor(await make(), overrides as Record<string, unknown>)).toBe(reason);
  });

  it('allows the configured clock skew on exp and nbf', async () => {
    const claims = { ...v1Claims(), exp: nowSeconds - 299, nbf: nowSeconds + 299 };
    expect(await reasonFor(await signToken(current, claims))).toBe('passed');
    expect(await reasonFor(await signToken(current, claims), { clockSkewSeconds: 0 })).toBe(
      'expired',
    );
  });

  it('reports each failing token by its index and passes none when any fails', async () => {
    const good = await signToken(current, v1Claims());
    const bad = await signToken(current, { ...v1Claims(), aud: otherTenantId });
    const result = await verify([good, bad, good]);
    expect(result).toEqual({
      ok: false,
      failures: [{ index: 1, reason: 'audience', message: expect.any(String) }],
    });
  });

  it('lists each tenant once', async () => {
    const tokens = [v1Claims(), v2Claims(otherTenantId), v1Claims()].map((claims) => ({
      ...claims,
      iss: `https://sts.windows.net/${claims.tid}/`,
    }));
    const result = await verify(
      await Promise.all(tokens.map((claims) => signToken(current, claims))),
    );
    expect(result).toEqual({ ok: true, tenants: [tenantId, otherTenantId] });
  });

  it('reports keys_unavailable when the key endpoint fails', async () => {
    const token = await signToken(current, v1Claims());
    server.serve(503);
    try {
      expect(await reasonFor(token)).toBe('keys_unavailable');
    } finally {
      server.serve(keySetOf(current));
    }
  });

  it('fetches the keys through the injected fetch and caches them per fetch', async () => {
    const seen: string[] = [];
    const recording: FetchFunction = (request) => {
      seen.push(new URL(request.url).pathname);
      return fetch(request);
    };
    const token = await signToken(current, v1Claims());
    await verify([token], { fetch: recording });
    await verify([token], { fetch: recording });
    expect(seen).toEqual(['/common/discovery/v2.0/keys']);
  });
});

describe('key rotation', () => {
  it('fetches the key set again when a token names a key id not seen yet', async () => {
    const keys = createEntraKeySet({ cloud, fetch: freshFetch(), cooldownMs: 0 });
    const before = server.requests();
    expect(await reasonFor(await signToken(current, v1Claims()), { keys })).toBe('passed');
    expect(server.requests()).toBe(before + 1);

    const rotated = await createSigningKey('key-2026-12');
    server.serve(keySetOf(current, rotated));
    try {
      expect(await reasonFor(await signToken(rotated, v1Claims()), { keys })).toBe('passed');
      expect(server.requests()).toBe(before + 2);
      expect(await reasonFor(await signToken(current, v1Claims()), { keys })).toBe('passed');
      expect(server.requests()).toBe(before + 2);
    } finally {
      server.serve(keySetOf(current));
    }
  });

  it('does not refetch within the cooldown, so forged key ids cannot flood the endpoint', async () => {
    const keys = createEntraKeySet({ cloud, fetch: freshFetch(), cooldownMs: 3_600_000 });
    const before = server.requests();
    expect(await reasonFor(await signToken(current, v1Claims()), { keys })).toBe('passed');
    expect(await reasonFor(await signToken(stranger, v1Claims()), { keys })).toBe('unknown_key');
    expect(await reasonFor(await signToken(stranger, v1Claims()), { keys })).toBe('unknown_key');
    expect(server.requests()).toBe(before + 1);
  });
});
