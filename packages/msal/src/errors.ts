import { type LifelineErrorOptions, TokenSourceError } from '@lifeline/core';

/** What Lifeline keeps of an msal failure. */
export interface MsalErrorDetails {
  /** msal's or the identity platform's error code, e.g. `invalid_client` or `invalid_grant`. */
  errorCode: string;
  /** The finer code the identity platform gave, e.g. `consent_required`, when it gave one. */
  subError?: string | undefined;
  /** The correlation id to quote to Microsoft support. */
  correlationId?: string | undefined;
  /** The HTTP status of the token endpoint's answer, when there was one. */
  status?: number | undefined;
  /** True when only a user can resolve it by signing in again. */
  interactionRequired: boolean;
}

/**
 * An msal call failed. It is a {@link TokenSourceError} (code `ERR_TOKEN_SOURCE`) that also keeps
 * msal's `errorCode`, so callers can tell a wrong secret (`invalid_client`) from a revoked
 * sign-in (`invalid_grant`) without reading the message. The msal error is its `cause`.
 */
export class MsalTokenSourceError extends TokenSourceError {
  /** msal's or the identity platform's code, e.g. `invalid_client`. */
  readonly errorCode: string;
  /** The identity platform's finer code, when it gave one. */
  readonly subError: string | undefined;
  /** The correlation id to quote to Microsoft support. */
  readonly correlationId: string | undefined;
  /** The token endpoint's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** True when only a new sign-in resolves the failure. */
  readonly interactionRequired: boolean;

  constructor(message: string, details: MsalErrorDetails, options: LifelineErrorOptions = {}) {
    super(message, options);
    this.errorCode = details.errorCode;
    this.subError = details.subError;
    this.correlationId = details.correlationId;
    this.status = details.status;
    this.interactionRequired = details.interactionRequired;
  }
}

interface MsalLikeError {
  errorCode?: unknown;
  errorMessage?: unknown;
  subError?: unknown;
  correlationId?: unknown;
  status?: unknown;
  name?: unknown;
}

/**
 * Turns anything msal threw into an {@link MsalTokenSourceError}. `secrets` are removed from the
 * message in case an identity platform echoed one back; tokens are removed by core's redaction.
 */
export function wrapMsalError(
  action: string,
  error: unknown,
  secrets: readonly string[] = [],
): MsalTokenSourceError {
  if (error instanceof MsalTokenSourceError) return error;
  const details = readDetails(error);
  const described = describe(error);
  const text = described ? `${details.errorCode}: ${described}` : details.errorCode;
  const message = removeSecrets(`${action} failed with ${text}`, secrets);
  return new MsalTokenSourceError(message, details, { cause: error });
}

function readDetails(error: unknown): MsalErrorDetails {
  const candidate: MsalLikeError = typeof error === 'object' && error !== null ? error : {};
  const errorCode = stringOr(candidate.errorCode, 'unknown_error');
  return {
    errorCode,
    subError: stringOr(candidate.subError, undefined),
    correlationId: stringOr(candidate.correlationId, undefined),
    status: typeof candidate.status === 'number' ? candidate.status : undefined,
    interactionRequired:
      candidate.name === 'InteractionRequiredAuthError' || interactionCodes.has(errorCode),
  };
}

// The codes after which only a new sign-in helps:
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes#handling-error-codes-in-your-application
const interactionCodes = new Set([
  'interaction_required',
  'login_required',
  'consent_required',
  'invalid_grant',
  'no_tokens_found',
  'refresh_token_expired',
  'no_account_found',
]);

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const candidate = error as MsalLikeError;
  if (typeof candidate.errorMessage === 'string' && candidate.errorMessage !== '') {
    return candidate.errorMessage;
  }
  return error instanceof Error ? error.message : '';
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function removeSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}
