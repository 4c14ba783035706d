/**
 * The Node runner: the emulator on `@hono/node-server`, on an ephemeral loopback port by
 * default, with everything a test needs to talk to it.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AdminClient, createAdminClient } from './admin/client.js';
import type { ManagedIdentityEnvironment } from './admin/managed-identities-routes.js';
import { createEmulatorApp } from './app.js';
import type { ClockOptions, EmulatorClock } from './clock.js';
import { type EmulatedCloudName, emulatedClouds, emulatorBase } from './clouds.js';
import { managedIdentityPath } from './entra/managed-identity-endpoint.js';
import { type EmulatorSeed, loadSeed, type SeededApps } from './seed.js';
import type { SettingsPatch } from './settings.js';
import { createEmulatorState } from './state.js';

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Tenants, apps and settings to start with, or the path of a JSON file holding them. */
  seed?: EmulatorSeed | string;
  /** The clock, or how to make one (real time by default; `{ frozen: true }` for tests). */
  clock?: EmulatorClock | ClockOptions;
  /** Settings on top of the seed's. */
  settings?: SettingsPatch;
  /** The `fetch` used to reach notification URLs. */
  fetch?: typeof fetch;
}

/** The base URLs of one cloud at the emulator: what `customCloud` takes. */
export interface EmulatorCloud {
  graphUrl: string;
  loginUrl: string;
}

/** A running emulator. */
export interface RunningEmulator {
  /** The emulator's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The global cloud's Graph base URL (no version): the same as `url`. */
  graphUrl: string;
  /** The global cloud's Entra ID base URL: the same as `url`. */
  loginUrl: string;
  /** The global cloud, ready for `customCloud`. */
  cloud: EmulatorCloud;
  /** Every cloud, at the emulator's `/clouds/{name}` addresses (global at the root). */
  clouds: Record<EmulatedCloudName, EmulatorCloud>;
  /** The default tenant. */
  tenantId: string;
  /** The Graph scope for client credentials: `${graphUrl}/.default`. */
  scope: string;
  /** Credentials of the seeded apps by name; `secret` and `certificate` are ready to use. */
  apps: SeededApps;
  /**
   * The App Service managed identity endpoint: set `IDENTITY_ENDPOINT` to `endpoint` and
   * `IDENTITY_HEADER` to `identityHeader`, and msal's `ManagedIdentityApplication` gets the
   * tokens of the identities added with `admin.managedIdentities.add` (or the seed).
   */
  managedIdentity: ManagedIdentityEnvironment;
  admin: AdminClient;
  clock: EmulatorClock;
  /** Stops the server, its timers and its connections. */
  close(): Promise<void>;
}

/**
 * Starts an emulator on `@hono/node-server`.
 *
 * @throws {Error} when the port is taken, the seed file cannot be read, or the seed is invalid.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = typeof options.seed === 'string' ? await loadSeed(options.seed) : options.seed;
  const { state, apps } = await createEmulatorState({
    seed,
    clock: options.clock,
    settings: options.settings,
    fetch: options.fetch,
  });
  const host = options.host ?? '127.0.0.1';
  const app = createEmulatorApp(state);
  const { server, port } = await listen(app.fetch, host, options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  state.baseUrl = url;
  const clouds = cloudsAt(url);
  return {
    url,
    graphUrl: url,
    loginUrl: url,
    cloud: clouds.global,
    clouds,
    tenantId: state.defaultTenantId,
    scope: `${url}/.default`,
    apps,
    managedIdentity: {
      endpoint: `${url}${managedIdentityPath}`,
      identityHeader: state.managedIdentityHeader,
    },
    admin: createAdminClient(url),
    clock: state.clock,
    close: async () => {
      state.clock.dispose();
      await closeServer(server);
    },
  };
}

function cloudsAt(url: string): Record<EmulatedCloudName, EmulatorCloud> {
  const entries = Object.values(emulatedClouds).map((cloud) => {
    const base = emulatorBase(cloud, url);
    return [cloud.name, { graphUrl: base, loginUrl: base }] as const;
  });
  return Object.fromEntries(entries) as Record<EmulatedCloudName, EmulatorCloud>;
}

function listen(
  fetchHandler: Parameters<typeof serve>[0]['fetch'],
  hostname: string,
  port: number,
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: fetchHandler, hostname, port }, (info: AddressInfo) =>
      resolve({ server: server as Server, port: info.port }),
    ) as Server;
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
