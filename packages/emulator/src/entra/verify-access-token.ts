/**
 * How the emulated Graph checks a bearer token: the emulator's signature, the cloud's audience
 * and issuer, the emulator clock, revocation (continuous access evaluation), and the app's
 * current grants (a revoked permission stops working even in a token that still carries it).
 *
 * @module
 */
import { errors, type JWTPayload, jwtVerify } from 'jose';
import { type GraphSite, graphIdentities, loginIdentities } from '../clouds.js';
import type { EmulatorState } from '../state.js';
import { isRevoked, type RegisteredApp } from './apps.js';

/** The verified caller of a Graph request. */
export interface Caller {
  appId: string;
  tenantId: string;
  kind: 'app' | 'delegated';
  /** `oid`: the signed-in user, or the app's service principal. */
  subject: string;
  /** The Entra ID base URL that issued the token. */
  issuerBase: string;
  /** The token's claims, less any permission revoked since it was issued. */
  claims: JWTPayload;
}

/** Why a token was refused. */
export type TokenFailure =
  | { kind: 'invalid'; message: string }
  /** Revoked, and the client declared `cp1`: answer with a claims challenge. */
  | { kind: 'challenge'; revokedAt: Date };

/** Microsoft's token validation tolerates five minutes of clock skew. */
const clockToleranceSeconds = 300;

const expiredMessage = 'Access token has expired or is not yet valid.';

/** Verifies the `Authorization` header of a Graph request. */
export async function verifyGraphToken(
  state: EmulatorState,
  authorization: string | undefined,
  site: GraphSite,
  origin: string,
): Promise<{ ok: true; caller: Caller } | { ok: false; failure: TokenFailure }> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return invalid('Access token is empty.');

  const verified = await verifySignature(state, token);
  if (!verified.ok) return verified;
  const claims = verified.claims;

  const audience = String(claims.aud ?? '').replace(/\/+$/, '');
  if (!graphIdentities(site.cloud, origin).includes(audience)) {
    return invalid('Access token validation failure. Invalid audience.');
  }
  const issuerBase = loginIdentities(site.cloud, origin).find(
    (base) => claims.iss === `${base}/${claims.tid}/v2.0`,
  );
  if (!issuerBase) return invalid('Access token validation failure. Invalid issuer.');

  const revokedAt = state.tokens.find(String(claims.uti))?.revokedAt;
  if (revokedAt) return revocationFailure(claims, revokedAt);

  const app = state.apps.get(String(claims.appid));
  if (!app) return invalid('Access token validation failure.');
  return { ok: true, caller: callerOf(app, claims, issuerBase) };
}

async function verifySignature(
  state: EmulatorState,
  token: string,
): Promise<{ ok: true; claims: JWTPayload } | { ok: false; failure: TokenFailure }> {
  try {
    const { payload } = await jwtVerify(token, state.keys.resolver(), {
      algorithms: ['RS256'],
      currentDate: state.clock.now(),
      clockTolerance: clockToleranceSeconds,
    });
    return { ok: true, claims: payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return invalid(expiredMessage);
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      return invalid(expiredMessage);
    }
    if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
      return invalid('CompactToken parsing failed with error code: 80049217');
    }
    return invalid('Access token validation failure. Invalid signature.');
  }
}

// Graph sends claims challenges only to clients that declared the cp1 capability; others see a
// plain authentication failure.
// See https://learn.microsoft.com/entra/identity-platform/claims-challenge
function revocationFailure(claims: JWTPayload, revokedAt: Date) {
  const capabilities = Array.isArray(claims.xms_cc) ? claims.xms_cc : [];
  return capabilities.some((value) => String(value).toLowerCase() === 'cp1')
    ? { ok: false as const, failure: { kind: 'challenge' as const, revokedAt } }
    : invalid(expiredMessage);
}

function callerOf(app: RegisteredApp, claims: JWTPayload, issuerBase: string): Caller {
  const delegated = typeof claims.scp === 'string';
  const effective: JWTPayload = { ...claims };
  if (delegated) {
    const scopes = String(claims.scp).split(' ').filter(Boolean);
    effective.scp = scopes.filter((scope) => !isRevoked(app, 'delegated', scope)).join(' ');
  } else if (Array.isArray(claims.roles)) {
    effective.roles = claims.roles.filter((role) => !isRevoked(app, 'application', String(role)));
  }
  return {
    appId: app.appId,
    tenantId: String(claims.tid),
    kind: delegated ? 'delegated' : 'app',
    subject: String(claims.oid),
    issuerBase,
    claims: effective,
  };
}

function invalid(message: string): { ok: false; failure: TokenFailure } {
  return { ok: false, failure: { kind: 'invalid', message } };
}
