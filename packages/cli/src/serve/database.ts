/**
 * The state of `lifeline serve`: one SQLite database (`node:sqlite`) in the state directory, in
 * WAL mode, so that work acknowledged to Graph survives a crash; writes share commits (see
 * `group-commit.ts`); and a lock so that only one server uses a state directory at a time.
 *
 * @module
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { UsageError } from '../args.js';
import { createGroupCommit, type GroupCommit } from './group-commit.js';

/**
 * How far a commit goes before it counts as done (SQLite's `synchronous` setting).
 * - `normal`: into the WAL file, handed to the operating system. A committed write survives the
 *   process being killed (even by SIGKILL); a crash of the operating system or a power loss may
 *   lose the last commits. See https://www.sqlite.org/pragma.html#pragma_synchronous
 * - `full`: also synced to the disk (an fsync per commit), so it survives a power loss too.
 */
export type SyncMode = 'normal' | 'full';

/** Options of {@link openStateDatabase}. */
export interface StateDatabaseOptions {
  /** Default `normal`. */
  readonly sync?: SyncMode | undefined;
}

/** An open state directory. */
export interface StateDatabase {
  readonly db: DatabaseSync;
  readonly path: string;
  /** Writes that share commits; see {@link GroupCommit}. */
  readonly commits: GroupCommit;
  /** Commits what is pending, closes the database and releases the directory's lock. */
  close(): void;
}

const schema = `
  CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    work TEXT NOT NULL,
    received_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    last_error TEXT
  );
  CREATE INDEX IF NOT EXISTS outbox_due ON outbox (due_at);
  CREATE TABLE IF NOT EXISTS failed_work (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id INTEGER NOT NULL,
    work TEXT NOT NULL,
    received_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    failed_at TEXT NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS ledger (
    subscription_id TEXT PRIMARY KEY,
    entry TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
`;

/**
 * Opens (creating when needed) the state directory and its database.
 *
 * @throws {UsageError} when the directory cannot be created or another live server holds it.
 */
export async function openStateDatabase(
  directory: string,
  options: StateDatabaseOptions = {},
): Promise<StateDatabase> {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UsageError(`cannot create --state ${directory}: ${codeOf(error)}`);
  }
  const lock = takeLock(directory);
  // Imported here, not at the top, so that commands that never open a database never load it.
  const { DatabaseSync } = await import('node:sqlite');
  const path = join(directory, 'lifeline.db');
  const db = new DatabaseSync(path);
  const synchronous = options.sync === 'full' ? 'FULL' : 'NORMAL';
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`);
  db.exec('PRAGMA busy_timeout = 5000;');
  db.exec(schema);
  const commits = createGroupCommit(db);
  return {
    db,
    path,
    commits,
    close() {
      if (db.isOpen) {
        commits.flush();
        db.close();
      }
      rmSync(lock, { force: true });
    },
  };
}

// A pid file: a server that died (even by SIGKILL) leaves a pid that is no longer alive, and the
// next server takes the directory over.
function takeLock(directory: string): string {
  const lock = join(directory, 'serve.pid');
  const holder = readPid(lock);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new UsageError(
      `--state ${directory} is in use by another lifeline serve (pid ${holder})`,
    );
  }
  writeFileSync(lock, `${process.pid}\n`, { mode: 0o600 });
  return lock;
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}
