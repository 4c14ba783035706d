// Entra ID's signing keys as the worker caches them: settled JSON per isolate, fetched again for a
// key id it has not seen, but not more often than every 30 seconds. The emulator of the renewal
// test serves the keys here, so that rotating them touches no other test.
import { customCloud } from '@lifeline/core';
import { errors } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { workerValidationKeys } from '../src/validation-keys.js';
import { admin } from './worker/harness.js';

// The resolvers look at the header only; jose hands them the token as well.
const token = { payload: '', signature: '' };
const header = (kid: string) => ({ alg: 'RS256', kid });

describe('workerValidationKeys', () => {
  it('fetches the keys again for an unknown key id, at most every 30 seconds', async () => {
    const fixture = inject('cronEmulator');
    const cloud = customCloud({ graphUrl: fixture.url, loginUrl: fixture.url });
    let fetches = 0;
    const send = (request: Request) => {
      fetches += 1;
      return fetch(request);
    };
    const resolverAt = (offsetMs: number) =>
      workerValidationKeys({ cloud, fetch: send, now: () => start + offsetMs });
    const start = Date.now();

    const { keys } = await admin<{ keys: { kid: string }[] }>(fixture, 'GET', '/keys');
    const known = keys[0]?.kid ?? '';
    await expect(resolverAt(0)(header(known), token)).resolves.toBeDefined();
    expect(fetches).toBe(1);
    await resolverAt(1000)(header(known), token);
    expect(fetches).toBe(1);

    const rotated = await admin<{ kid: string }>(fixture, 'POST', '/keys/rotate', {});
    const soon = resolverAt(1000)(header(rotated.kid), token);
    await expect(soon).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(fetches).toBe(1);

    await expect(resolverAt(31_000)(header(rotated.kid), token)).resolves.toBeDefined();
    expect(fetches).toBe(2);
  });

  it('rejects when the key set cannot be fetched', async () => {
    const fixture = inject('cronEmulator');
    const cloud = customCloud({
      graphUrl: `${fixture.url}/nowhere`,
      loginUrl: `${fixture.url}/nowhere`,
    });
    const resolver = workerValidationKeys({ cloud });
    await expect(resolver(header('any'), token)).rejects.toBeInstanceOf(errors.JOSEError);
  });
});
