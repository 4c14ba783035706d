// reauthorize, renew and list, run as the built binary against the emulator over real HTTP.
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGraph, subscribe, type TestGraph } from './support/graph.js';
import { lifeline } from './support/run.js';

let graph: TestGraph;
const unknownId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  graph = await startTestGraph();
});

afterAll(async () => {
  await graph?.close();
});

beforeEach(async () => {
  await graph.emulator.admin.reset();
});

function make(options: Parameters<typeof subscribe>[3] = {}) {
  return subscribe(graph.graph, graph.emulator, graph.hookUrl, options);
}

async function successfulCalls(operation: string, subscriptionId?: string) {
  const calls = await graph.emulator.admin.records.calls({
    operation,
    ...(subscriptionId && { subscriptionId }),
  });
  return calls.filter((call) => call.status < 300);
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('sign-in', () => {
  it('names every missing credential and exits 2 before any request', async () => {
    const run = await lifeline(['list'], { env: { NO_COLOR: '1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'lifeline list: missing credentials: --tenant (or LIFELINE_TENANT_ID), --client-id (or ' +
        'LIFELINE_CLIENT_ID), a credential: LIFELINE_CLIENT_SECRET, --certificate or ' +
        '--device-code\n',
    );
    expect(await graph.emulator.admin.records.calls()).toEqual([]);
  });

  it('refuses a secret on the command line without echoing it', async () => {
    const run = await lifeline(['reauthorize', unknownId, '--client-secret=hunter2-value'], {
      env: graph.env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^lifeline reauthorize: --client-secret is refused: .*LIFELINE_CLIENT_SECRET/,
    );
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('fails a wrong secret with one line naming invalid_client, and exit 3', async () => {
    const env = { ...graph.env, LIFELINE_CLIENT_SECRET: 'not-the-secret' };
    for (const command of [['list'], ['reauthorize', unknownId], ['renew', unknownId, '--max']]) {
      const run = await lifeline(command, { env });
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(`^lifeline ${command[0]}: sign-in as .* failed: .*invalid_client`),
      );
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr).not.toContain('not-the-secret');
    }
  });

  it('rejects contradictory or unreadable sign-in options with exit 2', async () => {
    const { LIFELINE_GRAPH_URL: _graph, LIFELINE_LOGIN_URL: _login, ...global } = graph.env;
    const cases: Array<[string[], Record<string, string>, string]> = [
      [
        ['--certificate', 'key.pem', '--device-code'],
        graph.env,
        'give --certificate or --device-code, not both',
      ],
      [['--thumbprint', 'ab'], graph.env, '--thumbprint needs --certificate <path>'],
      [
        ['--certificate', '/nonexistent.pem'],
        graph.env,
        'cannot read --certificate /nonexistent.pem: ENOENT',
      ],
      [
        ['--graph-url', 'http://127.0.0.1:1'],
        global,
        '--graph-url and --login-url go together: give both',
      ],
      [['--cloud', 'china'], graph.env, 'give --cloud or --graph-url with --login-url, not both'],
      [
        ['--graph-url', 'nope', '--login-url', 'nope'],
        global,
        'graphUrl: not an absolute URL: "nope"',
      ],
    ];
    for (const [args, env, message] of cases) {
      const run = await lifeline(['list', ...args], { env });
      expect(run).toEqual({ code: 2, stdout: '', stderr: `lifeline list: ${message}\n` });
    }
  });

  it('signs a user in with a device code once, then silently from the token cache', async () => {
    await graph.emulator.admin.settings.update({
      deviceCode: { autoApprove: true, intervalSeconds: 0 },
    });
    const { credentials } = await graph.emulator.admin.apps.register({
      allowPublicClient: true,
      delegatedPermissions: ['User.Read.All'],
    });
    const cache = join(tmpdir(), `lifeline-cache-${process.pid}`, 'msal.json');
    const { LIFELINE_CLIENT_SECRET: _secret, ...base } = graph.env;
    const env = { ...base, LIFELINE_CLIENT_ID: credentials.clientId, LIFELINE_TOKEN_CACHE: cache };

    const first = await lifeline(['list', '--device-code', '--json'], { env });
    expect(first).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(first.stderr).toMatch(
      /^To sign in, use a web browser to open the page \S+ and enter the code/,
    );
    expect(statSync(cache).mode & 0o777).toBe(0o600);

    const second = await lifeline(['list', '--device-code', '--json'], { env });
    expect(second).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    rmSync(join(cache, '..'), { recursive: true, force: true });
  });

  it('signs in with a certificate from a PEM file', async () => {
    const app = graph.emulator.apps.certificate;
    const pem = join(tmpdir(), `lifeline-cert-${process.pid}.pem`);
    writeFileSync(pem, `${app.certificate.privateKeyPem}\n${app.certificate.certificatePem}`, {
      mode: 0o600,
    });
    const { LIFELINE_CLIENT_SECRET: _secret, ...env } = graph.env;
    const run = await lifeline(
      [
        'list',
        '--json',
        '--client-id',
        app.clientId,
        '--certificate',
        pem,
        '--thumbprint',
        app.certificate.thumbprint,
      ],
      { env },
    );
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});

describe('lifeline reauthorize', () => {
  it('reauthorizes ids from arguments and stdin, reporting gone and invalid ids', async () => {
    const [a, b] = [await make(), await make({ resource: 'groups' })];
    const input = `${b.id}\n\n# a comment\nnot-a-guid\n`;
    const run = await lifeline(['reauthorize', a.id, unknownId, '--stdin'], {
      env: graph.env,
      input,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n').sort()).toEqual([
      `lifeline reauthorize: ${unknownId}: gone: 404 ResourceNotFound: the subscription does not ` +
        'exist (expired, deleted or never created)',
      'lifeline reauthorize: not-a-guid: invalid: subscriptionId: "not-a-guid" is not a ' +
        'subscription id (a GUID)',
    ]);
    expect(run.stdout).toMatch(new RegExp(`^${a.id} +done`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^${unknownId} +gone +404 `, 'm'));
    expect(run.stdout).toMatch(
      /^not-a-guid +invalid +subscriptionId: "not-a-guid" is not a subscription id/m,
    );
    expect(run.stdout).toContain('done 2, gone 1, failed 0, invalid 1');
    expect(await successfulCalls('reauthorize')).toHaveLength(2);
  });

  it('prints one JSON line per id and exits 1 when one is gone', async () => {
    const a = await make();
    const run = await lifeline(['reauthorize', a.id, unknownId, '--json'], { env: graph.env });
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(2);
    expect(lines.find((line) => line.id === a.id)).toEqual({ id: a.id, result: 'done' });
    expect(lines.find((line) => line.id === unknownId)).toMatchObject({
      result: 'gone',
      status: 404,
      code: 'ERR_SUBSCRIPTION_GONE',
      message: expect.stringMatching(/^404 /),
    });
  });

  it('reauthorizes every subscription with --all and exits 0', async () => {
    const ids = [(await make()).id, (await make({ resource: 'groups' })).id];
    const run = await lifeline(['reauthorize', '--all', '--json'], { env: graph.env });
    expect(run.code).toBe(0);
    expect(
      jsonLines(run.stdout)
        .map((line) => line.id)
        .sort(),
    ).toEqual(ids.sort());
  });

  it('retries a throttled request after Retry-After and still succeeds', async () => {
    const a = await make();
    await graph.emulator.admin.faults.add({
      path: '/v1.0/subscriptions/*/reauthorize',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const run = await lifeline(['reauthorize', a.id], { env: graph.env });
    expect(run.code).toBe(0);
    const calls = await graph.emulator.admin.records.calls({ operation: 'reauthorize' });
    expect(calls.map((call) => call.status)).toEqual([429, 204]);
  });

  it('reports a permanent failure with its status and exits 1', async () => {
    const a = await make();
    await graph.emulator.admin.faults.add({
      path: '/v1.0/subscriptions/*/reauthorize',
      kind: 'status',
      status: 500,
    });
    const run = await lifeline(['reauthorize', a.id], { env: graph.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^${a.id} +failed +500 generalException`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^lifeline reauthorize: ${a.id}: failed: 500 `));
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects bad options with exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['reauthorize'], /missing subscription ids: give <id…>, --stdin or --all/],
      [['reauthorize', '--all', unknownId], /--all takes no ids/],
      [
        ['reauthorize', unknownId, '--rate', '1001'],
        /--rate must be a whole number from 1 to 1000/,
      ],
      [['reauthorize', unknownId, '--cloud', 'mars'], /--cloud must be one of global, usGovL4/],
    ];
    for (const [args, message] of cases) {
      const run = await lifeline(args, { env: graph.env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('lifeline renew', () => {
  it('renews to a given time', async () => {
    const a = await make();
    const until = new Date(graph.emulator.clock.now().getTime() + 3 * 86_400_000);
    const iso = until.toISOString();
    const run = await lifeline(['renew', a.id, '--until', iso, '--json'], { env: graph.env });
    expect(run.code).toBe(0);
    const [line] = jsonLines(run.stdout);
    expect(Date.parse(String(line?.expirationDateTime))).toBe(until.getTime());
  });

  it('renews to each resource’s longest lifetime with --max, reporting unknown ids', async () => {
    const a = await make({ resource: 'users', lifetimeMs: 3_600_000 });
    const run = await lifeline(['renew', a.id, unknownId, '--max'], { env: graph.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^${a.id} +done +until \\S+ \\(in 28d 23h\\)`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^${unknownId} +gone`, 'm'));
    expect(await successfulCalls('renew', a.id)).toHaveLength(1);
  });

  it('needs exactly one of --until and --max, and a time in the future', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['renew', unknownId], /give exactly one of --until <time> or --max/],
      [['renew', unknownId, '--max', '--until', '2030-01-01T00:00:00Z'], /exactly one/],
      [['renew', unknownId, '--until', 'tomorrow'], /--until must be an ISO 8601 time/],
      [['renew', unknownId, '--until', '2001-01-01T00:00:00Z'], /is not in the future/],
    ];
    for (const [args, message] of cases) {
      const run = await lifeline(args, { env: graph.env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('lifeline list', () => {
  it('lists subscriptions with expiry, lifecycle URL and least-privileged permission', async () => {
    await make({ resource: 'users', lifetimeMs: 2 * 3_600_000 });
    await make({
      resource: "users/adele@contoso.test/mailFolders('Inbox')/messages",
      lifetimeMs: 86_400_000,
    });
    const run = await lifeline(['list'], { env: graph.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^ID +RESOURCE +CHANGE TYPE +EXPIRES +EXPIRES AT +LIFECYCLE URL +PERMISSION$/m,
    );
    expect(run.stdout).toMatch(/ users +updated +in 1h 59m +\S+ +set +User\.Read\.All$/m);
    expect(run.stdout).toMatch(/messages +updated +in 23h 59m +\S+ +set +Mail\.Read$/m);
    expect(run.stdout).toContain('least privileged for application access');
  });

  it('filters with --expiring-within and prints JSON', async () => {
    const soon = await make({ resource: 'users', lifetimeMs: 2 * 3_600_000 });
    await make({ resource: 'groups', lifetimeMs: 5 * 86_400_000 });
    const run = await lifeline(['list', '--expiring-within', '12h', '--json'], { env: graph.env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        id: soon.id,
        resource: 'users',
        lifecycleNotificationUrl: graph.hookUrl,
        permissionType: 'application',
        leastPrivileged: 'User.Read.All',
      }),
    ]);
  });

  it('rejects a duration it cannot read', async () => {
    const run = await lifeline(['list', '--expiring-within', '12 hours'], { env: graph.env });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      'lifeline list: --expiring-within must be a duration such as 90m, 12h or 2d ' +
        '(got "12 hours")\n',
    );
  });

  it('reports a Graph failure in one line with exit 3', async () => {
    await graph.emulator.admin.faults.add({
      path: '/v1.0/subscriptions',
      kind: 'status',
      status: 500,
    });
    const run = await lifeline(['list'], { env: graph.env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^lifeline list: GET \S+\/v1\.0\/subscriptions failed with 500 generalException/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
