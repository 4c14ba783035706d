// Benchmark: `lifeline reauthorize --all` (the built CLI) over many subscriptions against the
// emulator enforcing Graph's documented limit for that request, 1000 per 20 s per app per tenant
// in a sliding window. Time is scaled so the run stays short: the emulator's clock and the CLI's
// clock and timers (preloaded lib/scaled-time.mjs) both run `--scale` times faster than the wall
// clock from the same origin, so the 20-second window, the CLI's own limiter and every
// `Retry-After` shrink alike. The baseline is the limit itself: the achieved steady rate (after
// the first window's burst) as a fraction of 1000 per 20 s, read from the emulator's records.
//
//   pnpm turbo run build && node bench/bulk-reauthorize.mjs [--json] [--full] [--subscriptions=n]
//     [--scale=n] [--concurrency=n]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNotificationReceiver } from '@lifeline/emulator';
import { numberOption, report, sizeOf } from './lib/args.mjs';
import { startTappedEmulator } from './lib/emulator.mjs';
import { createSubscriptions, emulatorGraph, userIdOf } from './lib/graph.mjs';
import { lifelineBin } from './lib/serve.mjs';
import { countBy, round } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const run = sizeOf({
  quick: { subscriptions: 3000, scale: 5 },
  full: { subscriptions: 10_000, scale: 3 },
});
run.subscriptions = numberOption('subscriptions', run.subscriptions);
// The wall-clock rate a run needs is the limit times the scale (150 requests per second at ×3):
// kept well within what the CLI and the emulator sustain on two shared cores.
const scale = numberOption('scale', run.scale);
const concurrency = numberOption('concurrency', 10);
const limit = { requests: 1000, windowMs: 20_000 };
const cliTimeoutMs = 10 * 60_000;

// One subscription is created through the API; the rest are copies of it in the emulator's
// store, each with its own id and resource, which is what thousands of creations would leave.
async function seed(emulator, url) {
  const clock = emulator.state.clock;
  const [first] = await createSubscriptions(emulatorGraph(emulator), {
    count: 1,
    url,
    clientState: 'bench-bulk-client-state',
    expiresAt: new Date(clock.now().getTime() + 6 * 24 * 3_600_000),
  });
  const template = emulator.state.subscriptions.get(first);
  for (let n = 1; n < run.subscriptions; n += 1) {
    emulator.state.subscriptions.add({
      ...template,
      id: randomUUID(),
      resource: `users/${userIdOf(n)}/messages`,
      createdAt: new Date(template.createdAt.getTime() + n),
    });
  }
}

// Runs the CLI with its clock scaled; resolves with its exit code, its JSON lines and wall time.
async function runCli(emulator, origin) {
  const app = emulator.apps.secret;
  const args = ['--import', join(here, 'lib', 'scaled-time.mjs'), lifelineBin, 'reauthorize'];
  args.push('--all', '--json', '--concurrency', String(concurrency));
  args.push('--tenant', app.tenantId, '--client-id', app.clientId);
  args.push('--graph-url', emulator.url, '--login-url', emulator.url);
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      LIFELINE_CLIENT_SECRET: app.clientSecret,
      BENCH_TIME_SCALE: String(scale),
      BENCH_TIME_ORIGIN: String(origin),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), cliTimeoutMs);
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  const lines = output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return { code, signal, lines, wallSeconds: (Date.now() - started) / 1000 };
}

// The steady rate. In a sliding window of `requests` per `windowMs`, the i-th success can come
// no sooner than `windowMs` after the (i − requests)-th; a client that reuses every slot the moment
// it frees keeps that gap at exactly `windowMs`. The rate achieved is `windowMs` over the mean gap,
// as a fraction of the limit, in the emulator's (scaled) time.
function steadyFraction(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = [];
  for (let i = limit.requests; i < sorted.length; i += 1) {
    gaps.push(sorted[i] - sorted[i - limit.requests]);
  }
  if (gaps.length === 0) return Number.NaN;
  const meanGap = gaps.reduce((total, gap) => total + gap, 0) / gaps.length;
  return limit.windowMs / meanGap;
}

function analyse(emulator, cli) {
  const reauthorizes = emulator.tap.calls.filter((call) => call.operation === 'reauthorize');
  const done = reauthorizes.filter((call) => call.status === 204);
  const times = done.map((call) => Date.parse(call.at));
  const doneIds = new Set(done.map((call) => call.subscriptionId));
  const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
  return {
    subscriptions: run.subscriptions,
    reauthorized: doneIds.size,
    undone: run.subscriptions - doneIds.size,
    reauthorizeStatuses: countBy(reauthorizes, (call) => call.status),
    received429: reauthorizes.filter((call) => call.status === 429).length,
    listCalls: emulator.tap.calls.filter((call) => call.operation === 'list').length,
    emulatorSeconds: round(spanSeconds, 1),
    minimumSeconds: (Math.ceil(run.subscriptions / limit.requests) - 1) * (limit.windowMs / 1000),
    steadyFractionOfLimit: round(steadyFraction(times), 3),
    cli: {
      exitCode: cli.code,
      results: countBy(cli.lines, (line) => line.result),
      wallSeconds: round(cli.wallSeconds, 1),
    },
  };
}

async function measure() {
  const origin = Date.now();
  const emulator = await startTappedEmulator({
    clock: { wallClock: () => origin + (Date.now() - origin) * scale },
    settings: { reauthorization: { scheduled: false }, listPageSize: 1000 },
  });
  const endpoint = await startNotificationReceiver();
  try {
    await seed(emulator, endpoint.url);
    emulator.tap.calls.length = 0;
    const cli = await runCli(emulator, origin);
    return analyse(emulator, cli);
  } finally {
    await endpoint.close();
    await emulator.close();
  }
}

const result = await measure();
const goalMet = result.steadyFractionOfLimit >= 0.9 && result.undone === 0;
const summary = {
  benchmark: 'bulk-reauthorize',
  size: run.size,
  scale,
  concurrency,
  ...result,
  goalMet,
};
report(summary, (s) => {
  console.log(
    `lifeline reauthorize --all: ${s.subscriptions} subscriptions, limit 1000 per 20 s, time ×${s.scale} (${s.size})`,
  );
  console.log(
    `steady rate ${s.steadyFractionOfLimit} of the limit   429s ${s.received429}   undone ${s.undone}   ${s.emulatorSeconds} s emulator time (minimum ${s.minimumSeconds} s), ${s.cli.wallSeconds} s wall`,
  );
  console.log(`CLI exit ${s.cli.exitCode}, results ${JSON.stringify(s.cli.results)}`);
  console.log(`goal ≥ 0.9 of the limit with none undone: ${s.goalMet ? 'met' : 'not met'}`);
});
