/**
 * The emulator as one Hono app: the admin API at `/_emulator`, the App Service managed identity
 * endpoint at `/msi/token`, and for every cloud its Entra ID and Graph routes, at the root (global
 * cloud), under `/clouds/{name}`, and at the cloud's real host names when the `Host` header
 * carries them.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createAdminApp } from './admin/routes.js';
import { resolveSite } from './clouds.js';
import type { EmulatorEnv } from './context.js';
import { managedIdentityEndpoint, managedIdentityPath } from './entra/managed-identity-endpoint.js';
import { registerEntraRoutes } from './entra/routes.js';
import { registerGraphRoutes } from './graph/routes.js';
import type { EmulatorState } from './state.js';

/**
 * Creates the emulator's Hono app over a state. Serve it with `@hono/node-server` (dropped
 * connections need it) or call `app.request` in-process.
 */
export function createEmulatorApp(state: EmulatorState): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    const clientRequestId = c.req.header('client-request-id');
    c.set('state', state);
    c.set('origin', state.baseUrl ?? new URL(c.req.url).origin);
    c.set('requestId', requestId);
    c.set(
      'clientRequestId',
      clientRequestId && clientRequestId.length <= 128 ? clientRequestId : requestId,
    );
    await next();
  });
  app.route('/_emulator', createAdminApp());
  // The managed identity endpoint belongs to the emulated host, not to a cloud: one for all.
  app.get(managedIdentityPath, managedIdentityEndpoint);
  const cloudApp = createCloudApp();
  app.route('/clouds/:cloud', cloudApp);
  app.route('/', cloudApp);
  app.notFound((c) =>
    c.json({ error: { code: 'notFound', message: `no route ${c.req.path}` } }, 404),
  );
  app.onError((error, c) => {
    const message = error instanceof Error ? error.message : String(error);
    return c.json({ error: { code: 'emulatorError', message } }, 500);
  });
  return app;
}

function createCloudApp(): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.use('*', async (c, next) => {
    const host = c.req.header('host') ?? '';
    c.set('site', resolveSite(c.get('origin'), c.req.param('cloud'), host));
    await next();
  });
  registerEntraRoutes(app);
  registerGraphRoutes(app);
  return app;
}
