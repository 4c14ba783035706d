/**
 * Continuous Access Evaluation: Graph may answer 401 with a claims challenge that names the claims
 * a new token must carry.
 * See https://learn.microsoft.com/entra/identity-platform/claims-challenge
 *
 * @module
 */
import { parseWwwAuthenticate } from './www-authenticate.js';

/**
 * The decoded claims request (a JSON string) from a response's `Bearer …
 * error="insufficient_claims",
 * claims="<base64>"` challenge, or `undefined` when there is none or it cannot be decoded. Pass it
 * as `claims` to the token source. Never throws.
 */
export function readClaimsChallenge(response: Response): string | undefined {
  const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate'));
  for (const { scheme, params } of challenges) {
    if (scheme.toLowerCase() !== 'bearer') continue;
    if (params.error?.toLowerCase() !== 'insufficient_claims') continue;
    const claims = decodeClaims(params.claims);
    if (claims !== undefined) return claims;
  }
  return undefined;
}

/**
 * Decodes standard or URL-safe base64, padded or not, into a JSON object's text. Anything else is
 * `undefined`: a challenge that cannot be read cannot be answered.
 */
export function decodeClaims(encoded: string | undefined): string | undefined {
  if (encoded === undefined) return undefined;
  const standard = encoded.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  const unpadded = standard.replace(/=+$/, '');
  if (unpadded.length === 0 || unpadded.length % 4 === 1) return undefined;
  const padded = unpadded.padEnd(Math.ceil(unpadded.length / 4) * 4, '=');
  try {
    const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? text : undefined;
  } catch {
    return undefined;
  }
}
