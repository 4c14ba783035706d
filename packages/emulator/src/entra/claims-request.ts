/**
 * The `claims` parameter of token and device code requests. Clients declare capabilities in it
 * (`{"access_token":{"xms_cc":{"values":["cp1"]}}}` for continuous access evaluation) and pass
 * on the claims challenges resources send them (`{"access_token":{"nbf":{"essential":true,…}}}`).
 * See https://learn.microsoft.com/entra/identity-platform/claims-challenge
 *
 * @module
 */
import { failure, type OAuthFailure } from './oauth-errors.js';

/** What a `claims` parameter asked for. */
export interface ClaimsRequest {
  /** Whether the parameter was present. */
  sent: boolean;
  /** Declared client capabilities, lower case, e.g. `['cp1']`. */
  capabilities: string[];
  /** The other access-token claims demanded, e.g. `['nbf']`. */
  challenged: string[];
}

type AccessTokenClaims = Record<string, unknown> & { xms_cc?: { values?: unknown } };

/** Reads the parameter; refuses one that is not a JSON object as Entra ID does (AADSTS90015). */
export function readClaimsRequest(
  claims: string | undefined,
): { ok: true; value: ClaimsRequest } | { ok: false; failure: OAuthFailure } {
  if (!claims) return { ok: true, value: { sent: false, capabilities: [], challenged: [] } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const description = 'The claims parameter is not valid JSON.';
    return { ok: false, failure: failure(400, 'invalid_request', 90015, description) };
  }
  const accessToken = (parsed as { access_token?: unknown }).access_token;
  const requested: AccessTokenClaims =
    typeof accessToken === 'object' && accessToken !== null
      ? (accessToken as AccessTokenClaims)
      : {};
  const values = requested.xms_cc?.values;
  const capabilities = Array.isArray(values) ? values.map((v) => String(v).toLowerCase()) : [];
  return {
    ok: true,
    value: {
      sent: true,
      capabilities: [...new Set(capabilities)],
      challenged: Object.keys(requested).filter((name) => name !== 'xms_cc'),
    },
  };
}
