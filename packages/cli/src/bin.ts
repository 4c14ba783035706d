#!/usr/bin/env node
// The `lifeline` executable: hands argv and the process's streams to main, then exits with the
// code it returns.

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
