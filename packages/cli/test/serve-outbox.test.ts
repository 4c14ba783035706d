// The parts of `lifeline serve`'s durable state in a real SQLite file: group commit (what is
// durable when a writer is told so), the --sync setting, the pump's hand-over and read-back, and
// the ledger's memory of entries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { LedgerEntry, LogEvent, Logger } from '@lifeline/core';
import type { ProcessLifecycleWorkResult } from '@lifeline/hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDatabase, type StateDatabase } from '../src/serve/database.js';
import { createOutbox } from '../src/serve/outbox.js';
import { createOutboxPump, type OutboxPump } from '../src/serve/pump.js';
import { createSqliteLedger } from '../src/serve/sqlite-ledger.js';
import { until } from './support/run.js';

let directory: string;
let state: StateDatabase | undefined;
let pump: OutboxPump | undefined;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'lifeline-outbox-'));
});

afterEach(async () => {
  await pump?.stop();
  pump = undefined;
  state?.close();
  state = undefined;
  rmSync(directory, { recursive: true, force: true });
});

async function open(options: Parameters<typeof openStateDatabase>[1] = {}) {
  state = await openStateDatabase(directory, options);
  return state;
}

const work = (id: string) => ({
  version: 1,
  receivedAt: '2026-12-01T10:00:00.000Z',
  value: [{ subscriptionId: id, lifecycleEvent: 'reauthorizationRequired' }],
});

// What another process sees: only committed rows.
function committedRows(): number {
  const reader = new DatabaseSync(join(directory, 'lifeline.db'), { readOnly: true });
  try {
    return Number((reader.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n);
  } finally {
    reader.close();
  }
}

describe('group commit', () => {
  it('commits the writes of one round together and tells each writer after the commit', async () => {
    const { db, commits } = await open();
    const outbox = createOutbox(db);
    const settled: string[] = [];
    const writes = ['a', 'b', 'c'].map((id) =>
      commits
        .write(() => outbox.add(work(id), work(id).receivedAt, 1000))
        .then((rowId) => {
          settled.push(id);
          return rowId;
        }),
    );

    expect(committedRows()).toBe(0);
    expect(settled).toEqual([]);
    const ids = await Promise.all(writes);
    expect(committedRows()).toBe(3);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(new Set(ids).size).toBe(3);
  });

  it('rejects a write that throws, and commits the others of its group', async () => {
    const { db, commits } = await open();
    const outbox = createOutbox(db);
    const kept = commits.write(() => outbox.add(work('a'), work('a').receivedAt, 1000));
    const refused = commits.write(() => db.prepare('INSERT INTO missing_table VALUES (1)').run());

    await expect(refused).rejects.toThrow(/missing_table/);
    await expect(kept).resolves.toBeTypeOf('number');
    expect(committedRows()).toBe(1);
  });

  it('rejects every writer of a group whose commit fails, and commits later groups', async () => {
    const { db, commits } = await open();
    const outbox = createOutbox(db);
    // A deferred foreign key is checked only at COMMIT, so this group's commit fails.
    db.exec(`PRAGMA foreign_keys = ON;
      CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);`);
    const first = commits.write(() => outbox.add(work('a'), work('a').receivedAt, 1000));
    const second = commits.write(() => db.prepare('INSERT INTO child VALUES (42)').run());

    await expect(first).rejects.toThrow(/FOREIGN KEY/);
    await expect(second).rejects.toThrow(/FOREIGN KEY/);
    expect(committedRows()).toBe(0);
    await commits.write(() => outbox.add(work('b'), work('b').receivedAt, 1000));
    expect(committedRows()).toBe(1);
  });

  it('commits what is pending when the database closes', async () => {
    const { db, commits } = await open();
    const written = commits.write(() => createOutbox(db).add(work('a'), 'x', 1000));
    state?.close();
    state = undefined;
    await written;
    expect(committedRows()).toBe(1);
  });
});

describe('--sync', () => {
  const synchronous = (db: DatabaseSync) =>
    (db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous;

  it('is NORMAL by default and FULL with full', async () => {
    expect(synchronous((await open()).db)).toBe(1);
    state?.close();
    expect(synchronous((await open({ sync: 'full' })).db)).toBe(2);
  });
});

describe('the outbox pump', () => {
  const silent: Logger = { info() {}, warn() {}, error() {} };
  const done: ProcessLifecycleWorkResult = {
    outcomes: [],
    warnings: [],
    retry: undefined,
    retryAfterMs: undefined,
  };

  async function startPump(
    process: (work: unknown) => Promise<ProcessLifecycleWorkResult>,
    options: { readyLimit?: number; now?: () => number; logger?: Logger } = {},
  ) {
    const { db, commits } = await open();
    const outbox = createOutbox(db);
    pump = createOutboxPump({
      outbox,
      commits,
      process,
      logger: options.logger ?? silent,
      maxAttempts: 3,
      concurrency: 2,
      readyLimit: options.readyLimit,
      now: options.now,
    });
    const add = async (id: string) => {
      const item = work(id);
      const rowId = await commits.write(() => outbox.add(item, item.receivedAt, 1000));
      return { id: rowId, work: item, receivedAt: item.receivedAt, attempts: 0, dueAt: 1000 };
    };
    return { outbox, commits, add };
  }

  it('acts on handed-over work as it was handed over, and removes it', async () => {
    const seen: unknown[] = [];
    const { outbox, add } = await startPump(async (item) => {
      seen.push(item);
      return done;
    });
    const item = await add('a');
    pump?.push(item);

    await until(() => outbox.counts().pending === 0, 'the work to be removed');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(item.work);
  });

  it('reads back what it could not keep in memory, and acts on each piece once', async () => {
    const seen: string[] = [];
    const { outbox, add } = await startPump(
      async (item) => {
        seen.push((item as ReturnType<typeof work>).value[0]?.subscriptionId ?? '');
        return done;
      },
      { readyLimit: 2 },
    );
    const ids = Array.from({ length: 9 }, (_, index) => `s${index}`);
    for (const item of await Promise.all(ids.map(add))) pump?.push(item);

    await until(() => outbox.counts().pending === 0, 'the outbox to empty');
    expect([...seen].sort()).toEqual(ids);
  });

  it('leaves work whose commit is not yet known to the hand-over', async () => {
    const seen: unknown[] = [];
    const { outbox, commits } = await startPump(async (item) => {
      seen.push(item);
      return done;
    });
    await until(() => pump?.inFlight === 0, 'the start');
    const item = work('a');
    const written = commits.write(() => outbox.add(item, item.receivedAt, 1000));
    pump?.wake();
    expect(seen).toEqual([]);

    const id = await written;
    pump?.push({ id, work: item, receivedAt: item.receivedAt, attempts: 0, dueAt: 1000 });
    await until(() => outbox.counts().pending === 0, 'the work to be removed');
    expect(seen).toEqual([item]);
  });

  it('tries retryable work again once it is due, then moves it to failed_work', async () => {
    let clock = 1000;
    const events: LogEvent[] = [];
    const logger: Logger = { info() {}, warn: (e) => events.push(e), error: (e) => events.push(e) };
    let tries = 0;
    const { outbox, add } = await startPump(
      async (item) => {
        tries += 1;
        return { ...done, retry: item as never, retryAfterMs: 60_000 };
      },
      { now: () => clock, logger },
    );
    pump?.push(await add('a'));
    await until(() => events.length === 1, 'the first retry');
    expect(outbox.nextDueAfter(clock)).toBe(61_000);

    pump?.wake();
    expect(tries).toBe(1);
    clock = 61_000;
    pump?.wake();
    await until(() => events.length === 2, 'the second retry');
    clock = 200_000;
    pump?.wake();
    await until(() => outbox.counts().failed === 1, 'the third try to fail for good');
    expect(tries).toBe(3);
    expect(events.map((e) => e.event)).toEqual([
      'lifeline.outbox.retry',
      'lifeline.outbox.retry',
      'lifeline.outbox.failed',
    ]);
    expect(outbox.counts().pending).toBe(0);
  });
});

describe('the SQLite ledger in memory', () => {
  const entry = (id: string, updatedAt: string): LedgerEntry => ({
    subscriptionId: id,
    lastResult: 'done',
    updatedAt,
  });

  it('answers from memory what it wrote, and reads the table again after forget', async () => {
    const { db } = await open();
    const ledger = createSqliteLedger(db);
    ledger.put('a', entry('a', '2026-12-01T10:00:00.000Z'));
    // Another writer changes the row behind the ledger's back.
    db.prepare('UPDATE ledger SET entry = ? WHERE subscription_id = ?').run(
      JSON.stringify(entry('a', '2026-12-01T11:00:00.000Z')),
      'a',
    );
    expect(ledger.get('a')?.updatedAt).toBe('2026-12-01T10:00:00.000Z');
    ledger.forget();
    expect(ledger.get('a')?.updatedAt).toBe('2026-12-01T11:00:00.000Z');
    expect(ledger.get('b')).toBeUndefined();
  });
});
