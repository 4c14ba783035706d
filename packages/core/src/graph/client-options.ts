/**
 * The Graph client's options, and their normalisation into a new object with every default
 * filled in. The caller's object is never changed.
 *
 * @module
 */
import { type Cloud, clouds, type GraphVersion, graphDefaultScope } from '../clouds.js';
import { InvalidInputError } from '../errors.js';
import type { Clock, FetchFunction, TokenSource } from '../types.js';
import { subscriptionsUrl } from './request-options.js';
import { normaliseRetryOptions, type RetryOptions } from './retry-policy.js';
import type { RetryInfo, SendContext } from './send.js';

/** Options for {@link createGraphClient}. */
export interface GraphClientOptions {
  /** Where bearer tokens come from; asked for `${graphUrl}/.default`. */
  tokenSource: TokenSource;
  /** Sends requests; defaults to the runtime's global `fetch`, looked up at call time. */
  fetch?: FetchFunction;
  /** The national cloud or a custom one; defaults to the global cloud. */
  cloud?: Cloud;
  /** `v1.0` (the default) or `beta`. */
  version?: GraphVersion;
  /** How throttled and failed requests are retried; see {@link RetryOptions} for defaults. */
  retry?: Partial<RetryOptions>;
  /** The limit for one attempt, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** The clock used for the retry budget and HTTP-date `Retry-After`; defaults to the system's. */
  now?: Clock;
  /** Waits between attempts; defaults to a timer. Inject it to test without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for backoff jitter; defaults to `Math.random`. */
  random?: () => number;
  /** Hears about each retry before its wait, e.g. to log or count. What it throws is ignored. */
  onRetry?: (info: RetryInfo) => void;
}

/** The client's settings after normalisation. */
export interface NormalisedClientOptions extends SendContext {
  readonly cloud: Cloud;
  readonly version: GraphVersion;
}

/**
 * Checks the options and fills in defaults, into a new frozen object.
 *
 * @throws {InvalidInputError} for a missing token source or an option out of range.
 */
export function normaliseClientOptions(options: GraphClientOptions): NormalisedClientOptions {
  if (typeof options?.tokenSource !== 'function') {
    throw new InvalidInputError('tokenSource', 'must be a function that returns a token');
  }
  const cloud = options.cloud ?? clouds.global;
  const version = options.version ?? 'v1.0';
  subscriptionsUrl({ cloud, version });
  return Object.freeze({
    cloud,
    version,
    tokenSource: options.tokenSource,
    fetch: options.fetch ?? defaultFetch,
    scope: graphDefaultScope({ ...cloud, graphUrl: cloud.graphUrl.replace(/\/+$/, '') }),
    retry: normaliseRetryOptions(options.retry),
    timeoutMs: checkTimeout(options.timeoutMs),
    now: checkFunction(options.now, 'now') ?? (() => new Date()),
    sleep: checkFunction(options.sleep, 'sleep') ?? defaultSleep,
    random: checkFunction(options.random, 'random') ?? Math.random,
    onRetry: checkFunction(options.onRetry, 'onRetry'),
  });
}

// Read at call time, not import time, so that a runtime or test that installs `fetch` later is
// respected.
const defaultFetch: FetchFunction = (request) => globalThis.fetch(request);

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

function checkTimeout(value: number | undefined): number {
  if (value === undefined) return 30_000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError('timeoutMs', 'must be a positive finite number');
  }
  return value;
}

function checkFunction<F>(value: F | undefined, field: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidInputError(field, 'must be a function');
  }
  return value;
}
