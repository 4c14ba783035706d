/**
 * Who may sign in where. An authority's tenant segment is a tenant (by id or domain) or one of the
 * multi-tenant segments: `common` (work and personal accounts), `organizations` (work accounts
 * only) and `consumers` (personal Microsoft accounts only). A signed-in user is a work account in
 * a tenant where the app is consented, or a personal account, whose tenant is always
 * `9188040d-6c67-4c5b-b112-36a304b66dad`.
 * See https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration#authority
 *
 * @module
 */
import { personalAccountTenantId } from '@lifeline/core';
import type { EmulatorState } from '../state.js';
import type { RegisteredApp } from './apps.js';
import { failure, type OAuthFailure } from './oauth-errors.js';
import { resolveTenant } from './tenants.js';

/** The audience an authority's tenant segment signs in. */
export type SignInAuthority =
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'common' | 'organizations' | 'consumers' };

/** A work or school account, or a personal Microsoft account. */
export type AccountKind = 'work' | 'personal';

/** A user who finished a sign-in. */
export interface SignedInUser {
  account: AccountKind;
  /** `oid`. */
  userId: string;
  /** `tid`: the work account's tenant, or the personal accounts' tenant. */
  tenantId: string;
  name: string;
  /** `preferred_username`. */
  username: string;
}

/** Who signs in, as an admin call names them; every field has a default. */
export interface SignInInput {
  account?: AccountKind;
  userId?: string;
  name?: string;
  username?: string;
  /** The work account's tenant when the authority does not fix it. Default: the app's home. */
  tenantId?: string;
}

// Fixed so that repeated sign-ins without a named user land in the same cached account.
const defaultUsers: Record<AccountKind, { userId: string; name: string }> = {
  work: { userId: '5f0c2b7e-8d41-4a6c-9e3b-1a2d3c4e5f60', name: 'Emulated User' },
  // Personal account object ids start with sixteen zeros.
  personal: { userId: '00000000-0000-0000-6c1d-2e3f4a5b6c7d', name: 'Emulated Personal User' },
};

/** Reads an authority's tenant segment, or answers as Entra ID does for an unknown tenant. */
export function resolveSignInAuthority(
  state: EmulatorState,
  segment: string,
): { ok: true; value: SignInAuthority } | { ok: false; failure: OAuthFailure } {
  const lower = segment.toLowerCase();
  if (lower === 'common' || lower === 'organizations' || lower === 'consumers') {
    return { ok: true, value: { kind: lower } };
  }
  const tenant = resolveTenant(state, segment);
  if (!tenant.ok) return { ok: false, failure: { ...tenant.failure, error: 'invalid_request' } };
  return { ok: true, value: { kind: 'tenant', tenantId: tenant.tenant.tenantId } };
}

/** Whether the app can be signed in to through this authority at all. */
export function appServesAuthority(app: RegisteredApp, authority: SignInAuthority): boolean {
  return authority.kind !== 'tenant' || app.tenants.includes(authority.tenantId);
}

/** Whether a signed-in user belongs to the audience of the authority. */
export function authorityAccepts(authority: SignInAuthority, user: SignedInUser): boolean {
  if (authority.kind === 'tenant') return user.tenantId === authority.tenantId;
  if (authority.kind === 'organizations') return user.account === 'work';
  if (authority.kind === 'consumers') return user.account === 'personal';
  return true;
}

/**
 * The user an approval names, with defaults filled in, or why that user cannot sign in to this
 * app through this authority.
 */
export function signInUser(
  state: EmulatorState,
  app: RegisteredApp,
  authority: SignInAuthority,
  input: SignInInput,
): { ok: true; value: SignedInUser } | { ok: false; message: string } {
  const account = input.account ?? (authority.kind === 'consumers' ? 'personal' : 'work');
  const tenantId =
    account === 'personal'
      ? personalAccountTenantId
      : (input.tenantId ?? (authority.kind === 'tenant' ? authority.tenantId : app.homeTenantId));
  const defaults = defaultUsers[account];
  const name = input.name ?? defaults.name;
  const user: SignedInUser = {
    account,
    userId: input.userId ?? defaults.userId,
    tenantId,
    name,
    username:
      input.username ?? `${name.toLowerCase().replace(/\W+/g, '.')}@${domainOf(state, tenantId)}`,
  };
  if (!authorityAccepts(authority, user)) {
    return { ok: false, message: `a ${account} account in ${tenantId} cannot sign in here` };
  }
  if (account === 'work' && !app.tenants.includes(tenantId)) {
    return { ok: false, message: `app ${app.appId} is not consented in tenant ${tenantId}` };
  }
  return { ok: true, value: user };
}

function domainOf(state: EmulatorState, tenantId: string): string {
  return state.tenants.get(tenantId)?.domains[0] ?? 'emulator.test';
}

/** Entra ID's answer when an app is unknown in the directory it was asked for. */
export function unknownAppFailure(clientId: string, directory: string): OAuthFailure {
  const description = [
    `Application with identifier '${clientId}' was not found in the directory '${directory}'.`,
    'This can happen if the application has not been installed by the administrator of the',
    'tenant or consented to by any user in the tenant. You may have sent your authentication',
    'request to the wrong tenant.',
  ].join(' ');
  return failure(400, 'unauthorized_client', 700016, description);
}

/** Entra ID's answer when a public client flow is used by an app that does not allow them. */
export function publicClientRefused(): OAuthFailure {
  const description =
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.";
  return failure(401, 'invalid_client', 7000218, description);
}
