import { PublicClientApplication } from '@azure/msal-node';
import type { TokenSource } from '@lifeline/core';
import { InvalidInputError } from '@lifeline/core';
import { fileTokenCache } from './file-cache.js';
import { type AppRegistrationOptions, normaliseRegistration } from './options.js';
import {
  type AccountSelector,
  type DeviceCodePrompt,
  publicClientTokenSource,
} from './public-client.js';

/** Options of {@link deviceCodeTokenSource}. */
export interface DeviceCodeOptions extends AppRegistrationOptions {
  /**
   * The delegated scopes to sign in with, e.g. `['https://graph.microsoft.com/Mail.Read']`; also
   * used for requests that name none.
   */
  scopes: string[];
  /** The token cache file; created with mode 0600 in a 0700 directory when missing. */
  cachePath: string;
  /** Shows the user where to sign in and the code to type. */
  onDeviceCode: (prompt: DeviceCodePrompt) => void | Promise<void>;
  /** Which cached account to use when the cache holds more than one. */
  account?: AccountSelector;
}

/**
 * A token source for delegated access: the user signs in once with the device code flow
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code), and later calls,
 * in this run or the next, use the file token cache silently, refreshing as needed. When the
 * refresh token no longer works, or a claims challenge needs a new sign-in, the user is asked
 * again through `onDeviceCode`. It declares client capability `CP1`.
 *
 * @throws {InvalidInputError} for a missing client id, scopes or cache path, a malformed tenant
 *   id, or a plain-http login URL off loopback.
 * @returns a token source whose calls reject with {@link MsalTokenSourceError}.
 */
export function deviceCodeTokenSource(options: DeviceCodeOptions): TokenSource {
  if (typeof options.onDeviceCode !== 'function') {
    throw new InvalidInputError('onDeviceCode', 'expected a function that shows the code');
  }
  if (!Array.isArray(options.scopes) || options.scopes.length === 0) {
    throw new InvalidInputError('scopes', 'expected the delegated scopes to sign in with');
  }
  const cachePlugin = fileTokenCache(options.cachePath);
  const { configuration, scopes } = normaliseRegistration(options);
  const app = new PublicClientApplication({ ...configuration, cache: { cachePlugin } });
  return publicClientTokenSource(app, {
    cloud: options.cloud,
    scopes,
    account: options.account ? { ...options.account } : undefined,
    onDeviceCode: options.onDeviceCode,
  });
}
