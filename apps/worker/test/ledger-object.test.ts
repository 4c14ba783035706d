// The per-subscription Durable Object: core's Ledger over RPC, the lease that serialises acting on
// a subscription, templates that keep their replacement, dead letters, and retention.
import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createDurableLedger, withLeases } from '../src/durable-ledger.js';
import type { SubscriptionTemplate } from '../src/template.js';
import { objectOf } from './worker/harness.js';

const entry = (subscriptionId: string) => ({
  subscriptionId,
  lastEvent: 'reauthorizationRequired',
  updatedAt: '2026-10-01T10:00:00.000Z',
});

const template = (subscriptionId: string): SubscriptionTemplate => ({
  subscriptionId,
  resource: 'users/someone/messages',
  changeType: 'created',
  notificationUrl: 'https://app.example/notifications',
  recordedAt: '2026-10-01T10:00:00.000Z',
});

describe('createDurableLedger', () => {
  it("keeps each subscription's entry in that subscription's object", async () => {
    const ledger = createDurableLedger(env.LEDGER);
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    await ledger.put(a, entry(a));
    expect(await ledger.get(a)).toEqual(entry(a));
    expect(await ledger.get(b)).toBeUndefined();
    expect(await objectOf(b).get(a)).toBeUndefined();
  });
});

describe('the subscription lease', () => {
  it('admits one holder at a time and tells the others how long to wait', async () => {
    const object = objectOf(crypto.randomUUID());
    expect(await object.acquireLease('first', 60_000)).toEqual({ acquired: true });
    const refused = await object.acquireLease('second', 60_000);
    expect(refused.acquired).toBe(false);
    expect(refused.acquired ? 0 : refused.retryAfterMs).toBeGreaterThan(55_000);

    await object.releaseLease('second');
    expect((await object.acquireLease('second', 60_000)).acquired).toBe(false);
    await object.releaseLease('first');
    expect(await object.acquireLease('second', 60_000)).toEqual({ acquired: true });
  });

  it('lapses when its holder never releases it', async () => {
    const object = objectOf(crypto.randomUUID());
    await object.acquireLease('gone', 0);
    expect(await object.acquireLease('next', 60_000)).toEqual({ acquired: true });
  });

  it('runs work under every lease named, and releases them even when the work throws', async () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const seen = await withLeases(env.LEDGER, [b, a, b], async () => {
      const refused = await objectOf(a).acquireLease('intruder', 60_000);
      return refused.acquired;
    });
    expect(seen).toEqual({ ran: true, value: false });

    const failing = withLeases(env.LEDGER, [a], async () => {
      throw new Error('the work failed');
    });
    await expect(failing).rejects.toThrow('the work failed');
    expect(await objectOf(a).acquireLease('after', 60_000)).toEqual({ acquired: true });
  });

  it('does not run the work while another holder has a lease', async () => {
    const id = crypto.randomUUID();
    await objectOf(id).acquireLease('other', 60_000);
    let ran = false;
    const result = await withLeases(env.LEDGER, [id], async () => {
      ran = true;
    });
    expect(result.ran).toBe(false);
    expect(ran).toBe(false);
  });
});

describe('templates, dead letters and retention', () => {
  it('keeps the replacement when a template is recorded again', async () => {
    const id = crypto.randomUUID();
    const object = objectOf(id);
    await object.putTemplate(template(id));
    await object.markReplaced('replacement-id');
    await object.putTemplate({ ...template(id), recordedAt: '2026-10-02T10:00:00.000Z' });
    expect(await object.getTemplate()).toMatchObject({ replacedBy: 'replacement-id' });
  });

  it('keeps the most recent twenty dead letters', async () => {
    const id = crypto.randomUUID();
    const object = objectOf(id);
    for (let attempt = 1; attempt <= 22; attempt++) {
      await object.recordDeadLetter({
        subscriptionId: id,
        lifecycleEvent: 'reauthorizationRequired',
        reason: `failure ${attempt}`,
        attempts: attempt,
        at: '2026-10-01T10:00:00.000Z',
      });
    }
    const letters = await object.listDeadLetters();
    expect(letters).toHaveLength(20);
    expect(letters[0]?.reason).toBe('failure 3');
    expect(letters.at(-1)?.reason).toBe('failure 22');
  });

  it('forgets a subscription when its retention alarm fires', async () => {
    const id = crypto.randomUUID();
    const object = objectOf(id);
    await object.put(id, entry(id));
    await object.putTemplate(template(id));
    expect(await runDurableObjectAlarm(object)).toBe(true);
    expect(await object.get(id)).toBeUndefined();
    expect(await object.getTemplate()).toBeUndefined();
  });
});
