/**
 * The lifecycle endpoint as a Node server: `@lifeline/hono`'s routes on `@hono/node-server`, with
 * every acknowledged challenge that needs work written to the SQLite outbox before the `202`
 * (repeats of a challenge answered already are settled at once), worked through by the outbox
 * pump, and remembered in the SQLite ledger.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type {
  Clock,
  Cloud,
  Ledger,
  LedgerEntry,
  LifecycleGraph,
  LifecycleHooks,
  LifecyclePolicy,
  Logger,
} from '@lifeline/core';
import { type LifecycleRoutes, type LifecycleWork, lifecycleRoutes } from '@lifeline/hono';
import { Hono } from 'hono';
import { CommandFailure } from '../failure.js';
import { exitCodes } from '../io.js';
import { openStateDatabase, type StateDatabase } from './database.js';
import type { GroupCommit } from './group-commit.js';
import type { ServeSettings } from './options.js';
import { createOutbox, type Outbox } from './outbox.js';
import { createOutboxPump, type OutboxPump } from './pump.js';
import { createSqliteLedger, type SqliteLedger } from './sqlite-ledger.js';

/** What the server acts with. */
export interface LifelineServerOptions extends ServeSettings {
  readonly graph: LifecycleGraph;
  readonly cloud: Cloud;
  /** The app id validation tokens must name. */
  readonly appId: string;
  /** The expected clientState; without it every batch must carry validation tokens. */
  readonly clientState: string | undefined;
  readonly hooks?: LifecycleHooks | undefined;
  readonly policy?: LifecyclePolicy | undefined;
  readonly logger: Logger;
  /** The clock for decisions and token checks. Default: the system's. */
  readonly now?: Clock | undefined;
  /** Pieces of work acted on at once. Default 4. */
  readonly concurrency?: number | undefined;
}

/** A running server. */
export interface LifelineServer {
  /** The lifecycle URL, e.g. `http://127.0.0.1:8080/lifecycle`. */
  readonly url: string;
  readonly outbox: Outbox;
  readonly ledger: SqliteLedger;
  readonly pump: OutboxPump;
  /** Stops accepting requests, finishes the work in flight, and closes the database. */
  close(): Promise<void>;
}

const ledgerRetentionMs = 7 * 24 * 3_600_000;
const defaultConcurrency = 4;

/**
 * Opens the state directory, resumes work left by an earlier run, and starts listening.
 *
 * @throws {UsageError} when the state directory cannot be used.
 * @throws {CommandFailure} (exit 3) when the server cannot listen, e.g. the port is taken.
 */
export async function startLifelineServer(options: LifelineServerOptions): Promise<LifelineServer> {
  const state = await openStateDatabase(options.stateDir, { sync: options.sync });
  const ledger = createSqliteLedger(state.db);
  const outbox = createOutbox(state.db);
  const recovered = ledger.failPendingCalls();
  ledger.prune(new Date(Date.now() - ledgerRetentionMs));

  let pump: OutboxPump | undefined;
  const routes = createRoutes(options, durableLedger(ledger, state.commits), async (work) => {
    const dueAt = Date.now();
    const id = await state.commits.write(() => outbox.add(work, work.receivedAt, dueAt));
    pump?.push({ id, work, receivedAt: work.receivedAt, attempts: 0, dueAt });
  });
  pump = createOutboxPump({
    outbox,
    commits: state.commits,
    process: (work) => routes.process(work),
    logger: options.logger,
    maxAttempts: options.maxAttempts,
    concurrency: options.concurrency ?? defaultConcurrency,
  });
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true, ...outbox.counts() }));
  app.route(options.path, routes);

  const server = await listen(app, options, state, pump);
  const url = `http://${hostForUrl(options.host)}:${server.port}${options.path}`;
  const { pending, failed } = outbox.counts();
  options.logger.info({ event: 'lifeline.serve.listening', url, pending, failed, recovered });
  const running = pump;
  return {
    url,
    outbox,
    ledger,
    pump: running,
    close: () => shutdown(server.server, routes, running, state, options.logger),
  };
}

// The ledger as the routes use it: a write resolves once committed, so that a call recorded as
// pending is durable before it is sent, and a failed commit forgets what memory kept of it. The
// record of a finished Graph call is committed at once rather than with its group: until it is,
// a crash makes the next start send the call again.
function durableLedger(ledger: SqliteLedger, commits: GroupCommit): Ledger {
  return {
    get: (subscriptionId) => ledger.get(subscriptionId),
    put(subscriptionId, entry) {
      const written = commits.write(() => ledger.put(subscriptionId, entry));
      if (isFinishedCall(entry)) commits.flush();
      return written.catch((error: unknown) => {
        ledger.forget();
        throw error;
      });
    },
    list: () => ledger.list(),
  };
}

function isFinishedCall(entry: LedgerEntry): boolean {
  const call = entry.lastAction === 'reauthorize' || entry.lastAction === 'renew';
  return call && entry.lastResult !== 'pending';
}

function createRoutes(
  options: LifelineServerOptions,
  ledger: Ledger,
  enqueue: (work: LifecycleWork) => Promise<void>,
): LifecycleRoutes {
  return lifecycleRoutes({
    graph: options.graph,
    cloud: options.cloud,
    clientState: options.clientState,
    appIds: [options.appId],
    requireValidationTokens: options.clientState === undefined,
    ledger,
    policy: options.policy,
    logger: options.logger,
    now: options.now,
    onSubscriptionRemoved: options.hooks?.onSubscriptionRemoved,
    onMissed: options.hooks?.onMissed,
    // Resolves once the insert has committed, before the routes answer 202.
    enqueue,
    // The ledger is in memory and on the local disk: a repeat of a challenge answered within the
    // dedupe window is settled before the 202 instead of going through the outbox.
    settleRepeats: true,
  });
}

async function listen(
  app: Hono,
  options: LifelineServerOptions,
  state: StateDatabase,
  pump: OutboxPump,
): Promise<{ server: Server; port: number }> {
  try {
    return await new Promise((resolve, reject) => {
      const server = serve(
        { fetch: app.fetch, hostname: options.host, port: options.port },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      ) as Server;
      server.once('error', reject);
    });
  } catch (error) {
    await pump.stop();
    state.close();
    const code = (error as { code?: unknown }).code;
    const reason = code === 'EADDRINUSE' ? 'the port is in use' : String(code ?? error);
    throw new CommandFailure(
      `cannot listen on ${options.host}:${options.port}: ${reason}`,
      exitCodes.unavailable,
    );
  }
}

// Stop accepting first, so that no challenge is acknowledged after the database closes; then let
// the work in flight finish. Work not yet started stays in the outbox for the next start.
async function shutdown(
  server: Server,
  routes: LifecycleRoutes,
  pump: OutboxPump,
  state: StateDatabase,
  logger: Logger,
): Promise<void> {
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 5000);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
  await routes.drain();
  await pump.stop();
  state.close();
  logger.info({ event: 'lifeline.serve.stopped' });
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
