/**
 * A notification URL on 127.0.0.1 that passes Graph's validation handshake: it echoes
 * `validationToken` as text/plain with 200, and accepts anything else with 202.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HandshakeReceiver {
  url: string;
  close(): Promise<void>;
}

export async function startHandshakeReceiver(): Promise<HandshakeReceiver> {
  const server = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get(
      'validationToken',
    );
    if (token === null) {
      response.writeHead(202).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
