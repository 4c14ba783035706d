// Crash: `lifeline serve` (the built CLI) is killed with SIGKILL at random moments while a stream
// of `reauthorizationRequired` challenges arrives, five times, and started again on the same port
// and state directory each time. Graph (the emulator) retries deliveries that got no 2xx. At the
// end, every challenge acknowledged must have been acted on, and none acted on twice, read from
// the emulator's records. The baseline is the same stream with no kill, in the same run.
//
//   pnpm turbo run build && node bench/crash.mjs [--json] [--full] [--challenges=n] [--kills=n]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawer, seededRandom } from './hostile/random.mjs';
import { numberOption, report, sizeOf } from './lib/args.mjs';
import { startTappedEmulator } from './lib/emulator.mjs';
import { createSubscriptions, emulatorGraph } from './lib/graph.mjs';
import { freePort, startServe } from './lib/serve.mjs';
import { readServeState } from './lib/state-db.mjs';
import { round, sleep, waitFor } from './lib/stats.mjs';

const run = sizeOf({
  quick: { challenges: 150, passes: 1 },
  full: { challenges: 600, passes: 3 },
});
run.challenges = numberOption('challenges', run.challenges);
run.passes = numberOption('passes', run.passes);
const kills = numberOption('kills', 5);
const seed = numberOption('seed', 7);
const perSecond = numberOption('rate', 20);
const clientState = 'bench-crash-client-state-03bd';

// Graph retries a failed delivery with backoff; shortened here so a run takes seconds.
const delivery = { initialRetryDelayMs: 300, maxRetryDelayMs: 3000, retryWindowMs: 10 * 60_000 };

async function streamWithKills(emulator, server, ids, { killCount, passSeed }) {
  const draw = drawer(seededRandom(passSeed));
  const streamMs = (ids.length / perSecond) * 1000;
  const killAt = Array.from({ length: killCount }, () => draw.int(200, streamMs)).sort(
    (a, b) => a - b,
  );
  const started = Date.now();
  const sent = [];
  const sender = (async () => {
    for (const id of ids) {
      sent.push(emulator.admin.lifecycle.send(id, 'reauthorizationRequired'));
      await sleep(1000 / perSecond);
    }
  })();
  const killed = [];
  for (const at of killAt) {
    await sleep(Math.max(0, started + at - Date.now()));
    const pending = server.current.logs.filter(
      (l) => l.event?.event === 'lifeline.lifecycle.enqueued',
    ).length;
    await server.current.stop('SIGKILL');
    killed.push({ atMs: Date.now() - started, enqueuedBefore: pending });
    await sleep(draw.int(100, 1000));
    await server.restart();
  }
  await sender;
  await Promise.all(sent);
  return killed;
}

async function pass(emulator, { first, killCount, passSeed }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-crash-'));
  const port = await freePort();
  const logs = [];
  const server = {
    current: undefined,
    restart: async () => {
      server.current = await startServe({ emulator, port, stateDir, clientState, logs });
    },
  };
  await server.restart();
  try {
    const ids = await createSubscriptions(emulatorGraph(emulator), {
      first,
      count: run.challenges,
      url: server.current.url,
      clientState,
    });
    const from = Date.now();
    const killed = await streamWithKills(emulator, server, ids, { killCount, passSeed });
    const health = `${new URL(server.current.url).origin}/healthz`;
    const settled = await waitFor(
      async () =>
        (await (await fetch(health)).json()).pending === 0 && deliveriesSettled(emulator, ids),
      { timeoutMs: 120_000, everyMs: 250 },
    );
    const seconds = (Date.now() - from) / 1000;
    await server.current.stop();
    const listening = logs.filter((l) => l.event?.event === 'lifeline.serve.listening');
    return {
      ...tally(emulator, ids, readServeState(stateDir)),
      twice: twiceDetail(emulator, ids, from),
      recoveredPendingCalls: listening.map((l) => l.event.recovered),
      killed,
      settled: Boolean(settled),
      seconds: round(seconds, 1),
    };
  } finally {
    await server.current?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function deliveriesSettled(emulator, ids) {
  const wanted = new Set(ids);
  const mine = emulator.tap.deliveries.filter((d) =>
    wanted.has(d.notifications[0]?.subscriptionId),
  );
  return (
    mine.length === ids.length &&
    mine.every((d) => d.state === 'delivered' || d.state === 'abandoned')
  );
}

// When each repeated action happened, relative to the start of the stream, to set against the kills.
function twiceDetail(emulator, ids, from) {
  const wanted = new Set(ids);
  const times = new Map();
  for (const call of emulator.tap.calls) {
    if (!wanted.has(call.subscriptionId) || call.status >= 300) continue;
    if (call.operation !== 'reauthorize' && call.operation !== 'renew') continue;
    times.set(call.subscriptionId, [...(times.get(call.subscriptionId) ?? []), call.t - from]);
  }
  return [...times.values()].filter((list) => list.length > 1).slice(0, 10);
}

function tally(emulator, ids, left) {
  const wanted = new Set(ids);
  const mine = emulator.tap.deliveries.filter((d) =>
    wanted.has(d.notifications[0]?.subscriptionId),
  );
  const acknowledged = new Set(
    mine.filter((d) => d.state === 'delivered').map((d) => d.notifications[0].subscriptionId),
  );
  const done = emulator.tap.calls.filter(
    (c) =>
      wanted.has(c.subscriptionId) &&
      (c.operation === 'reauthorize' || c.operation === 'renew') &&
      c.status < 300,
  );
  const actedOn = new Set(done.map((c) => c.subscriptionId));
  const perSubscription = new Map();
  for (const call of done)
    perSubscription.set(call.subscriptionId, (perSubscription.get(call.subscriptionId) ?? 0) + 1);
  return {
    challenges: ids.length,
    acknowledged: acknowledged.size,
    actedOn: actedOn.size,
    acknowledgedNotActedOn: [...acknowledged].filter((id) => !actedOn.has(id)).length,
    actedOnTwice: [...perSubscription.values()].filter((n) => n > 1).length,
    deliveryAttempts: mine.reduce((total, d) => total + d.attempts.length, 0),
    deliveriesFailedFirst: mine.filter((d) => d.attempts[0]?.outcome !== 'delivered').length,
    deadLettered: left.failed.length,
    stillQueued: left.pending.length,
  };
}

// The passes added up; times and lists are kept per pass.
function totals(passes) {
  const sum = (field) => passes.reduce((total, p) => total + p[field], 0);
  const fields = [
    'challenges',
    'acknowledged',
    'actedOn',
    'acknowledgedNotActedOn',
    'actedOnTwice',
  ];
  const more = [
    'deliveryAttempts',
    'deliveriesFailedFirst',
    'deadLettered',
    'stillQueued',
    'seconds',
  ];
  return Object.fromEntries([...fields, ...more].map((field) => [field, sum(field)]));
}

async function measure() {
  const emulator = await startTappedEmulator({
    settings: { reauthorization: { scheduled: false }, delivery },
  });
  try {
    const baseline = await pass(emulator, { first: 0, killCount: 0, passSeed: seed });
    const passes = [];
    for (let i = 0; i < run.passes; i += 1) {
      const passSeed = seed + i;
      const first = (i + 1) * run.challenges;
      passes.push({
        seed: passSeed,
        ...(await pass(emulator, { first, killCount: kills, passSeed })),
      });
    }
    return { baseline, crashed: { ...totals(passes), passes } };
  } finally {
    await emulator.close();
  }
}

const { baseline, crashed } = await measure();
const summary = {
  benchmark: 'crash',
  size: run.size,
  seed,
  kills,
  passes: run.passes,
  perSecond,
  baseline,
  crashed,
  invariantsHold:
    crashed.acknowledged === crashed.actedOn &&
    crashed.acknowledgedNotActedOn === 0 &&
    crashed.actedOnTwice === 0,
};
report(summary, (s) => {
  console.log(
    `crash: ${s.passes} pass(es) of ${s.baseline.challenges} challenges at ${s.perSecond}/s, SIGKILL ×${s.kills} each (seeds from ${s.seed}, ${s.size})`,
  );
  for (const [name, r] of [
    ['no kill', s.baseline],
    ...s.crashed.passes.map((p) => [`seed ${p.seed}`, p]),
    ['killed, all', s.crashed],
  ]) {
    console.log(
      `${name.padEnd(11)} acknowledged ${r.acknowledged}/${r.challenges}   acted on ${r.actedOn}   acknowledged but not acted on ${r.acknowledgedNotActedOn}   acted on twice ${r.actedOnTwice}   deliveries retried ${r.deliveriesFailedFirst}   ${r.seconds} s`,
    );
  }
  for (const p of s.crashed.passes) {
    console.log(`seed ${p.seed}: kills at ${p.killed.map((k) => `${k.atMs} ms`).join(', ')}`);
  }
});
