/**
 * Entra ID's signing keys for validation tokens, cached per isolate as settled JSON. A remote key
 * set that shares its pending fetch between callers would make one request wait on another's
 * I/O, which workerd does not allow; here each request that finds the cache empty or stale
 * fetches for itself, and only finished results are shared.
 * See https://learn.microsoft.com/entra/identity-platform/signing-key-rollover
 *
 * @module
 */
import { type Cloud, entraKeySetUrl } from '@lifeline/core';
import {
  createLocalJWKSet,
  errors,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';

/** Options of {@link workerValidationKeys}. */
export interface WorkerValidationKeysOptions {
  readonly cloud: Cloud;
  /** Fetches the key set. Default: the global `fetch`, looked up at call time. */
  readonly fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** The current time in epoch milliseconds. Default: `Date.now`. */
  readonly now?: (() => number) | undefined;
}

interface SettledKeys {
  readonly keys: JSONWebKeySet;
  readonly fetchedAt: number;
}

const settledKeys = new Map<string, SettledKeys>();
const maxAgeMs = 60 * 60_000;
// A token signed with an unknown key id fetches the keys again, at most this often.
const refetchCooldownMs = 30_000;

/**
 * A key resolver for core's `verifyValidationTokens` (`keys` option). Make one per request.
 * It rejects as jose's resolvers do: no matching key, or a key set that cannot be fetched.
 */
export function workerValidationKeys(options: WorkerValidationKeysOptions): JWTVerifyGetKey {
  const url = entraKeySetUrl(options.cloud).href;
  const now = options.now ?? Date.now;
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  return async (header: JWSHeaderParameters) => {
    let settled = settledKeys.get(url);
    if (!settled || now() - settled.fetchedAt >= maxAgeMs) {
      settled = await refresh(url, send, now);
    }
    try {
      return await createLocalJWKSet(settled.keys)(header);
    } catch (error) {
      const rotated = error instanceof errors.JWKSNoMatchingKey;
      if (!rotated || now() - settled.fetchedAt < refetchCooldownMs) throw error;
      return createLocalJWKSet((await refresh(url, send, now)).keys)(header);
    }
  };
}

async function refresh(
  url: string,
  send: (request: Request) => Promise<Response>,
  now: () => number,
): Promise<SettledKeys> {
  const response = await send(
    new Request(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    }),
  );
  if (!response.ok) {
    throw new errors.JOSEError(`the Entra ID key set answered HTTP ${response.status}`);
  }
  const keys: unknown = await response.json();
  if (!isKeySet(keys)) throw new errors.JWKSInvalid('the Entra ID key set is not a JWKS');
  const settled = { keys, fetchedAt: now() };
  settledKeys.set(url, settled);
  return settled;
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)
  );
}
