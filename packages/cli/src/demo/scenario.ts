/**
 * The subscriptions of the demo: several resource types, each with a lifecycle URL, one of them
 * close to expiry so that its challenge is answered with a renewal.
 *
 * @module
 */
import type { GraphClient, Subscription } from '@lifeline/core';

/** A subscription the demo creates, by a short label. */
export interface DemoSubscription {
  readonly label: string;
  readonly resource: string;
  readonly changeType: string;
  /** How long after creation it expires, in milliseconds. */
  readonly lifetimeMs: number;
}

const hour = 3_600_000;
const day = 24 * hour;
// A user of the emulated tenant, by user principal name (Graph takes it in place of the id).
const userId = 'adele@contoso.test';

/** The demo's subscriptions, in creation order. */
export const demoSubscriptions: readonly DemoSubscription[] = [
  {
    label: 'mail',
    resource: `users/${userId}/mailFolders('Inbox')/messages`,
    changeType: 'created',
    // Within the 12-hour renewal window, so its challenge is answered with a renewal.
    lifetimeMs: 2 * hour,
  },
  {
    label: 'calendar',
    resource: `users/${userId}/events`,
    changeType: 'created,updated,deleted',
    lifetimeMs: 3 * day,
  },
  {
    label: 'chat',
    resource: 'chats/19:demo-chat@thread.v2/messages',
    changeType: 'created,updated',
    lifetimeMs: 2 * day,
  },
  { label: 'user', resource: 'users', changeType: 'updated,deleted', lifetimeMs: 20 * day },
];

/** Where the demo's subscriptions send their notifications, and with which clientState. */
export interface DemoTarget {
  readonly graph: GraphClient;
  readonly url: string;
  readonly clientState: string;
  readonly now: () => Date;
}

/** Creates one subscription of the demo through Graph. */
export function createDemoSubscription(
  target: DemoTarget,
  subscription: DemoSubscription,
): Promise<Subscription> {
  return target.graph.create({
    resource: subscription.resource,
    changeType: subscription.changeType,
    notificationUrl: target.url,
    lifecycleNotificationUrl: target.url,
    expirationDateTime: new Date(target.now().getTime() + subscription.lifetimeMs),
    clientState: target.clientState,
  });
}
