/**
 * A token source for Workers: the OAuth 2.0 client credentials grant against the cloud's Entra ID
 * token endpoint over `fetch`, with a client secret or a certificate assertion, and tokens cached
 * per isolate until shortly before they expire.
 * See https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 *
 * @module
 */
import {
  type AccessToken,
  type Clock,
  redactSecrets,
  type TokenRequest,
  type TokenSource,
  TokenSourceError,
} from '@lifeline/core';
import * as oauth from 'oauth4webapi';
import { type CertificateCredential, certificateAuth } from './client-assertion.js';

export type { CertificateCredential } from './client-assertion.js';

/** How the app proves itself to Entra ID. */
export type ClientCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | CertificateCredential;

/** The `fetch` the token source sends with; a subset of the global one. */
export type TokenFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Options of {@link createClientCredentialsTokenSource}. */
export interface ClientCredentialsOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: ClientCredential;
  /** The cloud's Entra ID authority host, e.g. `https://login.microsoftonline.com`. */
  readonly loginUrl: string;
  /** Sends the token request. Default: the global `fetch`, looked up at call time. */
  readonly fetch?: TokenFetch | undefined;
  /** The clock that token expiry is measured against. Default: the system's. */
  readonly now?: Clock | undefined;
  /**
   * Client capabilities declared with every request. Default `['CP1']`: the app answers claims
   * challenges, so Graph may send them.
   * See https://learn.microsoft.com/entra/identity-platform/claims-challenge
   */
  readonly clientCapabilities?: readonly string[] | undefined;
}

interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
  /** Renew the token once this time has passed. */
  readonly refreshAt: number;
}

// Only settled tokens are kept across requests, never a pending request: workerd does not let one
// request wait on I/O that another request started. Two requests that find the cache empty at
// once each fetch a token; the later one's replaces the earlier one's.
const tokenCache = new Map<string, CachedToken>();
const maxCachedTokens = 64;
const refreshMarginMs = 5 * 60_000;

/**
 * Creates a {@link TokenSource} for the client credentials grant. A request with `claims` (a
 * claims challenge) skips the cache and asks Entra ID for a new token with those claims.
 * Plain-http token endpoints are accepted only on loopback hosts, for a local emulator.
 *
 * The returned function rejects with a {@link TokenSourceError} when the credential is unusable,
 * the login URL is not https (outside loopback), Entra ID refuses the request (with its `error`
 * code and status, never the credential) or cannot be reached.
 */
export function createClientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  const endpoint = tokenEndpointOf(options.loginUrl, options.tenantId);
  const now = options.now ?? (() => new Date());
  const capabilities = [...(options.clientCapabilities ?? ['CP1'])];

  return async (request: TokenRequest): Promise<AccessToken> => {
    const scope = request.scopes.join(' ');
    const key = [endpoint.tokenEndpoint, options.clientId, scope].join('\n');
    const cached = request.claims === undefined ? tokenCache.get(key) : undefined;
    if (cached && now().getTime() < cached.refreshAt) {
      return { token: cached.token, expiresOn: new Date(cached.expiresAt) };
    }
    const claims = withCapabilities(request.claims, capabilities);
    const fresh = await requestToken(options, endpoint, { scope, claims }, now);
    remember(key, fresh);
    return { token: fresh.token, expiresOn: new Date(fresh.expiresAt) };
  };
}

interface TokenEndpoint {
  readonly server: oauth.AuthorizationServer;
  readonly tokenEndpoint: string;
  readonly loopback: boolean;
}

function tokenEndpointOf(loginUrl: string, tenantId: string): TokenEndpoint {
  const base = loginUrl.replace(/\/+$/, '');
  const tenant = encodeURIComponent(tenantId);
  const tokenEndpoint = `${base}/${tenant}/oauth2/v2.0/token`;
  return {
    server: { issuer: `${base}/${tenant}/v2.0`, token_endpoint: tokenEndpoint },
    tokenEndpoint,
    loopback: isLoopbackHttp(base),
  };
}

// oauth4webapi refuses http endpoints unless told otherwise; only a local emulator may use one.
function isLoopbackHttp(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    const loopback = hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
    return protocol === 'http:' && loopback;
  } catch {
    return false;
  }
}

async function requestToken(
  options: ClientCredentialsOptions,
  endpoint: TokenEndpoint,
  parameters: { scope: string; claims: string | undefined },
  now: Clock,
): Promise<CachedToken> {
  const client: oauth.Client = { client_id: options.clientId };
  const fetchToken = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const body: Record<string, string> = { scope: parameters.scope };
  if (parameters.claims !== undefined) body.claims = parameters.claims;

  // Measured before sending, so that the cached expiry errs early rather than late.
  const started = now().getTime();
  let response: Response;
  try {
    const auth = await clientAuthOf(options.credential, endpoint.tokenEndpoint);
    response = await oauth.clientCredentialsGrantRequest(endpoint.server, client, auth, body, {
      [oauth.allowInsecureRequests]: endpoint.loopback,
      [oauth.customFetch]: (url, init) => fetchToken(url, init as RequestInit),
    });
  } catch (error) {
    throw tokenError('the token request could not be sent', error);
  }
  try {
    const result = await oauth.processClientCredentialsResponse(endpoint.server, client, response);
    return cachedTokenOf(result, started);
  } catch (error) {
    throw tokenError(`Entra ID refused the token request (HTTP ${response.status})`, error);
  }
}

async function clientAuthOf(credential: ClientCredential, tokenEndpoint: string) {
  if (credential.kind === 'secret') return oauth.ClientSecretPost(credential.secret);
  return certificateAuth(credential, tokenEndpoint);
}

function cachedTokenOf(result: oauth.TokenEndpointResponse, issuedAt: number): CachedToken {
  const lifetimeMs = (result.expires_in ?? 3599) * 1000;
  const margin = Math.min(refreshMarginMs, lifetimeMs / 2);
  return {
    token: result.access_token,
    expiresAt: issuedAt + lifetimeMs,
    refreshAt: issuedAt + lifetimeMs - margin,
  };
}

function remember(key: string, token: CachedToken): void {
  tokenCache.delete(key);
  if (tokenCache.size >= maxCachedTokens) {
    const oldest = tokenCache.keys().next().value;
    if (oldest !== undefined) tokenCache.delete(oldest);
  }
  tokenCache.set(key, token);
}

/**
 * The `claims` request parameter: the client capabilities, merged into a claims challenge when
 * there is one. A challenge that is not a JSON object is passed on as it came.
 */
export function withCapabilities(
  challenge: string | undefined,
  capabilities: readonly string[],
): string | undefined {
  if (capabilities.length === 0) return challenge;
  let claims: Record<string, unknown> = {};
  if (challenge !== undefined) {
    const parsed = parseObject(challenge);
    if (parsed === undefined) return challenge;
    claims = parsed;
  }
  const accessToken = isObject(claims.access_token) ? claims.access_token : {};
  const xms_cc = { values: [...capabilities] };
  return JSON.stringify({ ...claims, access_token: { ...accessToken, xms_cc } });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// oauth4webapi's errors name Entra ID's `error` code; the description is kept, redacted and
// short, since Entra ID puts its AADSTS explanation there.
function tokenError(prefix: string, error: unknown): TokenSourceError {
  if (error instanceof TokenSourceError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const description = redactSecrets(error.error_description ?? '').slice(0, 300);
    const detail = description ? `${error.error}: ${description}` : error.error;
    return new TokenSourceError(`${prefix}: ${detail}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : 'unknown failure';
  return new TokenSourceError(`${prefix}: ${redactSecrets(reason).slice(0, 300)}`, {
    cause: error,
  });
}
