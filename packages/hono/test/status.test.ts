// The opt-in status route reports what the ledger knows.
import { createMemoryLedger, type Ledger } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { lifecycleRoutes, type StatusBody } from '../src/index.js';
import { clientState, id, lifecycleItem, memoryGraph, post } from './helpers.js';

const now = new Date('2026-11-20T10:00:00.000Z');

describe('GET /status', () => {
  it('is not served unless asked for', async () => {
    const routes = lifecycleRoutes({ graph: memoryGraph(), clientState });
    expect((await routes.request('/status')).status).toBe(404);
  });

  it('lists each subscription seen with its last event, action, result and times', async () => {
    const ledger = createMemoryLedger({ now: () => now });
    const routes = lifecycleRoutes({
      graph: memoryGraph(),
      clientState,
      ledger,
      statusRoute: true,
      now: () => now,
      onMissed: () => {},
    });
    await routes.request(post({ value: [lifecycleItem(1), lifecycleItem(2, 'missed')] }));
    await routes.drain();

    const response = await routes.request('/status');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as StatusBody;
    expect(body.count).toBe(2);
    const byId = new Map(body.subscriptions.map((entry) => [entry.subscriptionId, entry]));
    expect(byId.get(id(1))).toMatchObject({
      lastEvent: 'reauthorizationRequired',
      lastAction: 'reauthorize',
      lastResult: 'done',
      lastEventAt: now.toISOString(),
      lastActionAt: now.toISOString(),
      lastCall: { action: 'reauthorize', result: 'done', at: now.toISOString() },
    });
    expect(byId.get(id(2))).toMatchObject({ lastEvent: 'missed', lastAction: 'resync' });
  });

  it('shows only the documented fields of a durable ledger entry', async () => {
    const entry = { subscriptionId: id(1), updatedAt: now.toISOString(), secretColumn: 'x' };
    const ledger: Ledger = { get: () => undefined, put: () => {}, list: () => [entry] };
    const routes = lifecycleRoutes({
      graph: memoryGraph(),
      clientState,
      ledger,
      statusRoute: true,
    });
    expect(await (await routes.request('/status')).text()).not.toContain('secretColumn');
  });

  it('answers 501 for a ledger that cannot list, and 503 when listing fails', async () => {
    const graph = memoryGraph();
    const cannot: Ledger = { get: () => undefined, put: () => {} };
    const failing: Ledger = {
      ...cannot,
      list: async () => {
        throw new Error('storage offline');
      },
    };
    const statuses = await Promise.all(
      [cannot, failing].map(async (ledger) => {
        const routes = lifecycleRoutes({ graph, clientState, ledger, statusRoute: true });
        return (await routes.request('/status')).status;
      }),
    );
    expect(statuses).toEqual([501, 503]);
  });
});
