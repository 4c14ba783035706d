import { type Cloud, clouds, InvalidInputError } from '@lifeline/core';

/**
 * Authority settings handed to msal unchanged, for an identity platform that Lifeline cannot
 * describe with a {@link Cloud} alone. The names are msal's own (`auth.authority`,
 * `auth.knownAuthorities`, `auth.authorityMetadata`, `auth.cloudDiscoveryMetadata`), so an
 * emulator's msal configuration can be passed as it is. Each one given replaces the value that
 * Lifeline would have derived from the cloud.
 */
export interface AuthorityOverrides {
  /** The full authority URL, e.g. `https://login.example.test/{tenant}`. It must be https. */
  authority?: string;
  /** Hosts msal may trust without asking Microsoft's instance discovery. */
  knownAuthorities?: string[];
  /** The OpenID configuration of the authority as a JSON string, so msal fetches none. */
  authorityMetadata?: string;
  /** Instance discovery metadata as a JSON string. */
  cloudDiscoveryMetadata?: string;
}

/** The authority part of an msal configuration. */
export interface MsalAuthority {
  authority: string;
  knownAuthorities?: string[];
  authorityMetadata?: string;
  cloudDiscoveryMetadata?: string;
}

/** What {@link buildMsalAuthority} needs. */
export interface AuthorityOptions {
  /** The directory (tenant) id or a verified domain; `organizations` for multi-tenant sign-in. */
  tenantId: string;
  /** The cloud whose `loginUrl` issues the tokens. Defaults to the global cloud. */
  cloud?: Cloud | undefined;
  authorityOverrides?: AuthorityOverrides | undefined;
}

const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

// The hosts msal already knows (it ships their metadata or discovers them at Microsoft); a host
// outside this set must be declared in `knownAuthorities` or msal will not use it.
const microsoftHosts = new Set([
  ...Object.values(clouds).map((cloud) => new URL(cloud.loginUrl).host),
  'login.partner.microsoftonline.cn',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
]);

/**
 * Builds msal's authority settings for a tenant in a cloud. A Microsoft cloud gets its
 * authority host and nothing else. Any other https host is declared in `knownAuthorities`, so
 * msal reads its OpenID configuration from the host itself. A plain-http loopback host (a local
 * emulator) gets an https authority, which msal insists on, plus OpenID metadata whose
 * endpoints point at the real http addresses, so msal never tries https there.
 *
 * @throws {InvalidInputError} for a malformed tenant id, or a plain-http host off loopback.
 */
export function buildMsalAuthority(options: AuthorityOptions): MsalAuthority {
  const tenantId = checkTenantId(options.tenantId);
  const derived = deriveAuthority(tenantId, options.cloud ?? clouds.global);
  return { ...derived, ...definedOverrides(options.authorityOverrides) };
}

function checkTenantId(tenantId: string): string {
  if (typeof tenantId !== 'string' || !tenantPattern.test(tenantId)) {
    throw new InvalidInputError('tenantId', 'expected a directory id (a GUID) or a domain name');
  }
  return tenantId;
}

function deriveAuthority(tenantId: string, cloud: Cloud): MsalAuthority {
  const login = new URL(cloud.loginUrl);
  const base = `${login.host}${login.pathname.replace(/\/+$/, '')}`;
  if (login.protocol === 'https:') {
    const authority = `https://${base}/${tenantId}`;
    if (microsoftHosts.has(login.host)) return { authority };
    return { authority, knownAuthorities: [login.host] };
  }
  if (!loopbackHosts.has(login.hostname)) {
    throw new InvalidInputError(
      'cloud.loginUrl',
      `plain http is accepted only on loopback, not on ${login.host}`,
    );
  }
  return {
    authority: `https://${base}/${tenantId}`,
    knownAuthorities: [login.host],
    authorityMetadata: JSON.stringify(loopbackMetadata(`http://${base}`, tenantId)),
  };
}

// The endpoint paths Entra ID documents in its OpenID configuration:
// https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
function loopbackMetadata(root: string, tenantId: string): Record<string, string> {
  const tenant = `${root}/${tenantId}`;
  return {
    issuer: `${tenant}/v2.0`,
    authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${tenant}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${tenant}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
    jwks_uri: `${tenant}/discovery/v2.0/keys`,
  };
}

function definedOverrides(overrides: AuthorityOverrides | undefined): Partial<MsalAuthority> {
  const result: Partial<MsalAuthority> = {};
  if (!overrides) return result;
  if (overrides.authority !== undefined) result.authority = overrides.authority;
  if (overrides.knownAuthorities !== undefined) {
    result.knownAuthorities = [...overrides.knownAuthorities];
  }
  if (overrides.authorityMetadata !== undefined) {
    result.authorityMetadata = overrides.authorityMetadata;
  }
  if (overrides.cloudDiscoveryMetadata !== undefined) {
    result.cloudDiscoveryMetadata = overrides.cloudDiscoveryMetadata;
  }
  return result;
}
