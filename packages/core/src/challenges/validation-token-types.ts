/**
 * The option and result types of validation-token verification.
 * See https://learn.microsoft.com/graph/change-notifications-with-resource-data
 *
 * @module
 */
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import type { Cloud } from '../clouds.js';
import type { Clock, FetchFunction } from '../types.js';

/**
 * The keys that validation tokens are checked against: a key resolver (such as one from
 * {@link createEntraKeySet}, kept for the life of the app so that keys are cached) or a fixed
 * JSON Web Key Set.
 */
export type ValidationKeys = JWTVerifyGetKey | JSONWebKeySet;

/** Options of {@link verifyValidationTokens}. */
export interface VerifyValidationTokensOptions {
  /** The app (client) ids a token's `aud` may name; several when apps share one endpoint. */
  readonly appIds: readonly string[];
  /** When given, the only tenants whose tokens are accepted. */
  readonly tenantIds?: readonly string[] | undefined;
  /** The cloud whose Entra ID issued the tokens; it fixes the key URL and the issuers. */
  readonly cloud: Cloud;
  /**
   * The signing keys. Default: the cloud's Entra ID key set
   * (`${cloud.loginUrl}/common/discovery/v2.0/keys`), fetched with `fetch` and cached per `fetch`.
   */
  readonly keys?: ValidationKeys | undefined;
  /** The current time, for `exp` and `nbf`. */
  readonly now: Clock;
  /** Sends the key-set request. Default: the global `fetch`, looked up when first needed. */
  readonly fetch?: FetchFunction | undefined;
  /** How far `exp` and `nbf` may be off, in seconds. Default 300. */
  readonly clockSkewSeconds?: number | undefined;
}

/** Which check a validation token failed. */
export type ValidationTokenFailureReason =
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'audience'
  | 'issuer'
  | 'authorized_party'
  | 'tenant'
  | 'unknown_key'
  | 'algorithm'
  | 'malformed'
  | 'keys_unavailable';

/** One token that failed verification. */
export interface ValidationTokenFailure {
  /** The token's position in the list given. */
  readonly index: number;
  readonly reason: ValidationTokenFailureReason;
  /** A description for logs; it never contains the token. */
  readonly message: string;
}

/**
 * The result of {@link verifyValidationTokens}: every token passed, with the tenants they vouch
 * for (lower case, in first-seen order), or the failures, one per failing token.
 */
export type VerifyValidationTokensResult =
  | { readonly ok: true; readonly tenants: string[] }
  | { readonly ok: false; readonly failures: ValidationTokenFailure[] };
