// Public API of this area; re-exported from the package root.

export {
  type AccessTokenEvaluation,
  type AccessTokenWarning,
  type EvaluateAccessTokenOptions,
  type EvaluateAccessTokenResult,
  evaluateAccessToken,
  personalAccountTenantId,
} from './access-token.js';
export { parseCell } from './cells.js';
export { type DecodeJwtPayloadResult, decodeJwtPayload, type JwtClaims } from './jwt.js';
export {
  type MaxSubscriptionLifetimeOptions,
  maxSubscriptionLifetime,
  type SubscriptionLifetime,
  subscriptionLifetimes,
} from './lifetime.js';
export { operationRule, permissionRules } from './operations.js';
export { reauthorizeTableAsWritten, type WrittenRow } from './reauthorize-table.js';
export {
  type RequiredPermissions,
  type RequiredPermissionsResult,
  requiredPermissions,
} from './required.js';
export {
  knownResourceTemplates,
  type ResolvedSubscriptionResource,
  type ResolveSubscriptionResourceResult,
  resolveSubscriptionResource,
  resourceTemplateEntries,
  type UnknownSubscriptionResource,
} from './resolve.js';
export { reauthorizePermissionRules } from './rules.js';
export type { TemplateEntry } from './trie.js';
export {
  type Permission,
  type PermissionCell,
  type PermissionRule,
  type PermissionType,
  permissionTypes,
  type SubscriptionOperation,
  subscriptionOperations,
} from './types.js';
export { UnknownResourceError } from './unknown-resource-error.js';
