/**
 * The JSON a subscription is returned as, following the documented create, get, update and list
 * examples (`notificationContentType` included, though the property table omits it).
 * See https://learn.microsoft.com/graph/api/subscription-post-subscriptions#response
 *
 * @module
 */
import { graphTimestamp } from '../time-format.js';
import type { Subscription } from './subscription-store.js';

/** The subscription as Graph returns it; the list hides `clientState` (null) "for security". */
export function subscriptionJson(
  subscription: Subscription,
  options: { hideClientState?: boolean } = {},
) {
  return {
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.appId,
    changeType: subscription.changeType,
    clientState: options.hideClientState ? null : subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: subscription.notificationQueryOptions,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    expirationDateTime: graphTimestamp(subscription.expirationDateTime),
    creatorId: subscription.creatorId,
    includeResourceData: subscription.includeResourceData,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
    encryptionCertificate: subscription.encryptionCertificate ?? '',
    encryptionCertificateId: subscription.encryptionCertificateId ?? '',
    notificationUrlAppId: subscription.notificationUrlAppId,
    notificationContentType: 'application/json',
  };
}

/** The `@odata.context` of one subscription. */
export function entityContext(subscription: Subscription): string {
  return `${subscription.graphBase}/${subscription.version}/$metadata#subscriptions/$entity`;
}
