/**
 * Test helpers for validation tokens: RSA signing keys generated locally and tokens shaped like
 * the ones Entra ID issues for Microsoft Graph Change Tracking. Pure Web Crypto, so they run in
 * Node and in workerd alike.
 */
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, SignJWT } from 'jose';

export const changeTrackingAppId = '0bf30f3b-4a52-48df-9a82-234910c4a086';
export const appId = '925bff9f-f6e2-4a69-b858-f71ea2b9b6d0';
export const tenantId = '9f4ebab6-520d-49c0-85cc-7b25c78d4a93';
export const otherTenantId = '84bd8158-6d4d-4958-8b9f-9d6445542f95';

/** A pinned "now": 2026-11-20T10:00:00Z. */
export const now = new Date('2026-11-20T10:00:00Z');
export const nowSeconds = Math.floor(now.getTime() / 1000);

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh RS256 key pair with its public half as a JWK, as Entra ID publishes them. */
export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', kty: 'RSA' };
  return { kid, privateKey, publicJwk };
}

/** A JSON Web Key Set holding the public halves of the keys. */
export function keySetOf(...keys: SigningKey[]): JSONWebKeySet {
  return { keys: keys.map((key) => key.publicJwk) };
}

/** Claims of a version 2 validation token, modelled on the documented example. */
export function v2Claims(tenant = tenantId): Record<string, unknown> {
  return {
    aud: appId,
    iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 86_400,
    azp: changeTrackingAppId,
    azpacr: '2',
    oid: '1e7d79fa-7893-4d50-bdde-164260d9c5ba',
    sub: '1e7d79fa-7893-4d50-bdde-164260d9c5ba',
    tid: tenant,
    ver: '2.0',
  };
}

/** Claims of a version 1 validation token, modelled on the older documented example. */
export function v1Claims(tenant = tenantId): Record<string, unknown> {
  const { azp: _azp, azpacr: _azpacr, ...rest } = v2Claims(tenant);
  return {
    ...rest,
    iss: `https://sts.windows.net/${tenant}/`,
    appid: changeTrackingAppId,
    appidacr: '2',
    idp: `https://sts.windows.net/${tenant}/`,
    ver: '1.0',
  };
}

/** Signs claims with RS256 (or the given algorithm header) under the key's id. */
export async function signToken(
  key: SigningKey,
  claims: Record<string, unknown>,
  header: { alg?: string; kid?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: header.alg ?? 'RS256', kid: header.kid ?? key.kid })
    .sign(key.privateKey);
}

/** An unsecured token (`alg: none`), which must never be accepted. */
export function unsecuredToken(claims: Record<string, unknown>, kid: string): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ typ: 'JWT', alg: 'none', kid })}.${encode(claims)}.`;
}
