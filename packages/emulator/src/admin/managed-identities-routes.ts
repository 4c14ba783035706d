/**
 * Admin routes for the emulated host's managed identities: where its endpoint is, the secret it
 * expects, and the identities assigned to it. Permissions are granted and revoked through the app
 * routes, since each identity is an app; removing the app removes the identity.
 *
 * @module
 */
import type { Context, Hono } from 'hono';
import type { EmulatorEnv } from '../context.js';
import {
  addManagedIdentity,
  describeManagedIdentity,
  listManagedIdentities,
  type ManagedIdentityView,
} from '../entra/managed-identities.js';
import { managedIdentityPath } from '../entra/managed-identity-endpoint.js';
import { adminError, BodyReader, readObject } from './validate.js';

/** What App Service puts in `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`, for the emulator. */
export interface ManagedIdentityEnvironment {
  /** The endpoint's URL: `IDENTITY_ENDPOINT`. */
  endpoint: string;
  /** The value `X-IDENTITY-HEADER` must carry: `IDENTITY_HEADER`. */
  identityHeader: string;
}

/** The managed identity endpoint with the identities assigned to the host. */
export interface ManagedIdentitiesView extends ManagedIdentityEnvironment {
  identities: ManagedIdentityView[];
}

/** Adds the managed identity routes to the admin app. */
export function registerManagedIdentityRoutes(admin: Hono<EmulatorEnv>): void {
  admin.get('/managed-identities', (c) =>
    c.json({
      ...managedIdentityEnvironment(c),
      identities: listManagedIdentities(c.var.state).map(describeManagedIdentity),
    } satisfies ManagedIdentitiesView),
  );
  admin.post('/managed-identities', createIdentity);
}

/** The endpoint and secret of the emulator's managed identity endpoint. */
export function managedIdentityEnvironment(c: Context<EmulatorEnv>): ManagedIdentityEnvironment {
  return {
    endpoint: `${c.var.origin}${managedIdentityPath}`,
    identityHeader: c.var.state.managedIdentityHeader,
  };
}

async function createIdentity(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const type = reader.oneOf('type', ['systemAssigned', 'userAssigned'] as const);
  const registration = {
    clientId: reader.string('clientId'),
    principalId: reader.string('principalId'),
    resourceId: reader.string('resourceId'),
    displayName: reader.string('displayName'),
    tenantId: reader.string('tenantId'),
    applicationPermissions: reader.strings('applicationPermissions'),
  };
  const problem = reader.error() ?? (type ? undefined : 'type is required');
  if (problem || !type) return adminError(c, 400, problem ?? 'type is required');
  const added = addManagedIdentity(c.var.state, { type, ...registration });
  if (!added.ok) return adminError(c, 409, added.message);
  return c.json(describeManagedIdentity(added.app), 201);
}
