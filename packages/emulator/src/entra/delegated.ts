/**
 * Delegated tokens minted on request: what a user's sign-in (work or personal account) would
 * give an app, without the interactive flow. The scopes count as consented.
 *
 * @module
 */
import { personalAccountTenantId } from '@lifeline/core';
import type { JWTPayload } from 'jose';
import { type EmulatedCloudName, emulatedClouds, emulatorBase } from '../clouds.js';
import type { EmulatorState } from '../state.js';
import { mintAccessToken, newUserId } from './access-tokens.js';
import { grantPermissions, isRevoked } from './apps.js';

/** What to put in a delegated token. */
export interface DelegatedTokenInput {
  appId: string;
  /** Delegated permissions (`scp`), e.g. `['Mail.Read']`. */
  scopes: string[];
  /** A work or school account (default), or a personal Microsoft account. */
  account?: 'work' | 'personal';
  /** The user's object id. Default: a new one. */
  userId?: string;
  /** The user's display name. */
  name?: string;
  /** The work account's tenant. Default: the app's home tenant. */
  tenantId?: string;
  /** The cloud the token is for. Default: `global`. */
  cloud?: EmulatedCloudName;
  /** `emulator` (default): audience and issuer at the emulator's address; `real`: the cloud's. */
  addressing?: 'emulator' | 'real';
  /** Client capabilities, e.g. `['cp1']`. */
  capabilities?: string[];
  lifetimeSeconds?: number;
}

/** A minted delegated token. */
export interface DelegatedToken {
  accessToken: string;
  expiresOn: string;
  userId: string;
  tenantId: string;
  claims: JWTPayload;
}

/** Mints a delegated token, or says why it cannot. */
export async function mintDelegatedToken(
  state: EmulatorState,
  origin: string,
  input: DelegatedTokenInput,
): Promise<
  { ok: true; value: DelegatedToken } | { ok: false; status: 400 | 404; message: string }
> {
  const app = state.apps.get(input.appId);
  if (!app) return { ok: false, status: 404, message: `no app ${input.appId}` };
  if (input.scopes.length === 0)
    return { ok: false, status: 400, message: 'scopes must not be empty' };
  const revoked = input.scopes.filter((scope) => isRevoked(app, 'delegated', scope));
  if (revoked.length > 0) {
    return { ok: false, status: 400, message: `consent was revoked for ${revoked.join(', ')}` };
  }
  const tenantId = input.tenantId ?? app.homeTenantId;
  if (input.account !== 'personal' && !app.tenants.includes(tenantId)) {
    return { ok: false, status: 400, message: `app ${app.appId} is not consented in ${tenantId}` };
  }
  grantPermissions(app, { delegated: input.scopes });
  const cloud = emulatedClouds[input.cloud ?? 'global'];
  const real = input.addressing === 'real';
  const userId = input.userId ?? newUserId();
  const lifetimeSeconds = input.lifetimeSeconds ?? state.settings.tokenLifetimeSeconds;
  const minted = await mintAccessToken(state.keys, state.tokens, {
    app,
    tenantId,
    audience: real ? cloud.graphUrl : emulatorBase(cloud, origin),
    issuerBase: real ? (cloud.loginUrls[0] as string) : emulatorBase(cloud, origin),
    clientAuthentication: '0',
    capabilities: (input.capabilities ?? []).map((value) => value.toLowerCase()),
    lifetimeSeconds,
    now: state.clock.now(),
    user: { id: userId, account: input.account ?? 'work', scopes: input.scopes, name: input.name },
  });
  const tid = input.account === 'personal' ? personalAccountTenantId : tenantId;
  return {
    ok: true,
    value: {
      accessToken: minted.token,
      expiresOn: minted.issued.expiresAt.toISOString(),
      userId,
      tenantId: tid,
      claims: minted.claims,
    },
  };
}
