// The worker's queue messages: work split per subscription, the items read back for leases, and
// dead letters read from either producer.
import type { LifecycleWork } from '@lifeline/hono';
import { describe, expect, it } from 'vitest';
import { deadLetterOf, queuedItemsOf, splitBySubscription } from '../src/work-queue.js';

const work: LifecycleWork = {
  version: 1,
  receivedAt: '2026-10-01T10:00:00.000Z',
  value: [
    { subscriptionId: 'a', lifecycleEvent: 'reauthorizationRequired' },
    { subscriptionId: 'b', lifecycleEvent: 'missed' },
    { subscriptionId: 'a', lifecycleEvent: 'subscriptionRemoved' },
  ],
};

describe('splitBySubscription', () => {
  it('makes one piece per subscription, in posted order within each', () => {
    expect(splitBySubscription(work)).toEqual([
      {
        ...work,
        value: [
          { subscriptionId: 'a', lifecycleEvent: 'reauthorizationRequired' },
          { subscriptionId: 'a', lifecycleEvent: 'subscriptionRemoved' },
        ],
      },
      { ...work, value: [{ subscriptionId: 'b', lifecycleEvent: 'missed' }] },
    ]);
    expect(work.value).toHaveLength(3);
  });
});

describe('queuedItemsOf', () => {
  it('reads subscription ids and events, skipping what is not an item', () => {
    const body = {
      value: [
        { subscriptionId: 'a', lifecycleEvent: 'missed' },
        { subscriptionId: 'b' },
        { subscriptionId: '' },
        { subscriptionId: 'x'.repeat(201) },
        'junk',
        null,
      ],
    };
    expect(queuedItemsOf(body)).toEqual([
      { subscriptionId: 'a', lifecycleEvent: 'missed' },
      { subscriptionId: 'b', lifecycleEvent: 'unknown' },
    ]);
    for (const junk of [undefined, null, 'text', 42, [], { value: 'no' }]) {
      expect(queuedItemsOf(junk)).toEqual([]);
    }
  });
});

describe('deadLetterOf', () => {
  const now = new Date('2026-10-01T11:00:00.000Z');

  it('keeps the reason of a letter the consumer wrote', () => {
    const letter = {
      kind: 'lifeline.deadLetter',
      work,
      reason: 'denied',
      attempts: 3,
      at: '2026-10-01T10:30:00.000Z',
    };
    expect(deadLetterOf(letter, 1, now)).toEqual(letter);
  });

  it('wraps work the platform moved after the retries ran out', () => {
    expect(deadLetterOf(work, 9, now)).toEqual({
      kind: 'lifeline.deadLetter',
      work,
      reason: 'the queue gave up on it (the consumer failed on every attempt)',
      attempts: 9,
      at: now.toISOString(),
    });
  });
});
