// Hostile input against `lifeline serve` (the built CLI with its durable outbox), or with
// `--target=worker` against apps/worker in workerd (`wrangler dev` on 127.0.0.1): the seeded
// corpus of bench/hostile/corpus.mjs (malformed JSON, huge bodies, deep nesting, wrong types,
// forged, expired and replayed validation tokens, wrong clientState, markup in validationToken,
// non-ASCII, wrong media types and methods, mutations, slow bodies), sent byte for byte over raw
// TCP. It reports responses by status, crashes, secrets in the server's log lines, and Graph work
// triggered by forged input (all three must be 0); then a genuine challenge proves the server
// still works. The baseline is that genuine challenge: acted on before and after the corpus.
//
//   pnpm turbo run build && node bench/hostile.mjs [--json] [--count=n] [--seed=n] [--target=worker]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileCorpus } from './hostile/corpus.mjs';
import { replayMaterial } from './hostile/material.mjs';
import { sendAll } from './hostile/send.mjs';
import { graphWorkBetween, secretsInLogs, statusCounts } from './hostile/verdict.mjs';
import { flag, numberOption, report } from './lib/args.mjs';
import { startTappedEmulator } from './lib/emulator.mjs';
import { createSubscriptions, emulatorGraph } from './lib/graph.mjs';
import { freePort, startServe } from './lib/serve.mjs';
import { sleep, waitFor } from './lib/stats.mjs';
import { startWorker } from './lib/wrangler.mjs';

const count = numberOption('count', 10_000);
const seed = numberOption('seed', 1);
const clientState = 'lifeline-hostile-bench-client-state-2f9c1d';
const targetKind = process.argv.includes('--target=worker') ? 'worker' : 'serve';

// `--families=a,b` keeps only those families of the corpus (the others are still drawn, so each
// request is the one the full corpus holds at its index).
function selectFamilies(requests) {
  const option = process.argv.find((arg) => arg.startsWith('--families='));
  if (!option) return requests;
  const wanted = new Set(option.slice('--families='.length).split(','));
  return requests.filter((request) => wanted.has(request.family));
}

const terminalColours = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

// A log line without terminal colours or the request's port, so that repeats of one error match.
function plainMessage(line) {
  return line.replace(terminalColours, '').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1');
}

// A genuine challenge for one subscription; resolves with whether it was reauthorized.
async function genuineChallenge(emulator, subscriptionId) {
  const from = Date.now();
  await emulator.admin.lifecycle.send(subscriptionId, 'reauthorizationRequired');
  return Boolean(
    await waitFor(
      () =>
        graphWorkBetween(emulator.tap, from, Date.now()).some(
          (r) => r.path.endsWith(`${subscriptionId}/reauthorize`) && !r.action,
        ),
      { timeoutMs: 15_000 },
    ),
  );
}

// The endpoint under test: its URL, its log lines, whether it is still running, and stop().
async function startTarget(emulator) {
  const port = await freePort();
  if (targetKind === 'worker') {
    const worker = await startWorker({ emulator, clientState, port });
    return {
      label: 'apps/worker in workerd (wrangler dev)',
      url: worker.url,
      lines: () => worker.logs,
      running: () => worker.child.exitCode === null && worker.child.signalCode === null,
      stop: worker.stop,
    };
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-hostile-'));
  const serve = await startServe({ emulator, port, stateDir, clientState });
  return {
    label: 'lifeline serve',
    url: serve.url,
    lines: () => serve.logs.map((entry) => entry.line),
    running: () => serve.child.exitCode === null && serve.child.signalCode === null,
    health: async () => (await fetch(`${new URL(serve.url).origin}/healthz`)).json(),
    stop: async () => {
      await serve.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

async function setUp() {
  const emulator = await startTappedEmulator({
    settings: { reauthorization: { scheduled: false } },
  });
  const target = await startTarget(emulator);
  const graph = emulatorGraph(emulator);
  const ids = await createSubscriptions(graph, { count: 22, url: target.url, clientState });
  const close = async () => {
    await target.stop();
    await emulator.close();
  };
  return { emulator, target, ids, close };
}

async function measure() {
  const { emulator, target: endpoint, ids, close } = await setUp();
  try {
    const before = await genuineChallenge(emulator, ids[0]);
    const requests = selectFamilies(
      hostileCorpus({
        seed,
        count,
        tenantId: emulator.tenantId,
        subscriptionIds: ids.slice(2),
        appId: emulator.apps.secret.clientId,
        knownClientState: clientState,
        replayTokens: await replayMaterial(emulator),
      }),
    );
    const url = new URL(endpoint.url);
    const target = { host: url.hostname, port: Number(url.port), path: url.pathname };
    const from = Date.now();
    const results = await sendAll(requests, target, { concurrency: 16 });
    await sleep(2000); // work triggered by the last requests would start by now
    const to = Date.now();
    const health = await endpoint.health?.();
    const running = endpoint.running();
    const after = await genuineChallenge(emulator, ids[1]);
    const lines = endpoint.lines();
    return {
      requests,
      results,
      seconds: (to - from) / 1000,
      label: endpoint.label,
      crashes: running ? 0 : 1,
      forgedWork: graphWorkBetween(emulator.tap, from, to).length,
      outbox: health,
      secrets: secretsInLogs(lines, {
        secrets: [clientState, emulator.apps.secret.clientSecret],
        requests,
      }),
      genuine: { before, after },
      logLines: lines.length,
      // What the runtime itself reported as an error (wrangler prints `✘ [ERROR]`), for a 5xx.
      runtimeErrors: lines.filter((line) => /✘|\[ERROR\]|Uncaught/.test(line)),
    };
  } finally {
    await close();
  }
}

const run = await measure();
const { byStatus, byFamily } = statusCounts(run.requests, run.results);
const summary = {
  benchmark: 'hostile',
  target: run.label,
  seed,
  requests: run.requests.length,
  seconds: run.seconds,
  byStatus,
  byFamily,
  crashes: run.crashes,
  serverErrors: run.results.filter((r) => r.status >= 500).length,
  serverErrorRequests: run.requests
    .filter((_, i) => run.results[i].status >= 500)
    .slice(0, 10)
    .map(({ index, family, variant, method, chunked, body }) => ({
      index,
      family,
      variant,
      method,
      chunked: Boolean(chunked),
      bytes: body?.length ?? 0,
    })),
  secretsInLogs: run.secrets,
  forgedWork: run.forgedWork,
  outboxAfter: run.outbox,
  genuineChallengeActedOn: run.genuine,
  logLines: run.logLines,
  runtimeErrorLines: run.runtimeErrors.length,
  // The distinct messages, without terminal colours; only when no log line held a secret.
  runtimeErrors:
    run.secrets.total === 0
      ? [...new Set(run.runtimeErrors.map(plainMessage))].slice(0, 5)
      : ['(withheld: the log held a secret)'],
};
summary.invariantsHold =
  summary.crashes === 0 && summary.secretsInLogs.total === 0 && summary.forgedWork === 0;
report(summary, (s) => {
  console.log(
    `hostile input → ${s.target}: ${s.requests} requests (seed ${s.seed}) in ${s.seconds} s`,
  );
  console.log(`by status: ${JSON.stringify(s.byStatus)}`);
  console.log(
    `crashes ${s.crashes}   5xx ${s.serverErrors}   secrets in logs ${s.secretsInLogs.total}   forged work ${s.forgedWork}   outbox after ${JSON.stringify(s.outboxAfter)}`,
  );
  console.log(
    `genuine challenge acted on: before ${s.genuineChallengeActedOn.before}, after ${s.genuineChallengeActedOn.after}`,
  );
});
if (flag('strict') && !summary.invariantsHold) process.exitCode = 1;
