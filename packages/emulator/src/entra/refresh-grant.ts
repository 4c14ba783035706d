/**
 * The token endpoint's `refresh_token` grant: new tokens for the signed-in user, with the
 * permissions the app still holds, for the scopes now asked (`/.default` included), with a
 * `claims` request honoured: capabilities go into `xms_cc`, and a claims challenge is answered
 * with a fresh token unless the sign-in itself was revoked. A revoked, expired, unknown or other
 * app's refresh token gets `invalid_grant`, so that the client signs the user in again.
 * See https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
 *
 * @module
 */
import type { Context } from 'hono';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import { oauthTimestamp } from '../time-format.js';
import type { RegisteredApp } from './apps.js';
import { readClaimsRequest } from './claims-request.js';
import { authenticateClient } from './client-auth.js';
import { consentRequired, type DelegatedScopes, readDelegatedScopes } from './delegated-scopes.js';
import { assertionAudiences, type Form, proofOf, sentCredential } from './form.js';
import { failure, missingParameter, type OAuthFailure, oauthError } from './oauth-errors.js';
import type { RefreshGrant } from './refresh-tokens.js';
import {
  authorityAccepts,
  publicClientRefused,
  resolveSignInAuthority,
  unknownAppFailure,
} from './sign-in.js';
import { issueUserTokens } from './user-tokens.js';

/** Handles a refresh. */
export async function refreshTokenGrant(c: Context<EmulatorEnv>, form: Form): Promise<Response> {
  const request = await readRefreshRequest(c, form);
  if (!request.ok) return oauthError(c, request.failure);
  const { app, grant, scopes, capabilities, method } = request.value;
  const body = await issueUserTokens(c.var.state, {
    app,
    user: grant.user,
    scopes,
    capabilities,
    issuerBase: c.get('site').login?.base ?? c.get('origin'),
    clientAuthentication: method,
    refresh: true,
    clientInfo: form.client_info === '1',
  });
  return c.json(body);
}

interface RefreshRequest {
  app: RegisteredApp;
  grant: RefreshGrant;
  scopes: DelegatedScopes;
  capabilities: string[];
  method: '0' | '1' | '2';
}

// Every check in turn; the first that fails answers.
async function readRefreshRequest(
  c: Context<EmulatorEnv>,
  form: Form,
): Promise<{ ok: true; value: RefreshRequest } | { ok: false; failure: OAuthFailure }> {
  const { state } = c.var;
  const tenant = c.req.param('tenant') ?? '';
  const authority = resolveSignInAuthority(state, tenant);
  if (!authority.ok) return authority;
  const missing = ['client_id', 'refresh_token', 'scope'].find((name) => !form[name]);
  if (missing) return refuse(missingParameter(missing));
  const app = state.apps.get(form.client_id as string);
  if (!app) return refuse(unknownAppFailure(form.client_id as string, tenant));
  const client = await authenticate(c, app, form);
  if (!client.ok) return client;

  const grant = state.refreshTokens.find(form.refresh_token as string);
  const unusable = refusal(grant, app, emulatorNow(c));
  if (unusable || !grant) return refuse(unusable ?? unknownToken());
  if (!authorityAccepts(authority.value, grant.user)) return refuse(unknownToken());
  const scopes = readDelegatedScopes(c, app, form.scope as string);
  if (!scopes.ok) return scopes;
  const { unconsented } = scopes.value;
  if (unconsented.length > 0) return refuse(consentRequired(app, unconsented));
  const claims = readClaimsRequest(form.claims);
  if (!claims.ok) return claims;
  const { capabilities } = claims.value;
  return {
    ok: true,
    value: { app, grant, scopes: scopes.value, capabilities, method: client.method },
  };
}

function refuse(reason: OAuthFailure): { ok: false; failure: OAuthFailure } {
  return { ok: false, failure: reason };
}

// A confidential client proves itself; a public client sends no credential, which only an app
// that allows public client flows may do.
async function authenticate(
  c: Context<EmulatorEnv>,
  app: RegisteredApp,
  form: Form,
): Promise<{ ok: true; method: '0' | '1' | '2' } | { ok: false; failure: OAuthFailure }> {
  const proof = proofOf(c, form);
  if (!sentCredential(proof)) {
    return app.allowPublicClient
      ? { ok: true, method: '0' }
      : { ok: false, failure: publicClientRefused() };
  }
  return authenticateClient(app, proof, {
    audiences: assertionAudiences(c, c.req.param('tenant') ?? ''),
    now: [emulatorNow(c), new Date()],
  });
}

function refusal(
  grant: RefreshGrant | undefined,
  app: RegisteredApp,
  now: Date,
): OAuthFailure | undefined {
  if (!grant) return unknownToken();
  if (grant.appId !== app.appId) {
    const description = 'Provided grant is invalid or malformed. It was issued to another client.';
    return failure(400, 'invalid_grant', 70000, description);
  }
  if (grant.revokedAt) {
    const description = [
      'The provided grant has expired due to it being revoked, a fresh auth token is needed. The',
      `user might have changed or reset their password. The grant was issued on`,
      `'${oauthTimestamp(grant.issuedAt)}' and the TokensValidFrom date (before which tokens are`,
      `not valid) for this user is '${oauthTimestamp(grant.revokedAt)}'.`,
    ].join(' ');
    return failure(400, 'invalid_grant', 50173, description, 'bad_token');
  }
  if (grant.expiresAt.getTime() <= now.getTime()) {
    const description = [
      `The refresh token has expired due to inactivity. The token was issued on`,
      `${grant.issuedAt.toISOString()} and was inactive for the refresh token lifetime.`,
    ].join(' ');
    return failure(400, 'invalid_grant', 700082, description, 'bad_token');
  }
  return undefined;
}

function unknownToken(): OAuthFailure {
  return failure(
    400,
    'invalid_grant',
    9002313,
    'Invalid request. Request is malformed or invalid.',
  );
}
