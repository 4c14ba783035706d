/**
 * `GET /msi/token`: the token endpoint an App Service or Azure Functions host runs for its
 * managed identities, API version 2019-08-01. An app finds it in `IDENTITY_ENDPOINT` and proves it
 * runs on the host with `X-IDENTITY-HEADER: $IDENTITY_HEADER`; msal-node and the Azure SDKs use it
 * whenever both variables are set.
 * See https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
 *
 * @module
 */
import type { Context } from 'hono';
import { type EmulatedCloud, emulatedClouds, emulatorBase } from '../clouds.js';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import type { TokenRequestRecord } from '../records.js';
import { mintAccessToken } from './access-tokens.js';
import type { RegisteredApp } from './apps.js';
import { findManagedIdentity, type ManagedIdentitySelector } from './managed-identities.js';

/** The only API version served; the 2017-09-01 one used a `secret` header instead. */
export const managedIdentityApiVersion = '2019-08-01';

/** The endpoint's path at the emulator's origin. */
export const managedIdentityPath = '/msi/token';

/** What a request asked for, read from its query and headers. */
interface IdentityRequest {
  identityHeader: string | undefined;
  apiVersion: string | undefined;
  resource: string | undefined;
  /** Undefined when the request named more than one identity id. */
  selector: ManagedIdentitySelector | undefined;
  /** Client capabilities from `xms_cc`, lower case: msal sends `CP1` there. */
  capabilities: string[];
}

/** A refused request: the status, a short word for the records, and the message answered. */
interface Refusal {
  status: 400 | 401;
  error: string;
  message: string;
}

/** The Graph resource a token is asked for, and where its tokens say they come from. */
interface GraphResource {
  cloud: EmulatedCloud;
  audience: string;
  issuerBase: string;
}

/** Handles a token request of the host's managed identity endpoint. */
export async function managedIdentityEndpoint(c: Context<EmulatorEnv>): Promise<Response> {
  const request = readIdentityRequest(c);
  const identity = request.selector && findManagedIdentity(c.var.state, request.selector);
  const resource = graphResourceOf(c.var.origin, request.resource ?? '');
  const checked = checkRequest(c, request, identity, resource);
  record(c, request, identity, resource, checked.ok ? undefined : checked.refusal);
  c.header('X-CORRELATION-ID', c.var.requestId);
  if (checked.ok) return issueToken(c, request, checked.identity, checked.resource);
  const { status, message } = checked.refusal;
  return c.json({ statusCode: status, message, correlationId: c.var.requestId }, status);
}

function readIdentityRequest(c: Context<EmulatorEnv>): IdentityRequest {
  const capabilities = (c.req.query('xms_cc') ?? '').split(',').map((value) => value.trim());
  return {
    identityHeader: c.req.header('x-identity-header'),
    apiVersion: c.req.query('api-version'),
    resource: c.req.query('resource'),
    selector: selectorOf(c),
    capabilities: [...new Set(capabilities.filter(Boolean).map((value) => value.toLowerCase()))],
  };
}

// `principal_id` is the documented name; `object_id` is its alias, and what msal sends.
function selectorOf(c: Context<EmulatorEnv>): ManagedIdentitySelector | undefined {
  const ids = [
    { by: 'clientId', value: c.req.query('client_id') },
    { by: 'principalId', value: c.req.query('principal_id') ?? c.req.query('object_id') },
    { by: 'resourceId', value: c.req.query('mi_res_id') },
  ] as const;
  const named = ids.filter((id) => id.value);
  if (named.length > 1) return undefined;
  const [only] = named;
  return only?.value ? { by: only.by, value: only.value } : { by: 'system' };
}

// In the order the checks run: the host's secret, the request, the identity, then the resource.
function checkRequest(
  c: Context<EmulatorEnv>,
  request: IdentityRequest,
  identity: RegisteredApp | undefined,
  resource: GraphResource | undefined,
):
  | { ok: true; identity: RegisteredApp; resource: GraphResource }
  | { ok: false; refusal: Refusal } {
  if (request.identityHeader === undefined) {
    return refused(401, 'missing_identity_header', 'The X-IDENTITY-HEADER header is missing.');
  }
  if (request.identityHeader !== c.var.state.managedIdentityHeader) {
    return refused(401, 'invalid_identity_header', 'The X-IDENTITY-HEADER header is not valid.');
  }
  const problem = requestProblem(request);
  if (problem) return refused(400, 'invalid_request', problem);
  if (!identity) {
    // What App Service answers when the identity asked for is not assigned to the app.
    return refused(400, 'unknown_identity', 'Unable to load the proper Managed Identity.');
  }
  if (resource) return { ok: true, identity, resource };
  const message = [
    `AADSTS500011: The resource principal named ${request.resource} was not found in the tenant`,
    `named ${identity.homeTenantId}. This can happen if the application has not been installed`,
    'by the administrator of the tenant or consented to by any user in the tenant.',
  ].join(' ');
  return refused(400, 'invalid_resource', message);
}

function requestProblem(request: IdentityRequest): string | undefined {
  const version = managedIdentityApiVersion;
  if (request.apiVersion !== version) {
    return `The api-version '${request.apiVersion ?? ''}' is not supported; use ${version}.`;
  }
  if (!request.resource) return "The 'resource' query parameter is required.";
  if (!request.selector) return 'Give at most one of client_id, principal_id and mi_res_id.';
  return undefined;
}

function refused(
  status: Refusal['status'],
  error: string,
  message: string,
): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { status, error, message } };
}

// A token for any emulated cloud's Graph, by its real address or the emulator's; the issuer is
// spelled the same way, so that the cloud's Graph accepts the token.
function graphResourceOf(origin: string, resource: string): GraphResource | undefined {
  const wanted = resource.replace(/\/+$/, '');
  for (const cloud of Object.values(emulatedClouds)) {
    const base = emulatorBase(cloud, origin);
    if (wanted === base) return { cloud, audience: base, issuerBase: base };
    if (wanted === cloud.graphUrl) {
      return { cloud, audience: cloud.graphUrl, issuerBase: cloud.loginUrls[0] ?? base };
    }
  }
  return undefined;
}

async function issueToken(
  c: Context<EmulatorEnv>,
  request: IdentityRequest,
  identity: RegisteredApp,
  resource: GraphResource,
): Promise<Response> {
  const { state } = c.var;
  const cae = request.capabilities.includes('cp1');
  const { caeTokenLifetimeSeconds, tokenLifetimeSeconds } = state.settings;
  const minted = await mintAccessToken(state.keys, state.tokens, {
    app: identity,
    tenantId: identity.homeTenantId,
    audience: resource.audience,
    issuerBase: resource.issuerBase,
    clientAuthentication: '2',
    capabilities: request.capabilities,
    lifetimeSeconds: cae ? caeTokenLifetimeSeconds : tokenLifetimeSeconds,
    now: emulatorNow(c),
  });
  return c.json({
    access_token: minted.token,
    expires_on: String(minted.claims.exp),
    resource: request.resource,
    token_type: 'Bearer',
    client_id: identity.appId,
  });
}

// Recorded beside the token endpoint's requests; the header's value is never kept.
function record(
  c: Context<EmulatorEnv>,
  request: IdentityRequest,
  identity: RegisteredApp | undefined,
  resource: GraphResource | undefined,
  refused: Refusal | undefined,
): void {
  const named = request.selector?.by === 'clientId' ? request.selector.value : null;
  const entry: Omit<TokenRequestRecord, 'id'> = {
    at: c.var.state.clock.now().toISOString(),
    endpoint: 'managed-identity',
    cloud: resource?.cloud.name ?? 'global',
    tenant: identity?.homeTenantId ?? '',
    grantType: null,
    clientId: identity?.appId ?? named,
    clientAuthentication: request.identityHeader === undefined ? 'none' : 'identity-header',
    scopes: request.resource ? [request.resource] : [],
    claims: false,
    clientCapabilities: request.capabilities,
    challengedClaims: [],
    status: refused?.status ?? 200,
    error: refused?.error ?? null,
    errorCode: null,
  };
  c.var.state.records.addTokenRequest(entry);
}
