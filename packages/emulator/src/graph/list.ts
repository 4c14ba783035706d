/**
 * `GET /subscriptions`: the caller's subscriptions (this app's, and for a delegated caller only the
 * signed-in user's), `clientState` hidden, paged with `@odata.nextLink`; no OData query options.
 * See https://learn.microsoft.com/graph/api/subscription-list
 *
 * @module
 */
import type { Context } from 'hono';
import type { EmulatorEnv } from '../context.js';
import { graphError } from './errors.js';
import { isVisibleTo } from './operations.js';
import { authorizeOperation } from './permissions.js';
import { subscriptionJson } from './representation.js';
import { odata } from './respond.js';
import type { Subscription } from './subscription-store.js';

const queryOptions = [
  '$filter',
  '$select',
  '$top',
  '$skip',
  '$orderby',
  '$expand',
  '$count',
  '$search',
];

/** Handles `GET /{version}/subscriptions`. */
export async function listSubscriptions(c: Context<EmulatorEnv>): Promise<Response> {
  const { state, caller } = c.var;
  const option = queryOptions.find((name) => c.req.query(name) !== undefined);
  if (option) {
    // ASP.NET OData's answer to a query option the endpoint does not allow.
    const name = option.slice(1, 2).toUpperCase() + option.slice(2);
    const message = [
      `Query option '${name}' is not allowed. To allow it, set the 'AllowedQueryOptions'`,
      'property on EnableQueryAttribute or QueryValidationSettings.',
    ].join(' ');
    return graphError(c, 400, 'BadRequest', message);
  }
  const now = state.clock.now();
  const visible = state.subscriptions
    .all()
    .filter((subscription) => subscription.expirationDateTime > now)
    .filter((subscription) => isVisibleTo(c, subscription, caller))
    .filter((subscription) => authorizeOperation(caller, subscription.resource, 'list').ok)
    .sort(byCreation);

  const after = decodeSkipToken(c.req.query('$skiptoken'));
  const rest = after ? visible.filter((subscription) => sortKey(subscription) > after) : visible;
  const page = rest.slice(0, Math.max(1, state.settings.listPageSize));
  const base = `${c.get('site').graph?.base ?? c.get('origin')}/${c.req.param('version')}`;
  const last = page[page.length - 1];
  return odata(c, {
    '@odata.context': `${base}/$metadata#subscriptions`,
    value: page.map((subscription) => subscriptionJson(subscription, { hideClientState: true })),
    ...(last && rest.length > page.length
      ? { '@odata.nextLink': `${base}/subscriptions?$skiptoken=${encodeSkipToken(last)}` }
      : {}),
  });
}

// Creation time, then id: a stable order that survives deletions between pages.
function sortKey(subscription: Subscription): string {
  const time = String(subscription.createdAt.getTime()).padStart(15, '0');
  return `${time}|${subscription.id}`;
}

function byCreation(a: Subscription, b: Subscription): number {
  return sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0;
}

function encodeSkipToken(subscription: Subscription): string {
  return Buffer.from(sortKey(subscription)).toString('base64url');
}

function decodeSkipToken(token: string | undefined): string | undefined {
  return token ? Buffer.from(token, 'base64url').toString('utf8') : undefined;
}
