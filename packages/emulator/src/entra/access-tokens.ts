/**
 * Access tokens for Microsoft Graph, signed with the emulator's keys, and the ledger of tokens
 * issued so that one can be revoked ("expired early") before its `exp`.
 * See https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 *
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { personalAccountTenantId } from '@lifeline/core';
import { type JWTPayload, SignJWT } from 'jose';
import { epochSeconds } from '../time-format.js';
import type { RegisteredApp } from './apps.js';
import type { KeyRing } from './keys.js';

/** What the emulator remembers of a token it issued. */
export interface IssuedToken {
  uti: string;
  appId: string;
  tenantId: string;
  /** `oid`: the user, or the app's service principal. */
  subject: string;
  kind: 'app' | 'delegated';
  issuedAt: Date;
  expiresAt: Date;
  /** When it was revoked (expired early), or null. */
  revokedAt: Date | null;
}

/** Which issued tokens to revoke; every given field must match. */
export interface RevocationFilter {
  appId?: string;
  tenantId?: string;
  subject?: string;
  uti?: string;
}

/** The tokens issued and not yet past their expiry. */
export interface TokenLedger {
  record(token: IssuedToken): void;
  find(uti: string): IssuedToken | undefined;
  /** Revokes every live token matching the filter; returns how many. */
  revoke(filter: RevocationFilter, at: Date): number;
  clear(): void;
}

/** Creates an empty ledger. Expired entries are dropped as new ones arrive. */
export function createTokenLedger(now: () => Date): TokenLedger {
  const tokens = new Map<string, IssuedToken>();
  const matches = (token: IssuedToken, filter: RevocationFilter): boolean =>
    (Object.keys(filter) as (keyof RevocationFilter)[]).every(
      (key) => filter[key] === undefined || filter[key] === token[key],
    );
  return {
    record(token) {
      const time = now().getTime();
      for (const [uti, known] of tokens) if (known.expiresAt.getTime() < time) tokens.delete(uti);
      tokens.set(token.uti, token);
    },
    find: (uti) => tokens.get(uti),
    revoke(filter, at) {
      const hit = [...tokens.values()].filter((t) => !t.revokedAt && matches(t, filter));
      for (const token of hit) token.revokedAt = at;
      return hit.length;
    },
    clear: () => tokens.clear(),
  };
}

/** What to put in an access token. */
export interface AccessTokenRequest {
  app: RegisteredApp;
  tenantId: string;
  /** The Graph base URL the token is for: its `aud`. */
  audience: string;
  /** The Entra ID base URL that issues it: `iss` is `${issuerBase}/${tid}/v2.0`. */
  issuerBase: string;
  /**
   * How the client proved itself (`appidacr`/`azpacr`): `0` public client, `1` secret, `2`
   * certificate or managed identity.
   */
  clientAuthentication: '0' | '1' | '2';
  /** Client capabilities to echo in `xms_cc`, e.g. `cp1`. */
  capabilities: string[];
  lifetimeSeconds: number;
  now: Date;
  /** App-only when absent. */
  user?: {
    id: string;
    account: 'work' | 'personal';
    scopes: string[];
    name?: string;
    /** `preferred_username`; derived from the name when absent. */
    username?: string;
  };
}

/** A signed token with what the ledger remembers of it. */
export interface MintedToken {
  token: string;
  claims: JWTPayload;
  issued: IssuedToken;
}

/** Signs an access token with the current key and records it in the ledger. */
export async function mintAccessToken(
  keys: KeyRing,
  ledger: TokenLedger,
  request: AccessTokenRequest,
): Promise<MintedToken> {
  const claims = accessTokenClaims(request);
  const key = keys.current();
  const token = await new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid })
    .sign(key.privateKey);
  const issued: IssuedToken = {
    uti: claims.uti as string,
    appId: request.app.appId,
    tenantId: claims.tid as string,
    subject: claims.oid as string,
    kind: request.user ? 'delegated' : 'app',
    issuedAt: request.now,
    expiresAt: new Date(request.now.getTime() + request.lifetimeSeconds * 1000),
    revokedAt: null,
  };
  ledger.record(issued);
  return { token, claims, issued };
}

function accessTokenClaims(request: AccessTokenRequest): JWTPayload {
  const { app, user, now } = request;
  const tenantId = user?.account === 'personal' ? personalAccountTenantId : request.tenantId;
  const issuedAt = epochSeconds(now);
  const subject = user?.id ?? app.servicePrincipalId;
  return {
    aud: request.audience,
    iss: `${request.issuerBase}/${tenantId}/v2.0`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + request.lifetimeSeconds,
    aio: randomBytes(24).toString('base64'),
    app_displayname: app.displayName,
    appid: app.appId,
    appidacr: request.clientAuthentication,
    azp: app.appId,
    azpacr: request.clientAuthentication,
    idtyp: user ? 'user' : 'app',
    oid: subject,
    ...(user ? userClaims(user) : { roles: [...app.applicationPermissions] }),
    sub: subject,
    tid: tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
    ...(request.capabilities.length > 0 ? { xms_cc: request.capabilities } : {}),
    ...(app.managedIdentity ? { xms_mirid: app.managedIdentity.resourceId } : {}),
  };
}

function userClaims(user: NonNullable<AccessTokenRequest['user']>): JWTPayload {
  const name = user.name ?? 'Emulated User';
  const username = user.username ?? `${name.toLowerCase().replace(/\W+/g, '.')}@emulator.test`;
  return { name, preferred_username: username, scp: user.scopes.join(' ') };
}

/** A fresh user object id for delegated tokens minted without one. */
export function newUserId(): string {
  return randomUUID();
}
