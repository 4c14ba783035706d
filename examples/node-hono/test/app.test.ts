// The example app against the emulator: it starts, answers the handshakes when a subscription
// is created, and reauthorizes the subscription when Graph asks.
import { createGraphClient, customCloud } from '@lifeline/core';
import { type RunningEmulator, startEmulator } from '@lifeline/emulator';
import { clientSecretTokenSource } from '@lifeline/msal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleConfig, readConfig } from '../src/config.js';
import { type RunningApp, startServer } from '../src/server.js';

const clientState = 'example-client-state-2c9e';

let emulator: RunningEmulator;
let app: RunningApp;
let config: ExampleConfig;

beforeAll(async () => {
  emulator = await startEmulator({ clock: { frozen: true } });
  const credentials = emulator.apps.secret;
  config = readConfig({
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: credentials?.clientId,
    AZURE_CLIENT_SECRET: credentials?.clientSecret,
    LIFELINE_CLIENT_STATE: clientState,
    LIFELINE_GRAPH_URL: emulator.graphUrl,
    LIFELINE_LOGIN_URL: emulator.loginUrl,
    PORT: '0',
  });
  app = await startServer(config);
});

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the condition did not hold in time');
}

describe('the example app', () => {
  it('serves its own routes next to the lifecycle routes', async () => {
    const health = await fetch(`${app.url}/health`);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('reauthorizes a subscription when the emulator sends reauthorizationRequired', async () => {
    const graph = createGraphClient({
      tokenSource: clientSecretTokenSource(config),
      cloud: customCloud({ graphUrl: emulator.graphUrl, loginUrl: emulator.loginUrl }),
    });
    const lifecycleUrl = `${app.url}/graph/lifecycle`;
    const subscription = await graph.create({
      resource: 'users',
      changeType: 'updated',
      notificationUrl: lifecycleUrl,
      lifecycleNotificationUrl: lifecycleUrl,
      expirationDateTime: new Date(emulator.clock.now().getTime() + 2 * 86_400_000).toISOString(),
      clientState,
    });

    await emulator.admin.lifecycle.send(subscription.id, 'reauthorizationRequired');
    const reauthorized = async () => {
      const calls = await emulator.admin.records.calls({
        subscriptionId: subscription.id,
        operation: 'reauthorize',
      });
      return calls.some((call) => call.status === 204);
    };
    await until(reauthorized);

    const status = await (await fetch(`${lifecycleUrl}/status`)).json();
    expect(status.subscriptions[0]).toMatchObject({
      subscriptionId: subscription.id,
      lastAction: 'reauthorize',
      lastResult: 'done',
    });
  });

  it('refuses to start without its settings, naming only what is missing', () => {
    expect(() => readConfig({ AZURE_CLIENT_SECRET: 'hidden' })).toThrow(
      'missing environment variables: AZURE_TENANT_ID, AZURE_CLIENT_ID, LIFELINE_CLIENT_STATE',
    );
  });
});
