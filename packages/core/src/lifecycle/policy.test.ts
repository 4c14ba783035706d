// Normalising a lifecycle policy: defaults filled in, bad numbers refused, the result reusable.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { defaultLifecyclePolicy, normaliseLifecyclePolicy } from './policy.js';

describe('normaliseLifecyclePolicy', () => {
  it('fills in the defaults in a new frozen object', () => {
    const policy = { dedupeWindowMs: 1000 };
    const normalised = normaliseLifecyclePolicy(policy);
    expect(normalised).toEqual({ ...defaultLifecyclePolicy, dedupeWindowMs: 1000 });
    expect(normalised).not.toBe(policy);
    expect(Object.isFrozen(normalised)).toBe(true);
  });

  it('returns a policy it normalised as it is', () => {
    const normalised = normaliseLifecyclePolicy({ renewWithinMs: 0 });
    expect(normaliseLifecyclePolicy(normalised)).toBe(normalised);
  });

  it('gives the defaults, always the same object, for no policy', () => {
    expect(normaliseLifecyclePolicy()).toEqual(defaultLifecyclePolicy);
    expect(normaliseLifecyclePolicy()).toBe(normaliseLifecyclePolicy(undefined));
  });

  it('normalises an equal policy of the caller again, so a changed field is seen', () => {
    const policy = { dedupeWindowMs: 1000 };
    normaliseLifecyclePolicy(policy);
    policy.dedupeWindowMs = -1;
    expect(() => normaliseLifecyclePolicy(policy)).toThrow(InvalidInputError);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1])('refuses %s', (value) => {
    expect(() => normaliseLifecyclePolicy({ inFlightTimeoutMs: value })).toThrow(InvalidInputError);
  });
});
