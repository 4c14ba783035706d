/**
 * Everything the emulator holds: clock, keys, tenants, apps, tokens, subscriptions, faults,
 * throttling windows and records. One state serves every cloud.
 *
 * @module
 */
import { type ClockOptions, createClock, type EmulatorClock } from './clock.js';
import { createTokenLedger, type TokenLedger } from './entra/access-tokens.js';
import { cloneApp, type RegisteredApp } from './entra/apps.js';
import { createDeviceCodeStore, type DeviceCodeStore } from './entra/device-codes.js';
import { createKeyRing, type KeyRing } from './entra/keys.js';
import { createRefreshTokenStore, type RefreshTokenStore } from './entra/refresh-tokens.js';
import { createFaultEngine, type FaultEngine } from './faults/rules.js';
import { createSubscriptionStore, type SubscriptionStore } from './graph/subscription-store.js';
import { createThrottleWindows, type ThrottleWindows } from './graph/throttle.js';
import { createRecorder, type Recorder } from './records.js';
import { applySeed, type EmulatorSeed, type SeededApps } from './seed.js';
import {
  defaultSettings,
  type EmulatorSettings,
  mergeSettings,
  type SettingsPatch,
} from './settings.js';

/** A directory (tenant). */
export interface Tenant {
  tenantId: string;
  /** Verified domains, usable instead of the id in authority URLs. */
  domains: string[];
}

/** Work that outlives the request that started it: handshakes, deliveries. */
export interface PendingWork {
  track(work: Promise<unknown>): void;
  /** Resolves once nothing is in flight (work started meanwhile is awaited too). */
  settle(): Promise<void>;
}

/** The whole emulator state. */
export interface EmulatorState {
  readonly clock: EmulatorClock;
  readonly keys: KeyRing;
  settings: EmulatorSettings;
  /** The emulator's origin once listening, e.g. `http://127.0.0.1:4000`. */
  baseUrl: string | undefined;
  defaultTenantId: string;
  /** The secret the managed identity endpoint expects in `X-IDENTITY-HEADER`. */
  managedIdentityHeader: string;
  readonly tenants: Map<string, Tenant>;
  readonly apps: Map<string, RegisteredApp>;
  readonly tokens: TokenLedger;
  readonly refreshTokens: RefreshTokenStore;
  /** Device code sign-ins, pending or answered. */
  readonly deviceCodes: DeviceCodeStore;
  readonly subscriptions: SubscriptionStore;
  readonly records: Recorder;
  readonly faults: FaultEngine;
  readonly throttle: ThrottleWindows;
  readonly work: PendingWork;
  /** Sends handshakes and lifecycle notifications. */
  readonly fetch: typeof fetch;
  /**
   * Puts apps, settings, faults, records, subscriptions, tokens and device codes back as they
   * were at start.
   */
  reset(): void;
}

/** Options of {@link createEmulatorState}. */
export interface EmulatorStateOptions {
  seed?: EmulatorSeed;
  clock?: EmulatorClock | ClockOptions;
  /** Settings on top of the seed's; kept by a reset. */
  settings?: SettingsPatch;
  /** The `fetch` used to reach notification URLs. Default: the global one. */
  fetch?: typeof fetch;
}

/**
 * Creates a state from a seed; returns it with the credentials of the seeded apps.
 *
 * @throws {TypeError} for invalid settings.
 * @throws {Error} for a seed certificate that cannot be read.
 */
export async function createEmulatorState(
  options: EmulatorStateOptions = {},
): Promise<{ state: EmulatorState; apps: SeededApps }> {
  const clock = isClock(options.clock) ? options.clock : createClock(options.clock);
  const keys = await createKeyRing(() => clock.now());
  const seed = options.seed ?? {};
  const faults = createFaultEngine(seed.randomSeed ?? 1);
  const state: EmulatorState = {
    clock,
    keys,
    settings: defaultSettings(),
    baseUrl: undefined,
    defaultTenantId: '',
    managedIdentityHeader: '',
    tenants: new Map(),
    apps: new Map(),
    tokens: createTokenLedger(() => clock.now()),
    refreshTokens: createRefreshTokenStore(() => clock.now()),
    deviceCodes: createDeviceCodeStore(() => clock.now()),
    subscriptions: createSubscriptionStore(),
    records: createRecorder(),
    faults,
    throttle: createThrottleWindows(() => state.settings),
    work: createPendingWork(),
    fetch: options.fetch ?? globalThis.fetch,
    reset: () => undefined,
  };
  const apps = await applySeed(state, seed);
  state.settings = mergeSettings(state.settings, options.settings);
  const seeded = { apps: [...state.apps.values()].map(cloneApp), settings: state.settings };
  state.reset = () => resetState(state, seeded);
  return { state, apps };
}

function resetState(
  state: EmulatorState,
  seeded: { apps: RegisteredApp[]; settings: EmulatorSettings },
): void {
  state.subscriptions.clear();
  state.records.clear();
  state.faults.clear();
  state.throttle.clear();
  state.tokens.clear();
  state.refreshTokens.clear();
  state.deviceCodes.clear();
  state.apps.clear();
  for (const app of seeded.apps) state.apps.set(app.appId, cloneApp(app));
  state.settings = seeded.settings;
}

function createPendingWork(): PendingWork {
  const inFlight = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      inFlight.add(settled);
      void settled.then(() => inFlight.delete(settled));
    },
    async settle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

function isClock(value: EmulatorClock | ClockOptions | undefined): value is EmulatorClock {
  return typeof (value as EmulatorClock | undefined)?.now === 'function';
}

/** Adds a tenant with no domains unless it is already known. */
export function ensureTenant(state: EmulatorState, tenantId: string): void {
  if (!state.tenants.has(tenantId)) state.tenants.set(tenantId, { tenantId, domains: [] });
}
