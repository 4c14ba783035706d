/**
 * The sign-in options every Graph command shares, and reading them (with their environment
 * fallbacks) into one description of who signs in, where, and with what. Secrets come from the
 * environment only: argv shows up in shell history and process lists.
 *
 * @module
 */
import { type Cloud, cloudByName, clouds, customCloud, LifelineError } from '@lifeline/core';
import { oneOf, UsageError } from '../args.js';

/** The sign-in options, in `parseArgs` form. */
export const authOptions = {
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  cloud: { type: 'string' },
  certificate: { type: 'string' },
  thumbprint: { type: 'string' },
  'device-code': { type: 'boolean' },
  'graph-url': { type: 'string' },
  'login-url': { type: 'string' },
} as const;

/** The sign-in part of a command's `--help`. */
export const authHelp = `Sign-in
      --tenant <id>          directory (tenant) id or domain   [env LIFELINE_TENANT_ID]
      --client-id <id>       application (client) id           [env LIFELINE_CLIENT_ID]
      --cloud <name>         global (default) | usGovL4 | usGovL5 | china [env LIFELINE_CLOUD]
      --certificate <path>   PEM file with the private key (and the certificate)
      --thumbprint <hex>     the certificate's SHA-1 or SHA-256 thumbprint
      --device-code          sign in as a user with a device code (token cache: env
                             LIFELINE_TOKEN_CACHE, default ~/.cache/lifeline/msal-cache.json)
      --graph-url <url>      Graph base URL for an emulator or custom cloud [env LIFELINE_GRAPH_URL]
      --login-url <url>      Entra ID base URL to go with it                [env LIFELINE_LOGIN_URL]
  The client secret is read from LIFELINE_CLIENT_SECRET, never from the command line; an
  encrypted key's passphrase from LIFELINE_CERTIFICATE_PASSWORD.`;

/** How the app proves who it is. */
export type Credential =
  | { readonly kind: 'secret'; readonly secret: string }
  | {
      readonly kind: 'certificate';
      readonly path: string;
      readonly thumbprint: string | undefined;
      readonly passphrase: string | undefined;
    }
  | { readonly kind: 'deviceCode'; readonly cachePath: string };

/** Everything needed to sign in to Graph. */
export interface AuthSettings {
  readonly tenantId: string;
  readonly clientId: string;
  readonly cloud: Cloud;
  readonly credential: Credential;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The values of {@link authOptions} as `parseArgs` returns them. */
export interface AuthValues {
  tenant?: string | undefined;
  'client-id'?: string | undefined;
  cloud?: string | undefined;
  certificate?: string | undefined;
  thumbprint?: string | undefined;
  'device-code'?: boolean | undefined;
  'graph-url'?: string | undefined;
  'login-url'?: string | undefined;
}

const secretFlag = /^--?(client-?secret|secret)(=|$)/i;

/**
 * Refuses a secret given on the command line, before anything else reads argv. The value is
 * never echoed.
 *
 * @throws {UsageError} when argv holds `--secret` or `--client-secret`.
 */
export function refuseSecretArguments(argv: readonly string[]): void {
  const end = argv.indexOf('--');
  const flag = (end === -1 ? argv : argv.slice(0, end)).find((arg) => secretFlag.test(arg));
  if (flag === undefined) return;
  const name = flag.split('=')[0];
  throw new UsageError(
    `${name} is refused: secrets on the command line end up in shell history and process ` +
      'lists; set LIFELINE_CLIENT_SECRET in the environment instead',
  );
}

/**
 * Reads the sign-in options and their environment fallbacks.
 *
 * @throws {UsageError} naming every missing value, and for contradictory or malformed options.
 */
export function readAuthSettings(values: AuthValues, env: Env): AuthSettings {
  const tenantId = values.tenant ?? nonEmpty(env.LIFELINE_TENANT_ID);
  const clientId = values['client-id'] ?? nonEmpty(env.LIFELINE_CLIENT_ID);
  const credential = readCredential(values, env);
  const missing = [
    tenantId ? undefined : '--tenant (or LIFELINE_TENANT_ID)',
    clientId ? undefined : '--client-id (or LIFELINE_CLIENT_ID)',
    credential ? undefined : 'a credential: LIFELINE_CLIENT_SECRET, --certificate or --device-code',
  ].filter((item) => item !== undefined);
  if (missing.length > 0 || !tenantId || !clientId || !credential) {
    throw new UsageError(`missing credentials: ${missing.join(', ')}`);
  }
  return { tenantId, clientId, cloud: readCloud(values, env), credential };
}

function readCredential(values: AuthValues, env: Env): Credential | undefined {
  if (values.certificate !== undefined && values['device-code']) {
    throw new UsageError('give --certificate or --device-code, not both');
  }
  if (values.thumbprint !== undefined && values.certificate === undefined) {
    throw new UsageError('--thumbprint needs --certificate <path>');
  }
  if (values.certificate !== undefined) {
    return {
      kind: 'certificate',
      path: values.certificate,
      thumbprint: values.thumbprint,
      passphrase: nonEmpty(env.LIFELINE_CERTIFICATE_PASSWORD),
    };
  }
  if (values['device-code']) return { kind: 'deviceCode', cachePath: tokenCachePath(env) };
  const secret = nonEmpty(env.LIFELINE_CLIENT_SECRET);
  return secret ? { kind: 'secret', secret } : undefined;
}

function tokenCachePath(env: Env): string {
  const given = nonEmpty(env.LIFELINE_TOKEN_CACHE);
  if (given) return given;
  const base = nonEmpty(env.XDG_CACHE_HOME) ?? `${nonEmpty(env.HOME) ?? '.'}/.cache`;
  return `${base}/lifeline/msal-cache.json`;
}

function readCloud(values: AuthValues, env: Env): Cloud {
  const graphUrl = values['graph-url'] ?? nonEmpty(env.LIFELINE_GRAPH_URL);
  const loginUrl = values['login-url'] ?? nonEmpty(env.LIFELINE_LOGIN_URL);
  const known = Object.keys(clouds) as (keyof typeof clouds)[];
  const name = oneOf(values.cloud ?? nonEmpty(env.LIFELINE_CLOUD) ?? 'global', known, 'cloud');
  if (graphUrl === undefined && loginUrl === undefined) return cloudByName(name);
  if (values.cloud !== undefined) {
    throw new UsageError('give --cloud or --graph-url with --login-url, not both');
  }
  if (graphUrl === undefined || loginUrl === undefined) {
    throw new UsageError('--graph-url and --login-url go together: give both');
  }
  try {
    return customCloud({ graphUrl, loginUrl });
  } catch (error) {
    throw new UsageError(LifelineError.isInstance(error) ? error.message : String(error));
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
