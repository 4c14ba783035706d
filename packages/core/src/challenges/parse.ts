/**
 * Parsing of the JSON body that Graph posts to a notification URL. The body arrives from the open
 * internet, so the parser returns results, never throws, and bounds its work.
 * See https://learn.microsoft.com/graph/api/resources/changenotificationcollection
 *
 * @module
 */
import type {
  ChangeNotification,
  CollectionErrorReason,
  KnownLifecycleEvent,
  LifecycleNotification,
  NotificationBase,
  NotificationCollection,
  ParseNotificationCollectionResult,
  RejectedItem,
  RejectedItemReason,
} from './notification.js';
import { isGuid, parseTimestamp } from './syntax.js';

/** The most items one collection may hold; larger bodies are refused whole. */
export const maxNotificationItems = 1000;

/** The most validation tokens one collection may hold (Graph sends one per app and tenant). */
export const maxValidationTokens = 1000;

/** The longest validation token accepted, in characters. */
export const maxValidationTokenLength = 16384;

// `changeNotification.clientState` allows 255 characters (the subscription resource says 128).
// See https://learn.microsoft.com/graph/api/resources/changenotification
const maxClientStateLength = 255;
const maxEventLength = 64;
const maxIdLength = 1024;
const maxResourceLength = 4096;

const knownEvents: ReadonlySet<string> = new Set<KnownLifecycleEvent>([
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
]);

type Fields = Record<string, unknown>;
type ItemResult = LifecycleNotification | ChangeNotification | RejectedItem;
type BaseResult = Omit<NotificationBase, 'index'> | RejectedItem;

/**
 * Parses a notification collection (the JSON body of a notification or lifecycle POST).
 *
 * Items that are not well-formed notifications are listed in `rejected` with their index and
 * reason; the rest of the batch is kept. The whole body is refused, with a reason, when it is not
 * an object, has no `value` array, holds more than {@link maxNotificationItems} items, or has a
 * `validationTokens` member that is not an array of strings (or `null`s). Unknown members are
 * ignored, and unknown `lifecycleEvent` values are kept as `'unknown'`.
 *
 * Never throws, also not for hostile input such as proxies or throwing getters.
 */
export function parseNotificationCollection(body: unknown): ParseNotificationCollectionResult {
  try {
    return parseCollection(body);
  } catch {
    return refuse('unreadable', 'the body could not be read as a notification collection');
  }
}

function parseCollection(body: unknown): ParseNotificationCollectionResult {
  if (!isRecord(body)) return refuse('not_an_object', 'the body is not a JSON object');
  if (!Object.hasOwn(body, 'value')) return refuse('value_missing', 'the body has no "value"');

  const items = body.value;
  if (!Array.isArray(items)) return refuse('value_not_array', '"value" is not an array');
  const count = items.length;
  if (count > maxNotificationItems) {
    return refuse('too_many_items', `"value" holds more than ${maxNotificationItems} items`);
  }

  const tokens = parseValidationTokens(own(body, 'validationTokens'));
  if (!tokens) {
    return refuse('validation_tokens', '"validationTokens" is not a bounded array of strings');
  }

  const collection: NotificationCollection = {
    ...tokens,
    lifecycle: [],
    changes: [],
    rejected: [],
  };
  for (let index = 0; index < count; index += 1) {
    addItem(collection, readItem(items, index));
  }
  return { ok: true, value: collection };
}

function parseValidationTokens(
  value: unknown,
): Pick<NotificationCollection, 'validationTokens' | 'validationTokensNull'> | undefined {
  if (value === undefined) return { validationTokens: [], validationTokensNull: false };
  if (value === null) return { validationTokens: [], validationTokensNull: true };
  if (!Array.isArray(value) || value.length > maxValidationTokens) return undefined;

  const validationTokens: string[] = [];
  let validationTokensNull = false;
  for (const token of value as unknown[]) {
    if (token === null) validationTokensNull = true;
    else if (typeof token === 'string' && token.length <= maxValidationTokenLength) {
      validationTokens.push(token);
    } else return undefined;
  }
  return { validationTokens, validationTokensNull };
}

function readItem(items: unknown[], index: number): ItemResult {
  try {
    return parseItem(items[index], index);
  } catch {
    return reject(index, 'unreadable', 'the item could not be read');
  }
}

function addItem(collection: NotificationCollection, item: ItemResult): void {
  if ('reason' in item) collection.rejected.push(item);
  else if (item.kind === 'lifecycle') collection.lifecycle.push(item);
  else collection.changes.push(item);
}

function parseItem(item: unknown, index: number): ItemResult {
  if (!isRecord(item)) return reject(index, 'not_an_object', 'the item is not a JSON object');

  // A changeNotification carries either `lifecycleEvent` or `changeType`, never both.
  // See https://learn.microsoft.com/graph/api/resources/changenotification
  const event = present(own(item, 'lifecycleEvent'));
  const changeType = present(own(item, 'changeType'));
  if (event !== undefined && changeType !== undefined) {
    return reject(index, 'both_event_and_change_type', 'the item has both kinds of event');
  }
  if (event === undefined && changeType === undefined) {
    return reject(index, 'no_event_or_change_type', 'the item has no event or change type');
  }

  const base = parseBase(item, index);
  if ('reason' in base) return base;
  if (event !== undefined) return lifecycleItem(index, base, event);
  return changeItem(index, base, item, changeType);
}

function parseBase(item: Fields, index: number): BaseResult {
  const subscriptionId = own(item, 'subscriptionId');
  if (typeof subscriptionId !== 'string' || !isGuid(subscriptionId)) {
    return reject(index, 'subscription_id', '"subscriptionId" is not a GUID');
  }
  const tenantId = present(own(item, 'tenantId'));
  if (tenantId !== undefined && (typeof tenantId !== 'string' || !isGuid(tenantId))) {
    return reject(index, 'tenant_id', '"tenantId" is not a GUID');
  }
  const clientState = present(own(item, 'clientState'));
  if (!isOptionalString(clientState, maxClientStateLength)) {
    return reject(index, 'client_state', `"clientState" is not a string of at most 255 characters`);
  }
  const expiry = present(own(item, 'subscriptionExpirationDateTime'));
  if (expiry !== undefined && (typeof expiry !== 'string' || !parseTimestamp(expiry))) {
    return reject(index, 'timestamp', '"subscriptionExpirationDateTime" is not an ISO 8601 time');
  }

  return {
    subscriptionId: subscriptionId.toLowerCase(),
    tenantId: tenantId?.toLowerCase(),
    clientState,
    subscriptionExpirationDateTime: expiry as string | undefined,
  };
}

function lifecycleItem(
  index: number,
  base: Omit<NotificationBase, 'index'>,
  event: unknown,
): LifecycleNotification | RejectedItem {
  if (typeof event !== 'string' || event.length === 0 || event.length > maxEventLength) {
    return reject(index, 'field_type', '"lifecycleEvent" is not a short string');
  }
  const lifecycleEvent = knownEvents.has(event) ? (event as KnownLifecycleEvent) : 'unknown';
  return { kind: 'lifecycle', index, ...base, lifecycleEvent, rawLifecycleEvent: event };
}

function changeItem(
  index: number,
  base: Omit<NotificationBase, 'index'>,
  item: Fields,
  changeType: unknown,
): ChangeNotification | RejectedItem {
  if (typeof changeType !== 'string' || changeType.length === 0 || changeType.length > 64) {
    return reject(index, 'field_type', '"changeType" is not a short string');
  }
  const id = present(own(item, 'id'));
  const resource = present(own(item, 'resource'));
  if (!isOptionalString(id, maxIdLength) || !isOptionalString(resource, maxResourceLength)) {
    return reject(index, 'field_type', '"id" or "resource" is not a bounded string');
  }
  const resourceData = own(item, 'resourceData');
  const encryptedContent = readEncryptedContent(item);
  return {
    kind: 'change',
    index,
    ...base,
    changeType,
    id,
    resource,
    resourceData,
    encryptedContent,
  };
}

// The Teams pages show rich notifications for chats, chat members, transcripts and recordings
// with the member spelled `EncryptedContent`; the camelCase spelling wins when both are present.
// See https://learn.microsoft.com/graph/teams-changenotifications-callrecording-and-calltranscript
function readEncryptedContent(item: Fields): unknown {
  if (Object.hasOwn(item, 'encryptedContent')) return item.encryptedContent;
  return own(item, 'EncryptedContent');
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Only the object's own members count: a polluted prototype must not supply fields.
function own(fields: Fields, key: string): unknown {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}

// Graph may send `null` for an absent optional member.
function present(value: unknown): unknown {
  return value === null ? undefined : value;
}

function isOptionalString(value: unknown, maxLength: number): value is string | undefined {
  return value === undefined || (typeof value === 'string' && value.length <= maxLength);
}

function reject(index: number, reason: RejectedItemReason, message: string): RejectedItem {
  return { index, reason, message };
}

function refuse(reason: CollectionErrorReason, message: string): ParseNotificationCollectionResult {
  return { ok: false, error: { reason, message } };
}
