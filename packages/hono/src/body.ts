/**
 * Reading a notification POST: its media type, then its text as JSON, then core's parser. Graph
 * always sends `application/json`; anything else is a client that is not Graph.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @module
 */
import { type NotificationCollection, parseNotificationCollection } from '@lifeline/core';
import type { RequestRejectionReason } from './log.js';

/** A body read as a notification collection, or why it was refused. */
export type ReadBodyResult =
  | { readonly ok: true; readonly collection: NotificationCollection }
  | {
      readonly ok: false;
      readonly status: 400;
      readonly reason: RequestRejectionReason;
      readonly message: string;
    };

/** True for `application/json` and `…+json`, with or without parameters such as `charset`. */
export function isJsonMediaType(contentType: string | null): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

/**
 * Reads a request body that the body limit has already bounded. Never throws: an unreadable,
 * empty or malformed body, or one that is not a notification collection, is a `400`.
 */
export async function readNotificationBody(request: Request): Promise<ReadBodyResult> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    return refuse('malformed_json', 'the body could not be read');
  }
  if (text.trim() === '') return refuse('empty_body', 'the body is empty');

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse('malformed_json', 'the body is not JSON');
  }
  const parsed = parseNotificationCollection(body);
  if (!parsed.ok) return refuse('not_a_notification_collection', parsed.error.message);
  return { ok: true, collection: parsed.value };
}

function refuse(reason: RequestRejectionReason, message: string): ReadBodyResult {
  return { ok: false, status: 400, reason, message };
}
