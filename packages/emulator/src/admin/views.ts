/**
 * The JSON shapes of the admin API: apps without secret values (managed identities marked),
 * subscriptions without `clientState`, and the emulator's addresses.
 *
 * @module
 */
import type { ManagedIdentityKind, PermissionSet, RegisteredApp } from '../entra/apps.js';
import type { Subscription } from '../graph/subscription-store.js';
import { authorizedUntil } from '../lifecycle/schedule.js';
import type { EmulatorState } from '../state.js';

/** An app registration as the admin API shows it. */
export interface AppDescription {
  appId: string;
  displayName: string;
  homeTenantId: string;
  tenants: string[];
  allowPublicClient: boolean;
  servicePrincipalId: string;
  secrets: { secretId: string; hint: string; expiresAt: string | null }[];
  certificates: { thumbprint: string; thumbprintSha256: string; notAfter: string }[];
  applicationPermissions: string[];
  delegatedPermissions: string[];
  revokedPermissions: PermissionSet;
  /** Present when the app is a managed identity of the emulated host. */
  managedIdentity?: ManagedIdentityKind;
}

/** A subscription as the admin API shows it: no `clientState`, dates as ISO text. */
export interface SubscriptionView
  extends Omit<Subscription, 'clientState' | 'expirationDateTime' | 'createdAt' | 'authorizedAt'> {
  hasClientState: boolean;
  expirationDateTime: string;
  createdAt: string;
  authorizedAt: string;
  /** When the current authorization lapses (when scheduled challenges stop). */
  authorizedUntil: string;
}

/** Describes an app without its secret values or keys. */
export function describeApp(app: RegisteredApp): AppDescription {
  return {
    appId: app.appId,
    displayName: app.displayName,
    homeTenantId: app.homeTenantId,
    tenants: [...app.tenants],
    allowPublicClient: app.allowPublicClient,
    servicePrincipalId: app.servicePrincipalId,
    secrets: app.secrets.map(({ id, hint, expiresAt }) => ({
      secretId: id,
      hint,
      expiresAt: expiresAt?.toISOString() ?? null,
    })),
    certificates: app.certificates.map(({ thumbprint, thumbprintSha256, notAfter }) => ({
      thumbprint,
      thumbprintSha256,
      notAfter: notAfter.toISOString(),
    })),
    applicationPermissions: [...app.applicationPermissions],
    delegatedPermissions: [...app.delegatedPermissions],
    revokedPermissions: {
      application: [...app.revokedPermissions.application],
      delegated: [...app.revokedPermissions.delegated],
    },
    ...(app.managedIdentity ? { managedIdentity: { ...app.managedIdentity } } : {}),
  };
}

/** Describes a subscription for the admin API. */
export function subscriptionView(
  state: EmulatorState,
  subscription: Subscription,
): SubscriptionView {
  const { clientState, ...rest } = subscription;
  return {
    ...rest,
    hasClientState: clientState !== null,
    expirationDateTime: subscription.expirationDateTime.toISOString(),
    createdAt: subscription.createdAt.toISOString(),
    authorizedAt: subscription.authorizedAt.toISOString(),
    authorizedUntil: authorizedUntil(state, subscription).toISOString(),
  };
}
