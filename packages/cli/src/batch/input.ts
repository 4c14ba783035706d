/**
 * The options batch commands share: where the ids come from (arguments, `--stdin`, `--all`), how
 * fast to go (`--rate`, `--concurrency`).
 *
 * @module
 */
import type { GraphClient } from '@lifeline/core';
import { UsageError } from '../args.js';
import { type CliIo, readAll } from '../io.js';
import { createSlidingWindow, type SlidingWindow } from '../limiter.js';
import { uniqueIds } from './run.js';

/** The batch options, in `parseArgs` form. */
export const batchOptions = {
  stdin: { type: 'boolean' },
  all: { type: 'boolean' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
} as const;

/** The values of {@link batchOptions}. */
export interface BatchValues {
  stdin?: boolean | undefined;
  all?: boolean | undefined;
  rate?: string | undefined;
  concurrency?: string | undefined;
}

/** Graph's throttling window for the subscription service: 20 seconds. */
export const throttleWindowMs = 20_000;

// Requests are counted where they start here but where they arrive at Graph, and network delays
// vary; a slightly longer window keeps the arrivals inside Graph's limit too (5% below it).
const windowMarginMs = 1_000;

/**
 * Checks where ids will come from, before signing in.
 *
 * @throws {UsageError} when no source, or `--all` with another source, is given.
 */
export function checkIdSources(positionals: readonly string[], values: BatchValues): void {
  const sources = (positionals.length > 0 ? 1 : 0) + (values.stdin ? 1 : 0);
  if (values.all && sources > 0) {
    throw new UsageError('--all takes no ids: give ids, --stdin, or --all alone');
  }
  if (!values.all && sources === 0) {
    throw new UsageError('missing subscription ids: give <id…>, --stdin or --all');
  }
}

/**
 * The ids to work on: the arguments and stdin's lines (blank lines and `#` comments skipped), or
 * every subscription the app can list with `--all`. Repeats are dropped.
 */
export async function readIds(
  positionals: readonly string[],
  values: BatchValues,
  io: CliIo,
  graph: GraphClient,
): Promise<string[]> {
  if (values.all) return uniqueIds((await graph.list()).map(({ id }) => id));
  const lines = values.stdin ? (await readAll(io.stdin)).split(/\r?\n/) : [];
  const fromStdin = lines
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return uniqueIds([...positionals, ...fromStdin]);
}

/**
 * A limiter at `--rate` requests per 20 seconds, never above `documentedLimit` (Graph's limit
 * per app per tenant for the request type).
 *
 * @throws {UsageError} for a rate that is not an integer from 1 to `documentedLimit`.
 */
export function readRate(values: BatchValues, documentedLimit: number): SlidingWindow {
  const limit = readInteger(values.rate, 'rate', documentedLimit, documentedLimit);
  return createSlidingWindow({ limit, windowMs: throttleWindowMs + windowMarginMs });
}

/**
 * `--concurrency`: requests in flight at once, 1 to 100.
 *
 * @throws {UsageError} otherwise.
 */
export function readConcurrency(values: BatchValues, fallback = 10): number {
  return readInteger(values.concurrency, 'concurrency', fallback, 100);
}

function readInteger(
  text: string | undefined,
  option: string,
  fallback: number,
  maximum: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > maximum) {
    throw new UsageError(
      `--${option} must be a whole number from 1 to ${maximum} (got ${JSON.stringify(text)})`,
    );
  }
  return value;
}
