/**
 * The timestamp spellings that Microsoft Graph and Entra ID put on the wire.
 *
 * @module
 */

/**
 * A Graph `DateTimeOffset` with seven fractional digits, as in lifecycle notifications and
 * subscription bodies: `2019-03-20T11:00:00.0000000Z`.
 */
export function graphTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** The `innerError.date` of a Graph error: UTC, no fraction and no `Z` (`2023-04-05T08:44:07`). */
export function innerErrorDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** The `timestamp` of an Entra ID OAuth error: `2023-04-05 08:44:07Z`. */
export function oauthTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Whole seconds since the epoch, for JWT claims. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Parses an ISO 8601 timestamp with a zone; returns undefined for anything else. */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
