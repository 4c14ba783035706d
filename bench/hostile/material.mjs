// Real validation tokens to replay at an endpoint: signed by the emulator's Entra ID keys, but
// expired, or issued for another app, or current and for this app while the items carry the
// wrong clientState. They make forgeries a signature check alone cannot refuse.

import { startNotificationReceiver } from '@lifeline/emulator';
import { emulatorGraph, userIdOf } from '../lib/graph.mjs';
import { waitFor } from '../lib/stats.mjs';

async function captureTokens(emulator, graph, capture, user, { issuedAgoMs = 0 } = {}) {
  const subscription = await graph.create({
    changeType: 'created',
    resource: `users/${userIdOf(user)}/messages`,
    notificationUrl: capture.url,
    lifecycleNotificationUrl: capture.url,
    expirationDateTime: new Date(emulator.state.clock.now().getTime() + 5 * 86_400_000),
    clientState: 'capture-only-client-state',
  });
  const before = capture.bodies.length;
  const now = emulator.state.clock.now();
  if (issuedAgoMs > 0) await emulator.admin.clock.set(new Date(now.getTime() - issuedAgoMs));
  await emulator.admin.lifecycle.send(subscription.id, 'reauthorizationRequired');
  await waitFor(() => capture.bodies.length > before, { timeoutMs: 10_000 });
  if (issuedAgoMs > 0) await emulator.admin.clock.set(now);
  await graph.delete(subscription.id);
  return JSON.parse(capture.bodies.at(-1)).validationTokens ?? [];
}

/** Captures `{ kind, token }` pairs: `expired`, `other-app` and `current` (for this app). */
export async function replayMaterial(emulator) {
  const capture = await startNotificationReceiver();
  try {
    const graph = emulatorGraph(emulator);
    const current = await captureTokens(emulator, graph, capture, 900_001);
    const other = await emulator.admin.apps.register({
      secret: true,
      applicationPermissions: ['Mail.Read'],
    });
    const otherApp = { ...other.credentials };
    const otherGraph = emulatorGraph({ ...emulator, apps: { secret: otherApp } });
    const foreign = await captureTokens(emulator, otherGraph, capture, 900_002);
    // Issued two days ago with Graph's lifetime of about a day: expired now.
    const expired = await captureTokens(emulator, graph, capture, 900_003, {
      issuedAgoMs: 2 * 86_400_000,
    });
    return [
      ...current.map((token) => ({ kind: 'current', token })),
      ...foreign.map((token) => ({ kind: 'other-app', token })),
      ...expired.map((token) => ({ kind: 'expired', token })),
    ];
  } finally {
    await capture.close();
  }
}
