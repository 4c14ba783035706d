import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmulatorApp,
  createEmulatorState,
  EmulatorAdminError,
  type RunningEmulator,
  startEmulator,
} from '../src/index.js';
import { appToken, graph, messageSubscription } from './helpers.js';
import { type Receiver, startReceiver } from './receiver.js';

let emulator: RunningEmulator;
let receiver: Receiver;

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'emulator-seed-'));
  const path = join(folder, 'seed.json');
  const seed = {
    tenantId: '11111111-2222-4333-8444-555555555555',
    tenants: [{ tenantId: '99999999-2222-4333-8444-555555555555', domains: ['fabrikam.example'] }],
    apps: [
      { name: 'daemon', secret: 'fixed-secret-value', applicationPermissions: ['User.Read.All'] },
    ],
    settings: { listPageSize: 5 },
  };
  await writeFile(path, JSON.stringify(seed));
  emulator = await startEmulator({ seed: path, clock: { frozen: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

describe('a seed document', () => {
  it('sets the tenant, adds apps beside the ready ones, and changes settings', async () => {
    expect(emulator.tenantId).toBe('11111111-2222-4333-8444-555555555555');
    expect(emulator.apps.daemon).toMatchObject({ clientSecret: 'fixed-secret-value' });
    expect(Object.keys(emulator.apps)).toEqual(['secret', 'certificate', 'daemon']);
    expect((await emulator.admin.settings.get()).listPageSize).toBe(5);
    const tenants = await emulator.admin.tenants.list();
    expect(tenants.map((t) => t.tenantId)).toContain('99999999-2222-4333-8444-555555555555');
  });

  it('lets a tenant be named by its domain in the authority', async () => {
    const daemon = emulator.apps.daemon;
    await emulator.admin.apps.consent(
      daemon?.clientId ?? '',
      '99999999-2222-4333-8444-555555555555',
    );
    const response = await fetch(`${emulator.loginUrl}/fabrikam.example/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: daemon?.clientId ?? '',
        client_secret: 'fixed-secret-value',
        scope: emulator.scope,
      }),
    });
    expect(response.status).toBe(200);
  });
});

describe('admin calls', () => {
  it('refuse bad input with a clear message', async () => {
    const bad = [
      () => emulator.admin.faults.add({ path: '/x', kind: 'status', status: 418 as 503 }),
      () => emulator.admin.settings.update({ handshakeTimeoutMs: -1 }),
      () =>
        emulator.admin.tokens.mintDelegated({ appId: emulator.apps.secret.clientId, scopes: [] }),
      () => emulator.admin.tokens.revoke({}),
      () => emulator.admin.apps.register({ appId: emulator.apps.secret.clientId }),
      () => emulator.admin.lifecycle.send('nope', 'missed'),
    ];
    const statuses = [];
    for (const call of bad) {
      const failure = await call().catch((error) => error);
      expect(failure).toBeInstanceOf(EmulatorAdminError);
      statuses.push(failure.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 409, 404]);
  });

  it('manage secrets: a removed secret no longer works, an expired one is refused', async () => {
    const { credentials } = await emulator.admin.apps.register({
      applicationPermissions: ['Mail.Read'],
    });
    const added = await emulator.admin.apps.addSecret(credentials.clientId);
    const token = () =>
      appToken(emulator, { clientId: credentials.clientId, clientSecret: added.value });
    await expect(token()).resolves.toBeTypeOf('string');
    await emulator.admin.apps.removeSecret(credentials.clientId, added.secretId);
    await expect(token()).rejects.toThrow(/AADSTS7000215/);

    const expiring = await emulator.admin.apps.addSecret(credentials.clientId, {
      expiresAt: new Date(emulator.clock.now().getTime() + 60_000).toISOString(),
    });
    await emulator.admin.clock.advance({ minutes: 2 });
    await expect(
      appToken(emulator, { clientId: credentials.clientId, clientSecret: expiring.value }),
    ).rejects.toThrow(/AADSTS7000222/);
  });

  it('show every app subscription without clientState, and delegated callers only their own', async () => {
    const appId = emulator.apps.secret.clientId;
    const alice = await emulator.admin.tokens.mintDelegated({
      appId,
      scopes: ['Mail.Read'],
      userId: 'alice',
    });
    const bob = await emulator.admin.tokens.mintDelegated({
      appId,
      scopes: ['Mail.Read'],
      userId: 'bob',
    });
    const body = messageSubscription(emulator, receiver.url, { resource: 'me/messages' });
    const created = await graph(
      `${emulator.graphUrl}/v1.0`,
      'POST',
      '/subscriptions',
      alice.accessToken,
      body,
    );
    expect(created.body.creatorId).toBe('alice');
    expect(
      (await graph(`${emulator.graphUrl}/v1.0`, 'POST', '/subscriptions', bob.accessToken, body))
        .status,
    ).toBe(201);

    const aliceList = await graph(
      `${emulator.graphUrl}/v1.0`,
      'GET',
      '/subscriptions',
      alice.accessToken,
    );
    expect(aliceList.body.value.map((s: { creatorId: string }) => s.creatorId)).toEqual(['alice']);
    const all = await emulator.admin.subscriptions.list({ appId });
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({
      hasClientState: true,
      permissionType: 'delegatedWork',
      permission: 'Mail.Read',
    });
    expect(all[0]).not.toHaveProperty('clientState');
  });
});

describe('in process', () => {
  it('answers through app.request without a server', async () => {
    const { state } = await createEmulatorState({ seed: { defaultApps: false } });
    const app = createEmulatorApp(state);
    const keys = await app.request('/common/discovery/v2.0/keys');
    expect((await keys.json()).keys).toHaveLength(1);
    const info = await (await app.request('/_emulator')).json();
    expect(info.apps).toEqual([]);
    state.clock.dispose();
  });
});
