/**
 * Runs a task per item with at most a fixed number in flight.
 *
 * @module
 */

/**
 * Calls `task` for every item, at most `concurrency` at once, and resolves when all have
 * settled. `task` must not reject; a batch command turns each failure into a result.
 */
export async function runBounded<T>(
  items: Iterable<T>,
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await task(next.value);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
