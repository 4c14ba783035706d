/**
 * Entra ID's OAuth 2.0 error responses: `error`, an `error_description` that starts with the
 * `AADSTS` code and ends with trace, correlation and time, `error_codes`, `timestamp`,
 * `trace_id`, `correlation_id` and `error_uri`.
 * See https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import { oauthTimestamp } from '../time-format.js';

/** The OAuth error codes the token endpoint answers with. */
export type OAuthErrorCode =
  | 'invalid_client'
  | 'unauthorized_client'
  | 'invalid_scope'
  | 'invalid_request'
  | 'unsupported_grant_type'
  | 'invalid_tenant'
  | 'invalid_grant'
  | 'temporarily_unavailable'
  // The device code flow's polling answers (RFC 8628 and Entra ID's own).
  | 'authorization_pending'
  | 'authorization_declined'
  | 'expired_token'
  | 'bad_verification_code';

/** One OAuth failure: the status, the `error`, the AADSTS number and its description. */
export interface OAuthFailure {
  status: ContentfulStatusCode;
  error: OAuthErrorCode;
  aadsts: number;
  description: string;
  /** A finer reason clients act on: `bad_token` (drop the refresh token), `consent_required`. */
  suberror?: string;
}

/** Answers with Entra ID's error body for `failure`. */
export function oauthError(c: Context<EmulatorEnv>, failure: OAuthFailure): Response {
  const traceId = randomUUID();
  const correlationId = c.get('clientRequestId');
  const timestamp = oauthTimestamp(emulatorNow(c));
  const login = c.get('site').login?.base ?? c.get('origin');
  const description = [
    `AADSTS${failure.aadsts}: ${failure.description}`,
    `Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
  ].join(' ');
  return c.json(
    {
      error: failure.error,
      error_description: description,
      error_codes: [failure.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${login}/error?code=${failure.aadsts}`,
      ...(failure.suberror ? { suberror: failure.suberror } : {}),
    },
    failure.status,
  );
}

/** Shorthand for building an {@link OAuthFailure}. */
export function failure(
  status: ContentfulStatusCode,
  error: OAuthErrorCode,
  aadsts: number,
  description: string,
  suberror?: string,
): OAuthFailure {
  return suberror
    ? { status, error, aadsts, description, suberror }
    : { status, error, aadsts, description };
}

/** Entra ID's answer for a missing form parameter (AADSTS900144). */
export function missingParameter(name: string): OAuthFailure {
  const description = `The request body must contain the following parameter: '${name}'.`;
  return failure(400, 'invalid_request', 900144, description);
}
