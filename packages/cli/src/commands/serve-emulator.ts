/**
 * The emulator side of `lifeline serve --emulator`: a subscription whose lifecycle URL is the
 * server, and how to make the emulator challenge it.
 *
 * @module
 */
import type { Logger, Subscription } from '@lifeline/core';
import type { CliIo } from '../io.js';
import type { EmbeddedEmulator } from '../serve/embedded-emulator.js';
import type { LifelineServer } from '../serve/server.js';

const dayMs = 86_400_000;

/** Creates a `users` subscription that sends both kinds of notification to the server. */
export function subscribeToEmulator(
  embedded: EmbeddedEmulator,
  url: string,
  clientState: string,
): Promise<Subscription> {
  const now = embedded.emulator.clock.now().getTime();
  return embedded.graph.create({
    resource: 'users',
    changeType: 'updated',
    notificationUrl: url,
    lifecycleNotificationUrl: url,
    expirationDateTime: new Date(now + 2 * dayMs),
    clientState,
  });
}

/** Tells the user where the emulator is and how to send the server a challenge. */
export function announceEmulator(
  io: CliIo,
  logger: Logger,
  pretty: boolean,
  running: { embedded: EmbeddedEmulator; server: LifelineServer; subscription: Subscription },
): void {
  const { emulator } = running.embedded;
  const admin = `${emulator.url}/_emulator`;
  const body = JSON.stringify({
    subscriptionId: running.subscription.id,
    lifecycleEvent: 'reauthorizationRequired',
  });
  logger.info({
    event: 'lifeline.serve.emulator',
    emulatorUrl: emulator.url,
    adminUrl: admin,
    subscriptionId: running.subscription.id,
    resource: running.subscription.resource,
  });
  if (!pretty) return;
  io.stdout.write(
    [
      '',
      `Emulator at ${emulator.url}; subscription ${running.subscription.id} on users sends its`,
      `lifecycle notifications to ${running.server.url}. Challenge it from another shell:`,
      '',
      `  curl -X POST ${admin}/lifecycle -H 'content-type: application/json' \\`,
      `    -d '${body}'`,
      '',
      'Use "subscriptionRemoved" or "missed" as lifecycleEvent for the other events.',
      '',
    ].join('\n'),
  );
}
