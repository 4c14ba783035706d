/**
 * The Entra ID signing keys that validation tokens are checked against, fetched from the cloud's
 * key set and cached. Entra rotates its keys; a token signed with a key id not yet seen makes the
 * key set be fetched again (at most once per cooldown).
 * See https://learn.microsoft.com/entra/identity-platform/signing-key-rollover
 *
 * @module
 */
import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { Cloud } from '../clouds.js';
import type { FetchFunction } from '../types.js';
import type { ValidationKeys } from './validation-token-types.js';

/** Options of {@link createEntraKeySet}. */
export interface EntraKeySetOptions {
  readonly cloud: Cloud;
  /** Sends the key-set request. Default: the global `fetch`. */
  readonly fetch?: FetchFunction | undefined;
  /**
   * How long fetched keys are used before they are fetched again, in milliseconds. Default 1 hour.
   */
  readonly cacheMaxAgeMs?: number | undefined;
  /**
   * The least time between two fetches caused by unknown key ids, in milliseconds. Default 30 s.
   */
  readonly cooldownMs?: number | undefined;
  /** How long one fetch may take, in milliseconds. Default 5 s. */
  readonly timeoutMs?: number | undefined;
}

/**
 * The URL of a cloud's Entra ID signing keys: `${cloud.loginUrl}/common/discovery/v2.0/keys`.
 * The same keys sign version 1 and version 2 tokens.
 */
export function entraKeySetUrl(cloud: Cloud): URL {
  return new URL(`${cloud.loginUrl}/common/discovery/v2.0/keys`);
}

/**
 * A key resolver for a cloud's Entra ID signing keys. Keep one for the life of the app and pass it
 * as `keys`: it caches the keys it fetched.
 *
 * @throws {TypeError} when a duration is negative or not an integer.
 */
export function createEntraKeySet(options: EntraKeySetOptions): JWTVerifyGetKey {
  const send = options.fetch;
  return createRemoteJWKSet(entraKeySetUrl(options.cloud), {
    cacheMaxAge: options.cacheMaxAgeMs ?? 60 * 60 * 1000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    timeoutDuration: options.timeoutMs ?? 5000,
    ...(send
      ? { [customFetch]: (url: string, init: RequestInit) => send(new Request(url, init)) }
      : {}),
  });
}

// Default key sets, one per fetch function and cloud, so that repeated verifications share a cache
// without the caller keeping one. Keyed weakly by the fetch, so dropping it drops its keys.
const defaultKeySets = new WeakMap<object, Map<string, JWTVerifyGetKey>>();
const globalFetchKey = {};
const localKeySets = new WeakMap<object, JWTVerifyGetKey>();

/**
 * The resolver to verify with: the given one, a local set built once, or the cloud's cached set.
 */
export function resolveValidationKeys(
  keys: ValidationKeys | undefined,
  cloud: Cloud,
  fetch: FetchFunction | undefined,
): JWTVerifyGetKey {
  if (typeof keys === 'function') return keys;
  if (keys !== undefined) return localKeySet(keys);

  const byUrl = defaultKeySets.get(fetch ?? globalFetchKey) ?? new Map<string, JWTVerifyGetKey>();
  defaultKeySets.set(fetch ?? globalFetchKey, byUrl);
  const url = entraKeySetUrl(cloud).href;
  const existing = byUrl.get(url);
  if (existing) return existing;

  const created = createEntraKeySet({ cloud, fetch });
  byUrl.set(url, created);
  return created;
}

function localKeySet(keys: Exclude<ValidationKeys, JWTVerifyGetKey>): JWTVerifyGetKey {
  const existing = localKeySets.get(keys);
  if (existing) return existing;
  const created = createLocalJWKSet(keys);
  localKeySets.set(keys, created);
  return created;
}
