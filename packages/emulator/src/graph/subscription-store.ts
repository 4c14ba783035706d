/**
 * The subscriptions the emulated Graph holds, with the emulator-clock timers attached to each
 * (expiry, the next scheduled challenge). Removing a subscription cancels its timers and leaves a
 * tombstone saying why it went away.
 *
 * @module
 */
import type { GraphVersion, PermissionType } from '@lifeline/core';
import type { EmulatedCloudName } from '../clouds.js';

/** A subscription as the emulated service stores it. */
export interface Subscription {
  id: string;
  appId: string;
  tenantId: string;
  cloud: EmulatedCloudName;
  version: GraphVersion;
  /** The Graph base URL the creator used, for `@odata.context`. */
  graphBase: string;
  /** The Entra ID base URL that issued the creator's token: the issuer of validation tokens. */
  issuerBase: string;
  resource: string;
  /** The resource type of the permission rule the resource matched, e.g. `chatMessage`. */
  resourceType: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  notificationQueryOptions: string | null;
  notificationUrlAppId: string | null;
  expirationDateTime: Date;
  includeResourceData: boolean;
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  latestSupportedTlsVersion: string;
  /** The signed-in user (delegated) or the app's service principal (application). */
  creatorId: string;
  permissionType: PermissionType;
  /** The permission that allowed the creation. */
  permission: string;
  createdAt: Date;
  /** When the subscription was last authorized: created, renewed or reauthorized. */
  authorizedAt: Date;
}

/** Why a subscription is gone. */
export interface Tombstone {
  id: string;
  at: Date;
  reason: 'deleted' | 'expired' | 'removed';
}

/** The named timers a subscription may have. */
export type SubscriptionTimer = 'expiry' | 'challenge';

/** The subscriptions, their timers and their tombstones. */
export interface SubscriptionStore {
  get(id: string): Subscription | undefined;
  all(): Subscription[];
  add(subscription: Subscription): void;
  /** Replaces a timer, cancelling the one it replaces. */
  setTimer(id: string, name: SubscriptionTimer, cancel: () => void): void;
  remove(id: string, reason: Tombstone['reason'], at: Date): Subscription | undefined;
  tombstone(id: string): Tombstone | undefined;
  clear(): void;
}

/** Creates an empty store. */
export function createSubscriptionStore(): SubscriptionStore {
  const subscriptions = new Map<string, Subscription>();
  const timers = new Map<string, Map<SubscriptionTimer, () => void>>();
  const tombstones = new Map<string, Tombstone>();

  const cancelAll = (id: string): void => {
    for (const cancel of timers.get(id)?.values() ?? []) cancel();
    timers.delete(id);
  };

  return {
    get: (id) => subscriptions.get(id),
    all: () => [...subscriptions.values()],
    add: (subscription) => void subscriptions.set(subscription.id, subscription),
    setTimer(id, name, cancel) {
      const own = timers.get(id) ?? new Map<SubscriptionTimer, () => void>();
      own.get(name)?.();
      own.set(name, cancel);
      timers.set(id, own);
    },
    remove(id, reason, at) {
      const subscription = subscriptions.get(id);
      if (!subscription) return undefined;
      cancelAll(id);
      subscriptions.delete(id);
      tombstones.set(id, { id, at, reason });
      return subscription;
    },
    tombstone: (id) => tombstones.get(id),
    clear() {
      for (const id of timers.keys()) cancelAll(id);
      subscriptions.clear();
      tombstones.clear();
    },
  };
}
