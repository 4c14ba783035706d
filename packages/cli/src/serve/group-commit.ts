/**
 * Group commit for the state database: every write made while the event loop works through one
 * round of I/O shares one transaction, committed once at the end of that round, and each writer
 * learns that its write is durable when that commit returns. Under load, one commit (and, with
 * `synchronous = FULL`, one fsync) then serves many requests instead of one each; a lone request
 * waits only for the end of the current round.
 *
 * @module
 */
import type { DatabaseSync } from 'node:sqlite';

/** Writes that share commits. */
export interface GroupCommit {
  /**
   * Runs `write` at once, inside the open group's transaction (opening one when none is open),
   * and resolves with its result once that transaction has committed. What `write` reads sees
   * every write made before it, committed or not.
   *
   * @throws {Error} (as a rejected promise) what `write` threw, or why the commit failed; the
   *   write is then not durable.
   */
  write<T>(write: () => T): Promise<T>;
  /** Commits the open group now, if there is one. Call it before closing the database. */
  flush(): void;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Group commit over `db`; the commit runs from `setImmediate`, after the round's I/O. */
export function createGroupCommit(db: DatabaseSync): GroupCommit {
  let waiters: Waiter[] | undefined;

  const open = (): Waiter[] => {
    // A failed statement (a full disk, an I/O error) can make SQLite roll the whole transaction
    // back; the writers of that group must then hear that their writes are gone.
    if (waiters && isTransaction(db) !== false) return waiters;
    if (waiters) settle(waiters, lostGroup());
    waiters = undefined;
    db.exec('BEGIN IMMEDIATE');
    const group: Waiter[] = [];
    waiters = group;
    setImmediate(() => commit(group));
    return group;
  };

  const commit = (group: Waiter[]): void => {
    if (waiters !== group) return;
    waiters = undefined;
    try {
      db.exec('COMMIT');
    } catch (error) {
      rollback(db);
      settle(group, error);
      return;
    }
    settle(group, undefined);
  };

  return {
    write<T>(write: () => T): Promise<T> {
      let group: Waiter[];
      let result: T;
      try {
        group = open();
        result = write();
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<T>((resolve, reject) => {
        group.push({ resolve: () => resolve(result), reject });
      });
    },
    flush() {
      if (waiters) commit(waiters);
    },
  };
}

function settle(group: readonly Waiter[], error: unknown): void {
  for (const waiter of group) {
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }
}

function rollback(db: DatabaseSync): void {
  try {
    if (isTransaction(db) !== false) db.exec('ROLLBACK');
  } catch {
    // Nothing is left to undo.
  }
}

// `isTransaction` exists from Node 22.16 and 24 on; earlier, a lost group shows at `COMMIT`.
function isTransaction(db: DatabaseSync): boolean | undefined {
  const value = (db as { isTransaction?: unknown }).isTransaction;
  return typeof value === 'boolean' ? value : undefined;
}

function lostGroup(): Error {
  return new Error('the database rolled the transaction back');
}
