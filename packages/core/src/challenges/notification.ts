/**
 * The shapes of what Microsoft Graph posts to a notification URL, as Lifeline hands them on after
 * parsing: lifecycle notifications (challenges), change notifications, and the validation tokens
 * that vouch for them.
 * See https://learn.microsoft.com/graph/api/resources/changenotificationcollection
 *
 * @module
 */

/** The lifecycle events Graph documents. */
export type KnownLifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/**
 * A lifecycle event as parsed: one of the documented values, or `'unknown'` for a value Graph may
 * add later (the raw text stays in {@link LifecycleNotification.rawLifecycleEvent}).
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
export type LifecycleEvent = KnownLifecycleEvent | 'unknown';

/** What every parsed notification item carries. */
export interface NotificationBase {
  /** The item's position in the posted `value` array. */
  readonly index: number;
  /** The subscription's id, a GUID in lower case. */
  readonly subscriptionId: string;
  /** The tenant's id, a GUID in lower case, when Graph sent one. */
  readonly tenantId: string | undefined;
  /**
   * The `clientState` echoed from the subscription; `undefined` when absent or `null`. Compare it
   * with {@link clientStateMatches}; never log it.
   */
  readonly clientState: string | undefined;
  /**
   * `subscriptionExpirationDateTime` exactly as Graph sent it, when present; the parser has
   * checked that it is an ISO 8601 time. Every field is plain JSON, so a parsed notification
   * survives a queue.
   */
  readonly subscriptionExpirationDateTime: string | undefined;
}

/**
 * A lifecycle notification: Graph asks the app to act on a subscription.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
export interface LifecycleNotification extends NotificationBase {
  readonly kind: 'lifecycle';
  /** The event, or `'unknown'` for a value this version of Lifeline does not know. */
  readonly lifecycleEvent: LifecycleEvent;
  /** `lifecycleEvent` exactly as Graph sent it. */
  readonly rawLifecycleEvent: string;
}

/**
 * A change notification: something changed in a subscribed resource. Lifeline does not interpret
 * these; it hands them on for apps that share one URL for both kinds.
 * See https://learn.microsoft.com/graph/api/resources/changenotification
 */
export interface ChangeNotification extends NotificationBase {
  readonly kind: 'change';
  /** `created`, `updated`, `deleted`, or a value Graph adds later, exactly as sent. */
  readonly changeType: string;
  /** The notification's own id, when present. */
  readonly id: string | undefined;
  /** The changed resource, relative to the Graph service root, when present. */
  readonly resource: string | undefined;
  /** `resourceData` as posted, not inspected. */
  readonly resourceData: unknown;
  /**
   * `encryptedContent` as posted (rich notifications), not inspected. A member spelled
   * `EncryptedContent`, as some Teams notifications are documented, is read when the camelCase
   * one is absent.
   */
  readonly encryptedContent: unknown;
}

/** Why one item of a notification collection was set aside. */
export type RejectedItemReason =
  | 'not_an_object'
  | 'no_event_or_change_type'
  | 'both_event_and_change_type'
  | 'subscription_id'
  | 'tenant_id'
  | 'timestamp'
  | 'client_state'
  | 'field_type'
  | 'unreadable';

/** An item of `value` that was not a notification Lifeline can trust the shape of. */
export interface RejectedItem {
  /** The item's position in the posted `value` array. */
  readonly index: number;
  readonly reason: RejectedItemReason;
  /** A description for logs; it never contains the item's values. */
  readonly message: string;
}

/** A notification collection after parsing. */
export interface NotificationCollection {
  /** Lifecycle notifications (challenges), in posted order. */
  readonly lifecycle: LifecycleNotification[];
  /** Change notifications, in posted order. */
  readonly changes: ChangeNotification[];
  /** The validation tokens that were strings, in posted order. */
  readonly validationTokens: string[];
  /**
   * True when `validationTokens` was `null` or held `null` entries. Graph sends `null` tokens when
   * the app requires assignment and the Microsoft Graph Change Tracking app has no app role.
   * See https://learn.microsoft.com/graph/change-notifications-with-resource-data
   */
  readonly validationTokensNull: boolean;
  /** Items set aside, each with its reason. */
  readonly rejected: RejectedItem[];
}

/** Why a whole body was not accepted as a notification collection. */
export type CollectionErrorReason =
  | 'not_an_object'
  | 'value_missing'
  | 'value_not_array'
  | 'too_many_items'
  | 'validation_tokens'
  | 'unreadable';

/** Why a body was not accepted as a notification collection. */
export interface CollectionError {
  readonly reason: CollectionErrorReason;
  /** A description for logs; it never contains values from the body. */
  readonly message: string;
}

/** The result of {@link parseNotificationCollection}. */
export type ParseNotificationCollectionResult =
  | { readonly ok: true; readonly value: NotificationCollection }
  | { readonly ok: false; readonly error: CollectionError };
