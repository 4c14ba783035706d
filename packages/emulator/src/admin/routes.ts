/**
 * The admin API under `/_emulator`: JSON in, JSON out. Not part of Graph or Entra ID; it is how
 * tests and tools set the emulator up, steer it, and read what it recorded.
 *
 * @module
 */
import { Hono } from 'hono';
import { emulatedClouds, emulatorBase } from '../clouds.js';
import type { EmulatorEnv } from '../context.js';
import { registerAppRoutes } from './apps-routes.js';
import { registerDeviceCodeRoutes } from './device-codes-routes.js';
import {
  managedIdentityEnvironment,
  registerManagedIdentityRoutes,
} from './managed-identities-routes.js';
import { registerObserveRoutes } from './observe-routes.js';
import { registerRuntimeRoutes } from './runtime-routes.js';
import { registerTokenRoutes } from './tokens-routes.js';
import { adminError } from './validate.js';
import { describeApp } from './views.js';

/** Creates the admin app, to be mounted at `/_emulator`. */
export function createAdminApp(): Hono<EmulatorEnv> {
  const admin = new Hono<EmulatorEnv>();
  admin.get('/', (c) => {
    const { state, origin } = c.var;
    const clouds = Object.fromEntries(
      Object.values(emulatedClouds).map((cloud) => {
        const base = emulatorBase(cloud, origin);
        return [cloud.name, { graphUrl: base, loginUrl: base, realGraphUrl: cloud.graphUrl }];
      }),
    );
    return c.json({
      url: origin,
      graphUrl: origin,
      loginUrl: origin,
      tenantId: state.defaultTenantId,
      clouds,
      apps: [...state.apps.values()].map(describeApp),
      managedIdentity: managedIdentityEnvironment(c),
      now: state.clock.now().toISOString(),
    });
  });
  registerAppRoutes(admin);
  registerTokenRoutes(admin);
  registerDeviceCodeRoutes(admin);
  registerManagedIdentityRoutes(admin);
  registerRuntimeRoutes(admin);
  registerObserveRoutes(admin);
  admin.all('*', (c) => adminError(c, 404, `no admin route ${c.req.method} ${c.req.path}`));
  return admin;
}
