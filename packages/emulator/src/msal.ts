/**
 * Configuration for `@azure/msal-node` against the emulator. MSAL insists on an https authority
 * and, without help, runs instance discovery against Microsoft's cloud; a made-up https authority
 * listed in `knownAuthorities`, with `authorityMetadata` pointing at the emulator's plain-http
 * endpoints, needs neither TLS nor the network.
 * See https://learn.microsoft.com/entra/msal/javascript/node/configuration
 *
 * @module
 */
import type { AppCredentials } from './seed.js';

/** Where the emulator's Entra ID is, and which tenant to sign in to. */
export interface MsalTarget {
  /** The emulator's login base URL (`loginUrl` of the running emulator or of one of its clouds). */
  loginUrl: string;
  tenantId: string;
}

/** Options of {@link msalConfiguration}. */
export interface MsalConfigurationOptions {
  /** The made-up authority host. Default `login.emulator.test`. */
  authorityHost?: string;
  /** Which certificate thumbprint MSAL sends: `sha256` (`x5t#S256`, PS256; default) or `sha1`. */
  thumbprint?: 'sha256' | 'sha1';
  /** Client capabilities, e.g. `['CP1']` for continuous access evaluation. */
  clientCapabilities?: string[];
}

/** The part of MSAL's `Configuration` this helper fills in. */
export interface EmulatorMsalConfiguration {
  auth: {
    clientId: string;
    authority: string;
    knownAuthorities: string[];
    authorityMetadata: string;
    clientSecret?: string;
    clientCertificate?: { thumbprint?: string; thumbprintSha256?: string; privateKey: string };
    clientCapabilities?: string[];
  };
}

/**
 * MSAL configuration for a client of the emulator. With a client secret or a certificate it is a
 * confidential client: pass it to `new ConfidentialClientApplication(…)` and ask for the
 * emulator's `scope`. With only a client id it is a public client (an app registered with
 * `allowPublicClient`): pass it to `new PublicClientApplication(…)` for the device code flow;
 * msal finds the device code endpoint next to the token endpoint. For personal accounts, use the
 * tenant `consumers` or `common` in the target.
 *
 * @throws {TypeError} when the credentials carry a certificate without its private key.
 */
export function msalConfiguration(
  target: MsalTarget,
  credentials: Pick<AppCredentials, 'clientId' | 'clientSecret' | 'certificate'>,
  options: MsalConfigurationOptions = {},
): EmulatorMsalConfiguration {
  const host = options.authorityHost ?? 'login.emulator.test';
  const tenantBase = `${target.loginUrl}/${target.tenantId}`;
  const auth: EmulatorMsalConfiguration['auth'] = {
    clientId: credentials.clientId,
    authority: `https://${host}/${target.tenantId}`,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
      authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
      issuer: `${tenantBase}/v2.0`,
      jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
    }),
  };
  if (options.clientCapabilities) auth.clientCapabilities = [...options.clientCapabilities];
  if (credentials.clientSecret)
    return { auth: { ...auth, clientSecret: credentials.clientSecret } };
  const certificate = credentials.certificate;
  if (!certificate) return { auth };
  if (!certificate.privateKeyPem) {
    throw new TypeError('msalConfiguration needs the private key of the certificate');
  }
  const thumbprint =
    options.thumbprint === 'sha1'
      ? { thumbprint: certificate.thumbprint }
      : { thumbprintSha256: certificate.thumbprintSha256 };
  return {
    auth: { ...auth, clientCertificate: { ...thumbprint, privateKey: certificate.privateKeyPem } },
  };
}
