/**
 * Running work over a list with a bound on how much runs at once.
 *
 * @module
 */

/**
 * Calls `work` for every item, with at most `limit` calls under way at once, and resolves when
 * all have settled. `work` must not reject; callers turn failures into results.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  // One item, the common case for a lifecycle batch, needs no workers.
  if (items.length === 1) return work(items[0] as T);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  const workers = Array.from({ length: Math.min(limit, items.length) }, worker);
  await Promise.all(workers);
}
