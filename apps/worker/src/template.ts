/**
 * What the worker remembers of a subscription so that it can create it again after Graph removed
 * it: the properties it was created with, as Graph last returned them. `clientState` is not among
 * them (Graph does not return it from list); a re-created subscription gets the configured one.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events#responding-to-subscriptionremoved-notifications
 *
 * @module
 */
import type { Subscription, SubscriptionCreateInput, TlsVersion } from '@lifeline/core';

/** The creation properties of a subscription, plain JSON. */
export interface SubscriptionTemplate {
  readonly subscriptionId: string;
  readonly resource: string;
  readonly changeType: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl?: string | undefined;
  readonly includeResourceData?: boolean | undefined;
  readonly encryptionCertificate?: string | undefined;
  readonly encryptionCertificateId?: string | undefined;
  readonly latestSupportedTlsVersion?: string | undefined;
  readonly notificationQueryOptions?: string | undefined;
  readonly notificationUrlAppId?: string | undefined;
  /** When the template was recorded, ISO 8601. */
  readonly recordedAt: string;
  /** The id of the subscription created in this one's place, once it was re-created. */
  readonly replacedBy?: string | undefined;
}

/** The template of a subscription as Graph returned it. */
export function templateOf(subscription: Subscription, recordedAt: Date): SubscriptionTemplate {
  return withoutUndefined({
    subscriptionId: subscription.id,
    resource: subscription.resource,
    changeType: subscription.changeType,
    notificationUrl: subscription.notificationUrl,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl ?? undefined,
    includeResourceData: subscription.includeResourceData ?? undefined,
    encryptionCertificate: subscription.encryptionCertificate ?? undefined,
    encryptionCertificateId: subscription.encryptionCertificateId ?? undefined,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion ?? undefined,
    notificationQueryOptions: subscription.notificationQueryOptions ?? undefined,
    notificationUrlAppId: subscription.notificationUrlAppId ?? undefined,
    recordedAt: recordedAt.toISOString(),
  });
}

/** The create request for a subscription like the template's, expiring at `expirationDateTime`. */
export function createInputOf(
  template: SubscriptionTemplate,
  expirationDateTime: Date,
  clientState: string | undefined,
): SubscriptionCreateInput {
  return withoutUndefined({
    changeType: template.changeType,
    notificationUrl: template.notificationUrl,
    resource: template.resource,
    expirationDateTime,
    lifecycleNotificationUrl: template.lifecycleNotificationUrl,
    clientState,
    includeResourceData: template.includeResourceData,
    encryptionCertificate: template.encryptionCertificate,
    encryptionCertificateId: template.encryptionCertificateId,
    latestSupportedTlsVersion: template.latestSupportedTlsVersion as TlsVersion | undefined,
    notificationQueryOptions: template.notificationQueryOptions,
    notificationUrlAppId: template.notificationUrlAppId,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
