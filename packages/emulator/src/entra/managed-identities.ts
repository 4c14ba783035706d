/**
 * The managed identities of the emulated Azure host: at most one system-assigned identity and any
 * number of user-assigned ones. Each is an app registration whose service principal is marked as
 * a managed identity: it has no secret or certificate, and its tokens come from the host's
 * identity endpoint instead of the token endpoint.
 * See https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type EmulatorState, ensureTenant } from '../state.js';
import {
  createApp,
  grantPermissions,
  type ManagedIdentityKind,
  type RegisteredApp,
} from './apps.js';

/** System-assigned (tied to the host) or user-assigned (a resource of its own). */
export type ManagedIdentityType = ManagedIdentityKind['type'];

/** A managed identity to give the emulated host. */
export interface ManagedIdentityRegistration {
  type: ManagedIdentityType;
  /** The client (application) id, `client_id` in requests and `appid` in tokens. */
  clientId?: string;
  /** The service principal's object id: `principal_id` or `object_id`, and `oid` in tokens. */
  principalId?: string;
  /** The Azure resource id: `mi_res_id` of a user-assigned identity, `xms_mirid` in tokens. */
  resourceId?: string;
  /** The service principal's name. Default: the last segment of the resource id. */
  displayName?: string;
  /** Default: the default tenant. */
  tenantId?: string;
  /** Application permissions granted to the service principal: the `roles` of its tokens. */
  applicationPermissions?: string[];
}

/** A managed identity as the admin API shows it. */
export interface ManagedIdentityView {
  type: ManagedIdentityType;
  clientId: string;
  principalId: string;
  resourceId: string;
  displayName: string;
  tenantId: string;
  applicationPermissions: string[];
}

/** How a token request names its identity; the system-assigned one when it names none. */
export type ManagedIdentitySelector =
  | { by: 'system' }
  | { by: 'clientId' | 'principalId' | 'resourceId'; value: string };

// Default resource ids live in a made-up subscription and resource group.
const resourceGroup =
  '/subscriptions/5d4e3f2a-1b0c-4e2b-9a7c-8e1c3b5a0f6d/resourceGroups/lifeline-emulator';

/**
 * Registers a managed identity as an app with a service principal in its tenant.
 *
 * @returns the app, or why it conflicts with what is already registered.
 */
export function addManagedIdentity(
  state: EmulatorState,
  registration: ManagedIdentityRegistration,
): { ok: true; app: RegisteredApp } | { ok: false; message: string } {
  const conflict = conflictOf(state, registration);
  if (conflict) return { ok: false, message: conflict };
  const tenantId = registration.tenantId ?? state.defaultTenantId;
  const clientId = registration.clientId ?? randomUUID();
  const resourceId = registration.resourceId ?? defaultResourceId(registration.type, clientId);
  const app = createApp({
    appId: clientId,
    displayName: registration.displayName ?? resourceId.split('/').at(-1),
    tenantId,
  });
  app.servicePrincipalId = registration.principalId ?? app.servicePrincipalId;
  app.managedIdentity = { type: registration.type, resourceId };
  grantPermissions(app, { application: registration.applicationPermissions ?? [] });
  ensureTenant(state, tenantId);
  state.apps.set(app.appId, app);
  return { ok: true, app };
}

/** The managed identities registered, system-assigned first. */
export function listManagedIdentities(state: EmulatorState): RegisteredApp[] {
  const identities = [...state.apps.values()].filter((app) => app.managedIdentity);
  return identities.sort((a, b) => rank(a) - rank(b));
}

/**
 * The identity a token request names. Ids name user-assigned identities only, compared without
 * regard to case as Azure compares GUIDs and resource ids.
 */
export function findManagedIdentity(
  state: EmulatorState,
  selector: ManagedIdentitySelector,
): RegisteredApp | undefined {
  const identities = listManagedIdentities(state);
  if (selector.by === 'system') {
    return identities.find((app) => app.managedIdentity?.type === 'systemAssigned');
  }
  const wanted = selector.value.toLowerCase();
  return identities.find(
    (app) =>
      app.managedIdentity?.type === 'userAssigned' &&
      identifierOf(app, selector.by).toLowerCase() === wanted,
  );
}

/** Describes a managed identity for the admin API. */
export function describeManagedIdentity(app: RegisteredApp): ManagedIdentityView {
  return {
    type: app.managedIdentity?.type ?? 'userAssigned',
    clientId: app.appId,
    principalId: app.servicePrincipalId,
    resourceId: app.managedIdentity?.resourceId ?? '',
    displayName: app.displayName,
    tenantId: app.homeTenantId,
    applicationPermissions: [...app.applicationPermissions],
  };
}

function conflictOf(
  state: EmulatorState,
  registration: ManagedIdentityRegistration,
): string | undefined {
  if (registration.clientId && state.apps.has(registration.clientId)) {
    return `app ${registration.clientId} already exists`;
  }
  const identities = listManagedIdentities(state);
  if (
    registration.type === 'systemAssigned' &&
    identities.some((app) => app.managedIdentity?.type === 'systemAssigned')
  ) {
    return 'the host already has a system-assigned identity';
  }
  for (const by of ['principalId', 'resourceId'] as const) {
    const value = registration[by]?.toLowerCase();
    if (value && identities.some((app) => identifierOf(app, by).toLowerCase() === value)) {
      return `a managed identity with ${by} ${registration[by]} already exists`;
    }
  }
  return undefined;
}

function identifierOf(app: RegisteredApp, by: 'clientId' | 'principalId' | 'resourceId'): string {
  if (by === 'clientId') return app.appId;
  if (by === 'principalId') return app.servicePrincipalId;
  return app.managedIdentity?.resourceId ?? '';
}

// A system-assigned identity belongs to its site; a user-assigned one is a resource itself.
function defaultResourceId(type: ManagedIdentityType, clientId: string): string {
  const provider =
    type === 'systemAssigned'
      ? 'Microsoft.Web/sites/lifeline-emulator-site'
      : `Microsoft.ManagedIdentity/userAssignedIdentities/identity-${clientId.slice(0, 8)}`;
  return `${resourceGroup}/providers/${provider}`;
}

function rank(app: RegisteredApp): number {
  return app.managedIdentity?.type === 'systemAssigned' ? 0 : 1;
}
