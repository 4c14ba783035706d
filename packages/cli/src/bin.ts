#!/usr/bin/env node
// The `lifeline` executable: hands argv and the process's streams to main, then exits with the
// code it returns.

// `serve` and `demo` keep their outbox in node:sqlite, which Node has from 22.13 on: say so in one
// line rather than fail deep inside a command.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(`lifeline: needs Node 22.13 or later; this is Node ${process.version}\n`);
  process.exit(3);
}

// Node 22 announces node:sqlite (used by `lifeline serve`) as experimental on stderr; that line
// means nothing to someone running a command, so it is dropped. Every other warning still shows.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (/SQLite is an experimental feature/.test(text)) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

// A reader that stops early (`lifeline permissions --all | head`) closes the pipe; that is not an
// error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Imported after the filter above is in place.
const { main } = await import('./main.js');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
