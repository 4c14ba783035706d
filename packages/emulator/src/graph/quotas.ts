/**
 * Subscription quotas: the documented per-app, per-tenant and per-app-and-tenant limits on
 * `user` and `group` subscriptions, and an optional general per-app-and-tenant limit.
 * See https://learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime
 *
 * @module
 */
import type { EmulatorState } from '../state.js';
import { isDirectoryResource } from './permissions.js';
import type { Subscription } from './subscription-store.js';

/** Who wants another subscription, and to what. */
export interface QuotaRequest {
  cloud: string;
  appId: string;
  tenantId: string;
  resourceType: string;
}

/** Whether one more subscription would exceed a quota. */
export function exceedsQuota(state: EmulatorState, request: QuotaRequest): boolean {
  const inCloud = state.subscriptions.all().filter((s) => s.cloud === request.cloud);
  const ofApp = (s: Subscription) => s.appId === request.appId;
  const inTenant = (s: Subscription) => s.tenantId === request.tenantId;
  const { perAppTenant, userAndGroup } = state.settings.quotas;
  if (perAppTenant !== null && count(inCloud, ofApp, inTenant) >= perAppTenant) return true;
  if (!isDirectoryResource(request.resourceType)) return false;

  const directory = inCloud.filter((s) => isDirectoryResource(s.resourceType));
  return (
    count(directory, ofApp, inTenant) >= userAndGroup.perAppTenant ||
    count(directory, inTenant) >= userAndGroup.perTenant ||
    count(directory, ofApp) >= userAndGroup.perApp
  );
}

function count(list: Subscription[], ...tests: ((s: Subscription) => boolean)[]): number {
  return list.filter((s) => tests.every((test) => test(s))).length;
}
