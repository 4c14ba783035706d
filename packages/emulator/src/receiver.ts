/**
 * A notification URL for tests and demos: a real HTTP server on 127.0.0.1 that passes Graph's
 * validation handshake (the decoded `validationToken` back as `text/plain` with 200) and accepts
 * every other request with 202, keeping its body. Creating a subscription needs such a URL.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @module
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running {@link startNotificationReceiver}. */
export interface NotificationReceiver {
  /** The notification URL, e.g. `http://127.0.0.1:41234/notifications`. */
  readonly url: string;
  /** The bodies of the requests other than handshakes, as text, in arrival order. */
  readonly bodies: string[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts a receiver on an ephemeral port of 127.0.0.1. */
export async function startNotificationReceiver(): Promise<NotificationReceiver> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get(
      'validationToken',
    );
    if (token !== null) {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(202).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notifications`,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
