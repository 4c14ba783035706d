/**
 * What a batch command prints: one JSON line per id with `--json`, otherwise a table of the ids
 * (every id for small batches, the ones that did not succeed for large ones) and a summary.
 *
 * @module
 */
import type { Output, Style } from '../output.js';
import type { BatchItem, BatchResult } from './run.js';

// Beyond this many ids the table lists only those that need attention.
const listEveryIdUpTo = 50;

/** Prints one batch item as a JSON line. */
export function printJsonLine(out: Output, item: BatchItem): void {
  out.line(JSON.stringify(item));
}

/**
 * Prints the results table and the summary line. `detail` gives the text shown for a successful
 * item (e.g. a renewal's new expiry).
 */
export function printBatchReport(
  out: Output,
  items: readonly BatchItem[],
  detail: (item: BatchItem) => string = () => '',
): void {
  const shown =
    items.length <= listEveryIdUpTo ? items : items.filter(({ result }) => result !== 'done');
  if (shown.length > 0) {
    out.table(
      ['SUBSCRIPTION', 'RESULT', 'DETAIL'],
      shown.map((item) => [
        item.id,
        paint(out.style, item.result),
        item.result === 'done' ? detail(item) : (item.message ?? ''),
      ]),
    );
    out.line();
  }
  const hidden = items.length - shown.length;
  const note = hidden > 0 ? ` (${hidden} done not listed; --json lists every id)` : '';
  out.line(`${summarize(items)}${note}`);
}

/** `done 3, gone 1, failed 0, invalid 0`. */
export function summarize(items: readonly BatchItem[]): string {
  const counts: Record<BatchResult, number> = { done: 0, gone: 0, failed: 0, invalid: 0 };
  for (const { result } of items) counts[result] += 1;
  return Object.entries(counts)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}

function paint(style: Style, result: BatchResult): string {
  if (result === 'done') return style.green(result);
  if (result === 'gone') return style.yellow(result);
  return style.red(result);
}
