import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCertificateCredential, thumbprintHeader } from './entra/certificate.js';
import { createFaultEngine } from './faults/rules.js';
import { settleExpiration } from './graph/expiration.js';
import { formEncode } from './graph/handshake.js';
import { defaultSettings, mergeSettings } from './settings.js';

describe('mergeSettings', () => {
  it('merges nested values without touching its inputs', () => {
    const base = defaultSettings();
    const merged = mergeSettings(base, {
      delivery: { timeoutMs: 50 },
      quotas: { perAppTenant: 3 },
    });
    expect(merged.delivery).toMatchObject({ timeoutMs: 50, retryTimeoutMs: 10_000 });
    expect(merged.quotas.perAppTenant).toBe(3);
    expect(base.delivery.timeoutMs).toBe(3000);
  });

  it('names every unknown key and wrong type', () => {
    const patch = {
      listPageSize: 'ten',
      nope: 1,
      throttling: { limits: { list: { perApp: -1 } } },
    };
    expect(() => mergeSettings(defaultSettings(), patch as never)).toThrow(
      [
        'invalid settings: listPageSize must be a non-negative number',
        'unknown setting nope',
        'throttling.limits.list.perApp must be a non-negative number',
      ].join('; '),
    );
  });
});

describe('fault rules', () => {
  it('match paths with * for one segment and ** for any, and respect times', () => {
    const engine = createFaultEngine(1);
    engine.add({ path: '/*/subscriptions/*/reauthorize', kind: 'status', status: 503, times: 2 });
    const decide = (path: string) =>
      engine.decide({ method: 'POST', path, cloud: 'global' }).action;
    expect(decide('/v1.0/subscriptions/abc/reauthorize')).toMatchObject({ status: 503 });
    expect(decide('/v1.0/subscriptions/abc')).toBeNull();
    expect(decide('/beta/subscriptions/abc/reauthorize')).toMatchObject({ status: 503 });
    expect(decide('/beta/subscriptions/abc/reauthorize')).toBeNull();

    engine.add({ path: '/**', kind: 'latency', ms: 5 });
    expect(
      engine.decide({ method: 'GET', path: '/anything/at/all', cloud: 'china' }).latencyMs,
    ).toBe(5);
  });

  it('repeat the same hits for the same seed', () => {
    const run = (seed: number) => {
      const engine = createFaultEngine(seed);
      engine.add({ path: '/**', kind: 'drop', rate: 0.3 });
      return Array.from(
        { length: 40 },
        () => engine.decide({ method: 'GET', path: '/x', cloud: 'global' }).action !== null,
      );
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });
});

describe('formEncode', () => {
  it('encodes as .NET does and decodes back with URLSearchParams', () => {
    expect(formEncode('Validation: Testing client')).toBe('Validation%3a+Testing+client');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(new URLSearchParams(`t=${formEncode(text)}`).get('t')).toBe(text);
      }),
    );
  });
});

describe('settleExpiration', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
  const settle = (
    resource: string,
    resourceType: string,
    requested: Date,
    includeResourceData = false,
  ) =>
    settleExpiration({
      requested,
      now,
      resource,
      resourceType,
      includeResourceData,
      operation: 'Update',
    });

  it('applies the 45-minute floor and the per-resource ceilings', () => {
    expect(settle('me/messages', 'message', minutes(1))).toEqual({ ok: true, value: minutes(45) });
    expect(settle('me/messages', 'message', minutes(10_070))).toEqual({
      ok: true,
      value: minutes(10_070),
    });
    expect(settle('me/messages', 'message', minutes(1441), true)).toMatchObject({
      ok: false,
      refusal: { message: 'Subscription expiration can only be 1440 minutes in the future.' },
    });
    expect(settle('/communications/presences/u1', 'presence', minutes(61))).toMatchObject({
      ok: false,
    });
    expect(settle('users', 'user', minutes(41_760))).toMatchObject({ ok: true });
  });
});

describe('generated certificates', () => {
  it('are real X.509 certificates whose thumbprints name them', async () => {
    const credential = await generateCertificateCredential(
      'unit test',
      new Date('2026-01-01T00:00:00Z'),
    );
    const certificate = new X509Certificate(credential.certificatePem);
    expect(certificate.subject).toBe('CN=unit test');
    expect(certificate.verify(credential.publicKey)).toBe(true);
    expect(certificate.fingerprint.replaceAll(':', '')).toBe(credential.thumbprint);
    expect(certificate.fingerprint256.replaceAll(':', '')).toBe(credential.thumbprintSha256);
    expect(thumbprintHeader('0A0B')).toBe('Cgs');
  });
});
