/**
 * Checks for the value syntaxes Graph uses in notifications: GUIDs and ISO 8601 timestamps.
 *
 * @module
 */

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Graph writes timestamps with 0 to 7 fractional digits and either `Z` or a `±hh:mm` offset,
// e.g. `2019-09-18T00:52:45.9696658+00:00`.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/;

const maxTimestampLength = 40;

/** True for a GUID in its 8-4-4-4-12 hexadecimal form, in either case. */
export function isGuid(value: string): boolean {
  return value.length === 36 && guidPattern.test(value);
}

/**
 * Parses an ISO 8601 date-time with a `Z` or `±hh:mm` offset and up to 7 fractional digits.
 * Returns `undefined` for anything else, including impossible dates such as February 30.
 */
export function parseTimestamp(value: string): Date | undefined {
  if (value.length > maxTimestampLength) return undefined;
  const match = timestampPattern.exec(value);
  if (!match) return undefined;

  const [, year, month, day, hour, minute, second, fraction = '', offset = 'Z'] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const min = Number(minute);
  const s = Number(second);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  if (h > 23 || min > 59 || s > 59) return undefined;
  const offsetMinutes = offsetMinutesOf(offset);
  if (offsetMinutes === undefined) return undefined;

  // Milliseconds are all a Date holds: further fractional digits are dropped, not rounded.
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  // `Date.UTC` maps years 0 to 99 onto 1900 to 1999; `setUTCFullYear` does not.
  const date = new Date(Date.UTC(2000, m - 1, d, h, min, s, millis));
  return new Date(date.setUTCFullYear(y) - offsetMinutes * 60_000);
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return monthDays[month - 1] as number;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}

// The offset east of UTC in minutes, or undefined past 23:59.
function offsetMinutesOf(offset: string): number | undefined {
  if (offset === 'Z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (offset[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
