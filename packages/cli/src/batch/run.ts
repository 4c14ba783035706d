/**
 * Runs one Graph operation over many subscription ids: bounded concurrency, a client-side rate
 * limit, a progress bar, and one result per id. A bad id or a failed call never stops the others.
 *
 * @module
 */
import { describeFailure, type ItemVerdict } from '../failure.js';
import { type ExitCode, exitCodes, type OutputStream } from '../io.js';
import { runBounded } from '../pool.js';
import { createProgress } from '../progress.js';

/** How one id ended. */
export type BatchResult = 'done' | ItemVerdict;

/** The outcome for one id, as `--json` prints it. */
export interface BatchItem {
  readonly id: string;
  readonly result: BatchResult;
  /** For `failed`, `gone` and `invalid`: a stable code (Lifeline's, or msal's for sign-in). */
  readonly code?: string | undefined;
  /** For `failed`, `gone` and `invalid`: why, in one line. */
  readonly message?: string | undefined;
  /** The HTTP status Graph answered a failure with. */
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
  /** Fields the operation adds on success, e.g. a renewal's new `expirationDateTime`. */
  readonly [field: string]: unknown;
}

/** Options of {@link runBatch}. */
export interface BatchOptions {
  /** Shown next to the progress bar, e.g. `reauthorize`. */
  readonly label: string;
  readonly concurrency: number;
  /**
   * stderr: the progress bar (only on a terminal) and one line per id that did not succeed,
   * written as it is known, so that a script reads each failure where errors go.
   */
  readonly stderr: OutputStream;
  /** Does the work for one id; may return fields for the result. */
  readonly act: (id: string) => Promise<Record<string, unknown> | undefined>;
  /** Hears each result as it is known, e.g. to print a JSON line. */
  readonly onResult?: ((item: BatchItem) => void) | undefined;
}

/** Runs `act` for every id and returns the results in the order of `ids`. */
export async function runBatch(
  ids: readonly string[],
  options: BatchOptions,
): Promise<BatchItem[]> {
  const results = new Map<string, BatchItem>();
  const counts: Record<BatchResult, number> = { done: 0, gone: 0, failed: 0, invalid: 0 };
  const progress = createProgress(options.stderr, options.label, ids.length);
  await runBounded(ids, options.concurrency, async (id) => {
    const item = await settle(id, options.act);
    results.set(id, item);
    counts[item.result] += 1;
    if (item.result !== 'done') {
      progress.clear();
      options.stderr.write(
        `lifeline ${options.label}: ${item.id}: ${item.result}: ${item.message}\n`,
      );
    }
    options.onResult?.(item);
    progress.update(results.size, counts);
  });
  progress.clear();
  return ids.map((id) => results.get(id) as BatchItem);
}

async function settle(id: string, act: BatchOptions['act']): Promise<BatchItem> {
  try {
    const fields = await act(id);
    return { id, result: 'done', ...fields };
  } catch (error) {
    const failure = describeFailure(error);
    return {
      id,
      result: failure.verdict,
      code: failure.code,
      message: failure.message,
      ...(failure.status !== undefined && { status: failure.status }),
      ...(failure.requestId !== undefined && { requestId: failure.requestId }),
    };
  }
}

/** The exit code of a batch: 2 when an id was invalid, 1 when one failed or is gone, else 0. */
export function batchExitCode(items: readonly BatchItem[]): ExitCode {
  if (items.some(({ result }) => result === 'invalid')) return exitCodes.usage;
  if (items.some(({ result }) => result !== 'done')) return exitCodes.rejected;
  return exitCodes.ok;
}

/** Ids in first-seen order, without repeats. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
