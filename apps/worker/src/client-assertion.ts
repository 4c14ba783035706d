/**
 * Certificate credentials for the client credentials grant: a `private_key_jwt` assertion signed
 * with Web Crypto, naming the certificate by its thumbprint as Entra ID requires (`x5t` with
 * RS256 for a SHA-1 thumbprint, `x5t#S256` with PS256 for a SHA-256 one), addressed to the token
 * endpoint.
 * See https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 *
 * @module
 */
import { TokenSourceError } from '@lifeline/core';
import { type ClientAuth, modifyAssertion, PrivateKeyJwt } from 'oauth4webapi';

/** A certificate credential: the PEM PKCS#8 private key and the certificate's hex thumbprint. */
export interface CertificateCredential {
  readonly kind: 'certificate';
  readonly privateKeyPem: string;
  /** SHA-1 (40 hex digits) or SHA-256 (64 hex digits) of the DER certificate. */
  readonly thumbprint: string;
}

// Imported keys are plain values, not I/O objects, so one import can serve every request of an
// isolate. Keyed by the PEM text and algorithm; a rotated key is a new entry.
const importedKeys = new Map<string, CryptoKey>();
const maxImportedKeys = 8;

/**
 * The `private_key_jwt` client authentication for a certificate credential.
 *
 * @throws {TokenSourceError} when the key is not a PEM PKCS#8 RSA key or the thumbprint is not
 *   40 or 64 hex digits.
 */
export async function certificateAuth(
  credential: CertificateCredential,
  tokenEndpoint: string,
): Promise<ClientAuth> {
  const header = thumbprintHeader(credential.thumbprint);
  const key = await importSigningKey(credential.privateKeyPem, header.algorithm);
  return PrivateKeyJwt(key, {
    [modifyAssertion]: (jwtHeader, payload) => {
      jwtHeader[header.name] = header.value;
      // Entra ID expects the token endpoint itself as the audience.
      payload.aud = tokenEndpoint;
    },
  });
}

interface ThumbprintHeader {
  readonly name: 'x5t' | 'x5t#S256';
  readonly value: string;
  readonly algorithm: SubtleCryptoImportKeyAlgorithm;
}

function thumbprintHeader(thumbprint: string): ThumbprintHeader {
  const hex = thumbprint.replace(/[\s:]/g, '');
  if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(hex)) {
    throw new TokenSourceError('the certificate thumbprint must be 40 or 64 hex digits');
  }
  const value = base64url(Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16)));
  return hex.length === 40
    ? { name: 'x5t', value, algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } }
    : { name: 'x5t#S256', value, algorithm: { name: 'RSA-PSS', hash: 'SHA-256' } };
}

async function importSigningKey(
  pem: string,
  algorithm: SubtleCryptoImportKeyAlgorithm,
): Promise<CryptoKey> {
  const cacheKey = `${algorithm.name}\n${pem}`;
  const cached = importedKeys.get(cacheKey);
  if (cached) return cached;

  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('pkcs8', pemBody(pem), algorithm, false, ['sign']);
  } catch (cause) {
    throw new TokenSourceError('the certificate key is not a PEM PKCS#8 RSA private key', {
      cause,
    });
  }
  if (importedKeys.size >= maxImportedKeys) importedKeys.clear();
  importedKeys.set(cacheKey, key);
  return key;
}

function pemBody(pem: string): Uint8Array {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
  if (!match?.[1]) {
    throw new TokenSourceError('the certificate key must be PEM "BEGIN PRIVATE KEY" (PKCS#8)');
  }
  try {
    // A key pasted as one line may carry its line breaks as the two characters `\n`.
    const body = match[1].replace(/\\n|\s+/g, '');
    return Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
  } catch (cause) {
    throw new TokenSourceError('the certificate key is not valid base64', { cause });
  }
}

function base64url(bytes: Uint8Array): string {
  const binary = String.fromCharCode(...bytes);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
