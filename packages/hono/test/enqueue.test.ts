// With a queue: screened work is written before the 202, forged work never, and the consumer
// acts on it with processLifecycleWork.
// See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
import { createMemoryLedger, GraphResponseError, type LifecycleNotification } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import {
  type LifecycleRoutesOptions,
  type LifecycleWork,
  lifecycleRoutes,
  maxWorkItems,
  processLifecycleWork,
} from '../src/index.js';
import {
  changeItem,
  clientState,
  id,
  lifecycleItem,
  memoryGraph,
  memoryLogger,
  post,
} from './helpers.js';

const now = new Date('2026-11-20T10:00:00.000Z');

function setup(overrides: Partial<LifecycleRoutesOptions> = {}) {
  const graph = memoryGraph();
  const logger = memoryLogger();
  const queue: LifecycleWork[] = [];
  const events: string[] = [];
  const routes = lifecycleRoutes({
    graph,
    clientState,
    logger,
    now: () => now,
    enqueue: async (work) => {
      // A round trip through JSON, as a real queue would do.
      queue.push(JSON.parse(JSON.stringify(work)));
      events.push('enqueued');
    },
    ...overrides,
  });
  return { graph, logger, queue, events, routes };
}

describe('enqueue', () => {
  it('writes the screened work before answering 202, and acts on nothing itself', async () => {
    const { routes, queue, events, graph } = setup();
    const response = await routes.request(post({ value: [lifecycleItem(1), lifecycleItem(2)] }));
    events.push(`answered ${response.status}`);
    await routes.drain();
    expect(events).toEqual(['enqueued', 'answered 202']);
    expect(graph.calls).toEqual([]);
    expect(queue).toEqual([
      {
        version: 1,
        receivedAt: now.toISOString(),
        value: [1, 2].map((n) => ({
          subscriptionId: id(n),
          tenantId: lifecycleItem(n).tenantId,
          subscriptionExpirationDateTime: lifecycleItem(n).subscriptionExpirationDateTime,
          lifecycleEvent: 'reauthorizationRequired',
        })),
      },
    ]);
  });

  it('never puts the clientState in the queue', async () => {
    const { routes, queue } = setup();
    await routes.request(post({ value: [lifecycleItem(1)] }));
    expect(JSON.stringify(queue)).not.toContain(clientState);
  });

  it('answers 202 to forged notifications and queues nothing', async () => {
    const { routes, queue, logger } = setup();
    const forged = lifecycleItem(1, 'subscriptionRemoved', { clientState: 'guess' });
    const response = await routes.request(post({ value: [forged] }));
    expect(response.status).toBe(202);
    expect(queue).toEqual([]);
    expect(logger.named('lifeline.lifecycle.outcome')[0]).toMatchObject({
      result: 'rejected',
      errorCode: 'client_state_mismatch',
    });
  });

  it('queues only the notifications of a mixed batch that passed', async () => {
    const { routes, queue } = setup();
    const forged = lifecycleItem(2, undefined, { clientState: 'guess' });
    await routes.request(post({ value: [lifecycleItem(1), forged, lifecycleItem(3)] }));
    expect(queue[0]?.value.map((item) => item.subscriptionId)).toEqual([id(1), id(3)]);
  });

  it('splits a large batch into works of at most maxWorkItems', async () => {
    const { routes, queue } = setup();
    const items = Array.from({ length: maxWorkItems + 1 }, (_, n) => lifecycleItem(n));
    expect((await routes.request(post({ value: items }))).status).toBe(202);
    expect(queue.map((work) => work.value.length)).toEqual([maxWorkItems, 1]);
  });

  it('answers 503 when the queue fails, so that Graph retries', async () => {
    const { routes, logger } = setup({
      enqueue: async () => {
        throw new Error('queue unavailable');
      },
    });
    const response = await routes.request(post({ value: [lifecycleItem(1)] }));
    expect(response.status).toBe(503);
    expect(logger.named('lifeline.request.rejected')[0]).toMatchObject({
      reason: 'enqueue_failed',
    });
  });

  it('answers 503 and queues nothing when a clientState lookup fails', async () => {
    const { routes, queue } = setup({
      clientState: async () => {
        throw new Error('database down');
      },
    });
    const response = await routes.request(post({ value: [lifecycleItem(1)] }));
    expect(response.status).toBe(503);
    expect(queue).toEqual([]);
  });

  it('still hands change notifications to their hook after the response', async () => {
    const seen: string[] = [];
    const { routes, queue } = setup({
      onChangeNotifications: (changes) => {
        seen.push(...changes.map((change) => change.subscriptionId));
      },
    });
    await routes.request(post({ value: [changeItem(1)] }));
    await routes.drain();
    expect([seen, queue]).toEqual([[id(1)], []]);
  });
});

describe('settleRepeats', () => {
  async function answeredLedger() {
    const ledger = createMemoryLedger({ now: () => now });
    const at = new Date(now.getTime() - 60_000).toISOString();
    await ledger.put(id(1), {
      subscriptionId: id(1),
      updatedAt: at,
      lastCall: { action: 'reauthorize', at, result: 'done' },
    });
    return ledger;
  }

  it('settles a challenge answered a minute ago and queues the rest', async () => {
    const ledger = await answeredLedger();
    const { routes, queue, logger } = setup({ ledger, settleRepeats: true });
    const response = await routes.request(post({ value: [lifecycleItem(1), lifecycleItem(2)] }));
    expect(response.status).toBe(202);
    expect(queue.flatMap((work) => work.value.map((item) => item.subscriptionId))).toEqual([id(2)]);
    expect(logger.named('lifeline.lifecycle.outcome')).toEqual([
      expect.objectContaining({ subscriptionId: id(1), action: 'ignore', result: 'ignored' }),
    ]);
    expect(logger.named('lifeline.lifecycle.enqueued')).toEqual([
      expect.objectContaining({ count: 1 }),
    ]);
  });

  it('queues nothing and logs no enqueue when every challenge was answered', async () => {
    const ledger = await answeredLedger();
    const { routes, queue, logger } = setup({ ledger, settleRepeats: true });
    expect((await routes.request(post({ value: [lifecycleItem(1)] }))).status).toBe(202);
    expect(queue).toEqual([]);
    expect(logger.named('lifeline.lifecycle.enqueued')).toEqual([]);
  });

  it('still rejects a forged repeat rather than settling it', async () => {
    const ledger = await answeredLedger();
    const { routes, logger } = setup({ ledger, settleRepeats: true });
    const forged = lifecycleItem(1, undefined, { clientState: 'guess' });
    await routes.request(post({ value: [forged] }));
    expect(logger.named('lifeline.lifecycle.outcome')).toEqual([
      expect.objectContaining({ result: 'rejected', errorCode: 'client_state_mismatch' }),
    ]);
  });

  it('queues a repeat as before when it is not asked for', async () => {
    const ledger = await answeredLedger();
    const { routes, queue } = setup({ ledger });
    await routes.request(post({ value: [lifecycleItem(1)] }));
    expect(queue).toHaveLength(1);
  });
});

describe('processLifecycleWork', () => {
  async function queued(...items: Record<string, unknown>[]) {
    const { routes, queue } = setup();
    await routes.request(post({ value: items }));
    return queue;
  }

  it('acts on queued work and records it in the ledger', async () => {
    const [work] = await queued(lifecycleItem(1), lifecycleItem(2, 'missed'));
    const graph = memoryGraph();
    const ledger = createMemoryLedger({ now: () => now });
    const resynced: string[] = [];
    const result = await processLifecycleWork(work, {
      graph,
      ledger,
      now: () => now,
      onMissed: (notification: LifecycleNotification) => {
        resynced.push(notification.subscriptionId);
      },
    });
    expect(result.outcomes.map((outcome) => outcome.result)).toEqual(['done', 'done']);
    expect([graph.calls, resynced]).toEqual([[`reauthorize ${id(1)}`], [id(2)]]);
    expect(ledger.get(id(1))?.lastAction).toBe('reauthorize');
    expect(result.warnings).toEqual([]);
    expect(result.retry).toBeUndefined();
  });

  it('returns retryable failures as work to queue again, with the wait asked for', async () => {
    const [work] = await queued(lifecycleItem(1), lifecycleItem(2));
    const throttled = new GraphResponseError({
      method: 'POST',
      url: 'https://graph.microsoft.com/v1.0/subscriptions/x/reauthorize',
      status: 429,
      retryAfterMs: 7000,
    });
    const graph = memoryGraph((call) => (call.includes(id(2)) ? throttled : undefined));
    const ledger = createMemoryLedger({ now: () => now });
    const result = await processLifecycleWork(work, { graph, ledger, now: () => now });
    expect(result.retry?.value.map((item) => item.subscriptionId)).toEqual([id(2)]);
    expect(result.retry?.receivedAt).toBe(work?.receivedAt);
    expect(result.retryAfterMs).toBe(7000);
  });

  it('gives up on work that is not lifecycle work, without acting', async () => {
    const graph = memoryGraph();
    const ledger = createMemoryLedger();
    const logger = memoryLogger();
    const bad = [null, 'x', { version: 2 }, { version: 1, receivedAt: 'soon', value: [] }];
    for (const work of bad) {
      const result = await processLifecycleWork(work, { graph, ledger, logger });
      expect(result.invalid).toBeTypeOf('string');
      expect(result.outcomes).toEqual([]);
    }
    const forgedItem = { version: 1, receivedAt: now.toISOString(), value: [{ id: 1 }] };
    expect((await processLifecycleWork(forgedItem, { graph, ledger })).invalid).toMatch(/1 item/);
    expect(graph.calls).toEqual([]);
    expect(logger.named('lifeline.work.invalid')).toHaveLength(bad.length);
  });

  it('refuses work whose fields throw when read, without rejecting', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const result = await processLifecycleWork(hostile, {
      graph: memoryGraph(),
      ledger: createMemoryLedger(),
    });
    expect(result.invalid).toBe('the work could not be read');
  });

  it('is also reachable as routes.process, with the routes ledger', async () => {
    const ledger = createMemoryLedger({ now: () => now });
    const { routes, queue, graph } = setup({ ledger });
    await routes.request(post({ value: [lifecycleItem(1)] }));
    const result = await routes.process(queue[0]);
    expect(result.outcomes[0]?.result).toBe('done');
    expect(graph.calls).toEqual([`reauthorize ${id(1)}`]);
    expect(ledger.get(id(1))?.lastResult).toBe('done');
  });
});
