// lifeline serve as the built binary against the emulator over real HTTP: challenges acted on,
// forged posts refused, bad input, a graceful stop, and a SIGKILL in the middle of pending work.
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lifeline, start, until } from './support/run.js';
import { useServeHarness } from './support/serve.js';

const clientState = `cs-${randomUUID()}`;
const harness = useServeHarness(clientState);

async function reauthorizeCalls(subscriptionId: string) {
  return harness.graph.emulator.admin.records.calls({ operation: 'reauthorize', subscriptionId });
}

async function succeeded(subscriptionId: string): Promise<number> {
  return (await reauthorizeCalls(subscriptionId)).filter((call) => call.status === 204).length;
}

async function pendingWork(url: string): Promise<number> {
  const health = await fetch(new URL('/healthz', url));
  return ((await health.json()) as { pending: number }).pending;
}

describe('lifeline serve', () => {
  it('reauthorizes on a challenge, logs JSON without secrets, and stops on SIGTERM', async () => {
    const { run, url } = await harness.serve(['--port', '0']);
    const { id } = await harness.subscribeTo(url);
    await harness.graph.emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await until(async () => (await succeeded(id)) === 1, 'the reauthorize call');
    await run.line(/"event":"lifeline\.lifecycle\.outcome".*"result":"done"/);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const lines = run
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string });
    expect(lines.at(-1)?.event).toBe('lifeline.serve.stopped');
    const everything = run.stdout() + run.stderr();
    expect(everything).not.toContain(clientState);
    expect(everything).not.toContain(harness.graph.env.LIFELINE_CLIENT_SECRET);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('settles a repeat of an answered challenge without writing it to the outbox', async () => {
    const { run, url } = await harness.serve(['--port', '0']);
    const { id } = await harness.subscribeTo(url);
    await harness.graph.emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await until(async () => (await succeeded(id)) === 1, 'the reauthorize call');
    await run.line(/"event":"lifeline\.lifecycle\.outcome".*"result":"done"/);

    await harness.graph.emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await run.line(/"event":"lifeline\.lifecycle\.outcome".*"result":"ignored"/);
    expect(await reauthorizeCalls(id)).toHaveLength(1);
    // AUTOINCREMENT counts every row ever inserted, removed or not.
    const row = harness.readState((db) =>
      db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get(),
    );
    expect(row).toEqual({ seq: 1 });
    const enqueued = run.stdout().match(/"event":"lifeline\.lifecycle\.enqueued"/g);
    expect(enqueued).toHaveLength(1);
  });

  it('answers a forged notification 202 and never acts on it', async () => {
    const { run, url } = await harness.serve(['--port', '0']);
    const { id } = await harness.subscribeTo(url);
    const forged = {
      value: [
        {
          subscriptionId: id,
          subscriptionExpirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
          tenantId: harness.graph.emulator.tenantId,
          clientState: 'not-the-client-state',
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    expect(response.status).toBe(202);
    await run.line(/"result":"rejected"/);
    expect(await pendingWork(url)).toBe(0);
    expect(await reauthorizeCalls(id)).toEqual([]);
  });

  it('without LIFELINE_CLIENT_STATE, acts only on notifications with valid tokens', async () => {
    const { run, url } = await harness.serve(['--port', '0'], { LIFELINE_CLIENT_STATE: undefined });
    const { id } = await harness.subscribeTo(url);
    const unsigned = {
      value: [
        {
          subscriptionId: id,
          tenantId: harness.graph.emulator.tenantId,
          clientState,
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(unsigned),
    });
    expect(response.status).toBe(202);
    await run.line(/"result":"rejected","errorCode":"validation_tokens_missing"/);

    // The emulator signs its notifications with validation tokens for this app.
    await harness.graph.emulator.admin.lifecycle.send(id, 'reauthorizationRequired');
    await until(async () => (await succeeded(id)) === 1, 'the reauthorize call');
  });

  it('acts exactly once on each acknowledged challenge across SIGKILL and restart', async () => {
    const first = await harness.serve(['--port', '0']);
    const port = new URL(first.url).port;
    const subscriptions = [];
    for (let index = 0; index < 6; index += 1)
      subscriptions.push(await harness.subscribeTo(first.url));
    const ids = subscriptions.map(({ id }) => id);
    const [done, pending] = [ids.slice(0, 3), ids.slice(3)];

    // Three challenges are acted on before the crash.
    await harness.graph.emulator.admin.lifecycle.send(done, 'reauthorizationRequired');
    await until(
      async () => (await Promise.all(done.map(succeeded))).every((n) => n === 1),
      'the first three',
    );

    // Graph answers 503 now, so three more challenges (and a repeat of one already answered)
    // are acknowledged but cannot be acted on: they wait in the outbox.
    await harness.graph.emulator.admin.faults.add({
      path: '/v1.0/subscriptions/*/reauthorize',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 2,
    });
    await harness.graph.emulator.admin.lifecycle.send(
      [...pending, ids[0] as string],
      'reauthorizationRequired',
    );
    await until(async () => {
      const tried = await Promise.all(pending.map(reauthorizeCalls));
      return tried.every((calls) => calls.some((call) => call.status === 503));
    }, 'a refused attempt for each pending challenge');
    expect(await pendingWork(first.url)).toBe(1);

    first.run.child.kill('SIGKILL');
    expect((await first.run.exited).signal).toBe('SIGKILL');
    await harness.graph.emulator.admin.faults.clear();

    const second = await harness.serve(['--port', port]);
    expect(second.pending).toBe(1);
    await until(async () => (await pendingWork(second.url)) === 0, 'the outbox to empty');
    await harness.graph.emulator.admin.settle();

    const acknowledged = new Set(
      (await harness.graph.emulator.admin.records.deliveries())
        .filter((delivery) => delivery.attempts.some((attempt) => attempt.status === 202))
        .flatMap((delivery) => delivery.notifications.map((n) => n.subscriptionId)),
    );
    expect([...acknowledged].sort()).toEqual([...ids].sort());
    expect(await Promise.all(ids.map(succeeded))).toEqual([1, 1, 1, 1, 1, 1]);

    // The ledger is durable too: a repeat after the restart is recognised and not acted on.
    await harness.graph.emulator.admin.lifecycle.send(done[1] as string, 'reauthorizationRequired');
    await second.run.line(/"action":"ignore","result":"ignored"/);
    expect(await succeeded(done[1] as string)).toBe(1);
  });
});

describe('lifeline serve hooks', () => {
  it('runs --on-removed with the notification in its env; a failing hook fails', async () => {
    const file = join(harness.stateDir, 'removed.txt');
    const { run, url } = await harness.serve([
      '--port',
      '0',
      '--on-removed',
      `printf '%s %s %s\\n' "$LIFELINE_SUBSCRIPTION_ID" "$LIFELINE_HOOK_CAUSE" ` +
        `"$LIFELINE_LIFECYCLE_EVENT" >> '${file}'`,
      '--on-missed',
      'echo resync failed >&2; exit 3',
    ]);
    const [removed, missed] = [await harness.subscribeTo(url), await harness.subscribeTo(url)];
    await harness.graph.emulator.admin.lifecycle.send(removed.id, 'subscriptionRemoved');
    await harness.graph.emulator.admin.lifecycle.send(missed.id, 'missed');
    await run.line(/"lifecycleEvent":"subscriptionRemoved","action":"recreate","result":"done"/);
    const failed = await run.line(/"lifecycleEvent":"missed","action":"resync","result":"failed"/);
    expect(JSON.parse(failed)).toMatchObject({ errorCode: 'ERR_HOOK' });
    expect(readFileSync(file, 'utf8')).toBe(`${removed.id} lifecycleEvent subscriptionRemoved\n`);
    await until(() => run.stderr().includes('resync failed'), 'the hook output on stderr');
  });
});

describe('lifeline serve, bad input', () => {
  it('exits 2 without credentials and 3 when the port is taken', async () => {
    const missing = await lifeline(['serve', '--state', harness.stateDir], {
      env: { NO_COLOR: '1' },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^lifeline serve: missing credentials: --tenant/);

    const { url } = await harness.serve(['--port', '0']);
    const taken = await lifeline(
      ['serve', '--port', new URL(url).port, '--state', `${harness.stateDir}-2`],
      {
        env: harness.graph.env,
      },
    );
    rmSync(`${harness.stateDir}-2`, { recursive: true, force: true });
    expect(taken).toMatchObject({ code: 3, stdout: '' });
    expect(taken.stderr).toMatch(
      /^lifeline serve: cannot listen on 127\.0\.0\.1:\d+: the port is in use\n$/,
    );
  });

  it('refuses a state directory that another server is using', async () => {
    await harness.serve(['--port', '0']);
    const second = await lifeline(['serve', '--port', '0', '--state', harness.stateDir], {
      env: harness.graph.env,
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/is in use by another lifeline serve \(pid \d+\)\n$/);
  });

  it('rejects a bad path, port, attempt count or sync mode', async () => {
    for (const args of [
      ['--path', 'lifecycle'],
      ['--port', '70000'],
      ['--max-attempts', '0'],
      ['--sync', 'off'],
    ]) {
      const run = await lifeline(['serve', ...args], { env: harness.graph.env });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('lifeline serve --emulator', () => {
  it('wires an embedded emulator to the server and handles its challenges', async () => {
    const run = start(['serve', '--emulator', '--port', '0', '--state', harness.stateDir], {
      env: { NO_COLOR: '1' },
    });
    harness.track(run);
    const announced = JSON.parse(await run.line(/"event":"lifeline\.serve\.emulator"/)) as {
      adminUrl: string;
      subscriptionId: string;
    };
    const sent = await fetch(`${announced.adminUrl}/lifecycle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        subscriptionId: announced.subscriptionId,
        lifecycleEvent: 'reauthorizationRequired',
      }),
    });
    expect(sent.status).toBe(202);
    await run.line(
      /"event":"lifeline\.lifecycle\.outcome".*"action":"reauthorize","result":"done"/,
    );
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  });
});
