import { ConfidentialClientApplication } from '@azure/msal-node';
import type { TokenSource } from '@lifeline/core';
import { confidentialTokenSource } from './application.js';
import { type AppRegistrationOptions, normaliseRegistration, requireText } from './options.js';

/** Options of {@link clientSecretTokenSource}. */
export interface ClientSecretOptions extends AppRegistrationOptions {
  /** A client secret of the app registration (its value, not its id). */
  clientSecret: string;
}

/**
 * A token source for app-only access with a client secret (the client credentials grant):
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 * It declares client capability `CP1`, passes a request's claims challenge to Entra ID, and keeps
 * tokens in msal's memory cache until they are close to expiry.
 *
 * @throws {InvalidInputError} for a missing client id or secret, a malformed tenant id, bad
 *   scopes, or a plain-http login URL off loopback.
 * @returns a token source whose calls reject with {@link MsalTokenSourceError} (for instance
 *   `errorCode: 'invalid_client'` for a wrong secret); the secret never appears in a message.
 */
export function clientSecretTokenSource(options: ClientSecretOptions): TokenSource {
  const clientSecret = requireText('clientSecret', options.clientSecret);
  const { configuration, scopes } = normaliseRegistration(options, { clientSecret });
  const app = new ConfidentialClientApplication(configuration);
  return confidentialTokenSource(app, { cloud: options.cloud, scopes, secrets: [clientSecret] });
}
