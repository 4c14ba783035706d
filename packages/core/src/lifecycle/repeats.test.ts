// Settling answered challenges before they are queued: only repeats of a recent successful call.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
import { describe, expect, it } from 'vitest';
import type { LifecycleEvent, LifecycleNotification } from '../challenges/notification.js';
import { InvalidInputError } from '../errors.js';
import { createMemoryLedger, type Ledger, type LedgerGraphCall } from './ledger.js';
import { settleRepeats } from './repeats.js';

const now = new Date('2026-11-20T10:00:00.000Z');
const minute = 60_000;
const ids = [
  'e3898f08-5cd0-4a6a-80fc-6addbfb73b7b',
  '0a1f4c36-4f1b-4b9e-9f61-3d4a6b1c2d3e',
  '7c2d9e10-2b3a-4c5d-8e9f-a0b1c2d3e4f5',
];

function at(offsetMs: number): string {
  return new Date(now.getTime() + offsetMs).toISOString();
}

function notification(
  index: number,
  subscriptionId: string,
  event: LifecycleEvent = 'reauthorizationRequired',
): LifecycleNotification {
  return {
    kind: 'lifecycle',
    index,
    subscriptionId,
    tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
    clientState: 'secret',
    subscriptionExpirationDateTime: at(3 * 24 * 60 * minute),
    lifecycleEvent: event,
    rawLifecycleEvent: event,
  };
}

async function ledgerWith(calls: Record<string, LedgerGraphCall | undefined>): Promise<Ledger> {
  const ledger = createMemoryLedger({ now: () => now });
  for (const [subscriptionId, lastCall] of Object.entries(calls)) {
    await ledger.put(subscriptionId, { subscriptionId, updatedAt: at(-minute), lastCall });
  }
  return ledger;
}

describe('settleRepeats', () => {
  it('settles a challenge whose reauthorize succeeded within the dedupe window', async () => {
    const ledger = await ledgerWith({
      [ids[0] as string]: { action: 'reauthorize', at: at(-2 * minute), result: 'done' },
    });
    const result = await settleRepeats([notification(0, ids[0] as string)], {
      ledger,
      now: () => now,
    });
    expect(result.open).toEqual([]);
    expect(result.settled).toEqual([
      expect.objectContaining({
        index: 0,
        subscriptionId: ids[0],
        lifecycleEvent: 'reauthorizationRequired',
        action: { type: 'ignore', reason: 'duplicate' },
        result: 'ignored',
      }),
    ]);
  });

  it('settles a challenge answered by a renewal within ten minutes', async () => {
    const ledger = await ledgerWith({
      [ids[0] as string]: { action: 'renew', at: at(-8 * minute), result: 'done' },
    });
    const { settled } = await settleRepeats([notification(0, ids[0] as string)], {
      ledger,
      now: () => now,
      policy: { dedupeWindowMs: minute },
    });
    expect(settled.map((outcome) => outcome.action)).toEqual([
      { type: 'ignore', reason: 'ten_minute_rule' },
    ]);
  });

  it('leaves open what still needs work, in posted order', async () => {
    const ledger = await ledgerWith({
      // Old enough to act again.
      [ids[0] as string]: { action: 'reauthorize', at: at(-20 * minute), result: 'done' },
      // A call under way may still fail: the handler decides.
      [ids[1] as string]: { action: 'reauthorize', at: at(-minute), result: 'pending' },
      [ids[2] as string]: { action: 'reauthorize', at: at(-minute), result: 'failed' },
    });
    const batch = [
      notification(0, ids[0] as string),
      notification(1, ids[1] as string),
      notification(2, ids[2] as string),
      notification(3, 'f0e1d2c3-b4a5-4697-8877-665544332211'),
    ];
    const result = await settleRepeats(batch, { ledger, now: () => now });
    expect(result.settled).toEqual([]);
    expect(result.open).toEqual(batch);
  });

  it('never settles subscriptionRemoved or missed on the strength of a call', async () => {
    const ledger = await ledgerWith({
      [ids[0] as string]: { action: 'reauthorize', at: at(-minute), result: 'done' },
    });
    const batch = [
      notification(0, ids[0] as string, 'subscriptionRemoved'),
      notification(1, ids[0] as string, 'missed'),
    ];
    const result = await settleRepeats(batch, { ledger, now: () => now });
    expect(result.open).toEqual(batch);
  });

  it('settles a missed event handled within the dedupe window', async () => {
    const ledger = createMemoryLedger({ now: () => now });
    const subscriptionId = ids[0] as string;
    await ledger.put(subscriptionId, {
      subscriptionId,
      updatedAt: at(-minute),
      lastEvent: 'missed',
      lastEventAt: at(-minute),
      lastResult: 'done',
    });
    const batch = [notification(0, subscriptionId, 'missed')];
    const { settled } = await settleRepeats(batch, { ledger, now: () => now });
    expect(settled.map((outcome) => outcome.action)).toEqual([
      { type: 'ignore', reason: 'duplicate' },
    ]);
  });

  it('leaves everything open when the ledger fails', async () => {
    const ledger: Ledger = {
      get: () => Promise.reject(new Error('the database is gone')),
      put: () => undefined,
    };
    const batch = [notification(0, ids[0] as string)];
    await expect(settleRepeats(batch, { ledger, now: () => now })).resolves.toEqual({
      open: batch,
      settled: [],
    });
  });

  it('rejects an invalid policy with a typed error', async () => {
    const ledger = await ledgerWith({});
    await expect(
      settleRepeats([], { ledger, now: () => now, policy: { dedupeWindowMs: -1 } }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});
