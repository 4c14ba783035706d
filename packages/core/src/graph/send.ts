/**
 * Sends one built Graph request: adds the bearer token, bounds each attempt with a timeout,
 * answers one claims challenge, and retries what Graph says may succeed later.
 *
 * @module
 */
import {
  GraphNetworkError,
  GraphResponseError,
  GraphTimeoutError,
  type LifelineError,
  TokenSourceError,
} from '../errors.js';
import type { Clock, FetchFunction, TokenRequest, TokenSource } from '../types.js';
import { readClaimsChallenge } from './claims-challenge.js';
import { type FailedRequest, responseError } from './response-error.js';
import { backoffDelay, type RetryOptions } from './retry-policy.js';

/** Why the client is about to retry. */
export type RetryReason = 'throttled' | 'unavailable' | 'network' | 'timeout';

/** What `onRetry` hears before each wait. */
export interface RetryInfo {
  /** The attempt that just failed, 1 for the first. */
  attempt: number;
  /** How long the client will wait before the next attempt. */
  delayMs: number;
  /** `throttled` (429), `unavailable` (503, 504), `network` or `timeout`. */
  reason: RetryReason;
  /** The HTTP status, when Graph answered. */
  status?: number;
  /** The failure being retried. */
  error: LifelineError;
}

/** The normalised settings that {@link send} works with. */
export interface SendContext {
  readonly tokenSource: TokenSource;
  readonly fetch: FetchFunction;
  readonly scope: string;
  readonly retry: RetryOptions;
  readonly timeoutMs: number;
  readonly now: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly onRetry: ((info: RetryInfo) => void) | undefined;
}

/** One call: the built request, how to read success, and what its failures mean. */
export interface Exchange<T> {
  readonly request: Request;
  /** A 404 means the subscription is gone (true for calls about one subscription). */
  readonly goneOn404: boolean;
  /** Whether resending after an unknown outcome (network failure, timeout, 504) is safe. */
  readonly idempotent: boolean;
  /** Reads a 2xx response whose body was read as `text`. */
  readonly read: (response: Response, text: string, request: FailedRequest) => T;
}

interface Outcome {
  response?: Response;
  text: string;
  error?: LifelineError;
}

interface Progress {
  attempt: number;
  readonly started: number;
  claims: string | undefined;
  challenged: boolean;
}

/**
 * Sends `exchange.request` until it succeeds, fails for good, or runs out of attempts or budget.
 *
 * @throws {TokenSourceError} when the token source fails or returns no usable token.
 * @throws {SubscriptionGoneError} for a 404 on a call about one subscription.
 * @throws {GraphResponseError} for any other failed response, the last one when retries ran out.
 * @throws {GraphNetworkError} or {GraphTimeoutError} when the last attempt got no answer.
 */
export async function send<T>(context: SendContext, exchange: Exchange<T>): Promise<T> {
  const progress: Progress = {
    attempt: 0,
    started: context.now().getTime(),
    claims: undefined,
    challenged: false,
  };
  for (;;) {
    progress.attempt += 1;
    const token = await acquireToken(context, progress.claims);
    progress.claims = undefined;
    const failed = failedRequest(exchange, token);
    const outcome = await attempt(context, exchange.request, token, remainingMs(context, progress));

    if (outcome.response?.ok) return exchange.read(outcome.response, outcome.text, failed);
    if (answerChallenge(outcome, progress)) continue;
    const error = outcome.error ?? toResponseError(context, outcome, failed);
    await waitBeforeRetry(context, exchange, progress, error);
  }
}

function failedRequest(exchange: Exchange<unknown>, token: string): FailedRequest {
  const { request } = exchange;
  return {
    method: request.method,
    url: request.url,
    clientRequestId: request.headers.get('client-request-id') ?? undefined,
    goneOn404: exchange.goneOn404,
    secrets: [token],
  };
}

function toResponseError(context: SendContext, outcome: Outcome, failed: FailedRequest) {
  return responseError(outcome.response as Response, outcome.text, failed, context.now());
}

function remainingMs(context: SendContext, progress: Progress): number {
  const elapsed = context.now().getTime() - progress.started;
  return Math.max(1, Math.min(context.timeoutMs, context.retry.budgetMs - elapsed));
}

// Graph asks for a token with more claims by answering 401 with a claims challenge. It is
// answered once per call; a second challenge means the new token did not satisfy it.
// See https://learn.microsoft.com/entra/identity-platform/claims-challenge
function answerChallenge(outcome: Outcome, progress: Progress): boolean {
  if (outcome.response?.status !== 401 || progress.challenged) return false;
  const claims = readClaimsChallenge(outcome.response);
  if (claims === undefined) return false;
  progress.challenged = true;
  progress.claims = claims;
  // Answering the challenge is not a retry: it does not use up an attempt.
  progress.attempt -= 1;
  return true;
}

async function acquireToken(context: SendContext, claims: string | undefined): Promise<string> {
  const request: TokenRequest = { scopes: [context.scope] };
  if (claims !== undefined) request.claims = claims;
  let result: unknown;
  try {
    result = await context.tokenSource(request);
  } catch (cause) {
    throw new TokenSourceError(`the token source failed for ${context.scope}`, { cause });
  }
  const token = (result as { token?: unknown } | undefined)?.token;
  // A token that is not a plain header value would make Headers throw with the token in its
  // message, so it is refused here without being shown.
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
    throw new TokenSourceError(`the token source returned no usable token for ${context.scope}`);
  }
  return token;
}

async function attempt(
  context: SendContext,
  template: Request,
  token: string,
  limitMs: number,
): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limitMs);
  try {
    const response = await context.fetch(authorised(template, token, controller.signal));
    // The body is read inside the timeout too: a stalled body is as bad as a stalled answer.
    return { response, text: await response.text() };
  } catch (cause) {
    const { method, url } = template;
    const error = timedOut
      ? new GraphTimeoutError(method, url, limitMs, { cause })
      : new GraphNetworkError(method, url, { cause });
    return { text: '', error };
  } finally {
    clearTimeout(timer);
  }
}

function authorised(template: Request, token: string, signal: AbortSignal): Request {
  const headers = new Headers(template.headers);
  headers.set('authorization', `Bearer ${token}`);
  return new Request(template.clone(), { headers, signal });
}

async function waitBeforeRetry(
  context: SendContext,
  exchange: Exchange<unknown>,
  progress: Progress,
  error: LifelineError,
): Promise<void> {
  const reason = retryReason(error, exchange.idempotent);
  if (reason === undefined || progress.attempt >= context.retry.maxAttempts) throw error;

  const retryAfterMs = error instanceof GraphResponseError ? error.retryAfterMs : undefined;
  const delayMs = retryAfterMs ?? backoffDelay(progress.attempt, context.retry, context.random);
  const elapsed = context.now().getTime() - progress.started;
  // Waiting past the budget only to fail later helps nobody: stop with this failure now.
  if (elapsed + delayMs > context.retry.budgetMs) throw error;

  const info: RetryInfo = { attempt: progress.attempt, delayMs, reason, error };
  if (error instanceof GraphResponseError) info.status = error.status;
  notify(context, info);
  await context.sleep(delayMs);
}

// Graph documents 429 (throttled), 503 and 504 as worth retrying. A network failure, a timeout
// or a 504 leaves it unknown whether Graph acted, so only idempotent calls resend then.
// See https://learn.microsoft.com/graph/errors#http-status-codes
function retryReason(error: LifelineError, idempotent: boolean): RetryReason | undefined {
  if (error instanceof GraphResponseError) {
    if (error.status === 429) return 'throttled';
    if (error.status === 503 || (error.status === 504 && idempotent)) return 'unavailable';
    return undefined;
  }
  if (!idempotent) return undefined;
  if (error instanceof GraphTimeoutError) return 'timeout';
  return error instanceof GraphNetworkError ? 'network' : undefined;
}

// A hook that throws must not turn a retry into a failure: its error is dropped.
function notify(context: SendContext, info: RetryInfo): void {
  try {
    context.onRetry?.(info);
  } catch {
    // Ignored on purpose; see above.
  }
}
