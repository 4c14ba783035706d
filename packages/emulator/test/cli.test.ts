import { describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../src/index.js';

describe('runEmulatorCli', () => {
  it('prints addresses and credentials as JSON, serves until stopped, exits 0', async () => {
    const output: string[] = [];
    const stop = new AbortController();
    const ready = new Promise<void>((resolve) => {
      void runEmulatorCli(['--json', '--frozen-clock', '--start', '2026-06-01T00:00:00Z'], {
        stdout: (text) => output.push(text),
        signal: stop.signal,
        onReady: () => resolve(),
      }).then((code) => output.push(`exit ${code}`));
    });
    await ready;
    const printed = JSON.parse(output[0] ?? '{}');
    expect(printed).toMatchObject({
      tenantId: '8e1c3b5a-0f6d-4e2b-9a7c-5d4e3f2a1b0c',
      tokenEndpoint: `${printed.url}/8e1c3b5a-0f6d-4e2b-9a7c-5d4e3f2a1b0c/oauth2/v2.0/token`,
      apps: { secret: { clientId: '6a1f9c2e-3b4d-4e5f-8a7b-9c0d1e2f3a4b' } },
    });
    expect(printed.apps.secret.clientSecret).toMatch(/^\S{40}$/);
    expect(printed.managedIdentity.endpoint).toBe(`${printed.url}/msi/token`);
    expect(printed.managedIdentity.identityHeader).toMatch(/^[0-9a-f-]{36}$/);
    const clock = await (await fetch(`${printed.adminUrl}/clock`)).json();
    expect(clock).toEqual({ now: '2026-06-01T00:00:00.000Z', frozen: true });

    stop.abort();
    await expect.poll(() => output.at(-1)).toBe('exit 0');
    await expect(fetch(`${printed.adminUrl}/clock`)).rejects.toThrow();
  });

  it('prints a human summary', async () => {
    const output: string[] = [];
    const stop = new AbortController();
    await new Promise<void>((resolve) => {
      void runEmulatorCli([], {
        stdout: (text) => output.push(text),
        signal: stop.signal,
        onReady: () => resolve(),
      });
    });
    stop.abort();
    expect(output[0]).toMatch(/^Lifeline emulator listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(output[0]).toContain('Client secret  ');
  });

  it('exits 2 on bad arguments and 0 for help', async () => {
    const errors: string[] = [];
    expect(await runEmulatorCli(['--port', 'x'], { stderr: (text) => errors.push(text) })).toBe(2);
    expect(errors.join('')).toContain('--port must be a port number');
    expect(await runEmulatorCli(['--bogus'], { stderr: () => undefined })).toBe(2);
    expect(await runEmulatorCli(['--help'], { stdout: () => undefined })).toBe(0);
  });
});
