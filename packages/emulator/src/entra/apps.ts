/**
 * The app registrations the emulator knows: client ids, secrets, certificates, the tenants that
 * consented, and the permissions granted. Secrets are kept only as SHA-256 digests.
 *
 * @module
 */
import { createHash, type KeyObject, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { describeCertificate, generateCertificateCredential } from './certificate.js';

/** A client secret, stored as a digest. */
export interface AppSecret {
  id: string;
  /** The first three characters, as the Azure portal shows them. */
  hint: string;
  digest: Buffer;
  expiresAt: Date | null;
}

/** A certificate credential (public part only). */
export interface AppCertificate {
  thumbprint: string;
  thumbprintSha256: string;
  publicKey: KeyObject;
  certificatePem: string;
  notBefore: Date;
  notAfter: Date;
}

/** An app registration with its service principal. */
export interface RegisteredApp {
  appId: string;
  displayName: string;
  homeTenantId: string;
  /** Tenants where the app has a service principal (may get tokens). */
  tenants: string[];
  /**
   * Whether public client flows are allowed ("Allow public client flows" in the portal,
   * `allowPublicClient` in the manifest): the device code flow and refresh tokens without a
   * client credential.
   */
  allowPublicClient: boolean;
  /** The service principal's object id: `oid` of app tokens, `creatorId` of app subscriptions. */
  servicePrincipalId: string;
  secrets: AppSecret[];
  certificates: AppCertificate[];
  /** Application permissions (app roles) granted by an admin: the `roles` of app tokens. */
  applicationPermissions: string[];
  /** Delegated permissions consented to: the `scp` a minted user token may carry. */
  delegatedPermissions: string[];
  /** Permissions revoked after being granted; tokens that still carry them lose them. */
  revokedPermissions: PermissionSet;
  /** Set when the service principal is a managed identity of the emulated App Service host. */
  managedIdentity?: ManagedIdentityKind;
}

/** What makes a service principal a managed identity: its type and its Azure resource. */
export interface ManagedIdentityKind {
  readonly type: 'systemAssigned' | 'userAssigned';
  /**
   * The Azure resource id: the user-assigned identity's own, or for the system-assigned one the
   * id of the site it belongs to. Tokens carry it as `xms_mirid`.
   */
  readonly resourceId: string;
}

/** Permission names by kind: application permissions (roles) and delegated ones (scopes). */
export interface PermissionSet {
  application: string[];
  delegated: string[];
}

/** The kinds of permission an app can hold. */
export type PermissionKind = keyof PermissionSet;

/** A secret as returned once, at creation. */
export interface IssuedSecret {
  secretId: string;
  value: string;
  expiresAt: string | null;
}

/** A certificate as returned at creation; `privateKeyPem` only when the emulator made it. */
export interface IssuedCertificate {
  thumbprint: string;
  thumbprintSha256: string;
  certificatePem: string;
  privateKeyPem?: string;
}

/** Creates an app with no credentials and no permissions. */
export function createApp(init: {
  appId?: string;
  displayName?: string;
  tenantId: string;
  allowPublicClient?: boolean;
}): RegisteredApp {
  return {
    appId: init.appId ?? randomUUID(),
    displayName: init.displayName ?? 'Emulated app',
    homeTenantId: init.tenantId,
    tenants: [init.tenantId],
    allowPublicClient: init.allowPublicClient ?? false,
    servicePrincipalId: randomUUID(),
    secrets: [],
    certificates: [],
    applicationPermissions: [],
    delegatedPermissions: [],
    revokedPermissions: { application: [], delegated: [] },
  };
}

/** Adds a client secret (a random one unless `value` is given) and returns it once. */
export function addSecret(
  app: RegisteredApp,
  options: { value?: string; expiresAt?: Date } = {},
): IssuedSecret {
  const value = options.value ?? randomBytes(30).toString('base64url');
  const secret: AppSecret = {
    id: randomUUID(),
    hint: value.slice(0, 3),
    digest: digest(value),
    expiresAt: options.expiresAt ?? null,
  };
  app.secrets.push(secret);
  return { secretId: secret.id, value, expiresAt: secret.expiresAt?.toISOString() ?? null };
}

/** The secret matching `value` in constant time per candidate, or undefined. */
export function findSecret(app: RegisteredApp, value: string): AppSecret | undefined {
  const candidate = digest(value);
  return app.secrets.find((secret) => timingSafeEqual(secret.digest, candidate));
}

/**
 * Adds a certificate given as PEM or base64 DER.
 *
 * @returns the certificate, or an error message when it cannot be read.
 */
export function addCertificate(
  app: RegisteredApp,
  text: string,
): { ok: true; value: IssuedCertificate } | { ok: false; error: string } {
  const described = describeCertificate(text);
  if (!described.ok) return described;
  const { certificatePem, thumbprint, thumbprintSha256 } = described.value;
  app.certificates = app.certificates.filter((known) => known.thumbprint !== thumbprint);
  app.certificates.push({ ...described.value });
  return { ok: true, value: { thumbprint, thumbprintSha256, certificatePem } };
}

/** Generates a key pair and certificate, registers the certificate, returns it with its key. */
export async function generateCertificate(
  app: RegisteredApp,
  now: Date,
): Promise<IssuedCertificate> {
  const credential = await generateCertificateCredential(app.displayName, now);
  const { certificatePem, thumbprint, thumbprintSha256, privateKeyPem } = credential;
  app.certificates.push({ ...credential });
  return { thumbprint, thumbprintSha256, certificatePem, privateKeyPem };
}

/** A change to an app's permissions, by kind. */
export type PermissionChange = Partial<PermissionSet>;

/** Grants (or restores) permissions. */
export function grantPermissions(app: RegisteredApp, change: PermissionChange): void {
  const application = change.application ?? [];
  const delegated = change.delegated ?? [];
  app.applicationPermissions = union(app.applicationPermissions, application);
  app.delegatedPermissions = union(app.delegatedPermissions, delegated);
  app.revokedPermissions = {
    application: without(app.revokedPermissions.application, application),
    delegated: without(app.revokedPermissions.delegated, delegated),
  };
}

/** Revokes permissions; returns the ones that were granted and are now revoked. */
export function revokePermissions(app: RegisteredApp, change: PermissionChange): PermissionSet {
  const application = change.application ?? [];
  const delegated = change.delegated ?? [];
  const revoked = {
    application: app.applicationPermissions.filter((name) => includesName(application, name)),
    delegated: app.delegatedPermissions.filter((name) => includesName(delegated, name)),
  };
  app.applicationPermissions = without(app.applicationPermissions, application);
  app.delegatedPermissions = without(app.delegatedPermissions, delegated);
  app.revokedPermissions = {
    application: union(app.revokedPermissions.application, application),
    delegated: union(app.revokedPermissions.delegated, delegated),
  };
  return revoked;
}

/** Whether a permission of a kind has been revoked (names are case-insensitive). */
export function isRevoked(app: RegisteredApp, kind: PermissionKind, permission: string): boolean {
  return includesName(app.revokedPermissions[kind], permission);
}

/** A copy of an app that shares no mutable arrays with the original. */
export function cloneApp(app: RegisteredApp): RegisteredApp {
  return {
    ...app,
    tenants: [...app.tenants],
    secrets: app.secrets.map((secret) => ({ ...secret })),
    certificates: app.certificates.map((certificate) => ({ ...certificate })),
    applicationPermissions: [...app.applicationPermissions],
    delegatedPermissions: [...app.delegatedPermissions],
    revokedPermissions: {
      application: [...app.revokedPermissions.application],
      delegated: [...app.revokedPermissions.delegated],
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function includesName(names: readonly string[], name: string): boolean {
  return names.some((candidate) => candidate.toLowerCase() === name.toLowerCase());
}

function without(names: readonly string[], removed: readonly string[]): string[] {
  return names.filter((name) => !includesName(removed, name));
}

function union(names: readonly string[], more: readonly string[]): string[] {
  const result = [...names];
  for (const name of more) if (!includesName(result, name)) result.push(name);
  return result;
}
