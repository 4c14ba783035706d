/**
 * The emulator-clock timers of a subscription: its expiry, and the `reauthorizationRequired`
 * challenges that Graph sends as the subscription's authorization nears its end.
 *
 * Graph documents the timing only as pseudo-code. The reading used here: with R the minutes
 * until the authorization lapses and Q = R / 4, nothing is sent while Q > 180 (more than 12 hours
 * left); while 60 < Q ≤ 180 a challenge is sent and the next one follows after Q / 2 minutes
 * (the intervals halve); once Q ≤ 60 one is sent every 15 minutes; none after the lapse.
 * An authorization (create, renew, reauthorize) lasts `authorizationLifetimeMinutes` (one hour by
 * default, like the access token Graph associates with the subscription) and never beyond the
 * subscription's expiry.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events#responding-to-reauthorizationrequired-notifications
 *
 * @module
 */
import type { Subscription } from '../graph/subscription-store.js';
import type { EmulatorState } from '../state.js';
import { deliverLifecycle } from './delivery.js';

const minute = 60_000;

/** When the next challenge is due, given the time and when the authorization lapses. */
export function nextChallengeAt(now: Date, authorizedUntil: Date): Date | undefined {
  const remaining = (authorizedUntil.getTime() - now.getTime()) / minute;
  if (remaining < 0) return undefined;
  const quarter = remaining / 4;
  if (quarter > 180) return new Date(authorizedUntil.getTime() - 720 * minute);
  if (quarter > 60) return new Date(now.getTime() + (quarter / 2) * minute);
  const next = new Date(now.getTime() + 15 * minute);
  return next <= authorizedUntil ? next : undefined;
}

/** When the subscription's current authorization lapses. */
export function authorizedUntil(state: EmulatorState, subscription: Subscription): Date {
  const lifetime = state.settings.reauthorization.authorizationLifetimeMinutes * minute;
  const lapse = subscription.authorizedAt.getTime() + lifetime;
  return new Date(Math.min(lapse, subscription.expirationDateTime.getTime()));
}

/** Marks the subscription authorized now and restarts its timers. */
export function authorize(state: EmulatorState, subscription: Subscription): void {
  subscription.authorizedAt = state.clock.now();
  scheduleExpiry(state, subscription);
  scheduleChallenge(state, subscription);
}

function scheduleExpiry(state: EmulatorState, subscription: Subscription): void {
  const cancel = state.clock.at(subscription.expirationDateTime, () => {
    state.subscriptions.remove(subscription.id, 'expired', state.clock.now());
  });
  state.subscriptions.setTimer(subscription.id, 'expiry', cancel);
}

function scheduleChallenge(state: EmulatorState, subscription: Subscription): void {
  if (!subscription.lifecycleNotificationUrl) return;
  const due = nextChallengeAt(state.clock.now(), authorizedUntil(state, subscription));
  if (!due) return;
  const cancel = state.clock.at(due, () => challenge(state, subscription));
  state.subscriptions.setTimer(subscription.id, 'challenge', cancel);
}

function challenge(state: EmulatorState, subscription: Subscription): void {
  if (state.subscriptions.get(subscription.id) !== subscription) return;
  if (state.settings.reauthorization.scheduled) {
    deliverLifecycle(
      state,
      [{ subscription, lifecycleEvent: 'reauthorizationRequired' }],
      'schedule',
    );
  }
  scheduleChallenge(state, subscription);
}
