// Public API of this area; re-exported from the package root.
export {
  buildCreateSubscriptionRequest,
  buildDeleteSubscriptionRequest,
  buildGetSubscriptionRequest,
  buildListSubscriptionsRequest,
  buildReauthorizeRequest,
  buildRenewRequest,
  type CreateSubscriptionRequestOptions,
  type ListSubscriptionsRequestOptions,
  type RenewRequestOptions,
  type SubscriptionRequestOptions,
} from './builders.js';
export { readClaimsChallenge } from './claims-challenge.js';
export { createGraphClient, type GraphClient } from './client.js';
export type { GraphClientOptions } from './client-options.js';
export type { GraphRequestOptions } from './request-options.js';
export { defaultRetryOptions, type RetryOptions } from './retry-policy.js';
export type { RetryInfo, RetryReason } from './send.js';
export type { Subscription, SubscriptionCreateInput, TlsVersion } from './subscription.js';
export { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate.js';
