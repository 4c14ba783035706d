// Valid batches are answered 202 and acted on after the response; forged ones are answered 202
// and never acted on.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
import { clouds, createMemoryLedger } from '@lifeline/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleRoutesOptions, lifecycleRoutes } from '../src/index.js';
import {
  appId,
  changeItem,
  clientState,
  createSigningKey,
  id,
  lifecycleItem,
  memoryGraph,
  memoryLogger,
  post,
  type SigningKey,
  signValidationToken,
  until,
} from './helpers.js';

const now = new Date('2026-11-20T10:00:00.000Z');

function setup(overrides: Partial<LifecycleRoutesOptions> = {}) {
  const graph = memoryGraph();
  const logger = memoryLogger();
  const ledger = createMemoryLedger({ now: () => now });
  const routes = lifecycleRoutes({
    graph,
    clientState,
    logger,
    ledger,
    now: () => now,
    ...overrides,
  });
  return { graph, logger, ledger, routes };
}

describe('a valid batch', () => {
  it('is answered 202, then each subscription is reauthorized', async () => {
    const { routes, graph, logger } = setup();
    const response = await routes.request(post({ value: [lifecycleItem(1), lifecycleItem(2)] }));
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    await routes.drain();
    expect(graph.calls.sort()).toEqual([`reauthorize ${id(1)}`, `reauthorize ${id(2)}`]);
    expect(logger.named('lifeline.lifecycle.outcome')).toHaveLength(2);
  });

  it('answers before the work is done', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const graph = { ...memoryGraph(), reauthorize: () => gate };
    const { routes, ledger } = setup({ graph });
    const response = await routes.request(post({ value: [lifecycleItem(1)] }));
    expect(response.status).toBe(202);
    await until(() => ledger.get(id(1))?.lastResult === 'pending');
    release();
    await routes.drain();
    expect(ledger.get(id(1))?.lastResult).toBe('done');
  });

  it('renews a subscription that expires soon', async () => {
    const { routes, graph } = setup();
    const soon = new Date(now.getTime() + 30 * 60_000).toISOString();
    await routes.request(
      post({ value: [lifecycleItem(1, undefined, { subscriptionExpirationDateTime: soon })] }),
    );
    await routes.drain();
    expect(graph.calls).toEqual([`renew ${id(1)} 2026-11-20T10:55:00.000Z`]);
  });

  it('calls the hooks for subscriptionRemoved and missed', async () => {
    const seen: string[] = [];
    const { routes } = setup({
      onSubscriptionRemoved: (notification) => {
        seen.push(`recreate ${notification.subscriptionId}`);
      },
      onMissed: async (notification) => {
        seen.push(`resync ${notification.subscriptionId}`);
      },
    });
    const body = { value: [lifecycleItem(1, 'subscriptionRemoved'), lifecycleItem(2, 'missed')] };
    expect((await routes.request(post(body))).status).toBe(202);
    await routes.drain();
    expect(seen.sort()).toEqual([`recreate ${id(1)}`, `resync ${id(2)}`]);
  });

  it('hands change notifications to their hook after the response', async () => {
    const received: string[] = [];
    const { routes, graph } = setup({
      onChangeNotifications: (changes, context) => {
        received.push(...changes.map((change) => `${change.changeType} ${change.subscriptionId}`));
        received.push(`tokens ${context.validationTokens.length}`);
      },
    });
    const body = { value: [changeItem(1), lifecycleItem(2)] };
    expect((await routes.request(post(body))).status).toBe(202);
    await routes.drain();
    expect(received).toEqual([`created ${id(1)}`, 'tokens 0']);
    expect(graph.calls).toEqual([`reauthorize ${id(2)}`]);
  });

  it('logs change notifications that no hook takes', async () => {
    const { routes, logger } = setup();
    expect((await routes.request(post({ value: [changeItem(1)] }))).status).toBe(202);
    expect(logger.named('lifeline.changes.unhandled')).toEqual([
      expect.objectContaining({ count: 1 }),
    ]);
  });

  it('logs a hook that throws, and keeps serving', async () => {
    const { routes, logger } = setup({
      onChangeNotifications: () => {
        throw new TypeError('the app failed');
      },
    });
    expect((await routes.request(post({ value: [changeItem(1)] }))).status).toBe(202);
    await routes.drain();
    expect(logger.named('lifeline.task.failed')).toEqual([
      expect.objectContaining({ task: 'onChangeNotifications', errorName: 'TypeError' }),
    ]);
    expect((await routes.request(post({ value: [lifecycleItem(1)] }))).status).toBe(202);
  });

  it('keeps the rest of a batch when some items are not notifications', async () => {
    const { routes, graph, logger } = setup();
    const body = { value: [42, { subscriptionId: 'not-a-guid' }, lifecycleItem(1)] };
    expect((await routes.request(post(body))).status).toBe(202);
    await routes.drain();
    expect(graph.calls).toEqual([`reauthorize ${id(1)}`]);
    expect(logger.named('lifeline.items.rejected')[0]).toMatchObject({ count: 2 });
  });
});

describe('a rejected notification', () => {
  it('with a wrong clientState is answered 202 and never acted on', async () => {
    const { routes, graph, ledger, logger } = setup();
    const forged = lifecycleItem(1, 'subscriptionRemoved', { clientState: 'guess' });
    const response = await routes.request(post({ value: [forged] }));
    expect(response.status).toBe(202);
    await routes.drain();
    expect(graph.calls).toEqual([]);
    expect(ledger.get(id(1))).toBeUndefined();
    expect(logger.named('lifeline.lifecycle.outcome')).toEqual([
      expect.objectContaining({ result: 'rejected', errorCode: 'client_state_mismatch' }),
    ]);
  });

  it('is checked against a clientState looked up per subscription', async () => {
    const known = new Map([[id(1), 'one']]);
    const { routes, graph } = setup({
      clientState: async (subscriptionId) => known.get(subscriptionId),
    });
    const body = {
      value: [lifecycleItem(1, undefined, { clientState: 'one' }), lifecycleItem(2)],
    };
    expect((await routes.request(post(body))).status).toBe(202);
    await routes.drain();
    expect(graph.calls).toEqual([`reauthorize ${id(1)}`]);
  });
});

describe('validation tokens', () => {
  let key: SigningKey;
  beforeAll(async () => {
    key = await createSigningKey('hono-test-key');
  });

  function verifying(overrides: Partial<LifecycleRoutesOptions> = {}) {
    return setup({
      appIds: [appId],
      cloud: clouds.global,
      keys: { keys: [key.publicJwk] },
      ...overrides,
    });
  }

  it('accepts a batch whose tokens verify', async () => {
    const { routes, graph } = verifying({ requireValidationTokens: true });
    const token = await signValidationToken(key, now);
    const response = await routes.request(
      post({ value: [lifecycleItem(1)], validationTokens: [token] }),
    );
    expect(response.status).toBe(202);
    await routes.drain();
    expect(graph.calls).toEqual([`reauthorize ${id(1)}`]);
  });

  it('answers 202 to a forged token and does nothing', async () => {
    const { routes, graph, logger } = verifying();
    const impostor = await createSigningKey('hono-test-key');
    const token = await signValidationToken(impostor, now);
    const response = await routes.request(
      post({ value: [lifecycleItem(1)], validationTokens: [token] }),
    );
    expect(response.status).toBe(202);
    await routes.drain();
    expect(graph.calls).toEqual([]);
    expect(logger.named('lifeline.tokens.rejected')).toEqual([
      expect.objectContaining({ failures: [{ index: 0, reason: 'signature' }] }),
    ]);
  });

  it('rejects a batch without tokens when they are required', async () => {
    const { routes, graph } = verifying({ requireValidationTokens: true });
    expect((await routes.request(post({ value: [lifecycleItem(1)] }))).status).toBe(202);
    await routes.drain();
    expect(graph.calls).toEqual([]);
  });
});

describe('drain', () => {
  it('resolves at once when nothing is running', async () => {
    const { routes } = setup();
    await expect(routes.drain()).resolves.toBeUndefined();
  });

  it('waits for every batch started before and during the drain', async () => {
    const { routes, graph } = setup();
    await routes.request(post({ value: [lifecycleItem(1)] }));
    const draining = routes.drain();
    await routes.request(post({ value: [lifecycleItem(2)] }));
    await draining;
    expect(graph.calls.sort()).toEqual([`reauthorize ${id(1)}`, `reauthorize ${id(2)}`]);
  });
});
