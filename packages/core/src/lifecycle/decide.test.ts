// Every branch of the lifecycle decision, over a pinned clock.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
import { describe, expect, it } from 'vitest';
import type { LifecycleEvent, LifecycleNotification } from '../challenges/notification.js';
import { InvalidInputError } from '../errors.js';
import { decideLifecycleAction } from './decide.js';
import type { SubscriptionFacts } from './decision-types.js';
import type { LedgerEntry, LedgerGraphCall } from './ledger.js';

const now = new Date('2026-11-20T10:00:00.000Z');
const minute = 60_000;
const subscriptionId = 'e3898f08-5cd0-4a6a-80fc-6addbfb73b7b';

function at(offsetMs: number): string {
  return new Date(now.getTime() + offsetMs).toISOString();
}

function challenge(
  expiresInMs: number | undefined,
  event: LifecycleEvent = 'reauthorizationRequired',
): LifecycleNotification {
  return {
    kind: 'lifecycle',
    index: 0,
    subscriptionId,
    tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
    clientState: 'secret',
    subscriptionExpirationDateTime: expiresInMs === undefined ? undefined : at(expiresInMs),
    lifecycleEvent: event,
    rawLifecycleEvent: event === 'unknown' ? 'somethingNew' : event,
  };
}

function entryWith(fields: Partial<LedgerEntry> = {}): LedgerEntry {
  return { subscriptionId, updatedAt: at(-minute), ...fields };
}

function lastCall(
  action: LedgerGraphCall['action'],
  agoMs: number,
  result: LedgerGraphCall['result'],
): LedgerEntry {
  return entryWith({ resource: 'me/messages', lastCall: { action, at: at(-agoMs), result } });
}

function decide(
  notification: LifecycleNotification,
  entry?: LedgerEntry,
  subscription?: SubscriptionFacts,
) {
  return decideLifecycleAction(notification, { entry, now, subscription });
}

const soon = 60 * minute;
const later = 3 * 24 * 60 * minute;

describe('reauthorizationRequired', () => {
  it('reauthorizes a subscription that is far from expiry', () => {
    expect(decide(challenge(later), entryWith({ resource: 'me/messages' }))).toEqual({
      type: 'reauthorize',
    });
  });

  it('reauthorizes when no expiry is known', () => {
    expect(decide(challenge(undefined))).toEqual({ type: 'reauthorize' });
  });

  it('renews an Outlook subscription near expiry to 10,070 minutes less the margin', () => {
    expect(decide(challenge(soon), entryWith({ resource: 'me/messages' }))).toEqual({
      type: 'renew',
      expirationDateTime: at((10_070 - 5) * minute),
    });
  });

  it('renews to the lifetime of the resource Graph returned, with resource data', () => {
    const subscription = { resource: 'me/messages', includeResourceData: true };
    expect(decide(challenge(soon), undefined, subscription)).toEqual({
      type: 'renew',
      expirationDateTime: at((1440 - 5) * minute),
    });
  });

  it('renews a directory subscription to its own maximum', () => {
    expect(decide(challenge(soon), undefined, { resource: 'users' })).toEqual({
      type: 'renew',
      expirationDateTime: at((41_760 - 5) * minute),
    });
  });

  it('renews within renewWithinMs, and reauthorizes just beyond it', () => {
    const entry = entryWith({ resource: 'me/messages' });
    const policy = { renewWithinMs: 2 * soon };
    const within = decideLifecycleAction(challenge(2 * soon), { entry, now, policy });
    const beyond = decideLifecycleAction(challenge(2 * soon + 1), { entry, now, policy });
    expect([within.type, beyond.type]).toEqual(['renew', 'reauthorize']);
  });

  it('with an unknown resource, renews to the default lifetime only when that extends it', () => {
    expect(decide(challenge(30 * minute))).toEqual({
      type: 'renew',
      expirationDateTime: at(55 * minute),
    });
    expect(decide(challenge(2 * soon))).toEqual({ type: 'reauthorize' });
  });

  it('reads expiry from the subscription, then the ledger, when the notification lacks it', () => {
    const fromGraph = decide(challenge(undefined), undefined, {
      resource: 'users',
      expirationDateTime: at(soon),
    });
    const fromLedger = decide(
      challenge(undefined),
      entryWith({ resource: 'users', expirationDateTime: at(soon) }),
    );
    expect([fromGraph.type, fromLedger.type]).toEqual(['renew', 'renew']);
  });

  it('ignores a challenge answered within the dedupe window', () => {
    expect(decide(challenge(later), lastCall('reauthorize', 4 * minute, 'done'))).toEqual({
      type: 'ignore',
      reason: 'duplicate',
    });
  });

  it('answers again once the dedupe window has passed', () => {
    expect(decide(challenge(later), lastCall('reauthorize', 6 * minute, 'done'))).toEqual({
      type: 'reauthorize',
    });
  });

  it('honours a custom dedupe window', () => {
    const entry = lastCall('reauthorize', 4 * minute, 'done');
    const decision = decideLifecycleAction(challenge(later), {
      entry,
      now,
      policy: { dedupeWindowMs: minute },
    });
    expect(decision).toEqual({ type: 'reauthorize' });
  });

  it('ignores a challenge while an action is under way', () => {
    expect(decide(challenge(soon), lastCall('renew', minute, 'pending'))).toEqual({
      type: 'ignore',
      reason: 'in_flight',
    });
  });

  describe('the 10-minute rule', () => {
    it('does not renew within 10 minutes of a successful reauthorize', () => {
      expect(decide(challenge(soon), lastCall('reauthorize', 9 * minute, 'done'))).toEqual({
        type: 'ignore',
        reason: 'ten_minute_rule',
      });
    });

    it('does not reauthorize within 10 minutes of a successful renew', () => {
      expect(decide(challenge(later), lastCall('renew', 6 * minute, 'done'))).toEqual({
        type: 'ignore',
        reason: 'ten_minute_rule',
      });
    });

    it('renews once 10 minutes have passed', () => {
      expect(decide(challenge(soon), lastCall('reauthorize', 10 * minute, 'done')).type).toBe(
        'renew',
      );
    });

    it('repeats a failed reauthorize instead of renewing within 10 minutes', () => {
      expect(decide(challenge(soon), lastCall('reauthorize', 3 * minute, 'failed'))).toEqual({
        type: 'reauthorize',
      });
    });

    it('repeats a failed renew instead of reauthorizing within 10 minutes', () => {
      expect(decide(challenge(later), lastCall('renew', 3 * minute, 'failed'))).toEqual({
        type: 'renew',
        expirationDateTime: at((10_070 - 5) * minute),
      });
    });

    it('treats a call left pending past the in-flight timeout as uncertain and repeats its kind', () => {
      expect(decide(challenge(soon), lastCall('reauthorize', 3 * minute, 'pending'))).toEqual({
        type: 'reauthorize',
      });
    });

    it('allows the same kind again after the dedupe window', () => {
      expect(decide(challenge(soon), lastCall('renew', 7 * minute, 'done')).type).toBe('renew');
    });
  });
});

describe('other events', () => {
  it('recreates after subscriptionRemoved', () => {
    expect(decide(challenge(soon, 'subscriptionRemoved'))).toEqual({ type: 'recreate' });
  });

  it('resyncs after missed', () => {
    expect(decide(challenge(soon, 'missed'))).toEqual({ type: 'resync' });
  });

  it.each(['subscriptionRemoved', 'missed'] as const)(
    'ignores a repeated %s within the dedupe window',
    (event) => {
      const handled = entryWith({
        lastEvent: event,
        lastResult: 'done',
        lastEventAt: at(-2 * minute),
      });
      expect(decide(challenge(soon, event), handled)).toEqual({
        type: 'ignore',
        reason: 'duplicate',
      });
      const failed = { ...handled, lastResult: 'failed' as const };
      expect(decide(challenge(soon, event), failed).type).not.toBe('ignore');
      const old = { ...handled, lastEventAt: at(-6 * minute) };
      expect(decide(challenge(soon, event), old).type).not.toBe('ignore');
    },
  );

  it('ignores an unknown event', () => {
    expect(decide(challenge(soon, 'unknown'))).toEqual({ type: 'ignore', reason: 'unknown_event' });
  });
});

describe('policy', () => {
  it('is read, never written', () => {
    const policy = Object.freeze({ renewWithinMs: soon });
    decideLifecycleAction(challenge(soon), { entry: undefined, now, policy });
    expect(policy).toEqual({ renewWithinMs: soon });
  });

  it('refuses a negative or non-finite number', () => {
    for (const renewWithinMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        decideLifecycleAction(challenge(soon), {
          entry: undefined,
          now,
          policy: { renewWithinMs },
        }),
      ).toThrow(InvalidInputError);
    }
  });
});
