/**
 * What "re-create" means in the worker: when Graph removed a subscription (`subscriptionRemoved`,
 * or a 404 to a reauthorize or renew), a new one is created with the properties the old one was
 * last seen with (its template, recorded by the renewal cron and by re-creations), the configured
 * `clientState`, and the resource's longest lifetime. The old subscription's object remembers its
 * replacement, so that a repeated event does not create a second one.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import {
  type Clock,
  defaultLifecyclePolicy,
  type GraphClient,
  type LifecycleHooks,
  type Logger,
  maxSubscriptionLifetime,
} from '@lifeline/core';
import { type LedgerNamespace, subscriptionObject } from './durable-ledger.js';
import { createInputOf, templateOf } from './template.js';

/** Options of {@link recreateFromTemplate}. */
export interface RecreateOptions {
  readonly graph: Pick<GraphClient, 'create'>;
  readonly namespace: LedgerNamespace;
  /** The `clientState` for the new subscription. */
  readonly clientState: string | undefined;
  readonly now: Clock;
  readonly logger: Logger;
}

/**
 * An `onSubscriptionRemoved` hook that re-creates the subscription from its template. It throws
 * (and the work is dead-lettered) when no template was recorded, since the worker then cannot know
 * what the subscription watched, or when Graph refuses the creation.
 */
export function recreateFromTemplate(
  options: RecreateOptions,
): NonNullable<LifecycleHooks['onSubscriptionRemoved']> {
  return async (notification) => {
    const old = subscriptionObject(options.namespace, notification.subscriptionId);
    const template = await old.getTemplate();
    if (!template) {
      throw new Error('no template is recorded for this subscription, so it cannot be re-created');
    }
    if (template.replacedBy !== undefined) {
      const event = { event: 'lifeline.subscription.alreadyRecreated' };
      options.logger.info({ ...event, subscriptionId: notification.subscriptionId });
      return;
    }

    const now = options.now();
    const created = await options.graph.create(
      createInputOf(template, longestExpiry(template, now), options.clientState),
    );
    await old.markReplaced(created.id);
    await recordCreated(options.namespace, created, notification.tenantId, now);
    options.logger.info({
      event: 'lifeline.subscription.recreated',
      subscriptionId: notification.subscriptionId,
      newSubscriptionId: created.id,
      expirationDateTime: created.expirationDateTime,
    });
  };
}

function longestExpiry(
  template: { resource: string; includeResourceData?: boolean | undefined },
  now: Date,
): Date {
  const minutes =
    maxSubscriptionLifetime(template.resource, {
      includeResourceData: template.includeResourceData === true,
    }) ?? defaultLifecyclePolicy.defaultLifetimeMinutes;
  return new Date(now.getTime() + minutes * 60_000 - defaultLifecyclePolicy.lifetimeMarginMs);
}

async function recordCreated(
  namespace: LedgerNamespace,
  created: Parameters<typeof templateOf>[0],
  tenantId: string | undefined,
  now: Date,
): Promise<void> {
  const fresh = subscriptionObject(namespace, created.id);
  await fresh.putTemplate(templateOf(created, now));
  await fresh.put(created.id, {
    subscriptionId: created.id,
    tenantId,
    resource: created.resource,
    includeResourceData: created.includeResourceData ?? undefined,
    expirationDateTime: created.expirationDateTime,
    updatedAt: now.toISOString(),
  });
}
