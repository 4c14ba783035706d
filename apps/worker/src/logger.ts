/**
 * The worker's logger: structured events to the console, which Workers Logs index by field.
 * Callers pass ids, codes and timings only, never a token, secret or `clientState`.
 *
 * @module
 */
import type { LogEvent, Logger } from '@lifeline/core';

/** A {@link Logger} that writes each event as one object to the matching console method. */
export const consoleLogger: Logger = Object.freeze({
  info: (event: LogEvent) => console.info(event),
  warn: (event: LogEvent) => console.warn(event),
  error: (event: LogEvent) => console.error(event),
});
