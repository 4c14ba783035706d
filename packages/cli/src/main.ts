/**
 * The `lifeline` entry point: picks the command named by the first argument, runs it, and turns
 * every failure into a one-line message and an exit code.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { LifelineError } from '@lifeline/core';
import { UsageError } from './args.js';
import { refuseSecretArguments } from './auth/options.js';
import type { Command } from './command.js';
import { checkTokenCommand } from './commands/check-token.js';
import { demoCommand } from './commands/demo.js';
import { emulatorCommand } from './commands/emulator.js';
import { listCommand } from './commands/list.js';
import { permissionsCommand } from './commands/permissions.js';
import { reauthorizeCommand } from './commands/reauthorize.js';
import { renewCommand } from './commands/renew.js';
import { serveCommand } from './commands/serve.js';
import { CommandFailure, oneLine } from './failure.js';
import { type CliIo, type ExitCode, exitCodes } from './io.js';
import { createOutput } from './output.js';

/** Every command, in the order `lifeline --help` lists them. */
export const commands: readonly Command[] = [
  reauthorizeCommand,
  renewCommand,
  listCommand,
  serveCommand,
  emulatorCommand,
  demoCommand,
  permissionsCommand,
  checkTokenCommand,
];

/** The version in this package's manifest. */
export function version(): string {
  const manifest = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

function overview(): string {
  const width = Math.max(...commands.map(({ name }) => name.length));
  const list = commands.map(({ name, summary }) => `  ${name.padEnd(width)}  ${summary}`);
  return `lifeline: keep Microsoft Graph change-notification subscriptions alive.

Usage
  lifeline <command> [options]
  lifeline <command> --help

Commands
${list.join('\n')}

Options
  -h, --help       show this help
  -v, --version    print the version

Examples
  lifeline demo
  lifeline emulator --port 4000
  lifeline list --expiring-within 12h
  lifeline reauthorize --all
  LIFELINE_CLIENT_STATE=… lifeline serve --port 8080 --state /var/lib/lifeline
  lifeline permissions me/messages
  lifeline check-token "$TOKEN" --resource "chats/{id}/messages"

Graph commands sign in with LIFELINE_TENANT_ID, LIFELINE_CLIENT_ID and LIFELINE_CLIENT_SECRET
(or --certificate, --device-code); see lifeline <command> --help.

Exit codes
  0  done    1  some items failed, or a negative verdict    2  bad input
  3  sign-in failed or Graph unavailable    70  a bug in lifeline`;
}

/**
 * Runs `lifeline` with the arguments after the executable and returns the exit code: 0 done,
 * 1 negative verdict or some items failed, 2 bad input, 3 sign-in or Graph unavailable, 70 a bug.
 * Never throws; messages go to stderr as one line, without a stack trace and with anything shaped
 * like a token removed.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const { exitCode, message } = classify(error);
    const command = commands.find(({ name }) => name === argv[0]);
    const prefix = command ? `lifeline ${command.name}` : 'lifeline';
    io.stderr.write(`${prefix}: ${oneLine(message)}\n`);
    return exitCode;
  }
}

// Bad input is the user's to fix (2); a Lifeline error from Graph or sign-in means the command
// could not be done (3); anything else is a bug in lifeline (70).
function classify(error: unknown): { exitCode: ExitCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) return { exitCode: exitCodes.usage, message };
  if (error instanceof CommandFailure) return { exitCode: error.exitCode, message };
  if (LifelineError.isInstance(error)) {
    if (error.code === 'ERR_INVALID_INPUT') return { exitCode: exitCodes.usage, message };
    return { exitCode: exitCodes.unavailable, message };
  }
  return { exitCode: exitCodes.internal, message: `internal error: ${message}` };
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv;
  const out = createOutput(io.stdout, io.env);
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = commands.find(({ name }) => name === rest[0]);
    out.line(topic ? topic.help : overview());
    return exitCodes.ok;
  }
  if (first === '--version' || first === '-v') {
    out.line(version());
    return exitCodes.ok;
  }
  const command = commands.find(({ name }) => name === first);
  if (!command) {
    const what = first.startsWith('-') ? 'option' : 'command';
    throw new UsageError(`unknown ${what} ${JSON.stringify(first)} (see lifeline --help)`);
  }
  // Every command takes --help, and none takes a secret on the command line.
  if (asksForHelp(rest)) {
    out.line(command.help);
    return exitCodes.ok;
  }
  refuseSecretArguments(rest);
  return command.run(rest, io);
}

function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  return options.includes('--help') || options.includes('-h');
}
