/**
 * Which permissions an operation on a subscription needs, per permission type.
 *
 * @module
 */
import { InvalidInputError } from '../errors.js';
import { operationRule } from './operations.js';
import { resolveSubscriptionResource, type UnknownSubscriptionResource } from './resolve.js';
import {
  type PermissionRule,
  type PermissionType,
  permissionTypes,
  type SubscriptionOperation,
  subscriptionOperations,
} from './types.js';

/** The permissions one operation on one resource needs for one permission type. */
export interface RequiredPermissions {
  /** The resource string as given. */
  readonly resource: string;
  /** The row of the operation's table that applies (the reauthorize row when it has none). */
  readonly rule: PermissionRule;
  readonly operation: SubscriptionOperation;
  readonly permissionType: PermissionType;
  /** Whether this permission type can perform the operation on this resource at all. */
  readonly supported: boolean;
  /** False when the operation's table has no row for this resource (so it is not supported). */
  readonly documented: boolean;
  /**
   * The least privileged permission to ask for: the first accepted one that is not
   * resource-specific consent (the table lists least privileged first), or, when all are, the
   * first. Undefined when not supported.
   */
  readonly leastPrivileged: string | undefined;
  /**
   * Every accepted permission in documented order, resource-specific consent ones included.
   * Any one is enough; nothing outside this list is assumed to work, however broad.
   */
  readonly accepted: readonly string[];
  /** The accepted permissions that are resource-specific consent (`*` in the table). */
  readonly resourceSpecificConsent: readonly string[];
}

/** What {@link requiredPermissions} returns. */
export type RequiredPermissionsResult =
  | { readonly ok: true; readonly value: RequiredPermissions }
  | UnknownSubscriptionResource;

/**
 * The permissions that `operation` (default `reauthorize`) on a subscription to `resource` needs
 * for `permissionType`. Resources are resolved as by {@link resolveSubscriptionResource}; when the
 * path matches several rules (personal OneDrive or OneDrive for Business), the first one that
 * supports the permission type applies.
 * See https://learn.microsoft.com/graph/api/subscription-reauthorize#permissions
 *
 * Returns an {@link UnknownResourceError} result for an unknown resource.
 *
 * @throws {InvalidInputError} when `permissionType` or `operation` is not one of the known values.
 */
export function requiredPermissions(
  resource: string,
  permissionType: PermissionType,
  operation: SubscriptionOperation = 'reauthorize',
): RequiredPermissionsResult {
  checkPermissionType(permissionType);
  checkOperation(operation);

  const resolved = resolveSubscriptionResource(resource);
  if (!resolved.ok) return resolved;

  const value = requiredForRules(resource, resolved.value.rules, permissionType, operation);
  return { ok: true, value };
}

/**
 * The same as {@link requiredPermissions}, for rules already resolved.
 *
 * @throws {InvalidInputError} when `rules` is empty.
 */
export function requiredForRules(
  resource: string,
  rules: readonly PermissionRule[],
  permissionType: PermissionType,
  operation: SubscriptionOperation,
): RequiredPermissions {
  // Prefer a rule that supports the permission type, then one the operation's table has.
  const candidates = rules.map((rule) => ({ rule, row: operationRule(operation, rule.id) }));
  const chosen =
    candidates.find(({ row }) => row?.permissions[permissionType].supported) ??
    candidates.find(({ row }) => row !== undefined) ??
    candidates[0];
  if (!chosen) throw new InvalidInputError('rules', 'at least one rule is needed');
  const cell = chosen.row?.permissions[permissionType];
  const permissions = cell?.supported ? cell.permissions : [];

  const accepted = permissions.map(({ name }) => name);
  const consent = permissions.filter((p) => p.resourceSpecificConsent).map(({ name }) => name);
  const tenantWide = permissions.find((p) => !p.resourceSpecificConsent) ?? permissions[0];
  return {
    resource,
    rule: chosen.row ?? chosen.rule,
    operation,
    permissionType,
    supported: accepted.length > 0,
    documented: chosen.row !== undefined,
    leastPrivileged: tenantWide?.name,
    accepted,
    resourceSpecificConsent: consent,
  };
}

/** @throws {InvalidInputError} when `value` is not a permission type. */
export function checkPermissionType(value: string): asserts value is PermissionType {
  if (!permissionTypes.includes(value as PermissionType)) {
    throw new InvalidInputError('permissionType', `expected one of ${permissionTypes.join(', ')}`);
  }
}

/** @throws {InvalidInputError} when `value` is not a subscription operation. */
export function checkOperation(value: string): asserts value is SubscriptionOperation {
  if (!subscriptionOperations.includes(value as SubscriptionOperation)) {
    const known = subscriptionOperations.join(', ');
    throw new InvalidInputError('operation', `expected one of ${known}`);
  }
}
