/**
 * The refresh tokens the emulator issued. Each is an opaque random string, kept only as a SHA-256
 * digest, bound to the app and the signed-in user. Like Entra ID, a refresh replaces the token
 * with a new one without invalidating the old: both work until they expire (90 days by default)
 * or are revoked.
 * See https://learn.microsoft.com/entra/identity-platform/refresh-tokens
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RevocationFilter } from './access-tokens.js';
import type { SignedInUser } from './sign-in.js';

/** What the emulator remembers of a refresh token. */
export interface RefreshGrant {
  appId: string;
  user: SignedInUser;
  issuedAt: Date;
  expiresAt: Date;
  /** When it was revoked, or null. */
  revokedAt: Date | null;
}

/** The refresh tokens issued and not yet expired. */
export interface RefreshTokenStore {
  /** Issues a new refresh token and returns it; only its digest is kept. */
  issue(grant: Omit<RefreshGrant, 'revokedAt'>): string;
  find(token: string): RefreshGrant | undefined;
  /**
   * Revokes every live refresh token whose app, tenant and user match the filter; returns how
   * many. A filter naming one access token (`uti`) matches none: it revokes that token only.
   */
  revoke(filter: RevocationFilter, at: Date): number;
  clear(): void;
}

/** Creates an empty store. Expired tokens are dropped as new ones are issued. */
export function createRefreshTokenStore(now: () => Date): RefreshTokenStore {
  const grants = new Map<string, RefreshGrant>();
  const matches = (grant: RefreshGrant, filter: RevocationFilter): boolean =>
    filter.uti === undefined &&
    (filter.appId === undefined || filter.appId === grant.appId) &&
    (filter.tenantId === undefined || filter.tenantId === grant.user.tenantId) &&
    (filter.subject === undefined || filter.subject === grant.user.userId);
  return {
    issue(grant) {
      const time = now().getTime();
      for (const [key, known] of grants) if (known.expiresAt.getTime() < time) grants.delete(key);
      // Entra ID's refresh tokens are opaque; this one only looks the part.
      const token = `1.A${randomBytes(96).toString('base64url')}`;
      grants.set(digest(token), { ...grant, revokedAt: null });
      return token;
    },
    find: (token) => grants.get(digest(token)),
    revoke(filter, at) {
      const hit = [...grants.values()].filter((g) => !g.revokedAt && matches(g, filter));
      for (const grant of hit) grant.revokedAt = at;
      return hit.length;
    },
    clear: () => grants.clear(),
  };
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
