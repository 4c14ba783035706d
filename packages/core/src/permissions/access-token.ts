/**
 * Checks whether an access token's permissions are enough for a subscription operation.
 *
 * @module
 */
import { clouds } from '../clouds.js';
import type { JwtClaims } from './jwt.js';
import { checkOperation, type RequiredPermissions, requiredForRules } from './required.js';
import { resolveSubscriptionResource, type UnknownSubscriptionResource } from './resolve.js';
import type { PermissionType, SubscriptionOperation } from './types.js';

/**
 * The tenant id that Entra ID puts in `tid` for personal Microsoft accounts.
 * See https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
 */
export const personalAccountTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** The application id of Microsoft Graph, one of the audiences of its tokens. */
const graphAppId = '00000003-0000-0000-c000-000000000000';
const graphAudiences = new Set([graphAppId, ...Object.values(clouds).map((c) => c.graphUrl)]);

/** Something about a token worth telling, though it does not decide the verdict. */
export interface AccessTokenWarning {
  readonly code: 'audience' | 'expired' | 'not-yet-valid';
  readonly message: string;
}

/** The verdict of {@link evaluateAccessToken}. */
export interface AccessTokenEvaluation {
  /** The permission type the token is, or undefined when it carries neither `scp` nor `roles`. */
  readonly permissionType: PermissionType | undefined;
  /** Whether the token holds a permission the operation's table accepts for this resource. */
  readonly accepted: boolean;
  /** The least privileged accepted permission that the token holds. */
  readonly matched: string | undefined;
  /** The least privileged permission the table accepts (what the token should have asked for). */
  readonly leastPrivileged: string | undefined;
  /** The permissions the token holds, as it writes them. */
  readonly held: readonly string[];
  /**
   * Accepted permissions the token holds beyond the one that matched: more privileged ones that
   * this operation does not need.
   */
  readonly excess: readonly string[];
  /**
   * Permissions the token holds that this resource's rule does not accept at all. Reported
   * apart from `excess`: the app may need them for other calls.
   */
  readonly unrelated: readonly string[];
  /** Resource-specific consent permissions that the table also accepts (granted per chat/team). */
  readonly resourceSpecificConsent: readonly string[];
  /** What the operation needs for the token's permission type; undefined with no type. */
  readonly required: RequiredPermissions | undefined;
  /** Why the token is not accepted; undefined when it is. */
  readonly reason: string | undefined;
  readonly warnings: readonly AccessTokenWarning[];
}

/** What {@link evaluateAccessToken} returns. */
export type EvaluateAccessTokenResult =
  | { readonly ok: true; readonly value: AccessTokenEvaluation }
  | UnknownSubscriptionResource;

/** Options of {@link evaluateAccessToken}. */
export interface EvaluateAccessTokenOptions {
  /** The current time; when given, an expired or not-yet-valid token earns a warning. */
  now?: Date;
}

/**
 * Decides whether an access token's claims allow `operation` (default `reauthorize`) on a
 * subscription to `resource`. The permission type comes from the claims: `scp` (space-separated
 * delegated scopes) means delegated, personal-account when `tid` is
 * {@link personalAccountTenantId}; otherwise `roles` means application. (A delegated token may
 * also carry `roles` for app roles assigned to the user; `scp` decides.)
 *
 * Accepted sets are exact: a permission the table does not list is never assumed to work, however
 * broad (`Chat.ReadWrite.All` does not satisfy a row that lists only `Chat.Read.All`). Names
 * compare without regard to case, as Entra ID treats them.
 * See https://learn.microsoft.com/graph/api/subscription-reauthorize#permissions
 *
 * The signature is not verified here; decode with {@link decodeJwtPayload} to inspect a token.
 * Returns an {@link UnknownResourceError} result for an unknown resource; never throws for
 * malformed claims (they yield `accepted: false` with a reason).
 *
 * @throws {InvalidInputError} when `operation` is not a known operation.
 */
export function evaluateAccessToken(
  claims: JwtClaims,
  resource: string,
  operation: SubscriptionOperation = 'reauthorize',
  options: EvaluateAccessTokenOptions = {},
): EvaluateAccessTokenResult {
  checkOperation(operation);
  const resolved = resolveSubscriptionResource(resource);
  if (!resolved.ok) return resolved;

  const readable = typeof claims === 'object' && claims !== null ? claims : {};
  const { permissionType, held } = readPermissions(readable);
  const warnings = tokenWarnings(readable, options.now);
  if (!permissionType) {
    const reason = 'the token carries neither scp (delegated) nor roles (application) claims';
    return { ok: true, value: { ...emptyVerdict(held, warnings), reason } };
  }

  const required = requiredForRules(resource, resolved.value.rules, permissionType, operation);
  return { ok: true, value: judge(required, held, warnings) };
}

function readPermissions(claims: JwtClaims): {
  permissionType: PermissionType | undefined;
  held: string[];
} {
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  if (scopes.length > 0) {
    const personal = claims.tid === personalAccountTenantId;
    return { permissionType: personal ? 'delegatedPersonal' : 'delegatedWork', held: scopes };
  }
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((role): role is string => typeof role === 'string')
    : [];
  return { permissionType: roles.length > 0 ? 'application' : undefined, held: roles };
}

function judge(
  required: RequiredPermissions,
  held: readonly string[],
  warnings: readonly AccessTokenWarning[],
): AccessTokenEvaluation {
  const heldKeys = new Set(held.map((name) => name.toLowerCase()));
  const acceptedKeys = new Set(required.accepted.map((name) => name.toLowerCase()));
  const heldAccepted = required.accepted.filter((name) => heldKeys.has(name.toLowerCase()));
  const [matched, ...excess] = heldAccepted;

  return {
    permissionType: required.permissionType,
    accepted: matched !== undefined,
    matched,
    leastPrivileged: required.leastPrivileged,
    held,
    excess,
    unrelated: held.filter((name) => !acceptedKeys.has(name.toLowerCase())),
    resourceSpecificConsent: required.resourceSpecificConsent,
    required,
    reason: matched === undefined ? rejection(required) : undefined,
    warnings,
  };
}

function rejection(required: RequiredPermissions): string {
  const { rule, operation, permissionType } = required;
  const row = rule.path === undefined ? rule.resourceType : `${rule.resourceType} ${rule.path}`;
  if (!required.documented) return `Graph documents no ${operation} permissions for ${row}`;
  if (!required.supported) return `${permissionType} permissions cannot ${operation} ${row}`;
  return `the token holds none of the accepted permissions: ${required.accepted.join(', ')}`;
}

function emptyVerdict(
  held: readonly string[],
  warnings: readonly AccessTokenWarning[],
): Omit<AccessTokenEvaluation, 'reason'> {
  return {
    permissionType: undefined,
    accepted: false,
    matched: undefined,
    leastPrivileged: undefined,
    held,
    excess: [],
    unrelated: [...held],
    resourceSpecificConsent: [],
    required: undefined,
    warnings,
  };
}

function tokenWarnings(claims: JwtClaims, now: Date | undefined): AccessTokenWarning[] {
  const warnings: AccessTokenWarning[] = [];
  const audience = typeof claims.aud === 'string' ? claims.aud.replace(/\/+$/, '') : undefined;
  if (audience !== undefined && !graphAudiences.has(audience)) {
    const message = `the token is for ${audience}, not Microsoft Graph`;
    warnings.push({ code: 'audience', message });
  }
  const seconds = now === undefined ? undefined : now.getTime() / 1000;
  if (seconds !== undefined && typeof claims.exp === 'number' && claims.exp <= seconds) {
    warnings.push({ code: 'expired', message: 'the token has expired (exp)' });
  }
  if (seconds !== undefined && typeof claims.nbf === 'number' && claims.nbf > seconds) {
    warnings.push({ code: 'not-yet-valid', message: 'the token is not valid yet (nbf)' });
  }
  return warnings;
}
