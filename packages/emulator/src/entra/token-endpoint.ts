/**
 * `POST /{tenant}/oauth2/v2.0/token`. The client credentials grant is here: a client secret or a
 * certificate assertion, an optional `claims` request (client capabilities for continuous access
 * evaluation), and the scope `{graph}/.default` of a cloud served by this authority. The
 * `device_code` and `refresh_token` grants of user sign-in have their own modules.
 * See https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 *
 * @module
 */
import type { Context } from 'hono';
import { graphIdentities } from '../clouds.js';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import { mintAccessToken } from './access-tokens.js';
import type { RegisteredApp } from './apps.js';
import { readClaimsRequest } from './claims-request.js';
import { authenticateClient } from './client-auth.js';
import { deviceCodeGrant, deviceCodeGrantTypes } from './device-code-grant.js';
import { assertionAudiences, type Form, proofOf, readForm } from './form.js';
import { failure, missingParameter, type OAuthFailure, oauthError } from './oauth-errors.js';
import { refreshTokenGrant } from './refresh-grant.js';
import { unknownAppFailure } from './sign-in.js';
import { resolveTenant } from './tenants.js';

/** Handles the token request, by grant type. */
export async function tokenEndpoint(c: Context<EmulatorEnv>): Promise<Response> {
  const form = await readForm(c);
  const grantType = form.grant_type ?? '';
  if (deviceCodeGrantTypes.includes(grantType)) return deviceCodeGrant(c, form);
  if (grantType === 'refresh_token') return refreshTokenGrant(c, form);
  return clientCredentialsGrant(c, form);
}

async function clientCredentialsGrant(c: Context<EmulatorEnv>, form: Form): Promise<Response> {
  const { state } = c.var;
  const request = readTokenRequest(c, form);
  if (!request.ok) return oauthError(c, request.failure);
  const { app, tenantId, audience, capabilities } = request.value;

  const authenticated = await authenticateClient(app, proofOf(c, form), {
    audiences: assertionAudiences(c, tenantId),
    now: [emulatorNow(c), new Date()],
  });
  if (!authenticated.ok) return oauthError(c, authenticated.failure);

  const cae = capabilities.includes('cp1');
  const { caeTokenLifetimeSeconds, tokenLifetimeSeconds } = state.settings;
  const lifetimeSeconds = cae ? caeTokenLifetimeSeconds : tokenLifetimeSeconds;
  const minted = await mintAccessToken(state.keys, state.tokens, {
    app,
    tenantId,
    audience,
    issuerBase: c.get('site').login?.base ?? c.get('origin'),
    clientAuthentication: authenticated.method,
    capabilities,
    lifetimeSeconds,
    now: emulatorNow(c),
  });
  return c.json({
    token_type: 'Bearer',
    expires_in: lifetimeSeconds,
    ext_expires_in: lifetimeSeconds,
    ...(cae ? { refresh_in: Math.floor(lifetimeSeconds / 2) } : {}),
    access_token: minted.token,
  });
}

interface TokenRequest {
  app: RegisteredApp;
  tenantId: string;
  audience: string;
  capabilities: string[];
}

// Everything but client authentication, in the order Entra ID reports problems.
function readTokenRequest(
  c: Context<EmulatorEnv>,
  form: Form,
): { ok: true; value: TokenRequest } | { ok: false; failure: OAuthFailure } {
  const tenant = resolveTenant(c.var.state, c.req.param('tenant') ?? '');
  if (!tenant.ok) return { ok: false, failure: { ...tenant.failure, error: 'invalid_request' } };
  const tenantId = tenant.tenant.tenantId;
  const problem = checkRequest(form);
  if (problem) return { ok: false, failure: problem };
  const app = c.var.state.apps.get(form.client_id ?? '');
  if (!app?.tenants.includes(tenantId)) {
    return { ok: false, failure: unknownAppFailure(form.client_id ?? '', tenantId) };
  }
  const audience = resourceOf(c, form.scope ?? '');
  if (!audience.ok) return audience;
  const claims = readClaimsRequest(form.claims);
  if (!claims.ok) return claims;
  return {
    ok: true,
    value: { app, tenantId, audience: audience.value, capabilities: claims.value.capabilities },
  };
}

function checkRequest(form: Form): OAuthFailure | undefined {
  for (const name of ['grant_type', 'client_id', 'scope']) {
    if (!form[name]) return missingParameter(name);
  }
  if (form.grant_type !== 'client_credentials') {
    const description = `The app requested an unsupported grant type '${form.grant_type}'.`;
    return failure(400, 'unsupported_grant_type', 70003, description);
  }
  return undefined;
}

// Client credentials take exactly one `{resource}/.default` scope; OpenID scopes are ignored.
function resourceOf(c: Context<EmulatorEnv>, scope: string) {
  const scopes = scope
    .split(' ')
    .filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
  const [only] = scopes;
  if (scopes.length !== 1 || !only?.endsWith('/.default')) {
    const description = [
      `The provided value for scope ${scope} is not valid. Client credential flows must have a`,
      'scope value with /.default suffixed to the resource identifier (application ID URI).',
    ].join(' ');
    return { ok: false as const, failure: failure(400, 'invalid_scope', 1002012, description) };
  }
  const resource = only.slice(0, -'/.default'.length).replace(/\/+$/, '');
  const clouds = c.get('site').login?.clouds ?? [];
  if (clouds.some((cloud) => graphIdentities(cloud, c.get('origin')).includes(resource))) {
    return { ok: true as const, value: resource };
  }
  const description = [
    `The provided value for the input parameter 'scope' is not valid. The scope ${only} is not`,
    `valid. The resource principal named ${resource} was not found in the tenant.`,
  ].join(' ');
  return { ok: false as const, failure: failure(400, 'invalid_scope', 70011, description) };
}
