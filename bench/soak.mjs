// Soak: `lifeline serve` (the built CLI) acting on a stream of `reauthorizationRequired`
// challenges while the emulator injects faults into 30% of Graph subscription requests: 429 with
// Retry-After, 503 with Retry-After, 504, dropped connections and 2 s of added latency, in equal
// parts. It reports challenges acknowledged (a 2xx to the emulator's delivery), acted on (a
// successful reauthorize or renew), retried and dead-lettered (the outbox's failed_work); none
// acknowledged may be lost, and no request may come back before its Retry-After (checked from the
// emulator's own log of arrivals). The baseline is the same stream without faults, in the same run.
//
//   pnpm turbo run build && node bench/soak.mjs [--json] [--full] [--challenges=n]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberOption, report, sizeOf } from './lib/args.mjs';
import { startTappedEmulator } from './lib/emulator.mjs';
import { createSubscriptions, emulatorGraph } from './lib/graph.mjs';
import { retryAfterViolations } from './lib/retry-after.mjs';
import { freePort, startServe } from './lib/serve.mjs';
import { readServeState } from './lib/state-db.mjs';
import { countBy, round, sleep, waitFor } from './lib/stats.mjs';

const run = sizeOf({ quick: { challenges: 200 }, full: { challenges: 2000 } });
run.challenges = numberOption('challenges', run.challenges);
const perSecond = numberOption('rate', 20);
const faultRate = 0.3;
const clientState = 'bench-soak-client-state-9e41';
// Five kinds in equal parts; each rule draws on its own, so the chance that none hits is (1 − r)^5.
const perRule = 1 - (1 - faultRate) ** (1 / 5);
const faultRules = [
  { kind: 'latency', ms: 2000 },
  { kind: 'status', status: 429, retryAfterSeconds: 2 },
  { kind: 'status', status: 503, retryAfterSeconds: 1 },
  { kind: 'status', status: 504 },
  { kind: 'drop' },
].map((action) => ({ path: '/v1.0/subscriptions/**', rate: perRule, ...action }));

async function pass(emulator, { faults }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-soak-'));
  const serve = await startServe({ emulator, port: await freePort(), stateDir, clientState });
  try {
    const ids = await createSubscriptions(emulatorGraph(emulator), {
      first: faults ? run.challenges : 0,
      count: run.challenges,
      url: serve.url,
      clientState,
    });
    if (faults) for (const rule of faultRules) await emulator.admin.faults.add(rule);
    const from = Date.now();
    const sent = [];
    for (const id of ids) {
      sent.push(emulator.admin.lifecycle.send(id, 'reauthorizationRequired'));
      await sleep(1000 / perSecond);
    }
    await Promise.all(sent);
    const health = `${new URL(serve.url).origin}/healthz`;
    const settled = await waitFor(
      async () => {
        const counts = await (await fetch(health)).json();
        return counts.pending === 0 && deliveriesSettled(emulator, ids) ? counts : undefined;
      },
      { timeoutMs: 15 * 60_000, everyMs: 250 },
    );
    await emulator.admin.faults.clear();
    const to = Date.now();
    await serve.stop();
    return tally(emulator, serve, ids, { from, to, settled, left: readServeState(stateDir) });
  } finally {
    await serve.stop();
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

function tally(emulator, serve, ids, { from, to, settled, left }) {
  const wanted = new Set(ids);
  const idOf = (path) => path.split('/')[3];
  const requests = emulator.tap.requests.filter(
    (r) => r.t >= from && r.path.includes('/subscriptions/') && wanted.has(idOf(r.path)),
  );
  const actions = requests.filter((r) => r.path.endsWith('/reauthorize') || r.method === 'PATCH');
  const succeeded = emulator.tap.calls.filter(
    (c) =>
      wanted.has(c.subscriptionId) &&
      (c.operation === 'reauthorize' || c.operation === 'renew') &&
      c.status < 300,
  );
  const actedOn = new Set(succeeded.map((c) => c.subscriptionId));
  const acknowledged = new Set(
    emulator.tap.deliveries
      .filter((d) => d.state === 'delivered')
      .map((d) => d.notifications[0]?.subscriptionId)
      .filter((id) => wanted.has(id)),
  );
  const events = serve.logs.map((entry) => entry.event?.event);
  return {
    challenges: ids.length,
    acknowledged: acknowledged.size,
    actedOn: actedOn.size,
    lost: [...acknowledged].filter((id) => !actedOn.has(id) && !left.failed.includes(id)).length,
    deadLettered: new Set(left.failed).size,
    stillQueued: left.pending.length,
    settled: Boolean(settled),
    graphRequests: requests.length,
    faultsInjected: countBy(
      requests.filter((r) => r.action || r.latencyMs > 0),
      (r) => (r.action ? (r.action.kind === 'drop' ? 'drop' : r.action.status) : 'latency'),
    ),
    retriedActions: actions.length - new Set(actions.map((r) => idOf(r.path))).size,
    outboxRetries: events.filter((event) => event === 'lifeline.outbox.retry').length,
    actedOnTwice: succeeded.length - actedOn.size,
    retryAfter: retryAfterViolations(requests),
    seconds: round((to - from) / 1000, 1),
  };
}

async function measure() {
  const emulator = await startTappedEmulator({
    // Throttling is off so that every Retry-After comes from an injected fault, whose value is
    // known; the bulk benchmark measures throttling.
    settings: { reauthorization: { scheduled: false }, throttling: { enabled: false } },
  });
  try {
    const baseline = await pass(emulator, { faults: false });
    const faulted = await pass(emulator, { faults: true });
    return { baseline, faulted };
  } finally {
    await emulator.close();
  }
}

const { baseline, faulted } = await measure();
const summary = {
  benchmark: 'soak',
  size: run.size,
  perSecond,
  faultRate,
  faultRules: faultRules.map(({ rate, path, ...action }) => action),
  baseline,
  faulted,
  invariantsHold:
    faulted.lost === 0 &&
    faulted.acknowledged === faulted.challenges &&
    faulted.retryAfter.early === 0,
};
report(summary, (s) => {
  console.log(
    `soak: ${s.faulted.challenges} challenges at ${s.perSecond}/s, ${s.faultRate * 100}% of Graph requests faulted (${s.size})`,
  );
  for (const [name, r] of [
    ['no faults', s.baseline],
    ['faults', s.faulted],
  ]) {
    console.log(
      `${name.padEnd(10)} acknowledged ${r.acknowledged}/${r.challenges}   acted on ${r.actedOn}   lost ${r.lost}   dead-lettered ${r.deadLettered}   retried actions ${r.retriedActions} (outbox retries ${r.outboxRetries})   twice ${r.actedOnTwice}   ${r.seconds} s`,
    );
  }
  console.log(
    `faults injected ${JSON.stringify(s.faulted.faultsInjected)} of ${s.faulted.graphRequests} Graph requests`,
  );
  console.log(
    `Retry-After honoured: ${s.faulted.retryAfter.checked} checked, ${s.faulted.retryAfter.early} early, smallest margin ${s.faulted.retryAfter.smallestMarginMs} ms`,
  );
});
