/**
 * A one-line progress bar on a terminal's stderr, redrawn in place. Nothing at all is written
 * when stderr is not a terminal, so logs and pipes stay clean.
 *
 * @module
 */
import type { OutputStream } from './io.js';

/** Counts shown next to the bar. */
export type ProgressCounts = Readonly<Record<string, number>>;

/** A progress bar that may be a no-op. */
export interface Progress {
  /** Redraws with `finished` items of the total done and the counts per result. */
  update(finished: number, counts: ProgressCounts): void;
  /** Erases the bar, for a line to be written or at the end. */
  clear(): void;
}

const width = 24;
const redrawEveryMs = 80;
const esc = String.fromCharCode(27);

/** A progress bar for `total` items on `stream`, only when it is a terminal and `total` > 1. */
export function createProgress(
  stream: OutputStream,
  label: string,
  total: number,
  now: () => number = Date.now,
): Progress {
  if (stream.isTTY !== true || total < 2) return { update() {}, clear() {} };
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(finished, counts) {
      const time = now();
      if (finished < total && time - drawnAt < redrawEveryMs) return;
      drawnAt = time;
      drawn = true;
      stream.write(`\r${esc}[K${renderBar(label, finished, total, counts)}`);
    },
    clear() {
      if (drawn) stream.write(`\r${esc}[K`);
      // Whatever is written next ends the line; the bar is drawn again at the next update.
      drawn = false;
      drawnAt = Number.NEGATIVE_INFINITY;
    },
  };
}

/** The bar's text: `label [#####-----] 12/40  done 10  failed 2`. */
export function renderBar(
  label: string,
  finished: number,
  total: number,
  counts: ProgressCounts,
): string {
  const filled = total === 0 ? width : Math.round((finished / total) * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const tally = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${count}`)
    .join('  ');
  return `${label} [${bar}] ${finished}/${total}${tally ? `  ${tally}` : ''}`;
}
