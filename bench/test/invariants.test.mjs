// The invariants of the hostile-input runs, at a small size so that every test run checks them:
// the corpus is the same for the same seed and never holds the real clientState; and against
// @lifeline/hono's routes and the built `lifeline serve`, nothing crashes, no log line holds a
// secret, and no forged request causes a Graph call, while a genuine challenge still does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customCloud } from '@lifeline/core';
import { startNotificationReceiver } from '@lifeline/emulator';
import { lifecycleRoutes } from '@lifeline/hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus } from '../hostile/corpus.mjs';
import { sendAll } from '../hostile/send.mjs';
import { graphWorkBetween, secretsInLogs } from '../hostile/verdict.mjs';
import { startTappedEmulator } from '../lib/emulator.mjs';
import { createSubscriptions, emulatorGraph, secretTokenSource } from '../lib/graph.mjs';
import { lifecycleBodies } from '../lib/payloads.mjs';
import { freePort, startServe } from '../lib/serve.mjs';
import { waitFor } from '../lib/stats.mjs';

const clientState = 'bench-invariants-client-state-8d2e';
let emulator;
let endpoint;
let ids;

beforeAll(async () => {
  emulator = await startTappedEmulator({ settings: { reauthorization: { scheduled: false } } });
  endpoint = await startNotificationReceiver();
  const graph = emulatorGraph(emulator);
  ids = await createSubscriptions(graph, { count: 6, url: endpoint.url, clientState });
});

afterAll(async () => {
  await endpoint?.close();
  await emulator?.close();
});

function corpus(count, seed = 3) {
  return hostileCorpus({
    seed,
    count,
    tenantId: emulator.tenantId,
    subscriptionIds: ids,
    knownClientState: clientState,
  });
}

function genuineBody(subscriptionId) {
  const [body] = lifecycleBodies({
    count: 1,
    subscriptionIds: [subscriptionId],
    tenantId: emulator.tenantId,
    clientState,
    expiresAt: new Date(Date.now() + 5 * 86_400_000),
  });
  return body;
}

describe('the hostile corpus', () => {
  it('is the same for the same seed and differs for another', () => {
    const shape = (requests) => requests.map((r) => [r.family, r.method, r.query, r.body?.length]);
    expect(shape(corpus(300))).toEqual(shape(corpus(300)));
    expect(shape(corpus(300, 4))).not.toEqual(shape(corpus(300)));
  });

  it('never carries the real clientState as a clientState', () => {
    const bodies = corpus(2000).map((r) => (typeof r.body === 'string' ? r.body : ''));
    expect(bodies.filter((body) => body.includes(`"clientState":"${clientState}"`))).toEqual([]);
  });

  it('has a secret detector that finds what it looks for', () => {
    const requests = corpus(50);
    const hits = secretsInLogs([`x ${clientState} y`, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'], {
      secrets: [clientState],
      requests,
    });
    expect(hits).toMatchObject({ secret: 1, jwtShaped: 1 });
  });
});

describe('@lifeline/hono routes under the corpus', () => {
  it('answer every request, log no secret, and act only on the genuine challenge', async () => {
    const events = [];
    const logger = {
      info: (e) => events.push(e),
      warn: (e) => events.push(e),
      error: (e) => events.push(e),
    };
    const cloud = customCloud({ graphUrl: emulator.url, loginUrl: emulator.url });
    const routes = lifecycleRoutes({
      graph: { tokenSource: secretTokenSource(emulator), cloud },
      cloud,
      clientState,
      appIds: [emulator.apps.secret.clientId],
      logger,
    });
    const requests = corpus(600).filter((r) => !r.slow);
    const from = Date.now();
    const statuses = [];
    for (const r of requests) {
      const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : (r.body ?? undefined);
      const response = await routes.request(`/${r.query}`, {
        method: r.method,
        headers: r.headers,
        body,
      });
      statuses.push(response.status);
    }
    await routes.drain();
    const forged = graphWorkBetween(emulator.tap, from, Date.now());
    await routes.request('/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: genuineBody(ids[0]),
    });
    await routes.drain();
    const lines = events.map((event) => JSON.stringify(event));

    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(forged).toEqual([]);
    expect(
      secretsInLogs(lines, { secrets: [clientState, emulator.apps.secret.clientSecret], requests })
        .total,
    ).toBe(0);
    expect(
      graphWorkBetween(emulator.tap, from, Date.now()).some((r) =>
        r.path.endsWith(`${ids[0]}/reauthorize`),
      ),
    ).toBe(true);
  });
});

describe('the built lifeline serve under the corpus', () => {
  it('keeps running, logs no secret, and acts only on the genuine challenge', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-test-'));
    const serve = await startServe({ emulator, port: await freePort(), stateDir, clientState });
    try {
      const url = new URL(serve.url);
      const requests = corpus(300, 5);
      const from = Date.now();
      const results = await sendAll(
        requests,
        { host: url.hostname, port: Number(url.port), path: url.pathname },
        { timeoutMs: 2000, slowBudgetMs: 300 },
      );
      const health = await (await fetch(`${url.origin}/healthz`)).json();
      const forged = graphWorkBetween(emulator.tap, from, Date.now());
      await fetch(serve.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: genuineBody(ids[1]),
      });
      const acted = await waitFor(
        () =>
          graphWorkBetween(emulator.tap, from, Date.now()).some((r) =>
            r.path.endsWith(`${ids[1]}/reauthorize`),
          ),
        { timeoutMs: 20_000 },
      );
      const lines = serve.logs.map((entry) => entry.line);

      expect(serve.child.exitCode).toBeNull();
      expect(results.filter((r) => r.status >= 500)).toEqual([]);
      expect(health).toMatchObject({ pending: 0, failed: 0 });
      expect(forged).toEqual([]);
      expect(
        secretsInLogs(lines, {
          secrets: [clientState, emulator.apps.secret.clientSecret],
          requests,
        }).total,
      ).toBe(0);
      expect(acted).toBe(true);
    } finally {
      await serve.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
