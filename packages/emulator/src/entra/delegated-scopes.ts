/**
 * The `scope` parameter of user sign-ins and refreshes: OpenID Connect scopes plus delegated
 * permissions of one resource, named in full (`{graph}/Mail.Read`), short (`Mail.Read`, meaning
 * Microsoft Graph), or all at once (`{graph}/.default`: every permission consented to the app).
 * See https://learn.microsoft.com/entra/identity-platform/scopes-oidc
 *
 * @module
 */
import type { Context } from 'hono';
import { emulatorBase, graphIdentities } from '../clouds.js';
import type { EmulatorEnv } from '../context.js';
import { isRevoked, type RegisteredApp } from './apps.js';
import { failure, type OAuthFailure } from './oauth-errors.js';

/** A scope request, read and checked against the app's consented permissions. */
export interface DelegatedScopes {
  /** The resource's base URL as the client named it: the access token's `aud`. */
  resource: string;
  /** The consented delegated permissions asked for, as the app holds them: the token's `scp`. */
  permissions: string[];
  /** Asked-for permissions that are not (or no longer) consented. */
  unconsented: string[];
  /** The `scope` of the token response. */
  responseScope: string;
  /** `openid` was asked for: answer with an ID token. */
  openId: boolean;
  /** `offline_access` was asked for: answer with a refresh token. */
  offlineAccess: boolean;
}

const openIdScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

interface NamedScope {
  text: string;
  resource: string;
  permission: string;
}

/** Reads `scope`, or answers as Entra ID does for one it cannot serve. */
export function readDelegatedScopes(
  c: Context<EmulatorEnv>,
  app: RegisteredApp,
  scope: string,
): { ok: true; value: DelegatedScopes } | { ok: false; failure: OAuthFailure } {
  const all = scope.split(/\s+/).filter(Boolean);
  const oidc = all.filter((s) => openIdScopes.has(s.toLowerCase()));
  const named = all.filter((s) => !openIdScopes.has(s.toLowerCase())).map((s) => nameOf(c, s));
  const resources = [...new Set(named.map((s) => s.resource.toLowerCase()))];
  if (resources.length !== 1) {
    return refuse(named.length === 0 ? noResource(scope) : twoResources());
  }
  const resource = (named[0] as NamedScope).resource;
  if (!knownResources(c).includes(resource)) return refuse(unknownResource(resource));

  const wantsDefault = named.some((s) => s.permission === '.default');
  if (wantsDefault && named.length > 1) return refuse(defaultCombined(scope));
  const consented = app.delegatedPermissions.filter((p) => !isRevoked(app, 'delegated', p));
  const asked = wantsDefault ? consented : named.map((s) => s.permission);
  const holds = (p: string) => consented.find((known) => known.toLowerCase() === p.toLowerCase());
  const echoed = wantsDefault
    ? [...consented.map((p) => `${resource}/${p}`), (named[0] as NamedScope).text]
    : named.map((s) => s.text);
  return {
    ok: true,
    value: {
      resource,
      permissions: asked.map(holds).filter((p): p is string => p !== undefined),
      unconsented: asked.filter((p) => holds(p) === undefined),
      responseScope: [...echoed, ...oidc.filter((s) => s !== 'offline_access')].join(' '),
      openId: oidc.includes('openid'),
      offlineAccess: oidc.includes('offline_access'),
    },
  };
}

// A scope without a resource is Microsoft Graph's, at the address this authority was reached by.
function nameOf(c: Context<EmulatorEnv>, text: string): NamedScope {
  const slash = text.lastIndexOf('/');
  if (text.includes('://') && slash > 0) {
    return {
      text,
      resource: text.slice(0, slash).replace(/\/+$/, ''),
      permission: text.slice(slash + 1),
    };
  }
  return { text, resource: defaultResource(c), permission: text };
}

function defaultResource(c: Context<EmulatorEnv>): string {
  const login = c.get('site').login;
  const cloud = login?.clouds[0];
  if (!login || !cloud) return c.get('origin');
  return cloud.loginUrls.includes(login.base)
    ? cloud.graphUrl
    : emulatorBase(cloud, c.get('origin'));
}

function knownResources(c: Context<EmulatorEnv>): string[] {
  const clouds = c.get('site').login?.clouds ?? [];
  return clouds.flatMap((cloud) => graphIdentities(cloud, c.get('origin')));
}

function refuse(reason: OAuthFailure): { ok: false; failure: OAuthFailure } {
  return { ok: false, failure: reason };
}

function noResource(scope: string): OAuthFailure {
  const description = [
    `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' names`,
    'no resource.',
  ].join(' ');
  return failure(400, 'invalid_scope', 70011, description);
}

function twoResources(): OAuthFailure {
  const description = [
    "Provided value for the input parameter scope 'scope' is not valid because it contains more",
    'than one resource. Scope is not valid.',
  ].join(' ');
  return failure(400, 'invalid_scope', 28000, description);
}

function unknownResource(resource: string): OAuthFailure {
  const description = [
    `The provided value for the input parameter 'scope' is not valid. The resource principal`,
    `named ${resource} was not found in the tenant.`,
  ].join(' ');
  return failure(400, 'invalid_scope', 70011, description);
}

function defaultCombined(scope: string): OAuthFailure {
  const description = [
    `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not`,
    'valid. static scope limit exceeded: /.default cannot be combined with other scopes of the',
    'same resource.',
  ].join(' ');
  return failure(400, 'invalid_scope', 70011, description);
}

/**
 * Entra ID's answer for permissions nobody consented to (AADSTS65001, `consent_required`). The
 * emulator has no consent page: the app's consented delegated permissions (granted at
 * registration or through the admin API) bound what a user can sign in for.
 */
export function consentRequired(app: RegisteredApp, permissions: string[]): OAuthFailure {
  const description = [
    `The user or administrator has not consented to use the application with ID '${app.appId}'`,
    `named '${app.displayName}' for ${permissions.join(', ')}. Send an interactive authorization`,
    'request for this user and resource.',
  ].join(' ');
  return failure(400, 'invalid_grant', 65001, description, 'consent_required');
}
