/**
 * The one place where the emulated Graph asks `@lifeline/core`'s permission rules whether a
 * caller may perform a subscription operation, and what kind of resource a subscription is.
 * The rules themselves live in core; nothing here repeats them.
 * See https://learn.microsoft.com/graph/api/subscription-post-subscriptions#permissions
 *
 * @module
 */
import {
  evaluateAccessToken,
  type JwtClaims,
  type PermissionType,
  resolveSubscriptionResource,
  type SubscriptionOperation,
} from '@lifeline/core';
import type { Caller } from '../entra/verify-access-token.js';

/** The outcome of a permission check. */
export type PermissionVerdict =
  | { ok: true; permissionType: PermissionType; permission: string }
  /** `unknownResource` when no rule matches the resource at all. */
  | { ok: false; reason: string; unknownResource: boolean };

/**
 * Whether `caller` may perform `operation` on a subscription to `resource`, judged by core's
 * table for that operation on the token's claims (less any revoked permission). Reading one
 * subscription has no table of its own; its documented rows match the reauthorize table.
 */
export function authorizeOperation(
  caller: Caller,
  resource: string,
  operation: SubscriptionOperation,
): PermissionVerdict {
  const evaluated = evaluateAccessToken(caller.claims as JwtClaims, resource, operation);
  if (!evaluated.ok) return { ok: false, reason: evaluated.error.message, unknownResource: true };
  const { accepted, matched, permissionType, reason } = evaluated.value;
  if (!accepted || !matched || !permissionType) {
    const why = reason ?? 'the token holds no accepted permission';
    return { ok: false, reason: why, unknownResource: false };
  }
  return { ok: true, permissionType, permission: matched };
}

/** The reason of a refused permission check, worded as the service words it. */
export function accessReason(resource: string, reason: string): string {
  return `Caller does not have access to '${resource}'. ${reason}.`;
}

/** The resource type label of a subscription resource (e.g. `chatMessage`), or undefined. */
export function resourceTypeOf(resource: string): string | undefined {
  const resolved = resolveSubscriptionResource(resource);
  return resolved.ok ? resolved.value.rules[0]?.resourceType : undefined;
}

// Teams (and Copilot) resources need a lifecycleNotificationUrl beyond one hour.
// See https://learn.microsoft.com/graph/teams-changenotifications-chatmessage
const lifecycleUrlRequired = new Set([
  'aiInteraction',
  'callRecording',
  'callTranscript',
  'channel',
  'chat',
  'chatMessage',
  'conversationMember',
  'team',
]);

// Resources served by the Teams backend, whose lifetime errors are worded as a .NET TimeSpan.
const teamsBackend = new Set([
  ...lifecycleUrlRequired,
  'callRecord',
  'online meeting',
  'offerShiftRequest',
  'openShiftChangeRequest',
  'shift',
  'swapShiftsChangeRequest',
  'timeOffRequest',
]);

/** Whether subscriptions to this resource type need a lifecycle URL beyond one hour. */
export function requiresLifecycleUrl(resourceType: string): boolean {
  return lifecycleUrlRequired.has(resourceType);
}

/** Whether this resource type is served by the Teams backend. */
export function isTeamsResource(resourceType: string): boolean {
  return teamsBackend.has(resourceType);
}

/** Whether this resource type counts against the `user`/`group` subscription quotas. */
export function isDirectoryResource(resourceType: string): boolean {
  return resourceType === 'user' || resourceType === 'group';
}
