// Validation-token verification with an injected key set: no network, so it runs in workerd too.
// See https://learn.microsoft.com/graph/change-notifications-with-resource-data
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  appId,
  createSigningKey,
  keySetOf,
  now,
  type SigningKey,
  signToken,
  tenantId,
  unsecuredToken,
  v1Claims,
  v2Claims,
} from '../../test/jwks.js';
import { clouds } from '../clouds.js';
import { verifyValidationTokens } from './validation-tokens.js';

let key: SigningKey;
let hmacToken: string;

beforeAll(async () => {
  key = await createSigningKey('key-a');
  // An HS256 token "signed" with the text of the public key: the classic algorithm-confusion
  // forgery.
  const { SignJWT } = await import('jose');
  const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
  hmacToken = await new SignJWT(v1Claims())
    .setProtectedHeader({ alg: 'HS256', kid: 'key-a' })
    .sign(secret);
});

function verify(
  tokens: string[],
  cloud: typeof clouds.global | typeof clouds.china = clouds.global,
) {
  return verifyValidationTokens(tokens, {
    appIds: [appId],
    cloud,
    keys: keySetOf(key),
    now: () => now,
  });
}

describe(`verifyValidationTokens with injected keys (${inject('runtime')})`, () => {
  it('accepts the documented version 2 token shape in the global cloud', async () => {
    expect(await verify([await signToken(key, v2Claims())])).toEqual({
      ok: true,
      tenants: [tenantId],
    });
  });

  it('accepts the documented version 1 token shape in the global cloud', async () => {
    expect(await verify([await signToken(key, v1Claims())])).toEqual({
      ok: true,
      tenants: [tenantId],
    });
  });

  it('accepts the China cloud v1 issuer only in the China cloud', async () => {
    const claims = { ...v1Claims(), iss: `https://sts.chinacloudapi.cn/${tenantId}/` };
    const token = await signToken(key, claims);
    expect((await verify([token], clouds.china)).ok).toBe(true);
    expect((await verify([token], clouds.global)).ok).toBe(false);
  });

  it('rejects alg none and HS256 before looking for a key', async () => {
    const result = await verify([unsecuredToken(v1Claims(), 'key-a'), hmacToken]);
    expect(result.ok ? [] : result.failures.map((failure) => failure.reason)).toEqual([
      'algorithm',
      'algorithm',
    ]);
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await signToken(key, v1Claims())).split('.');
    const forged = btoa(JSON.stringify({ ...v1Claims(), aud: 'someone-else' })).replace(/=+$/, '');
    const result = await verify([`${header}.${forged}.${signature}`]);
    expect(result.ok ? undefined : result.failures[0]?.reason).toBe('signature');
  });

  it('passes an empty list with no tenants', async () => {
    expect(await verify([])).toEqual({ ok: true, tenants: [] });
  });
});
