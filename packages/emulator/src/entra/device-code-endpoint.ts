/**
 * `POST /{tenant}/oauth2/v2.0/devicecode`: the first step of the device code flow. A public client
 * app asks for a code, shows the user code and the verification address, and polls the token
 * endpoint until the user has signed in. `GET /devicelogin` is the verification address; the
 * emulator has no sign-in page, so it says how to approve through the admin API.
 * See https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code
 *
 * @module
 */
import type { Context } from 'hono';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import { readClaimsRequest } from './claims-request.js';
import { consentRequired, readDelegatedScopes } from './delegated-scopes.js';
import { approveDeviceCode } from './device-code-approval.js';
import { type Form, readForm } from './form.js';
import { missingParameter, type OAuthFailure, oauthError } from './oauth-errors.js';
import {
  appServesAuthority,
  publicClientRefused,
  resolveSignInAuthority,
  type SignInAuthority,
  unknownAppFailure,
} from './sign-in.js';

interface DeviceCodeRequest {
  appId: string;
  authority: SignInAuthority;
  scope: string;
  capabilities: string[];
}

/** Handles the device code request. */
export async function deviceCodeEndpoint(c: Context<EmulatorEnv>): Promise<Response> {
  const request = readDeviceCodeRequest(c, await readForm(c));
  if (!request.ok) return oauthError(c, request.failure);

  const { state } = c.var;
  const { lifetimeSeconds, intervalSeconds, autoApprove } = state.settings.deviceCode;
  const issuedAt = emulatorNow(c);
  const { deviceCode, signIn } = state.deviceCodes.issue({
    ...request.value,
    tenant: c.req.param('tenant') ?? '',
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + lifetimeSeconds * 1000),
  });
  if (autoApprove) approveDeviceCode(state, signIn.userCode);

  const verificationUri = `${c.get('site').login?.base ?? c.get('origin')}/devicelogin`;
  return c.json({
    user_code: signIn.userCode,
    device_code: deviceCode,
    verification_uri: verificationUri,
    expires_in: lifetimeSeconds,
    interval: intervalSeconds,
    message: [
      `To sign in, use a web browser to open the page ${verificationUri} and enter the code`,
      `${signIn.userCode} to authenticate.`,
    ].join(' '),
  });
}

/** Handles `GET /devicelogin`. */
export function deviceLoginPage(c: Context<EmulatorEnv>): Response {
  const approve = `${c.get('origin')}/_emulator/device-codes/{user_code}/approve`;
  return c.text(
    [
      'This is the Lifeline emulator: it has no sign-in page.',
      `Approve a code with POST ${approve} (body: { "account": "work" or "personal", … }),`,
      'or set the deviceCode.autoApprove setting.',
    ].join('\n'),
  );
}

function readDeviceCodeRequest(
  c: Context<EmulatorEnv>,
  form: Form,
): { ok: true; value: DeviceCodeRequest } | { ok: false; failure: OAuthFailure } {
  const authority = resolveSignInAuthority(c.var.state, c.req.param('tenant') ?? '');
  if (!authority.ok) return authority;
  for (const name of ['client_id', 'scope']) {
    if (!form[name]) return refuse(missingParameter(name));
  }
  const clientId = form.client_id as string;
  const app = c.var.state.apps.get(clientId);
  if (!app || !appServesAuthority(app, authority.value)) {
    return refuse(unknownAppFailure(clientId, c.req.param('tenant') ?? ''));
  }
  if (!app.allowPublicClient) return refuse(publicClientRefused());
  const scopes = readDelegatedScopes(c, app, form.scope as string);
  if (!scopes.ok) return scopes;
  if (scopes.value.unconsented.length > 0) {
    return refuse(consentRequired(app, scopes.value.unconsented));
  }
  const claims = readClaimsRequest(form.claims);
  if (!claims.ok) return claims;
  return {
    ok: true,
    value: {
      appId: app.appId,
      authority: authority.value,
      scope: form.scope as string,
      capabilities: claims.value.capabilities,
    },
  };
}

function refuse(reason: OAuthFailure): { ok: false; failure: OAuthFailure } {
  return { ok: false, failure: reason };
}
