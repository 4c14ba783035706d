/**
 * The durable outbox: screened lifecycle work is written here before Graph is answered `202`, and
 * removed only once acted on, rescheduled when the action may succeed later, or moved to
 * `failed_work` when it cannot.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** One piece of queued work. */
export interface OutboxItem {
  readonly id: number;
  /** The `LifecycleWork` JSON, as the endpoint handed it over. */
  readonly work: unknown;
  readonly receivedAt: string;
  /** How many times it has been tried. */
  readonly attempts: number;
  /** When it may next be tried, epoch milliseconds. */
  readonly dueAt: number;
}

/** How much work there is. */
export interface OutboxCounts {
  readonly pending: number;
  readonly failed: number;
}

/**
 * The outbox's operations. Each runs at once and is atomic; it is committed at once too, unless
 * it runs inside an open transaction (such as a group commit's), which commits it.
 */
export interface Outbox {
  /** Writes new work, due at once; returns its id. Committed when it returns. */
  add(work: unknown, receivedAt: string, now: number): number;
  /** Work due by `now`, oldest first, leaving out the ids in `skip`. */
  due(now: number, limit: number, skip: ReadonlySet<number>): OutboxItem[];
  /** When the earliest work is due, or `undefined` when the outbox is empty. */
  nextDueAt(skip: ReadonlySet<number>): number | undefined;
  /** When the earliest work due after `now` is due, or `undefined` when there is none. */
  nextDueAfter(now: number): number | undefined;
  /** The highest id in the outbox, or 0 when it is empty. */
  lastId(): number;
  /** Removes finished work. */
  complete(id: number): void;
  /** Replaces the work with what remains to do and sets when to try again. */
  reschedule(id: number, work: unknown, dueAt: number, error: string | undefined): void;
  /** Moves work to `failed_work` with the reason, atomically. */
  fail(id: number, work: unknown, reason: string, failedAt: string): void;
  /** Keeps a copy of work that failed for good in `failed_work`; the outbox row is untouched. */
  recordFailure(id: number, work: unknown, reason: string, failedAt: string): void;
  counts(): OutboxCounts;
}

interface Row {
  id: number;
  work: string;
  received_at: string;
  attempts: number;
  due_at: number;
}

/** The outbox in the state database. */
export function createOutbox(db: DatabaseSync): Outbox {
  const sql = prepareStatements(db);
  const count = (statement: StatementSync) => Number((statement.get() as { n: number }).n);

  return {
    add: (work, receivedAt, now) =>
      Number(sql.insert.run(JSON.stringify(work), receivedAt, now).lastInsertRowid),
    due(now, limit, skip) {
      // Fetch enough rows to fill `limit` after leaving out the ones already being worked on.
      const rows = sql.due.all(now, limit + skip.size) as unknown as Row[];
      return rows
        .filter((row) => !skip.has(row.id))
        .slice(0, limit)
        .map(toItem);
    },
    nextDueAt(skip) {
      // In due order through the index, stopping at the first row not skipped.
      for (const row of sql.earliest.iterate() as Iterable<{ id: number; due_at: number }>) {
        if (!skip.has(row.id)) return row.due_at;
      }
      return undefined;
    },
    nextDueAfter: (now) => (sql.after.get(now) as { due: number | null }).due ?? undefined,
    lastId: () => Number((sql.highest.get() as { id: number | null }).id ?? 0),
    complete: (id) => {
      sql.remove.run(id);
    },
    reschedule: (id, work, dueAt, error) => {
      sql.update.run(JSON.stringify(work), dueAt, error ?? null, id);
    },
    fail: (id, work, reason, failedAt) => bury(db, sql, [id, work, reason, failedAt]),
    recordFailure(id, work, reason, failedAt) {
      sql.bury.run(JSON.stringify(work), failedAt, reason, id);
    },
    counts: () => ({ pending: count(sql.pending), failed: count(sql.failed) }),
  };
}

// Prepared once: every call reuses its statement.
function prepareStatements(db: DatabaseSync) {
  return {
    insert: db.prepare('INSERT INTO outbox (work, received_at, due_at) VALUES (?, ?, ?)'),
    due: db.prepare('SELECT * FROM outbox WHERE due_at <= ? ORDER BY due_at, id LIMIT ?'),
    remove: db.prepare('DELETE FROM outbox WHERE id = ?'),
    update: db.prepare(
      `UPDATE outbox SET work = ?, attempts = attempts + 1, due_at = ?, last_error = ?
       WHERE id = ?`,
    ),
    bury: db.prepare(
      `INSERT INTO failed_work (outbox_id, work, received_at, attempts, failed_at, reason)
       SELECT id, ?, received_at, attempts + 1, ?, ? FROM outbox WHERE id = ?`,
    ),
    pending: db.prepare('SELECT count(*) AS n FROM outbox'),
    failed: db.prepare('SELECT count(*) AS n FROM failed_work'),
    earliest: db.prepare('SELECT id, due_at FROM outbox ORDER BY due_at, id'),
    after: db.prepare('SELECT min(due_at) AS due FROM outbox WHERE due_at > ?'),
    highest: db.prepare('SELECT max(id) AS id FROM outbox'),
  };
}

// Moves work to failed_work atomically. A savepoint nests inside a group's transaction, and is a
// transaction of its own outside one.
function bury(
  db: DatabaseSync,
  sql: ReturnType<typeof prepareStatements>,
  [id, work, reason, failedAt]: [number, unknown, string, string],
): void {
  db.exec('SAVEPOINT outbox_fail');
  try {
    sql.bury.run(JSON.stringify(work), failedAt, reason, id);
    sql.remove.run(id);
    db.exec('RELEASE outbox_fail');
  } catch (error) {
    db.exec('ROLLBACK TO outbox_fail; RELEASE outbox_fail');
    throw error;
  }
}

function toItem(row: Row): OutboxItem {
  return {
    id: row.id,
    work: parseJson(row.work),
    receivedAt: row.received_at,
    attempts: row.attempts,
    dueAt: row.due_at,
  };
}

// A row that no longer parses becomes work the consumer rejects as invalid, not a crash.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
