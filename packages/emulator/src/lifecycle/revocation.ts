/**
 * What happens when an admin revokes an app's permission: Graph sends `reauthorizationRequired`
 * at once for the subscriptions that relied on it, and later calls with that permission fail.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events#reauthorizationrequired-notifications
 *
 * @module
 */
import { requiredPermissions } from '@lifeline/core';
import type { PermissionSet, RegisteredApp } from '../entra/apps.js';
import type { Subscription } from '../graph/subscription-store.js';
import type { DeliveryRecord } from '../records.js';
import type { EmulatorState } from '../state.js';
import { deliverLifecycle } from './delivery.js';

/** Challenges every subscription of `app` created with one of the revoked permissions. */
export function notifyRevocation(
  state: EmulatorState,
  app: RegisteredApp,
  revoked: PermissionSet,
): DeliveryRecord[] {
  const affected = state.subscriptions
    .all()
    .filter((subscription) => subscription.appId === app.appId && reliesOn(subscription, revoked));
  const items = affected.map((subscription) => ({
    subscription,
    lifecycleEvent: 'reauthorizationRequired' as const,
  }));
  return deliverLifecycle(state, items, 'revocation');
}

// A subscription relies on a permission that created it or that its reauthorization accepts.
function reliesOn(subscription: Subscription, revoked: PermissionSet): boolean {
  const { resource, permissionType } = subscription;
  const names = permissionType === 'application' ? revoked.application : revoked.delegated;
  const relied = [subscription.permission];
  for (const operation of ['reauthorize', 'create'] as const) {
    const required = requiredPermissions(resource, permissionType, operation);
    if (required.ok) relied.push(...required.value.accepted);
  }
  const lower = new Set(relied.map((name) => name.toLowerCase()));
  return names.some((name) => lower.has(name.toLowerCase()));
}
