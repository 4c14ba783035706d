/**
 * Checks for the values that go into Graph request URLs, headers and bodies. Each returns the
 * value to send or throws {@link InvalidInputError}; none echoes a secret.
 *
 * @module
 */
import { InvalidInputError } from '../errors.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Date, time to the minute, optional seconds and up to seven fraction digits (Graph's own
// precision), then `Z` or an offset. Graph's DateTimeOffset is ISO 8601.
const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Shows a caller's value in a message without letting a huge or odd input flood it. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** A GUID in its usual 8-4-4-4-12 form, as Graph uses for subscription and app ids. */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && guidPattern.test(value);
}

/**
 * Graph's subscription ids are GUIDs. Anything else (empty, a path, an over-long string) would
 * address another URL, so it is refused before it reaches one.
 *
 * @throws {InvalidInputError} when the id is not a GUID.
 */
export function checkSubscriptionId(id: unknown, field = 'subscriptionId'): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidInputError(field, 'a subscription id is required');
  }
  if (!isGuid(id)) {
    throw new InvalidInputError(field, `${quote(id)} is not a subscription id (a GUID)`);
  }
  return id;
}

/**
 * Reads a `Date` or an ISO 8601 string with a `Z` or an offset and returns Graph's UTC form,
 * e.g. `2026-11-20T18:23:45.935Z`. Impossible dates such as 30 February are refused rather than
 * rolled over.
 *
 * @throws {InvalidInputError} when the value is not a valid timestamp.
 */
export function toGraphTimestamp(value: unknown, field: string): string {
  const date = value instanceof Date ? value : parseTimestamp(value, field);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidInputError(field, 'is an invalid Date');
  }
  return date.toISOString();
}

function parseTimestamp(value: unknown, field: string): Date {
  const parts = typeof value === 'string' ? timestampPattern.exec(value) : null;
  if (parts === null) {
    const shown = typeof value === 'string' ? quote(value) : typeof value;
    throw new InvalidInputError(field, `${shown} is not an ISO 8601 timestamp with an offset`);
  }
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone = 'Z'] = parts;
  const fields = [year, month, day, hour, minute, second].map(Number) as SixNumbers;
  const milliseconds = Math.floor(Number(`0.${fraction}`) * 1000);
  const utc = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  if (!fieldsSurvive(new Date(utc), fields)) {
    throw new InvalidInputError(field, `${quote(value as string)} is not a real date and time`);
  }
  return new Date(utc + milliseconds - offsetMinutes(zone) * 60_000);
}

type SixNumbers = [number, number, number, number, number, number];

// Date.UTC rolls 30 February over to March; a real timestamp reads back the same fields.
function fieldsSurvive(date: Date, fields: SixNumbers): boolean {
  const readBack = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  return readBack.every((part, index) => part === fields[index]);
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number) as [number, number];
  return sign * (hours * 60 + minutes);
}

/**
 * A non-empty string of bounded length.
 *
 * @throws {InvalidInputError} when the value is missing, not a string, or too long.
 */
export function checkText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidInputError(field, 'must be a non-empty string');
  }
  if (value.length > maxLength) {
    throw new InvalidInputError(field, `must be at most ${maxLength} characters`);
  }
  return value;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Graph delivers only to https endpoints. Plain http is let through for loopback hosts, which
 * only a local emulator can reach.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @throws {InvalidInputError} when the value is not an absolute https URL.
 */
export function checkNotificationUrl(value: unknown, field: string): string {
  const text = checkText(value, field, 2048);
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    // The URL is not echoed: a notification URL may carry a function key in its query.
    throw new InvalidInputError(field, 'is not an absolute URL', { cause });
  }
  const local = url.protocol === 'http:' && loopbackHosts.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new InvalidInputError(field, `must be an https URL, not ${url.protocol}`);
  }
  return text;
}
