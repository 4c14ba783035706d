// Lifecycle notification bodies in the documented shape: Graph's `reauthorizationRequired` example
// (seven fraction digits and a `+00:00` offset), one to three items per batch.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events

/** Graph's timestamp form: seven fraction digits and an offset. */
export function graphTimestamp(date) {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}

/** One lifecycle item as Graph sends it. */
export function lifecycleItem({ subscriptionId, tenantId, clientState, expiresAt, event }) {
  return {
    lifecycleEvent: event ?? 'reauthorizationRequired',
    subscriptionId,
    subscriptionExpirationDateTime: graphTimestamp(expiresAt),
    clientState,
    tenantId,
  };
}

/**
 * `count` bodies of one to three `reauthorizationRequired` items each, cycling through
 * `subscriptionIds` so that every body names different subscriptions.
 */
export function lifecycleBodies({ count, subscriptionIds, tenantId, clientState, expiresAt }) {
  const bodies = [];
  let next = 0;
  for (let i = 0; i < count; i += 1) {
    const size = 1 + (i % 3);
    const value = [];
    for (let j = 0; j < size; j += 1) {
      const subscriptionId = subscriptionIds[next++ % subscriptionIds.length];
      value.push(lifecycleItem({ subscriptionId, tenantId, clientState, expiresAt }));
    }
    bodies.push(JSON.stringify({ value }));
  }
  return bodies;
}
