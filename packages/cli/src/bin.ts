#!/usr/bin/env node
// The `lifeline` executable: hands argv and the process's streams to main, then exits with the
// code it returns.
import { main } from './main.js';

// A reader that stops early (`lifeline permissions --all | head`) closes the pipe; that is not an
// error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
