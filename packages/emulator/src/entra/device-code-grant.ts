/**
 * The token endpoint's `device_code` grant: the client polls with its device code until the user
 * has signed in. Before that it gets `authorization_pending`; after a refusal
 * `authorization_declined`; once the code is past its lifetime `expired_token`; for a code it
 * never got `bad_verification_code`. msal sends the short grant type `device_code`; RFC 8628 names
 * `urn:ietf:params:oauth:grant-type:device_code`. Both are accepted.
 * See https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code#authenticating-the-user
 *
 * @module
 */
import type { Context } from 'hono';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import { readClaimsRequest } from './claims-request.js';
import { readDelegatedScopes } from './delegated-scopes.js';
import { type DeviceCodeSignIn, isExpired } from './device-codes.js';
import type { Form } from './form.js';
import { failure, missingParameter, type OAuthFailure, oauthError } from './oauth-errors.js';
import { resolveSignInAuthority, type SignedInUser, unknownAppFailure } from './sign-in.js';
import { issueUserTokens } from './user-tokens.js';

/** The grant type values of the device code grant. */
export const deviceCodeGrantTypes = ['device_code', 'urn:ietf:params:oauth:grant-type:device_code'];

/** Handles a poll. */
export async function deviceCodeGrant(c: Context<EmulatorEnv>, form: Form): Promise<Response> {
  const { state } = c.var;
  const authority = resolveSignInAuthority(state, c.req.param('tenant') ?? '');
  if (!authority.ok) return oauthError(c, authority.failure);
  for (const name of ['client_id', 'device_code']) {
    if (!form[name]) return oauthError(c, missingParameter(name));
  }
  const signIn = state.deviceCodes.byDeviceCode(form.device_code as string);
  if (!signIn || signIn.appId !== form.client_id) return oauthError(c, badCode());
  const waiting = pollAnswer(signIn, emulatorNow(c));
  if (waiting) return oauthError(c, waiting);

  const app = state.apps.get(signIn.appId);
  if (!app) return oauthError(c, unknownAppFailure(signIn.appId, signIn.tenant));
  const scopes = readDelegatedScopes(c, app, signIn.scope);
  if (!scopes.ok) return oauthError(c, scopes.failure);
  const claims = readClaimsRequest(form.claims);
  if (!claims.ok) return oauthError(c, claims.failure);

  signIn.state = 'redeemed';
  const body = await issueUserTokens(state, {
    app,
    user: signIn.user as SignedInUser,
    scopes: scopes.value,
    capabilities: [...new Set([...signIn.capabilities, ...claims.value.capabilities])],
    issuerBase: c.get('site').login?.base ?? c.get('origin'),
    clientAuthentication: '0',
    refresh: false,
    clientInfo: form.client_info === '1',
  });
  return c.json(body);
}

// Everything but an approved, unexpired code keeps the client polling or stops it.
function pollAnswer(signIn: DeviceCodeSignIn, now: Date): OAuthFailure | undefined {
  if (signIn.state === 'redeemed') {
    const description = 'The provided device code has already been redeemed.';
    return failure(400, 'invalid_grant', 70000, description);
  }
  if (isExpired(signIn, now)) {
    const description = 'The code has expired.';
    return failure(400, 'expired_token', 70019, description);
  }
  if (signIn.state === 'declined') {
    const description = 'The user declined to sign in to the app.';
    return failure(400, 'authorization_declined', 65004, description);
  }
  if (signIn.state === 'pending') {
    const description = [
      'The provided request has not yet been authorized by the user. The user must input their',
      'code.',
    ].join(' ');
    return failure(400, 'authorization_pending', 70016, description);
  }
  return undefined;
}

function badCode(): OAuthFailure {
  const description = "The device_code sent to the token endpoint wasn't recognized.";
  return failure(400, 'bad_verification_code', 70018, description);
}
