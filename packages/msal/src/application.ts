import type {
  AuthenticationResult,
  ConfidentialClientApplication,
  ManagedIdentityApplication,
} from '@azure/msal-node';
import { type Cloud, InvalidInputError, type TokenSource } from '@lifeline/core';
import { wrapMsalError } from './errors.js';
import {
  type AccountSelector,
  type DeviceCodePrompt,
  type PublicClient,
  publicClientTokenSource,
} from './public-client.js';
import { claimsOf, toAccessToken } from './result.js';
import { checkScopes, resolveScopes, resourceFromScopes } from './scopes.js';

/** The part of a `ConfidentialClientApplication` that Lifeline uses. */
export type ConfidentialClient = Pick<
  ConfidentialClientApplication,
  'acquireTokenByClientCredential'
>;

/** The part of a `ManagedIdentityApplication` that Lifeline uses. */
export type ManagedIdentityClient = Pick<
  ManagedIdentityApplication,
  'acquireToken' | 'getManagedIdentitySource'
>;

/** An msal application that {@link tokenSourceFromApplication} can turn into a token source. */
export type MsalApplication = ConfidentialClient | PublicClient | ManagedIdentityClient;

/** How {@link tokenSourceFromApplication} asks the application for tokens. */
export interface ApplicationTokenSourceOptions {
  /** The cloud whose `/.default` Graph scope is used when neither request nor `scopes` name any. */
  cloud?: Cloud;
  /** Scopes used when a request names none; for a public client, the scopes to sign in with. */
  scopes?: string[];
  /** Public client: which cached account to use when the cache holds more than one. */
  account?: AccountSelector;
  /**
   * Public client: called with the code to show the user when nobody is signed in, or the
   * sign-in must be repeated. Without it such a request fails with `interaction_required`.
   */
  onDeviceCode?: (prompt: DeviceCodePrompt) => void | Promise<void>;
}

/** Settings shared by the token-source builders of this package. */
export interface SourceSettings {
  cloud?: Cloud | undefined;
  scopes?: string[] | undefined;
  /** Values to remove from error messages: the client secret, for instance. */
  secrets: string[];
}

/**
 * Turns an msal application you built yourself into a Lifeline {@link TokenSource}. A confidential
 * client uses client credentials; a public client uses its token cache silently and falls back to
 * the device code flow; a managed identity application asks for the one resource of the scope.
 * A request's `claims` (a claims challenge) is passed to msal, which then skips its cache. Declare
 * `clientCapabilities: ['CP1']` in the application's configuration to receive such challenges.
 *
 * @throws {InvalidInputError} when `app` is none of the three msal applications.
 * @returns a token source whose calls reject with {@link MsalTokenSourceError} when msal fails.
 */
export function tokenSourceFromApplication(
  app: MsalApplication,
  options: ApplicationTokenSourceOptions = {},
): TokenSource {
  const settings = {
    cloud: options.cloud,
    scopes: checkScopes('scopes', options.scopes),
    secrets: [],
  };
  if (isConfidential(app)) return confidentialTokenSource(app, settings);
  if (isPublic(app)) {
    return publicClientTokenSource(app, {
      ...settings,
      account: options.account,
      onDeviceCode: options.onDeviceCode,
    });
  }
  if (isManagedIdentity(app)) return managedIdentityClientTokenSource(app, settings);
  throw new InvalidInputError(
    'app',
    'expected an msal confidential, public or managed identity app',
  );
}

// Duck typing rather than `instanceof`, so that an application from another copy of msal works.
function isConfidential(app: MsalApplication): app is ConfidentialClient {
  return typeof (app as Partial<ConfidentialClient>).acquireTokenByClientCredential === 'function';
}

function isPublic(app: MsalApplication): app is PublicClient {
  return typeof (app as Partial<PublicClient>).acquireTokenByDeviceCode === 'function';
}

function isManagedIdentity(app: MsalApplication): app is ManagedIdentityClient {
  return typeof (app as Partial<ManagedIdentityClient>).getManagedIdentitySource === 'function';
}

/** A token source using client credentials: a secret, a certificate or an assertion. */
export function confidentialTokenSource(
  app: ConfidentialClient,
  settings: SourceSettings,
): TokenSource {
  return async (request) => {
    const scopes = resolveScopes(request.scopes, settings.scopes, settings.cloud);
    let result: AuthenticationResult | null;
    try {
      result = await app.acquireTokenByClientCredential({ scopes, ...claimsOf(request.claims) });
    } catch (error) {
      throw wrapMsalError('client credentials token request', error, settings.secrets);
    }
    return toAccessToken(result);
  };
}

/** A token source on a managed identity. */
export function managedIdentityClientTokenSource(
  app: ManagedIdentityClient,
  settings: SourceSettings,
): TokenSource {
  return async (request) => {
    const scopes = resolveScopes(request.scopes, settings.scopes, settings.cloud);
    const resource = resourceFromScopes(scopes);
    let result: AuthenticationResult;
    try {
      result = await app.acquireToken({ resource, ...claimsOf(request.claims) });
    } catch (error) {
      throw wrapMsalError('managed identity token request', error, settings.secrets);
    }
    return toAccessToken(result);
  };
}
