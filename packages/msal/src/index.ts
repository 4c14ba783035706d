/**
 * `@lifeline/msal`: Lifeline token sources on `@azure/msal-node` for Node. Each builder returns a
 * `TokenSource` for `@lifeline/core`'s Graph client: client secret, certificate, managed identity,
 * device code with a file token cache, or an msal application you built yourself. Every one
 * declares client capability `CP1` and passes claims challenges through.
 *
 * @packageDocumentation
 */
export {
  type ApplicationTokenSourceOptions,
  type ConfidentialClient,
  type ManagedIdentityClient,
  type MsalApplication,
  tokenSourceFromApplication,
} from './application.js';
export {
  type AuthorityOptions,
  type AuthorityOverrides,
  buildMsalAuthority,
  type MsalAuthority,
} from './authority.js';
export {
  type ClientCertificateOptions,
  clientCertificateTokenSource,
} from './client-certificate.js';
export { type ClientSecretOptions, clientSecretTokenSource } from './client-secret.js';
export { type DeviceCodeOptions, deviceCodeTokenSource } from './device-code.js';
export { type MsalErrorDetails, MsalTokenSourceError } from './errors.js';
export { fileTokenCache } from './file-cache.js';
export { type ManagedIdentityOptions, managedIdentityTokenSource } from './managed-identity.js';
export { type AppRegistrationOptions, clientCapabilities } from './options.js';
export type { AccountSelector, DeviceCodePrompt, PublicClient } from './public-client.js';
