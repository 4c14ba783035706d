/**
 * `GET`, `PATCH` (renew), `DELETE` and `POST …/reauthorize` on one subscription.
 * See https://learn.microsoft.com/graph/api/subscription-update and
 * https://learn.microsoft.com/graph/api/subscription-reauthorize
 *
 * @module
 */
import type { SubscriptionOperation } from '@lifeline/core';
import type { Context } from 'hono';
import type { EmulatorEnv } from '../context.js';
import type { Caller } from '../entra/verify-access-token.js';
import { authorize } from '../lifecycle/schedule.js';
import { parsePatchBody } from './body.js';
import { extensionError, graphError, type ServiceOperation } from './errors.js';
import { settleExpiration } from './expiration.js';
import { handshakeFailureMessage, validateEndpoint } from './handshake.js';
import { accessReason, authorizeOperation } from './permissions.js';
import { entityContext, subscriptionJson } from './representation.js';
import { bodyProblem, odata, readJson } from './respond.js';
import type { Subscription } from './subscription-store.js';

/** Handles `GET /{version}/subscriptions/{id}`. */
export async function getSubscription(c: Context<EmulatorEnv>): Promise<Response> {
  // The get page's permission rows match the reauthorize table.
  const found = findPermitted(c, 'reauthorize', 'Get');
  if (!found.ok) return found.response;
  const subscription = found.subscription;
  return odata(c, {
    '@odata.context': entityContext(subscription),
    ...subscriptionJson(subscription),
  });
}

/** Handles `PATCH /{version}/subscriptions/{id}`: renews, and so also reauthorizes. */
export async function renewSubscription(c: Context<EmulatorEnv>): Promise<Response> {
  const found = findPermitted(c, 'update', 'Update');
  if (!found.ok) return found.response;
  const { state } = c.var;
  const subscription = found.subscription;
  const parsed = parsePatchBody(await readJson(c), state.settings.allowHttpLoopback);
  if (!parsed.ok) return bodyProblem(c, parsed.problem);

  const { expirationDateTime, notificationUrl } = parsed.value;
  const settled = settleExpiration({
    ...subscription,
    requested: expirationDateTime ?? subscription.expirationDateTime,
    now: state.clock.now(),
    operation: 'Update',
  });
  if (!settled.ok) return graphError(c, 400, settled.refusal.code, settled.refusal.message);
  if (notificationUrl !== undefined && notificationUrl !== subscription.notificationUrl) {
    const result = await validateEndpoint(state, notificationUrl, 'notificationUrl');
    if (!result.ok) return graphError(c, 400, 'InvalidRequest', handshakeFailureMessage(result));
    subscription.notificationUrl = notificationUrl;
  }
  if (expirationDateTime) subscription.expirationDateTime = settled.value;
  authorize(state, subscription);
  return odata(c, {
    '@odata.context': entityContext(subscription),
    ...subscriptionJson(subscription),
  });
}

/** Handles `DELETE /{version}/subscriptions/{id}`. */
export async function deleteSubscription(c: Context<EmulatorEnv>): Promise<Response> {
  const found = findPermitted(c, 'delete', 'Delete');
  if (!found.ok) return found.response;
  const { state } = c.var;
  state.subscriptions.remove(found.subscription.id, 'deleted', state.clock.now());
  return c.body(null, 204);
}

/** Handles `POST /{version}/subscriptions/{id}/reauthorize`: no body, `204`, expiry unchanged. */
export async function reauthorizeSubscription(c: Context<EmulatorEnv>): Promise<Response> {
  const found = findPermitted(c, 'reauthorize', 'Reauthorize');
  if (!found.ok) return found.response;
  authorize(c.get('state'), found.subscription);
  return c.body(null, 204);
}

/**
 * Whether the caller can see a subscription: same cloud, tenant and app; for a delegated caller
 * also the same user.
 */
export function isVisibleTo(c: Context<EmulatorEnv>, subscription: Subscription, caller: Caller) {
  return (
    subscription.cloud === (c.get('site').graph?.cloud.name ?? 'global') &&
    subscription.tenantId === caller.tenantId &&
    subscription.appId === caller.appId &&
    (caller.kind === 'app' || subscription.creatorId === caller.subject)
  );
}

type Found = { ok: true; subscription: Subscription } | { ok: false; response: Response };

function findPermitted(
  c: Context<EmulatorEnv>,
  operation: SubscriptionOperation,
  serviceOperation: ServiceOperation,
): Found {
  const { state, caller } = c.var;
  const id = c.req.param('id') ?? '';
  const subscription = state.subscriptions.get(id);
  // Expiry timers run on the emulator clock; a request may land before the timer has run.
  if (subscription && subscription.expirationDateTime <= state.clock.now()) {
    state.subscriptions.remove(id, 'expired', state.clock.now());
  }
  const live = state.subscriptions.get(id);
  if (!live || !isVisibleTo(c, live, caller)) return { ok: false, response: notFound(c, id) };
  const verdict = authorizeOperation(caller, live.resource, operation);
  if (!verdict.ok) {
    const reason = accessReason(live.resource, verdict.reason);
    return { ok: false, response: extensionError(c, 403, serviceOperation, reason) };
  }
  return { ok: true, subscription: live };
}

function notFound(c: Context<EmulatorEnv>, id: string): Response {
  const message = [
    `Resource '${id}' does not exist or one of its queried reference-property objects are`,
    'not present.',
  ].join(' ');
  return graphError(c, 404, 'ResourceNotFound', message);
}
