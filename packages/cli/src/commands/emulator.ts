/**
 * `lifeline emulator`: a local Microsoft Graph and Entra ID, with a ready app's credentials and
 * the environment lines that point every other `lifeline` command at it.
 *
 * @module
 */
import type { RunningEmulator, StartEmulatorOptions } from '@lifeline/emulator';
import { commonOptions, expectPositionals, parseCommandArgs, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { CommandFailure, oneLine } from '../failure.js';
import { exitCodes } from '../io.js';
import { createOutput, type Output } from '../output.js';
import { readPort } from '../serve/options.js';
import { waitForStopSignal } from '../signals.js';

const options = {
  ...commonOptions,
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  seed: { type: 'string' },
  'frozen-clock': { type: 'boolean' },
  start: { type: 'string' },
} as const;

const help = `Run a local Microsoft Graph and Entra ID (the Lifeline emulator) until Ctrl+C.

It issues tokens for a ready app, serves the subscription API with Graph's checks, errors and
throttling, sends lifecycle notifications (on its schedule, or on demand through its admin API at
/_emulator) and injects faults on request. Everything is in memory.

Usage
  lifeline emulator [--port <n>] [--host <address>] [--seed <file>] [--frozen-clock]
                    [--start <time>] [--json]

Options
  -p, --port <n>       port to listen on (default: a free port)
      --host <addr>    address to listen on (default 127.0.0.1)
      --seed <file>    JSON file with tenants, apps and settings to start with
      --frozen-clock   time moves only through the admin API (POST /_emulator/clock/advance)
      --start <time>   the emulator clock's first time, ISO 8601 (default: now)
      --json           print the addresses, credentials and environment as one JSON line
  -h, --help           show this help

Examples
  lifeline emulator --port 4000
  # in another shell, paste the export lines it prints, then:
  lifeline list
  lifeline serve --port 8080

Exit codes
  0  stopped by Ctrl+C or SIGTERM
  2  bad input: a bad option or an unreadable seed file
  3  the emulator could not start (e.g. the port is taken)`;

/** The `emulator` command. */
export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run a local Graph + Entra ID emulator and print ready credentials',
  help,
  async run(argv, io) {
    const stopped = waitForStopSignal();
    const { values, positionals } = parseCommandArgs(argv, options);
    const out = createOutput(io.stdout, io.env);
    expectPositionals(positionals, []);
    const port = readPort(values.port, 0);
    const seed = values.seed === undefined ? undefined : await readSeed(values.seed);

    const clock = { frozen: values['frozen-clock'] === true, ...readStart(values.start) };
    const emulator = await start({ port, host: values.host, seed, clock });
    if (values.json) out.line(JSON.stringify(describeEmulator(emulator)));
    else printEmulator(out, emulator);
    await stopped;
    await emulator.close();
    return exitCodes.ok;
  },
};

// The emulator is loaded only when this command runs, so that the others start quickly.
const loadEmulator = () => import('@lifeline/emulator');

function readStart(text: string | undefined): { start?: Date } {
  if (text === undefined) return {};
  const start = new Date(text);
  if (Number.isNaN(start.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new UsageError(`--start must be an ISO 8601 time (got ${JSON.stringify(text)})`);
  }
  return { start };
}

async function readSeed(path: string) {
  try {
    return await (await loadEmulator()).loadSeed(path);
  } catch (error) {
    throw new UsageError(`cannot use --seed ${path}: ${oneLine(String(error))}`);
  }
}

async function start(options: StartEmulatorOptions): Promise<RunningEmulator> {
  try {
    return await (await loadEmulator()).startEmulator(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(`the emulator could not start: ${message}`, exitCodes.unavailable);
  }
}

/** The environment that points `lifeline` at the emulator, signed in as its ready app. */
export function emulatorEnvironment(emulator: RunningEmulator): Record<string, string> {
  return {
    LIFELINE_TENANT_ID: emulator.tenantId,
    LIFELINE_CLIENT_ID: emulator.apps.secret.clientId,
    LIFELINE_CLIENT_SECRET: emulator.apps.secret.clientSecret,
    LIFELINE_GRAPH_URL: emulator.graphUrl,
    LIFELINE_LOGIN_URL: emulator.loginUrl,
  };
}

function describeEmulator(emulator: RunningEmulator) {
  return {
    url: emulator.url,
    graphUrl: emulator.graphUrl,
    loginUrl: emulator.loginUrl,
    adminUrl: `${emulator.url}/_emulator`,
    tenantId: emulator.tenantId,
    scope: emulator.scope,
    clouds: emulator.clouds,
    apps: emulator.apps,
    env: emulatorEnvironment(emulator),
  };
}

function printEmulator(out: Output, emulator: RunningEmulator): void {
  const { bold, dim } = out.style;
  const app = emulator.apps.secret;
  out.line(`${bold('Lifeline emulator')} listening on ${emulator.url}`);
  out.line();
  out.line(`  Graph          ${emulator.graphUrl}/v1.0/subscriptions`);
  out.line(`  Entra ID       ${emulator.loginUrl}/${emulator.tenantId}/oauth2/v2.0/token`);
  out.line(`  Admin API      ${emulator.url}/_emulator`);
  out.line(`  Tenant         ${emulator.tenantId}`);
  out.line();
  out.line(bold('Ready app (client secret)'));
  out.line(`  Client id      ${app.clientId}`);
  out.line(`  Client secret  ${app.clientSecret}`);
  out.line(`  Certificate app ${emulator.apps.certificate.clientId} (its key: --json)`);
  out.line();
  out.line(bold('Point lifeline at it (in another shell)'));
  for (const [name, value] of Object.entries(emulatorEnvironment(emulator))) {
    out.line(`  export ${name}=${value}`);
  }
  out.line();
  out.line(dim('Press Ctrl+C to stop.'));
}
