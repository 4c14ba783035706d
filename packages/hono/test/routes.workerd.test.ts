// The routes inside workerd, mounted in an app as a Worker would: the runtime's waitUntil carries
// the work after the response, with no drain.

import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { createMemoryLedger } from '@lifeline/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type LifecycleWork, lifecycleRoutes } from '../src/index.js';
import { clientState, id, lifecycleItem, memoryGraph, post } from './helpers.js';

const now = new Date('2026-11-20T10:00:00.000Z');

function worker(options: { enqueue?: (work: LifecycleWork) => Promise<void> } = {}) {
  const graph = memoryGraph();
  const ledger = createMemoryLedger({ now: () => now });
  const app = new Hono();
  app.route('/graph/lifecycle', lifecycleRoutes({ graph, clientState, ledger, ...options }));
  return { app, graph, ledger };
}

describe('in workerd', () => {
  it('runs in workerd', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers');
  });

  it('mounts in an app typed with bindings, as a Worker declares them', async () => {
    const app = new Hono<{ Bindings: { LIFELINE_CLIENT_STATE: string } }>();
    app.route('/graph/lifecycle', lifecycleRoutes({ graph: memoryGraph(), clientState }));
    const env = { LIFELINE_CLIENT_STATE: clientState };
    const response = await app.request(
      '/graph/lifecycle?validationToken=x',
      { method: 'POST' },
      env,
    );
    expect(response.status).toBe(200);
  });

  it('answers the handshake', async () => {
    const { app } = worker();
    const context = createExecutionContext();
    const request = new Request('https://worker.test/graph/lifecycle?validationToken=a%20b', {
      method: 'POST',
    });
    const response = await app.fetch(request, {}, context);
    expect([response.status, await response.text()]).toEqual([200, 'a b']);
  });

  it('answers 202, then waitUntil carries the reauthorize', async () => {
    const { app, graph, ledger } = worker();
    const context = createExecutionContext();
    let handedOver = 0;
    const waitUntil = context.waitUntil.bind(context);
    context.waitUntil = (promise) => {
      handedOver += 1;
      waitUntil(promise);
    };
    const request = post({ value: [lifecycleItem(1)] }, {}, 'https://worker.test/graph/lifecycle');
    const response = await app.fetch(request, {}, context);
    expect(response.status).toBe(202);
    expect(handedOver).toBe(1);
    await waitOnExecutionContext(context);
    expect(graph.calls).toEqual([`reauthorize ${id(1)}`]);
    expect(ledger.get(id(1))?.lastResult).toBe('done');
  });

  it('answers 202 to a forged notification and queues nothing', async () => {
    const queue: LifecycleWork[] = [];
    const { app } = worker({ enqueue: async (work) => void queue.push(work) });
    const context = createExecutionContext();
    const forged = lifecycleItem(1, 'subscriptionRemoved', { clientState: 'guess' });
    const url = 'https://worker.test/graph/lifecycle';
    const response = await app.fetch(post({ value: [forged] }, {}, url), {}, context);
    await waitOnExecutionContext(context);
    expect(response.status).toBe(202);
    expect(queue).toEqual([]);
  });
});
