/**
 * `lifeline emulator`: starts the emulator, prints its addresses and ready credentials, and runs
 * until interrupted. Argument parsing and output live here; the CLI package only forwards argv.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { type RunningEmulator, startEmulator } from './server.js';

/** Where the command writes and what stops it. */
export interface EmulatorCliOptions {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Stops the emulator. Default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Called once the emulator listens (tests use it). */
  onReady?: (emulator: RunningEmulator) => void;
}

const usage = `Usage: lifeline emulator [options]

Runs a local Microsoft Graph and Entra ID for change-notification subscriptions.

Options:
  --port <n>        Port to listen on (default: any free port)
  --host <host>     Address to listen on (default: 127.0.0.1)
  --seed <file>     JSON file with tenants, apps and settings to start with
  --frozen-clock    Time moves only through the admin API
  --start <date>    The emulator clock's initial time (ISO 8601)
  --json            Print the addresses and credentials as one JSON line
  -h, --help        Show this help
`;

/**
 * Runs the command with `argv` (the arguments after `emulator`). Resolves with the exit code
 * once stopped: 0 after a clean stop, 1 when the emulator cannot start, 2 for bad arguments.
 */
export async function runEmulatorCli(
  argv: string[],
  options: EmulatorCliOptions = {},
): Promise<number> {
  const stdout = options.stdout ?? ((text) => process.stdout.write(text));
  const stderr = options.stderr ?? ((text) => process.stderr.write(text));
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    stderr(`${parsed.error}\n\n${usage}`);
    return 2;
  }
  if (parsed.value.help) {
    stdout(usage);
    return 0;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(parsed.value.start);
  } catch (error) {
    stderr(
      `The emulator could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  stdout(parsed.value.json ? `${JSON.stringify(describe(emulator))}\n` : humanReadable(emulator));
  options.onReady?.(emulator);
  await stopped(options.signal);
  await emulator.close();
  return 0;
}

type Parsed =
  | {
      ok: true;
      value: { help: boolean; json: boolean; start: Parameters<typeof startEmulator>[0] };
    }
  | { ok: false; error: string };

function parseCliArgs(argv: string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'frozen-clock': { type: 'boolean' },
        start: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    return { ok: false, error: `--port must be a port number, not ${String(values.port)}` };
  }
  const start = typeof values.start === 'string' ? new Date(values.start) : undefined;
  if (start && Number.isNaN(start.getTime()))
    return { ok: false, error: '--start must be an ISO 8601 date' };
  const clock = { frozen: values['frozen-clock'] === true, ...(start ? { start } : {}) };
  const host = typeof values.host === 'string' ? values.host : undefined;
  const seed = typeof values.seed === 'string' ? values.seed : undefined;
  return {
    ok: true,
    value: {
      help: values.help === true,
      json: values.json === true,
      start: { port, host, seed, clock },
    },
  };
}

/** The addresses and credentials of a running emulator, as printed with `--json`. */
function describe(emulator: RunningEmulator) {
  return {
    url: emulator.url,
    graphUrl: emulator.graphUrl,
    loginUrl: emulator.loginUrl,
    adminUrl: `${emulator.url}/_emulator`,
    tenantId: emulator.tenantId,
    tokenEndpoint: `${emulator.loginUrl}/${emulator.tenantId}/oauth2/v2.0/token`,
    scope: emulator.scope,
    clouds: emulator.clouds,
    apps: emulator.apps,
    managedIdentity: emulator.managedIdentity,
  };
}

function humanReadable(emulator: RunningEmulator): string {
  const info = describe(emulator);
  const lines = [
    `Lifeline emulator listening on ${info.url}`,
    '',
    `  Graph          ${info.graphUrl}/v1.0/subscriptions`,
    `  Token          ${info.tokenEndpoint}`,
    `  Admin API      ${info.adminUrl}`,
    `  Tenant         ${info.tenantId}`,
    `  Scope          ${info.scope}`,
    `  Identity       IDENTITY_ENDPOINT=${info.managedIdentity.endpoint}`,
    `                 IDENTITY_HEADER=${info.managedIdentity.identityHeader}`,
  ];
  for (const [name, app] of Object.entries(info.apps)) {
    lines.push('', `App "${name}"`, `  Client id      ${app.clientId}`);
    if (app.clientSecret) lines.push(`  Client secret  ${app.clientSecret}`);
    if (app.certificate) lines.push(`  Thumbprint     ${app.certificate.thumbprint} (SHA-1)`);
  }
  lines.push('', 'Certificate keys are printed with --json. Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
