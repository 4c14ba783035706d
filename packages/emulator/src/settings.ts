/**
 * The knobs of the emulator. Defaults follow the real service; tests shrink the timeouts.
 *
 * @module
 */

/** One subscription-service throttling bucket: requests allowed per sliding window. */
export interface ThrottleLimit {
  /** Per application, across all tenants. */
  perApp: number;
  /** Per application in one tenant. */
  perAppTenant: number;
}

/** Everything the emulator lets a caller tune. */
export interface EmulatorSettings {
  /** Accept `http://` notification URLs on loopback hosts (real Graph requires https). */
  allowHttpLoopback: boolean;
  /** How long the validation handshake may take before creation fails (Graph: 10 s). */
  handshakeTimeoutMs: number;
  /** Subscriptions per page of `GET /subscriptions` before `@odata.nextLink` appears. */
  listPageSize: number;
  /** Lifetime of access tokens from the token endpoint, in seconds. */
  tokenLifetimeSeconds: number;
  /** Lifetime of tokens for clients that declared capability `cp1` (CAE), in seconds. */
  caeTokenLifetimeSeconds: number;
  /** Lifetime of refresh tokens, in seconds (Entra ID: 90 days). */
  refreshTokenLifetimeSeconds: number;
  /** The device code flow. */
  deviceCode: {
    /** How long a device code and its user code stay valid, in seconds (Entra ID: 900). */
    lifetimeSeconds: number;
    /** The polling interval the client is told to keep, in seconds (Entra ID: 5). */
    intervalSeconds: number;
    /** Approve every new code at once as the authority's default user (for demos). */
    autoApprove: boolean;
  };
  /** Lifetime of the `validationTokens` sent with lifecycle notifications, in seconds. */
  validationTokenLifetimeSeconds: number;
  /** Whether lifecycle notifications carry `validationTokens`. */
  lifecycleValidationTokens: boolean;
  delivery: {
    /** A first delivery attempt fails when the receiver takes longer (Graph: 3 s). */
    timeoutMs: number;
    /** Timeout of each retry (Graph: 10 s). */
    retryTimeoutMs: number;
    /** Emulator-clock delay before the first retry; it doubles on each retry. */
    initialRetryDelayMs: number;
    /** The longest delay between two retries. */
    maxRetryDelayMs: number;
    /** Retries stop this long after the first attempt (Graph: 4 h). */
    retryWindowMs: number;
  };
  reauthorization: {
    /** Send `reauthorizationRequired` on the schedule described in the README. */
    scheduled: boolean;
    /** How long an authorization (create, renew, reauthorize) lasts, in minutes. */
    authorizationLifetimeMinutes: number;
  };
  throttling: {
    enabled: boolean;
    /** The sliding window, in milliseconds (Graph: 20 s). */
    windowMs: number;
    limits: {
      /** POST, PUT, DELETE, PATCH. */
      write: ThrottleLimit;
      /** POST /subscriptions/{id}/reauthorize. */
      reauthorize: ThrottleLimit;
      /** GET /subscriptions/{id}. */
      get: ThrottleLimit;
      /** GET /subscriptions. */
      list: ThrottleLimit;
    };
  };
  quotas: {
    /** Subscriptions per application per tenant for any resource; null for no limit. */
    perAppTenant: number | null;
    /** The documented limits for `user` and `group` subscriptions. */
    userAndGroup: { perApp: number; perTenant: number; perAppTenant: number };
  };
}

/** A partial update of the settings; nested objects merge. */
export type SettingsPatch = {
  [K in keyof EmulatorSettings]?: EmulatorSettings[K] extends object
    ? DeepPartial<EmulatorSettings[K]>
    : EmulatorSettings[K];
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The defaults: the real service's documented numbers. */
export function defaultSettings(): EmulatorSettings {
  return {
    allowHttpLoopback: true,
    handshakeTimeoutMs: 10_000,
    listPageSize: 100,
    tokenLifetimeSeconds: 3599,
    caeTokenLifetimeSeconds: 86_399,
    refreshTokenLifetimeSeconds: 90 * 86_400,
    deviceCode: { lifetimeSeconds: 900, intervalSeconds: 5, autoApprove: false },
    validationTokenLifetimeSeconds: 86_700,
    lifecycleValidationTokens: true,
    delivery: {
      timeoutMs: 3000,
      retryTimeoutMs: 10_000,
      initialRetryDelayMs: 60_000,
      maxRetryDelayMs: 3_600_000,
      retryWindowMs: 4 * 3_600_000,
    },
    reauthorization: { scheduled: true, authorizationLifetimeMinutes: 60 },
    throttling: {
      enabled: true,
      windowMs: 20_000,
      limits: {
        write: { perApp: 2000, perAppTenant: 500 },
        reauthorize: { perApp: 4000, perAppTenant: 1000 },
        get: { perApp: 2000, perAppTenant: 500 },
        list: { perApp: 40, perAppTenant: 25 },
      },
    },
    quotas: {
      perAppTenant: null,
      userAndGroup: { perApp: 50_000, perTenant: 1000, perAppTenant: 100 },
    },
  };
}

/**
 * Returns new settings with `patch` merged into `base`; neither input is changed.
 *
 * @throws {TypeError} naming every unknown key or value of the wrong type in `patch`.
 */
export function mergeSettings(base: EmulatorSettings, patch: SettingsPatch = {}): EmulatorSettings {
  const problems: string[] = [];
  const merged = mergeObjects(base, patch, '', problems);
  if (problems.length > 0) throw new TypeError(`invalid settings: ${problems.join('; ')}`);
  return merged as EmulatorSettings;
}

function mergeObjects(base: object, patch: object, path: string, problems: string[]): object {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const name = `${path}${key}`;
    const current = merged[key];
    if (!Object.hasOwn(base, key)) problems.push(`unknown setting ${name}`);
    else if (value === undefined) continue;
    else if (isPlainObject(current) && isPlainObject(value)) {
      merged[key] = mergeObjects(current, value, `${name}.`, problems);
    } else if (!sameKind(current, value, name))
      problems.push(`${name} must be ${describe(current)}`);
    else merged[key] = value;
  }
  return merged;
}

// The only nullable setting is the general quota, where null means no limit.
const nullable = new Set(['quotas.perAppTenant']);

function sameKind(current: unknown, value: unknown, name: string): boolean {
  if (value === null) return nullable.has(name);
  if (current === null || typeof current === 'number') {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0;
  }
  return typeof current === typeof value && isPlainObject(current) === isPlainObject(value);
}

function describe(value: unknown): string {
  if (value === null || typeof value === 'number') return 'a non-negative number';
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
