/**
 * Verification of the validation tokens Graph adds to a notification collection: JSON Web Tokens
 * from Entra ID that prove the batch came from Microsoft Graph Change Tracking.
 * See https://learn.microsoft.com/graph/change-notifications-with-resource-data
 *
 * @module
 */
import { compactVerify, decodeProtectedHeader, type JWTVerifyGetKey } from 'jose';
import { resolveValidationKeys } from './entra-keys.js';
import { maxValidationTokenLength } from './parse.js';
import { type ClaimExpectations, checkClaims } from './token-claims.js';
import type {
  ValidationTokenFailure,
  ValidationTokenFailureReason,
  VerifyValidationTokensOptions,
  VerifyValidationTokensResult,
} from './validation-token-types.js';

// Entra ID signs its tokens with RS256; anything else (`none`, HS256 with a public key as the
// secret, …) is refused before a key is looked up.
const allowedAlgorithm = 'RS256';

type TokenResult = { readonly tenant: string } | ValidationTokenFailure;

/**
 * Verifies every validation token of a batch: the RS256 signature against the cloud's Entra ID
 * keys, `exp` and `nbf` (with `clockSkewSeconds`), `aud` among `appIds`, the issuer in its
 * version 1 or version 2 form with the same tenant as `tid`, `azp` or `appid` naming Microsoft
 * Graph Change Tracking, and `tid` among `tenantIds` when given.
 *
 * Resolves to the tenants the tokens vouch for, or to one failure per failing token, each naming
 * the check that failed. An empty list passes with no tenants: whether tokens are required is the
 * caller's decision. Never rejects, and never puts a token in a message.
 */
export async function verifyValidationTokens(
  tokens: readonly string[],
  options: VerifyValidationTokensOptions,
): Promise<VerifyValidationTokensResult> {
  let results: TokenResult[];
  try {
    const keys = resolveValidationKeys(options.keys, options.cloud, options.fetch);
    const expected = expectationsOf(options);
    results = await Promise.all(
      tokens.map((token, index) => verifyToken(token, index, keys, expected)),
    );
  } catch {
    const message = 'the verification options could not be used';
    results = tokens.map((_, index) => ({ index, reason: 'keys_unavailable', message }));
  }
  return summarise(results);
}

function expectationsOf(options: VerifyValidationTokensOptions): ClaimExpectations {
  const lower = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase()));
  return {
    appIds: lower(options.appIds),
    tenantIds: options.tenantIds ? lower(options.tenantIds) : undefined,
    cloud: options.cloud,
    nowSeconds: Math.floor(options.now().getTime() / 1000),
    skewSeconds: options.clockSkewSeconds ?? 300,
  };
}

async function verifyToken(
  token: unknown,
  index: number,
  keys: JWTVerifyGetKey,
  expected: ClaimExpectations,
): Promise<TokenResult> {
  const header = readHeader(token);
  if (header === undefined || typeof token !== 'string') {
    return fail(index, 'malformed', 'the token is not a compact JSON Web Token');
  }
  if (header.alg !== allowedAlgorithm) {
    return fail(index, 'algorithm', `the token is not signed with ${allowedAlgorithm}`);
  }

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, keys, { algorithms: [allowedAlgorithm] }));
  } catch (error) {
    return describeJoseFailure(index, error);
  }

  const claims = readClaims(payload);
  if (claims === undefined)
    return fail(index, 'malformed', 'the token payload is not a JSON object');
  const checked = checkClaims(claims, expected);
  return 'tenant' in checked ? checked : { index, ...checked };
}

function readHeader(token: unknown): { alg?: unknown } | undefined {
  if (typeof token !== 'string' || token.length > maxValidationTokenLength) return undefined;
  if (token.split('.').length !== 3) return undefined;
  try {
    return decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
}

function readClaims(payload: Uint8Array): Record<string, unknown> | undefined {
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    const isObject = typeof claims === 'object' && claims !== null && !Array.isArray(claims);
    return isObject ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Only jose's stable codes are read; its messages are not passed on.
function describeJoseFailure(index: number, error: unknown): ValidationTokenFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return fail(index, 'signature', 'the signature does not match the signing key');
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return fail(index, 'unknown_key', "no Entra ID signing key has the token's key id");
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return fail(index, 'unknown_key', "several signing keys match the token's key id");
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return fail(index, 'algorithm', "the token's algorithm or key type is not accepted");
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return fail(index, 'malformed', 'the token is not a well-formed signed token');
    default:
      return fail(
        index,
        'keys_unavailable',
        'the Entra ID signing keys could not be fetched or read',
      );
  }
}

function fail(
  index: number,
  reason: ValidationTokenFailureReason,
  message: string,
): ValidationTokenFailure {
  return { index, reason, message };
}

function summarise(results: readonly TokenResult[]): VerifyValidationTokensResult {
  const failures = results.filter((result): result is ValidationTokenFailure => 'reason' in result);
  if (failures.length > 0) return { ok: false, failures };
  const tenants = results.map((result) => (result as { tenant: string }).tenant);
  return { ok: true, tenants: [...new Set(tenants)] };
}
