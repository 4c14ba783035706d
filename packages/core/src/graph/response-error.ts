/**
 * Turns a failed Graph response into a {@link GraphResponseError} that keeps everything needed to
 * follow it up: Graph's error code and message, `request-id`, `client-request-id`, date and
 * `Retry-After`. Bodies that are HTML, empty or cut short still give a typed error.
 * See https://learn.microsoft.com/graph/errors
 *
 * @module
 */
import { GraphResponseError, SubscriptionGoneError } from '../errors.js';
import { parseRetryAfter } from './retry-policy.js';

/** What the caller knows about the request that failed. */
export interface FailedRequest {
  method: string;
  url: string;
  /** The `client-request-id` that was sent. */
  clientRequestId: string | undefined;
  /** Whether a 404 means the subscription is gone (true for calls about one subscription). */
  goneOn404: boolean;
  /** Values (the bearer token) to blank out wherever Graph might echo them. */
  secrets: readonly string[];
}

interface GraphErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
}

const maxBodyLength = 4096;

/** The typed error for a failed response whose body was read as `text`. */
export function responseError(
  response: Response,
  text: string,
  request: FailedRequest,
  now: Date,
): GraphResponseError {
  const body = readErrorBody(text);
  const headers = response.headers;
  const details = {
    method: request.method,
    url: request.url,
    status: response.status,
    graphCode: body.code,
    graphMessage: body.message === undefined ? undefined : redact(body.message, request.secrets),
    requestId: headers.get('request-id') ?? body.requestId,
    clientRequestId:
      headers.get('client-request-id') ?? body.clientRequestId ?? request.clientRequestId,
    date: body.date ?? headers.get('date') ?? undefined,
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), now),
    body: text === '' ? undefined : redact(text.slice(0, maxBodyLength), request.secrets),
  };
  return request.goneOn404 && response.status === 404
    ? new SubscriptionGoneError(details)
    : new GraphResponseError(details);
}

/**
 * Reads `{ error: { code, message, innerError: { request-id, client-request-id, date } } }`.
 * Whatever is missing or malformed is left out.
 */
function readErrorBody(text: string): GraphErrorBody {
  const error = field(parseJson(text), 'error');
  const inner = field(error, 'innerError') ?? field(error, 'innererror');
  return {
    code: stringField(error, 'code'),
    message: stringField(error, 'message'),
    requestId: stringField(inner, 'request-id'),
    clientRequestId: stringField(inner, 'client-request-id'),
    date: stringField(inner, 'date'),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) {
    return undefined;
  }
  return (value as Record<string, unknown>)[name];
}

function stringField(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === 'string' && found !== '' ? found.slice(0, maxBodyLength) : undefined;
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce(
    (result, secret) => (secret.length >= 8 ? result.replaceAll(secret, '[redacted]') : result),
    text,
  );
}
