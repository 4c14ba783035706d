/**
 * The Graph client: the subscription operations Lifeline performs, each a built request sent
 * through the injected `fetch` with a token from the injected token source.
 *
 * @module
 */
import { GraphResponseError } from '../errors.js';
import {
  buildCreateSubscriptionRequest,
  buildDeleteSubscriptionRequest,
  buildGetSubscriptionRequest,
  buildListSubscriptionsRequest,
  buildReauthorizeRequest,
  buildRenewRequest,
} from './builders.js';
import {
  type GraphClientOptions,
  type NormalisedClientOptions,
  normaliseClientOptions,
} from './client-options.js';
import type { FailedRequest } from './response-error.js';
import { type Exchange, send } from './send.js';
import type { Subscription, SubscriptionCreateInput } from './subscription.js';

/**
 * The subscription operations. Each throws a {@link LifelineError}: `InvalidInputError` for bad
 * input (before anything is sent), `TokenSourceError`, `SubscriptionGoneError` (404 on a call
 * about one subscription), `GraphResponseError`, `GraphNetworkError` or `GraphTimeoutError`.
 */
export interface GraphClient {
  /** `POST /subscriptions/{id}/reauthorize`; does not extend the expiry. */
  reauthorize(subscriptionId: string): Promise<void>;
  /** `PATCH /subscriptions/{id}` with a new expiry; also reauthorizes. */
  renew(subscriptionId: string, expirationDateTime: Date | string): Promise<Subscription>;
  /** `GET /subscriptions/{id}`. */
  get(subscriptionId: string): Promise<Subscription>;
  /** `GET /subscriptions`, following `@odata.nextLink` to the last page. */
  list(): Promise<Subscription[]>;
  /**
   * `POST /subscriptions`. Resent only when Graph refused it (429, 503): after a network failure
   * or timeout Graph may have created it, so the error is returned instead.
   */
  create(input: SubscriptionCreateInput): Promise<Subscription>;
  /** `DELETE /subscriptions/{id}`. */
  delete(subscriptionId: string): Promise<void>;
}

// Graph answers pages of subscriptions; a cycle or an endless chain of links is cut off here.
const maxPages = 1000;

/**
 * Creates a Graph client. It retries 429, 503, 504 and network failures within a time budget,
 * honouring `Retry-After`, and answers one claims challenge per call.
 *
 * @throws {InvalidInputError} for a missing token source or an invalid option.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const settings = normaliseClientOptions(options);
  const target = { cloud: settings.cloud, version: settings.version };
  const run = <T>(exchange: Exchange<T>) => send(settings, exchange);

  // Async throughout, so that bad input rejects the promise instead of throwing at the call.
  return {
    reauthorize: async (subscriptionId) =>
      run(noContent(buildReauthorizeRequest({ ...target, subscriptionId }))),
    renew: async (subscriptionId, expirationDateTime) =>
      run(aSubscription(buildRenewRequest({ ...target, subscriptionId, expirationDateTime }))),
    get: async (subscriptionId) =>
      run(aSubscription(buildGetSubscriptionRequest({ ...target, subscriptionId }))),
    list: async () => listAll(settings),
    create: async (subscription) =>
      run({
        ...aSubscription(buildCreateSubscriptionRequest({ ...target, subscription })),
        goneOn404: false,
        idempotent: false,
      }),
    delete: async (subscriptionId) =>
      run(noContent(buildDeleteSubscriptionRequest({ ...target, subscriptionId }))),
  };
}

function noContent(request: Request): Exchange<void> {
  return { request, goneOn404: true, idempotent: true, read: () => undefined };
}

function aSubscription(request: Request): Exchange<Subscription> {
  return {
    request,
    goneOn404: true,
    idempotent: true,
    read: (response, text, failed) =>
      readBody(response, text, failed, isSubscription, 'a subscription'),
  };
}

interface Page {
  value: Subscription[];
  '@odata.nextLink'?: string | null;
}

async function listAll(settings: NormalisedClientOptions): Promise<Subscription[]> {
  const target = { cloud: settings.cloud, version: settings.version };
  const subscriptions: Subscription[] = [];
  const seen = new Set<string>();
  let nextLink: string | undefined;
  do {
    const request = buildListSubscriptionsRequest({ ...target, ...(nextLink && { nextLink }) });
    const page = await send(settings, listPage(request, seen));
    subscriptions.push(...page.value);
    nextLink = page['@odata.nextLink'] ?? undefined;
    if (nextLink !== undefined) seen.add(nextLink);
  } while (nextLink !== undefined);
  return subscriptions;
}

// A page that links back to one already read, or an endless chain, would never finish.
function listPage(request: Request, seen: Set<string>): Exchange<Page> {
  const isNewPage = (value: unknown): value is Page => {
    if (!isPage(value)) return false;
    const link = value['@odata.nextLink'];
    return typeof link !== 'string' || (!seen.has(link) && seen.size < maxPages);
  };
  return {
    request,
    goneOn404: false,
    idempotent: true,
    read: (response, text, failed) =>
      readBody(response, text, failed, isNewPage, 'a page of subscriptions that ends'),
  };
}

// A 2xx whose body is not what Graph documents is still a failure, with the body kept.
function readBody<T>(
  response: Response,
  text: string,
  failed: FailedRequest,
  isExpected: (value: unknown) => value is T,
  expected: string,
): T {
  const value = parseJson(text);
  if (isExpected(value)) return value;
  throw new GraphResponseError({
    method: failed.method,
    url: failed.url,
    status: response.status,
    graphMessage: `the response body is not ${expected} from Microsoft Graph`,
    requestId: response.headers.get('request-id') ?? undefined,
    clientRequestId: failed.clientRequestId,
    body: text.slice(0, 4096),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isSubscription(value: unknown): value is Subscription {
  return (
    typeof value === 'object' && value !== null && typeof (value as Subscription).id === 'string'
  );
}

function isPage(value: unknown): value is Page {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as Partial<Page>;
  const link = page['@odata.nextLink'];
  const linkOk = link === undefined || link === null || typeof link === 'string';
  return Array.isArray(page.value) && page.value.every(isSubscription) && linkOk;
}
