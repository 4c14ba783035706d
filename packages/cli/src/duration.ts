/**
 * Durations as people type them on a command line (`90m`, `12h`, `2d`) and times as people read
 * them (`in 3h 5m`, `2d ago`).
 *
 * @module
 */
import { UsageError } from './args.js';

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const durationPattern = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;

/**
 * Reads a duration such as `90m`, `12h`, `2d` or `30s` into milliseconds.
 *
 * @throws {UsageError} naming the option when the text is not a positive duration.
 */
export function parseDuration(text: string, option: string): number {
  const match = durationPattern.exec(text.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  if (!match || !(amount > 0)) {
    throw new UsageError(
      `--${option} must be a duration such as 90m, 12h or 2d (got ${JSON.stringify(text)})`,
    );
  }
  return Math.round(amount * unitMs[match[2] as keyof typeof unitMs]);
}

/** A time relative to now in the two largest units: `in 2d 3h`, `45m ago`, `now`. */
export function formatRelative(time: Date, now: Date): string {
  const difference = time.getTime() - now.getTime();
  const size = Math.abs(difference);
  if (size < unitMs.m) return difference >= 0 ? 'in <1m' : '<1m ago';
  const span = formatSpan(size);
  return difference >= 0 ? `in ${span}` : `${span} ago`;
}

/** A span in its largest unit and the next one, rounded down: `2d 3h`, `5h 12m`, `1d`, `7m`. */
export function formatSpan(ms: number): string {
  const units = ['d', 'h', 'm'] as const;
  let rest = Math.floor(ms / unitMs.m) * unitMs.m;
  const counts = units.map((unit) => {
    const count = Math.floor(rest / unitMs[unit]);
    rest -= count * unitMs[unit];
    return count;
  });
  const found = counts.findIndex((count) => count > 0);
  const first = found === -1 ? units.length - 1 : found;
  const parts = [`${counts[first]}${units[first]}`];
  const next = counts[first + 1];
  if (next) parts.push(`${next}${units[first + 1]}`);
  return parts.join(' ');
}
