// lifeline serve (the built binary) stopped by SIGTERM while a Graph call is in flight, against the
// emulator over real HTTP: it stops accepting at once, lets the call finish and records it, leaves
// nothing in the outbox, and exits 0.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { until } from './support/run.js';
import { useServeHarness } from './support/serve.js';

const clientState = `cs-${randomUUID()}`;
const reauthorizePath = '/v1.0/subscriptions/*/reauthorize';
// Long enough for the test to see the call arrive, send SIGTERM and try a late request while the
// emulator still holds the call.
const latencyMs = 2000;
const harness = useServeHarness(clientState);

// A challenge posted straight to the server; its status, or 'refused' when no answer came.
function postChallenge(url: string, subscriptionId: string): Promise<number | 'refused'> {
  return harness.postChallenge(url, subscriptionId).then(
    (response) => response.status,
    () => 'refused' as const,
  );
}

// The emulator counts a fault's hits when a request arrives and records the call once answered,
// so a hit without a record is a call the emulator is still holding.
async function heldCalls(): Promise<number> {
  const faults = await harness.graph.emulator.admin.faults.list();
  const hits = faults.find((fault) => fault.path === reauthorizePath)?.hits ?? 0;
  const answered = await harness.graph.emulator.admin.records.calls({ operation: 'reauthorize' });
  return hits - answered.length;
}

describe('lifeline serve stopped during a Graph call', () => {
  it('refuses new challenges, finishes the call, empties the outbox and exits 0', async () => {
    const { run, url } = await harness.serve(['--port', '0']);
    const [first, late] = [await harness.subscribeTo(url), await harness.subscribeTo(url)];
    await harness.graph.emulator.admin.faults.add({
      path: reauthorizePath,
      kind: 'latency',
      ms: latencyMs,
    });

    await harness.graph.emulator.admin.lifecycle.send(first.id, 'reauthorizationRequired');
    await until(async () => (await heldCalls()) === 1, 'the reauthorize call to reach Graph');
    run.child.kill('SIGTERM');
    const stopping = JSON.parse(await run.line(/"event":"lifeline\.serve\.stopping"/));
    expect(stopping).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });

    // The server stops listening before it waits for the call, so nothing more is acknowledged.
    expect(await postChallenge(url, late.id)).not.toBe(202);

    expect(await run.exited).toEqual({ code: 0, signal: null });
    const calls = await harness.graph.emulator.admin.records.calls({ operation: 'reauthorize' });
    expect(calls.map((call) => [call.subscriptionId, call.status])).toEqual([[first.id, 204]]);

    const events = run
      .stdout()
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { event: string; subscriptionId?: string; result?: string },
      );
    const done = events.findIndex(
      (line) => line.event === 'lifeline.lifecycle.outcome' && line.result === 'done',
    );
    expect(events[done]).toMatchObject({ subscriptionId: first.id });
    expect(events.findIndex((line) => line.event === 'lifeline.serve.stopping')).toBeLessThan(done);
    expect(events.findIndex((line) => line.event === 'lifeline.serve.stopped')).toBe(
      events.length - 1,
    );
    expect(done).toBeLessThan(events.length - 1);

    const outbox = harness.readState((db) => db.prepare('SELECT count(*) AS n FROM outbox').get());
    expect(outbox).toEqual({ n: 0 });
    const entry = harness.readState((db) =>
      db.prepare('SELECT entry FROM ledger WHERE subscription_id = ?').get(first.id),
    ) as { entry: string };
    expect(JSON.parse(entry.entry)).toMatchObject({
      lastAction: 'reauthorize',
      lastResult: 'done',
    });
  });
});
