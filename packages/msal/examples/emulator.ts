// Lists Graph subscriptions with an app-only token from a client secret. It runs against the
// local emulator; for Microsoft Graph itself, pass your tenant, app and secret and drop `cloud`.
import { createGraphClient, customCloud } from '@lifeline/core';
import { startEmulator } from '@lifeline/emulator';
import { clientSecretTokenSource } from '@lifeline/msal';

const emulator = await startEmulator();
try {
  const cloud = customCloud(emulator.cloud);
  const tokenSource = clientSecretTokenSource({
    tenantId: emulator.tenantId,
    clientId: emulator.apps.secret.clientId,
    clientSecret: emulator.apps.secret.clientSecret,
    cloud,
  });

  const { expiresOn } = await tokenSource({ scopes: [] });
  console.log(`token expires at ${expiresOn?.toISOString()}`);

  const graph = createGraphClient({ tokenSource, cloud });
  const subscriptions = await graph.list();
  console.log(`${subscriptions.length} subscriptions`);
} finally {
  await emulator.close();
}
