// Options are checked when the routes are made, and the caller's object is never changed.
import { InvalidInputError } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { type LifecycleRoutesOptions, lifecycleRoutes } from '../src/index.js';
import { appId, clientState, memoryGraph, post } from './helpers.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('lifecycleRoutes options', () => {
  it('never writes to the caller’s options', async () => {
    const options = deepFreeze({
      graph: { tokenSource: async () => ({ token: 'unused' }) },
      clientState,
      appIds: [appId],
      tenantIds: ['84bd8158-6d4d-4958-8b9f-9d6445542f95'],
      policy: { renewWithinMs: 60_000 },
      statusRoute: true,
    } satisfies LifecycleRoutesOptions);
    const before = JSON.stringify(options);
    const routes = lifecycleRoutes(options);
    await routes.request(post({ value: [] }));
    expect(JSON.stringify(options)).toBe(before);
  });

  it.each<[string, Partial<LifecycleRoutesOptions>, string]>([
    ['no clientState and no required tokens', { clientState: undefined }, 'clientState'],
    ['required tokens without appIds', { requireValidationTokens: true }, 'appIds'],
    ['a graph without methods', { graph: {} as never }, 'graph'],
    ['no graph', { graph: undefined as never }, 'graph'],
    ['a zero body limit', { bodyLimit: 0 }, 'bodyLimit'],
    ['a fractional body limit', { bodyLimit: 1.5 }, 'bodyLimit'],
    ['a negative policy value', { policy: { dedupeWindowMs: -1 } }, 'policy.dedupeWindowMs'],
    ['zero concurrency', { concurrency: 0 }, 'concurrency'],
    ['an enqueue that is not a function', { enqueue: 'queue' as never }, 'enqueue'],
    ['settleRepeats without enqueue', { settleRepeats: true }, 'settleRepeats'],
  ])('refuses %s', (_, overrides, field) => {
    const options = { graph: memoryGraph(), clientState, ...overrides };
    expect(() => lifecycleRoutes(options)).toThrow(InvalidInputError);
    expect(() => lifecycleRoutes(options)).toThrow(expect.objectContaining({ field }));
  });

  it('accepts required validation tokens in place of a clientState', () => {
    expect(() =>
      lifecycleRoutes({ graph: memoryGraph(), requireValidationTokens: true, appIds: [appId] }),
    ).not.toThrow();
  });
});
