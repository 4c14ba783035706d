/**
 * Reads the payload of a JSON Web Token without verifying it, to inspect what an access token
 * claims. Never use the result to decide whether to trust the token.
 *
 * @module
 */
import { InvalidInputError } from '../errors.js';

/** The claims of a token payload. */
export type JwtClaims = Readonly<Record<string, unknown>>;

/** What {@link decodeJwtPayload} returns. */
export type DecodeJwtPayloadResult =
  | { readonly ok: true; readonly value: JwtClaims }
  | { readonly ok: false; readonly error: InvalidInputError };

// Access tokens are a few kilobytes; anything far larger is not one.
const maxTokenLength = 64 * 1024;
const base64url = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes the payload (the second part) of a compact JSON Web Token: base64url, UTF-8, a JSON
 * object. Does **not** verify the signature, issuer, audience or expiry. Never throws; a malformed
 * token gives an {@link InvalidInputError} whose message never contains the token.
 * See https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function decodeJwtPayload(token: string): DecodeJwtPayloadResult {
  const text = typeof token === 'string' ? token.trim().replace(/^Bearer\s+/i, '') : '';
  if (text.length === 0 || text.length > maxTokenLength) return failure('is empty or too long');

  const parts = text.split('.');
  const payload = parts[1];
  if (parts.length !== 3 || payload === undefined || !base64url.test(payload)) {
    return failure('is not a compact JSON Web Token (three base64url parts)');
  }

  const json = decodeBase64url(payload);
  if (json === undefined) return failure('has a payload that is not base64url-encoded UTF-8');
  return parseClaims(json);
}

function decodeBase64url(part: string): string | undefined {
  if (part.length % 4 === 1) return undefined;
  try {
    const base64 = part.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function parseClaims(json: string): DecodeJwtPayloadResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return failure('has a payload that is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failure('has a payload that is not a JSON object');
  }
  return { ok: true, value: value as JwtClaims };
}

function failure(reason: string): DecodeJwtPayloadResult {
  return { ok: false, error: new InvalidInputError('token', reason) };
}
