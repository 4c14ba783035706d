/**
 * Serving the app on Node, and stopping it without losing work: stop accepting requests, then
 * let the lifecycle work that was already acknowledged finish.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { ExampleConfig } from './config.js';

/** A running app. */
export interface RunningApp {
  /** The app's origin, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Stops accepting requests, then waits for the acknowledged lifecycle work. */
  close(): Promise<void>;
}

/** Starts the app on `config.host` and `config.port` (0 for any free port). */
export async function startServer(config: ExampleConfig): Promise<RunningApp> {
  const { app, lifecycle } = createApp(config);
  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve) => {
    const server = serve(
      { fetch: app.fetch, hostname: config.host, port: config.port },
      (info: AddressInfo) => resolve({ server: server as Server, port: info.port }),
    ) as Server;
  });
  return {
    url: `http://${config.host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lifecycle.drain();
    },
  };
}
