// `lifeline serve` (the built binary) under a burst of concurrent challenges, against the emulator
// over real HTTP: every `202` it answers is already committed (another connection to the state
// database sees the challenge), and each acknowledged challenge is acted on exactly once across
// a SIGKILL, with --sync normal and with --sync full.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { until } from './support/run.js';
import { useServeHarness } from './support/serve.js';

const clientState = `cs-${randomUUID()}`;
const burst = 12;
const harness = useServeHarness(clientState);

// The subscriptions named by committed outbox rows, as another process sees them.
function committedSubscriptions(): Set<string> {
  const rows = harness.readState(
    (db) => db.prepare('SELECT work FROM outbox').all() as { work: string }[],
  );
  return new Set(
    rows.flatMap((row) =>
      (JSON.parse(row.work) as { value: { subscriptionId: string }[] }).value.map(
        (item) => item.subscriptionId,
      ),
    ),
  );
}

async function succeeded(subscriptionId: string): Promise<number> {
  const calls = await harness.graph.emulator.admin.records.calls({
    operation: 'reauthorize',
    subscriptionId,
  });
  return calls.filter((call) => call.status === 204).length;
}

describe.each([['normal'], ['full']])('lifeline serve --sync %s under a burst', (sync) => {
  it('commits each challenge before its 202, then acts on each once after SIGKILL', async () => {
    const first = await harness.serve(['--port', '0', '--sync', sync]);
    const ids: string[] = [];
    for (let index = 0; index < burst; index += 1) {
      ids.push((await harness.subscribeTo(first.url)).id);
    }
    // Graph refuses for now, so the acknowledged work stays in the outbox until the restart.
    await harness.graph.emulator.admin.faults.add({
      path: '/v1.0/subscriptions/*/reauthorize',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 2,
    });

    const missing: string[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const response = await harness.postChallenge(first.url, id);
        expect(response.status).toBe(202);
        if (!committedSubscriptions().has(id)) missing.push(id);
      }),
    );
    expect(missing).toEqual([]);

    first.run.child.kill('SIGKILL');
    expect((await first.run.exited).signal).toBe('SIGKILL');
    await harness.graph.emulator.admin.faults.clear();
    const second = await harness.serve(['--port', '0', '--sync', sync]);
    expect(second.pending).toBe(burst);
    await until(() => committedSubscriptions().size === 0, 'the outbox to empty');
    expect(await Promise.all(ids.map(succeeded))).toEqual(ids.map(() => 1));
  });
});
