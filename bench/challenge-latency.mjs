// Benchmark: the time from a `reauthorizationRequired` challenge arriving at the endpoint to the
// reauthorize reaching the emulator, per challenge, for `lifeline serve` (through its durable
// outbox) and @lifeline/hono's routes (work in memory), against a baseline route that skips every
// check and reauthorizes straight away with a cached token. The emulator delivers one challenge
// per subscription at a steady pace (below Graph's reauthorize limit); the start is the delivery
// attempt the emulator recorded, the end the reauthorize request's arrival at the emulator.
//
//   pnpm turbo run build && node bench/challenge-latency.mjs [--json] [--full] [--challenges=n]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberOption, report, sizeOf } from './lib/args.mjs';
import { startTappedEmulator } from './lib/emulator.mjs';
import { createSubscriptions, emulatorGraph } from './lib/graph.mjs';
import { freePort, startScript, startServe } from './lib/serve.mjs';
import { countBy, percentile, round, sleep, waitFor } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const run = sizeOf({ quick: { challenges: 200 }, full: { challenges: 1000 } });
run.challenges = numberOption('challenges', run.challenges);
// 40 per second is 800 per 20 s: under Graph's 1000 reauthorize requests per 20 s per app and tenant.
const perSecond = numberOption('rate', 40);
const clientState = 'bench-latency-client-state-51c9';

async function startTargets(emulator) {
  const stateDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-latency-'));
  const serve = await startServe({ emulator, port: await freePort(), stateDir, clientState });
  const env = {
    BENCH_EMULATOR: JSON.stringify({ url: emulator.url, ...emulator.apps.secret, clientState }),
  };
  const script = join(here, 'endpoint', 'servers.mjs');
  const direct = await startScript(script, ['direct'], env);
  const routes = await startScript(script, ['routes'], env);
  return {
    targets: [
      { key: 'direct', label: 'baseline: reauthorize at once, no checks', url: direct.url },
      { key: 'routes', label: '@lifeline/hono routes, no outbox', url: routes.url },
      { key: 'serve', label: 'lifeline serve, SQLite outbox', url: serve.url },
    ],
    close: async () => {
      await Promise.all([serve.stop(), direct.stop(), routes.stop()]);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

// Sends one challenge per subscription, `perSecond` of them per second, without waiting for the
// deliveries; resolves once every subscription was reauthorized (or after a time limit).
async function challenge(emulator, ids) {
  const pending = new Set(ids);
  const sent = [];
  for (const id of ids) {
    sent.push(emulator.admin.lifecycle.send(id, 'reauthorizationRequired'));
    await sleep(1000 / perSecond);
  }
  await Promise.all(sent);
  const reauthorizedSince = (from) =>
    emulator.tap.requests.slice(from).filter((r) => r.path.endsWith('/reauthorize'));
  const from = 0;
  await waitFor(
    () => {
      for (const r of reauthorizedSince(from)) pending.delete(r.path.split('/')[3]);
      return pending.size === 0;
    },
    { timeoutMs: 60_000 },
  );
  return pending.size;
}

function latencies(emulator, ids) {
  const wanted = new Set(ids);
  const arrived = new Map();
  for (const request of emulator.tap.requests) {
    const id = request.path.split('/')[3];
    if (request.path.endsWith('/reauthorize') && wanted.has(id) && !arrived.has(id)) {
      arrived.set(id, request.t);
    }
  }
  const values = [];
  for (const delivery of emulator.tap.deliveries) {
    const id = delivery.notifications[0]?.subscriptionId;
    const start = delivery.attempts[0] && Date.parse(delivery.attempts[0].at);
    if (wanted.has(id) && start && arrived.has(id)) values.push(arrived.get(id) - start);
  }
  return values;
}

// The Graph requests a server made for its challenges, and the 429s Graph's limits gave it.
function graphTraffic(emulator, ids, from) {
  const wanted = new Set(ids);
  const requests = emulator.tap.requests.filter(
    (r) => r.t >= from && wanted.has(r.path.split('/')[3]),
  );
  const throttled = emulator.tap.throttled.filter((r) => r.t >= from);
  return {
    graphRequests: countBy(requests, (r) =>
      r.path.endsWith('/reauthorize') ? 'reauthorize' : r.method,
    ),
    throttled: countBy(throttled, (r) => r.kind),
  };
}

async function measure() {
  const emulator = await startTappedEmulator({
    settings: { reauthorization: { scheduled: false } },
  });
  const { targets, close } = await startTargets(emulator);
  try {
    const graph = emulatorGraph(emulator);
    // Setup only: creating thousands of subscriptions would wait on Graph's write limit.
    await emulator.admin.settings.update({ throttling: { enabled: false } });
    for (const [index, target] of targets.entries()) {
      target.ids = await createSubscriptions(graph, {
        first: index * run.challenges,
        count: run.challenges,
        url: target.url,
        clientState,
      });
    }
    await emulator.admin.settings.update({ throttling: { enabled: true } });
    for (const target of targets) {
      // Each server starts with empty throttling windows, whatever the one before it sent.
      emulator.state.throttle.clear();
      const from = Date.now();
      const missing = await challenge(emulator, target.ids);
      const values = latencies(emulator, target.ids);
      target.result = {
        challenges: target.ids.length,
        reauthorized: target.ids.length - missing,
        p50Ms: percentile(values, 50),
        p99Ms: percentile(values, 99),
        maxMs: Math.max(...values),
        ...graphTraffic(emulator, target.ids, from),
      };
    }
    return targets;
  } finally {
    await close();
    await emulator.close();
  }
}

const targets = await measure();
const baseline = targets.find((t) => t.key === 'direct').result;
const summary = {
  benchmark: 'challenge-latency',
  size: run.size,
  challengesPerTarget: run.challenges,
  perSecond,
  rows: targets.map(({ key, label, result }) => ({
    key,
    label,
    ...result,
    p50Ratio: round(result.p50Ms / baseline.p50Ms),
    p99Ratio: round(result.p99Ms / baseline.p99Ms),
  })),
};
report(summary, (s) => {
  console.log(
    `challenge → reauthorize at the emulator: ${s.challengesPerTarget} challenges per target at ${s.perSecond}/s (${s.size})`,
  );
  for (const row of s.rows) {
    console.log(
      `${row.label.padEnd(42)} p50 ${String(row.p50Ms).padStart(4)} ms (×${row.p50Ratio})   p99 ${String(row.p99Ms).padStart(4)} ms (×${row.p99Ratio})   reauthorized ${row.reauthorized}/${row.challenges}`,
    );
  }
});
