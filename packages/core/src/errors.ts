/**
 * Every failure Lifeline reports is a {@link LifelineError}: one base class with a stable `code`,
 * the original failure chained as `cause`, and subclasses named for where it failed.
 *
 * @module
 */

/** The stable identifiers of Lifeline failures. Branch on these, never on `message`. */
export type LifelineErrorCode =
  | 'ERR_INVALID_INPUT'
  | 'ERR_GRAPH_RESPONSE'
  | 'ERR_SUBSCRIPTION_GONE'
  | 'ERR_GRAPH_NETWORK'
  | 'ERR_GRAPH_TIMEOUT'
  | 'ERR_TOKEN_SOURCE'
  | 'ERR_UNKNOWN_RESOURCE';

const brand = Symbol.for('@lifeline/core/LifelineError');

const bearerPattern = /\b(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi;
const jwtPattern = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/**
 * Removes anything shaped like a bearer token or a JSON Web Token from text that is about to
 * become part of an error message or a log line.
 */
export function redactSecrets(text: string): string {
  return text.replace(bearerPattern, '$1[redacted]').replace(jwtPattern, '[redacted-jwt]');
}

/** Options shared by every Lifeline error constructor. */
export interface LifelineErrorOptions {
  /** The failure that caused this one. */
  cause?: unknown;
}

/**
 * The base class of every error Lifeline throws or returns. Use {@link LifelineError.isInstance}
 * rather than `instanceof`: it also recognises errors from another copy of this package.
 */
export class LifelineError extends Error {
  /** The stable identifier of this failure. */
  readonly code: LifelineErrorCode;

  constructor(code: LifelineErrorCode, message: string, options: LifelineErrorOptions = {}) {
    super(redactSecrets(message), 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for any Lifeline error, including one created by a duplicate copy of this package. */
  static isInstance(value: unknown): value is LifelineError {
    return typeof value === 'object' && value !== null && brand in value;
  }
}

/** Input that Lifeline cannot accept: a malformed subscription id, timestamp or option. */
export class InvalidInputError extends LifelineError {
  /** The name of the offending field or argument. */
  readonly field: string;

  constructor(field: string, message: string, options: LifelineErrorOptions = {}) {
    super('ERR_INVALID_INPUT', `${field}: ${message}`, options);
    this.field = field;
  }
}

/** What Lifeline knows about an HTTP response from Microsoft Graph that reported a failure. */
export interface GraphResponseDetails {
  method: string;
  url: string;
  status: number;
  /** `error.code` from Graph's error body, when the body had one. */
  graphCode?: string | undefined;
  /** `error.message` from Graph's error body, when the body had one. */
  graphMessage?: string | undefined;
  requestId?: string | undefined;
  clientRequestId?: string | undefined;
  /** The `date` Graph gave, from the error body or the `Date` header. */
  date?: string | undefined;
  /** How long Graph asked the caller to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** The response body as text, cut to a few kilobytes. */
  body?: string | undefined;
}

const retryableStatuses = new Set([429, 503, 504]);

/** Microsoft Graph answered, and the answer was a failure. */
export class GraphResponseError extends LifelineError {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly graphCode: string | undefined;
  readonly graphMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  readonly date: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly body: string | undefined;
  /** Whether sending the same request later may succeed (429, 503, 504). */
  readonly isRetryable: boolean;

  constructor(details: GraphResponseDetails, options: LifelineErrorOptions = {}) {
    const code =
      new.target === SubscriptionGoneError ? 'ERR_SUBSCRIPTION_GONE' : 'ERR_GRAPH_RESPONSE';
    super(code, describeResponse(details), options);
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.graphCode = details.graphCode;
    this.graphMessage = details.graphMessage;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.date = details.date;
    this.retryAfterMs = details.retryAfterMs;
    this.body = details.body;
    this.isRetryable = retryableStatuses.has(details.status);
  }
}

function describeResponse(details: GraphResponseDetails): string {
  const graph = details.graphCode ? ` ${details.graphCode}` : '';
  const text = details.graphMessage ? `: ${details.graphMessage}` : '';
  const ids = details.requestId ? ` (request-id ${details.requestId})` : '';
  return `${details.method} ${details.url} failed with ${details.status}${graph}${text}${ids}`;
}

/**
 * The subscription no longer exists: Graph answered `404 Not Found` to a reauthorize or renew.
 * Retrying will not help; create a new subscription instead.
 * See https://learn.microsoft.com/graph/api/subscription-update
 */
export class SubscriptionGoneError extends GraphResponseError {}

/** The request never got an HTTP answer: DNS, connection or TLS failure. */
export class GraphNetworkError extends LifelineError {
  readonly method: string;
  readonly url: string;
  readonly isRetryable = true;

  constructor(method: string, url: string, options: LifelineErrorOptions = {}) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('ERR_GRAPH_NETWORK', `${method} ${url} failed before a response${reason}`, options);
    this.method = method;
    this.url = url;
  }
}

/** An attempt took longer than its timeout, or retries ran past the total time budget. */
export class GraphTimeoutError extends LifelineError {
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;
  readonly isRetryable = true;

  constructor(method: string, url: string, timeoutMs: number, options: LifelineErrorOptions = {}) {
    super('ERR_GRAPH_TIMEOUT', `${method} ${url} timed out after ${timeoutMs} ms`, options);
    this.method = method;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/** The token source failed to produce a bearer token. */
export class TokenSourceError extends LifelineError {
  constructor(message: string, options: LifelineErrorOptions = {}) {
    super('ERR_TOKEN_SOURCE', message, options);
  }
}
