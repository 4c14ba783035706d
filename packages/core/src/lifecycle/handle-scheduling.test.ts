// How the lifecycle handler schedules work: bounded concurrency, one subscription at a time,
// duplicates, the 10-minute rule across batches, races between batches, and failing ledgers.
import { describe, expect, it } from 'vitest';
import type { LifecycleEvent, LifecycleNotification } from '../challenges/notification.js';
import { InvalidInputError } from '../errors.js';
import { handleLifecycleNotifications } from './handle.js';
import type { HandleLifecycleOptions, LifecycleGraph } from './handler-types.js';
import { createMemoryLedger, type Ledger } from './ledger.js';

const start = new Date('2026-11-20T10:00:00.000Z');
const minute = 60_000;
const tenantId = '84bd8158-6d4d-4958-8b9f-9d6445542f95';

function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function notification(
  n: number,
  event: LifecycleEvent = 'reauthorizationRequired',
  expiresInMs = 3 * 24 * 60 * minute,
): LifecycleNotification {
  return {
    kind: 'lifecycle',
    index: n,
    subscriptionId: id(n),
    tenantId,
    clientState: 'secret',
    subscriptionExpirationDateTime: new Date(start.getTime() + expiresInMs).toISOString(),
    lifecycleEvent: event,
    rawLifecycleEvent: event,
  };
}

function batch(...lifecycle: LifecycleNotification[]) {
  return { lifecycle, validationTokens: [] as string[] };
}

/** A Graph whose calls wait until the test releases them, one at a time, in arrival order. */
function gatedGraph() {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  let active = 0;
  let peak = 0;
  const gate = (call: string) =>
    new Promise<void>((resolve) => {
      calls.push(call);
      active += 1;
      peak = Math.max(peak, active);
      waiting.push(() => {
        active -= 1;
        resolve();
      });
    });
  const graph: LifecycleGraph = {
    reauthorize: (subscriptionId) => gate(`reauthorize ${subscriptionId}`),
    renew: (subscriptionId) => gate(`renew ${subscriptionId}`),
    get: async () => ({ resource: 'me/messages' }),
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const releaseAll = async (until: Promise<unknown>) => {
    let done = false;
    until.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) {
      await settle();
      waiting.shift()?.();
    }
  };
  return { graph, calls, waiting, peak: () => peak, settle, releaseAll };
}

function options(
  graph: LifecycleGraph,
  overrides: Partial<HandleLifecycleOptions> = {},
): HandleLifecycleOptions {
  return {
    graph,
    ledger: createMemoryLedger(),
    now: () => start,
    clientState: 'secret',
    ...overrides,
  };
}

describe('scheduling', () => {
  it('works on at most `concurrency` subscriptions at once', async () => {
    const gated = gatedGraph();
    const notifications = Array.from({ length: 10 }, (_, n) => notification(n));
    const run = handleLifecycleNotifications(
      batch(...notifications),
      options(gated.graph, { concurrency: 3 }),
    );
    await gated.releaseAll(run);
    const result = await run;
    expect(gated.peak()).toBe(3);
    expect(result.outcomes.map((outcome) => outcome.result)).toEqual(new Array(10).fill('done'));
  });

  it('defaults to 4 at once', async () => {
    const gated = gatedGraph();
    const run = handleLifecycleNotifications(
      batch(...Array.from({ length: 9 }, (_, n) => notification(n))),
      options(gated.graph),
    );
    await gated.releaseAll(run);
    await run;
    expect(gated.peak()).toBe(4);
  });

  it('handles the notifications of one subscription one after another', async () => {
    const gated = gatedGraph();
    const missed: string[] = [];
    const hooks = { onMissed: () => void missed.push('resync') };
    const run = handleLifecycleNotifications(
      batch(notification(1), notification(1, 'missed')),
      options(gated.graph, { hooks }),
    );
    await gated.settle();
    expect(gated.waiting).toHaveLength(1);
    expect(missed).toEqual([]);
    await gated.releaseAll(run);
    await run;
    expect(missed).toEqual(['resync']);
  });

  it('acts once on an event repeated within a batch', async () => {
    const gated = gatedGraph();
    const run = handleLifecycleNotifications(
      batch(notification(1), notification(1)),
      options(gated.graph),
    );
    await gated.releaseAll(run);
    const result = await run;
    expect(gated.calls).toEqual([`reauthorize ${id(1)}`]);
    expect(result.outcomes.map((outcome) => outcome.action)).toEqual([
      { type: 'reauthorize' },
      { type: 'ignore', reason: 'duplicate' },
    ]);
  });

  it('never lets two batches race a renewal of one subscription', async () => {
    const gated = gatedGraph();
    const shared = options(gated.graph);
    const soon = notification(1, 'reauthorizationRequired', 30 * minute);
    const first = handleLifecycleNotifications(batch(soon), shared);
    await gated.settle();
    const second = await handleLifecycleNotifications(batch(soon), shared);
    await gated.releaseAll(first);
    expect(second.outcomes[0]?.action).toEqual({ type: 'ignore', reason: 'in_flight' });
    expect((await first).outcomes[0]?.result).toBe('done');
    expect(gated.calls).toEqual([`renew ${id(1)}`]);
  });

  it('does not renew within 10 minutes of a reauthorize made for an earlier batch', async () => {
    let now = start;
    const calls: string[] = [];
    const graph: LifecycleGraph = {
      reauthorize: async (subscriptionId) => void calls.push(`reauthorize ${subscriptionId}`),
      renew: async (subscriptionId) => void calls.push(`renew ${subscriptionId}`),
    };
    const shared = options(graph, {
      now: () => now,
      ledger: createMemoryLedger({ now: () => now }),
    });
    await handleLifecycleNotifications(batch(notification(1)), shared);

    now = new Date(start.getTime() + 7 * minute);
    const soon = notification(1, 'reauthorizationRequired', 30 * minute);
    const within = await handleLifecycleNotifications(batch(soon), shared);
    now = new Date(start.getTime() + 11 * minute);
    const after = await handleLifecycleNotifications(batch(soon), shared);

    expect(within.outcomes[0]?.action).toEqual({ type: 'ignore', reason: 'ten_minute_rule' });
    expect(after.outcomes[0]?.action?.type).toBe('renew');
    expect(calls).toEqual([`reauthorize ${id(1)}`, `renew ${id(1)}`]);
  });

  it('measures each notification with the injected clock', async () => {
    let ticks = 0;
    const clock = () => new Date(start.getTime() + ticks++ * 10);
    const graph: LifecycleGraph = {
      reauthorize: async () => undefined,
      renew: async () => undefined,
    };
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options(graph, { now: clock }),
    );
    expect(result.outcomes[0]?.durationMs).toBeGreaterThan(0);
  });
});

describe('ledger failures', () => {
  const graph: LifecycleGraph = {
    reauthorize: async () => undefined,
    renew: async () => undefined,
  };

  it('does not act when the ledger cannot be read', async () => {
    const ledger: Ledger = { get: () => Promise.reject(new Error('down')), put: () => undefined };
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options(graph, { ledger }),
    );
    expect(result.outcomes[0]).toMatchObject({
      result: 'failed',
      retryable: true,
      error: { code: 'ERR_LEDGER' },
    });
  });

  it('still acts, with a warning, when the ledger cannot be written', async () => {
    const ledger: Ledger = { get: () => undefined, put: () => Promise.reject(new Error('down')) };
    const result = await handleLifecycleNotifications(
      batch(notification(1)),
      options(graph, { ledger }),
    );
    expect(result.outcomes[0]?.result).toBe('done');
    expect(result.outcomes[0]?.warnings?.map((warning) => warning.code)).toContain(
      'ledger_unavailable',
    );
  });
});

describe('options', () => {
  const graph: LifecycleGraph = {
    reauthorize: async () => undefined,
    renew: async () => undefined,
  };

  it.each([0, -1, 1.5, Number.NaN])('refuses concurrency %s', async (concurrency) => {
    await expect(
      handleLifecycleNotifications(batch(), options(graph, { concurrency })),
    ).rejects.toThrow(InvalidInputError);
  });

  it('refuses requireValidationTokens without verify options', async () => {
    const refused = handleLifecycleNotifications(
      batch(),
      options(graph, { requireValidationTokens: true }),
    );
    await expect(refused).rejects.toThrow(InvalidInputError);
  });

  it('never writes to the options or the batch it was given', async () => {
    const given = Object.freeze({
      ...options(graph),
      policy: Object.freeze({ renewWithinMs: minute }),
    });
    const frozenBatch = Object.freeze({
      lifecycle: Object.freeze([Object.freeze(notification(1))]),
      validationTokens: Object.freeze([]),
    });
    const result = await handleLifecycleNotifications(frozenBatch, given);
    expect(result.outcomes[0]?.result).toBe('done');
  });

  it('warns about items the parser set aside', async () => {
    const result = await handleLifecycleNotifications(
      { ...batch(), rejected: [{}, {}] },
      options(graph),
    );
    expect(result.warnings.map((warning) => warning.code)).toEqual(['items_rejected']);
  });
});
