// The emulator side of the CLI tests: an emulator in the test process (the CLI reaches it over
// real HTTP), the environment that signs the CLI in to it, a Graph client for the test's own
// setup, and an endpoint that answers Graph's validation handshake.
import { createGraphClient, customCloud, type GraphClient, type TokenSource } from '@lifeline/core';
import {
  type RunningEmulator,
  type StartEmulatorOptions,
  startEmulator,
  startNotificationReceiver,
} from '@lifeline/emulator';

export interface TestGraph {
  readonly emulator: RunningEmulator;
  /** Signs `lifeline` in as the emulator's ready app. */
  readonly env: Record<string, string>;
  readonly graph: GraphClient;
  /** A URL that answers handshakes and accepts notifications. */
  readonly hookUrl: string;
  close(): Promise<void>;
}

/** Starts an emulator and a handshake endpoint. */
export async function startTestGraph(options: StartEmulatorOptions = {}): Promise<TestGraph> {
  const emulator = await startEmulator(options);
  const app = emulator.apps.secret;
  const env = {
    NO_COLOR: '1',
    LIFELINE_TENANT_ID: emulator.tenantId,
    LIFELINE_CLIENT_ID: app.clientId,
    LIFELINE_CLIENT_SECRET: app.clientSecret,
    LIFELINE_GRAPH_URL: emulator.graphUrl,
    LIFELINE_LOGIN_URL: emulator.loginUrl,
  };
  const graph = createGraphClient({
    tokenSource: clientCredentials(emulator, app.clientId, app.clientSecret),
    cloud: customCloud(emulator.cloud),
  });
  const hook = await startNotificationReceiver();
  return {
    emulator,
    env,
    graph,
    hookUrl: hook.url,
    close: async () => {
      await hook.close();
      await emulator.close();
    },
  };
}

/** Client credentials against the emulator's token endpoint, over fetch. */
export function clientCredentials(
  emulator: RunningEmulator,
  clientId: string,
  clientSecret: string,
): TokenSource {
  return async ({ scopes }) => {
    const url = `${emulator.loginUrl}/${emulator.tenantId}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: scopes.join(' '),
    });
    const response = await fetch(url, { method: 'POST', body });
    return { token: ((await response.json()) as { access_token: string }).access_token };
  };
}

/** Creates a subscription whose URLs are `url`. */
export function subscribe(
  graph: GraphClient,
  emulator: RunningEmulator,
  url: string,
  options: { resource?: string; lifetimeMs?: number; clientState?: string } = {},
) {
  const expiry = emulator.clock.now().getTime() + (options.lifetimeMs ?? 2 * 86_400_000);
  return graph.create({
    resource: options.resource ?? 'users',
    changeType: 'updated',
    notificationUrl: url,
    lifecycleNotificationUrl: url,
    expirationDateTime: new Date(expiry),
    clientState: options.clientState ?? 'test-client-state',
  });
}
