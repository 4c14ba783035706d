import type { AuthenticationResult } from '@azure/msal-node';
import { type AccessToken, TokenSourceError } from '@lifeline/core';

/** `{ claims }` when there is a claims challenge, else nothing, for spreading into a request. */
export function claimsOf(claims: string | undefined): { claims?: string } {
  return claims ? { claims } : {};
}

/**
 * The token and its expiry from an msal result.
 *
 * @throws {TokenSourceError} when msal returned no access token.
 */
export function toAccessToken(result: AuthenticationResult | null): AccessToken {
  if (!result?.accessToken) throw new TokenSourceError('msal returned no access token');
  const token: AccessToken = { token: result.accessToken };
  if (result.expiresOn instanceof Date) token.expiresOn = result.expiresOn;
  return token;
}
