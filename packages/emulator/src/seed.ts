/**
 * The starting content of an emulator: tenants, app registrations with their credentials and
 * permissions, settings, and the seed of the fault generator. Given as an object or a JSON file.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  addCertificate,
  addSecret,
  createApp,
  generateCertificate,
  grantPermissions,
  type IssuedCertificate,
} from './entra/apps.js';
import {
  addManagedIdentity,
  type ManagedIdentityRegistration,
} from './entra/managed-identities.js';
import { mergeSettings, type SettingsPatch } from './settings.js';
import { type EmulatorState, ensureTenant } from './state.js';

/** An app registration: ids, credentials and permissions. */
export interface AppRegistration {
  appId?: string;
  displayName?: string;
  /** Home tenant. Default: the default tenant. */
  tenantId?: string;
  /** Further tenants where the app is consented. */
  tenants?: string[];
  /** A client secret value, or true for a generated one. */
  secret?: string | true;
  /** A certificate (PEM or base64 DER) to register, or true to generate one with its key. */
  certificate?: string | true;
  /** Allow public client flows: device code sign-in and refresh without a credential. */
  allowPublicClient?: boolean;
  applicationPermissions?: string[];
  delegatedPermissions?: string[];
}

/** An app to register at start. */
export interface SeedApp extends AppRegistration {
  /** The key under which its credentials are returned, e.g. `daemon`. */
  name: string;
}

/** The starting content of an emulator. */
export interface EmulatorSeed {
  /** The default tenant's id. */
  tenantId?: string;
  /** More tenants. */
  tenants?: { tenantId: string; domains?: string[] }[];
  /** Apps to register, besides the two ready apps unless `defaultApps` is false. */
  apps?: SeedApp[];
  /** Whether to register the ready apps `secret` and `certificate`. Default true. */
  defaultApps?: boolean;
  /** Managed identities of the emulated App Service host, served at `/msi/token`. */
  managedIdentities?: ManagedIdentityRegistration[];
  /** What `X-IDENTITY-HEADER` must carry (the host's `IDENTITY_HEADER`). Default: a new UUID. */
  managedIdentityHeader?: string;
  settings?: SettingsPatch;
  /** Seed of the generator behind fault rates. Default 1. */
  randomSeed?: number;
}

/** The credentials of a seeded app, ready for a client library. */
export interface AppCredentials {
  clientId: string;
  tenantId: string;
  clientSecret?: string;
  certificate?: IssuedCertificate;
}

/** Credentials of the ready app that authenticates with a client secret. */
export type SecretAppCredentials = AppCredentials & { clientSecret: string };

/** Credentials of the ready app that authenticates with a certificate. */
export type CertificateAppCredentials = AppCredentials & {
  certificate: IssuedCertificate & { privateKeyPem: string };
};

/**
 * The credentials of the seeded apps by name. `secret` and `certificate` are the ready apps,
 * present unless the seed sets `defaultApps: false`.
 */
export interface SeededApps {
  readonly secret: SecretAppCredentials;
  readonly certificate: CertificateAppCredentials;
  readonly [name: string]: AppCredentials;
}

/** The default tenant id, fixed so that scripts and docs can name it. */
export const defaultTenantId = '8e1c3b5a-0f6d-4e2b-9a7c-5d4e3f2a1b0c';

// Application and delegated permissions that cover the common subscription resources. Create and
// reauthorize accept different permissions for OneDrive and SharePoint lists, so both are here.
const applicationPermissions = [
  'Mail.Read',
  'Calendars.Read',
  'Contacts.Read',
  'User.Read.All',
  'Group.Read.All',
  'Chat.Read.All',
  'ChannelMessage.Read.All',
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'CallRecords.Read.All',
];
const delegatedPermissions = [
  'Mail.Read',
  'Calendars.Read',
  'Contacts.Read',
  'User.Read.All',
  'Group.Read.All',
  'Chat.Read',
  'ChannelMessage.Read.All',
  'Files.Read',
  'Files.ReadWrite',
  'Presence.Read.All',
  'Tasks.ReadWrite',
];

/** The apps registered when a seed names none. */
export function defaultSeedApps(): SeedApp[] {
  const permissions = { applicationPermissions, delegatedPermissions };
  return [
    {
      name: 'secret',
      appId: '6a1f9c2e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
      displayName: 'Lifeline emulator app (secret)',
      secret: true,
      ...permissions,
    },
    {
      name: 'certificate',
      appId: '7b2e0d3f-4c5e-4f6a-9b8c-0d1e2f3a4b5c',
      displayName: 'Lifeline emulator app (certificate)',
      certificate: true,
      ...permissions,
    },
  ];
}

/**
 * Reads a seed from a JSON file.
 *
 * @throws {Error} when the file cannot be read or is not a JSON object.
 */
export async function loadSeed(path: string): Promise<EmulatorSeed> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`seed ${path} is not a JSON object`);
  }
  return parsed as EmulatorSeed;
}

/**
 * Fills an empty state from a seed and returns the credentials of its apps by name.
 *
 * @throws {TypeError} for invalid settings; {@link Error} for an unreadable certificate or a
 *   managed identity that conflicts with another.
 */
export async function applySeed(state: EmulatorState, seed: EmulatorSeed): Promise<SeededApps> {
  state.settings = mergeSettings(state.settings, seed.settings);
  state.defaultTenantId = seed.tenantId ?? defaultTenantId;
  state.tenants.set(state.defaultTenantId, { tenantId: state.defaultTenantId, domains: [] });
  for (const tenant of seed.tenants ?? []) {
    state.tenants.set(tenant.tenantId, {
      tenantId: tenant.tenantId,
      domains: tenant.domains ?? [],
    });
  }
  const credentials: Record<string, AppCredentials> = {};
  const defaults = seed.defaultApps === false ? [] : defaultSeedApps();
  for (const seedApp of [...defaults, ...(seed.apps ?? [])]) {
    credentials[seedApp.name] = await registerApp(state, seedApp);
  }
  state.managedIdentityHeader = seed.managedIdentityHeader ?? randomUUID();
  for (const identity of seed.managedIdentities ?? []) addSeedIdentity(state, identity);
  return credentials as unknown as SeededApps;
}

// A seed read from JSON has had no type check, hence the one on `type`.
function addSeedIdentity(state: EmulatorState, identity: ManagedIdentityRegistration): void {
  if (identity.type !== 'systemAssigned' && identity.type !== 'userAssigned') {
    throw new Error('a managed identity needs type systemAssigned or userAssigned');
  }
  const added = addManagedIdentity(state, identity);
  if (!added.ok) throw new Error(added.message);
}

/**
 * Registers an app with its credentials and permissions; returns its credentials.
 *
 * @throws {Error} when a given certificate cannot be read.
 */
export async function registerApp(
  state: EmulatorState,
  seedApp: AppRegistration,
): Promise<AppCredentials> {
  const tenantId = seedApp.tenantId ?? state.defaultTenantId;
  const app = createApp({
    appId: seedApp.appId,
    displayName: seedApp.displayName,
    tenantId,
    allowPublicClient: seedApp.allowPublicClient,
  });
  app.tenants = [...new Set([tenantId, ...(seedApp.tenants ?? [])])];
  for (const id of app.tenants) ensureTenant(state, id);
  grantPermissions(app, {
    application: seedApp.applicationPermissions ?? [],
    delegated: seedApp.delegatedPermissions ?? [],
  });
  const credentials: AppCredentials = { clientId: app.appId, tenantId };
  if (seedApp.secret !== undefined) {
    const value = seedApp.secret === true ? undefined : seedApp.secret;
    credentials.clientSecret = addSecret(app, { value }).value;
  }
  if (seedApp.certificate === true) {
    credentials.certificate = await generateCertificate(app, state.clock.now());
  } else if (seedApp.certificate !== undefined) {
    const added = addCertificate(app, seedApp.certificate);
    if (!added.ok) throw new Error(`app ${app.appId}: ${added.error}`);
    credentials.certificate = added.value;
  }
  state.apps.set(app.appId, app);
  return credentials;
}
