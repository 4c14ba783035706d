// Runs apps/worker under `wrangler dev` (workerd) on 127.0.0.1, configured through an env file
// in a temporary directory to use the emulator, with its local state there too.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './stats.mjs';

const workerDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'worker');

function envFile(directory, emulator, clientState) {
  const app = emulator.apps.secret;
  const vars = {
    TENANT_ID: app.tenantId,
    CLIENT_ID: app.clientId,
    CLIENT_SECRET: app.clientSecret,
    GRAPH_URL: emulator.url,
    LOGIN_URL: emulator.url,
    CLIENT_STATE: clientState,
  };
  const path = join(directory, 'worker.env');
  writeFileSync(
    path,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o600 },
  );
  return path;
}

/**
 * Starts the worker; resolves once it answers, with its lifecycle URL, the lines wrangler and
 * the worker printed (`logs`), and `stop()`.
 */
export async function startWorker({ emulator, clientState, port, logs = [] }) {
  const directory = mkdtempSync(join(tmpdir(), 'lifeline-bench-worker-'));
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    join(directory, 'state'),
  ];
  args.push(
    '--env-file',
    envFile(directory, emulator, clientState),
    '--show-interactive-dev-session=false',
  );
  const child = spawn(join(workerDir, 'node_modules', '.bin', 'wrangler'), args, {
    cwd: workerDir,
    env: {
      ...process.env,
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
      CI: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => logs.push(...chunk.split('\n').filter(Boolean)));
  }
  const url = `http://127.0.0.1:${port}/graph/lifecycle`;
  const ready = await waitFor(
    () =>
      fetch(`${url}?validationToken=ready`, { method: 'POST' }).then(
        (r) => r.ok,
        () => false,
      ),
    { timeoutMs: 60_000, everyMs: 250 },
  );
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(directory, { recursive: true, force: true });
  };
  if (!ready) {
    await stop();
    throw new Error(`wrangler dev did not start:\n${logs.slice(-10).join('\n')}`);
  }
  return { url, logs, child, exited, stop };
}
