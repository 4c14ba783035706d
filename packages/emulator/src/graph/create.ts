/**
 * `POST /subscriptions`: the checks Graph makes, in order (body, permission, lifetime, Teams
 * lifecycle URL, duplicate, quota), then the validation handshake on each URL, then `201`.
 * See https://learn.microsoft.com/graph/api/subscription-post-subscriptions
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { GraphVersion } from '@lifeline/core';
import type { Context } from 'hono';
import type { EmulatorEnv } from '../context.js';
import type { Caller } from '../entra/verify-access-token.js';
import { authorize } from '../lifecycle/schedule.js';
import { type CreateInput, parseCreateBody } from './body.js';
import { extensionError, graphError } from './errors.js';
import { settleExpiration } from './expiration.js';
import { type HandshakePurpose, handshakeFailureMessage, validateEndpoint } from './handshake.js';
import {
  accessReason,
  authorizeOperation,
  requiresLifecycleUrl,
  resourceTypeOf,
} from './permissions.js';
import { exceedsQuota } from './quotas.js';
import { entityContext, subscriptionJson } from './representation.js';
import { bodyProblem, odata, readJson } from './respond.js';
import type { Subscription } from './subscription-store.js';

const hour = 3_600_000;

/** Handles `POST /{version}/subscriptions`. */
export async function createSubscription(c: Context<EmulatorEnv>): Promise<Response> {
  const { state } = c.var;
  const parsed = parseCreateBody(await readJson(c), state.settings.allowHttpLoopback);
  if (!parsed.ok) return bodyProblem(c, parsed.problem);
  const input = parsed.value;

  const decided = decide(c, input);
  if (!decided.ok) return decided.response;
  const rejection = admissionProblem(c, input, decided.value.resourceType);
  if (rejection) return rejection;
  const handshake = await validateUrls(c, input);
  if (handshake) return handshake;

  const subscription = newSubscription(c, input, decided.value);
  state.subscriptions.add(subscription);
  authorize(state, subscription);
  c.set('subscriptionId', subscription.id);
  const body = { '@odata.context': entityContext(subscription), ...subscriptionJson(subscription) };
  return odata(c, body, 201);
}

interface Decision {
  permissionType: Subscription['permissionType'];
  permission: string;
  resourceType: string;
  expiration: Date;
}

// Permission, lifetime and the Teams lifecycle URL rule, in the order the service checks them.
function decide(
  c: Context<EmulatorEnv>,
  input: CreateInput,
): { ok: true; value: Decision } | { ok: false; response: Response } {
  const { state, caller } = c.var;
  const verdict = authorizeOperation(caller, input.resource, 'create');
  if (!verdict.ok) {
    const status = verdict.unknownResource ? 400 : 403;
    const reason = accessReason(input.resource, verdict.reason);
    return { ok: false, response: extensionError(c, status, 'Create', reason) };
  }
  const resourceType = resourceTypeOf(input.resource) ?? 'unknown';
  const now = state.clock.now();
  const requested = input.expirationDateTime;
  const expiration = settleExpiration({
    ...input,
    requested,
    now,
    resourceType,
    operation: 'Create',
  });
  if (!expiration.ok) {
    const { code, message } = expiration.refusal;
    return { ok: false, response: graphError(c, 400, code, message) };
  }
  const beyondAnHour = expiration.value.getTime() - now.getTime() > hour;
  if (requiresLifecycleUrl(resourceType) && !input.lifecycleNotificationUrl && beyondAnHour) {
    const message = [
      'lifecycleNotificationUrl is a required property for subscription creation on this resource',
      'when the expirationDateTime value is set to greater than 1 hour',
    ].join(' ');
    return { ok: false, response: graphError(c, 400, 'InvalidRequest', message) };
  }
  const { permissionType, permission } = verdict;
  return {
    ok: true,
    value: { permissionType, permission, resourceType, expiration: expiration.value },
  };
}

function admissionProblem(c: Context<EmulatorEnv>, input: CreateInput, resourceType: string) {
  const { state, caller } = c.var;
  const cloud = c.get('site').graph?.cloud.name ?? 'global';
  const duplicate = state.subscriptions
    .all()
    .find((known) => known.cloud === cloud && sameTarget(known, caller, input));
  if (duplicate) {
    const reason = `Subscription Id ${duplicate.id} already exists for the requested combination`;
    return extensionError(c, 409, 'Create', reason);
  }
  const quotaRequest = { cloud, appId: caller.appId, tenantId: caller.tenantId, resourceType };
  if (exceedsQuota(state, quotaRequest)) {
    return extensionError(c, 403, 'Create', 'Number of subscriptions on item has exceeded limit');
  }
  return undefined;
}

// Graph refuses a second subscription with the same changeType and resource from the same app;
// `me/…` names a different resource for each user, so the creator counts too.
function sameTarget(known: Subscription, caller: Caller, input: CreateInput): boolean {
  return (
    known.appId === caller.appId &&
    known.tenantId === caller.tenantId &&
    known.creatorId === caller.subject &&
    normaliseResource(known.resource) === normaliseResource(input.resource) &&
    changeTypeSet(known.changeType) === changeTypeSet(input.changeType)
  );
}

async function validateUrls(c: Context<EmulatorEnv>, input: CreateInput) {
  const state = c.get('state');
  const targets: { url: string; purpose: HandshakePurpose }[] = [
    { url: input.notificationUrl, purpose: 'notificationUrl' },
  ];
  if (input.lifecycleNotificationUrl) {
    targets.push({ url: input.lifecycleNotificationUrl, purpose: 'lifecycleNotificationUrl' });
  }
  // Both URLs are validated, one after the other, even when they are the same URL.
  for (const { url, purpose } of targets) {
    const result = await validateEndpoint(state, url, purpose);
    if (!result.ok) return graphError(c, 400, 'InvalidRequest', handshakeFailureMessage(result));
  }
  return undefined;
}

function newSubscription(
  c: Context<EmulatorEnv>,
  input: CreateInput,
  decided: Decision,
): Subscription {
  const { state, caller } = c.var;
  const graph = c.get('site').graph;
  const now = state.clock.now();
  return {
    ...input,
    id: randomUUID(),
    appId: caller.appId,
    tenantId: caller.tenantId,
    cloud: graph?.cloud.name ?? 'global',
    version: (c.req.param('version') ?? 'v1.0') as GraphVersion,
    graphBase: graph?.base ?? c.get('origin'),
    issuerBase: caller.issuerBase,
    resourceType: decided.resourceType,
    expirationDateTime: decided.expiration,
    creatorId: caller.subject,
    permissionType: decided.permissionType,
    permission: decided.permission,
    createdAt: now,
    authorizedAt: now,
  };
}

function normaliseResource(resource: string): string {
  return resource
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();
}

function changeTypeSet(changeType: string): string {
  return [...new Set(changeType.split(',').map((part) => part.trim()))].sort().join(',');
}
