/**
 * The JSON forms of permission results. Absent values are written as `null`, never dropped, so
 * that every object of one kind has the same keys.
 *
 * @module
 */
import type {
  PermissionCell,
  PermissionRule,
  PermissionType,
  RequiredPermissions,
} from '@lifeline/core';

/** A rule as `--json` shows it in a result. */
export function ruleSummaryJson(rule: PermissionRule) {
  return {
    resourceType: rule.resourceType,
    path: rule.path ?? null,
    description: rule.description ?? null,
  };
}

/** The result of `lifeline permissions <resource> --type <type> --json`. */
export function requiredJson(required: RequiredPermissions) {
  return {
    resource: required.resource,
    rule: ruleSummaryJson(required.rule),
    operation: required.operation,
    permissionType: required.permissionType,
    supported: required.supported,
    leastPrivileged: required.leastPrivileged ?? null,
    accepted: [...required.accepted],
    resourceSpecificConsent: [...required.resourceSpecificConsent],
  };
}

function cellJson(cell: PermissionCell) {
  const permissions = cell.supported ? cell.permissions : [];
  return {
    supported: cell.supported,
    written: cell.written,
    accepted: permissions.map(({ name }) => name),
    resourceSpecificConsent: permissions
      .filter(({ resourceSpecificConsent }) => resourceSpecificConsent)
      .map(({ name }) => name),
  };
}

/** A whole rule, as `lifeline permissions --all --json` lists it, with the cells of `types`. */
export function ruleJson(rule: PermissionRule, types: readonly PermissionType[]) {
  const permissions = Object.fromEntries(
    types.map((type) => [type, cellJson(rule.permissions[type])]),
  );
  return { row: rule.row, ...ruleSummaryJson(rule), deprecated: rule.deprecated, permissions };
}

/** A permission as the tables show it: RSC permissions marked with `*`, as Graph's pages do. */
export function markedName(name: string, resourceSpecificConsent: readonly string[]): string {
  return resourceSpecificConsent.includes(name) ? `${name}*` : name;
}
