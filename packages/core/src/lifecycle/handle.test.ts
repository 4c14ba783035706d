// The lifecycle handler against an in-memory Graph object (the handler's own injected interface)
// and the in-memory ledger, over a pinned clock.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appId,
  createSigningKey,
  keySetOf,
  type SigningKey,
  signToken,
  tenantId,
  v1Claims,
} from '../../test/jwks.js';
import type { LifecycleEvent, LifecycleNotification } from '../challenges/notification.js';
import { clouds } from '../clouds.js';
import { GraphResponseError, SubscriptionGoneError } from '../errors.js';
import type { SubscriptionFacts } from './decision-types.js';
import { handleLifecycleNotifications } from './handle.js';
import type { HandleLifecycleOptions, LifecycleGraph } from './handler-types.js';
import { createMemoryLedger } from './ledger.js';

const now = new Date('2026-11-20T10:00:00.000Z');
const minute = 60_000;
const otherTenant = '84bd8158-6d4d-4958-8b9f-9d6445542f95';

function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function notification(
  n: number,
  event: LifecycleEvent = 'reauthorizationRequired',
  fields: Partial<LifecycleNotification> = {},
): LifecycleNotification {
  return {
    kind: 'lifecycle',
    index: n,
    subscriptionId: id(n),
    tenantId,
    clientState: 'secret',
    subscriptionExpirationDateTime: new Date(now.getTime() + 3 * 24 * 60 * minute).toISOString(),
    lifecycleEvent: event,
    rawLifecycleEvent: event,
    ...fields,
  };
}

function batch(...lifecycle: LifecycleNotification[]) {
  return { lifecycle, validationTokens: [] as string[] };
}

interface FakeGraph extends LifecycleGraph {
  calls: string[];
}

function fakeGraph(
  behaviour: Partial<
    Record<'reauthorize' | 'renew' | 'get', (subscriptionId: string) => unknown>
  > = {},
): FakeGraph {
  const calls: string[] = [];
  const run = async (
    name: 'reauthorize' | 'renew' | 'get',
    subscriptionId: string,
    detail = '',
  ) => {
    calls.push(`${name} ${subscriptionId}${detail}`);
    return behaviour[name]?.(subscriptionId);
  };
  return {
    calls,
    reauthorize: (subscriptionId) => run('reauthorize', subscriptionId),
    renew: async (subscriptionId, expirationDateTime) =>
      (await run('renew', subscriptionId, ` ${expirationDateTime}`)) ?? { expirationDateTime },
    get: async (subscriptionId) => (await run('get', subscriptionId)) as SubscriptionFacts,
  };
}

function options(overrides: Partial<HandleLifecycleOptions> = {}): HandleLifecycleOptions {
  return {
    graph: fakeGraph(),
    ledger: createMemoryLedger({ now: () => now }),
    now: () => now,
    clientState: 'secret',
    ...overrides,
  };
}

function goneError(): SubscriptionGoneError {
  return new SubscriptionGoneError({
    method: 'POST',
    url: 'https://graph.microsoft.com/v1.0/subscriptions/x/reauthorize',
    status: 404,
  });
}

describe('handleLifecycleNotifications', () => {
  it('reauthorizes without reading a subscription far from expiry, and records it', async () => {
    const graph = fakeGraph({ get: () => ({ resource: 'me/messages' }) });
    const ledger = createMemoryLedger({ now: () => now });
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options({ graph, ledger }),
    );

    // A GET spends Graph's smaller read budget; a renewal is not due, so none is made.
    expect(graph.calls).toEqual([`reauthorize ${id(1)}`]);
    expect(result.outcomes).toEqual([
      {
        index: 1,
        subscriptionId: id(1),
        tenantId,
        lifecycleEvent: 'reauthorizationRequired',
        action: { type: 'reauthorize' },
        result: 'done',
        durationMs: 0,
      },
    ]);
    expect(ledger.get(id(1))).toMatchObject({
      lastEvent: 'reauthorizationRequired',
      lastAction: 'reauthorize',
      lastResult: 'done',
      lastCall: { action: 'reauthorize', at: now.toISOString(), result: 'done' },
    });
  });

  it('renews a subscription near expiry to its resource lifetime, learnt once from Graph', async () => {
    const graph = fakeGraph({ get: () => ({ resource: 'users' }) });
    const ledger = createMemoryLedger({ now: () => now });
    const soon = new Date(now.getTime() + 30 * minute).toISOString();
    await handleLifecycleNotifications(
      batch(notification(1, 'reauthorizationRequired', { subscriptionExpirationDateTime: soon })),
      options({ graph, ledger }),
    );

    const target = new Date(now.getTime() + (41_760 - 5) * minute).toISOString();
    expect(graph.calls).toEqual([`get ${id(1)}`, `renew ${id(1)} ${target}`]);
    expect(ledger.get(id(1))?.expirationDateTime).toBe(target);
  });

  it('warns when a renewal had to use the default lifetime', async () => {
    const soon = new Date(now.getTime() + 30 * minute).toISOString();
    const graph = fakeGraph({ get: () => Promise.reject(new Error('no access')) });
    const result = await handleLifecycleNotifications(
      batch(notification(1, 'reauthorizationRequired', { subscriptionExpirationDateTime: soon })),
      options({ graph }),
    );
    expect(result.outcomes[0]?.warnings?.map((warning) => warning.code)).toEqual([
      'subscription_unavailable',
      'lifetime_unknown',
    ]);
    expect(result.outcomes[0]?.result).toBe('done');
  });

  it('reports a 404 as gone and hands it to onSubscriptionRemoved', async () => {
    const removed: string[] = [];
    const graph = fakeGraph({ reauthorize: () => Promise.reject(goneError()) });
    const hooks = {
      onSubscriptionRemoved: (n: LifecycleNotification, context: { cause: string }) =>
        void removed.push(`${n.subscriptionId} ${context.cause}`),
    };
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options({ graph, hooks }),
    );
    expect(result.outcomes[0]).toMatchObject({ result: 'gone', action: { type: 'reauthorize' } });
    expect(removed).toEqual([`${id(1)} gone`]);
  });

  it("reports a throttled call as retryable with Graph's Retry-After", async () => {
    const throttled = new GraphResponseError({
      method: 'POST',
      url: 'https://graph.microsoft.com/v1.0/subscriptions/x/reauthorize',
      status: 429,
      retryAfterMs: 30_000,
      requestId: 'req-1',
    });
    const graph = fakeGraph({ reauthorize: () => Promise.reject(throttled) });
    const ledger = createMemoryLedger({ now: () => now });
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options({ graph, ledger }),
    );
    expect(result.outcomes[0]).toMatchObject({
      result: 'failed',
      retryable: true,
      retryAfterMs: 30_000,
      error: { code: 'ERR_GRAPH_RESPONSE', status: 429, requestId: 'req-1' },
    });
    expect(ledger.get(id(1))?.lastCall?.result).toBe('failed');
  });

  it('reports a forbidden call as not retryable', async () => {
    const forbidden = new GraphResponseError({
      method: 'POST',
      url: 'https://graph.microsoft.com/v1.0/subscriptions/x/reauthorize',
      status: 403,
    });
    const graph = fakeGraph({ reauthorize: () => Promise.reject(forbidden) });
    const result = await handleLifecycleNotifications(batch(notification(1)), options({ graph }));
    expect(result.outcomes[0]).toMatchObject({
      result: 'failed',
      retryable: false,
      error: { status: 403 },
    });
  });

  it('calls onSubscriptionRemoved and onMissed for their events', async () => {
    const seen: string[] = [];
    const hooks = {
      onSubscriptionRemoved: (n: LifecycleNotification) =>
        void seen.push(`removed ${n.subscriptionId}`),
      onMissed: async (n: LifecycleNotification) => void seen.push(`missed ${n.subscriptionId}`),
    };
    const result = await handleLifecycleNotifications(
      batch(notification(1, 'subscriptionRemoved'), notification(2, 'missed')),
      options({ hooks }),
    );
    expect(seen.sort()).toEqual([`missed ${id(2)}`, `removed ${id(1)}`]);
    expect(result.outcomes.map((outcome) => [outcome.action?.type, outcome.result])).toEqual([
      ['recreate', 'done'],
      ['resync', 'done'],
    ]);
  });

  it('reports a hook that throws as failed, with the secret redacted', async () => {
    const hooks = {
      onMissed: () => {
        throw new Error('resync failed with Bearer abc.def.ghi');
      },
    };
    const result = await handleLifecycleNotifications(
      batch(notification(1, 'missed')),
      options({ hooks }),
    );
    expect(result.outcomes[0]).toMatchObject({
      result: 'failed',
      retryable: false,
      error: { code: 'ERR_HOOK' },
    });
    expect(result.outcomes[0]?.error?.message).not.toContain('abc.def.ghi');
  });

  it("keeps a hook's throttled Graph call retryable, with its Retry-After", async () => {
    const throttled = new GraphResponseError({
      method: 'POST',
      url: 'https://graph.microsoft.com/v1.0/subscriptions',
      status: 429,
      retryAfterMs: 12_000,
    });
    const hooks = { onSubscriptionRemoved: () => Promise.reject(throttled) };
    const result = await handleLifecycleNotifications(
      batch(notification(1, 'subscriptionRemoved')),
      options({ hooks }),
    );
    expect(result.outcomes[0]).toMatchObject({
      result: 'failed',
      retryable: true,
      retryAfterMs: 12_000,
      error: { code: 'ERR_HOOK', status: 429 },
    });
  });

  it('reports a missing hook as ignored with a warning', async () => {
    const result = await handleLifecycleNotifications(batch(notification(1, 'missed')), options());
    expect(result.outcomes[0]).toMatchObject({
      result: 'ignored',
      warnings: [{ code: 'hook_missing' }],
    });
  });

  it('ignores an unknown event without calling Graph', async () => {
    const graph = fakeGraph();
    const result = await handleLifecycleNotifications(
      batch(notification(1, 'unknown')),
      options({ graph }),
    );
    expect(result.outcomes[0]).toMatchObject({
      result: 'ignored',
      action: { type: 'ignore', reason: 'unknown_event' },
    });
    expect(graph.calls).toEqual([]);
  });
});

describe('clientState', () => {
  it('rejects a mismatch, never acts on it and never records it', async () => {
    const graph = fakeGraph();
    const ledger = createMemoryLedger({ now: () => now });
    const forged = notification(1, 'reauthorizationRequired', { clientState: 'guess' });
    const unset = notification(2, 'reauthorizationRequired', { clientState: undefined });
    const result = await handleLifecycleNotifications(
      batch(forged, unset),
      options({ graph, ledger }),
    );
    expect(
      result.outcomes.map((outcome) => [outcome.result, outcome.error?.code, outcome.action]),
    ).toEqual([
      ['rejected', 'client_state_mismatch', undefined],
      ['rejected', 'client_state_mismatch', undefined],
    ]);
    expect(graph.calls).toEqual([]);
    expect(ledger.list()).toEqual([]);
  });

  it('looks the expected value up per subscription and tenant', async () => {
    const asked: string[] = [];
    const clientState = async (subscriptionId: string, tenant: string | undefined) => {
      asked.push(`${subscriptionId} ${tenant}`);
      return subscriptionId === id(1) ? 'secret' : undefined;
    };
    const result = await handleLifecycleNotifications(
      batch(notification(1), notification(2)),
      options({ clientState }),
    );
    expect(result.outcomes.map((outcome) => outcome.error?.code ?? outcome.result)).toEqual([
      'done',
      'client_state_unknown',
    ]);
    expect(asked).toEqual([`${id(1)} ${tenantId}`, `${id(2)} ${tenantId}`]);
  });

  it('reports a lookup that throws as a failure', async () => {
    const clientState = () => Promise.reject(new Error('store down'));
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options({ clientState }),
    );
    expect(result.outcomes[0]).toMatchObject({
      result: 'failed',
      error: { code: 'ERR_CLIENT_STATE_LOOKUP' },
    });
  });

  it('warns when no clientState is configured', async () => {
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options({ clientState: undefined }),
    );
    expect(result.warnings.map((warning) => warning.code)).toEqual(['client_state_unchecked']);
    expect(result.outcomes[0]?.result).toBe('done');
  });
});

describe('validation tokens', () => {
  let key: SigningKey;
  let stranger: SigningKey;
  beforeAll(async () => {
    key = await createSigningKey('key-a');
    stranger = await createSigningKey('key-b');
  });
  const verifyWith = (signingKey: () => SigningKey) => ({
    appIds: [appId],
    cloud: clouds.global,
    keys: keySetOf(signingKey()),
  });

  it('acts on a batch whose tokens verify', async () => {
    const graph = fakeGraph();
    const tokens = [await signToken(key, v1Claims())];
    const result = await handleLifecycleNotifications(
      { ...batch(notification(1)), validationTokens: tokens },
      options({ graph, verify: verifyWith(() => key) }),
    );
    expect(result.outcomes[0]?.result).toBe('done');
  });

  it('rejects every notification of a batch with a forged token and calls nothing', async () => {
    const graph = fakeGraph();
    const tokens = [
      await signToken(key, v1Claims()),
      await signToken(stranger, v1Claims(), { kid: 'key-a' }),
    ];
    const result = await handleLifecycleNotifications(
      { ...batch(notification(1), notification(2)), validationTokens: tokens },
      options({ graph, verify: verifyWith(() => key) }),
    );
    expect(result.outcomes.map((outcome) => [outcome.result, outcome.error?.code])).toEqual([
      ['rejected', 'validation_tokens_invalid'],
      ['rejected', 'validation_tokens_invalid'],
    ]);
    expect(result.tokenFailures).toEqual([
      { index: 1, reason: 'signature', message: expect.any(String) },
    ]);
    expect(graph.calls).toEqual([]);
  });

  it('rejects a notification from a tenant no token vouches for', async () => {
    const tokens = [await signToken(key, v1Claims())];
    const foreign = notification(2, 'reauthorizationRequired', { tenantId: otherTenant });
    const result = await handleLifecycleNotifications(
      { ...batch(notification(1), foreign), validationTokens: tokens },
      options({ verify: verifyWith(() => key) }),
    );
    expect(result.outcomes.map((outcome) => outcome.error?.code ?? outcome.result)).toEqual([
      'done',
      'tenant_not_attested',
    ]);
  });

  it('rejects a batch without tokens, or with null tokens, when tokens are required', async () => {
    const required = options({ verify: verifyWith(() => key), requireValidationTokens: true });
    const missing = await handleLifecycleNotifications(batch(notification(1)), required);
    const nulls = await handleLifecycleNotifications(
      { ...batch(notification(1)), validationTokensNull: true },
      required,
    );
    expect([missing.outcomes[0]?.error?.code, nulls.outcomes[0]?.error?.code]).toEqual([
      'validation_tokens_missing',
      'validation_tokens_null',
    ]);
  });

  it('warns about null tokens when they are not required', async () => {
    const result = await handleLifecycleNotifications(
      { ...batch(notification(1)), validationTokensNull: true },
      options(),
    );
    expect(result.warnings.map((warning) => warning.code)).toEqual(['validation_tokens_null']);
    expect(result.outcomes[0]?.result).toBe('done');
  });

  it('warns when tokens arrive but no verify options are given', async () => {
    const result = await handleLifecycleNotifications(
      { ...batch(notification(1)), validationTokens: ['eyJ.x.y'] },
      options(),
    );
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'validation_tokens_unverified',
    ]);
  });
});
