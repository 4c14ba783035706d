/**
 * The policy that lifecycle decisions follow, and its defaults.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import { InvalidInputError } from '../errors.js';

/**
 * How Lifeline answers challenges. Every field is optional; see {@link normaliseLifecyclePolicy}.
 */
export interface LifecyclePolicy {
  /**
   * Renew (PATCH `expirationDateTime`, which also reauthorizes) instead of reauthorizing when the
   * subscription expires within this many milliseconds. Default 12 hours.
   */
  readonly renewWithinMs?: number | undefined;
  /**
   * A challenge for a subscription answered within this many milliseconds is ignored. Default 5
   * minutes.
   */
  readonly dedupeWindowMs?: number | undefined;
  /**
   * The lifetime to renew to, in minutes, when the subscription's resource is unknown. Default
   * 60: no resource's maximum is shorter, so Graph accepts it everywhere.
   */
  readonly defaultLifetimeMinutes?: number | undefined;
  /**
   * Renew to this much less than the maximum lifetime, in milliseconds, to absorb clock skew.
   * Default 5 minutes.
   */
  readonly lifetimeMarginMs?: number | undefined;
  /**
   * An action recorded as under way for less than this many milliseconds is not started again, so
   * that two renews never race. Default 2 minutes.
   */
  readonly inFlightTimeoutMs?: number | undefined;
}

/** A {@link LifecyclePolicy} with every default filled in. */
export type NormalisedLifecyclePolicy = { readonly [K in keyof LifecyclePolicy]-?: number };

const minuteMs = 60_000;

/** The defaults of {@link LifecyclePolicy}. */
export const defaultLifecyclePolicy: NormalisedLifecyclePolicy = Object.freeze({
  renewWithinMs: 12 * 60 * minuteMs,
  dedupeWindowMs: 5 * minuteMs,
  defaultLifetimeMinutes: 60,
  lifetimeMarginMs: 5 * minuteMs,
  inFlightTimeoutMs: 2 * minuteMs,
});

/**
 * Graph's rule: never send a reauthorize and a renew for one subscription within 10 minutes.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
export const reauthorizeRenewGapMs = 10 * minuteMs;

// What this module returned: frozen and complete, so normalising one again returns it as it is.
const normalisedPolicies = new WeakSet<object>();

/**
 * Fills in the defaults of a policy, in a new frozen object. A policy this function returned is
 * returned as it is, and no policy at all gives the defaults, one object shared by every call.
 *
 * @throws {InvalidInputError} when a field is not a finite, non-negative number.
 */
export function normaliseLifecyclePolicy(policy?: LifecyclePolicy): NormalisedLifecyclePolicy {
  if (policy === undefined) {
    normalisedDefault ??= normalise({});
    return normalisedDefault;
  }
  if (normalisedPolicies.has(policy)) return policy as NormalisedLifecyclePolicy;
  return normalise(policy);
}

let normalisedDefault: NormalisedLifecyclePolicy | undefined;

function normalise(policy: LifecyclePolicy): NormalisedLifecyclePolicy {
  const result: Record<string, number> = {};
  for (const key of Object.keys(defaultLifecyclePolicy) as (keyof LifecyclePolicy)[]) {
    const value = policy[key] ?? defaultLifecyclePolicy[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidInputError(`policy.${key}`, 'must be a finite, non-negative number');
    }
    result[key] = value;
  }
  const normalised = Object.freeze(result as NormalisedLifecyclePolicy);
  normalisedPolicies.add(normalised);
  return normalised;
}
