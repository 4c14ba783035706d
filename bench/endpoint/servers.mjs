// The servers the endpoint benchmark compares `lifeline serve` with, each alone in a child process
// on @hono/node-server, printing `{"url":…}` once listening:
//   node bench/endpoint/servers.mjs bare     a Hono route that answers 202 and nothing else
//   node bench/endpoint/servers.mjs spin n   the bare route after n µs of busy work per request
//   node bench/endpoint/servers.mjs parse    a Hono route that reads and parses the JSON body, then
//                                            answers 202
//   node bench/endpoint/servers.mjs minimal  the least a lifecycle route checks before its 202:
//                                            core's parser, each clientState, and a lookup of
//                                            each subscription in a Map; no logs, no queue
//   node bench/endpoint/servers.mjs direct   a Hono route that answers 202 and then reauthorizes
//                                            every subscription the body names, with no checks
//   node bench/endpoint/servers.mjs routes   @lifeline/hono's lifecycle routes without an outbox
//                                            (work tracked in memory), signed in to the emulator
//                                            named by BENCH_EMULATOR (JSON: url, tenantId,
//                                            clientId, clientSecret, clientState)
//   node bench/endpoint/servers.mjs screen   the same routes as `lifeline serve` mounts them
//                                            (screened, repeats settled, work queued before the
//                                            202), with the queue and ledger in memory and no logs
import { serve } from '@hono/node-server';
import { clientStateMatches, customCloud, parseNotificationCollection } from '@lifeline/core';
import { lifecycleRoutes } from '@lifeline/hono';
import { Hono } from 'hono';
import { secretTokenSource } from '../lib/graph.mjs';

const kind = process.argv[2];
const target = JSON.parse(process.env.BENCH_EMULATOR ?? '{}');
const emulator = { url: target.url, apps: { secret: target } };
const cloud = target.url ? customCloud({ graphUrl: target.url, loginUrl: target.url }) : undefined;
const app = new Hono();
let drain = async () => undefined;

if (kind === 'bare') {
  app.post('/lifecycle', (c) => c.body(null, 202));
} else if (kind === 'spin') {
  // What a fixed amount of work per request costs the rate on this machine.
  const spinUs = Number(process.argv[3] ?? 10);
  app.post('/lifecycle', (c) => {
    const until = performance.now() + spinUs / 1000;
    while (performance.now() < until);
    return c.body(null, 202);
  });
} else if (kind === 'parse') {
  app.post('/lifecycle', async (c) => {
    await c.req.json();
    return c.body(null, 202);
  });
} else if (kind === 'minimal') {
  const clientState = target.clientState ?? '';
  const answered = new Map();
  app.post('/lifecycle', async (c) => {
    const parsed = parseNotificationCollection(JSON.parse(await c.req.text()));
    if (!parsed.ok) return c.body(null, 400);
    for (const notification of parsed.value.lifecycle) {
      if (!clientStateMatches(clientState, notification.clientState)) continue;
      if (!answered.has(notification.subscriptionId)) answered.set(notification.subscriptionId, 1);
    }
    return c.body(null, 202);
  });
} else if (kind === 'direct') {
  const tokenSource = secretTokenSource(emulator);
  app.post('/lifecycle', async (c) => {
    if (c.req.query('validationToken')) return c.text(c.req.query('validationToken'));
    const body = await c.req.json();
    void reauthorizeAll(
      body.value.map((item) => item.subscriptionId),
      tokenSource,
    );
    return c.body(null, 202);
  });
} else if (kind === 'routes') {
  const routes = lifecycleRoutes({
    graph: { tokenSource: secretTokenSource(emulator), cloud },
    cloud,
    clientState: target.clientState,
    appIds: [target.clientId],
  });
  app.route('/lifecycle', routes);
  drain = () => routes.drain();
} else if (kind === 'screen') {
  // The routes as `lifeline serve` mounts them (screen, settle repeats, queue), with the queue
  // and the ledger in memory and no logger: what the checks cost without durable state or logs.
  const queue = [];
  const routes = lifecycleRoutes({
    graph: { tokenSource: secretTokenSource(emulator), cloud },
    cloud,
    clientState: target.clientState,
    appIds: [target.clientId],
    enqueue: async (work) => void queue.push(work),
    settleRepeats: true,
  });
  app.route('/lifecycle', routes);
  // Queued challenges are acted on within 50 ms, so that their repeats are settled at the door.
  setInterval(() => {
    for (const work of queue.splice(0)) void routes.process(work);
  }, 50).unref();
} else {
  console.error('usage: servers.mjs bare|spin n|parse|minimal|direct|routes|screen');
  process.exit(2);
}

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}/lifecycle` }));
});
process.once('SIGTERM', () => {
  server.close(() => void drain().then(() => process.exit(0)));
  server.closeAllConnections();
});

async function reauthorizeAll(ids, tokenSource) {
  const { token } = await tokenSource({ scopes: [`${target.url}/.default`] });
  const headers = { authorization: `Bearer ${token}` };
  await Promise.all(
    ids.map((id) =>
      fetch(`${target.url}/v1.0/subscriptions/${id}/reauthorize`, { method: 'POST', headers }),
    ),
  );
}
