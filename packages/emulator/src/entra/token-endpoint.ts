/**
 * `POST /{tenant}/oauth2/v2.0/token` for the client credentials grant, with a client secret or a
 * certificate assertion, an optional `claims` request (client capabilities for continuous access
 * evaluation), and the scope `{graph}/.default` of a cloud served by this authority.
 * See https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 *
 * @module
 */
import type { Context } from 'hono';
import { graphIdentities } from '../clouds.js';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import { mintAccessToken } from './access-tokens.js';
import type { RegisteredApp } from './apps.js';
import { authenticateClient, type ClientProof } from './client-auth.js';
import { failure, type OAuthFailure, oauthError } from './oauth-errors.js';
import { resolveTenant } from './tenants.js';

type Form = Record<string, string>;

/** Handles the token request. */
export async function tokenEndpoint(c: Context<EmulatorEnv>): Promise<Response> {
  const { state } = c.var;
  const form = await readForm(c);
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
    return { ok: false, failure: unknownApp(form.client_id ?? '', tenantId) };
  }
  const audience = resourceOf(c, form.scope ?? '');
  if (!audience.ok) return audience;
  const capabilities = capabilitiesOf(form.claims);
  if (!capabilities.ok) return capabilities;
  return {
    ok: true,
    value: { app, tenantId, audience: audience.value, capabilities: capabilities.value },
  };
}

async function readForm(c: Context<EmulatorEnv>): Promise<Form> {
  const text = await c.req.text();
  return Object.fromEntries(new URLSearchParams(text));
}

function checkRequest(form: Form): OAuthFailure | undefined {
  for (const name of ['grant_type', 'client_id', 'scope']) {
    if (!form[name]) {
      const description = `The request body must contain the following parameter: '${name}'.`;
      return failure(400, 'invalid_request', 900144, description);
    }
  }
  if (form.grant_type !== 'client_credentials') {
    const description = `The app requested an unsupported grant type '${form.grant_type}'.`;
    return failure(400, 'unsupported_grant_type', 70003, description);
  }
  return undefined;
}

function unknownApp(clientId: string, tenantId: string): OAuthFailure {
  const description = [
    `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`,
    'This can happen if the application has not been installed by the administrator of the',
    'tenant or consented to by any user in the tenant. You may have sent your authentication',
    'request to the wrong tenant.',
  ].join(' ');
  return failure(400, 'unauthorized_client', 700016, description);
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

// `{"access_token":{"xms_cc":{"values":["cp1"]}}}` declares client capabilities.
function capabilitiesOf(claims: string | undefined) {
  if (!claims) return { ok: true as const, value: [] as string[] };
  try {
    const parsed = JSON.parse(claims) as { access_token?: { xms_cc?: { values?: unknown } } };
    const values = parsed?.access_token?.xms_cc?.values;
    const list = Array.isArray(values) ? values.map((v) => String(v).toLowerCase()) : [];
    return { ok: true as const, value: [...new Set(list)] };
  } catch {
    const description = 'The claims parameter is not valid JSON.';
    return { ok: false as const, failure: failure(400, 'invalid_request', 90015, description) };
  }
}

function proofOf(c: Context<EmulatorEnv>, form: Form): ClientProof {
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
  const fromBasic = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[1] : undefined;
  return {
    clientSecret: form.client_secret ?? (fromBasic ? decodeURIComponent(fromBasic) : undefined),
    clientAssertion: form.client_assertion,
    clientAssertionType: form.client_assertion_type,
  };
}

// A client assertion's `aud` is the token endpoint it was sent to (by tenant id or domain, v1 or
// v2), or the issuer.
function assertionAudiences(c: Context<EmulatorEnv>, tenantId: string): string[] {
  const base = c.get('site').login?.base ?? c.get('origin');
  const segments = [...new Set([c.req.param('tenant') ?? tenantId, tenantId])];
  return segments.flatMap((segment) => [
    `${base}/${segment}/oauth2/v2.0/token`,
    `${base}/${segment}/oauth2/token`,
    `${base}/${segment}/v2.0`,
  ]);
}
