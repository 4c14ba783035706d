/**
 * Synchronous builders for the subscription requests Lifeline sends. Each returns a web `Request`
 * with `client-request-id` set and no `Authorization`: the sender adds the token.
 * See https://learn.microsoft.com/graph/api/resources/subscription#methods
 *
 * @module
 */
import { InvalidInputError } from '../errors.js';
import { createSubscriptionBody } from './create-body.js';
import { type GraphRequestOptions, graphRequest, subscriptionsUrl } from './request-options.js';
import type { SubscriptionCreateInput } from './subscription.js';
import { checkSubscriptionId, toGraphTimestamp } from './validate.js';

/** Options for a request about one subscription. */
export interface SubscriptionRequestOptions extends GraphRequestOptions {
  /** The subscription's id, a GUID. */
  subscriptionId: string;
}

/** Options for a renewing `PATCH`. */
export interface RenewRequestOptions extends SubscriptionRequestOptions {
  /** The new expiry: a `Date`, or an ISO 8601 string with `Z` or an offset. */
  expirationDateTime: Date | string;
}

/** Options for `POST /subscriptions`. */
export interface CreateSubscriptionRequestOptions extends GraphRequestOptions {
  /** The subscription to create; only the properties Graph accepts are sent. */
  subscription: SubscriptionCreateInput;
}

/** Options for `GET /subscriptions`. */
export interface ListSubscriptionsRequestOptions extends GraphRequestOptions {
  /**
   * The `@odata.nextLink` of the previous page. It must point at the same cloud, version and
   * collection, so that a page cannot send the bearer token elsewhere.
   */
  nextLink?: string;
}

function subscriptionUrl(options: SubscriptionRequestOptions): string {
  const id = checkSubscriptionId(options.subscriptionId);
  return `${subscriptionsUrl(options)}/${encodeURIComponent(id)}`;
}

/**
 * `POST {graphUrl}/{version}/subscriptions/{id}/reauthorize`, with no body. Reauthorizes the
 * subscription without extending its expiry.
 * See https://learn.microsoft.com/graph/api/subscription-reauthorize
 *
 * @throws {InvalidInputError} for an id that is not a GUID or a bad cloud, version or request id.
 */
export function buildReauthorizeRequest(options: SubscriptionRequestOptions): Request {
  return graphRequest('POST', `${subscriptionUrl(options)}/reauthorize`, options);
}

/**
 * `PATCH {graphUrl}/{version}/subscriptions/{id}` with `{ expirationDateTime }` in UTC. Renewing
 * also reauthorizes.
 * See https://learn.microsoft.com/graph/api/subscription-update
 *
 * @throws {InvalidInputError} for a bad id or timestamp, or a bad cloud, version or request id.
 */
export function buildRenewRequest(options: RenewRequestOptions): Request {
  const url = subscriptionUrl(options);
  const expirationDateTime = toGraphTimestamp(options.expirationDateTime, 'expirationDateTime');
  return graphRequest('PATCH', url, options, { expirationDateTime });
}

/**
 * `GET {graphUrl}/{version}/subscriptions/{id}`.
 * See https://learn.microsoft.com/graph/api/subscription-get
 *
 * @throws {InvalidInputError} for an id that is not a GUID or a bad cloud, version or request id.
 */
export function buildGetSubscriptionRequest(options: SubscriptionRequestOptions): Request {
  return graphRequest('GET', subscriptionUrl(options), options);
}

/**
 * `DELETE {graphUrl}/{version}/subscriptions/{id}`.
 * See https://learn.microsoft.com/graph/api/subscription-delete
 *
 * @throws {InvalidInputError} for an id that is not a GUID or a bad cloud, version or request id.
 */
export function buildDeleteSubscriptionRequest(options: SubscriptionRequestOptions): Request {
  return graphRequest('DELETE', subscriptionUrl(options), options);
}

/**
 * `POST {graphUrl}/{version}/subscriptions` with a checked JSON body holding only the properties
 * Graph accepts.
 * See https://learn.microsoft.com/graph/api/subscription-post-subscriptions
 *
 * @throws {InvalidInputError} naming the first missing or invalid property.
 */
export function buildCreateSubscriptionRequest(options: CreateSubscriptionRequestOptions): Request {
  const url = subscriptionsUrl(options);
  return graphRequest('POST', url, options, createSubscriptionBody(options.subscription));
}

/**
 * `GET {graphUrl}/{version}/subscriptions`, or the page at `nextLink`. Graph supports no query
 * options on this call and pages with `@odata.nextLink`.
 * See https://learn.microsoft.com/graph/api/subscription-list
 *
 * @throws {InvalidInputError} for a `nextLink` outside the collection, or a bad cloud, version or
 * request id.
 */
export function buildListSubscriptionsRequest(
  options: ListSubscriptionsRequestOptions = {},
): Request {
  const collection = subscriptionsUrl(options);
  const url =
    options.nextLink === undefined ? collection : checkNextLink(options.nextLink, collection);
  return graphRequest('GET', url, options);
}

function checkNextLink(nextLink: unknown, collection: string): string {
  let url: URL;
  try {
    url = new URL(String(nextLink));
  } catch (cause) {
    throw new InvalidInputError('nextLink', 'is not an absolute URL', { cause });
  }
  const base = new URL(collection);
  // Graph pages the collection itself with a `$skiptoken` query; nothing else is followed.
  const elsewhere = url.origin !== base.origin || url.pathname !== base.pathname;
  if (elsewhere || url.username !== '' || url.password !== '') {
    throw new InvalidInputError('nextLink', `must stay within ${collection}`);
  }
  return url.href;
}
