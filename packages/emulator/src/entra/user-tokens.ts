/**
 * The token response of a user sign-in or refresh: a delegated access token (`scp`, never
 * `roles`), an ID token and `client_info` from which msal builds the account, and a refresh
 * token. The ID token is signed like access tokens, `aud` the client id, version 2.0.
 * See https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';
import type { EmulatorState } from '../state.js';
import { epochSeconds } from '../time-format.js';
import { mintAccessToken } from './access-tokens.js';
import type { RegisteredApp } from './apps.js';
import type { DelegatedScopes } from './delegated-scopes.js';
import type { SignedInUser } from './sign-in.js';

/** What a user's tokens are made of. */
export interface UserTokenRequest {
  app: RegisteredApp;
  user: SignedInUser;
  scopes: DelegatedScopes;
  /** Client capabilities, lower case; `cp1` puts `xms_cc` in the token and lengthens it. */
  capabilities: string[];
  /** The Entra ID base URL that issues them: `iss` is `${issuerBase}/${tid}/v2.0`. */
  issuerBase: string;
  /** `0` for a public client, `1` secret, `2` certificate. */
  clientAuthentication: '0' | '1' | '2';
  /** Issue a refresh token even when `offline_access` was not asked for (a refresh). */
  refresh: boolean;
  /** The client sent `client_info=1`. */
  clientInfo: boolean;
}

// ID tokens last one hour.
const idTokenLifetimeSeconds = 3600;

/** Mints the tokens and returns the token endpoint's JSON body. */
export async function issueUserTokens(
  state: EmulatorState,
  request: UserTokenRequest,
): Promise<Record<string, unknown>> {
  const { app, user, scopes, capabilities } = request;
  const now = state.clock.now();
  const cae = capabilities.includes('cp1');
  const { caeTokenLifetimeSeconds, tokenLifetimeSeconds } = state.settings;
  const lifetimeSeconds = cae ? caeTokenLifetimeSeconds : tokenLifetimeSeconds;
  const minted = await mintAccessToken(state.keys, state.tokens, {
    app,
    tenantId: user.tenantId,
    audience: scopes.resource,
    issuerBase: request.issuerBase,
    clientAuthentication: request.clientAuthentication,
    capabilities,
    lifetimeSeconds,
    now,
    user: {
      id: user.userId,
      account: user.account,
      scopes: scopes.permissions,
      name: user.name,
      username: user.username,
    },
  });
  return {
    token_type: 'Bearer',
    scope: scopes.responseScope,
    expires_in: lifetimeSeconds,
    ext_expires_in: lifetimeSeconds,
    ...(cae ? { refresh_in: Math.floor(lifetimeSeconds / 2) } : {}),
    access_token: minted.token,
    ...(request.refresh || scopes.offlineAccess
      ? { refresh_token: refreshToken(state, request) }
      : {}),
    ...(scopes.openId ? { id_token: await idToken(state, request) } : {}),
    ...(request.clientInfo ? { client_info: clientInfo(user) } : {}),
  };
}

function refreshToken(state: EmulatorState, request: UserTokenRequest): string {
  const issuedAt = state.clock.now();
  const lifetimeMs = state.settings.refreshTokenLifetimeSeconds * 1000;
  return state.refreshTokens.issue({
    appId: request.app.appId,
    user: { ...request.user },
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + lifetimeMs),
  });
}

async function idToken(state: EmulatorState, request: UserTokenRequest): Promise<string> {
  const key = state.keys.current();
  return new SignJWT(idTokenClaims(request, state.clock.now()))
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid })
    .sign(key.privateKey);
}

function idTokenClaims(request: UserTokenRequest, now: Date): JWTPayload {
  const { app, user } = request;
  const issuedAt = epochSeconds(now);
  return {
    aud: app.appId,
    iss: `${request.issuerBase}/${user.tenantId}/v2.0`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + idTokenLifetimeSeconds,
    aio: randomBytes(24).toString('base64'),
    name: user.name,
    oid: user.userId,
    preferred_username: user.username,
    rh: randomBytes(16).toString('base64url'),
    // `sub` is pairwise: the same user has a different one in every app.
    sub: createHash('sha256')
      .update(`${user.userId}:${app.appId}`)
      .digest('base64url')
      .slice(0, 43),
    tid: user.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  };
}

// msal's home account id is `${uid}.${utid}`.
function clientInfo(user: SignedInUser): string {
  const json = JSON.stringify({ uid: user.userId, utid: user.tenantId });
  return Buffer.from(json, 'utf8').toString('base64url');
}
