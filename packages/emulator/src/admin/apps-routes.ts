/**
 * Admin routes for app registrations: register, add and remove secrets and certificates, grant
 * and revoke permissions, consent in another tenant; and tenants.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { EmulatorEnv } from '../context.js';
import {
  addCertificate,
  addSecret,
  generateCertificate,
  grantPermissions,
  type RegisteredApp,
  revokePermissions,
} from '../entra/apps.js';
import { notifyRevocation } from '../lifecycle/revocation.js';
import { registerApp } from '../seed.js';
import { ensureTenant } from '../state.js';
import { adminError, BodyReader, readObject } from './validate.js';
import { describeApp } from './views.js';

/** Adds the app and tenant routes to the admin app. */
export function registerAppRoutes(admin: Hono<EmulatorEnv>): void {
  admin.get('/apps', (c) => c.json([...c.var.state.apps.values()].map(describeApp)));
  admin.post('/apps', createApp);
  admin.get('/apps/:appId', (c) => withApp(c, (app) => c.json(describeApp(app))));
  admin.delete('/apps/:appId', (c) =>
    withApp(c, (app) => {
      c.var.state.apps.delete(app.appId);
      return c.body(null, 204);
    }),
  );
  admin.post('/apps/:appId/secrets', (c) => withApp(c, (app) => createSecret(c, app)));
  admin.delete('/apps/:appId/secrets/:secretId', (c) =>
    withApp(c, (app) => removeCredential(c, app, 'secrets', c.req.param('secretId'))),
  );
  admin.post('/apps/:appId/certificates', (c) => withApp(c, (app) => createCertificate(c, app)));
  admin.delete('/apps/:appId/certificates/:thumbprint', (c) =>
    withApp(c, (app) => removeCredential(c, app, 'certificates', c.req.param('thumbprint'))),
  );
  admin.post('/apps/:appId/permissions/grant', (c) =>
    withApp(c, (app) => changePermissions(c, app, 'grant')),
  );
  admin.post('/apps/:appId/permissions/revoke', (c) =>
    withApp(c, (app) => changePermissions(c, app, 'revoke')),
  );
  admin.post('/apps/:appId/tenants', (c) => withApp(c, (app) => consentInTenant(c, app)));
  admin.get('/tenants', (c) => c.json([...c.var.state.tenants.values()]));
  admin.post('/tenants', createTenant);
}

async function withApp(
  c: Context<EmulatorEnv>,
  handle: (app: RegisteredApp) => Response | Promise<Response>,
): Promise<Response> {
  const app = c.var.state.apps.get(c.req.param('appId') ?? '');
  return app ? handle(app) : adminError(c, 404, `no app ${c.req.param('appId')}`);
}

async function createApp(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const registration = {
    appId: reader.string('appId'),
    displayName: reader.string('displayName'),
    tenantId: reader.string('tenantId'),
    tenants: reader.strings('tenants'),
    secret: reader.stringOrTrue('secret'),
    certificate: reader.stringOrTrue('certificate'),
    allowPublicClient: reader.boolean('allowPublicClient'),
    applicationPermissions: reader.strings('applicationPermissions'),
    delegatedPermissions: reader.strings('delegatedPermissions'),
  };
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  const { state } = c.var;
  if (registration.appId && state.apps.has(registration.appId)) {
    return adminError(c, 409, `app ${registration.appId} already exists`);
  }
  try {
    const credentials = await registerApp(state, registration);
    const app = state.apps.get(credentials.clientId) as RegisteredApp;
    return c.json({ app: describeApp(app), credentials }, 201);
  } catch (error) {
    return adminError(c, 400, error instanceof Error ? error.message : String(error));
  }
}

async function createSecret(c: Context<EmulatorEnv>, app: RegisteredApp): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const value = reader.string('value');
  const expiresAt = reader.date('expiresAt');
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  return c.json(addSecret(app, { value, expiresAt }), 201);
}

async function createCertificate(c: Context<EmulatorEnv>, app: RegisteredApp): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const certificate = reader.string('certificate');
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  if (certificate === undefined) {
    return c.json(await generateCertificate(app, c.var.state.clock.now()), 201);
  }
  const added = addCertificate(app, certificate);
  return added.ok ? c.json(added.value, 201) : adminError(c, 400, added.error);
}

function removeCredential(
  c: Context<EmulatorEnv>,
  app: RegisteredApp,
  kind: 'secrets' | 'certificates',
  id: string | undefined,
): Response {
  const before = app[kind].length;
  if (kind === 'secrets') app.secrets = app.secrets.filter((secret) => secret.id !== id);
  else
    app.certificates = app.certificates.filter((known) => known.thumbprint !== id?.toUpperCase());
  return app[kind].length < before
    ? c.body(null, 204)
    : adminError(c, 404, `no such credential ${id}`);
}

async function changePermissions(
  c: Context<EmulatorEnv>,
  app: RegisteredApp,
  change: 'grant' | 'revoke',
): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const permissions = {
    application: reader.strings('application'),
    delegated: reader.strings('delegated'),
  };
  const notify = reader.boolean('notify') ?? true;
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  if (change === 'grant') {
    grantPermissions(app, permissions);
    return c.json({ app: describeApp(app) });
  }
  const revoked = revokePermissions(app, permissions);
  const deliveries = notify ? notifyRevocation(c.var.state, app, revoked) : [];
  return c.json({ app: describeApp(app), revoked, deliveries });
}

async function consentInTenant(c: Context<EmulatorEnv>, app: RegisteredApp): Promise<Response> {
  const body = await readObject(c);
  const reader = new BodyReader(body ?? {});
  const tenantId = reader.requiredString('tenantId');
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  ensureTenant(c.var.state, tenantId);
  if (!app.tenants.includes(tenantId)) app.tenants.push(tenantId);
  return c.json(describeApp(app));
}

async function createTenant(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  const reader = new BodyReader(body ?? {});
  const tenantId = (reader.string('tenantId') ?? randomUUID()).toLowerCase();
  const domains = reader.strings('domains') ?? [];
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  const { state } = c.var;
  ensureTenant(state, tenantId);
  const tenant = state.tenants.get(tenantId);
  if (tenant) tenant.domains = [...new Set([...tenant.domains, ...domains])];
  return c.json(tenant, 201);
}
