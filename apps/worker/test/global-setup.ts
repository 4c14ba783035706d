/**
 * Starts, on the Node side, what the worker talks to over real HTTP: two emulators (one whose
 * clock the renewal test moves) and the relay that stands in for the worker's public URL. Their
 * addresses and the seeded apps' credentials are provided to the workerd tests.
 */
import { type RunningEmulator, startEmulator } from '@lifeline/emulator';
import type { TestProject } from 'vitest/node';
import { startRelay } from './relay.js';
import type { EmulatorFixture } from './vitest-context.js';

export default async function setup(project: TestProject) {
  const relay = await startRelay();
  // No scheduled challenges: every lifecycle notification in these tests is one a test sent.
  const settings = { reauthorization: { scheduled: false } };
  const emulator = await startEmulator({ settings });
  const cronEmulator = await startEmulator({ settings, clock: { frozen: true } });

  project.provide('relayUrl', relay.url);
  project.provide('emulator', fixtureOf(emulator));
  project.provide('cronEmulator', fixtureOf(cronEmulator));
  return async () => {
    await Promise.all([emulator.close(), cronEmulator.close(), relay.close()]);
  };
}

function fixtureOf(emulator: RunningEmulator): EmulatorFixture {
  const secret = emulator.apps.secret;
  const certificate = emulator.apps.certificate?.certificate;
  if (!secret?.clientSecret || !certificate?.privateKeyPem || !emulator.apps.certificate) {
    throw new Error('the emulator did not seed its secret and certificate apps');
  }
  return {
    url: emulator.url,
    tenantId: emulator.tenantId,
    secretApp: { clientId: secret.clientId, clientSecret: secret.clientSecret },
    certificateApp: {
      clientId: emulator.apps.certificate.clientId,
      privateKeyPem: certificate.privateKeyPem,
      thumbprint: certificate.thumbprint,
      thumbprintSha256: certificate.thumbprintSha256,
    },
  };
}
