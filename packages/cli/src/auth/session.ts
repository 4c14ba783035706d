/**
 * A signed-in Graph session for one command: the Graph client, a first token fetched up front so
 * that a wrong secret fails once and clearly, and what that token says about the permission type.
 *
 * @module
 */
import {
  createGraphClient,
  decodeJwtPayload,
  type GraphClient,
  type GraphClientOptions,
  graphDefaultScope,
  type JwtClaims,
  type PermissionType,
  type TokenSource,
} from '@lifeline/core';
import { CommandFailure, oneLine, signInCode } from '../failure.js';
import { type CliIo, exitCodes } from '../io.js';
import { type AuthSettings, type AuthValues, readAuthSettings } from './options.js';

/** A Graph client with the sign-in it uses. */
export interface GraphSession {
  readonly settings: AuthSettings;
  readonly graph: GraphClient;
  readonly tokenSource: TokenSource;
  /** The claims of the first token (decoded, never printed). */
  readonly claims: JwtClaims | undefined;
  /** The permission-table column the token falls under, when its claims tell. */
  readonly permissionType: PermissionType | undefined;
}

// The tenant of personal Microsoft accounts.
const personalTenant = '9188040d-6c67-4c5b-b112-36a304b66dad';

/**
 * Reads the sign-in options, builds the token source and Graph client, and fetches a first
 * token.
 *
 * @throws {UsageError} for missing or malformed sign-in options.
 * @throws {CommandFailure} (exit 3) when sign-in fails, naming msal's error code.
 */
export async function openGraphSession(
  values: AuthValues,
  io: CliIo,
  client: Omit<GraphClientOptions, 'tokenSource' | 'cloud'> = {},
): Promise<GraphSession> {
  const settings = readAuthSettings(values, io.env);
  // msal is loaded only by commands that sign in, so that the others start quickly.
  const { createTokenSource } = await import('./token-source.js');
  const tokenSource = createTokenSource(settings, io.stderr);
  const claims = await signIn(tokenSource, settings);
  const graph = createGraphClient({ ...client, tokenSource, cloud: settings.cloud });
  return { settings, graph, tokenSource, claims, permissionType: permissionTypeOf(claims) };
}

async function signIn(
  tokenSource: TokenSource,
  settings: AuthSettings,
): Promise<JwtClaims | undefined> {
  try {
    const { token } = await tokenSource({ scopes: [graphDefaultScope(settings.cloud)] });
    const decoded = decodeJwtPayload(token);
    return decoded.ok ? decoded.value : undefined;
  } catch (error) {
    throw signInFailure(error, settings);
  }
}

/** The one-line failure for a sign-in that did not work. */
export function signInFailure(error: unknown, settings: AuthSettings): CommandFailure {
  const code = signInCode(error);
  const message = error instanceof Error ? oneLine(error.message) : String(error);
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  return new CommandFailure(
    `sign-in as ${settings.clientId} in tenant ${settings.tenantId} failed: ${text}`,
    exitCodes.unavailable,
    { cause: error },
  );
}

function permissionTypeOf(claims: JwtClaims | undefined): PermissionType | undefined {
  if (!claims) return undefined;
  if (Array.isArray(claims.roles)) return 'application';
  if (typeof claims.scp !== 'string') return undefined;
  return claims.tid === personalTenant ? 'delegatedPersonal' : 'delegatedWork';
}
