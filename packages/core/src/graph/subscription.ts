/**
 * The Microsoft Graph `subscription` resource, with Graph's own property names.
 * See https://learn.microsoft.com/graph/api/resources/subscription
 *
 * @module
 */

/** The TLS versions Graph accepts in `latestSupportedTlsVersion`. */
export type TlsVersion = 'v1_0' | 'v1_1' | 'v1_2' | 'v1_3';

/**
 * A change-notification subscription as Graph returns it from create, get, list and renew.
 * Graph may add properties; unknown ones are kept as they arrived.
 */
export interface Subscription {
  /** The subscription's id, a GUID assigned by Graph. */
  id: string;
  /** The watched resource, relative to the version root, echoed as it was sent. */
  resource: string;
  /** `created`, `updated`, `deleted`, or a comma-separated combination. */
  changeType: string;
  /** Where change notifications are delivered. */
  notificationUrl: string;
  /** When the subscription expires, in UTC (Graph sends up to seven fraction digits). */
  expirationDateTime: string;
  /** Where lifecycle notifications (`reauthorizationRequired`, …) are delivered. */
  lifecycleNotificationUrl?: string | null;
  /** The secret echoed in every notification. `list` returns it as `null`. */
  clientState?: string | null;
  /** The app that created the subscription. */
  applicationId?: string;
  /**
   * The signed-in user (delegated) or the app's service principal (application) that created it.
   */
  creatorId?: string;
  /** Whether notifications carry encrypted resource data. */
  includeResourceData?: boolean | null;
  /** The base64 certificate whose public key encrypts resource data. */
  encryptionCertificate?: string | null;
  /** The app's own id for {@link Subscription.encryptionCertificate}. */
  encryptionCertificateId?: string | null;
  /** The newest TLS version the notification endpoint supports. */
  latestSupportedTlsVersion?: TlsVersion | string | null;
  /** OData query options that filter notifications (Universal Print, Entra health alerts). */
  notificationQueryOptions?: string | null;
  /** The app id Graph may use to issue validation tokens. */
  notificationUrlAppId?: string | null;
  /** The media type of notifications, e.g. `application/json`; shown in Graph's examples. */
  notificationContentType?: string | null;
  /** Web Push only: the server's public key. */
  vapidPublicKey?: string | null;
  /** Web Push only: the browser's P-256 public key. */
  webPushEncryptionP256dhPublicKey?: string | null;
  /** Web Push only: the authentication secret; write-only, so Graph returns `null`. */
  webPushEncryptionSecret?: string | null;
  /** Properties this type does not name yet. */
  [property: string]: unknown;
}

/**
 * What `POST /subscriptions` needs. Timestamps may be a `Date` or an ISO 8601 string with an
 * offset; the builder sends Graph's UTC form.
 * See https://learn.microsoft.com/graph/api/subscription-post-subscriptions
 */
export interface SubscriptionCreateInput {
  /** `created`, `updated`, `deleted`, or a comma-separated combination. */
  changeType: string;
  /** An https URL that answers Graph's validation handshake. */
  notificationUrl: string;
  /**
   * The resource to watch, relative to the version root, e.g. `me/mailFolders('Inbox')/messages`.
   */
  resource: string;
  /** When the subscription should expire; Graph caps it at the resource's maximum lifetime. */
  expirationDateTime: Date | string;
  /** An https URL for lifecycle notifications; required by Teams resources beyond one hour. */
  lifecycleNotificationUrl?: string;
  /** A secret of at most 128 characters that Graph echoes in every notification. */
  clientState?: string;
  /** Ask for encrypted resource data; then both encryption properties are required. */
  includeResourceData?: boolean;
  /** The base64 certificate whose public key encrypts resource data. */
  encryptionCertificate?: string;
  /** The app's own id for the certificate, at most 128 characters. */
  encryptionCertificateId?: string;
  /** The newest TLS version the notification endpoint supports. */
  latestSupportedTlsVersion?: TlsVersion;
  /** OData query options that filter notifications. */
  notificationQueryOptions?: string;
  /** The app id Graph may use to issue validation tokens. */
  notificationUrlAppId?: string;
}
