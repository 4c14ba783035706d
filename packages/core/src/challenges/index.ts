/**
 * Challenges: what Graph posts to a notification URL, parsed and proven. The handshake, the
 * notification collection, `clientState`, and the validation tokens that vouch for a batch.
 *
 * @module
 */
export { clientStateMatches } from './client-state.js';
export {
  createEntraKeySet,
  type EntraKeySetOptions,
  entraKeySetUrl,
} from './entra-keys.js';
export {
  maxHandshakeTokenLength,
  type ReadValidationTokenResult,
  readValidationToken,
  validationResponse,
} from './handshake.js';
export type * from './notification.js';
export {
  maxNotificationItems,
  maxValidationTokenLength,
  maxValidationTokens,
  parseNotificationCollection,
} from './parse.js';
export { changeTrackingAppId } from './token-claims.js';
export type * from './validation-token-types.js';
export { verifyValidationTokens } from './validation-tokens.js';
