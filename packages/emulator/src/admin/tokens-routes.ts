/**
 * Admin routes for tokens and keys: mint delegated tokens, revoke (expire early) issued access
 * and refresh tokens, read and rotate the signing keys.
 *
 * @module
 */
import type { Context, Hono } from 'hono';
import type { EmulatedCloudName } from '../clouds.js';
import type { EmulatorEnv } from '../context.js';
import { mintDelegatedToken } from '../entra/delegated.js';
import { adminError, BodyReader, readObject } from './validate.js';

const cloudNames: readonly EmulatedCloudName[] = ['global', 'usGovL4', 'usGovL5', 'china'];

/** Adds the token and key routes to the admin app. */
export function registerTokenRoutes(admin: Hono<EmulatorEnv>): void {
  admin.post('/tokens', mintToken);
  admin.post('/tokens/revoke', revokeTokens);
  admin.get('/keys', (c) => c.json(c.var.state.keys.jwks()));
  admin.post('/keys/rotate', rotateKeys);
}

async function mintToken(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const input = {
    appId: reader.requiredString('appId'),
    scopes: reader.strings('scopes') ?? [],
    account: reader.oneOf('account', ['work', 'personal'] as const),
    userId: reader.string('userId'),
    name: reader.string('name'),
    tenantId: reader.string('tenantId'),
    cloud: reader.oneOf('cloud', cloudNames),
    addressing: reader.oneOf('addressing', ['emulator', 'real'] as const),
    capabilities: reader.strings('capabilities'),
    lifetimeSeconds: reader.number('lifetimeSeconds'),
  };
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  const minted = await mintDelegatedToken(c.var.state, c.var.origin, input);
  return minted.ok ? c.json(minted.value, 201) : adminError(c, minted.status, minted.message);
}

// Revoked tokens fail at Graph from now on: a claims challenge for clients that declared cp1.
// Refresh tokens of matching sign-ins are revoked too (a filter naming one access token matches
// none), so that a refresh gets invalid_grant and the user has to sign in again.
async function revokeTokens(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const filter = {
    appId: reader.string('appId'),
    tenantId: reader.string('tenantId'),
    subject: reader.string('userId'),
    uti: reader.string('uti') ?? utiOf(reader.string('token')),
  };
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  if (Object.values(filter).every((value) => value === undefined)) {
    return adminError(c, 400, 'name at least one of appId, tenantId, userId, uti or token');
  }
  const { state } = c.var;
  const accessTokens = state.tokens.revoke(filter, state.clock.now());
  const refreshTokens = state.refreshTokens.revoke(filter, state.clock.now());
  return c.json({ revoked: accessTokens + refreshTokens, accessTokens, refreshTokens });
}

async function rotateKeys(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  const reader = new BodyReader(body ?? {});
  const options = { dropPrevious: reader.boolean('dropPrevious'), keep: reader.number('keep') };
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  const key = await c.var.state.keys.rotate(options);
  return c.json({ kid: key.kid, keys: c.var.state.keys.jwks().keys.map((jwk) => jwk.kid) });
}

function utiOf(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const uti = (claims as { uti?: unknown }).uti;
    return typeof uti === 'string' ? uti : undefined;
  } catch {
    return undefined;
  }
}
