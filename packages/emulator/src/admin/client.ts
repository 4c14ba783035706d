/**
 * Typed helpers over the admin API, for tests and tools that run the emulator elsewhere (or
 * in-process: {@link startEmulator} returns one).
 *
 * @module
 */
import type { EmulatedCloudName } from '../clouds.js';
import type { DelegatedToken, DelegatedTokenInput } from '../entra/delegated.js';
import type { DeviceCodeView } from '../entra/device-codes.js';
import type {
  ManagedIdentityRegistration,
  ManagedIdentityView,
} from '../entra/managed-identities.js';
import type { SignInInput } from '../entra/sign-in.js';
import type { FaultInput, FaultRule } from '../faults/rules.js';
import type {
  CallRecord,
  DeliveryRecord,
  HandshakeRecord,
  LifecycleEvent,
  TokenRequestRecord,
} from '../records.js';
import type { AppCredentials, AppRegistration } from '../seed.js';
import type { EmulatorSettings, SettingsPatch } from '../settings.js';
import type { Tenant } from '../state.js';
import { createHttp, type Http, query } from './http.js';
import type {
  ManagedIdentitiesView,
  ManagedIdentityEnvironment,
} from './managed-identities-routes.js';
import type { AppDescription, SubscriptionView } from './views.js';

export { EmulatorAdminError } from './http.js';

/** The emulator's addresses and content, from `GET /_emulator`. */
export interface EmulatorInfo {
  url: string;
  graphUrl: string;
  loginUrl: string;
  tenantId: string;
  clouds: Record<EmulatedCloudName, { graphUrl: string; loginUrl: string; realGraphUrl: string }>;
  apps: AppDescription[];
  /** The managed identity endpoint: `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`. */
  managedIdentity: ManagedIdentityEnvironment;
  now: string;
}

/** The emulator clock as the admin API reports it. */
export interface ClockView {
  now: string;
  frozen: boolean;
}

/** How far to move the clock; the parts add up. */
export type ClockStep =
  | number
  | { ms?: number; seconds?: number; minutes?: number; hours?: number };

/** Filters for record queries: equality on top-level fields. */
export type RecordFilter = Record<string, string | number>;

/** The typed admin API of one emulator. */
export interface AdminClient {
  info(): Promise<EmulatorInfo>;
  /**
   * Puts apps, settings, faults, records, subscriptions, tokens and device codes back as they
   * were at start.
   */
  reset(): Promise<void>;
  /** Waits until no handshake or delivery is in flight. */
  settle(): Promise<ClockView>;
  apps: {
    list(): Promise<AppDescription[]>;
    get(appId: string): Promise<AppDescription>;
    register(
      registration: AppRegistration,
    ): Promise<{ app: AppDescription; credentials: AppCredentials }>;
    remove(appId: string): Promise<void>;
    addSecret(
      appId: string,
      secret?: { value?: string; expiresAt?: string },
    ): Promise<{ secretId: string; value: string; expiresAt: string | null }>;
    removeSecret(appId: string, secretId: string): Promise<void>;
    /** Registers a certificate (PEM or base64 DER), or generates one with its key when absent. */
    addCertificate(
      appId: string,
      certificate?: string,
    ): Promise<NonNullable<AppCredentials['certificate']>>;
    removeCertificate(appId: string, thumbprint: string): Promise<void>;
    grant(
      appId: string,
      permissions: { application?: string[]; delegated?: string[] },
    ): Promise<{ app: AppDescription }>;
    /** Revokes permissions; by default Graph challenges the affected subscriptions at once. */
    revoke(
      appId: string,
      permissions: { application?: string[]; delegated?: string[]; notify?: boolean },
    ): Promise<{ app: AppDescription; deliveries: DeliveryRecord[] }>;
    consent(appId: string, tenantId: string): Promise<AppDescription>;
  };
  managedIdentities: {
    /** The endpoint, the header value it expects, and the identities of the host. */
    list(): Promise<ManagedIdentitiesView>;
    /**
     * Assigns a managed identity to the host (at most one system-assigned); grant it more
     * permissions with `apps.grant(clientId, …)`, remove it with `apps.remove(clientId)`.
     */
    add(identity: ManagedIdentityRegistration): Promise<ManagedIdentityView>;
  };
  tenants: {
    list(): Promise<Tenant[]>;
    create(tenant?: { tenantId?: string; domains?: string[] }): Promise<Tenant>;
  };
  tokens: {
    mintDelegated(input: DelegatedTokenInput): Promise<DelegatedToken>;
    /**
     * Expires matching access tokens early and revokes the matching sign-ins' refresh tokens
     * (a `uti` or `token` names one access token and revokes only it); returns how many.
     */
    revoke(filter: {
      appId?: string;
      tenantId?: string;
      userId?: string;
      uti?: string;
      token?: string;
    }): Promise<number>;
  };
  deviceCodes: {
    /** Every device code sign-in still remembered, pending or answered. */
    list(): Promise<DeviceCodeView[]>;
    /**
     * Signs the user in for a pending code, as a work account (default) or a personal one; the
     * client's next poll gets the tokens.
     */
    approve(userCode: string, user?: SignInInput): Promise<DeviceCodeView>;
    /** Refuses a pending code; the client's next poll gets `authorization_declined`. */
    decline(userCode: string): Promise<DeviceCodeView>;
  };
  keys: {
    list(): Promise<{ keys: Record<string, unknown>[] }>;
    rotate(options?: {
      dropPrevious?: boolean;
      keep?: number;
    }): Promise<{ kid: string; keys: string[] }>;
  };
  clock: {
    get(): Promise<ClockView>;
    advance(step: ClockStep): Promise<ClockView>;
    set(now: Date | string): Promise<ClockView>;
  };
  settings: {
    get(): Promise<EmulatorSettings>;
    update(patch: SettingsPatch): Promise<EmulatorSettings>;
  };
  subscriptions: {
    list(filter?: { appId?: string; tenantId?: string }): Promise<SubscriptionView[]>;
    get(id: string): Promise<SubscriptionView>;
  };
  lifecycle: {
    send(
      subscriptionIds: string | string[],
      lifecycleEvent: LifecycleEvent,
    ): Promise<DeliveryRecord[]>;
  };
  faults: {
    list(): Promise<FaultRule[]>;
    add(fault: FaultInput): Promise<FaultRule>;
    remove(id: number): Promise<void>;
    clear(): Promise<void>;
  };
  records: {
    calls(filter?: RecordFilter): Promise<CallRecord[]>;
    /** Requests to the token and device code endpoints. */
    tokenRequests(filter?: RecordFilter): Promise<TokenRequestRecord[]>;
    deliveries(filter?: RecordFilter): Promise<DeliveryRecord[]>;
    handshakes(filter?: RecordFilter): Promise<HandshakeRecord[]>;
    clear(): Promise<void>;
  };
}

/**
 * Creates typed helpers for the admin API of the emulator at `url`.
 * Every helper throws {@link EmulatorAdminError} when the call fails.
 */
export function createAdminClient(url: string, fetchImpl: typeof fetch = fetch): AdminClient {
  const http = createHttp(`${url.replace(/\/+$/, '')}/_emulator`, fetchImpl);
  return {
    // The admin root is `/_emulator` itself; `/_emulator/` is not routed.
    info: () => http.get(''),
    reset: () => http.post('/reset'),
    settle: () => http.post('/settle'),
    apps: appsApi(http),
    managedIdentities: {
      list: () => http.get('/managed-identities'),
      add: (identity) => http.post('/managed-identities', identity),
    },
    tenants: {
      list: () => http.get('/tenants'),
      create: (tenant = {}) => http.post('/tenants', tenant),
    },
    tokens: {
      mintDelegated: (input) => http.post('/tokens', input),
      revoke: async (filter) =>
        (await http.post<{ revoked: number }>('/tokens/revoke', filter)).revoked,
    },
    deviceCodes: {
      list: () => http.get('/device-codes'),
      approve: (userCode, user = {}) => http.post(`${deviceCode(userCode)}/approve`, user),
      decline: (userCode) => http.post(`${deviceCode(userCode)}/decline`),
    },
    keys: {
      list: () => http.get('/keys'),
      rotate: (options = {}) => http.post('/keys/rotate', options),
    },
    clock: {
      get: () => http.get('/clock'),
      advance: (step) =>
        http.post('/clock/advance', typeof step === 'number' ? { ms: step } : step),
      set: (now) => http.post('/clock/set', { now: now instanceof Date ? now.toISOString() : now }),
    },
    settings: {
      get: () => http.get('/settings'),
      update: (patch) => http.call('PATCH', '/settings', patch),
    },
    subscriptions: {
      list: (filter = {}) => http.get(`/subscriptions${query(filter)}`),
      get: (id) => http.get(`/subscriptions/${encodeURIComponent(id)}`),
    },
    lifecycle: {
      send: async (ids, lifecycleEvent) => {
        const body = { subscriptionIds: Array.isArray(ids) ? ids : [ids], lifecycleEvent };
        return (await http.post<{ deliveries: DeliveryRecord[] }>('/lifecycle', body)).deliveries;
      },
    },
    faults: {
      list: () => http.get('/faults'),
      add: (fault) => http.post('/faults', fault),
      remove: (id) => http.remove(`/faults/${id}`),
      clear: () => http.remove('/faults'),
    },
    records: {
      calls: (filter = {}) => http.get(`/records/calls${query(filter)}`),
      tokenRequests: (filter = {}) => http.get(`/records/token-requests${query(filter)}`),
      deliveries: (filter = {}) => http.get(`/records/deliveries${query(filter)}`),
      handshakes: (filter = {}) => http.get(`/records/handshakes${query(filter)}`),
      clear: () => http.remove('/records'),
    },
  };
}

function appsApi(http: Http): AdminClient['apps'] {
  const app = (appId: string) => `/apps/${encodeURIComponent(appId)}`;
  return {
    list: () => http.get('/apps'),
    get: (appId) => http.get(app(appId)),
    register: (registration) => http.post('/apps', registration),
    remove: (appId) => http.remove(app(appId)),
    addSecret: (appId, secret = {}) => http.post(`${app(appId)}/secrets`, secret),
    removeSecret: (appId, id) => http.remove(`${app(appId)}/secrets/${encodeURIComponent(id)}`),
    addCertificate: (appId, certificate) =>
      http.post(`${app(appId)}/certificates`, { certificate }),
    removeCertificate: (appId, thumbprint) =>
      http.remove(`${app(appId)}/certificates/${thumbprint}`),
    grant: (appId, permissions) => http.post(`${app(appId)}/permissions/grant`, permissions),
    revoke: (appId, permissions) => http.post(`${app(appId)}/permissions/revoke`, permissions),
    consent: (appId, tenantId) => http.post(`${app(appId)}/tenants`, { tenantId }),
  };
}

function deviceCode(userCode: string): string {
  return `/device-codes/${encodeURIComponent(userCode)}`;
}
