// One emulator per test file and a fresh state directory per test for `lifeline serve` runs, which
// are killed (if still running) and awaited after each test.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestGraph, subscribe, type TestGraph } from './graph.js';
import { type LongRun, start } from './run.js';

/** A started `lifeline serve`, with what its listening line said. */
export interface StartedServe {
  readonly run: LongRun;
  readonly url: string;
  readonly pending: number;
  readonly recovered: number;
}

/** What a test file gets from {@link useServeHarness}; read its fields inside tests. */
export interface ServeHarness {
  /** The emulator and a Graph client signed in to it, for the whole file. */
  readonly graph: TestGraph;
  /** The state directory of the current test. */
  readonly stateDir: string;
  /** Starts `lifeline serve --state <stateDir> …args` and waits until it listens. */
  serve(args?: string[], env?: Record<string, string | undefined>): Promise<StartedServe>;
  /** Kills (if still running) and awaits `run` after the test, as for the servers it starts. */
  track(run: LongRun): LongRun;
  /** Posts a `reauthorizationRequired` challenge for `subscriptionId` straight to `url`. */
  postChallenge(url: string, subscriptionId: string): Promise<Response>;
  /** Reads the current test's state database read-only, as another process would. */
  readState<T>(read: (db: DatabaseSync) => T): T;
  /** Creates a subscription in the emulator whose lifecycle URL is `url`. */
  subscribeTo(url: string): ReturnType<typeof subscribe>;
}

/** Registers the file's hooks; `clientState` is what serve expects and subscriptions carry. */
export function useServeHarness(clientState: string): ServeHarness {
  let graph: TestGraph | undefined;
  let stateDir: string | undefined;
  const running: LongRun[] = [];

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph?.close();
  });
  beforeEach(async () => {
    await required(graph, 'graph').emulator.admin.reset();
    stateDir = mkdtempSync(join(tmpdir(), 'lifeline-serve-'));
  });
  afterEach(async () => {
    for (const run of running.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.exited;
    }
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  return {
    get graph() {
      return required(graph, 'graph');
    },
    get stateDir() {
      return required(stateDir, 'stateDir');
    },
    async serve(args = [], env = {}) {
      const run = start(['serve', '--state', required(stateDir, 'stateDir'), ...args], {
        env: { ...required(graph, 'graph').env, LIFELINE_CLIENT_STATE: clientState, ...env },
      });
      running.push(run);
      const line = JSON.parse(await run.line(/"event":"lifeline\.serve\.listening"/)) as {
        url: string;
        pending: number;
        recovered: number;
      };
      return { run, ...line };
    },
    track(run) {
      running.push(run);
      return run;
    },
    postChallenge(url, subscriptionId) {
      const item = {
        subscriptionId,
        subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
        tenantId: required(graph, 'graph').emulator.tenantId,
        clientState,
        lifecycleEvent: 'reauthorizationRequired',
      };
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: [item] }),
      });
    },
    readState(read) {
      const path = join(required(stateDir, 'stateDir'), 'lifeline.db');
      const reader = new DatabaseSync(path, { readOnly: true });
      try {
        return read(reader);
      } finally {
        reader.close();
      }
    },
    subscribeTo(url) {
      const { graph: client, emulator } = required(graph, 'graph');
      return subscribe(client, emulator, url, { resource: `users/${randomUUID()}`, clientState });
    },
  };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is only set inside a test`);
  return value;
}
