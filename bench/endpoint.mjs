// Benchmark: the lifecycle endpoint's throughput and latency on Node. `lifeline serve` (the
// built CLI, which writes every acknowledged challenge to its durable SQLite outbox before
// answering 202) against a bare Hono route that answers 202 on the same server stack
// (@hono/node-server). In between: a minimal lifecycle route, @lifeline/hono's routes without an
// outbox, and the routes as serve mounts them in memory; and the bare route with fixed amounts of
// busy work per request, to show what the goal leaves for any work. autocannon loads each on
// loopback with documented `reauthorizationRequired` batches of 1–3 items carrying the right
// clientState; targets take turns, round after round, so that drift on a shared machine falls on
// all of them.
//
//   pnpm turbo run build && node bench/endpoint.mjs [--json] [--full] [--seconds=n] [--rounds=n]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { flag, numberOption, report, sizeOf } from './lib/args.mjs';
import { startTappedEmulator } from './lib/emulator.mjs';
import { createSubscriptions, emulatorGraph } from './lib/graph.mjs';
import { lifecycleBodies } from './lib/payloads.mjs';
import { freePort, startScript, startServe } from './lib/serve.mjs';
import { median, round, waitFor } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const run = sizeOf({
  quick: { seconds: 5, rounds: 2, warmupSeconds: 1 },
  full: { seconds: 8, rounds: 5, warmupSeconds: 2 },
});
run.seconds = numberOption('seconds', run.seconds);
run.rounds = numberOption('rounds', run.rounds);
const connections = numberOption('connections', 10);
const clientState = 'bench-endpoint-client-state-7f3a';
const subscriptionCount = 100;
// The bare route again with this much busy work per request: what the goal leaves for any work.
const spinMicroseconds = [5, 10, 20];

async function load(url, bodies, seconds) {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

// `lifeline serve` twice: with its default durability (an acknowledged challenge survives a kill
// of the process) and with `--sync full` (it also survives a power loss).
async function startServes(emulator) {
  const stateDirs = [];
  const start = async (args) => {
    const stateDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-endpoint-'));
    stateDirs.push(stateDir);
    // Its log goes to a file, as in production: this process runs the load.
    const logFile = join(stateDir, 'serve.log');
    return startServe({ emulator, port: await freePort(), stateDir, clientState, args, logFile });
  };
  const serve = { ...(await start([])), stateDir: stateDirs.at(-1) };
  const serveFull = await start(['--sync', 'full']);
  const removeStateDirs = () => {
    for (const stateDir of stateDirs) rmSync(stateDir, { recursive: true, force: true });
  };
  return { serve, serveFull, removeStateDirs };
}

async function startTargets() {
  const emulator = await startTappedEmulator({
    settings: { reauthorization: { scheduled: false } },
  });
  const { serve, serveFull, removeStateDirs } = await startServes(emulator);
  const graph = emulatorGraph(emulator);
  const ids = await createSubscriptions(graph, {
    count: subscriptionCount,
    url: serve.url,
    clientState,
  });
  const target = { url: emulator.url, ...emulator.apps.secret, clientState };
  const script = join(here, 'endpoint', 'servers.mjs');
  const bare = await startScript(script, ['bare']);
  const parse = await startScript(script, ['parse']);
  const spins = [];
  for (const us of spinMicroseconds) {
    spins.push({
      key: `spin${us}`,
      label: `bare route + ${us} µs of busy work`,
      spinUs: us,
      ...(await startScript(script, ['spin', String(us)])),
    });
  }
  const env = { BENCH_EMULATOR: JSON.stringify(target) };
  const minimal = await startScript(script, ['minimal'], env);
  const routes = await startScript(script, ['routes'], env);
  const screen = await startScript(script, ['screen'], env);
  const targets = [
    { key: 'bare', label: 'bare Hono route (202 only)', ...bare },
    { key: 'parse', label: 'Hono route reading the JSON body, 202', ...parse },
    ...spins,
    {
      key: 'minimal',
      label: 'minimal lifecycle route: core’s parser, clientState, a Map',
      ...minimal,
    },
    { key: 'routes', label: '@lifeline/hono routes, no outbox', ...routes },
    { key: 'screen', label: 'the routes as serve mounts them, in memory, no logs', ...screen },
    { key: 'serve', label: 'lifeline serve, SQLite outbox', ...serve },
    { key: 'serveFull', label: 'lifeline serve --sync full', ...serveFull },
  ];
  const close = async () => {
    for (const { stop } of targets) await stop();
    await emulator.close();
    removeStateDirs();
  };
  return { emulator, serve, ids, targets, close };
}

// The outbox drains after the load; its backlog says how far the pump fell behind the endpoint.
async function outboxAfterLoad(serveUrl) {
  const health = `${new URL(serveUrl).origin}/healthz`;
  const read = async () => (await fetch(health)).json();
  const backlog = await read();
  const started = Date.now();
  const drained = await waitFor(async () => (await read()).pending === 0, { timeoutMs: 120_000 });
  return { backlog: backlog.pending, drainSeconds: (Date.now() - started) / 1000, drained };
}

// The CPU time a process has used, user and system, in milliseconds (Linux: /proc/<pid>/stat,
// in clock ticks of 10 ms). Its rise over a round, per request, is what a request costs the
// server, whatever share of the cores the load generator took meanwhile.
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

// How many pieces of work were ever written to the outbox: SQLite's AUTOINCREMENT counter.
function outboxWrites(stateDir) {
  const db = new DatabaseSync(join(stateDir, 'lifeline.db'), { readOnly: true });
  try {
    return db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get()?.seq ?? 0;
  } finally {
    db.close();
  }
}

async function measure() {
  const { emulator, serve, ids, targets, close } = await startTargets();
  try {
    const bodies = lifecycleBodies({
      count: 300,
      subscriptionIds: ids,
      tenantId: emulator.tenantId,
      clientState,
      expiresAt: new Date(Date.now() + 6 * 24 * 3_600_000),
    });
    const rounds = Object.fromEntries(targets.map(({ key }) => [key, []]));
    for (let r = 0; r < run.rounds; r += 1) {
      // Each round starts with a different target.
      const order = targets.map((_, i) => targets[(i + r) % targets.length]);
      for (const target of order) {
        await load(target.url, bodies, run.warmupSeconds);
        const before = cpuMsOf(target.child.pid);
        const sample = await load(target.url, bodies, run.seconds);
        const used = cpuMsOf(target.child.pid) - before;
        sample.cpuUsPerRequest = sample.total > 0 ? (used * 1000) / sample.total : Number.NaN;
        rounds[target.key].push(sample);
      }
    }
    const outbox = { ...(await outboxAfterLoad(serve.url)), writes: outboxWrites(serve.stateDir) };
    const reauthorized = new Set(
      emulator.tap.calls
        .filter((c) => c.operation === 'reauthorize' && c.status === 204)
        .map((c) => c.subscriptionId),
    ).size;
    return { targets, rounds, outbox, reauthorized };
  } finally {
    await close();
  }
}

function summarise({ targets, rounds, outbox, reauthorized }) {
  const rows = targets.map(({ key, label, spinUs }) => {
    const samples = rounds[key];
    const sum = (field) => samples.reduce((total, sample) => total + sample[field], 0);
    return {
      key,
      label,
      spinUs,
      requestsPerSecond: round(median(samples.map((s) => s.requestsPerSecond)), 0),
      p50Ms: median(samples.map((s) => s.p50Ms)),
      p99Ms: median(samples.map((s) => s.p99Ms)),
      cpuUsPerRequest: round(median(samples.map((s) => s.cpuUsPerRequest)), 1),
      requests: sum('total'),
      non2xx: sum('non2xx'),
      errors: sum('errors'),
    };
  });
  const bare = rows.find((row) => row.key === 'bare');
  for (const row of rows) {
    row.ratioToBare = round(row.requestsPerSecond / bare.requestsPerSecond);
    row.cpuRatioToBare = round(row.cpuUsPerRequest / bare.cpuUsPerRequest);
  }
  const serve = rows.find((row) => row.key === 'serve');
  return {
    benchmark: 'endpoint',
    size: run.size,
    connections,
    seconds: run.seconds,
    rounds: run.rounds,
    subscriptions: subscriptionCount,
    rows,
    goal: { metric: 'serve req/s ÷ bare req/s', target: 0.8, value: serve.ratioToBare },
    goalMet: serve.ratioToBare >= 0.8,
    outbox,
    reauthorizedSubscriptions: reauthorized,
  };
}

const summary = summarise(await measure());
report(summary, (s) => {
  console.log(
    `endpoint: ${s.connections} connections, ${s.rounds} × ${s.seconds} s per target (${s.size})`,
  );
  for (const row of s.rows) {
    console.log(
      `${row.label.padEnd(34)} ${String(row.requestsPerSecond).padStart(7)} req/s   p50 ${row.p50Ms} ms   p99 ${row.p99Ms} ms   ratio ${row.ratioToBare.toFixed(2)}   CPU ${row.cpuUsPerRequest} µs/req (×${row.cpuRatioToBare})   non-2xx ${row.non2xx}`,
    );
  }
  console.log(
    `goal serve/bare ≥ 0.8: ${s.goalMet ? 'met' : 'not met'} (${s.goal.value}); outbox backlog ${s.outbox.backlog}, drained in ${s.outbox.drainSeconds} s`,
  );
});
if (flag('strict') && !summary.goalMet) process.exitCode = 1;
