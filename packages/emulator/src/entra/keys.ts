/**
 * The emulator's token-signing keys. Like Entra ID, it publishes several keys at once, signs with
 * the newest, and keeps older ones published for a while after rotating, so that tokens signed
 * before a rotation still verify.
 * See https://learn.microsoft.com/entra/identity-platform/signing-key-rollover
 *
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { createLocalJWKSet, exportJWK, type JWK } from 'jose';
import { generateCertificateCredential, thumbprintHeader } from './certificate.js';

/** One signing key. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public key as published in the JWKS, with `x5c` and `x5t`. */
  jwk: JWK;
}

/** The published keys; the first one signs. */
export interface KeyRing {
  current(): SigningKey;
  all(): readonly SigningKey[];
  /**
   * Adds a new signing key in front. The previous keys stay published unless `dropPrevious`;
   * at most `keep` keys stay published.
   */
  rotate(options?: { dropPrevious?: boolean; keep?: number }): Promise<SigningKey>;
  /** The JSON Web Key Set document. */
  jwks(): { keys: JWK[] };
  /** A key resolver over the published keys for `jwtVerify`, rebuilt after each rotation. */
  resolver(): ReturnType<typeof createLocalJWKSet>;
}

/** Creates a key ring with one key, its certificate valid from `now`. */
export async function createKeyRing(now: () => Date): Promise<KeyRing> {
  let keys: SigningKey[] = [await createSigningKey(now())];
  const jwks = () => ({ keys: keys.map((key) => key.jwk) });
  let resolver = createLocalJWKSet(jwks());
  return {
    current: () => keys[0] as SigningKey,
    all: () => keys,
    async rotate(options = {}) {
      const key = await createSigningKey(now());
      const kept = options.dropPrevious ? [] : keys;
      keys = [key, ...kept].slice(0, Math.max(1, options.keep ?? 3));
      resolver = createLocalJWKSet(jwks());
      return key;
    },
    jwks,
    resolver: () => resolver,
  };
}

async function createSigningKey(notBefore: Date): Promise<SigningKey> {
  const credential = await generateCertificateCredential('emulator token signing', notBefore);
  // Entra ID key ids are the base64url SHA-1 thumbprint of the signing certificate.
  const kid = thumbprintHeader(credential.thumbprint);
  const base64Der = credential.certificatePem.replace(/-----[A-Z ]+-----|\s/g, '');
  const jwk: JWK = {
    ...(await exportJWK(credential.publicKey)),
    kid,
    use: 'sig',
    x5t: kid,
    x5c: [base64Der],
  };
  return { kid, privateKey: credential.privateKey, jwk };
}
