// The server's durable state in a real SQLite file: the outbox, the ledger, their repair after a
// crash, and (with the emulator over real HTTP) a challenge whose outbox row outlived its action.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerEntry, LogEvent, Logger } from '@lifeline/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDatabase, type StateDatabase } from '../src/serve/database.js';
import { createOutbox } from '../src/serve/outbox.js';
import { startLifelineServer } from '../src/serve/server.js';
import { createSqliteLedger } from '../src/serve/sqlite-ledger.js';
import { startTestGraph, subscribe } from './support/graph.js';
import { until } from './support/run.js';

let directory: string;
let state: StateDatabase | undefined;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'lifeline-state-'));
});

afterEach(() => {
  state?.close();
  state = undefined;
  rmSync(directory, { recursive: true, force: true });
});

async function open() {
  state = await openStateDatabase(directory);
  return state;
}

const work = (id: string) => ({
  version: 1,
  receivedAt: '2026-12-01T10:00:00.000Z',
  value: [{ subscriptionId: id, lifecycleEvent: 'reauthorizationRequired' }],
});

describe('the outbox', () => {
  it('keeps work across a reopen until it is completed, rescheduled or failed', async () => {
    const first = createOutbox((await open()).db);
    const a = first.add(work('a'), '2026-12-01T10:00:00.000Z', 1000);
    const b = first.add(work('b'), '2026-12-01T10:00:00.000Z', 1000);
    state?.close();

    const outbox = createOutbox((await open()).db);
    expect(outbox.due(1000, 10, new Set()).map((item) => item.id)).toEqual([a, b]);
    expect(outbox.due(1000, 10, new Set([a])).map((item) => item.id)).toEqual([b]);

    outbox.reschedule(a, work('a2'), 5000, 'ERR_GRAPH_RESPONSE');
    expect(outbox.due(1000, 10, new Set()).map((item) => item.id)).toEqual([b]);
    expect(outbox.nextDueAt(new Set([b]))).toBe(5000);
    expect(outbox.due(5000, 10, new Set([b]))).toEqual([
      { id: a, work: work('a2'), receivedAt: '2026-12-01T10:00:00.000Z', attempts: 1, dueAt: 5000 },
    ]);

    outbox.fail(b, work('b'), 'gave up', '2026-12-01T10:05:00.000Z');
    outbox.complete(a);
    expect(outbox.counts()).toEqual({ pending: 0, failed: 1 });
    expect(outbox.nextDueAt(new Set())).toBeUndefined();
  });
});

describe('the SQLite ledger', () => {
  const entry = (id: string, result: 'pending' | 'done'): LedgerEntry => ({
    subscriptionId: id,
    lastCall: { action: 'reauthorize', at: '2026-12-01T10:00:00.000Z', result },
    lastResult: result,
    updatedAt: '2026-12-01T10:00:00.000Z',
  });

  it('remembers entries across a reopen and fails calls a crash left pending', async () => {
    const ledger = createSqliteLedger((await open()).db);
    ledger.put('a', entry('a', 'pending'));
    ledger.put('b', entry('b', 'done'));
    state?.close();

    const reopened = createSqliteLedger((await open()).db);
    expect(reopened.get('b')).toEqual(entry('b', 'done'));
    expect(reopened.failPendingCalls()).toBe(1);
    expect(reopened.get('a')?.lastCall).toEqual({
      action: 'reauthorize',
      at: '2026-12-01T10:00:00.000Z',
      result: 'failed',
    });
    expect(reopened.get('a')?.lastResult).toBe('failed');
    expect(reopened.prune(new Date('2026-12-02T00:00:00.000Z'))).toBe(2);
    expect(reopened.list()).toEqual([]);
  });
});

describe('a crash after the action but before the outbox row was removed', () => {
  it('does not act twice: the ledger recognises the repeat', async () => {
    const graph = await startTestGraph();
    const events: LogEvent[] = [];
    const logger: Logger = {
      info: (e) => events.push(e),
      warn: (e) => events.push(e),
      error: (e) => events.push(e),
    };
    const serverOptions = {
      port: 0,
      host: '127.0.0.1',
      path: '/lifecycle',
      stateDir: directory,
      maxAttempts: 3,
      graph: graph.graph,
      cloud: { name: 'custom', ...graph.emulator.cloud },
      appId: graph.emulator.apps.secret.clientId,
      clientState: 'crash-test-state',
      logger,
    };
    try {
      const server = await startLifelineServer(serverOptions);
      const { id } = await subscribe(graph.graph, graph.emulator, server.url, {
        clientState: 'crash-test-state',
      });
      await graph.emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
      const succeeded = async () =>
        (
          await graph.emulator.admin.records.calls({ operation: 'reauthorize', subscriptionId: id })
        ).filter((call) => call.status === 204).length;
      await until(async () => (await succeeded()) === 1, 'the reauthorize');
      await until(() => server.outbox.counts().pending === 0, 'the outbox to empty');
      await server.close();

      // Put back the row as a crash between the Graph call and its removal would leave it.
      const db = await open();
      createOutbox(db.db).add(work(id), new Date().toISOString(), Date.now());
      db.close();
      state = undefined;

      const restarted = await startLifelineServer(serverOptions);
      await until(() => restarted.outbox.counts().pending === 0, 'the leftover work');
      await restarted.close();
      const outcomes = events.filter((e) => e.event === 'lifeline.lifecycle.outcome');
      expect(outcomes.map((e) => [e.action, e.result])).toEqual([
        ['reauthorize', 'done'],
        ['ignore', 'ignored'],
      ]);
      expect(await succeeded()).toBe(1);
    } finally {
      await graph.close();
    }
  });
});
