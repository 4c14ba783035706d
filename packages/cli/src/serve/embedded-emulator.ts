/**
 * An emulator in this process, with a Graph client signed in as its ready app: what
 * `lifeline serve --emulator` and `lifeline demo` run against.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  type Cloud,
  createGraphClient,
  customCloud,
  type GraphClient,
  type GraphClientOptions,
} from '@lifeline/core';
import { type ClockOptions, type RunningEmulator, startEmulator } from '@lifeline/emulator';
import { clientSecretTokenSource } from '@lifeline/msal';
import { CommandFailure } from '../failure.js';
import { exitCodes } from '../io.js';

/** A running emulator and a Graph client for its ready app. */
export interface EmbeddedEmulator {
  readonly emulator: RunningEmulator;
  readonly cloud: Cloud;
  readonly appId: string;
  readonly graph: GraphClient;
  /** A fresh random clientState for the subscriptions created against it. */
  readonly clientState: string;
}

/**
 * Starts an emulator on a free loopback port and signs in as its ready app with msal.
 *
 * @throws {CommandFailure} (exit 3) when the emulator cannot start.
 */
export async function startEmbeddedEmulator(
  clock: ClockOptions = {},
  client: Omit<GraphClientOptions, 'tokenSource' | 'cloud'> = {},
): Promise<EmbeddedEmulator> {
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ clock });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(`the emulator could not start: ${message}`, exitCodes.unavailable);
  }
  const cloud = customCloud(emulator.cloud);
  const app = emulator.apps.secret;
  const tokenSource = clientSecretTokenSource({
    tenantId: emulator.tenantId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    cloud,
  });
  const graph = createGraphClient({ ...client, tokenSource, cloud });
  const clientState = randomBytes(24).toString('base64url');
  return { emulator, cloud, appId: app.clientId, graph, clientState };
}
