// Runs the built `lifeline serve` as a child process against an emulator, collecting its JSON log
// lines, and finds free loopback ports.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path of the built `lifeline` command. */
export const lifelineBin = join(
  dirname(fileURLToPath(import.meta.resolve('@lifeline/cli'))),
  'bin.js',
);

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `lifeline serve --json` signed in to the emulator's secret app, with the expected
 * clientState in the environment. Resolves once it logs that it is listening.
 * `logs` collects every line of its stdout and stderr, parsed when it is JSON; with `logFile`,
 * both go to that file instead, so that a load generator in this process does not share its core
 * with reading the server's logs.
 */
export async function startServe({
  emulator,
  port,
  stateDir,
  clientState,
  logs = [],
  args = [],
  logFile,
}) {
  const app = emulator.apps.secret;
  const logFd = logFile === undefined ? undefined : openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      lifelineBin,
      'serve',
      '--json',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--state',
      stateDir,
      '--tenant',
      app.tenantId,
      '--client-id',
      app.clientId,
      '--graph-url',
      emulator.url,
      '--login-url',
      emulator.url,
      ...args,
    ],
    {
      env: {
        ...process.env,
        LIFELINE_CLIENT_SECRET: app.clientSecret,
        LIFELINE_CLIENT_STATE: clientState,
      },
      stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
    },
  );
  if (logFd !== undefined) closeSync(logFd);
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  const from = logs.length;
  if (logFile === undefined) {
    collectLines(child.stdout, logs, 'stdout');
    collectLines(child.stderr, logs, 'stderr');
  }
  const read = logFile === undefined ? undefined : () => readLines(logFile, logs, from);
  const url = await waitForListening(logs, from, exited, read);
  return {
    child,
    url,
    logs,
    exited,
    stop: (signal = 'SIGTERM') => stopChild(child, exited, signal),
  };
}

function collectLines(stream, logs, source) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) if (line) logs.push({ source, line, event: parse(line) });
  });
}

function parse(line) {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

// Replaces what `logs` holds from `from` on with the file's lines.
function readLines(file, logs, from) {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  logs.splice(from, logs.length - from, ...lines.map((line) => ({ line, event: parse(line) })));
}

async function waitForListening(logs, from, exited, read) {
  const deadline = Date.now() + 20_000;
  let ended;
  exited.then((result) => {
    ended = result;
  });
  while (Date.now() < deadline) {
    read?.();
    const line = logs
      .slice(from)
      .find((entry) => entry.event?.event === 'lifeline.serve.listening');
    if (line) return line.event.url;
    if (ended) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const tail = logs
    .slice(-5)
    .map((entry) => entry.line)
    .join('\n');
  throw new Error(`lifeline serve did not start (${JSON.stringify(ended)}):\n${tail}`);
}

async function stopChild(child, exited, signal) {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

/**
 * Starts `node <script> ...args` and resolves with the JSON object of its first stdout line, the
 * child, and `stop()` (SIGTERM, then SIGKILL after 10 s).
 */
export async function startScript(script, args = [], env = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  child.stdout.setEncoding('utf8');
  let buffered = '';
  const first = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end !== -1) resolve(JSON.parse(buffered.slice(0, end)));
    });
    exited.then((result) => reject(new Error(`${script} exited: ${JSON.stringify(result)}`)));
  });
  return { ...first, child, stop: (signal = 'SIGTERM') => stopChild(child, exited, signal) };
}
