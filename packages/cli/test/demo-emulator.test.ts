// lifeline demo (what `npm start` runs) and lifeline emulator, as the built binary.
import { describe, expect, it } from 'vitest';
import { lifeline, start } from './support/run.js';

describe('lifeline demo', () => {
  it('tells the lifecycle story, prints the summary and exits 0', async () => {
    const run = await lifeline(['demo']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = run.stdout.slice(run.stdout.indexOf('Summary'));
    expect(summary).toMatch(/^SUBSCRIPTION +RESOURCE +EVENT +ACTION +RESULT$/m);
    expect(summary).toMatch(/^mail +users\/\S+\/messages +reauthorizationRequired +renew +done$/m);
    expect(summary).toMatch(/^calendar +\S+ +reauthorizationRequired +reauthorize +done$/m);
    expect(summary).toMatch(/^calendar +\S+ +reauthorizationRequired +ignore +ignored$/m);
    expect(summary).toMatch(/^chat +chats\/\S+ +subscriptionRemoved +recreate +done$/m);
    expect(summary).toMatch(/^calendar +\S+ +missed +resync +done$/m);
    expect(summary).toContain(
      'The emulator recorded 3 reauthorize, 1 renew and 5 create calls that succeeded.',
    );
    expect(run.stdout).toContain('Every lifecycle notification was handled.');
  });

  it('prints the summary as JSON with --json', async () => {
    const run = await lifeline(['demo', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      rows: Array<{ label: string; lifecycleEvent: string; action: string; result: string }>;
      calls: Record<string, number>;
    };
    expect(report.ok).toBe(true);
    expect(report.calls).toEqual({ create: 5, reauthorize: 3, renew: 1 });
    expect(
      report.rows.map((row) => `${row.label} ${row.lifecycleEvent} ${row.result}`).sort(),
    ).toEqual([
      'calendar missed done',
      'calendar reauthorizationRequired done',
      'calendar reauthorizationRequired ignored',
      'chat reauthorizationRequired done',
      'chat subscriptionRemoved done',
      'mail reauthorizationRequired done',
      'user reauthorizationRequired done',
    ]);
  });
});

describe('lifeline emulator', () => {
  it('prints its addresses and environment, serves lifeline, and stops on SIGINT', async () => {
    const run = start(['emulator', '--port', '0', '--json']);
    const info = JSON.parse(await run.line(/^\{/)) as { url: string; env: Record<string, string> };
    expect(Object.keys(info.env)).toEqual([
      'LIFELINE_TENANT_ID',
      'LIFELINE_CLIENT_ID',
      'LIFELINE_CLIENT_SECRET',
      'LIFELINE_GRAPH_URL',
      'LIFELINE_LOGIN_URL',
    ]);
    const list = await lifeline(['list', '--json'], { env: { NO_COLOR: '1', ...info.env } });
    expect(list).toMatchObject({ code: 0, stdout: '[]\n' });
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('prints export lines a shell can paste', async () => {
    const run = start(['emulator']);
    await run.line(/Press Ctrl\+C to stop/);
    expect(run.stdout()).toMatch(/^ {2}export LIFELINE_GRAPH_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(run.stdout()).toMatch(/^ {2}export LIFELINE_CLIENT_SECRET=\S+$/m);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('starts its clock frozen at --start', async () => {
    const run = start(['emulator', '--frozen-clock', '--start', '2030-01-01T00:00:00Z', '--json']);
    const { url } = JSON.parse(await run.line(/^\{/)) as { url: string };
    const clock = await (await fetch(`${url}/_emulator/clock`)).json();
    expect(clock).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: true });
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
    const bad = await lifeline(['emulator', '--start', 'yesterday']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
  });

  it('rejects an unreadable seed file with exit 2', async () => {
    const run = await lifeline(['emulator', '--seed', '/nonexistent/seed.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^lifeline emulator: cannot use --seed \/nonexistent\/seed\.json: .*ENOENT/,
    );
  });
});
