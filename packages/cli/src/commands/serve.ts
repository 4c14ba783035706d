/**
 * `lifeline serve`: the lifecycle endpoint on a server, with a durable SQLite outbox so that
 * every challenge acknowledged to Graph is acted on, also after a crash.
 *
 * @module
 */

import type { LifecycleHooks } from '@lifeline/core';
import { commonOptions, expectPositionals, parseCommandArgs, UsageError } from '../args.js';
import { authHelp, authOptions } from '../auth/options.js';
import { openGraphSession } from '../auth/session.js';
import type { Command } from '../command.js';
import { type CliIo, type ExitCode, exitCodes } from '../io.js';
import { createOutput } from '../output.js';
import { commandHooks } from '../serve/hooks.js';
import { createLogger } from '../serve/logger.js';
import { readServeSettings, type ServeSettings, serveOptions } from '../serve/options.js';
import type { LifelineServer } from '../serve/server.js';
import { waitForStopSignal } from '../signals.js';
import { announceEmulator, subscribeToEmulator } from './serve-emulator.js';

const options = { ...commonOptions, ...authOptions, ...serveOptions } as const;

// Short retries inside one attempt; longer waits go through the outbox, which survives restarts.
const clientRetry = { retry: { maxAttempts: 3, budgetMs: 15_000 } };

const help = `Receive Microsoft Graph lifecycle notifications and act on them.

Serves the lifecycle endpoint (set it as each subscription's lifecycleNotificationUrl): answers
Graph's validation handshake, checks clientState and validation tokens, writes each challenge to
a SQLite outbox in the state directory before answering 202 (a repeat of one answered within the
dedupe window is settled at once), then reauthorizes, or renews a subscription near expiry.
Work survives a crash of the process (and, with --sync full, a power loss): what was
acknowledged and not finished is resumed at the next start, retried after Graph's
Retry-After, and after --max-attempts moved to the failed_work table. Repeated
challenges are recognised across restarts. Graph needs https: put the server behind a
TLS-terminating proxy. Stop with Ctrl+C or SIGTERM: it stops accepting, finishes the work in
flight and closes the database.

Usage
  lifeline serve [options]
  lifeline serve --emulator               against an embedded emulator, no Azure needed

Options
  -p, --port <n>          port (default 8080, or PORT)
      --host <addr>       address to listen on (default 127.0.0.1; 0.0.0.0 for all)
      --path <path>       where the lifecycle endpoint is mounted (default /lifecycle)
      --state <dir>       state directory for lifeline.db (default .lifeline, or LIFELINE_STATE_DIR)
      --max-attempts <n>  tries per challenge before it moves to failed_work (default 10)
      --sync <mode>       normal (default, or LIFELINE_SYNC): an acknowledged challenge
                          survives a crash or kill of this process, but an OS crash or power
                          loss can lose the last ones; full: also survives a power loss, at
                          the cost of a disk flush per commit
      --on-removed <cmd>  shell command run for subscriptionRemoved (and a 404 from Graph):
                          create the subscription again; env LIFELINE_SUBSCRIPTION_ID,
                          LIFELINE_TENANT_ID, LIFELINE_RESOURCE (when known), LIFELINE_HOOK_CAUSE
      --on-missed <cmd>   shell command run for missed: resync the resource (same env)
                          Without these, both events are logged and ignored. A command that
                          exits non-zero marks the notification failed.
      --emulator          start an emulator in this process, sign in to it, and create a
                          subscription whose lifecycle URL is this server
      --json              log JSON lines even on a terminal (the default elsewhere)
  -h, --help              show this help

${authHelp}
  The expected clientState is read from LIFELINE_CLIENT_STATE. Without it, every notification
  must carry validation tokens issued for --client-id.

Examples
  LIFELINE_CLIENT_STATE=… lifeline serve --port 8080 --state /var/lib/lifeline
  lifeline serve --on-removed ./recreate.sh --on-missed ./resync.sh
  lifeline serve --emulator
  curl -s http://127.0.0.1:8080/healthz

Exit codes
  0  stopped by Ctrl+C or SIGTERM after finishing the work in flight
  2  bad input: a bad option, missing credentials, or a state directory in use
  3  sign-in failed (e.g. invalid_client), or the port is taken`;

/** The `serve` command. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the lifecycle endpoint with a durable outbox',
  help,
  async run(argv, io) {
    // Listen before the server announces itself, so that an early SIGTERM still drains.
    waitForStopSignal();
    const { values, positionals } = parseCommandArgs(argv, options);
    const out = createOutput(io.stdout, io.env);
    expectPositionals(positionals, []);
    const settings = readServeSettings(values, io.env);
    const pretty = values.json !== true && io.stdout.isTTY === true;
    const logger = createLogger(io.stdout, { pretty, style: out.style, batched: true });
    if (values.emulator) {
      refuseAuthWithEmulator(values);
      const hooks = commandHooks({
        onRemoved: values['on-removed'],
        onMissed: values['on-missed'],
      });
      return serveWithEmulator({ ...settings, hooks }, logger, io, pretty);
    }
    const session = await openGraphSession(values, io, clientRetry);
    const { startLifelineServer } = await loadServer();
    const server = await startLifelineServer({
      ...settings,
      graph: session.graph,
      cloud: session.settings.cloud,
      appId: session.settings.clientId,
      clientState: nonEmpty(io.env.LIFELINE_CLIENT_STATE),
      hooks: commandHooks({ onRemoved: values['on-removed'], onMissed: values['on-missed'] }),
      logger,
    });
    return runUntilStopped(server, logger);
  },
};

async function serveWithEmulator(
  settings: ServeSettings & { hooks: LifecycleHooks },
  logger: ReturnType<typeof createLogger>,
  io: CliIo,
  pretty: boolean,
): Promise<ExitCode> {
  const { startEmbeddedEmulator } = await import('../serve/embedded-emulator.js');
  const { startLifelineServer } = await loadServer();
  const embedded = await startEmbeddedEmulator({}, clientRetry);
  try {
    const clientState = nonEmpty(io.env.LIFELINE_CLIENT_STATE) ?? embedded.clientState;
    const server = await startLifelineServer({
      ...settings,
      graph: embedded.graph,
      cloud: embedded.cloud,
      appId: embedded.appId,
      clientState,
      logger,
      now: () => embedded.emulator.clock.now(),
    });
    const subscription = await subscribeToEmulator(embedded, server.url, clientState);
    announceEmulator(io, logger, pretty, { embedded, server, subscription });
    return await runUntilStopped(server, logger);
  } finally {
    await embedded.emulator.close();
  }
}

// The server (Hono, SQLite) is loaded only when this command runs, so others start quickly.
const loadServer = () => import('../serve/server.js');

async function runUntilStopped(
  server: LifelineServer,
  logger: ReturnType<typeof createLogger>,
): Promise<ExitCode> {
  const signal = await waitForStopSignal();
  logger.info({ event: 'lifeline.serve.stopping', signal, inFlight: server.pump.inFlight });
  await server.close();
  return exitCodes.ok;
}

function refuseAuthWithEmulator(values: Record<string, unknown>): void {
  const given = Object.keys(authOptions).filter((name) => values[name] !== undefined);
  if (given.length > 0) {
    throw new UsageError(`--emulator signs in to the emulator; leave out --${given.join(', --')}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
