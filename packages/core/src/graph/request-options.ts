/**
 * What every request builder shares: the cloud and version that make the URL, and the
 * `client-request-id` that ties a request to Graph's logs.
 *
 * @module
 */
import { type Cloud, clouds, type GraphVersion } from '../clouds.js';
import { InvalidInputError } from '../errors.js';
import { isGuid, quote } from './validate.js';

/** Options every request builder takes. */
export interface GraphRequestOptions {
  /** The national cloud or a custom one; defaults to the global cloud. */
  cloud?: Cloud;
  /** `v1.0` (the default) or `beta`. */
  version?: GraphVersion;
  /**
   * A GUID sent as `client-request-id`, which Graph echoes and records; a random one by default.
   * See https://learn.microsoft.com/graph/best-practices-concept#reliability-and-support
   */
  clientRequestId?: string;
}

const versions: readonly GraphVersion[] = ['v1.0', 'beta'];

/**
 * `{graphUrl}/{version}/subscriptions` for the chosen cloud and version.
 *
 * @throws {InvalidInputError} for an unknown version or a cloud without an http(s) Graph URL.
 */
export function subscriptionsUrl(options: GraphRequestOptions): string {
  const version = options.version ?? 'v1.0';
  if (!versions.includes(version)) {
    throw new InvalidInputError('version', `${quote(String(version))} is not v1.0 or beta`);
  }
  return `${graphRoot(options.cloud ?? clouds.global)}/${version}/subscriptions`;
}

function graphRoot(cloud: Cloud): string {
  const root = typeof cloud?.graphUrl === 'string' ? cloud.graphUrl.replace(/\/+$/, '') : '';
  if (!/^https?:\/\/[^/?#]/i.test(root) || /[?#]/.test(root)) {
    throw new InvalidInputError('cloud', 'graphUrl must be an absolute http(s) URL');
  }
  return root;
}

/**
 * A web `Request` with the `client-request-id` header set and, when given, a JSON body.
 * `Authorization` is left to whoever sends it.
 *
 * @throws {InvalidInputError} when `clientRequestId` is given and is not a GUID.
 */
export function graphRequest(
  method: string,
  url: string,
  options: GraphRequestOptions,
  body?: Record<string, unknown>,
): Request {
  const headers = new Headers({ 'client-request-id': clientRequestId(options) });
  if (body === undefined) return new Request(url, { method, headers });

  headers.set('content-type', 'application/json');
  return new Request(url, { method, headers, body: JSON.stringify(body) });
}

function clientRequestId(options: GraphRequestOptions): string {
  const given = options.clientRequestId;
  if (given === undefined) return crypto.randomUUID();
  if (!isGuid(given)) {
    throw new InvalidInputError('clientRequestId', `${quote(String(given))} is not a GUID`);
  }
  return given;
}
