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
  if (!isRealDate(Number(year), Number(month), Number(day))) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  if (!isValidOffset(offset)) return undefined;

  // Date parsing is only specified for 3 fractional digits; milliseconds are all a Date holds.
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  return Number.isNaN(time) ? undefined : new Date(time);
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isValidOffset(offset: string): boolean {
  if (offset === 'Z') return true;
  return Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59;
}
