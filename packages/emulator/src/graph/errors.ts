/**
 * Graph's error responses: the `{ error: { code, message, innerError } }` envelope, the
 * subscription service's `ExtensionError` wrapper, authentication failures with their
 * `WWW-Authenticate` header, and throttling.
 * See https://learn.microsoft.com/graph/errors
 *
 * @module
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import type { TokenFailure } from '../entra/verify-access-token.js';
import { epochSeconds, innerErrorDate } from '../time-format.js';

/** The operation names the subscription service puts in `ExtensionError` messages. */
export type ServiceOperation = 'Create' | 'Update' | 'Delete' | 'Get' | 'List' | 'Reauthorize';

/** Microsoft Graph's application id, named in its `WWW-Authenticate` challenges. */
const graphClientId = '00000003-0000-0000-c000-000000000000';

const statusNames: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** Answers with Graph's error envelope; `innerError` carries the date (no `Z`) and ids. */
export function graphError(
  c: Context<EmulatorEnv>,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extraInnerError: Record<string, string> = {},
): Response {
  const innerError = {
    ...extraInnerError,
    date: innerErrorDate(emulatorNow(c)),
    'request-id': c.get('requestId'),
    'client-request-id': c.get('clientRequestId'),
  };
  c.set('errorCode', code);
  return c.json({ error: { code, message, innerError } }, status);
}

/**
 * The subscription service's wrapper for failures of its backend, as observed:
 * `Operation: Create; Exception: [Status Code: Forbidden; Reason: …]`.
 */
export function extensionError(
  c: Context<EmulatorEnv>,
  status: ContentfulStatusCode,
  operation: ServiceOperation,
  reason: string,
): Response {
  const exception = `[Status Code: ${statusName(status)}; Reason: ${reason}]`;
  const message = `Operation: ${operation}; Exception: ${exception}`;
  return graphError(c, status, 'ExtensionError', message);
}

/** The `HttpStatusCode` name .NET gives a status, as Graph writes it in messages. */
export function statusName(status: number): string {
  return statusNames[status] ?? String(status);
}

/**
 * 401 for a refused token. A revoked token of a client that declared `cp1` gets a claims
 * challenge, as continuous access evaluation does; any other failure gets
 * `InvalidAuthenticationToken`.
 * See https://learn.microsoft.com/entra/identity-platform/claims-challenge
 */
export function authenticationError(
  c: Context<EmulatorEnv>,
  failure: TokenFailure,
  authority: string,
): Response {
  const base = [
    'Bearer realm=""',
    `authorization_uri="${authority}/common/oauth2/authorize"`,
    `client_id="${graphClientId}"`,
  ].join(', ');
  if (failure.kind === 'invalid') {
    c.header('WWW-Authenticate', base);
    return graphError(c, 401, 'InvalidAuthenticationToken', failure.message);
  }
  // The claims request Graph sent in the observed challenge, spacing included.
  const revokedAt = epochSeconds(failure.revokedAt);
  const claims = `{"access_token":{"nbf":{"essential":true, "value":"${revokedAt}"}}}`;
  const encoded = Buffer.from(claims).toString('base64');
  c.header('WWW-Authenticate', `${base}, error="insufficient_claims", claims="${encoded}"`);
  const message = [
    'Continuous access evaluation resulted in claims challenge with result: InteractionRequired',
    'and code: TokenIssuedBeforeRevocationTimestamp',
  ].join(' ');
  return graphError(c, 401, 'InvalidAuthenticationToken', message);
}

/**
 * 429 from the subscription service, with `Retry-After` in seconds, as observed:
 * `Too many requests from Identifier:… under
 * category:throttle.aad.ags.subscriptionservice.dc.list. Please try again later.`
 */
export function throttledError(
  c: Context<EmulatorEnv>,
  category: string,
  identifier: string,
  retryAfterSeconds: number,
): Response {
  c.header('Retry-After', String(retryAfterSeconds));
  const bucket = `throttle.aad.ags.subscriptionservice.dc.${category}`;
  const message = [
    `Too many requests from Identifier:${identifier} under category:${bucket}.`,
    'Please try again later.',
  ].join(' ');
  return graphError(c, 429, 'TooManyRequests', message);
}
