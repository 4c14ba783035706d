/**
 * The Entra ID routes of one cloud: discovery, keys, the token endpoint and the device code
 * endpoint (with its verification address).
 *
 * @module
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../context.js';
import { injectFaults } from '../faults/middleware.js';
import { deviceCodeEndpoint, deviceLoginPage } from './device-code-endpoint.js';
import { openIdConfiguration, openIdConfigurationV1, signingKeys } from './metadata.js';
import { tokenEndpoint } from './token-endpoint.js';
import { recordTokenRequests } from './token-records.js';

// Entra ID echoes the caller's `client-request-id` and names its own `x-ms-request-id`.
const loginHeaders: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
  if (!c.get('site').login) return c.json({ error: 'not an Entra ID host' }, 404);
  await next();
  c.res.headers.set('client-request-id', c.get('clientRequestId'));
  c.res.headers.set('x-ms-request-id', c.get('requestId'));
};

/** Adds the Entra ID routes to a cloud's app. */
export function registerEntraRoutes(app: Hono<EmulatorEnv>): void {
  const faults = injectFaults('login');
  app.get(
    '/:tenant/v2.0/.well-known/openid-configuration',
    loginHeaders,
    faults,
    openIdConfiguration,
  );
  app.get('/:tenant/.well-known/openid-configuration', loginHeaders, faults, openIdConfigurationV1);
  app.get('/:tenant/discovery/v2.0/keys', loginHeaders, faults, signingKeys);
  app.get('/:tenant/discovery/keys', loginHeaders, faults, signingKeys);
  const token = recordTokenRequests('token');
  app.post('/:tenant/oauth2/v2.0/token', loginHeaders, token, faults, tokenEndpoint);
  const deviceCode = recordTokenRequests('devicecode');
  app.post('/:tenant/oauth2/v2.0/devicecode', loginHeaders, deviceCode, faults, deviceCodeEndpoint);
  app.get('/devicelogin', loginHeaders, deviceLoginPage);
}
