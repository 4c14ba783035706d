// Reading the worker's settings from vars and secrets: defaults, every problem named by its
// variable, and no value of a secret in any message.
import { clouds } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import type { WorkerEnv } from '../src/env.js';
import { readSettings } from '../src/settings.js';

const tenantId = '8e1c3b5a-0f6d-4e2b-9a7c-5d4e3f2a1b0c';
const clientId = '6a1f9c2e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const thumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

function envOf(vars: Record<string, string>): WorkerEnv {
  return { TENANT_ID: tenantId, CLIENT_ID: clientId, ...vars } as unknown as WorkerEnv;
}

function problemsOf(vars: Record<string, string>): readonly string[] {
  const result = readSettings(envOf(vars));
  return result.ok ? [] : result.problems;
}

describe('readSettings', () => {
  it('fills in the defaults around a client secret', () => {
    const result = readSettings(envOf({ CLIENT_SECRET: 's3cret', CLIENT_STATE: 'state' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      tenantId,
      clientId,
      credential: { kind: 'secret', secret: 's3cret' },
      cloud: clouds.global,
      appIds: [clientId],
      clientState: 'state',
      requireValidationTokens: false,
      renewWithinMs: 720 * 60_000,
      lifecyclePath: '/graph/lifecycle',
      maxRetries: 8,
      deadLetterQueue: 'lifeline-lifecycle-dlq',
    });
  });

  it('reads a national cloud, a custom pair of URLs, app ids and a path', () => {
    const named = readSettings(envOf({ CLIENT_SECRET: 's', CLIENT_STATE: 'c', CLOUD: 'usGovL5' }));
    expect(named.ok && named.value.cloud).toEqual(clouds.usGovL5);

    const custom = readSettings(
      envOf({
        CLIENT_SECRET: 's',
        CLIENT_STATE: 'c',
        GRAPH_URL: 'http://127.0.0.1:4000/',
        LOGIN_URL: 'http://127.0.0.1:4000',
        APP_IDS: ` ${clientId}, other-app ,`,
        LIFECYCLE_PATH: '/hooks/graph/',
        RENEW_WITHIN_MINUTES: '90',
      }),
    );
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    expect(custom.value.cloud).toEqual({
      name: 'custom',
      graphUrl: 'http://127.0.0.1:4000',
      loginUrl: 'http://127.0.0.1:4000',
    });
    expect(custom.value.appIds).toEqual([clientId, 'other-app']);
    expect(custom.value.lifecyclePath).toBe('/hooks/graph');
    expect(custom.value.renewWithinMs).toBe(90 * 60_000);
  });

  it('takes a certificate over a secret, with the thumbprint without separators', () => {
    const spaced = thumbprint.match(/../g)?.join(':') ?? '';
    const result = readSettings(
      envOf({
        CLIENT_SECRET: 'unused',
        CLIENT_CERTIFICATE_KEY: '-----BEGIN PRIVATE KEY-----',
        CLIENT_CERTIFICATE_THUMBPRINT: spaced,
        CLIENT_STATE: 'c',
      }),
    );
    expect(result.ok && result.value.credential).toEqual({
      kind: 'certificate',
      privateKeyPem: '-----BEGIN PRIVATE KEY-----',
      thumbprint,
    });
  });

  it('names every problem at once', () => {
    const problems = problemsOf({
      TENANT_ID: '',
      CLIENT_CERTIFICATE_THUMBPRINT: 'xyz',
      GRAPH_URL: 'http://127.0.0.1:4000',
      RENEW_WITHIN_MINUTES: 'soon',
      QUEUE_MAX_RETRIES: '-1',
      REQUIRE_VALIDATION_TOKENS: 'yes',
      LIFECYCLE_PATH: 'graph',
    });
    expect(problems).toEqual([
      'TENANT_ID is required',
      'CLIENT_CERTIFICATE_KEY is missing',
      'CLIENT_CERTIFICATE_THUMBPRINT must be 40 (SHA-1) or 64 (SHA-256) hex digits',
      'GRAPH_URL and LOGIN_URL must be set together',
      'REQUIRE_VALIDATION_TOKENS must be "true" or "false"',
      'RENEW_WITHIN_MINUTES must be a whole number from 30 to 43200',
      'LIFECYCLE_PATH must be a path that starts with "/"',
      'QUEUE_MAX_RETRIES must be a whole number from 0 to 100',
      'CLIENT_STATE is required unless REQUIRE_VALIDATION_TOKENS is "true"',
    ]);
  });

  it('needs a credential, and a clientState unless validation tokens are required', () => {
    expect(problemsOf({})).toEqual([
      'set CLIENT_SECRET, or CLIENT_CERTIFICATE_KEY and CLIENT_CERTIFICATE_THUMBPRINT',
      'CLIENT_STATE is required unless REQUIRE_VALIDATION_TOKENS is "true"',
    ]);
    expect(problemsOf({ CLIENT_SECRET: 's', REQUIRE_VALIDATION_TOKENS: 'true' })).toEqual([]);
  });

  it('never puts a value in a problem', () => {
    const secret = 'very-secret-value';
    const problems = problemsOf({
      CLIENT_SECRET: secret,
      CLOUD: secret,
      QUEUE_MAX_RETRIES: secret,
    });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).not.toContain(secret);
  });
});
