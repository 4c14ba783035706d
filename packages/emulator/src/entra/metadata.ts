/**
 * OpenID Connect discovery documents (v2.0 and v1) per tenant and for `common`, and the signing
 * keys at every path Microsoft's samples use.
 * See https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
 *
 * @module
 */
import type { Context } from 'hono';
import type { EmulatorEnv } from '../context.js';
import { oauthError } from './oauth-errors.js';
import { resolveTenant } from './tenants.js';

const multiTenant = new Set(['common', 'organizations', 'consumers']);

/** Handles `GET /{tenant}/v2.0/.well-known/openid-configuration`. */
export function openIdConfiguration(c: Context<EmulatorEnv>): Response {
  const issuerTenant = tenantOfPath(c);
  if (!issuerTenant.ok) return issuerTenant.response;
  const segment = c.req.param('tenant') ?? 'common';
  const base = `${loginBase(c)}/${segment}`;
  return c.json({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${loginBase(c)}/${issuerTenant.value}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'azp', 'ver'],
    tenant_region_scope: multiTenant.has(segment.toLowerCase()) ? null : 'NA',
    cloud_instance_name: new URL(loginBase(c)).host,
    msgraph_host: new URL(c.get('site').login?.clouds[0]?.graphUrl ?? c.get('origin')).host,
  });
}

/** Handles `GET /{tenant}/.well-known/openid-configuration` (the v1 endpoints). */
export function openIdConfigurationV1(c: Context<EmulatorEnv>): Response {
  const issuerTenant = tenantOfPath(c);
  if (!issuerTenant.ok) return issuerTenant.response;
  const base = `${loginBase(c)}/${c.req.param('tenant') ?? 'common'}`;
  return c.json({
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${loginBase(c)}/common/discovery/keys`,
    issuer: `${loginBase(c)}/${issuerTenant.value}/`,
    authorization_endpoint: `${base}/oauth2/authorize`,
    id_token_signing_alg_values_supported: ['RS256'],
  });
}

/** Handles the JWKS paths: `/{tenant}/discovery/v2.0/keys` and `/{tenant}/discovery/keys`. */
export function signingKeys(c: Context<EmulatorEnv>): Response {
  const tenant = tenantOfPath(c);
  if (!tenant.ok) return tenant.response;
  return c.json(c.get('state').keys.jwks());
}

// Multi-tenant documents name the issuer with a `{tenantid}` placeholder.
function tenantOfPath(c: Context<EmulatorEnv>) {
  const segment = c.req.param('tenant') ?? 'common';
  if (multiTenant.has(segment.toLowerCase())) return { ok: true as const, value: '{tenantid}' };
  const resolved = resolveTenant(c.get('state'), segment);
  if (!resolved.ok) return { ok: false as const, response: oauthError(c, resolved.failure) };
  return { ok: true as const, value: resolved.tenant.tenantId };
}

function loginBase(c: Context<EmulatorEnv>): string {
  return c.get('site').login?.base ?? c.get('origin');
}
